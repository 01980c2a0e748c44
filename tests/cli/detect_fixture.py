#!/usr/bin/python3
"""Runs `gator-rocm detect --json --root <fixture>` for one case file and checks the JSON.

A case file (tests/cli/detect/<fixture>.json) holds defaults and a list of runs:

  {"fixture": "name",                      (default: the case file's name)
   "env": {"VIRTUAL_ENV": "/srv/venv"},    (PATH defaults to /usr/bin:/bin, inside the fixture root)
   "args": ["--no-exec"],
   "unreadable": ["opt/rocm/.info/version"],   (made unreadable in a copy of the fixture)
   "runs": [{"name": "...", "args": [...], "env": {...}, "exit": 0, "max_seconds": 10,
             "expect": {"rocm.version": "7.0.2", "gpus.#": 8, "gpus.*.arch": "gfx942", "packages.numpy": "<absent>"},
             "warnings": ["regex", ...],        (each must match a plan.warnings entry and a stderr line)
             "only_warnings": true,             (no warnings other than those listed)
             "not_warnings": ["regex", ...],    (no plan.warnings entry may match any of these)
             "stderr": ["regex", ...]}]}       (for runs that fail)

Exit status: 0 pass, 1 fail (a case file without runs fails too), 125 skipped (the case needs what
this machine lacks: as root, setpriv, and a helper that nobody can run; checked once with
`<prefix> <helper> --version` before the runs).
The environment is built from scratch, so the developer's VIRTUAL_ENV or ROCM_PATH never leak in.
Standard library only (run with /usr/bin/python3).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 125
ABSENT = "<absent>"
TOP_LEVEL_KEYS = {
    "gator_rocm_version": None,
    "rocm": ["found", "version", "major", "minor", "patch", "root", "source", "installs"],
    "gpus": None,
    "gpus_note": None,
    "python": ["executable", "site_packages", "source"],
    "torch": ["installed", "version", "pytorch_major_minor", "is_rocm_build", "rocm_build_version",
              "cuda_version", "gpu_available", "gpu_count", "source"],
    "packages": None,
    "plan": ["channel", "index", "index_url", "torch_target", "pins", "deps", "install_command", "env", "warnings"],
}


def lookup(document, path):
    """Values at a dotted path; '*' fans out over a list, '#' is a list's length."""
    values = [document]
    for part in path.split("."):
        next_values = []
        for value in values:
            if part == "#":
                next_values.append(len(value) if isinstance(value, (list, dict)) else ABSENT)
            elif part == "*":
                next_values.extend(value if isinstance(value, list) else [ABSENT])
            elif isinstance(value, list):
                index = int(part)
                next_values.append(value[index] if index < len(value) else ABSENT)
            elif isinstance(value, dict):
                next_values.append(value.get(part, ABSENT))
            else:
                next_values.append(ABSENT)
        values = next_values
    return values


def check_shape(document, problems):
    for key, subkeys in TOP_LEVEL_KEYS.items():
        if key not in document:
            problems.append(f"missing top-level key {key!r}")
            continue
        for sub in subkeys or []:
            if sub not in document[key]:
                problems.append(f"missing key {key}.{sub}")


def check_expectations(document, expect, problems):
    for path, wanted in expect.items():
        values = lookup(document, path)
        if not values:
            problems.append(f"{path}: no elements")
        for value in values:
            if value != wanted:
                problems.append(f"{path}: expected {wanted!r}, got {value!r}")


def check_warnings(warnings, stderr, run, problems):
    patterns = run.get("warnings", [])
    for pattern in patterns:
        if not any(re.search(pattern, w) for w in warnings):
            problems.append(f"no plan warning matches {pattern!r}; warnings: {warnings}")
        if not re.search(pattern, stderr):
            problems.append(f"stderr does not match {pattern!r}")
    for pattern in run.get("not_warnings", []):
        for warning in warnings:
            if re.search(pattern, warning):
                problems.append(f"warning matches {pattern!r}: {warning!r}")
    if run.get("only_warnings"):
        for warning in warnings:
            if not any(re.search(p, warning) for p in patterns):
                problems.append(f"unexpected warning: {warning!r}")


