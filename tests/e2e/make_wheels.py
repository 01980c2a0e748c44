#!/usr/bin/env python3
"""Builds the local package indexes that the e2e tests install from.

No network: every wheel is made here. A wheel is a zip holding the package's files and a
``<name>-<version>.dist-info`` directory with METADATA, WHEEL and RECORD (sha256 of every file).
All wheels are pure (``py3-none-any``), so they install on any Python 3.

Layout written under OUT (each project page is a PEP 503 "simple" page whose links carry
``#sha256=``)::

    OUT/pytorch/files/*.whl            the torch family (stand-in for download.pytorch.org)
    OUT/pytorch/simple/<project>/      every torch build, all variants together
    OUT/pytorch/whl/<variant>/<project>/  one index per variant, like .../whl/rocm7.0/
    OUT/default/files/*.whl            ML libraries, plain/CUDA torch (stand-in for PyPI)
    OUT/default/simple/<project>/
    OUT/manifest.json                  what was built, for the tests

The PyTorch stand-in: torch 2.3.1+rocm5.7, 2.9.1+rocm6.4, 2.10.0+rocm7.0, 2.11.0+rocm7.2 (the index
the rocm70 extra names), 2.10.0+cu128, each with its torchvision/torchaudio (pinning torch exactly,
local label included) and its triton package (pytorch-triton-rocm up to 2.9, triton-rocm from 2.10).
The PyTorch stand-in's rocm7.14 holds ROCm as wheels (rocm 7.14.0.post1 with its extras, rocm-sdk-core,
rocm-sdk-libraries, rocm-sdk-device-gfx942 7.14.0). The default stand-in: PyPI's placeholder `rocm` and
`rocm-sdk-core` 99.0.0, PyPI's torch 2.10.0/2.11.0 (METADATA without a local label, version.py saying
+cu128/+cu130), and transformers, diffusers, accelerate, huggingface_hub versions inside and outside
each row of the dependency matrix; transformers 5.0.0 requires torch>=2.11 and huggingface_hub>=1.0.

Usage: make_wheels.py OUT
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import re
import shutil
import sys
import tempfile
import urllib.parse
import zipfile
from dataclasses import dataclass, field

# A fixed timestamp: the same inputs give byte-identical wheels.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def normalize(name: str) -> str:
    """PEP 503 project name normalisation."""
    return re.sub(r"[-_.]+", "-", name).lower()


def dist_name(name: str) -> str:
    """The distribution part of a wheel or dist-info name (PEP 427 / binary distribution format)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@dataclass
class Dist:
    name: str                      # as in METADATA: "torch", "huggingface-hub"
    version: str                   # PEP 440, local label included: "2.10.0+rocm7.0"
    index: str                     # "pytorch" or "default"
    variants: list[str] = field(default_factory=list)  # pytorch/whl/<variant>/ indexes holding it
    requires: list[str] = field(default_factory=list)  # Requires-Dist lines
    files: dict[str, str] = field(default_factory=dict)  # path in the wheel -> text
    summary: str = ""
    requires_python: str = ">=3.8"

    @property
    def filename(self) -> str:
        return f"{dist_name(self.name)}-{self.version}-py3-none-any.whl"


def torch_version_py(version: str, *, cuda: str | None, hip: str | None, rocm: str | None,
                     annotated: bool = True) -> str:
    """torch/version.py as torch's build writes it (docs/decisions.md, "torch and the other packages")."""
    git = hashlib.sha1(version.encode()).hexdigest()
    def val(v):
        return "None" if v is None else repr(v)
    if annotated:
        lines = [
            "from typing import Optional",
            "",
            "__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip', 'rocm', 'xpu']",
            f"__version__ = {version!r}",
            "debug = False",
            f"cuda: Optional[str] = {val(cuda)}",
            f"git_version = {git!r}",
            f"hip: Optional[str] = {val(hip)}",
            f"rocm: Optional[str] = {val(rocm)}",
            "xpu: Optional[str] = None",
        ]
    else:  # older builds: no annotations, no rocm/xpu
        lines = [
            "__version__ = " + repr(version),
            "debug = False",
            "cuda = " + val(cuda),
            "git_version = " + repr(git),
            "hip = " + val(hip),
        ]
    return "\n".join(lines) + "\n"


TORCH_INIT = '''"""Stand-in for torch, made by GatorRocm's e2e fixture: metadata only, no tensors."""
from . import version
from .version import __version__

class _Cuda:
    @staticmethod
    def is_available():
        return False

    @staticmethod
    def device_count():
        return 0

cuda = _Cuda()
'''


