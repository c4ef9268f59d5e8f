"""Streamlit's frontend files (JavaScript, CSS, fonts) answered from memory, compressed for browsers that accept it.

An ASGI middleware for the dashboard's server (ui/server_app.py, which `scoring dashboard` and `scoring serve`
start). A first visit fetches ~140 of Streamlit's files (5.4 MB); Streamlit hands each out through Starlette's
StaticFiles, with a file-system stat and thread hops per file on the one event loop that also runs every websocket,
and never compressed. The files have hashed names and never change while the server runs, so `FrontendFiles`
reads each once and keeps it, with its gzip form for text, and answers later requests from memory (with its ETag and
Streamlit's own one-year immutable caching). Measured (bench/bench_browser.py and same-window A/Bs in Chromium,
issue 12): the server's CPU for one first page's files 210 -> 70 ms; a first page p50 2855 -> 2488 ms on the
loopback; 4.9 -> 1.6 MB sent to a phone, whose first page over 5 Mbit/s went 9.5 -> 5.6 s.

Tried and left out: `<link rel="modulepreload">` for the code of each page's elements (fetched otherwise only when
the first element of its kind arrives over the websocket). At normal priority it made the first page slower
(2488 -> 2907 ms p50: it competes with Streamlit's own bundle and delays the websocket); at low priority it changed
nothing measurable (2474 ms; 3542 -> 3453 ms over 5 Mbit/s).

Only names found under Streamlit's static directory when the server starts are answered (they are looked up in a
listing made then, never joined into a path); everything else goes on to Streamlit unchanged.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import mimetypes
import re
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

IMMUTABLE = b"public, immutable, max-age=31536000"  # Streamlit's own header for these hashed files
GZIP_MIN_BYTES = 1024  # smaller files gain less than a packet
_NAMED = re.compile(rb'(?:href|src)="\./(static/[^"]+)"')  # the files Streamlit's index.html names


@dataclass(frozen=True)
class Asset:
    """One file as answered: its bytes, their gzip form (None when not worth it), Content-Type and ETag (a quoted
    MD5 of the bytes)."""

    body: bytes
    gzipped: bytes | None
    content_type: bytes
    etag: bytes


def make_asset(body: bytes, name: str) -> Asset:
    """The file `name` (for its type) with these bytes, typed as Streamlit's StaticFiles types it; text (scripts,
    styles, JSON, SVG) of GZIP_MIN_BYTES or more is also compressed, once (fonts and images already are)."""
    kind = "application/javascript" if name.endswith(".js") else mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    packed = None
    if len(body) >= GZIP_MIN_BYTES and (kind.startswith(("text/", "application/javascript", "application/json"))
                                        or name.endswith(".svg")):
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        packed = packed if len(packed) < len(body) * 0.9 else None
    return Asset(body, packed, kind.encode(), b'"' + hashlib.md5(body).hexdigest().encode() + b'"')


def streamlit_static_dir() -> Path:
    """The folder Streamlit serves its frontend from (index.html, static/js, static/css, static/media)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir())


class Frontend:
    """Streamlit's frontend files as answered: those listed under its static folder when this is made, each read
    (and compressed) on first use and kept."""

    def __init__(self, directory: Path | None = None) -> None:
        self.root = directory or streamlit_static_dir()
        self.files = {"/" + p.relative_to(self.root).as_posix(): p for p in (self.root / "static").rglob("*")
                      if p.is_file()}
        self.cache: dict[str, Asset] = {}

    def asset(self, path: str) -> Asset | None:
        """The asset answered at `path` (relative to the base URL, with its leading slash), or None."""
        found = self.cache.get(path)
        if found is None and path in self.files:
            try:
                body = self.files[path].read_bytes()
            except OSError:  # gone since the listing (Streamlit upgraded under a running server): Streamlit answers
                return None
            found = self.cache[path] = make_asset(body, path)
        return found

    def prepare(self) -> int:
        """Read and compress now every file Streamlit's page names (its scripts, styles and fonts), so the first
        visitor does not wait for it; the number of files."""
        named = {"/" + m.decode() for m in _NAMED.findall((self.root / "index.html").read_bytes())}
        for path in named:
            self.asset(path)
        return len(named & set(self.cache))


@functools.lru_cache(maxsize=1)
def default_frontend() -> Frontend:
    """The installed Streamlit's frontend, one per process (ui/launch.py prepares it before the server listens)."""
    return Frontend()


class FrontendFiles:
    """ASGI middleware: GET/HEAD of Streamlit's static files from memory, in gzip form where the browser accepts it
    and `compress`. Everything else (pages, the websocket, health checks, uploads, other paths and methods) goes on
    to `app`, Streamlit's own server."""

    def __init__(self, app: ASGIApp, frontend: Frontend | None = None, compress: bool = True) -> None:
        self.app = app
        self.frontend = frontend or default_frontend()
        self.compress = compress

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = None
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            from streamlit import config

            base = "/" + (config.get_option("server.baseUrlPath") or "").strip("/")
            path = scope["path"]
            if base == "/":
                found = self.frontend.asset(path)
            elif path.startswith(base + "/"):
                found = self.frontend.asset(path[len(base):])
        if found is None:
            return await self.app(scope, receive, send)
        request = dict(scope["headers"])
        headers = [(b"content-type", found.content_type), (b"cache-control", IMMUTABLE), (b"etag", found.etag),
                   (b"vary", b"Accept-Encoding")]
        if request.get(b"if-none-match") == found.etag:
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            return await send({"type": "http.response.body", "body": b""})
        body = found.body
        if found.gzipped is not None and self.compress and b"gzip" in request.get(b"accept-encoding", b""):
            body = found.gzipped
            headers.append((b"content-encoding", b"gzip"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
