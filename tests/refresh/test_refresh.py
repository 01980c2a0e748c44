#!/usr/bin/env python3
"""`gator-rocm refresh` against a loopback mirror of PyTorch's and AMD's indexes (mirror.py), case by case.

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
from mirror import Mirror, World, version_key  # noqa: E402

HELPER = ""
DATA = ""
STAGE = ""        # tests/cmake's staged install (CMakeTarget)
GENERATOR = ""
HOST = ["--torch", "none", "--gpu-arch", "gfx942"]
PYTORCH = "https://download.pytorch.org/whl"


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
        return self.gator("refresh", "--index-base", mirror.base, "--amd-base", mirror.amd_base,
                          "--rocm", self.facts.rocm_of(self.facts.stable["name"]), *HOST, "--timeout", "1", *extra, env=env)

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
            self.assertEqual((doc["schema"], doc.get("index", []), doc.get("torch", []), doc.get("amd_index", [])),
                             (1, [], [], []), doc)
            self.assertNotIn("which the index does not hold", first.stdout)
            self.assertIn("/amd/whl-next/torch/", m.requests)
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

    def test_triton_not_on_the_index(self):
        f = self.facts
        index = f.stable["name"]
        self.world.add_torch(f"whl/{index}", f.new_torch, index, triton=("triton-rocm", "9.1.0"), triton_on_index=False,
                             torchvision=f.new_vision)
        with Mirror(self.world) as m:
            p = self.refresh_ok(m)
            self.assertIn(f"/whl/{index}/triton-rocm/", m.requests)
        self.assertIn(f"note: {index}: torch {f.new_torch} requires triton-rocm 9.1.0, which the index does not hold", p.stdout)
        self.assertEqual(self.overlay_entry("torch", "version", f.new_torch)["triton"], {"package": "triton-rocm", "version": "9.1.0"})

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


class Amd(RefreshCase):
    """AMD's own indexes ([[amd_index]]), served as AMD lays them out: new builds on a known index, a
    new stream index, and bad input (a malformed page, an unreachable --amd-base)."""

    WHL_NEXT = "https://stable.repo.amd.com/rocm/whl-next/"

    def amd(self, name: str) -> dict:
        return next(i for i in self.facts.data["amd_index"] if i["name"] == name)

    def amd_answers(self, rocm: str, *extra: str) -> dict[str, str]:
        out = {}
        for command in ("index-url", "constraints"):
            p = self.gator(command, "--source", "amd", "--rocm", rocm, *extra, *HOST)
            self.assertEqual(p.returncode, 0, f"{command}: {p.stderr}")
            out[command] = p.stdout
        return out

    def newer_build(self) -> tuple[str, str, str]:
        """A torch release and a ROCm series after the newest whl-next build."""
        newest = max(self.amd("whl-next")["builds"], key=lambda b: version_key(b["rocm"]))
        major, minor = newest["rocm"].split(".")
        torch = newest["torch"].split("+")[0].split(".")
        return f"{torch[0]}.{int(torch[1]) + 1}.0", f"{major}.{int(minor) + 1}", f"0.{int(torch[1]) + 16}.0a0"

    def test_new_build_on_whl_next(self):
        torch, rocm, vision = self.newer_build()
        label = f"rocm{rocm}.0"
        before = self.amd_answers(rocm)
        self.assertNotIn(f"torch=={torch}+{label}", before["constraints"])
        self.world.add_torch("amd/whl-next", torch, label, torchvision=vision, torchaudio="2.11.0.9")
        with Mirror(self.world) as m:
            p = self.refresh_ok(m)
        self.assertIn(f"whl-next stable: new torch {torch}", p.stdout)
        self.assertIn(f"whl-next: torch {torch}+{label} for ROCm {rocm}", p.stdout)
        entry = self.overlay_entry("amd_index", "name", "whl-next")
        self.assertEqual(entry["stable"]["newest"], torch)
        self.assertIn(torch, entry["stable"]["torch"])
        self.assertIn({"rocm": rocm, "torch": f"{torch}+{label}", "torchvision": f"{vision}+{label}",
                       "torchaudio": f"2.11.0.9+{label}"}, entry["builds"])
        self.assertEqual(len(entry["builds"]), len(self.amd("whl-next")["builds"]) + 1)
        self.assertNotIn("url", entry)  # a known index keeps its URL, serves and archs
        self.assertIn("refresh: http://127.0.0.1", entry["source"])
        after = self.amd_answers(rocm)
        self.assertEqual(after["index-url"].strip(), self.WHL_NEXT)
        self.assertIn(f"torch=={torch}+{label}", after["constraints"])
        self.assertIn(f"torchvision=={vision}+{label}", after["constraints"])

    def test_new_stream_index(self):
        """whl-next on the rc stream, which the data does not list: a new [[amd_index]] for the test channel."""
        torch, rocm, _ = self.newer_build()
        self.world.add_torch("amd/rc-whl-next", f"{torch}rc1", f"rocm{rocm}.0")
        with Mirror(self.world) as m:
            p = self.refresh_ok(m)
        self.assertIn(f"new AMD index rc-whl-next: test torch {torch}", p.stdout)
        entry = self.overlay_entry("amd_index", "name", "rc-whl-next")
        whl_next = self.amd("whl-next")
        self.assertEqual((entry["url"], entry["serves"], entry["archs"], entry["test"]),
                         ("https://rc.repo.amd.com/rocm/whl-next/", whl_next["serves"], whl_next["archs"],
                          {"torch": [".".join(torch.split(".")[:2])], "newest": torch}))
        self.assertIn("serves and archs as whl-next", entry["source"])
        a = self.amd_answers(rocm, "--channel", "test")
        self.assertEqual(a["index-url"].strip(), "https://rc.repo.amd.com/rocm/whl-next/")

    def test_unchanged_amd_indexes(self):
        """The AMD indexes as the data has them, read twice: no overlay entry, then nothing sent again."""
        with Mirror(self.world) as m:
            first = self.refresh_ok(m)
            self.assertNotIn("amd_index", self.overlay_doc())
            self.assertIn("no change", first.stdout)
            m.reset_counts()
            self.refresh_ok(m)
            amd = {path: n for path, n in m.requests.items() if path.startswith("/amd/")}
            self.assertTrue(amd)
            self.assertEqual(m.statuses.get(200, 0), 0, m.statuses)

    def overlay_stays(self, p: subprocess.CompletedProcess, before: bytes, url_part: str, what: str) -> None:
        self.assert_one_error(p, url_part, what)
        with open(self.overlay, "rb") as file:
            self.assertEqual(file.read(), before)

    def test_source_reads_one_publisher(self):
        """--source pytorch reads PyTorch's indexes only: a --index-base mirror needs no --amd-base;
        --source amd reads AMD's only."""
        with Mirror(self.world) as m:
            p = self.gator("refresh", "--source", "pytorch", "--index-base", m.base,
                           "--rocm", self.facts.rocm_of(self.facts.stable["name"]), *HOST, "--timeout", "1")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertTrue(m.requests, "nothing was read")
            self.assertFalse([path for path in m.requests if path.startswith("/amd/")], m.requests)
        with Mirror(self.world) as m:
            p = self.gator("refresh", "--source", "amd", "--amd-base", m.amd_base, "--index-base", "http://127.0.0.1:9/",
                           "--rocm", self.facts.rocm_of(self.facts.stable["name"]), *HOST, "--timeout", "1")
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertTrue(m.requests)
            self.assertFalse([path for path in m.requests if not path.startswith("/amd/")], m.requests)

    def test_malformed_page(self):
        torch, rocm, _ = self.newer_build()
        with Mirror(self.world) as m:
            self.refresh_ok(m)
            with open(self.overlay, "rb") as file:
                before = file.read()
            self.world.add_torch("amd/whl-next", torch, f"rocm{rocm}.0")
            m.faults["/amd/whl-next/torch/"] = "garbage"
            p = self.refresh(m)
        self.overlay_stays(p, before, f"127.0.0.1:{m.port}/amd/whl-next/torch/", r"not a PEP 503 or PEP 691 project page")

    def test_unreachable_amd_base(self):
        base = f"http://127.0.0.1:{dead_port()}/amd"
        with Mirror(self.world) as m:
            self.refresh_ok(m)
            with open(self.overlay, "rb") as file:
                before = file.read()
            p = self.gator("refresh", "--index-base", m.base, "--amd-base", base, "--rocm", "7.2", *HOST, "--timeout", "1")
        self.assertEqual(p.returncode, 3, p.stderr)
        errors = [line for line in p.stderr.splitlines() if line.startswith("gator-rocm: error: http")]
        self.assertTrue(errors, p.stderr)
        for line in errors:
            self.assertRegex(line, "^gator-rocm: error: " + re.escape(base) + "/[a-z-]+/[a-z]+/: cannot connect", p.stderr)
        self.assertIn("refresh wrote nothing", p.stderr)
        with open(self.overlay, "rb") as file:
            self.assertEqual(file.read(), before)


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
                                   f"-DGATOR_REFRESH_ARGS=--index-base;{m.base};--amd-base;{m.amd_base};--timeout;1;--channel;stable")
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
