"""ui/frontend_files.py: Streamlit's frontend files answered from memory, each page's element code preloaded.

The ASGI middleware is driven directly (an HTTP scope in, the response messages out) on a made-up static folder,
and its element table is checked against the installed Streamlit's bundle. What a browser gains from it is in
tests/dashboard/test_frontend_files_browser.py and bench/bench_browser.py."""
from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest

from ui.frontend_files import (PAGE_ELEMENTS, Frontend, FrontendFiles, element_modules, preload_tags,
                               streamlit_static_dir)

INDEX = (b'<html><head><title>t</title><link rel="modulepreload" crossorigin href="./static/js/shared.B2.js">'
         b"</head><body></body></html>")
BUNDLE = ('const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./Table.A1.js","./shared.B2.js",'
          '"./DataFrame.C3.js","../css/DataFrame.D4.css","./Slider.E5.js"])))=>i.map(i=>d[i]);'
          'x=(0,U.lazy)(()=>H(()=>import(`./Table.A1.js`),__vite__mapDeps([0,1]),import.meta.url)),'
          'y=(0,U.lazy)(()=>H(()=>import(`./DataFrame.C3.js`).then(e=>e.n),__vite__mapDeps([2,1,3]),import.meta.url)),'
          'z=(0,U.lazy)(()=>H(()=>import(`./Slider.E5.js`),__vite__mapDeps([4,1]),import.meta.url))')


def _static(tmp_path: Path) -> Path:
    root = tmp_path / "frontend"
    (root / "static" / "js").mkdir(parents=True)
    (root / "static" / "css").mkdir()
    (root / "index.html").write_bytes(INDEX)
    (root / "static" / "js" / "index.Z9.js").write_text(BUNDLE)
    for name, text in {"js/shared.B2.js": "export const s=1;", "js/DataFrame.C3.js": "export const n=2;",
                       "js/Slider.E5.js": "export const v=3;", "css/DataFrame.D4.css": ".a{}"}.items():
        (root / "static" / name).write_text(text)
    (tmp_path / "secret.txt").write_text("not for browsers")
    return root


class _Downstream:
    """Stands for Streamlit's app: answers 404 'streamlit' and records the paths it was asked for."""

    def __init__(self) -> None:
        self.paths: list[str] = []

    async def __call__(self, scope, receive, send):
        self.paths.append(scope["path"])
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit"})


def _get(app, path: str, method: str = "GET", headers: dict[bytes, bytes] | None = None):
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "headers": list((headers or {}).items())}
    asyncio.run(app(scope, receive, send))
    start, body = sent[0], b"".join(m.get("body", b"") for m in sent[1:])
    return start["status"], dict(start["headers"]), body


def test_static_files_are_answered_from_memory_with_type_etag_and_immutable_caching(tmp_path):
    root = _static(tmp_path)
    down = _Downstream()
    app = FrontendFiles(down, Frontend(root, pages={}))
    status, headers, body = _get(app, "/static/js/Slider.E5.js")
    assert (status, body) == (200, b"export const v=3;")
    assert headers[b"content-type"] == b"application/javascript"
    assert headers[b"cache-control"] == b"public, immutable, max-age=31536000"
    assert headers[b"content-length"] == b"17"
    (root / "static" / "js" / "Slider.E5.js").unlink()  # read once: later requests never touch the disk
    assert _get(app, "/static/js/Slider.E5.js")[2] == b"export const v=3;"
    css = _get(app, "/static/css/DataFrame.D4.css")[1]
    assert css[b"content-type"] == b"text/css; charset=utf-8"
    assert _get(app, "/static/js/Slider.E5.js", "HEAD")[2] == b""
    status, again, body = _get(app, "/static/js/Slider.E5.js", headers={b"if-none-match": headers[b"etag"]})
    assert (status, body) == (304, b"")
    assert down.paths == []


def test_anything_but_a_listed_static_file_goes_on_to_streamlit(tmp_path):
    root = _static(tmp_path)
    down = _Downstream()
    app = FrontendFiles(down, Frontend(root, pages={}))
    asked = ["/static/js/missing.js", "/static/../../secret.txt", "/static/js/../../index.html", "/_stcore/health",
             "/", "/static/js"]
    for path in asked:
        assert _get(app, path) == (404, {}, b"streamlit")
    assert _get(app, "/static/js/shared.B2.js", "POST")[2] == b"streamlit"
    assert down.paths == asked + ["/static/js/shared.B2.js"]