def torch_dist(version: str, index: str, variants: list[str], *, cuda=None, hip=None, rocm=None,
               triton: str | None = None, annotated=True, metadata_version: str | None = None) -> Dist:
    """A torch wheel. `metadata_version` lets METADATA differ from version.py, as PyPI's builds do."""
    requires = [
        "filelock",
        "typing-extensions>=4.10.0",
    ]
    if triton:
        requires.append(f'{triton}; platform_system == "Linux"')
    return Dist(
        name="torch", version=metadata_version or version, index=index, variants=variants,
        requires=requires, requires_python=">=3.9",
        summary="Tensors and Dynamic neural networks in Python with strong GPU acceleration (e2e stand-in)",
        files={
            "torch/__init__.py": TORCH_INIT,
            "torch/version.py": torch_version_py(version, cuda=cuda, hip=hip, rocm=rocm, annotated=annotated),
        })


def simple_pkg(name: str, version: str, index: str, requires=(), variants=(), summary="") -> Dist:
    module = dist_name(name)
    return Dist(name=name, version=version, index=index, variants=list(variants), requires=list(requires),
                summary=summary or f"{name} (e2e stand-in)",
                files={f"{module}/__init__.py": f"__version__ = {version!r}\n"})


def companion(name: str, version: str, torch_pin: str, variants: list[str], index="pytorch") -> Dist:
    """torchvision/torchaudio: they pin torch exactly, local label included, as real wheels do."""
    return simple_pkg(name, version, index, requires=[f"torch=={torch_pin}"],
                      variants=variants)


