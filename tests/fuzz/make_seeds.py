#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (corpus/<target>/) from the committed fixtures
(tests/fixtures) and a few hand-made inputs (versions, pyprojects, index pages, command lines). Run it again when the fixtures change; its output is
committed. The data target also reads helper/data, and the probe parser target tests/fixtures,
directly (tests/fuzz/CMakeLists.txt)."""
import hashlib
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
SEP = b"\xff"


def write(target, content):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(content).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(content)


def fixture_files(name):
    """Every file of fixture machine `name`, by its path on that machine."""
    root = os.path.join(FIXTURES, name)
    out = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            path = os.path.join(dirpath, f)
            if os.path.isfile(path) and not os.path.islink(path):
                with open(path, "rb") as fh:
                    out["/" + os.path.relpath(path, root)] = fh.read()
    return out


def first(files, suffix):
    for path, content in sorted(files.items()):
        if path.endswith(suffix):
            return content
    return b""


def remove_written():
    """Removes the seeds an earlier run wrote (named by their hash); seeds added by hand, under
    names of their own, stay."""
    corpus = os.path.join(HERE, "corpus")
    for dirpath, _, files in os.walk(corpus):
        for name in files:
            if re.fullmatch(r"[0-9a-f]{16}", name):
                os.remove(os.path.join(dirpath, name))


def main():
    remove_written()
    for a, b in [("2.10.0+rocm7.0", "2.10.0"), ("1!2.0rc1.post2.dev3+local.1", "v1.0A1"), ("2.9.1", "2.10.0.dev20251010"),
                 ("1.0.post1", "1.0-1"), ("0.25.0+rocm7.0", "0.25")]:
        write("pep440_version", a.encode() + SEP + b.encode())
    for spec, version in [(">=2.10,<3", "2.10.0+rocm7.0"), ("~=7.0.1", "7.0.5"), ("==2.10.*", "2.10.1"),
                          ("!=1.0,>=0.9rc1", "1.0rc1"), ("===foo", "foo"), ("<2.11,>=2.10.0a0", "2.10.0a1")]:
        write("pep440_specifier", spec.encode() + SEP + version.encode())
    pyprojects = [
        b"[project]\nname = \"demo\"\nversion = \"1.0\"\n",
        b"[project]\r\nname = \"demo\"\r\n\r\n[project.optional-dependencies]\r\ndev = [\"pytest\"]\r\n",
        b"[project]\nname = \"x\"\n\n# BEGIN gator-rocm extras\nold = 1\n# END gator-rocm extras\n\n[tool.black]\nline-length = 99\n",
        b"[project]\ndescription = \"\"\"\n# BEGIN gator-rocm extras\n\"\"\"\n",
        b"[project]\r",
    ]
    for text in pyprojects:
        for uv in (b"\x00", b"\x01"):
            write("pyproject", uv + text)
    for machine in sorted(os.listdir(FIXTURES)):
        if not os.path.isdir(os.path.join(FIXTURES, machine)):
            continue
        files = fixture_files(machine)
        nodes = sorted(p for p in files if p.endswith("/properties"))
        fields = [
            first(files, "/.info/version"),
            first(files, "/rocm_version.h"),
            files.get(nodes[0], b"") if nodes else b"",
            files.get(nodes[1], b"") if len(nodes) > 1 else b"",
            first(files, "/pyvenv.cfg"),
            next((c for p, c in sorted(files.items()) if "/torch-" in p and p.endswith("/METADATA")), b""),
            first(files, "/torch/version.py"),
            first(files, "/rocminfo"),
            first(files, "/rocm_agent_enumerator"),
            b"",
            b"",
        ]
        write("probe_host", SEP.join(fields))
    write_index_pages()
    for args in [["detect", "--json", "--root", "/srv/image", "--venv=.venv"],
                 ["install", "--dry-run", "transformers", "--extra-index-url=https://x/simple", "--", "-x"],
                 ["constraints", "-oout.txt", "--package", "diffusers", "--package=accelerate", "--vllm"],
                 ["refresh", "--timeout", "0.5", "--probe-timeout=3", "--nightly"],
                 ["version-check", "2.10.0+rocm7.0", ">=2.10,<3"], ["extras", "--help", "--bogus"], ["--version"]]:
        write("command_line", SEP.join(a.encode() for a in args))


def write_index_pages():
    """Project pages as download.pytorch.org (HTML and PEP 691 JSON) and AMD's indexes (flat and
    structured layouts) write them, a METADATA file, and hrefs to resolve (fuzz_index_page.cpp:
    TYPE byte, body, href)."""
    torch = "torch-2.14.0+rocm7.2-cp312-cp312-manylinux_2_28_x86_64.whl"
    amd = "torch-2.14.0+rocm10.1.0-cp312-cp312-manylinux_2_28_x86_64.whl"
    html_pages = [
        '<!DOCTYPE html>\n<html><body><h1>Links for torch</h1>\n'
        f'<a href="../{torch.replace("+", "%2B")}#sha256={"ab" * 32}" data-requires-python="&gt;=3.9" '
        f'data-dist-info-metadata="true" data-core-metadata="true">{torch}</a><br/>\n'
        '<a href="../torch-2.13.0.tar.gz" data-yanked="">torch-2.13.0.tar.gz</a>\n</body></html>\n',
        '<!DOCTYPE html>\n<html>\n  <body>\n    <h1>Links for torch</h1>\n'
        f'    <a href="{amd.replace("+", "%2B")}" data-dist-info-metadata="sha256={"cd" * 32}" '
        f'data-core-metadata="sha256={"cd" * 32}">{amd}</a><br/>\n  </body>\n</html>\n<!--TIMESTAMP 1788000000-->',
        "<html><body><a href='x/'>x</a><a href=y-1.0-py3-none-any.whl>y</a></body></html>",
    ]
    for page in html_pages:
        write("index_page", b"\x01" + SEP + page.encode() + SEP + b"../" + amd.encode())
    json_page = ('{"meta": {"api-version": "1.1"}, "name": "torch", "files": [{"filename": "' + torch + '", "url": "../'
                 + torch + '", "hashes": {"sha256": "' + "ef" * 32 + '"}, "core-metadata": {"sha256": "00"}, "yanked": true}]}')
    write("index_page", b"\x02" + SEP + json_page.encode() + SEP + b"//other.example/x")
    metadata = ("Metadata-Version: 2.1\nName: torch\nVersion: 2.14.0+rocm7.2\nRequires-Dist: filelock\n"
                "Requires-Dist: triton-rocm~=3.8.0; platform_system == \"Linux\"\n\ntorch\n")
    write("index_page", b"\x00" + SEP + metadata.encode() + SEP + b"/whl/./a/../b")
    write("index_page", b"\x00" + SEP + b"triton_rocm-3.8.0-1-cp312-cp312-linux_x86_64-gfx942.whl")


if __name__ == "__main__":
    main()
