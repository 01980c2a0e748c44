#!/usr/bin/env python3
"""A loopback stand-in for download.pytorch.org/whl and for AMD's own indexes, for `gator-rocm
refresh`'s tests and bench.

The world it serves starts from the compatibility data itself (helper/data/compat.toml): every index
with its stable, nightly and test torch builds, torchvision / torchaudio companions, the ROCm wheels
of an index that does not bundle ROCm, and PEP 658 `.metadata` files made with tests/e2e/make_wheels.py
(Requires-Dist: the triton package, torchvision's torch pin). Tests then change the world (a new
index, a new release, a yanked file) and add faults per path (500 once, slow, truncated, garbage,
oversized, redirect loop, 404).

Project pages answer PEP 691 JSON when the Accept header asks for it, PEP 503 HTML otherwise; every
answer has an ETag (If-None-Match gives 304) and is gzipped when the client accepts it. The server
counts requests and body bytes sent, per path, so tests can tell what a second refresh cost.

AMD's indexes ([[amd_index]] of the data, not retired) are served under /amd/<name>/ as AMD's
static S3 pages are laid out (ROCm/TheRock build_tools): HTML only, whatever the Accept header;
"whl-next" indexes in the structured layout (files in the project's own directory, linked by
their percent-encoded name, PEP 658 attributes with the metadata's sha256, no #sha256 fragment),
the others in the flat layout of PyTorch's manage.py (files at the index root, linked as
../name#sha256=...). Builds carry AMD's labels ("2.14.0+rocm10.1.0"; nightlies
"2.16.0a0+rocm10.0.0a20261130").

    with Mirror(World.from_data(DATA)) as m:
        m.base      # "http://127.0.0.1:PORT/whl"
        m.amd_base  # "http://127.0.0.1:PORT/amd"
"""
from __future__ import annotations

import datetime
import gzip
import hashlib
import html
import http.server
import json
import os
import re
import socket
import sys
import threading
import time
import tomllib
import urllib.parse
from dataclasses import dataclass, field

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))

from make_wheels import Dist, dist_name, metadata_text, normalize  # noqa: E402

JSON_TYPE = "application/vnd.pypi.simple.v1+json"
TAGS = "cp312-cp312-manylinux_2_28_x86_64"


def version_key(v: str) -> tuple:
    return tuple(int(p) for p in re.findall(r"\d+", v))


@dataclass
class File:
    filename: str
    metadata: str            # the .metadata text ("" for an sdist)
    yanked: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(("stand-in " + self.filename).encode()).hexdigest()