def all_dists() -> list[Dist]:
    d: list[Dist] = []
    # --- The PyTorch stand-in: torch family per variant (helper/data/compat.toml; docs/decisions.md). ---
    d.append(torch_dist("2.3.1+rocm5.7", "pytorch", ["rocm5.7"], hip="5.7.31921-d1770ee1b",
                        triton="pytorch-triton-rocm==2.3.1", annotated=False))
    d.append(companion("torchvision", "0.18.1+rocm5.7", "2.3.1+rocm5.7", ["rocm5.7"]))
    d.append(companion("torchaudio", "2.3.1+rocm5.7", "2.3.1+rocm5.7", ["rocm5.7"]))
    d.append(simple_pkg("pytorch-triton-rocm", "2.3.1", "pytorch", variants=["rocm5.7"]))

    d.append(torch_dist("2.9.1+rocm6.4", "pytorch", ["rocm6.4"], hip="6.4.43482-0f2d60242", rocm="6.4.4",
                        triton="pytorch-triton-rocm==3.5.1"))
    d.append(companion("torchvision", "0.24.1+rocm6.4", "2.9.1+rocm6.4", ["rocm6.4"]))
    d.append(companion("torchaudio", "2.9.1+rocm6.4", "2.9.1+rocm6.4", ["rocm6.4"]))
    d.append(simple_pkg("pytorch-triton-rocm", "3.5.1", "pytorch", variants=["rocm6.4"]))

    d.append(torch_dist("2.10.0+rocm7.0", "pytorch", ["rocm7.0"], hip="7.0.51831-a3e329ad8", rocm="7.0.2",
                        triton="triton-rocm==3.6.0"))
    d.append(companion("torchvision", "0.25.0+rocm7.0", "2.10.0+rocm7.0", ["rocm7.0"]))
    d.append(companion("torchaudio", "2.10.0+rocm7.0", "2.10.0+rocm7.0", ["rocm7.0"]))
    d.append(simple_pkg("triton-rocm", "3.6.0", "pytorch", variants=["rocm7.0"]))

    # The index the rocm70 extra names (compat.toml: rocm70 installs from rocm7.2).
    d.append(torch_dist("2.11.0+rocm7.2", "pytorch", ["rocm7.2"], hip="7.2.26015-fc0010cf6", rocm="7.2.0",
                        triton="triton-rocm==3.7.0"))
    d.append(companion("torchvision", "0.26.0+rocm7.2", "2.11.0+rocm7.2", ["rocm7.2"]))
    d.append(companion("torchaudio", "2.11.0+rocm7.2", "2.11.0+rocm7.2", ["rocm7.2"]))
    d.append(simple_pkg("triton-rocm", "3.7.0", "pytorch", variants=["rocm7.2"]))

    d.append(torch_dist("2.10.0+cu128", "pytorch", ["cu128"], cuda="12.8", triton="triton==3.6.0"))
    d.append(companion("torchvision", "0.25.0+cu128", "2.10.0+cu128", ["cu128"]))
    d.append(simple_pkg("triton", "3.6.0", "pytorch", variants=["cu128"]))

    # rocm7.14: ROCm comes as wheels beside torch (facts-2026-12 §2): the `rocm` meta package (republished
    # as 7.14.0.post1), rocm-sdk-core, rocm-sdk-libraries and one device wheel per GPU target.
    d.append(simple_pkg("rocm", "7.14.0.post1", "pytorch", variants=["rocm7.14"],
                        requires=["rocm-sdk-core==7.14.0", 'rocm-sdk-libraries==7.14.0; extra == "libraries"',
                                  'rocm-sdk-device-gfx942==7.14.0; extra == "device-gfx942"']))
    for name in ("rocm-sdk-core", "rocm-sdk-libraries", "rocm-sdk-device-gfx942"):
        d.append(simple_pkg(name, "7.14.0", "pytorch", variants=["rocm7.14"]))

    # The real PyTorch index mirrors torch's own dependencies.
    for name, version in (("filelock", "3.20.0"), ("typing-extensions", "4.15.0")):
        d.append(simple_pkg(name, version, "pytorch", variants=["rocm5.7", "rocm6.4", "rocm7.0", "rocm7.2", "cu128"]))

    # --- The default index (stand-in for PyPI). ---
    # PyPI's torch: METADATA says 2.11.0, version.py says 2.11.0+cu130 (docs/decisions.md, "torch and the other packages").
    d.append(torch_dist("2.10.0+cu128", "default", [], cuda="12.8", triton="triton==3.6.0",
                        metadata_version="2.10.0"))
    d.append(torch_dist("2.11.0+cu130", "default", [], cuda="13.0", triton="triton==3.7.0",
                        metadata_version="2.11.0"))
    d.append(simple_pkg("torchvision", "0.25.0", "default", requires=["torch==2.10.0"]))
    d.append(simple_pkg("torchvision", "0.26.0", "default", requires=["torch==2.11.0"]))
    d.append(simple_pkg("torchaudio", "2.10.0", "default", requires=["torch==2.10.0"]))
    d.append(simple_pkg("torchaudio", "2.11.0", "default", requires=["torch==2.11.0"]))
    d.append(simple_pkg("triton", "3.6.0", "default"))
    d.append(simple_pkg("triton", "3.7.0", "default"))
    for name, version in (("filelock", "3.20.0"), ("typing-extensions", "4.15.0")):
        d.append(simple_pkg(name, version, "default"))
    # PyPI holds unrelated placeholder projects under ROCm's wheel names (facts-2026-12 §2), at versions
    # pip would prefer.
    for name in ("rocm", "rocm-sdk-core"):
        d.append(simple_pkg(name, "99.0.0", "default", summary="an unrelated placeholder project"))

    # ML libraries: versions inside and outside each matrix row (helper/data/compat.toml, [[deps]]); the newest ones
    # require a newer torch or hub, as real releases do.
    hub = [("0.20.3", []), ("0.24.7", []), ("0.29.3", []), ("0.36.0", []), ("1.1.0", [])]
    for v, req in hub:
        d.append(simple_pkg("huggingface-hub", v, "default", requires=["filelock"] + req))
    transformers = [
        ("4.40.2", ["huggingface-hub<1.0,>=0.19.3"]),
        ("4.44.2", ["huggingface-hub<1.0,>=0.23.2"]),
        ("4.49.0", ["huggingface-hub<1.0,>=0.26.0"]),
        ("4.57.1", ["huggingface-hub<1.0,>=0.34.0"]),
        ("5.0.0", ["huggingface-hub<2.0,>=1.0.0", "torch>=2.11"]),
    ]
    for v, req in transformers:
        d.append(simple_pkg("transformers", v, "default", requires=["filelock"] + req))
    diffusers = [
        ("0.27.2", ["huggingface-hub>=0.20.2"]),
        ("0.30.3", ["huggingface-hub>=0.23.2"]),
        ("0.34.0", ["huggingface-hub>=0.27.0"]),
        ("0.35.2", ["huggingface-hub>=0.34.0"]),
        ("0.36.0", ["huggingface-hub<2.0,>=0.34.0"]),
    ]
    for v, req in diffusers:
        d.append(simple_pkg("diffusers", v, "default", requires=["filelock"] + req))
    accelerate = [
        ("0.28.0", ["torch>=1.10.0", "huggingface-hub"]),
        ("0.33.0", ["torch>=1.10.0", "huggingface-hub>=0.21.0"]),
        ("0.34.2", ["torch>=1.10.0", "huggingface-hub>=0.21.0"]),
        ("1.10.1", ["torch>=2.0.0", "huggingface-hub>=0.21.0"]),
        ("1.12.0", ["torch>=2.0.0", "huggingface-hub>=0.21.0"]),
    ]
    for v, req in accelerate:
        d.append(simple_pkg("accelerate", v, "default", requires=req))
    return d


