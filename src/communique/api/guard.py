"""What the API lets callers do: write tokens and server-side fetches that never reach inside."""

from __future__ import annotations

import ipaddress
import secrets
import socket
from urllib.parse import urlsplit

from fastapi import HTTPException, Request


def check_token(request: Request, token: str | None) -> None:
    """Refuse a write without the start-up token: 403 when the server is read-only, 401 when it is wrong."""
    if token is None:
        raise HTTPException(403, "this server is read-only: start it with --token to allow writes")
    given = request.headers.get("authorization", "")
    given = given[7:] if given.lower().startswith("bearer ") else request.headers.get("x-token", "")
    if not given or not secrets.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token (send 'Authorization: Bearer TOKEN')")


def check_fetchable(url: str) -> None:
    """Refuse URLs that are not http(s) or whose host resolves to a loopback, private or link-local address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HTTPException(422, f"{url}: only http(s) URLs can be fetched")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise HTTPException(422, f"{url}: cannot resolve host ({exc})") from exc
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if (addr.is_loopback or addr.is_private or addr.is_link_local or addr.is_reserved
                or addr.is_multicast or addr.is_unspecified):
            raise HTTPException(403, f"{url}: refusing to fetch an internal address ({addr})")
