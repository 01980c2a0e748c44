#!/usr/bin/env python3
"""`gator-rocm refresh` against a loopback mirror of the PyTorch indexes (mirror.py), case by case.

    test_refresh.py --helper BUILD/helper/gator-rocm --data helper/data/compat.toml [Class.test ...]

After each case: the overlay in the cache, and what index-url, constraints and install-command then
answer, offline (no --index-base: those commands never touch the network). Exit status: 0 passed,
1 failed, 125 skipped (a Python without tomllib).
"""
from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import unittest

try:
    import tomllib
except ImportError:  # pragma: no cover
    print("SKIP: this Python has no tomllib (3.11+)")
    sys.exit(125)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mirror import Mirror, World  # noqa: E402

HELPER = ""
DATA = ""
STAGE = ""        # tests/cmake's staged install (CMakeTarget)
GENERATOR = ""
HOST = ["--torch", "none", "--gpu-arch", "gfx942"]
PYTORCH = "https://download.pytorch.org/whl"


def version_key(v: str) -> tuple:
    return tuple(int(p) for p in re.findall(r"\d+", v))


class Facts:
    """What the built-in data says, read with Python's own TOML parser."""

    def __init__(self, path: str):
        with open(path, "rb") as f:
            self.data = tomllib.load(f)
        indexes = sorted(self.data["index"], key=lambda i: version_key(i["rocm"]))
        self.stable = [i for i in indexes if "stable" in i][-1]          # the newest stable index
        newest = indexes[-1]["rocm"].split(".")
        self.next_index = f"rocm{newest[0]}.{int(newest[1]) + 1}"          # the next minor: a candidate name
        releases = sorted((t["version"] for t in self.data["torch"]), key=version_key)
        major, minor = releases[-1].split(".")[:2]
        self.new_torch = f"{major}.{int(minor) + 1}.0"                     # a release the data lacks
        self.new_vision = f"0.{int(minor) + 16}.0"
        self.stable_series = ".".join(self.stable["stable"]["newest"].split(".")[:2])

    def rocm_of(self, index: str) -> str:
        return index[len("rocm"):]


