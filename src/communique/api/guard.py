"""What the server guards: write tokens, security headers on every response, one error shape, safe CSV."""

from __future__ import annotations

import io
import json
import secrets
from typing import Any

from fastapi import HTTPException
from fastapi.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..csvout import write_csv

# the pages are our HTML, our stylesheet and inline SVG: nothing else may load, run or frame them
HEADERS = (
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                 b"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


READS = frozenset({"GET", "HEAD", "OPTIONS"})
_CLOSE = (b"connection", b"close")


def token_problem(authorization: str, token: str | None) -> tuple[int, str] | None:
    """Why a write is refused (status, detail), or None when it carries the start-up token."""
    if token is None:
        return 403, "this server is read-only: start it with --token to allow writes"
    given = authorization[7:] if authorization.lower().startswith("bearer ") else ""
    if not given or not secrets.compare_digest(given.encode(), token.encode()):
        return 401, "missing or wrong token (send 'Authorization: Bearer TOKEN')"
    return None


class Guard:
    """ASGI middleware in front of the app: a write under /api without the token is refused before its
    body is read; a body over `max_body` bytes gets 413, by its Content-Length or, chunked or not, as
    soon as the bytes streamed pass the limit."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in READS and scope["path"].startswith("/api"):
            refused = token_problem(headers.get("authorization", ""), self.token)
            if refused:
                extra = [(b"www-authenticate", b"Bearer")] if refused[0] == 401 else []
                await _answer(send, *refused, [*extra, _CLOSE])  # its body is never read: close, not drain
                return
        too_large = f"request body over {self.max_body:,} bytes"
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _answer(send, 413, too_large, [_CLOSE])
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # the app's handler answers it in the error shape; closing spares reading the rest
                    raise HTTPException(413, too_large, {"Connection": "close"})
            return message

        await self.app(scope, counted, send)


async def _answer(send: Send, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = error_body(status, detail)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


def error_body(status: int, detail: str) -> bytes:
    """The one error shape, as the bytes of a JSON body."""
    return json.dumps({"error": {"status": status, "detail": detail}}).encode()


class SecurityHeaders:
    """ASGI middleware: HEADERS on every response, errors and static files included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", ())}
                message["headers"] = [*message.get("headers", ()), *(h for h in HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def csv_response(rows: list[dict[str, Any]]) -> Response:
    """Rows as CSV, every text cell that a spreadsheet would run as a formula neutralised."""
    out = io.StringIO()
    write_csv(rows, out)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
