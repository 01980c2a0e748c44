#!/usr/bin/python3
"""How fast is `gator-rocm detect`? Median wall times, printed as a table (issue 3, item 9).

1. Start-up: `detect --json` on the 8-GPU fixture (tests/fixtures/rocm702-8xmi300x, with its venv),
   `--version` and `index-url --rocm 7.0.2 --torch none --no-exec` beside `/bin/true`,
   `python3 -c pass` and `python3 -c "import importlib.metadata as m; list(m.distributions())"`,
   run in turn (one of each per round, so that a busy machine slows all alike; in a shuffled order,
   so that no row always follows the heavy one), and detect's ratio to `python3 -c pass` against
   the goal of at most 0.15 (issue 10, docs/development.md); then detect's median right after a
   python3 row and right after a small program, which shows how much of it is cold caches.
2. `detect --json --no-exec --site-packages DIR` over generated site-packages of 10, 100, 1,000 and
   10,000 distributions (each a .dist-info with METADATA; seven of them known to the data), beside
   importlib.metadata listing the same directory.

Usage: bench/detect_bench.py [--exe build/ci/helper/gator-rocm] [--runs 21] [--python /usr/bin/python3]
Standard library only. Not a test: timings depend on the machine.
"""
import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
KNOWN = [("torch", "2.10.0+rocm7.0"), ("torchvision", "0.25.0+rocm7.0"), ("triton_rocm", "3.6.0"),
         ("transformers", "4.57.1"), ("diffusers", "0.35.2"), ("accelerate", "1.11.0"), ("huggingface_hub", "0.36.0")]


GOAL = 0.15  # detect on the fixture, as a share of `python3 -c pass`


def times_in_turn(commands, runs):
    """Wall times of each (command, env), running one of each per round, with the index of the
    command that ran just before each time (None for a round's first, which follows the previous
    round's last).

    The order is shuffled every round (seeded, so a run can be repeated): a command started right
    after a heavy one (importlib.metadata over site-packages, 50+ ms) finds the caches cold and the
    kernel still tidying up after it, which in a fixed order would always fall on the same row.
    """
    times = [[] for _ in commands]
    before = [[] for _ in commands]
    order = list(range(len(commands)))
    shuffler = random.Random(10)
    previous = None
    for _ in range(runs):
        shuffler.shuffle(order)
        for i in order:
            command, env = commands[i]
            start = time.perf_counter()
            subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[i].append(time.perf_counter() - start)
            before[i].append(previous)
            previous = i
    return times, before


def median_seconds(command, runs, env=None):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_site_packages(parent, count):
    site = os.path.join(parent, f"site-{count}")
    os.makedirs(site)
    names = KNOWN[:min(len(KNOWN), count)]
    names += [(f"package_{i:05d}", f"1.{i % 50}.0") for i in range(count - len(names))]
    for name, version in names:
        info = os.path.join(site, f"{name}-{version}.dist-info")
        os.mkdir(info)
        with open(os.path.join(info, "METADATA"), "w") as f:
            f.write(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nA package.\n")
    return site


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", default=os.path.join(SOURCE, "build", "ci", "helper", "gator-rocm"))
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--python", default="/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable,
                        help="the python3 to compare with (default: the system's, /usr/bin/python3)")
    options = parser.parse_args()
    exe = os.path.abspath(options.exe)
    if not os.access(exe, os.X_OK):
        sys.exit(f"no helper at {exe}; build it first or pass --exe")

    fixture = os.path.join(SOURCE, "tests", "fixtures", "rocm702-8xmi300x")
    clean_env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    fact_env = dict(clean_env, VIRTUAL_ENV="/srv/venv")
    rows = [("gator-rocm detect --json (8x MI300X fixture, venv with torch)",
             [exe, "detect", "--json", "--root", fixture], fact_env),
            ("gator-rocm --version", [exe, "--version"], clean_env),
            ("gator-rocm index-url --rocm 7.0.2 --torch none --no-exec",
             [exe, "index-url", "--rocm", "7.0.2", "--torch", "none", "--no-exec"], clean_env),
            ("/bin/true", ["/bin/true"], clean_env),
            ("python3 -c pass", [options.python, "-c", "pass"], None),
            ("python3 -c \"import importlib.metadata as m; list(m.distributions())\"",
             [options.python, "-c", "import importlib.metadata as m; list(m.distributions())"], None)]
    times, before = times_in_turn([(command, env) for _, command, env in rows], options.runs)
    medians = [statistics.median(t) for t in times]
    detect, python_pass = medians[0], medians[4]
    print(f"# {options.runs} runs each, median wall time; python: {options.python}\n")
    print("| command | median | detect ÷ this |")
    print("|---|---:|---:|")
    for (label, _, _), seconds in zip(rows, medians):
        print(f"| `{label}` | {seconds * 1000:.2f} ms | {detect / seconds:.2f} |")
    ratio = detect / python_pass
    print(f"\ndetect ÷ python3 -c pass = {ratio:.3f}; goal ≤ {GOAL} "
          f"({'met' if ratio <= GOAL else 'not met'}: {GOAL * python_pass * 1000:.2f} ms here)")
    # How much of detect is the caches a big process left cold: its runs right after a python3 row
    # against those after a small program (gator-rocm, /bin/true).
    after = {"a python3 process": [], "a small program": []}
    for seconds, previous in zip(times[0], before[0]):
        if previous is not None:
            after["a python3 process" if previous in (4, 5) else "a small program"].append(seconds)
    print("detect right after " + "; after ".join(
        f"{what}: {statistics.median(t) * 1000:.2f} ms ({len(t)} runs)" for what, t in after.items() if t))

    print("\n| distributions in site-packages | detect --no-exec --site-packages | importlib.metadata over it | ratio |")
    print("|---:|---:|---:|---:|")
    workdir = tempfile.mkdtemp(prefix="gator-bench-")
    try:
        for count in (10, 100, 1000, 10000):
            site = make_site_packages(workdir, count)
            ours = median_seconds([exe, "detect", "--json", "--no-exec", "--site-packages", site],
                                  options.runs, clean_env)
            theirs = median_seconds(
                [options.python, "-c",
                 f"import importlib.metadata as m; [d.version for d in m.distributions(path=[{site!r}])]"],
                max(3, options.runs // 3))
            print(f"| {count:,} | {ours * 1000:.1f} ms | {theirs * 1000:.1f} ms | {ours / theirs:.3f} |")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
