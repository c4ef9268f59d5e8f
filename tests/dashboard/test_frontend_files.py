"""ui/frontend_files.py: Streamlit's frontend files answered from memory, gzipped for browsers that accept it.

The ASGI middleware is driven directly (an HTTP scope in, the response messages out) on a made-up static folder.
What a browser gets from it is in tests/dashboard/test_frontend_files_browser.py; what it gains, bench/bench_browser.py."""
from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

from ui.frontend_files import Frontend, FrontendFiles

INDEX = (b'<html><head><title>t</title><link rel="modulepreload" crossorigin href="./static/js/shared.B2.js">'
         b'<link rel="stylesheet" crossorigin href="./static/css/DataFrame.D4.css">'
         b'<script type="module" crossorigin src="./static/js/missing.js"></script></head><body></body></html>')


def _static(tmp_path: Path) -> Path:
    root = tmp_path / "frontend"
    (root / "static" / "js").mkdir(parents=True)
    (root / "static" / "css").mkdir()
    (root / "index.html").write_bytes(INDEX)
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
    app = FrontendFiles(down, Frontend(root))
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
    app = FrontendFiles(down, Frontend(root))
    asked = ["/static/js/missing.js", "/static/../../secret.txt", "/static/js/../../index.html", "/_stcore/health",
             "/", "/static/js"]
    for path in asked:
        assert _get(app, path) == (404, {}, b"streamlit")
    assert _get(app, "/static/js/shared.B2.js", "POST")[2] == b"streamlit"
    (root / "static" / "js" / "DataFrame.C3.js").unlink()  # listed at start, gone before anyone asked
    assert _get(app, "/static/js/DataFrame.C3.js") == (404, {}, b"streamlit")
    assert down.paths == asked + ["/static/js/shared.B2.js", "/static/js/DataFrame.C3.js"]


def test_under_a_base_url_path_only_that_path_is_answered(tmp_path, monkeypatch):
    from streamlit import config

    root = _static(tmp_path)
    app = FrontendFiles(_Downstream(), Frontend(root))
    monkeypatch.setattr(config, "get_option", lambda name: "/scoring/" if name == "server.baseUrlPath" else None)
    assert _get(app, "/scoring/static/js/Slider.E5.js")[2] == b"export const v=3;"
    assert _get(app, "/scoring/")[2] == b"streamlit"  # the page itself: Streamlit's
    assert _get(app, "/static/js/Slider.E5.js")[2] == b"streamlit"
    assert _get(app, "/scoringX/static/js/Slider.E5.js")[2] == b"streamlit"


def test_text_files_go_gzipped_to_browsers_that_accept_it_and_small_or_packed_files_as_they_are(tmp_path):
    root = _static(tmp_path)
    big = ("export const table = [" + ",".join(f'"row {i}"' for i in range(3000)) + "];").encode()
    (root / "static" / "js" / "Big.F6.js").write_bytes(big)
    (root / "static" / "media").mkdir()
    (root / "static" / "media" / "font.G7.woff2").write_bytes(bytes(range(256)) * 20)
    frontend = Frontend(root)
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


def test_prepare_reads_every_file_streamlits_page_names_before_anyone_asks(tmp_path):
    root = _static(tmp_path)
    frontend = Frontend(root)
    assert frontend.cache == {}
    assert frontend.prepare() == 2  # index.html names shared.B2.js and DataFrame.D4.css; missing.js does not exist
    assert set(frontend.cache) == {"/static/js/shared.B2.js", "/static/css/DataFrame.D4.css"}
