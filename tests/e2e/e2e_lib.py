"""Shared pieces of the e2e suite: the helper binary, the local indexes, throwaway venvs, and a runner
that turns "everything skipped" into CTest's skip status (125).

Only the standard library: these tests must run with Debian's python3 + python3-venv and nothing from
PyPI.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

from index_server import IndexServer

SKIP = 125

# Filled by main() from the command line.
HELPER = ""       # gator-rocm
WHEELS = ""       # make_wheels.py's output directory
WORK_ROOT = ""    # where throwaway venvs and projects go
VERBOSE = False

LIBRARIES = ["transformers", "diffusers", "accelerate", "huggingface_hub"]


def clean_env(**extra: str) -> dict:
    """The environment for pip, the helper and venv pythons: no user pip config, no active venv, no
    proxies, so the tests see only the local indexes."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "UV_", "PYTHON", "CONDA"))
           and k not in ("VIRTUAL_ENV", "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                         "ALL_PROXY")}
    env.update({
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_NO_CACHE_DIR": "1",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_NO_INPUT": "1",
        "PIP_NO_COLOR": "1",
        "PYTHONNOUSERSITE": "1",
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
    })
    env.update(extra)
    return env


def run(argv: list[str], *, cwd: str | None = None, env: dict | None = None,
        timeout: float = 180) -> subprocess.CompletedProcess:
    if VERBOSE:
        print("$ " + shlex.join(argv), file=sys.stderr)
    p = subprocess.run(argv, cwd=cwd, env=env if env is not None else clean_env(), text=True,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    if VERBOSE:
        sys.stderr.write(p.stdout + p.stderr + f"[exit {p.returncode}]\n")
    return p


def describe(p: subprocess.CompletedProcess) -> str:
    return (f"\n$ {shlex.join(p.args)}\n[exit {p.returncode}]\n--- stdout\n{p.stdout[-6000:]}"
            f"\n--- stderr\n{p.stderr[-6000:]}")


def gator(*args: str, cwd: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return run([HELPER, *args], cwd=cwd, env=env)


def environment_problem() -> str | None:
    """Why this machine cannot run the pip tests, or None."""
    try:
        import packaging.specifiers  # noqa: F401  (python3-packaging: the PEP 440 reference of the checks)
    except ImportError as e:
        return f"the packaging module is missing ({e}); install python3-packaging"
    try:
        import venv  # noqa: F401  (python3-venv)
    except ImportError as e:
        return f"the venv module is missing ({e}); install python3-venv"
    try:
        import ensurepip
    except ImportError as e:
        return f"ensurepip is missing ({e}); install python3-venv"
    try:
        if not ensurepip.version():
            return "ensurepip has no pip to install; install python3-venv / python3-pip-whl"
    except Exception as e:  # Debian's patched ensurepip raises when the wheel directory is missing
        return f"ensurepip cannot find pip ({e}); install python3-venv"
    return None


class Venv:
    """A throwaway virtual environment made with this Python's venv module (pip from ensurepip)."""

    def __init__(self, path: str):
        self.path = path
        p = run([sys.executable, "-m", "venv", path], timeout=300)
        if p.returncode != 0:
            # Creating a venv is what python3-venv is for: without it this is an environment problem.
            raise unittest.SkipTest("cannot create a venv with pip (python3-venv missing?):"
                                    + (p.stderr or p.stdout).strip()[-500:])
        self.python = os.path.join(path, "bin", "python")
        p = run([self.python, "-m", "pip", "--version"])
        if p.returncode != 0:
            raise unittest.SkipTest("pip is missing from a new venv: " + p.stderr.strip()[-500:])

    def pip(self, *args: str, cwd: str | None = None) -> subprocess.CompletedProcess:
        head = [self.python, "-m", "pip"]
        if args and args[0] in ("install", "download", "wheel"):
            head += [args[0], "--no-cache-dir", "--disable-pip-version-check"]
            args = args[1:]
        return run(head + list(args), cwd=cwd)

    def site_packages(self) -> str:
        p = run([self.python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
        return p.stdout.strip()

    def installed(self) -> dict[str, str]:
        """Distribution name (PEP 503 normalised) -> version, as the dist-info METADATA says."""
        code = ("import importlib.metadata as m, json, re\n"
                "print(json.dumps({re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(): d.version"
                " for d in m.distributions()}))")
        p = run([self.python, "-c", code])
        if p.returncode != 0:
            raise AssertionError("cannot list the venv's distributions" + describe(p))
        return json.loads(p.stdout)

    def torch_version_py(self) -> dict:
        """torch/version.py's values, read as text (never imported: as the helper does)."""
        path = os.path.join(self.site_packages(), "torch", "version.py")
        if not os.path.exists(path):
            return {}
        ns: dict = {}
        with open(path) as f:
            exec(compile(f.read(), path, "exec"), ns)  # our own fixture's file
        return {k: ns.get(k) for k in ("__version__", "cuda", "hip", "rocm")}


class E2ECase(unittest.TestCase):
    """One local index server per test class; each test gets its own scratch directory."""

    server: IndexServer

    @classmethod
    def setUpClass(cls):
        cls.server = IndexServer(WHEELS).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        os.makedirs(WORK_ROOT, exist_ok=True)
        self.tmp = tempfile.mkdtemp(prefix=self.id().split(".")[-1][:40] + "-", dir=WORK_ROOT)
        if not os.environ.get("GATOR_E2E_KEEP"):
            self.addCleanup(shutil.rmtree, self.tmp, True)

    # URLs of the stand-ins.
    def pytorch_url(self, variant: str) -> str:
        return self.server.url(f"pytorch/whl/{variant}/")

    def default_url(self) -> str:
        return self.server.url("default/simple/")

    def venv(self, name: str = "venv") -> Venv:
        return Venv(os.path.join(self.tmp, name))

    def assertOk(self, p: subprocess.CompletedProcess, what: str = ""):
        self.assertEqual(p.returncode, 0, (what + " failed") + describe(p))

    def install_torch(self, venv: Venv, variant: str, *packages: str) -> None:
        p = venv.pip("install", *(packages or ("torch", "torchvision")), "--index-url", self.pytorch_url(variant))
        self.assertOk(p, f"pip install torch from the {variant} stand-in")


def specifier_contains(spec: str, version: str) -> bool:
    """PEP 440 check by Python's packaging, the reference (never by the helper under test)."""
    from packaging.specifiers import SpecifierSet
    from packaging.version import Version
    return SpecifierSet(spec).contains(Version(version), prereleases=True)


def parse_requirement_lines(text: str) -> dict[str, str]:
    """name (normalised) -> specifier, from a constraints file or a list of requirement strings."""
    import re
    out = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        req = line.split(";", 1)[0].strip()
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$", req)
        if m:
            out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2).replace(" ", "")
    return out


def main(module_name: str) -> int:
    global HELPER, WHEELS, WORK_ROOT, VERBOSE
    ap = argparse.ArgumentParser(description="GatorRocm e2e tests: the real pip against local indexes")
    ap.add_argument("--helper", required=True, help="the gator-rocm binary")
    ap.add_argument("--wheels", required=True, help="make_wheels.py's output directory")
    ap.add_argument("--work", help="scratch directory (default: a temporary one)")
    ap.add_argument("-v", "--verbose", action="store_true", help="echo every command and its output")
    ap.add_argument("tests", nargs="*", help="test classes or methods (default: all of the module)")
    args = ap.parse_args()
    HELPER, WHEELS, VERBOSE = os.path.abspath(args.helper), os.path.abspath(args.wheels), args.verbose

    if not os.access(HELPER, os.X_OK):
        print(f"e2e: the helper is not executable: {HELPER}", file=sys.stderr)
        return 1
    if not os.path.isfile(os.path.join(WHEELS, "manifest.json")):
        print(f"e2e: no wheels in {WHEELS} (run make_wheels.py first: the 'e2e: wheels' test)", file=sys.stderr)
        return 1
    problem = environment_problem()
    if problem:
        print(f"SKIP: {problem}")
        return SKIP

    WORK_ROOT = os.path.abspath(args.work) if args.work else tempfile.mkdtemp(prefix="gator-e2e-")
    module = sys.modules[module_name]
    loader = unittest.TestLoader()
    suite = (loader.loadTestsFromNames(args.tests, module) if args.tests
             else loader.loadTestsFromModule(module))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    if not args.work and not os.environ.get("GATOR_E2E_KEEP"):
        shutil.rmtree(WORK_ROOT, ignore_errors=True)
    if not result.wasSuccessful():
        return 1
    if result.testsRun and len(result.skipped) == result.testsRun:
        reasons = sorted({reason for _, reason in result.skipped})
        print("SKIP: " + "; ".join(reasons))
        return SKIP
    return 0
