"""uvicorn's HTTP protocol with Nagle's algorithm off on every connection.

With ``--workers N``, uvicorn hands the listening socket to its worker processes, and the
socket they rebuild reports protocol 0 instead of TCP: asyncio then does not set
``TCP_NODELAY`` on the connections it accepts (it does for a single process). A response
written in two parts (headers, body) then waits for the client's delayed ACK: measured on
127.0.0.1, 44 ms per request with 2 workers against 0.7 ms with one, for a trivial app.
This protocol sets ``TCP_NODELAY`` itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class H11NoDelay(H11Protocol):
    """uvicorn's h11 protocol, with ``TCP_NODELAY`` on each connection."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)  # type: ignore[arg-type]
