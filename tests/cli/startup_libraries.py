#!/usr/bin/env python3
"""The shared libraries the helper loads, as the dynamic loader reports them (LD_DEBUG=libs).

Commands other than refresh load no libcurl (docs/development.md, "Start-up cost"): `--version`,
`index-url --no-exec` and `detect --json` on the 8×MI300X fixture; with --only-libc (the C++ runtime
linked in), they load the C library and the loader, nothing else (no libm: toml++ is built without the formatters
that need it). With --curl, `refresh` does load
it, when its first request is made (here to a closed port on the loopback interface: the request
fails, exit status 3, and nothing is written). Exit 0 when all holds, 1 otherwise, 125 (skipped)
where the loader does not report its libraries (not glibc's)."""
import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile


def loaded_libraries(helper, args, env):
    """The libraries the loader initialised, and the finished process."""
    p = subprocess.run([helper, *args], env=dict(env, LD_DEBUG="libs"), capture_output=True, text=True,
                       timeout=60)
    return re.findall(r"calling init: (\S+)", p.stderr), p


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
    options = parser.parse_args()
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    failures = []
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
        if options.only_libc and others:
            failures.append(f"{' '.join(args)}: loaded {', '.join(others)} besides the C library")
        print(f"{' '.join(args)}: {len(libraries)} libraries: {' '.join(os.path.basename(x) for x in libraries)}")
    if options.curl:
        with tempfile.TemporaryDirectory() as cache:
            args = ["refresh", "--index-base", f"http://127.0.0.1:{closed_loopback_port()}/", "--rocm", "7.0.2",
                    "--timeout", "1", "--cache-dir", cache]
            libraries, p = loaded_libraries(options.helper, args, env)
            if not any("libcurl" in path for path in libraries):
                failures.append("refresh: libcurl was not loaded")
            if p.returncode != 3 or "cannot connect" not in p.stderr:
                failures.append(f"refresh: exit status {p.returncode} (expected 3, 'cannot connect'):\n{p.stderr[-2000:]}")
            if os.listdir(cache) not in ([], ["refresh-state.json"]):
                failures.append(f"refresh: wrote {os.listdir(cache)}")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