class RefreshCase(unittest.TestCase):
    facts: Facts

    @classmethod
    def setUpClass(cls):
        cls.facts = Facts(DATA)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="gator-refresh-")
        self.cache = os.path.join(self.tmp, "cache")
        self.overlay = os.path.join(self.cache, "gator-rocm", "overlay.toml")
        self.world = World.from_data(DATA)
        self.env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        self.env["XDG_CACHE_HOME"] = self.cache

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ---- running the helper ----

    def gator(self, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([HELPER, *args], env=env or self.env, capture_output=True, text=True, timeout=120)

    def refresh(self, mirror: Mirror, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
        return self.gator("refresh", "--index-base", mirror.base, "--rocm", self.facts.rocm_of(self.facts.stable["name"]),
                          *HOST, "--timeout", "1", *extra, env=env)

    def refresh_ok(self, mirror: Mirror, *extra: str) -> subprocess.CompletedProcess:
        p = self.refresh(mirror, *extra)
        self.assertEqual(p.returncode, 0, f"refresh failed:\n{p.stdout}\n{p.stderr}")
        return p

    def answers(self, rocm: str) -> dict[str, str]:
        """index-url, constraints and install-command for a host with this ROCm, offline."""
        out = {}
        for command in ("index-url", "constraints", "install-command"):
            p = self.gator(command, "--rocm", rocm, *HOST)
            self.assertEqual(p.returncode, 0, f"{command}: {p.stderr}")
            out[command] = p.stdout
        return out

    def overlay_doc(self) -> dict:
        with open(self.overlay, "rb") as f:
            return tomllib.load(f)

    def overlay_entry(self, table: str, key: str, value: str) -> dict | None:
        return next((e for e in self.overlay_doc().get(table, []) if e.get(key) == value), None)

    def assert_one_error(self, p: subprocess.CompletedProcess, url_part: str, what: str) -> None:
        self.assertEqual(p.returncode, 3, p.stderr)
        errors = [line for line in p.stderr.splitlines() if line.startswith("gator-rocm: error: http")]
        self.assertEqual(len(errors), 1, p.stderr)
        self.assertIn(url_part, errors[0])
        self.assertRegex(errors[0], what)
        self.assertIn("refresh wrote nothing", p.stderr)


class Changes(RefreshCase):
    def test_nothing_new_twice(self):
        """The data as it is: an overlay with no entries; a second run sends validators and gets 304s."""
        with Mirror(self.world) as m:
            first = self.refresh_ok(m)
            self.assertIn("no change", first.stdout)
            self.assertGreater(m.gzipped, 0, "the pages were not asked for with gzip")
            doc = self.overlay_doc()
            self.maxDiff = None
            self.assertEqual((doc["schema"], doc.get("index", []), doc.get("torch", [])), (1, [], []), doc)
            first_bytes, stamp = m.body_bytes, os.stat(self.overlay).st_mtime_ns
            m.reset_counts()
            second = self.refresh_ok(m)
            self.assertIn("(unchanged)", second.stdout)
            self.assertEqual(os.stat(self.overlay).st_mtime_ns, stamp, "the overlay was rewritten")
            self.assertGreater(m.statuses.get(304, 0), 0, m.statuses)
            self.assertNotIn(200, m.statuses, f"pages sent again: {m.statuses}")
            self.assertLess(m.body_bytes * 10, first_bytes, (m.body_bytes, first_bytes))
            print(f"first refresh: {first_bytes} body bytes; second: {m.body_bytes}")
        detect = self.gator("detect", "--json", "--rocm", "7.2", *HOST)
        self.assertIn('"overlay": {', detect.stdout)
        self.assertRegex(detect.stdout, r'"age_days": 0')

    def test_new_index(self):
        f = self.facts
        self.world.add_torch(f"whl/{f.next_index}", f.new_torch, f.next_index, triton=("triton-rocm", "9.1.0"),
                             torchvision=f.new_vision)
        with Mirror(self.world, html_only=True) as m:
            p = self.refresh_ok(m)
        self.assertIn(f"new index {f.next_index}", p.stdout)
        entry = self.overlay_entry("index", "name", f.next_index)
        self.assertEqual(entry["stable"]["newest"], f.new_torch)
        self.assertIn("refresh: http://127.0.0.1", entry["source"])
        a = self.answers(f.rocm_of(f.next_index))
        self.assertEqual(a["index-url"].strip(), f"{PYTORCH}/{f.next_index}/")
        self.assertIn(f"torch=={'.'.join(f.new_torch.split('.')[:2])}.*", a["constraints"])
        self.assertIn(f"--index-url {PYTORCH}/{f.next_index}/", a["install-command"])

    def test_new_torch_on_existing_index(self):
        f = self.facts
        index = f.stable["name"]
        self.world.add_torch(f"whl/{index}", f.new_torch, index, triton=("triton-rocm", "9.1.0"), torchvision=f.new_vision)
        with Mirror(self.world) as m:
            p = self.refresh_ok(m)
        self.assertIn(f"{index} stable: new torch {f.new_torch}", p.stdout)
        release = self.overlay_entry("torch", "version", f.new_torch)
        self.assertEqual((release["torchvision"], release["triton"], release["indexes"]),
                         (f.new_vision, {"package": "triton-rocm", "version": "9.1.0"}, [index]))
        self.assertIn("torchaudio_note", release)
        a = self.answers(f.rocm_of(index))
        series = ".".join(f.new_torch.split(".")[:2])
        self.assertIn(f"torch=={series}.*", a["constraints"])
        self.assertIn(f"torchvision=={'.'.join(f.new_vision.split('.')[:2])}.*", a["constraints"])
        self.assertIn(f"{PYTORCH}/{index}/", a["install-command"])

    def test_yanked_file(self):
        f = self.facts
        index = f.stable["name"]
        self.world.add_torch(f"whl/{index}", f.new_torch, index, torchvision=f.new_vision, yanked=True)
        with Mirror(self.world) as m:
            p = self.refresh_ok(m)
        self.assertIn(f"torch {f.new_torch} is yanked", p.stdout)
        self.assertIsNone(self.overlay_entry("torch", "version", f.new_torch))
        self.assertIn(f"torch=={f.stable_series}.*", self.answers(f.rocm_of(index))["constraints"])

    def test_missing_index(self):
        gone = "rocm6.0"
        self.world.remove_index(f"whl/{gone}")
        with Mirror(self.world) as m:
            p = self.refresh_ok(m)
        self.assertIn(f"{gone} stable: missing", p.stdout)
        self.assertEqual(self.answers("6.0")["index-url"].strip(), f"{PYTORCH}/{gone}/")  # the data still decides

    def test_500_then_success(self):
        path = f"/whl/{self.facts.stable['name']}/torch/"
        with Mirror(self.world) as m:
            m.faults[path] = "500-once"
            self.refresh_ok(m)
            self.assertEqual(m.requests[path], 2)
        self.assertTrue(os.path.exists(self.overlay))


class Failures(RefreshCase):
    """A baseline overlay first, then a run that would change it but meets a fault: exit 3, one line
    naming the URL, the previous overlay and the offline answers intact."""

    def fails(self, fault: str, what: str, **mirror_options) -> None:
        f = self.facts
        index = f.stable["name"]
        path = f"/whl/{index}/torch/"
        with Mirror(self.world, **mirror_options) as m:
            self.refresh_ok(m)
            with open(self.overlay, "rb") as file:
                before = file.read()
            answers = self.answers(f.rocm_of(index))
            self.world.add_torch(f"whl/{index}", f.new_torch, index, torchvision=f.new_vision)
            m.faults[path] = fault
            m.slow_s = 2.5
            p = self.refresh(m)
        self.assert_one_error(p, f"127.0.0.1:{m.port}{path}", what)
        with open(self.overlay, "rb") as file:
            self.assertEqual(file.read(), before)
        self.assertEqual(self.answers(f.rocm_of(index)), answers)

    def test_slow_server_past_timeout(self):
        self.fails("slow", r"timed out after 1 s")

    def test_truncated_body(self):
        self.fails("truncated", r"cut off")

    def test_garbage(self):
        self.fails("garbage", r"not a PEP 503 or PEP 691 project page")

    def test_oversized_page(self):
        self.fails("oversized", r"size cap")

    def test_redirect_loop(self):
        self.fails("redirect-loop", r"redirects")

    def test_persistent_500(self):
        self.fails("500", r"HTTP 500 \(3 tries\)")


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


class Proxies(RefreshCase):
    def test_dead_proxy_with_no_proxy_for_loopback(self):
        proxy = f"http://127.0.0.1:{dead_port()}"
        with Mirror(self.world) as m:
            env = dict(self.env, http_proxy=proxy, https_proxy=proxy, HTTPS_PROXY=proxy, NO_PROXY="127.0.0.1,localhost")
            p = self.refresh(m, env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            without = {k: v for k, v in env.items() if k != "NO_PROXY"}
            p = self.refresh(m, env=without)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertRegex(p.stderr, r"gator-rocm: error: http://127\.0\.0\.1:\d+/whl/.*proxy")


class Offline(RefreshCase):
    def test_broken_overlay_is_left_out(self):
        os.makedirs(os.path.dirname(self.overlay))
        with open(self.overlay, "w") as f:
            f.write('schema = 1\n[[index]]\nname = "rocm7.2"\nstable = { torch = ["x"], newest = "2.0" }\n')
        p = self.gator("index-url", "--rocm", "7.2", *HOST)
        self.assertEqual(p.returncode, 0)
        self.assertRegex(p.stderr, re.escape(self.overlay) + r":4: .*Invalid version")

    def test_old_data_doctor_warns(self):
        with Mirror(self.world) as m:
            self.refresh_ok(m)
        old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=100)
        with open(os.path.join(self.cache, "gator-rocm", "last-refresh"), "w") as f:
            f.write(old.strftime("%Y-%m-%dT%H:%M:%SZ\n"))
        p = self.gator("doctor", "--rocm", "7.2", *HOST)
        self.assertRegex(p.stderr, r"warning: the compatibility data is 100 days old .*gator-rocm refresh")
        report = self.gator("report", "--rocm", "7.2", *HOST).stdout
        self.assertRegex(report, r"refresh overlay .* 100 days ago")

    def test_data_file_leaves_the_overlay_out(self):
        with Mirror(self.world) as m:
            self.refresh_ok(m)
        p = self.gator("detect", "--json", "--data", DATA, "--rocm", "7.2", *HOST)
        self.assertIn('"overlay": null', p.stdout)
        self.assertIn(f'"file": "{DATA}"', p.stdout)


CONSUMER = """cmake_minimum_required(VERSION 3.25)
project(RefreshConsumer NONE)
find_package(GatorRocm REQUIRED)
message(STATUS "consumer: ${GATOR_TORCH_INSTALL_COMMAND}")
"""


class CMakeTarget(RefreshCase):
    """A consumer's gator-rocm-refresh target: configure reads nothing from the network; the target
    refreshes, and the next build re-runs configure, which then plans with the new release."""

    def cmake(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["cmake", *args], env=self.env, capture_output=True, text=True, timeout=300)

    def test_refresh_target_reconfigures(self):
        if not os.path.isfile(os.path.join(STAGE, "lib", "cmake", "GatorRocm", "GatorRocmConfig.cmake")) and \
                not any("GatorRocmConfig.cmake" in files for _, _, files in os.walk(STAGE)):
            self.skipTest(f"no staged install in {STAGE}")
        f = self.facts
        index = f.stable["name"]
        src, build = os.path.join(self.tmp, "src"), os.path.join(self.tmp, "build")
        os.makedirs(src)
        with open(os.path.join(src, "CMakeLists.txt"), "w") as file:
            file.write(CONSUMER)
        self.world.add_torch(f"whl/{index}", f.new_torch, index, torchvision=f.new_vision)
        with Mirror(self.world) as m:
            configure = self.cmake("-S", src, "-B", build, "-G", GENERATOR, f"-DCMAKE_PREFIX_PATH={STAGE}",
                                   f"-DGATOR_HELPER_ARGS=--rocm;{f.rocm_of(index)};--torch;none;--gpu-arch;gfx942",
                                   f"-DGATOR_REFRESH_ARGS=--index-base;{m.base};--timeout;1;--channel;stable")
            self.assertEqual(configure.returncode, 0, configure.stdout + configure.stderr)
            self.assertEqual(m.requests, {}, "configure read from the network")
            self.assertNotIn(f.new_torch[:-2] + ".*", configure.stdout)
            refresh = self.cmake("--build", build, "--target", "gator-rocm-refresh")
            self.assertEqual(refresh.returncode, 0, refresh.stdout + refresh.stderr)
            self.assertIn(f"new torch {f.new_torch}", refresh.stdout)
        again = self.cmake("--build", build)
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        self.assertIn("Re-running CMake", again.stdout)
        with open(os.path.join(build, "constraints.txt")) as file:
            self.assertIn(f"torch=={f.new_torch[:-2]}.*", file.read())


def main() -> int:
    global HELPER, DATA, STAGE, GENERATOR
    parser = argparse.ArgumentParser()
    parser.add_argument("--helper", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--stage", default="")
    parser.add_argument("--generator", default="Ninja")
    args, rest = parser.parse_known_args()
    HELPER, DATA = os.path.abspath(args.helper), os.path.abspath(args.data)
    STAGE, GENERATOR = os.path.abspath(args.stage) if args.stage else "", args.generator
    program = unittest.main(argv=[sys.argv[0], *rest], exit=False, verbosity=2)
    return 0 if program.result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