def metadata_text(dist: Dist) -> str:
    lines = ["Metadata-Version: 2.1", f"Name: {dist.name}", f"Version: {dist.version}",
             f"Summary: {dist.summary}", f"Requires-Python: {dist.requires_python}"]
    extras = sorted({m.group(1) for r in dist.requires for m in [re.search(r'extra == "([^"]+)"', r)] if m})
    lines += [f"Provides-Extra: {e}" for e in extras]
    lines += [f"Requires-Dist: {r}" for r in dist.requires]
    return "\n".join(lines) + "\n\n" + f"{dist.name} {dist.version}: a stand-in made by GatorRocm's e2e tests.\n"


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(dist: Dist) -> bytes:
    info = f"{dist_name(dist.name)}-{dist.version}.dist-info"
    files = dict(dist.files)
    files[f"{info}/METADATA"] = metadata_text(dist)
    files[f"{info}/WHEEL"] = ("Wheel-Version: 1.0\nGenerator: gator-rocm-e2e (make_wheels.py)\n"
                              "Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{info}/top_level.txt"] = sorted({p.split("/")[0] for p in dist.files})[0] + "\n"
    record = []
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, text in files.items():
            data = text.encode()
            zi = zipfile.ZipInfo(path, ZIP_DATE)
            zi.external_attr = 0o644 << 16
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, data)
            record.append(f"{path},{record_hash(data)},{len(data)}")
        record.append(f"{info}/RECORD,,")
        zi = zipfile.ZipInfo(f"{info}/RECORD", ZIP_DATE)
        zi.external_attr = 0o644 << 16
        zi.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(zi, "\n".join(record) + "\n")
    return buf.getvalue()


def write_simple(root: str, files_rel: str, entries: dict[str, list[tuple[str, str, str]]]) -> None:
    """PEP 503 pages under `root`: root/index.html and root/<project>/index.html.

    entries: project -> [(filename, sha256 hex, requires_python)]; `files_rel` is the path from a
    project page to the wheel directory."""
    os.makedirs(root, exist_ok=True)
    projects = sorted(entries)
    with open(os.path.join(root, "index.html"), "w") as f:
        f.write("<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
                "<title>Simple index</title></head><body>\n")
        for p in projects:
            f.write(f'<a href="{p}/">{p}</a><br/>\n')
        f.write("</body></html>\n")
    for p in projects:
        os.makedirs(os.path.join(root, p), exist_ok=True)
        with open(os.path.join(root, p, "index.html"), "w") as f:
            f.write("<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
                    f"<title>Links for {p}</title></head><body>\n<h1>Links for {p}</h1>\n")
            for filename, sha, rp in sorted(entries[p]):
                href = f"{files_rel}/{urllib.parse.quote(filename)}#sha256={sha}"
                f.write(f'<a href="{html.escape(href)}" data-requires-python="{html.escape(rp)}">'
                        f"{html.escape(filename)}</a><br/>\n")
            f.write("</body></html>\n")


def build(out: str) -> dict:
    dists = all_dists()
    # Build into a temporary sibling and rename, so a half-built tree is never seen by the tests.
    parent = os.path.dirname(os.path.abspath(out)) or "."
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".wheels-", dir=parent)
    simple: dict[str, dict[str, list]] = {}
    manifest = {"wheels": []}
    for dist in dists:
        data = build_wheel(dist)
        sha = hashlib.sha256(data).hexdigest()
        fdir = os.path.join(tmp, dist.index, "files")
        os.makedirs(fdir, exist_ok=True)
        with open(os.path.join(fdir, dist.filename), "wb") as f:
            f.write(data)
        entry = (dist.filename, sha, dist.requires_python)
        proj = normalize(dist.name)
        roots = [f"{dist.index}/simple"] + [f"pytorch/whl/{v}" for v in dist.variants]
        for r in roots:
            simple.setdefault(r, {}).setdefault(proj, []).append(entry)
        manifest["wheels"].append({"name": dist.name, "version": dist.version, "index": dist.index,
                                   "variants": dist.variants, "file": f"{dist.index}/files/{dist.filename}",
                                   "sha256": sha, "requires": dist.requires})
    for r, entries in simple.items():
        # <index>/simple/<project>/ -> ../../files ; pytorch/whl/<variant>/<project>/ -> ../../../files
        depth = r.count("/") + 1
        write_simple(os.path.join(tmp, r), "/".join([".."] * depth) + "/files", entries)
    with open(os.path.join(tmp, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    if os.path.exists(out):
        shutil.rmtree(out)
    os.rename(tmp, out)
    return manifest


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    manifest = build(argv[1])
    print(f"make_wheels: {len(manifest['wheels'])} wheels in {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
