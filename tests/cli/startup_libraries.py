#!/usr/bin/env python3
"""The shared libraries the helper loads, as the dynamic loader reports them (LD_DEBUG=libs).

Commands other than refresh load no libcurl (docs/development.md, "Start-up cost"): `--version`,
`index-url --no-exec` and `detect --json` on the 8×MI300X fixture; with --only-libc (the C++ runtime
linked in), they load the C library and the loader, nothing else (no libm: toml++ is built without the formatters
that need it); with --static (a static executable) the file has no program interpreter and they load
nothing. With --curl, `refresh` does load libcurl, when its first request is made (here to a closed
port on the loopback interface: the request fails, exit status 3, and nothing is written); a static
helper does it through its twin gator-rocm-dynamic, and without the twin says so (exit status 2).
Exit 0 when all holds, 1 otherwise, 125 (skipped) where the loader does not report its libraries
(not glibc's)."""
import argparse
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile


def loaded_libraries(helper, args, env):
    """The libraries the loader initialised, and the finished process."""
    p = subprocess.run([helper, *args], env=dict(env, LD_DEBUG="libs"), capture_output=True, text=True,
                       timeout=60)
    return re.findall(r"calling init: (\S+)", p.stderr), p


def has_interpreter(path):
    """Whether the ELF file names a program interpreter (PT_INTERP): a dynamically linked program."""
    with open(path, "rb") as f:
        header = f.read(64)
        if header[:4] != b"\x7fELF" or header[4] != 2:  # 64-bit only, as this helper is built
            raise SystemExit(f"{path}: not a 64-bit ELF file")
        order = "<" if header[5] == 1 else ">"
        phoff, = struct.unpack_from(order + "Q", header, 32)
        phentsize, phnum = struct.unpack_from(order + "HH", header, 54)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    return any(struct.unpack_from(order + "I", table, i * phentsize)[0] == 3 for i in range(phnum))


def refresh_args(cache):
    return ["refresh", "--index-base", f"http://127.0.0.1:{closed_loopback_port()}/", "--rocm", "7.0.2",
            "--timeout", "1", "--cache-dir", cache]


def closed_loopback_port():
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--helper", required=True)
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--curl", action="store_true", help="the helper was built with libcurl's headers")
    parser.add_argument("--only-libc", action="store_true", help="the helper links the C++ runtime statically")
    parser.add_argument("--static", action="store_true", help="the helper is a static executable")
    options = parser.parse_args()
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    failures = []
    if options.static:
        if has_interpreter(options.helper):
            failures.append(f"{options.helper} has a program interpreter: it is not a static executable")
    else:
        libc, _ = loaded_libraries(options.helper, ["--version"], env)
        if not any("libc.so" in path for path in libc):
            print("skipped: the dynamic loader does not report the libraries it loads (LD_DEBUG=libs)")
            return 125
    fixture = os.path.join(options.fixtures, "rocm702-8xmi300x")
    for args, extra_env in [(["--version"], {}),
                            (["index-url", "--rocm", "7.0.2", "--torch", "none", "--no-exec"], {}),
                            (["detect", "--json", "--root", fixture], {"VIRTUAL_ENV": "/srv/venv"})]:
        libraries, p = loaded_libraries(options.helper, args, dict(env, **extra_env))
        if p.returncode != 0:
            failures.append(f"{' '.join(args)}: exit status {p.returncode}")
        curl = [path for path in libraries if "libcurl" in path]
        if curl:
            failures.append(f"{' '.join(args)}: loaded {', '.join(curl)}")
        others = [path for path in libraries if not re.match(r"(libc|ld-linux.*)\.so", os.path.basename(path))]
        if options.static and libraries:
            failures.append(f"{' '.join(args)}: a static executable, yet loaded {', '.join(libraries)}")
        if options.only_libc and others:
            failures.append(f"{' '.join(args)}: loaded {', '.join(others)} besides the C library")
        print(f"{' '.join(args)}: {len(libraries)} libraries: {' '.join(os.path.basename(x) for x in libraries)}")
    if options.curl:
        with tempfile.TemporaryDirectory() as cache:
            libraries, p = loaded_libraries(options.helper, refresh_args(cache), env)
            if not any("libcurl" in path for path in libraries):
                failures.append("refresh: libcurl was not loaded")
            if p.returncode != 3 or "cannot connect" not in p.stderr:
                failures.append(f"refresh: exit status {p.returncode} (expected 3, 'cannot connect'):\n{p.stderr[-2000:]}")
            if os.listdir(cache) not in ([], ["refresh-state.json"]):
                failures.append(f"refresh: wrote {os.listdir(cache)}")
    if options.static and options.curl:
        # Alone, without its twin: every other command works, refresh says what it needs.
        with tempfile.TemporaryDirectory() as alone:
            helper = shutil.copy(options.helper, os.path.join(alone, "gator-rocm"))
            p = subprocess.run([helper, *refresh_args(alone)], env=env, capture_output=True, text=True, timeout=60)
            print(f"refresh without gator-rocm-dynamic: exit status {p.returncode}: {p.stderr.strip()}")
            if p.returncode != 2 or "needs gator-rocm-dynamic" not in p.stderr or alone not in p.stderr:
                failures.append(f"refresh without its twin: exit status {p.returncode} (expected 2, naming "
                                f"gator-rocm-dynamic and where it was looked for):\n{p.stderr[-2000:]}")
            if subprocess.run([helper, "--version"], env=env, capture_output=True).returncode != 0:
                failures.append("--version without the twin: failed")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
