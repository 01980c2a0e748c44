#!/usr/bin/env python3
"""`gator-rocm refresh` against a loopback mirror of about 20 indexes x 5 projects: wall time and bytes
of a first refresh (empty cache), a second one with nothing new (conditional requests), and a third
after one new torch release. A benchmark that prints figures, not a timed test.

    bench/refresh_bench.py --helper build/dev/helper/gator-rocm [--data helper/data/compat.toml] [-n 5]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "refresh"))
from mirror import File, Mirror, World  # noqa: E402

PROJECTS = ("torch", "torchvision", "torchaudio", "triton-rocm", "rocm")


def big_world(data: str) -> World:
    """The data's indexes (about 20 stable, nightly and test roots), 5 projects each, with a file per
    Python tag on the torch pages, as the real pages have."""
    world = World.from_data(data)
    for key in list(world.projects):
        root, project = key.rsplit("/", 1)
        if project != "torch":
            continue
        for py in ("cp310", "cp311", "cp313", "cp314"):
            for f in list(world.projects[key]):
                world.projects[key].append(File(f.filename.replace("cp312-cp312", f"{py}-{py}"), f.metadata))
        world.add(root, "triton-rocm", File("triton_rocm-3.8.0-cp312-cp312-linux_x86_64.whl", ""))
    return world


def run(helper: str, mirror: Mirror, cache: str) -> tuple[float, str]:
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    start = time.perf_counter()
    p = subprocess.run([helper, "refresh", "--index-base", mirror.base, "--amd-base", mirror.amd_base, "--rocm", "7.2", "--torch", "none",
                        "--gpu-arch", "gfx942", "--timeout", "5"], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"refresh failed ({p.returncode}):\n{p.stderr}")
    return elapsed, p.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--helper", required=True)
    parser.add_argument("--data", default=os.path.join(HERE, "..", "helper", "data", "compat.toml"))
    parser.add_argument("-n", type=int, default=5, help="repetitions (median reported)")
    args = parser.parse_args()
    world = big_world(args.data)
    indexes = {k.rsplit("/", 1)[0] for k in world.projects}
    print(f"mirror: {len(indexes)} index roots, {len(world.projects)} project pages, "
          f"{sum(len(v) for v in world.projects.values())} files; projects per index: {', '.join(PROJECTS)}")
    rows = {"first (empty cache)": [], "second (nothing new)": [], "third (one new release)": []}
    sent = {name: [] for name in rows}
    for _ in range(args.n):
        tmp = tempfile.mkdtemp(prefix="gator-refresh-bench-")
        try:
            w = big_world(args.data)
            with Mirror(w) as m:
                for name in rows:
                    if name.startswith("third"):
                        w.add_torch("whl/rocm7.2", "2.99.0", "rocm7.2", torchvision="0.114.0")
                    m.reset_counts()
                    elapsed, summary = run(args.helper, m, os.path.join(tmp, "cache"))
                    rows[name].append(elapsed)
                    sent[name].append((m.body_bytes, sum(m.requests.values()), summary))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n| refresh | median wall time | requests | body bytes sent by the server |\n|---|---|---|---|")
    for name, times in rows.items():
        body, requests, _ = sent[name][-1]
        print(f"| {name} | {statistics.median(times) * 1000:.0f} ms | {requests} | {body:,} |")
    print("\nthe helper's own summary lines (last run):")
    for name in rows:
        print(f"  {name}: {sent[name][-1][2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
