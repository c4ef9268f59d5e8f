"""Streamlit's frontend files (JavaScript, CSS, fonts) from memory, and each page's code asked for up front.

An ASGI middleware for the dashboard's server (ui/server_app.py, which `scoring dashboard` and `scoring serve`
start). Two costs of a first visit that are Streamlit's, not the app's (issue 12, bench/bench_browser.py):

- **Serving.** A first page fetches ~140 files (5.4 MB). Streamlit hands each out through Starlette's StaticFiles:
  a file-system stat and thread hops per file, on the one event loop that also runs the websocket. The files have
  hashed names and never change while the server runs, so `FrontendFiles` reads each once, keeps it in memory and
  answers every later request for it at once (with its ETag, and Streamlit's own one-year immutable caching).
- **Late code.** The code of each element (the table, a slider, a radio...) is fetched only when the first element
  of that kind arrives over the websocket, about a second into the visit, and the table's code is ~1.2 MB. Each
  page's HTML is served with `<link rel="modulepreload">` for the elements that page draws (`PAGE_ELEMENTS`), so
  the browser fetches and compiles them while it is still starting Streamlit.

Only names found under Streamlit's static directory when the server starts are answered (they are looked up in
a listing made then, never joined into a path); everything else goes on to Streamlit unchanged. When the element
table cannot be read from Streamlit's bundle (another Streamlit version), pages are served as Streamlit serves
them; tests/dashboard/test_frontend_files.py fails then, so the table gets updated.
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

# What each page draws on its first screen, as the names of Streamlit's lazily loaded element modules
# (static/js/<Name>.<hash>.js). Measured in Chromium: the element modules each page fetched after its websocket
# opened (tests/dashboard/test_frontend_files.py checks that the main page fetches none late). "lib" is loaded
# by every page. Keys are the pages' address paths ('' is the main page, whose first view is Rank).
PAGE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "": ("DataFrame", "Slider", "Selectbox", "Radio", "Checkbox", "Html", "ButtonGroup", "FileUploader", "lib"),
    "Join_workshop": ("TextInput", "lib"),
    "Facilitator": ("Radio", "Selectbox", "TextInput", "lib"),
    "Build_a_table": ("Button", "FileUploader", "Progress", "TextInput", "lib"),
}
IMMUTABLE = b"public, immutable, max-age=31536000"  # Streamlit's own header for these hashed files
GZIP_MIN_BYTES = 1024  # smaller files gain less than a packet
# Vite's table of every lazily imported module's files, at the top of Streamlit's index.<hash>.js
_FILE_TABLE = re.compile(r"m\.f=\[(.*?)\]\)")
_LAZY_IMPORT = re.compile(r"import\(`\./([^`]+)`\)[^`]{0,60}?__vite__mapDeps\(\[([\d,]*)\]\)")


@dataclass(frozen=True)
class Asset:
    """One file as answered: its bytes, their gzip form (None when not worth it), Content-Type, ETag (a quoted MD5
    of the bytes) and Cache-Control."""

    body: bytes
    gzipped: bytes | None
    content_type: bytes
    etag: bytes
    cache_control: bytes


def make_asset(body: bytes, name: str, cache_control: bytes = IMMUTABLE) -> Asset:
    """The file `name` (for its type) with these bytes, typed as Streamlit's StaticFiles types it; text (scripts,
    styles, HTML, JSON, SVG) of GZIP_MIN_BYTES or more is also compressed, once (fonts and images already are)."""
    kind = "application/javascript" if name.endswith(".js") else mimetypes.guess_type(name)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        kind += "; charset=utf-8"
    packed = None
    if len(body) >= GZIP_MIN_BYTES and (kind.startswith(("text/", "application/javascript", "application/json"))
                                        or name.endswith(".svg")):
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        packed = packed if len(packed) < len(body) * 0.9 else None
    return Asset(body, packed, kind.encode(), b'"' + hashlib.md5(body).hexdigest().encode() + b'"', cache_control)


def streamlit_static_dir() -> Path:
    """The folder Streamlit serves its frontend from (index.html, static/js, static/css, static/media)."""
    from streamlit import file_util

    return Path(file_util.get_static_dir())


def element_modules(index_js: str) -> dict[str, list[str]]:
    """Each lazily imported module of Streamlit's bundle -> the files it needs, itself first.

    `index_js` is the text of static/js/index.<hash>.js; names are the module files' stems ("DataFrame"), files
    are paths relative to static/js as the bundle writes them ("./DataFrame.-f9-1zS0.js", "../css/x.css").
    Empty when the bundle has no Vite dependency table (another build tool or version)."""
    table = _FILE_TABLE.search(index_js)
    if table is None:
        return {}
    files = [f.strip().strip('"') for f in table.group(1).split(",")]
    modules: dict[str, list[str]] = {}
    for match in _LAZY_IMPORT.finditer(index_js):
        ids = [int(i) for i in match.group(2).split(",") if i]
        if ids and max(ids) < len(files):
            modules[match.group(1).split(".", 1)[0]] = [files[i] for i in ids]
    return modules


def preload_tags(modules: dict[str, list[str]], names: tuple[str, ...], page: str = "") -> bytes:
    """`<link>` tags that fetch these modules and every file they need, each once, in order, leaving out the files
    `page` (the HTML they go into) already names: modulepreload for JavaScript, preload-as-style for CSS (fetched,
    not applied: the module applies it when it runs), both CORS as Vite's loader asks for them, else the browser
    would not use what it preloaded and fetch each file again."""
    seen: dict[str, None] = {}
    for name in names:
        seen.update(dict.fromkeys(modules.get(name, [])))
    tags = []
    for file in seen:
        href = "./static/js/" + file[2:] if file.startswith("./") else "./static/" + file.removeprefix("../")
        if f'"{href}"' in page:
            continue
        if file.endswith(".js"):
            tags.append(f'<link rel="modulepreload" crossorigin href="{href}">')
        elif file.endswith(".css"):
            tags.append(f'<link rel="preload" as="style" crossorigin href="{href}">')
    return "".join(tags).encode()


class Frontend:
    """Streamlit's frontend as answered: the files listed under its static folder (read and kept on first use) and
    each page's HTML with its preload tags (`PAGE_ELEMENTS`, or `pages`)."""

    def __init__(self, directory: Path | None = None, pages: dict[str, tuple[str, ...]] | None = None) -> None:
        root = directory or streamlit_static_dir()
        static = root / "static"
        self.files = {"/" + p.relative_to(root).as_posix(): p for p in static.rglob("*") if p.is_file()}
        self.cache: dict[str, Asset] = {}
        index = (root / "index.html").read_bytes()
        bundle = next(static.glob("js/index.*.js"), None)
        modules = element_modules(bundle.read_text(encoding="utf-8")) if bundle else {}
        self.pages: dict[str, Asset] = {}
        for path, names in (PAGE_ELEMENTS if pages is None else pages).items():
            tags = preload_tags(modules, names, index.decode("utf-8"))
            if tags and b"</head>" in index:
                self.pages["/" + path] = make_asset(index.replace(b"</head>", tags + b"</head>", 1), "index.html",
                                                    b"no-cache")

    def asset(self, path: str) -> Asset | None:
        """The asset answered at `path` (relative to the base URL, with its leading slash), or None."""
        if path in self.pages:
            return self.pages[path]
        found = self.cache.get(path)
        if found is None and path in self.files:
            found = self.cache[path] = make_asset(self.files[path].read_bytes(), path)
        return found

    def prepare(self) -> int:
        """Read and compress now every file a listed page names (its scripts, styles and preloads), so the first
        visitor does not wait for it; the number of files."""
        named = {link.decode().removeprefix(".") for page in self.pages.values()
                 for link in re.findall(rb'(?:href|src)="(\./static/[^"]+)"', page.body)}
        for path in named:
            self.asset(path)
        return len(named)


@functools.lru_cache(maxsize=1)
def default_frontend() -> Frontend:
    """The installed Streamlit's frontend with PAGE_ELEMENTS, one per process (ui/launch.py prepares it)."""
    return Frontend()


class FrontendFiles:
    """ASGI middleware: GET/HEAD of Streamlit's static files from memory, in gzip form where the browser accepts it
    and `compress`; each page in PAGE_ELEMENTS served with its modules preloaded. Everything else (the websocket,
    health checks, uploads, other paths and methods) goes on to `app`, Streamlit's own server."""

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
            elif path == base or path.startswith(base + "/"):
                found = self.frontend.asset(path[len(base):] or "/")
        if found is None:
            return await self.app(scope, receive, send)
        request = dict(scope["headers"])
        headers = [(b"content-type", found.content_type), (b"cache-control", found.cache_control),
                   (b"etag", found.etag), (b"vary", b"Accept-Encoding")]
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
