"""Every TCP connection of the dashboard's server sends small writes at once (TCP_NODELAY), as asyncio intends.

asyncio turns Nagle's algorithm off for each connection it accepts (`asyncio.base_events._set_nodelay`, called by
the selector transport), but only when the socket's `proto` is IPPROTO_TCP. Streamlit 1.67 binds the listening
socket itself with `socket.socket(family=...)` (proto 0; `streamlit.web.server.starlette.starlette_server
._bind_socket`) and hands it to uvicorn, so every accepted connection kept Nagle on. uvicorn writes a response's
headers and body as two writes; on a kept-alive connection the body then waited for the browser's delayed ACK:
~40 ms per static file after the first on each connection (measured with a raw keep-alive client against
`scoring dashboard`: 0.3 ms headers, 42-47 ms body; 0.3 ms and 0.5 ms with this module), on the ~130 files of a
first page and on every websocket burst (issue 12).

`install()` makes asyncio's own hook apply to any TCP stream socket, whatever its `proto`. ui/server_app.py calls
it when uvicorn imports the app, before the server accepts a connection. With uvloop (not a dependency) the loop
sets TCP_NODELAY itself and this hook is unused.
"""
from __future__ import annotations

import asyncio.base_events
import socket


def set_nodelay(sock: socket.socket) -> None:
    """TCP_NODELAY on `sock` if it is an IPv4/IPv6 stream socket (its `proto` may be 0); else nothing."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # a socket closed before its transport started: nothing to send on it
            pass


def install() -> None:
    """Use `set_nodelay` for every connection asyncio's selector transports start from now on (idempotent)."""
    asyncio.base_events._set_nodelay = set_nodelay  # type: ignore[attr-defined]