@dataclass
class World:
    """path of a project page ("whl/rocm7.2/torch") -> its files; index roots in AMD's structured layout."""
    projects: dict[str, list[File]] = field(default_factory=dict)
    structured: set[str] = field(default_factory=set)

    def add(self, root: str, project: str, file: File) -> None:
        files = self.projects.setdefault(f"{root}/{normalize(project)}", [])
        if all(f.filename != file.filename for f in files):
            files.append(file)

    def remove_index(self, root: str) -> None:
        for key in [k for k in self.projects if k.startswith(root + "/")]:
            del self.projects[key]

    def add_torch(self, root: str, version: str, index: str, *, triton: tuple[str, str] | None = None,
                  triton_on_index: bool = True, torchvision: str | None = None, torchaudio: bool | str = False,
                  yanked: bool = False) -> None:
        """torch `version` (public) built for `index` (the local label) on the index at `root`, with its
        companions: the triton it requires (and, unless told otherwise, that triton's wheel on the same
        index), torchvision `torchvision` and torchaudio (torch's version, or the one given) with the same label."""
        requires = ["filelock"]
        if triton:
            op = "~=" if triton[1].endswith("*") else "=="
            triton_version = triton[1].replace("*", "0")
            requires.append(f'{triton[0]}{op}{triton_version}; platform_system == "Linux"')
            if triton_on_index:
                self.add(root, triton[0], File(f"{dist_name(triton[0])}-{triton_version}-{TAGS}.whl",
                                               metadata_text(Dist(triton[0], triton_version, "pytorch"))))
        full = f"{version}+{index}"
        self.add(root, "torch", File(f"torch-{full}-{TAGS}.whl", metadata_text(Dist("torch", full, "pytorch", requires=requires)),
                                     yanked))
        if torchvision:
            tv = f"{torchvision}+{index}"
            self.add(root, "torchvision", File(f"torchvision-{tv}-{TAGS}.whl",
                                               metadata_text(Dist("torchvision", tv, "pytorch", requires=[f"torch=={full}"]))))
        if torchaudio:
            ta = f"{torchaudio}+{index}" if isinstance(torchaudio, str) else full
            self.add(root, "torchaudio", File(f"torchaudio-{ta}-{TAGS}.whl",
                                              metadata_text(Dist("torchaudio", ta, "pytorch", requires=[f"torch=={full}"]))))

    def add_amd(self, data_index: dict, today: datetime.date) -> None:
        """One of AMD's indexes as the data describes it, under amd/<name>."""
        root = f"amd/{data_index['name']}"
        if "whl-next" in data_index["url"]:
            self.structured.add(root)
        builds = {b["torch"].split("+")[0]: b for b in data_index.get("builds", [])}
        lowest = re.match(r">=(\d+\.\d+)", data_index["serves"]).group(1) + ".0"
        fallback = min((b["torch"].split("+")[1] for b in builds.values()), default=f"rocm{lowest}",
                       key=lambda label: version_key(label))
        day = (today - datetime.timedelta(days=2)).strftime("%Y%m%d")
        for channel in ("stable", "nightly", "test"):
            for t in data_index.get(channel, {}).get("torch", []):
                if channel == "nightly":
                    self.add_torch(root, f"{t}.0a0", f"rocm{lowest}a{day}")
                    continue
                build = builds.get(t, {})
                label = build["torch"].split("+")[1] if build else fallback
                self.add_torch(root, t, label, torchvision=build.get("torchvision", "+").split("+")[0] or None,
                               torchaudio=build.get("torchaudio", "+").split("+")[0] or False)

    @staticmethod
    def from_data(path: str, today: datetime.date | None = None) -> "World":
        """What the indexes hold according to the data: each channel's torch builds, as of `today`."""
        with open(path, "rb") as f:
            data = tomllib.load(f)
        today = today or datetime.date.today()
        releases = {t["version"]: t for t in data["torch"]}
        world = World()
        for index in data["index"]:
            name = index["name"]
            for channel, root in (("stable", "whl"), ("nightly", "whl/nightly"), ("test", "whl/test")):
                build = index.get(channel)
                if not build or build.get("retired"):
                    continue  # a retired nightly set has aged out of the index
                r = f"{root}/{name}"
                for t in build["torch"]:
                    if channel == "nightly":
                        day = (today - datetime.timedelta(days=2)).strftime("%Y%m%d")
                        world.add_torch(r, f"{t}.0.dev{day}", name)
                        continue
                    rel = releases.get(t, {})
                    triton = rel.get("triton")
                    world.add_torch(r, t, name, triton=(triton["package"], triton["version"]) if triton and triton.get("version") else None,
                                    torchvision=rel.get("torchvision") if channel == "stable" else None,
                                    torchaudio=bool(rel.get("torchaudio")) and channel == "stable")
                if not index.get("bundles_rocm", True):
                    world.add(r, "rocm", File(f"rocm-{index['rocm']}.0.tar.gz", ""))
        for amd in data.get("amd_index", []):
            if not amd.get("retired"):
                world.add_amd(amd, today)
        return world


