"""The dashboard's server turns Nagle's algorithm off on every connection (ui/nodelay.py, issue 12).

Streamlit binds its listening socket as `socket.socket(family=AF_INET)` (proto 0), and asyncio only sets
TCP_NODELAY on accepted sockets whose proto is IPPROTO_TCP: each kept-alive static file then waited ~40 ms for the
browser's delayed ACK. These tests accept a connection on a socket made the way Streamlit makes it and read the
option asyncio left on the server's end.
"""
from __future__ import annotations

import asyncio
import asyncio.base_events
import importlib
import socket

import pytest

from ui import nodelay


async def _server_side_nodelay() -> int:
    """TCP_NODELAY of the server's end of one connection accepted on a Streamlit-style listening socket."""
    listener = socket.socket(family=socket.AF_INET)  # as streamlit...starlette_server._bind_socket does: proto 0
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", listener.getsockname()[1])
        value = await asyncio.wait_for(seen, 10)
        writer.close()
        return value
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
def asyncio_default():
    """asyncio's own hook, put back after the test (install() replaces it for the whole process)."""
    original = asyncio.base_events._set_nodelay
    yield original
    asyncio.base_events._set_nodelay = original


def test_a_connection_accepted_on_a_proto_0_socket_keeps_nagle_without_the_fix(asyncio_default):
    asyncio.base_events._set_nodelay = asyncio_default
    assert asyncio.run(_server_side_nodelay()) == 0  # the case ui/nodelay.py exists for


def test_installed_every_accepted_connection_has_tcp_nodelay(asyncio_default):
    nodelay.install()
    assert asyncio.run(_server_side_nodelay()) != 0


def test_the_server_app_installs_it_before_serving(asyncio_default):
    import ui.server_app

    asyncio.base_events._set_nodelay = asyncio_default
    importlib.reload(ui.server_app)  # what uvicorn does once, before accepting a connection
    assert asyncio.base_events._set_nodelay is nodelay.set_nodelay


def test_set_nodelay_leaves_other_sockets_alone():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        nodelay.set_nodelay(udp)  # no TCP option on a datagram socket, and no error
    with socket.socket(family=socket.AF_INET) as tcp:
        nodelay.set_nodelay(tcp)
        assert tcp.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
