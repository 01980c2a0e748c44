#!/usr/bin/env python3
"""GatorRocm's outputs, consumed by the real pip (and uv where installed) against local indexes.

    test_pip.py --helper BUILD/helper/gator-rocm --wheels BUILD/tests/e2e/wheels [Class[.test] ...]

Exit status: 0 passed, 1 failed, 125 skipped (no python3-venv / pip / uv), as CTest expects.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shlex
import shutil
import sys
try:
    import tomllib  # Python 3.11+: the extras tests and the in-project build backend read TOML with it
except ImportError:  # pragma: no cover
    tomllib = None
import unittest
import urllib.parse
import urllib.request
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import e2e_lib as lib  # noqa: E402
from e2e_lib import LIBRARIES, E2ECase, Venv, describe, gator, parse_requirement_lines, specifier_contains  # noqa: E402

# The host every test pretends to be: ROCm 7.0.2 with an MI300X (rocm7.0 index, matrix row 2.10+).
HOST = ["--rocm", "7.0.2", "--gpu-arch", "gfx942"]
ROW_210 = {"transformers": ">=4.45.0", "diffusers": ">=0.31.0", "accelerate": ">=0.34.0",
           "huggingface-hub": ">=0.25.0"}
ROW_23 = {"transformers": ">=4.41.0,<4.50.0", "diffusers": ">=0.28.0,<0.35.0", "accelerate": ">=0.29.0,<0.35.0",
          "huggingface-hub": ">=0.23.0,<0.30.0"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def doctor_fixes(output: str) -> list[list[str]]:
    """The commands doctor prints after "fix:" (a fix may chain several with &&), as argument vectors."""
    commands = []
    for line in output.splitlines():
        if line.strip().startswith("fix:"):
            words = shlex.split(line.split("fix:", 1)[1])
            while "&&" in words:
                commands.append(words[:words.index("&&")])
                words = words[words.index("&&") + 1:]
            commands.append(words)
    return commands


def apply_doctor_fixes(case: E2ECase, v: Venv, output: str) -> None:
    """Runs doctor's fix commands as a user would: they must run the inspected venv's own pip (doctor was
    given --venv); the stand-ins replace the real indexes (no index named: the default one)."""
    fixes = doctor_fixes(output)
    case.assertTrue(fixes, "doctor printed no fix command:\n" + output)
    venv_bin = os.path.join(v.path, "bin") + os.sep
    for argv in fixes:
        case.assertTrue(argv[0].startswith(venv_bin) and argv[1:3] == ["-m", "pip"], argv)
        argv = [a.replace("https://download.pytorch.org/whl/", case.server.url("pytorch/whl/")) for a in argv]
        if not any(a == "--index-url" or a.startswith("--index-url=") for a in argv):
            argv += ["--index-url", case.default_url()]
        case.assertOk(lib.run(argv), "doctor's fix")


class Index(E2ECase):
    """The fixture itself: valid wheels, PEP 503 pages with the right hashes, pip can use them."""

    def test_wheels_are_valid(self):
        with open(os.path.join(lib.WHEELS, "manifest.json")) as f:
            manifest = json.load(f)
        self.assertGreaterEqual(len(manifest["wheels"]), 40)
        for w in manifest["wheels"]:
            path = os.path.join(lib.WHEELS, w["file"])
            with self.subTest(wheel=w["file"]):
                with open(path, "rb") as f:
                    self.assertEqual(hashlib.sha256(f.read()).hexdigest(), w["sha256"])
                with zipfile.ZipFile(path) as z:
                    names = z.namelist()
                    info = [n for n in names if n.endswith(".dist-info/RECORD")]
                    self.assertEqual(len(info), 1, names)
                    prefix = info[0][: -len("RECORD")]
                    meta = z.read(prefix + "METADATA").decode()
                    self.assertIn(f"\nVersion: {w['version']}\n", meta)
                    self.assertIn("Tag: py3-none-any", z.read(prefix + "WHEEL").decode())
                    listed = set()
                    for line in z.read(info[0]).decode().splitlines():
                        fname, digest, size = line.rsplit(",", 2)
                        listed.add(fname)
                        if fname == info[0]:
                            continue
                        data = z.read(fname)
                        want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
                        self.assertEqual(digest, want, fname)
                        self.assertEqual(int(size), len(data), fname)
                    self.assertEqual(listed, set(names))

    def test_simple_pages_link_with_sha256(self):
        page = urllib.request.urlopen(self.pytorch_url("rocm7.0") + "torch/", timeout=10).read().decode()
        links = re.findall(r'href="([^"]+)"', page)
        self.assertEqual(len(links), 1, page)
        href, _, frag = links[0].partition("#sha256=")
        url = urllib.parse.urljoin(self.pytorch_url("rocm7.0") + "torch/", href.replace("&amp;", "&"))
        data = urllib.request.urlopen(url, timeout=10).read()
        self.assertEqual(hashlib.sha256(data).hexdigest(), frag)
        # The default stand-in holds PyPI's torch, not the ROCm builds.
        page = urllib.request.urlopen(self.default_url() + "torch/", timeout=10).read().decode()
        self.assertIn("torch-2.11.0-py3-none-any.whl", page)
        self.assertNotIn("rocm", page)

    def test_pip_installs_the_rocm_torch_family(self):
        v = self.venv()
        self.install_torch(v, "rocm7.0")
        got = v.installed()
        self.assertEqual(got["torch"], "2.10.0+rocm7.0")
        self.assertEqual(got["torchvision"], "0.25.0+rocm7.0")
        self.assertEqual(got["triton-rocm"], "3.6.0")  # torch's Requires-Dist, from the same index
        vp = v.torch_version_py()
        self.assertEqual(vp["__version__"], "2.10.0+rocm7.0")
        self.assertIsNone(vp["cuda"])
        self.assertTrue(vp["hip"])
        p = lib.run([v.python, "-c", "import torch; print(torch.__version__, torch.version.hip)"])
        self.assertEqual(p.stdout.split()[0], "2.10.0+rocm7.0", describe(p))

    def test_detect_reads_the_venv(self):
        v = self.venv()
        self.install_torch(v, "rocm7.0")
        p = gator("detect", "--json", "--venv", v.path, *HOST)
        self.assertEqual(p.returncode, 0, describe(p))
        d = json.loads(p.stdout)
        self.assertEqual(d["torch"]["version"], "2.10.0+rocm7.0")
        self.assertTrue(d["torch"]["is_rocm_build"])
        self.assertEqual(d["torch"]["rocm_build_version"], "7.0.51831-a3e329ad8")
        self.assertEqual(d["packages"].get("torchvision"), "0.25.0+rocm7.0")
        self.assertEqual(d["plan"]["pins"].get("torch"), "==2.10.0+rocm7.0")

    def test_detect_sees_pypi_torch_as_cuda(self):
        # docs/decisions.md ("torch and the other packages"): PyPI's torch says 2.11.0 in METADATA and 2.11.0+cu130 in version.py.
        v = self.venv()
        self.assertOk(v.pip("install", "torch", "--index-url", self.default_url()))
        self.assertEqual(v.installed()["torch"], "2.11.0")
        p = gator("detect", "--json", "--venv", v.path, *HOST)
        self.assertEqual(p.returncode, 0, describe(p))
        t = json.loads(p.stdout)["torch"]
        self.assertEqual(t["version"], "2.11.0+cu130")
        self.assertFalse(t["is_rocm_build"])
        self.assertEqual(t["cuda_version"], "13.0")


class Constraints(E2ECase):
    """`pip install -c constraints.txt` with the file the helper writes."""

    def rocm_venv(self, variant="rocm7.0"):
        v = self.venv()
        self.install_torch(v, variant)
        return v

    def write_constraints(self, *args: str) -> str:
        path = os.path.join(self.tmp, "constraints.txt")
        p = gator("constraints", "-o", path, *args)
        self.assertEqual(p.returncode, 0, describe(p))
        with open(path) as f:
            text = f.read()
        return path, text

    def assert_row(self, installed: dict, row: dict):
        for name, spec in row.items():
            self.assertIn(name, installed)
            self.assertTrue(specifier_contains(spec, installed[name]), f"{name} {installed[name]} is outside {spec}")

    def test_without_constraints_pip_replaces_the_rocm_torch(self):
        # The problem GatorRocm exists for: transformers 5 wants torch>=2.11, and the default index has
        # one (a CUDA build), so pip swaps the ROCm torch out.
        v = self.rocm_venv()
        p = v.pip("install", *LIBRARIES, "--index-url", self.default_url())
        self.assertOk(p, "pip install without constraints")
        got = v.installed()
        self.assertEqual(got["torch"], "2.11.0")
        self.assertEqual(got["transformers"], "5.0.0")
        vp = v.torch_version_py()
        self.assertEqual(vp["__version__"], "2.11.0+cu130")
        self.assertIsNone(vp["hip"])
        self.assertIn("Uninstalling torch-2.10.0+rocm7.0", p.stdout)
        # doctor sees it: a CUDA torch on a ROCm host.
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 1, describe(d))

    # transformers 5.0.0 came with the CUDA torch and needs torch>=2.11: the fix must bring it back too.
    def test_doctor_fix_after_the_swap_gives_a_consistent_venv(self):
        v = self.rocm_venv()
        self.assertOk(v.pip("install", *LIBRARIES, "--index-url", self.default_url()))
        self.assertEqual(v.installed()["torch"], "2.11.0")
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 1, describe(d))
        apply_doctor_fixes(self, v, d.stdout)
        self.assertEqual(v.installed()["torch"], "2.10.0+rocm7.0")
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 0, describe(d))
        # What pip itself says of the result: every installed requirement holds.
        self.assertOk(lib.run([v.python, "-m", "pip", "check"]), "pip check after doctor's fix")

    def test_constraints_keep_the_rocm_torch_and_pick_the_row(self):
        v = self.rocm_venv()
        path, text = self.write_constraints(*HOST, "--torch", "2.10.0+rocm7.0")
        lines = parse_requirement_lines(text)
        self.assertEqual(lines.get("torch"), "==2.10.0+rocm7.0", text)
        self.assertEqual(lines.get("torchvision"), "==0.25.0+rocm7.0", text)
        for name, spec in ROW_210.items():
            self.assertEqual(lines.get(name), spec, text)
        # Detection from the venv gives the same lines as --torch, and pins the installed triton too.
        p = gator("constraints", "--venv", v.path, *HOST)
        self.assertEqual(p.returncode, 0, describe(p))
        detected = parse_requirement_lines(p.stdout)
        self.assertEqual({k: detected.get(k) for k in lines}, lines, p.stdout)
        self.assertEqual({k: detected[k] for k in detected if k not in lines}, {"triton-rocm": "==3.6.0"}, p.stdout)

        p = v.pip("install", "-c", path, *LIBRARIES, "--index-url", self.default_url())
        self.assertOk(p, "pip install -c constraints.txt")
        got = v.installed()
        self.assertEqual(got["torch"], "2.10.0+rocm7.0")
        self.assertEqual(v.torch_version_py()["__version__"], "2.10.0+rocm7.0")
        self.assertNotIn("Uninstalling torch", p.stdout)
        self.assert_row(got, ROW_210)
        # The newest that fits: transformers 5.0.0 needs torch>=2.11, so 4.57.1; hub <1.0 for it.
        self.assertEqual(got["transformers"], "4.57.1")
        self.assertEqual(got["huggingface-hub"], "0.36.0")
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 0, describe(d))

    def test_upgrades_that_break_the_pins_are_refused(self):
        v = self.rocm_venv()
        path, _ = self.write_constraints(*HOST, "--torch", "2.10.0+rocm7.0")
        for req in ("transformers==5.0.0", "torch==2.11.0", "torchvision==0.26.0"):
            with self.subTest(req=req):
                p = v.pip("install", "-c", path, req, "--index-url", self.default_url(),
                          "--extra-index-url", self.pytorch_url("rocm7.0"))
                self.assertNotEqual(p.returncode, 0, describe(p))
                self.assertRegex(p.stdout + p.stderr, r"ResolutionImpossible|conflict|No matching distribution")
        self.assertEqual(v.installed()["torch"], "2.10.0+rocm7.0")

    def test_the_torch_23_row_caps_the_libraries(self):
        # ROCm 5.7 host with torch 2.3.1: the row has upper bounds, and pip stays under them.
        v = self.rocm_venv("rocm5.7")
        path, text = self.write_constraints("--rocm", "5.7.1", "--gpu-arch", "gfx90a", "--torch", "2.3.1+rocm5.7")
        self.assertEqual(parse_requirement_lines(text).get("torch"), "==2.3.1+rocm5.7", text)
        p = v.pip("install", "-c", path, *LIBRARIES, "--index-url", self.default_url())
        self.assertOk(p, "pip install -c constraints.txt (torch 2.3)")
        got = v.installed()
        self.assertEqual(got["torch"], "2.3.1+rocm5.7")
        self.assert_row(got, ROW_23)
        self.assertEqual((got["transformers"], got["diffusers"], got["accelerate"], got["huggingface-hub"]),
                         ("4.49.0", "0.34.0", "0.34.2", "0.29.3"))


# A PEP 517 backend kept inside the throwaway project (backend-path), so that building it needs nothing
# from an index: it turns [project] (dependencies, optional-dependencies) into a wheel's METADATA.
BACKEND = r'''
import base64, hashlib, io, os, tomllib, zipfile

def _project():
    with open("pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]

def _metadata(p):
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + p["version"]]
    lines += ["Requires-Dist: " + r for r in p.get("dependencies", [])]
    for extra, reqs in p.get("optional-dependencies", {}).items():
        lines.append("Provides-Extra: " + extra)
        for r in reqs:
            req, _, marker = r.partition(";")
            cond = 'extra == "%s"' % extra
            if marker.strip():
                cond = "(%s) and %s" % (marker.strip(), cond)
            lines.append("Requires-Dist: %s; %s" % (req.strip(), cond))
    return "\n".join(lines) + "\n"

def _build(wheel_directory):
    p = _project()
    dist = p["name"].replace("-", "_")
    info = "%s-%s.dist-info" % (dist, p["version"])
    files = {dist + "/__init__.py": "", info + "/METADATA": _metadata(p),
             info + "/WHEEL": "Wheel-Version: 1.0\nGenerator: e2e\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    name = "%s-%s-py3-none-any.whl" % (dist, p["version"])
    record = []
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as z:
        for path, text in files.items():
            data = text.encode()
            z.writestr(path, data)
            h = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            record.append("%s,sha256=%s,%d" % (path, h, len(data)))
        record.append(info + "/RECORD,,")
        z.writestr(info + "/RECORD", "\n".join(record) + "\n")
    return name

def get_requires_for_build_wheel(config_settings=None):
    return []

def get_requires_for_build_editable(config_settings=None):
    return []

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory)

def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _build(wheel_directory)
'''

PYPROJECT_HEAD = '''[build-system]
requires = []
build-backend = "e2e_backend"
backend-path = ["_backend"]

[project]
name = "gator-e2e-app"
version = "0.1.0"
requires-python = ">=3.9"
dependencies = []
'''
PYPROJECT_TAIL = '''
[tool.e2e]
kept = "byte for byte"
'''


class RocmWheels(E2ECase):
    """ROCm as wheels (rocm7.14): the constraints pin every installed ROCm wheel, so PyPI's unrelated
    placeholder projects of the same names (higher versions) cannot replace them."""

    HOST_714 = ["--rocm", "7.14.0", "--gpu-arch", "gfx942"]

    def rocm_wheels_venv(self) -> Venv:
        v = self.venv()
        self.assertOk(v.pip("install", "rocm[libraries,device-gfx942]==7.14.*", "--index-url",
                            self.pytorch_url("rocm7.14")), "pip install the ROCm wheels")
        got = v.installed()
        self.assertEqual((got["rocm"], got["rocm-sdk-core"], got["rocm-sdk-device-gfx942"]),
                         ("7.14.0.post1", "7.14.0", "7.14.0"))
        return v

    def test_without_constraints_the_placeholder_replaces_rocm_sdk_core(self):
        # The trap itself, so that the test below shows something: pip prefers the default index's 99.0.0.
        v = self.rocm_wheels_venv()
        self.assertOk(v.pip("install", "--upgrade", "rocm-sdk-core", "--index-url", self.default_url()))
        self.assertEqual(v.installed()["rocm-sdk-core"], "99.0.0")

    def test_constraints_keep_the_installed_rocm_wheels(self):
        v = self.rocm_wheels_venv()
        path = os.path.join(self.tmp, "constraints.txt")
        p = gator("constraints", "-o", path, "--venv", v.path, *self.HOST_714)
        self.assertEqual(p.returncode, 0, describe(p))
        with open(path) as f:
            lines = parse_requirement_lines(f.read())
        self.assertEqual(lines.get("rocm-sdk-core"), "==7.14.0", lines)
        self.assertEqual(lines.get("rocm"), "==7.14.0.post1", lines)
        p = v.pip("install", "-c", path, "--upgrade", "rocm-sdk-core", "rocm", "--index-url", self.default_url())
        self.assertOk(p, "pip install -c constraints.txt --upgrade rocm-sdk-core rocm")
        got = v.installed()
        self.assertEqual(got["rocm-sdk-core"], "7.14.0")
        self.assertEqual(got["rocm"], "7.14.0.post1")


class Extras(E2ECase):
    """A project whose pyproject got the generated extras, installed with `pip install '.[rocmXY]'`."""

    def setUp(self):
        if tomllib is None:
            self.skipTest("needs Python 3.11+ (tomllib) for the project's build backend")
        super().setUp()

    def make_project(self, *extras_args: str) -> tuple[str, str]:
        proj = os.path.join(self.tmp, "app")
        os.makedirs(os.path.join(proj, "_backend"))
        with open(os.path.join(proj, "_backend", "e2e_backend.py"), "w") as f:
            f.write(BACKEND)
        before = PYPROJECT_HEAD + "\n# BEGIN gator-rocm extras\n# END gator-rocm extras\n" + PYPROJECT_TAIL
        with open(os.path.join(proj, "pyproject.toml"), "w") as f:
            f.write(before)
        p = gator("extras", "--update", "pyproject.toml", *extras_args, cwd=proj)
        self.assertEqual(p.returncode, 0, describe(p))
        with open(os.path.join(proj, "pyproject.toml")) as f:
            after = f.read()
        # Only the block between the markers changed.
        self.assertTrue(after.startswith(PYPROJECT_HEAD + "\n# BEGIN gator-rocm extras\n"), after)
        self.assertTrue(after.endswith("# END gator-rocm extras\n" + PYPROJECT_TAIL), after)
        return proj, after

    @staticmethod
    def extra_index(pyproject: str, extra: str) -> str:
        """The index variant named in the comment above an extra ("rocm7.2")."""
        block = pyproject.split(f"\n{extra} = [", 1)[0].rsplit("\n\n", 1)[-1]
        found = re.findall(r"download\.pytorch\.org/whl/([^/\s]+)/", block)
        if not found:
            raise AssertionError(f"no index URL in the comment of extra {extra}:\n{pyproject}")
        return found[-1]

    def test_extras_resolve_against_both_indexes(self):
        proj, text = self.make_project()
        extras = tomllib.loads(text)["project"]["optional-dependencies"]
        self.assertEqual(sorted(extras), ["rocm57", "rocm65", "rocm70"])
        expect = {  # extra -> (torch from the PyTorch stand-in, the matrix row it must land in)
            "rocm57": ("2.3.1+rocm5.7", ROW_23),
            "rocm65": ("2.9.1+rocm6.4", {"transformers": ">=4.43.0", "diffusers": ">=0.29.0",
                                         "accelerate": ">=0.30.0", "huggingface-hub": ">=0.24.0"}),
            "rocm70": ("2.11.0+rocm7.2", ROW_210),
        }
        for extra, (torch, row) in expect.items():
            with self.subTest(extra=extra):
                variant = self.extra_index(text, extra)
                v = self.venv(f"venv-{extra}")
                p = v.pip("install", f".[{extra}]", "--index-url", self.default_url(),
                          "--extra-index-url", self.pytorch_url(variant), cwd=proj)
                self.assertOk(p, f"pip install .[{extra}]")
                got = v.installed()
                self.assertEqual(got["gator-e2e-app"], "0.1.0")
                self.assertEqual(got["torch"], torch)
                self.assertTrue(v.torch_version_py()["hip"], "a ROCm build of torch")
                for name, spec in row.items():
                    self.assertTrue(specifier_contains(spec, got[name]), f"{extra}: {name} {got[name]} not in {spec}")
                # Every requirement of the extra holds for what was installed.
                for name, spec in parse_requirement_lines("\n".join(extras[extra])).items():
                    if spec:
                        self.assertTrue(specifier_contains(spec, got[name]), f"{extra}: {name} {got[name]} not in {spec}")

    def test_update_is_idempotent(self):
        proj, text = self.make_project()
        p = gator("extras", "--update", "pyproject.toml", cwd=proj)
        self.assertEqual(p.returncode, 0, describe(p))
        with open(os.path.join(proj, "pyproject.toml")) as f:
            self.assertEqual(f.read(), text)


class Install(E2ECase):
    """`gator-rocm install`: torch family from the (mirrored) PyTorch index, then the libraries."""

    def install_args(self, v: Venv, variant="rocm7.0") -> list[str]:
        return ["install", "--python", v.python, *HOST, "--index-url", self.pytorch_url(variant),
                "--default-index-url", self.default_url()]

    def test_dry_run_prints_the_commands_and_installs_nothing(self):
        v = self.venv()
        extra = self.server.url("extra/simple/")
        p = gator(*self.install_args(v), "--extra-index-url", extra, "--dry-run")
        self.assertEqual(p.returncode, 0, describe(p))
        commands = [line for line in p.stdout.splitlines() if line and not line.startswith("#")]
        self.assertEqual(len(commands), 3, p.stdout)
        # Between the pip steps, the script writes the constraints that step 3 reads.
        pin = shlex.split(commands.pop(1))
        self.assertEqual(pin[1:4], ["constraints", "-o", "constraints.txt"], pin)
        self.assertIn(f"-c {pin[3]} ", commands[1])
        self.assertTrue(commands[0].startswith(f"{v.python} -m pip install torch torchvision"), commands[0])
        self.assertIn(f"--index-url {self.pytorch_url('rocm7.0')}", commands[0])
        self.assertNotIn(self.default_url(), commands[0])
        self.assertRegex(commands[1], rf"^{re.escape(v.python)} -m pip install -c \S+ ")
        self.assertIn(f"--index-url {self.default_url()}", commands[1])
        # Extra indexes reach step 2 only: on step 1 they could offer a newer CUDA torch.
        self.assertNotIn(extra, commands[0])
        self.assertIn(f"--extra-index-url {extra}", commands[1])
        for lib_name in LIBRARIES:
            self.assertIn(lib_name, commands[1])
        self.assertNotIn("torch", v.installed())

    def test_install_then_doctor_good_and_broken(self):
        v = self.venv()
        p = gator(*self.install_args(v))
        self.assertEqual(p.returncode, 0, describe(p))
        # Each step's command is shown before pip's output.
        err = p.stderr
        i1 = err.find(f"+ {v.python} -m pip install torch torchvision")
        i2 = err.find(f"+ {v.python} -m pip install -c ")
        self.assertGreaterEqual(i1, 0, err)
        self.assertGreater(i2, i1, err)
        self.assertIn("Successfully installed", p.stdout + p.stderr)
        got = v.installed()
        self.assertEqual(got["torch"], "2.10.0+rocm7.0")
        self.assertEqual(got["torchvision"], "0.25.0+rocm7.0")
        for name, spec in ROW_210.items():
            self.assertTrue(specifier_contains(spec, got[name]), f"{name} {got[name]} not in {spec}")
        self.assertEqual(got["transformers"], "4.57.1")

        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 0, describe(d))
        d = gator("doctor", "--site-packages", v.site_packages(), *HOST)
        self.assertEqual(d.returncode, 0, describe(d))

        # Broken by hand: a plain pip install of a transformers outside the row (>=4.45.0).
        self.assertOk(v.pip("install", "transformers==4.40.2", "--index-url", self.default_url()))
        self.assertEqual(v.installed()["transformers"], "4.40.2")
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 1, describe(d))
        self.assertIn("transformers", d.stdout)
        self.assertIn("4.40.2", d.stdout)
        # Its fix, run as printed, puts the venv back in the row and keeps the ROCm torch.
        apply_doctor_fixes(self, v, d.stdout)
        got = v.installed()
        self.assertEqual(got["torch"], "2.10.0+rocm7.0")
        self.assertEqual(got["transformers"], "4.57.1")
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 0, describe(d))
        self.assertOk(lib.run([v.python, "-m", "pip", "check"]), "pip check")

    # --venv names the environment to inspect; install should then run that venv's pip, not the pip3
    # first on PATH (which may belong to another Python). Dry run only: a real run would touch that pip3.
    def test_dry_run_with_venv_uses_the_venvs_python(self):
        v = self.venv()
        p = gator("install", "--venv", v.path, *HOST, "--dry-run")
        self.assertEqual(p.returncode, 0, describe(p))
        commands = [line for line in p.stdout.splitlines() if " -m pip " in line]
        self.assertEqual(len(commands), 2, p.stdout)
        for c in commands:
            self.assertRegex(c, "^" + re.escape(os.path.join(v.path, "bin", "python")) + r"3? -m pip install ")

    def cuda_venv(self) -> Venv:
        """A venv where a plain `pip install torch` took PyPI's CUDA build."""
        v = self.venv()
        self.assertOk(v.pip("install", "torch", "--index-url", self.default_url()))
        self.assertEqual(v.torch_version_py()["__version__"], "2.11.0+cu130")
        return v

    def test_install_replaces_a_cuda_torch(self):
        v = self.cuda_venv()
        p = gator(*self.install_args(v))
        self.assertEqual(p.returncode, 0, describe(p))
        self.assertEqual(v.torch_version_py()["__version__"], "2.10.0+rocm7.0")
        d = gator("doctor", "--venv", v.path, *HOST)
        self.assertEqual(d.returncode, 0, describe(d))

    # The installed CUDA torch satisfies a plain `torch`: step 1 must force the ROCm build in, or step 2's
    # torch==2.10.* would let pip take PyPI's CUDA 2.10.0.
    def test_install_replaces_a_cuda_torch_without_torchvision(self):
        v = self.cuda_venv()
        p = gator(*self.install_args(v), "--no-torchvision")
        self.assertEqual(p.returncode, 0, describe(p))
        self.assertEqual(v.torch_version_py()["__version__"], "2.10.0+rocm7.0")

    def test_pip_failure_stops_the_install_with_its_status(self):
        v = self.venv()
        # Step 1 from an index without torch: pip fails (status 1), step 2 never runs.
        p = gator("install", "--python", v.python, *HOST, "--index-url", self.server.url("default/nothing/"),
                  "--default-index-url", self.default_url())
        self.assertEqual(p.returncode, 1, describe(p))
        self.assertIn("step 1/2", p.stderr)
        self.assertIn("exited with status 1", p.stderr)
        self.assertNotIn(" -m pip install -c ", p.stderr)
        self.assertEqual({k for k in v.installed() if k.startswith("torch")}, set())

    def test_step_two_refuses_a_library_that_needs_another_torch(self):
        v = self.venv()
        p = gator(*self.install_args(v), "transformers==5.0.0")
        self.assertEqual(p.returncode, 1, describe(p))
        self.assertIn("step 2/2", p.stderr)
        self.assertIn("exited with status 1", p.stderr)
        got = v.installed()
        self.assertEqual(got["torch"], "2.10.0+rocm7.0")  # step 1 ran; step 2 changed nothing
        self.assertNotIn("transformers", got)