class Mirror:
    """Serves a World on 127.0.0.1 (port from the OS) in a thread; `faults` maps a URL path to a fault."""

    def __init__(self, world: World, *, html_only: bool = False):
        self.world = world
        self.html_only = html_only
        self.faults: dict[str, str] = {}
        self.slow_s = 3.0
        self.lock = threading.Lock()
        self.requests: dict[str, int] = {}
        self.body_bytes = 0
        self.statuses: dict[int, int] = {}
        self.gzipped = 0
        mirror = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, fmt, *args):
                pass

            def setup(self):
                super().setup()
                # Headers and body go out in two writes: without this, delayed ACKs add 40 ms to
                # every answer on a kept-alive connection, which real servers do not.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self):
                mirror._handle(self)

        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, address: None  # a client that hangs up (size cap) is expected
        self.port = self._httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}/whl"
        self.amd_base = f"http://127.0.0.1:{self.port}/amd"
        self._thread: threading.Thread | None = None

    def __enter__(self) -> "Mirror":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._thread.join(timeout=10)
        self._httpd.server_close()

    def reset_counts(self) -> None:
        with self.lock:
            self.requests.clear()
            self.statuses.clear()
            self.body_bytes = 0
            self.gzipped = 0

    # ---- pages ----

    def _page(self, key: str, as_json: bool) -> tuple[str, bytes]:
        files = self.world.projects[key]
        root, project = key.rsplit("/", 1)
        if root.startswith("amd/"):
            return "text/html", self._amd_page(project, files, structured=root in self.world.structured)
        if as_json:
            doc = {"meta": {"api-version": "1.1"}, "name": project, "files": [
                {"filename": f.filename, "url": f"../{urllib.parse.quote(f.filename)}",
                 "hashes": {"sha256": f.sha256}, "requires-python": ">=3.9",
                 **({"core-metadata": {"sha256": hashlib.sha256(f.metadata.encode()).hexdigest()}} if f.metadata else {}),
                 **({"yanked": True} if f.yanked else {})} for f in files]}
            return JSON_TYPE, json.dumps(doc, indent=1).encode()
        lines = ["<!DOCTYPE html>", "<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
                 f"<title>Links for {project}</title></head><body>", f"<h1>Links for {project}</h1>"]
        for f in files:
            href = html.escape(f"../{urllib.parse.quote(f.filename)}#sha256={f.sha256}")
            extra = ' data-dist-info-metadata="true" data-core-metadata="true"' if f.metadata else ""
            extra += ' data-yanked=""' if f.yanked else ""
            lines.append(f'<a href="{href}" data-requires-python="&gt;=3.9"{extra}>{html.escape(f.filename)}</a><br/>')
        lines.append("</body></html>")
        return "text/html", ("\n".join(lines) + "\n").encode()

    @staticmethod
    def _amd_page(project: str, files: list[File], structured: bool) -> bytes:
        lines = ["<!DOCTYPE html>", "<html>", "  <body>", f"    <h1>Links for {project}</h1>"]
        for f in sorted(files, key=lambda f: f.filename):
            href = urllib.parse.quote(f.filename) if structured else f"../{urllib.parse.quote(f.filename)}#sha256={f.sha256}"
            meta = hashlib.sha256(f.metadata.encode()).hexdigest()
            extra = f' data-dist-info-metadata="sha256={meta}" data-core-metadata="sha256={meta}"' if f.metadata else ""
            lines.append(f'    <a href="{href}"{extra}>{html.escape(f.filename)}</a><br/>')
        lines += ["  </body>", "</html>", "<!--TIMESTAMP 1788000000-->"]
        return "\n".join(lines).encode()

    def _metadata(self, path: str) -> bytes | None:
        # <root>/<filename>.metadata: files sit beside their project pages, as on download.pytorch.org and
        # in AMD's flat layout; in AMD's structured layout, in the project's own directory.
        root, filename = path.rsplit("/", 1)
        filename = urllib.parse.unquote(filename[: -len(".metadata")])
        for key, files in self.world.projects.items():
            if (key if key.rsplit("/", 1)[0] in self.world.structured else key.rsplit("/", 1)[0]) == root:
                for f in files:
                    if f.filename == filename and f.metadata:
                        return f.metadata.encode()
        return None

    # ---- the handler ----

    def _handle(self, h: http.server.BaseHTTPRequestHandler) -> None:
        path = urllib.parse.urlsplit(h.path).path
        with self.lock:
            self.requests[path] = self.requests.get(path, 0) + 1
            count = self.requests[path]
        fault = self.faults.get(path)
        if fault == "500-once" and count == 1 or fault == "500":
            return self._send(h, 500, "text/plain", b"internal error\n")
        if fault == "404":
            return self._send(h, 404, "text/plain", b"not found\n")
        if fault == "redirect-loop":
            h.send_response(302)
            h.send_header("Location", path)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return self._count(302, 0)
        if fault == "slow":
            time.sleep(self.slow_s)
        if fault == "garbage":
            return self._send(h, 200, "text/html", bytes(range(256)) * 64)
        if fault == "oversized":
            return self._send(h, 200, "text/html", b"<html>" + b" " * (17 << 20) + b"</html>")
        if fault == "truncated":
            body = b"<html><body><a href=\"x-1.0-py3-none-any.whl\">x-1.0-py3-none-any.whl</a>"
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Length", str(len(body) + 5000))
            h.end_headers()
            h.wfile.write(body)
            h.wfile.flush()
            h.close_connection = True
            return self._count(200, len(body))
        if path.endswith(".metadata"):
            body = self._metadata(path[1:])
            if body is None:
                return self._send(h, 404, "text/plain", b"not found\n")
            return self._send(h, 200, "application/octet-stream", body)
        key = path.strip("/")
        if key not in self.world.projects:
            return self._send(h, 404, "text/plain", b"not found\n")
        as_json = not self.html_only and JSON_TYPE in (h.headers.get("Accept") or "")
        content_type, body = self._page(key, as_json)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if h.headers.get("If-None-Match") == etag:
            h.send_response(304)
            h.send_header("ETag", etag)
            h.end_headers()
            return self._count(304, 0)
        self._send(h, 200, content_type, body, etag=etag)

    def _send(self, h, status: int, content_type: str, body: bytes, etag: str | None = None) -> None:
        gzipped = "gzip" in (h.headers.get("Accept-Encoding") or "") and len(body) > 512
        if gzipped:
            body = gzip.compress(body, mtime=0)
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.send_header("Vary", "Accept, Accept-Encoding")
        if gzipped:
            h.send_header("Content-Encoding", "gzip")
        if etag:
            h.send_header("ETag", etag)
        h.end_headers()
        try:
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        with self.lock:
            self.gzipped += int(gzipped)
        self._count(status, len(body))

    def _count(self, status: int, nbytes: int) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.body_bytes += nbytes
