#!/usr/bin/python3
"""Writes helper/function-order.txt: the functions gator-rocm runs in its everyday commands, one
symbol per line, which the link puts first and together in the helper's code (lld's
--symbol-ordering-file; helper/CMakeLists.txt). A run then touches about 14 pages of code instead of
31, one page fault each (docs/development.md, "Start-up cost").

The commands, on the bundled 8x MI300X fixture: `detect --json`, `cmake` (what find_package runs),
`constraints`, `index-url`, `--version`, each under valgrind's callgrind, which names every function
that ran; and what valgrind cannot show, because the C library picks its string functions for the
CPU it runs on and valgrind's CPU is not the machine's: every variant of a string function that ran
(`__memchr_avx2` brings `__memchr_evex`, ...) and every such picker (`*_ifunc`, all run at each
start). Run it again when the code has changed: a function missing from the list is only placed
as usual, and a name no longer in the helper is ignored.

Usage: scripts/function_order.py [--helper build/ci/helper/gator-rocm] [--output helper/function-order.txt]
Needs valgrind. Standard library only.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

SOURCE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(SOURCE, "tests", "fixtures", "rocm702-8xmi300x")
ENV = {"PATH": "/usr/bin:/bin", "LC_ALL": "C", "VIRTUAL_ENV": "/srv/venv"}


def commands(work):
    fixture = ["--root", FIXTURE]
    return [["detect", "--json", *fixture],
            ["cmake", *fixture, "-o", os.path.join(work, "gator.cmake")],
            ["constraints", *fixture, "-o", os.path.join(work, "constraints.txt")],
            ["index-url", *fixture],
            ["--version"]]


def functions_run(helper, args, out_file):
    """The (mangled) names of the functions that ran, as callgrind records them."""
    subprocess.run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out_file}",
                    helper, *args], env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    names = set()
    with open(out_file) as f:
        for line in f:
            # "fn=(12) name" defines a name; "fn=(12)" and "cfn=(12)" refer to it again.
            m = re.match(r"c?fn=\(\d+\) (.+)", line)
            if m:
                names.add(re.sub(r"'\d+$", "", m.group(1).strip()))  # "f'2": f, recursively
    # Not symbols: callgrind's "(below main)" and addresses it could not name.
    return {n for n in names if not n.startswith("(") and not n.startswith("0x")}


def cpu_variants(helper, names):
    """The helper's variants of the C library string functions among `names` (`__memchr_avx2` ->
    every `__memchr_*`), and its IFUNC pickers (`memchr_ifunc`, ...)."""
    symbols = subprocess.run(["nm", "--defined-only", helper], capture_output=True, text=True,
                             check=True).stdout.split()
    families = {m.group(1) for n in names
                if (m := re.match(r"(__(?:mem|str|stp|wmem|wcs|raw)[a-z]*)_(?:avx|evex|sse|ssse|erms)", n))}
    return {s for s in symbols
            if s.endswith("_ifunc") or any(s.startswith(family + "_") for family in families)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--helper", default=os.path.join(SOURCE, "build", "ci", "helper", "gator-rocm"))
    parser.add_argument("--output", default=os.path.join(SOURCE, "helper", "function-order.txt"))
    options = parser.parse_args()
    names = set()
    with tempfile.TemporaryDirectory() as work:
        for args in commands(work):
            found = functions_run(options.helper, args, os.path.join(work, "callgrind.out"))
            print(f"gator-rocm {' '.join(args)}: {len(found)} functions", file=sys.stderr)
            names |= found
    variants = cpu_variants(options.helper, names) - names
    print(f"variants of the C library's string functions and their pickers: {len(variants)}", file=sys.stderr)
    names |= variants
    with open(options.output, "w") as f:
        f.writelines(f"{name}\n" for name in sorted(names))
    print(f"{options.output}: {len(names)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
