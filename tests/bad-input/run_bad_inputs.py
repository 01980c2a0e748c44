#!/usr/bin/env python3
"""The bad-input corpus (cases.toml): each case runs the built helper in a fresh directory holding the
case's files, and checks its exit status, that stderr matches the case's pattern (which names the
input), that it ends within its time limit, and that no file was damaged or left behind: every file
of the directory afterwards is one the case made, byte for byte and mode for mode, except those the
case lists under `changes`.

A case: name, args (list; "{dir}" is the case's directory), status, message (a Python regex searched
in stderr; "" for none), and optionally files (name -> content), links (name -> target), fifos,
hexfiles (name -> content as hex, for bytes that are not UTF-8), dirs, executables (names of files to make executable), modes (name -> octal string), changes
(names the command may rewrite), unless_root (skip it for root, whom permissions do not stop), seconds (time limit, default 20), env (extra variables).
Exit 0 when every case holds, 1 otherwise (each failure printed), 125 when the corpus cannot run."""
import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

try:
    import tomllib
except ImportError:  # Python < 3.11
    print("skipped: tomllib needs Python 3.11")
    sys.exit(125)


def fill(value, directory):
    return value.replace("{dir}", directory)


def make_case_dir(case, directory):
    for name, content in case.get("files", {}).items():
        path = os.path.join(directory, fill(name, directory))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(fill(content, directory).encode("utf-8", "surrogateescape"))
    for name, hex_content in case.get("hexfiles", {}).items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(bytes.fromhex(hex_content))
    for name in case.get("dirs", []):
        os.makedirs(os.path.join(directory, name), exist_ok=True)
    for name in case.get("fifos", []):
        os.mkfifo(os.path.join(directory, name))
    for name, target in case.get("links", {}).items():
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        os.symlink(fill(target, directory), path)
    for name in case.get("executables", []):
        os.chmod(os.path.join(directory, name), 0o755)
    for name, mode in case.get("modes", {}).items():
        os.chmod(os.path.join(directory, name), int(mode, 8))


def snapshot(directory):
    """Every entry under directory: kind, mode and content (regular files) or target (links)."""
    entries = {}
    for root, dirs, files in os.walk(directory):
        for name in dirs + files:
            path = os.path.join(root, name)
            st = os.lstat(path)
            rel = os.path.relpath(path, directory)
            if stat.S_ISLNK(st.st_mode):
                entries[rel] = ("link", os.readlink(path))
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    entries[rel] = ("file", stat.S_IMODE(st.st_mode), f.read())
            else:
                entries[rel] = ("other", stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode))
    return entries


def run_case(helper, case, base):
    problems = []
    directory = tempfile.mkdtemp(prefix="case-", dir=base)
    try:
        make_case_dir(case, directory)
        before = snapshot(directory)
        argv = [helper] + [fill(a, directory) for a in case["args"]]
        env = {"PATH": "/usr/bin:/bin", "HOME": directory, "LC_ALL": "C.UTF-8"}
        env.update({k: v for k, v in os.environ.items() if k.endswith("SAN_OPTIONS")})  # the asan preset's
        env.update({k: fill(v, directory) for k, v in case.get("env", {}).items()})
        limit = case.get("seconds", 20)
        start = time.monotonic()
        try:
            p = subprocess.run(argv, cwd=directory, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=limit)
        except subprocess.TimeoutExpired:
            return [f"did not finish within {limit} s"]
        took = time.monotonic() - start
        stderr = p.stderr.decode("utf-8", "replace")
        if p.returncode != case["status"]:
            problems.append(f"exit {p.returncode}, expected {case['status']}")
        if p.returncode < 0 or p.returncode >= 128:
            problems.append("crashed")
        pattern = case["message"]
        if pattern and not re.search(pattern, stderr):
            problems.append(f"stderr {stderr.strip()!r} does not match {pattern!r}")
        if re.search(r"runtime error:|Sanitizer", stderr):
            problems.append("a sanitizer reported an error")
        if any(ord(c) < 32 and c not in "\n\t" for c in stderr):
            problems.append(f"stderr holds control characters: {stderr!r}")
        after = snapshot(directory)
        allowed = set(case.get("changes", []))
        for rel, entry in before.items():
            if rel not in after:
                problems.append(f"{rel} was removed")
            elif after[rel] != entry and rel not in allowed:
                problems.append(f"{rel} was changed")
        for rel in after:
            if rel not in before and rel not in allowed:
                problems.append(f"{rel} was left behind")
        if problems:
            problems.append(f"({took:.1f} s; stderr: {stderr.strip()[:300]!r})")
    finally:
        for root, dirs, _ in os.walk(directory):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o755)
        shutil.rmtree(directory, ignore_errors=True)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--helper", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--only", default="", help="run the cases whose name matches this regex")
    args = parser.parse_args()
    with open(args.cases, "rb") as f:
        cases = tomllib.load(f)["case"]
    names = [c["name"] for c in cases]
    if len(set(names)) != len(names):
        print("FAIL: case names are not unique")
        return 1
    failures = 0
    ran = 0
    skipped = 0  # permission cases mean nothing to root
    with tempfile.TemporaryDirectory(prefix="gator-bad-input-") as base:
        for case in cases:
            if args.only and not re.search(args.only, case["name"]):
                continue
            if case.get("unless_root") and os.geteuid() == 0:
                skipped += 1
                continue
            ran += 1
            problems = run_case(os.path.abspath(args.helper), case, base)
            if problems:
                failures += 1
                print(f"FAIL {case['name']}: {'; '.join(problems)}")
    print(f"{ran - failures} of {ran} bad-input cases hold ({skipped} skipped: they need a user other than root)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
