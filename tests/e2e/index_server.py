#!/usr/bin/env python3
"""Serves a directory over HTTP on 127.0.0.1 (loopback only), on a port the OS assigns.

As a library::

    with IndexServer("/path/to/wheels") as server:
        server.url("default/simple/")   # -> "http://127.0.0.1:PORT/default/simple/"

As a program: ``index_server.py DIR`` prints the port on the first line of stdout, then serves
until SIGINT or SIGTERM, and exits 0.
"""
from __future__ import annotations

import functools
import http.server
import os
import signal
import sys
import threading


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    # pip asks for project pages with and without the trailing slash; both work with the stock
    # handler (it redirects). Keep the test output free of access logs unless asked.
    verbose = False

    def log_message(self, fmt, *args):
        if self.verbose:
            sys.stderr.write("index_server: " + (fmt % args) + "\n")


class IndexServer:
    def __init__(self, directory: str, verbose: bool = False):
        if not os.path.isdir(directory):
            raise FileNotFoundError(f"index_server: no such directory: {directory}")
        handler = functools.partial(type("Handler", (_QuietHandler,), {"verbose": verbose}),
                                    directory=os.path.abspath(directory))
        # Port 0: the OS picks a free port, so tests running side by side never collide.
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}/{path.lstrip('/')}"

    def start(self) -> "IndexServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="index-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> "IndexServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[1].startswith("-"):
        print("usage: index_server.py DIR", file=sys.stderr)
        return 2
    server = IndexServer(argv[1], verbose=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with server:
        print(server.port, flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
