"""Running the app: uvicorn on a socket we bind, with an HTTP protocol that answers what it refuses."""

from __future__ import annotations

import asyncio
import os
import re
import socket
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ..errors import CommuniqueError
from .guard import HEADERS, error_body

MAX_HEAD = 64 * 1024  # bytes of request line and headers; browsers send under 16 KB
_DRAIN = 8 * 1024 * 1024  # bytes read and dropped after refusing a request, before closing
_DRAIN_SECONDS = 5.0
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_PHRASES = {400: "Bad Request", 414: "URI Too Long", 431: "Request Header Fields Too Large"}


class Protocol(H11Protocol):
    """uvicorn's h11 protocol, but a request head over MAX_HEAD gets 414 (line) or 431 (headers), and a
    malformed request 400, in the API's error shape; and every close lingers (see `_Lingering`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head = 0  # bytes of the request head received so far
        self._line_ended = False
        self._tail = b""  # the last bytes seen, for a head end split across reads
        self._drained = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(_Lingering(transport, self.loop))  # type: ignore[arg-type]

    def data_received(self, data: bytes) -> None:
        if self.transport.lingering:  # type: ignore[attr-defined]
            self._drained += len(data)
            if self._drained > _DRAIN:
                self.transport.finish()  # type: ignore[attr-defined]
            return
        if self.conn.their_state is h11.IDLE:
            # only the bytes up to the blank line that ends the head count; a body may follow in the same read
            seen = self._tail + data
            end = _HEAD_END.search(seen)
            part = len(data) if end is None else max(0, end.end() - len(self._tail))
            self._line_ended = self._line_ended or b"\n" in data[:part]
            self._head += part
            self._tail = seen[-3:]
            if self._head > MAX_HEAD:
                if self._line_ended:
                    self._refuse(431, f"request headers over {MAX_HEAD:,} bytes")
                else:
                    self._refuse(414, f"request line over {MAX_HEAD:,} bytes")
                return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._head, self._line_ended, self._tail = 0, False, b""

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "malformed HTTP request")

    def _refuse(self, status: int, detail: str) -> None:
        body = error_body(status, detail)
        head = [f"HTTP/1.1 {status} {_PHRASES[status]}".encode(), b"content-type: application/json",
                f"content-length: {len(body)}".encode(), b"connection: close",
                *(name + b": " + value for name, value in HEADERS)]
        self.transport.write(b"\r\n".join(head) + b"\r\n\r\n" + body)
        self.transport.close()

    def eof_received(self) -> bool | None:
        if self.transport.lingering:  # type: ignore[attr-defined]
            self.transport.finish()  # type: ignore[attr-defined]  # the client stopped sending: done
            return None
        return super().eof_received()


class _Lingering:
    """A transport whose close() sends what is queued, half-closes, and reads and drops what the client
    still sends (up to _DRAIN bytes or _DRAIN_SECONDS), then closes. A plain close with unread bytes
    makes the kernel reset the connection, and a client still uploading a refused body would lose the
    answer (413, 431, 401) with it."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self.lingering = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        return self.lingering or self._transport.is_closing()

    def write(self, data: bytes) -> None:
        if not self.lingering:  # once closed nothing more is said, as with a plain transport
            self._transport.write(data)

    def close(self) -> None:
        if self.is_closing():
            return
        self.lingering = True
        if not self._transport.can_write_eof():
            self._transport.close()
            return
        self._transport.write_eof()  # after the queued answer: the client reads it, then end of stream
        self._transport.resume_reading()
        self._loop.call_later(_DRAIN_SECONDS, self.finish)

    def finish(self) -> None:
        """Close for good (what is queued is still sent)."""
        self._transport.close()


def config(app: Any, *, log_level: str = "warning") -> uvicorn.Config:
    """The uvicorn settings every server of ours runs with (the command and the tests alike)."""
    # h11 itself only ever sees heads under our own limit
    return uvicorn.Config(app, http=Protocol, h11_max_incomplete_event_size=2 * MAX_HEAD, log_level=log_level,
                          server_header=False, timeout_keep_alive=5)


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; raises CommuniqueError naming the address when it cannot be had."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=2048)
    except OSError as exc:
        # create_server's message repeats the address; the errno's own text is enough
        plain = isinstance(exc, socket.gaierror) or not exc.errno
        why = (exc.strerror if plain else os.strerror(exc.errno)) or str(exc)
        raise CommuniqueError(f"{host}:{port}", f"cannot listen: {why[:1].lower() + why[1:]}") from None


def run(app: Any, host: str, port: int) -> None:
    """Serve until interrupted."""
    sock = listen(host, port)
    uvicorn.Server(config(app)).run(sockets=[sock])
