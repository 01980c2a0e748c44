#!/usr/bin/env python3
"""The exit status of docs/reliability.md, command by command: 0 success, 1 a check found a problem,
2 bad usage or invalid input (the message names the input), 3 a file that cannot be read or written,
4 the --rocm-root directory does not exist or holds no ROCm.

Each case runs the built helper and checks its status, and a pattern its stderr must match.
Exit 0 when every case holds, 1 otherwise (each failure printed)."""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

NO_HOST = ["--rocm", "7.0.2", "--gpu-arch", "gfx942", "--torch", "none"]
NO_ROCM = ["--gpu-arch", "gfx942", "--torch", "none", "--no-exec"]


def cases(tmp):
    bad_data = os.path.join(tmp, "bad.toml")
    with open(bad_data, "w") as f:
        f.write("schema = 1\nas_of = [\n")
    missing = os.path.join(tmp, "missing.toml")
    return [
        # (arguments, expected status, stderr pattern, stdout to /dev/full)
        (["--version"], 0, r"^$", False),
        (["--help"], 0, r"^$", False),
        (["index-url", *NO_HOST], 0, r"^$", False),
        (["version-check", "2.10.0+rocm7.0", ">=2.10"], 0, r"^$", False),
        (["version-check", "2.10.0.dev20251010", ">=2.9"], 0, r"^$", False),
        (["version-check", "2.9.1", ">=2.10"], 1, r"^$", False),
        (["version-check", "foo", ">=2.10"], 2, r"Invalid version: 'foo'", False),
        (["version-check", "2.10", ">=2.10,=<3"], 2, r"Invalid specifier", False),
        (["doctor", *NO_HOST], 1, r"", False),
        (["bogus"], 2, r"unknown command 'bogus'", False),
        (["index-url", "--no-such-option"], 2, r"index-url: unknown option '--no-such-option'", False),
        ([], 2, r"a command is required", False),
        (["--venv", ".venv", "detect"], 2, r"unknown option '--venv' \(options come after the command\)", False),
        (["index-url", "--rocm", "7.0", "--rocm", "6.4", *NO_HOST], 2, r"--rocm: given more than once", False),
        (["index-url", "--rocm"], 2, r"--rocm: needs a value \(VERSION\)", False),
        (["detect", "--json=yes"], 2, r"--json: takes no value", False),
        (["detect", "--probe-timeout", "ten"], 2, r"--probe-timeout: 'ten' is not a number", False),
        (["detect", "extra"], 2, r"detect: unexpected argument 'extra'", False),
        (["version-check", "2.10"], 2, r"version-check: S is required", False),
        (["index-url", "--rocm", "abc"], 2, r"--rocm: 'abc' is not a ROCm version", False),
        (["index-url", "--rocm", ""], 2, r"--rocm: must not be empty", False),
        (["index-url", "--torch", "2.x"], 2, r"--torch: '2.x' is not a PEP 440 version", False),
        (["index-url", "--gpu-arch", "nvidia"], 2, r"--gpu-arch: 'nvidia'", False),
        (["index-url", "--gpu-arch", "gfx942,,gfx90a"], 2, r"--gpu-arch: .* has an empty item", False),
        (["index-url", "--channel", "beta", *NO_HOST], 2, r"--channel: 'beta'", False),
        (["index-url", "--nightly", "--channel", "test", *NO_HOST], 2, r"--nightly contradicts --channel test", False),
        (["detect", "--probe-timeout", "0", *NO_HOST], 2, r"--probe-timeout", False),
        (["detect", "--root", os.path.join(tmp, "nowhere")], 2, r"--root: .* is not a directory", False),
        (["index-url", "--data", missing, *NO_HOST], 3, r"--data: .*missing\.toml: cannot read", False),
        (["index-url", "--data", "", *NO_HOST], 2, r"--data: must not be empty", False),
        (["index-url", "--data", bad_data, *NO_HOST], 2, re.escape(bad_data) + r":2:", False),
        (["constraints", "--package", "numpy", *NO_HOST], 2, r"--package: 'numpy'", False),
        (["extras", "--update", missing], 3, r"--update: .*missing\.toml: cannot read", False),
        (["extras", "--update", tmp], 3, r"--update: .*: cannot read: is a directory", False),
        (["extras", "--extra", "rocm99"], 2, r"--extra: 'rocm99'", False),
        (["cmake", *NO_HOST], 2, r"-o FILE is required", False),
        (["index-url", "--rocm-root", os.path.join(tmp, "nowhere"), *NO_ROCM], 4, r"--rocm-root .*nowhere: no such directory", False),
        (["index-url", "--rocm-root", tmp, *NO_ROCM], 4, r"--rocm-root .* holds no ROCm", False),
        (["detect", "--python", "gator-no-such-python", *NO_HOST], 2, r"--python gator-no-such-python: no such program", False),
        (["constraints", "-o", tmp, *NO_HOST], 3, r"is a directory", False),
        (["constraints", "-o", "/dev/full", *NO_HOST], 3, r"/dev/full: cannot write", False),
        (["constraints", *NO_HOST], 3, r"standard output: cannot write", True),
        (["detect", "--json", *NO_HOST], 3, r"standard output: cannot write", True),
    ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--helper", required=True)
    args = parser.parse_args()
    failures = 0
    env = {"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/")}
    with tempfile.TemporaryDirectory() as tmp:
        all_cases = cases(tmp)
        for argv, status, pattern, full_stdout in all_cases:
            stdout = open("/dev/full", "w") if full_stdout else subprocess.PIPE
            p = subprocess.run([args.helper, *argv], stdout=stdout, stderr=subprocess.PIPE, text=True, env=env)
            if full_stdout:
                stdout.close()
            problems = []
            if p.returncode != status:
                problems.append(f"exit {p.returncode}, expected {status}")
            if pattern == r"^$" and p.stderr.strip():
                problems.append(f"stderr not empty: {p.stderr.strip()!r}")
            elif pattern and not re.search(pattern, p.stderr):
                problems.append(f"stderr {p.stderr.strip()!r} does not match {pattern!r}")
            if problems:
                failures += 1
                print(f"FAIL: gator-rocm {' '.join(argv)}: {'; '.join(problems)}")
        # --json shapes that scripts rely on (docs/cli.md).
        p = subprocess.run([args.helper, "install-command", "--json", *NO_HOST], capture_output=True, text=True, env=env)
        doc = json.loads(p.stdout)
        if set(doc) != {"command", "metadata"} or set(doc["metadata"]) != {"rocm_version", "index_url", "nightly", "packages"}:
            failures += 1
            print(f"FAIL: install-command --json keys: {doc}")
        p = subprocess.run([args.helper, "index-url", "--json", *NO_HOST], capture_output=True, text=True, env=env)
        if set(json.loads(p.stdout)) != {"index_url", "index", "channel", "rocm_version", "warnings"}:
            failures += 1
            print(f"FAIL: index-url --json keys: {p.stdout}")
    print(f"{len(all_cases) + 2 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