def make_unreadable(fixture, paths):
    """A copy of the fixture with `paths` unreadable, and the command prefix that makes that stick."""
    prefix = []
    if os.geteuid() == 0:
        # Root reads mode-000 files anyway: run the helper as nobody.
        setpriv = shutil.which("setpriv")
        if not setpriv:
            print("skipped: running as root and setpriv is missing", file=sys.stderr)
            sys.exit(SKIP)
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    workdir = tempfile.mkdtemp(prefix="gator-fixture-")
    os.chmod(workdir, 0o755)
    copy = os.path.join(workdir, os.path.basename(fixture))
    shutil.copytree(fixture, copy, symlinks=True)
    for path in paths:
        os.chmod(os.path.join(copy, path), 0)
    return workdir, copy, prefix


def check_prefix_runs(exe, prefix):
    """Skips the case when the helper itself cannot run under prefix (as nobody: a build directory
    that nobody may enter). Asked once, before any run, so that a run's own failure is never taken
    for this and hidden as a skip."""
    if not prefix:
        return
    try:
        result = subprocess.run(prefix + [exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        result = None
        reason = str(error)
    else:
        reason = (result.stderr or result.stdout).strip() or f"exit status {result.returncode}"
    if result is None or result.returncode != 0:
        print(f"skipped: the helper cannot run as nobody ({' '.join(prefix + [exe, '--version'])}): {reason}",
              file=sys.stderr)
        sys.exit(SKIP)


def run_case(exe, root, prefix, defaults, run):
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    env.update(defaults.get("env", {}))
    env.update(run.get("env", {}))
    args = defaults.get("args", []) + run.get("args", [])
    command = prefix + [exe, "detect", "--json", "--root", root] + args
    limit = run.get("max_seconds", 15)
    start = time.monotonic()
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=limit + 30)
    except subprocess.TimeoutExpired:
        return [f"did not finish within {limit + 30} s"]
    elapsed = time.monotonic() - start
    problems = []
    if elapsed > limit:
        problems.append(f"took {elapsed:.1f} s (limit {limit} s)")
    wanted_exit = run.get("exit", 0)
    if result.returncode != wanted_exit:
        problems.append(f"exit status {result.returncode}, expected {wanted_exit}; stderr: {result.stderr.strip()}")
    for pattern in run.get("stderr", []):
        if not re.search(pattern, result.stderr):
            problems.append(f"stderr does not match {pattern!r}: {result.stderr.strip()}")
    if wanted_exit != 0:
        if result.stdout.strip():
            problems.append(f"a failing run printed on stdout: {result.stdout[:200]!r}")
        return problems
    try:
        document = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        return problems + [f"stdout is not JSON ({error}): {result.stdout[:300]!r}"]
    check_shape(document, problems)
    check_expectations(document, run.get("expect", {}), problems)
    check_warnings(document.get("plan", {}).get("warnings", []), result.stderr, run, problems)
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--case", required=True)
    options = parser.parse_args()

    with open(options.case) as f:
        case = json.load(f)
    name = case.get("fixture", os.path.splitext(os.path.basename(options.case))[0])
    fixture = os.path.join(options.fixtures, name)
    if not os.path.isdir(fixture):
        print(f"no fixture {fixture}", file=sys.stderr)
        return 1
    runs = case.get("runs")
    if not isinstance(runs, list) or not runs:
        print(f"FAIL {name}: the case file {options.case} has no runs", file=sys.stderr)
        return 1
    exe = os.path.abspath(options.exe)
    workdir, root, prefix = None, fixture, []
    if case.get("unreadable"):
        workdir, root, prefix = make_unreadable(fixture, case["unreadable"])
    failed = 0
    try:
        check_prefix_runs(exe, prefix)
        for number, run in enumerate(runs, 1):
            label = run.get("name", f"run {number}")
            problems = run_case(exe, root, prefix, case, run)
            print(f"{'FAIL' if problems else 'ok  '} {name}: {label}")
            for problem in problems:
                print(f"     {problem}")
            failed += bool(problems)
    finally:
        if workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