def test_each_listed_page_gets_its_element_modules_preloaded_once_each_in_order(tmp_path):
    root = _static(tmp_path)
    app = FrontendFiles(_Downstream(), Frontend(root, pages={"": ("DataFrame", "Slider"), "Join": ("Slider",)}))
    status, headers, body = _get(app, "/")
    assert status == 200 and headers[b"cache-control"] == b"no-cache"
    assert headers[b"content-type"] == b"text/html; charset=utf-8"
    head = body.split(b"</head>")[0].decode()
    assert head.split("</title>")[1] == (  # shared.B2.js once: the page itself names it
        '<link rel="modulepreload" crossorigin href="./static/js/shared.B2.js">'
        '<link rel="modulepreload" crossorigin href="./static/js/DataFrame.C3.js">'
        '<link rel="preload" as="style" crossorigin href="./static/css/DataFrame.D4.css">'
        '<link rel="modulepreload" crossorigin href="./static/js/Slider.E5.js">')
    join = _get(app, "/Join")[2].decode()
    assert join.count("modulepreload") == 2 and "DataFrame" not in join and "Slider.E5.js" in join
    assert _get(app, "/Other")[2] == b"streamlit"  # a page not in the table: as Streamlit serves it


def test_under_a_base_url_path_only_that_path_is_answered(tmp_path, monkeypatch):
    from streamlit import config

    root = _static(tmp_path)
    app = FrontendFiles(_Downstream(), Frontend(root, pages={"": ("Slider",)}))
    monkeypatch.setattr(config, "get_option", lambda name: "/scoring/" if name == "server.baseUrlPath" else None)
    assert _get(app, "/scoring/static/js/Slider.E5.js")[2] == b"export const v=3;"
    assert b"Slider.E5.js" in _get(app, "/scoring/")[2]
    assert _get(app, "/static/js/Slider.E5.js")[2] == b"streamlit"
    assert _get(app, "/scoringX/static/js/Slider.E5.js")[2] == b"streamlit"


def test_text_files_go_gzipped_to_browsers_that_accept_it_and_small_or_packed_files_as_they_are(tmp_path):
    root = _static(tmp_path)
    big = ("export const table = [" + ",".join(f'"row {i}"' for i in range(3000)) + "];").encode()
    (root / "static" / "js" / "Big.F6.js").write_bytes(big)
    (root / "static" / "media").mkdir()
    (root / "static" / "media" / "font.G7.woff2").write_bytes(bytes(range(256)) * 20)
    frontend = Frontend(root, pages={})
    app = FrontendFiles(_Downstream(), frontend)
    gz = {b"accept-encoding": b"gzip, deflate, br"}
    status, headers, body = _get(app, "/static/js/Big.F6.js", headers=gz)
    assert headers[b"content-encoding"] == b"gzip" and headers[b"vary"] == b"Accept-Encoding"
    assert gzip.decompress(body) == big and int(headers[b"content-length"]) == len(body) < len(big) / 4
    plain = _get(app, "/static/js/Big.F6.js")
    assert plain[2] == big and b"content-encoding" not in plain[1] and plain[1][b"etag"] == headers[b"etag"]
    assert b"content-encoding" not in _get(app, "/static/js/shared.B2.js", headers=gz)[1]  # 17 bytes
    font = _get(app, "/static/media/font.G7.woff2", headers=gz)
    assert b"content-encoding" not in font[1] and font[2] == bytes(range(256)) * 20
    assert _get(FrontendFiles(_Downstream(), frontend, compress=False), "/static/js/Big.F6.js", headers=gz)[2] == big


def test_prepare_reads_every_file_the_pages_name_before_anyone_asks(tmp_path):
    root = _static(tmp_path)
    frontend = Frontend(root, pages={"": ("DataFrame",)})
    assert frontend.cache == {}
    assert frontend.prepare() == 3
    assert set(frontend.cache) == {"/static/js/shared.B2.js", "/static/js/DataFrame.C3.js",
                                   "/static/css/DataFrame.D4.css"}


def test_every_element_module_the_pages_name_is_in_the_installed_streamlit_bundle():
    """The table names Streamlit's module files; a Streamlit upgrade that renames one must fail here."""
    static = streamlit_static_dir() / "static" / "js"
    modules = element_modules(next(static.glob("index.*.js")).read_text(encoding="utf-8"))
    assert len(modules) > 30  # the bundle's table was read at all
    wanted = {name for names in PAGE_ELEMENTS.values() for name in names}
    assert wanted <= set(modules), sorted(wanted - set(modules))
    for name in wanted:
        files = modules[name]
        assert Path(files[0]).name.startswith(name + "."), files[0]
        for file in files:
            assert (static / file).resolve().is_file(), file
    index = (streamlit_static_dir() / "index.html").read_text(encoding="utf-8")
    tags = preload_tags(modules, PAGE_ELEMENTS[""], index).decode()
    needed = {f for n in PAGE_ELEMENTS[""] for f in modules[n] if f.endswith(".js")}
    named = {f for f in needed if f"./static/js/{f[2:]}" in index}  # Streamlit's page preloads these itself
    assert named and tags.count('rel="modulepreload"') == len(needed - named)


def test_a_bundle_without_a_dependency_table_leaves_pages_as_streamlit_serves_them(tmp_path):
    root = _static(tmp_path)
    (root / "static" / "js" / "index.Z9.js").write_text("console.log(1)")
    assert element_modules("console.log(1)") == {}
    app = FrontendFiles(_Downstream(), Frontend(root, pages={"": ("Slider",)}))
    assert _get(app, "/")[2] == b"streamlit"
