#!/usr/bin/env python3
"""The examples of docs/cli.md ("## Examples", the first console block), run as written.

Each `$ gator-rocm ...` line is run with the built helper on an empty machine (`--root` an empty
directory, `--no-exec`), so that only the options shown decide the answer. The lines after it are
its expected output: stdout must equal the lines that do not start with `gator-rocm: `, and each
line that does must appear on stderr. Exit 0 when all examples hold, 1 otherwise."""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile


def examples(markdown):
    """[(argv, stdout lines, stderr lines)] of the first console block under '## Examples'."""
    section = markdown.split("\n## Examples\n", 1)[1]
    block = re.search(r"```console\n(.*?)```", section, re.S).group(1)
    found = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((shlex.split(line[2:]), [], []))
        elif found:
            found[-1][2 if line.startswith("gator-rocm: ") else 1].append(line)
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--helper", required=True)
    parser.add_argument("--doc", required=True)
    args = parser.parse_args()
    with open(args.doc, encoding="utf-8") as f:
        cases = examples(f.read())
    if not cases:
        print(f"FAIL: no examples found in {args.doc}")
        return 1
    failures = 0
    with tempfile.TemporaryDirectory() as root:
        env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"}
        for argv, stdout, stderr in cases:
            if argv[0] != "gator-rocm":
                print(f"FAIL: {shlex.join(argv)}: not a gator-rocm command")
                failures += 1
                continue
            p = subprocess.run([args.helper, *argv[1:], "--root", root, "--no-exec"],
                               capture_output=True, text=True, env=env)
            problems = []
            if p.returncode != 0:
                problems.append(f"exit status {p.returncode}: {p.stderr.strip()}")
            if p.stdout.splitlines() != stdout:
                problems.append(f"stdout {p.stdout.splitlines()!r}, documented {stdout!r}")
            for line in stderr:
                if line not in p.stderr.splitlines():
                    problems.append(f"stderr lacks the documented {line!r}")
            if problems:
                failures += 1
                print(f"FAIL: {shlex.join(argv)}: {'; '.join(problems)}")
            else:
                print(f"ok: {shlex.join(argv)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
