#!/usr/bin/env python3
"""Crash safety of the helper's writes: runs `constraints -o FILE` and `extras --update FILE` and
kills each run with SIGKILL at a random moment of its life, a few hundred times (bounded in time).
After every kill the directory must hold the target whole, old or new, byte for byte, and no other
file. Kills land uniformly over a run's measured duration, so the moments of the write itself
(create, write, sync, link, rename) are hit in proportion to how long they take.
Exit 0 when every kill held, 1 otherwise."""
import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

NO_HOST = ["--gpu-arch", "gfx942", "--torch", "none"]
PYPROJECT = "[project]\nname = \"demo\"\nversion = \"1.0\"\n"


def run(argv, cwd):
    return subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=True).stdout


def written(helper, work, name, old, argv):
    """What argv writes to `name` when it runs to the end, starting from `old`."""
    path = os.path.join(work, name)
    if os.path.exists(path):
        os.unlink(path)
    if old is not None:
        with open(path, "wb") as f:
            f.write(old)
    run([helper, *argv], work)
    with open(path, "rb") as f:
        return f.read()


def scenarios(helper, work):
    """(name, file name, old content or None, new content, argv): old -> new under each kill."""
    write_new = ["constraints", "-o", "c.txt", "--rocm", "7.0.2", *NO_HOST]
    old_c = written(helper, work, "c.txt", None, ["constraints", "-o", "c.txt", "--rocm", "6.2.4", *NO_HOST])
    new_c = written(helper, work, "c.txt", old_c, write_new)
    assert old_c != new_c
    update = ["extras", "--update", "pyproject.toml", "--rocm", "7.0.2", *NO_HOST]
    new_p = written(helper, work, "pyproject.toml", PYPROJECT.encode(), update)
    return [
        ("constraints: replace", "c.txt", old_c, new_c, write_new),
        ("constraints: create", "c.txt", None, new_c, write_new),
        ("extras --update", "pyproject.toml", PYPROJECT.encode(), new_p, update),
    ]


def reset(directory, name, content):
    for entry in os.listdir(directory):
        os.unlink(os.path.join(directory, entry))
    if content is not None:
        with open(os.path.join(directory, name), "wb") as f:
            f.write(content)


def measure(helper, directory, name, old, argv):
    times = []
    for _ in range(5):
        reset(directory, name, old)
        start = time.monotonic()
        subprocess.run([helper, *argv], cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.monotonic() - start)
    return sorted(times)[len(times) // 2]


def wait_for_group(pgid, limit=2.0):
    """The helper links and renames in a child of its own, which a kill of the helper does not stop
    (that is the point): judge the directory once that child has finished, as a user would see it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.001)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--helper", required=True)
    parser.add_argument("--kills", type=int, default=300, help="kills per scenario")
    parser.add_argument("--seconds", type=float, default=60, help="time budget for all scenarios")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    helper = os.path.abspath(args.helper)
    failures = []
    with tempfile.TemporaryDirectory(prefix="gator-crash-") as base:
        work = os.path.join(base, "work")
        os.mkdir(work)
        all_scenarios = scenarios(helper, work)
        deadline = time.monotonic() + args.seconds
        for index, (name, target, old, new, argv) in enumerate(all_scenarios):
            directory = os.path.join(base, "kill")
            os.makedirs(directory, exist_ok=True)
            duration = measure(helper, directory, target, old, argv)
            counts = {"old": 0, "new": 0, "absent": 0}
            kills = 0
            per_scenario_deadline = time.monotonic() + (deadline - time.monotonic()) / (len(all_scenarios) - index)
            while kills < args.kills and time.monotonic() < per_scenario_deadline:
                reset(directory, target, old)
                p = subprocess.Popen([helper, *argv], cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
                time.sleep(rng.uniform(0, duration * 1.1))
                p.send_signal(signal.SIGKILL)
                p.wait()
                wait_for_group(p.pid)
                kills += 1
                entries = sorted(os.listdir(directory))
                others = [e for e in entries if e != target]
                if others:
                    failures.append(f"{name}: kill {kills} left {others}")
                if target not in entries:
                    state = "absent"
                else:
                    with open(os.path.join(directory, target), "rb") as f:
                        content = f.read()
                    state = "old" if content == old else "new" if content == new else "torn"
                if state == "torn" or (state == "absent" and old is not None) or (state == "old" and old is None):
                    failures.append(f"{name}: kill {kills} left the target {state}")
                    state = "absent"
                counts[state] += 1
            print(f"{name}: {kills} kills over a {duration * 1000:.0f} ms run: target old {counts['old']}, "
                  f"new {counts['new']}, absent {counts['absent']}")
            if kills < 50:
                failures.append(f"{name}: only {kills} kills in the time budget")
            # The scenario is only meaningful if kills landed both before and after the write.
            if counts["new"] == 0:
                failures.append(f"{name}: no kill landed after the write (runs too short to measure?)")
    for failure in failures[:20]:
        print("FAIL:", failure)
    print(f"seed {seed}: {'FAILED' if failures else 'every kill left the target whole and nothing else'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