class Uv(E2ECase):
    """`uv sync --extra rocm70` with the `--uv` extras takes torch from the PyTorch stand-in."""

    def test_uv_sync_extra_rocm70(self):
        if tomllib is None:
            self.skipTest("needs Python 3.11+ (tomllib) for the project's build backend")
        uv = shutil.which("uv")
        if not uv:
            self.skipTest("uv is not installed (Debian bookworm does not package it and no npm package ships "
                          "it); put uv on PATH to run this test")
        proj = os.path.join(self.tmp, "app")
        os.makedirs(os.path.join(proj, "_backend"))
        with open(os.path.join(proj, "_backend", "e2e_backend.py"), "w") as f:
            f.write(BACKEND)
        with open(os.path.join(proj, "pyproject.toml"), "w") as f:
            f.write(PYPROJECT_HEAD)
        p = gator("extras", "--update", "pyproject.toml", "--uv", cwd=proj)
        self.assertEqual(p.returncode, 0, describe(p))
        path = os.path.join(proj, "pyproject.toml")
        with open(path) as f:
            text = f.read()
        self.assertIn("[[tool.uv.index]]", text)
        self.assertIn("[tool.uv.sources]", text)
        # Point uv's PyTorch index at the stand-in (the same path layout as download.pytorch.org/whl/).
        with open(path, "w") as f:
            f.write(text.replace("https://download.pytorch.org/whl/", self.server.url("pytorch/whl/")))
        env = lib.clean_env(UV_DEFAULT_INDEX=self.default_url(), UV_NO_CACHE="1", UV_PYTHON=sys.executable,
                            UV_PYTHON_DOWNLOADS="never")
        p = lib.run([uv, "sync", "--extra", "rocm70"], cwd=proj, env=env)
        self.assertEqual(p.returncode, 0, describe(p))
        v = Venv.__new__(Venv)
        v.path = os.path.join(proj, ".venv")
        v.python = os.path.join(v.path, "bin", "python")
        got = v.installed()
        self.assertEqual(got["torch"], "2.11.0+rocm7.2")
        self.assertTrue(v.torch_version_py()["hip"])
        for name, spec in ROW_210.items():
            self.assertTrue(specifier_contains(spec, got[name]), f"{name} {got[name]} not in {spec}")


if __name__ == "__main__":
    sys.exit(lib.main(__name__))
