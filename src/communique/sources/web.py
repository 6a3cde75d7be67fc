"""Fetching http(s) URLs with the standard library: size-capped, timed out, errors named."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from typing import Any

from ..errors import FetchError, InputError
from ..records import RawDoc
from ..settings import Settings
from . import meta as metadata
from .decode import BINARY, decode, looks_like_html, too_large

USER_AGENT = "communique/0.1"
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/plain;q=0.9,*/*;q=0.5")
_CHUNK = 65536
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                 "application/octet-stream", "application/gzip", "application/x-gzip")


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched response body with what the server said about it."""

    url: str  # after redirects
    data: bytes
    content_type: str  # lower-case media type without parameters, "" when not sent
    charset: str | None


def is_url(name: str) -> bool:
    """True for an http(s) URL."""
    return name.lower().startswith(("http://", "https://"))


def fetch(url: str, settings: Settings) -> Fetched:
    """GET a URL; raises FetchError when it cannot be fetched, InputError when it is too large."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})
    # urllib's timeout bounds each socket operation; a server that drips bytes needs a deadline too
    deadline = time.monotonic() + settings.timeout
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            headers = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > settings.max_bytes:
                raise InputError(url, too_large(int(length), settings.max_bytes))
            data = _read_body(response, url, settings.max_bytes, deadline)
            data = _undo_content_encoding(data, headers.get("Content-Encoding"), url, settings.max_bytes)
            return Fetched(url=response.geturl() or url, data=data,
                           content_type=(headers.get_content_type() if headers.get("Content-Type") else ""),
                           charset=headers.get_content_charset())
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(url, f"timed out after {settings.timeout:g} s") from None
        raise FetchError(url, f"cannot reach host: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise FetchError(url, f"timed out after {settings.timeout:g} s") from None
    except (http.client.HTTPException, OSError) as exc:
        raise FetchError(url, f"connection failed: {_reason(exc)}") from None
    except ValueError as exc:
        raise FetchError(url, f"bad URL: {exc}") from None


def page_doc(fetched: Fetched, origin: str, meta: dict[str, Any] | None = None) -> RawDoc:
    """A fetched page as a RawDoc (html or text); raises InputError for binary or empty content."""
    if fetched.content_type.startswith(_BINARY_TYPES):
        raise InputError(origin, f"{BINARY} ({fetched.content_type})")
    text = decode(fetched.data, origin, charset=fetched.charset)
    html = fetched.content_type in HTML_TYPES or looks_like_html(text)
    return RawDoc(origin=origin, content=text, format="html" if html else "text",
                  meta={**metadata.clean(url=fetched.url), **(meta or {})})


def _read_body(response: Any, url: str, limit: int, deadline: float) -> bytes:
    parts: list[bytes] = []
    size = 0
    while chunk := response.read1(_CHUNK):
        if time.monotonic() > deadline:
            raise TimeoutError
        size += len(chunk)
        if size > limit:
            # stop reading: the rest of the body may be arbitrarily large
            raise InputError(url, too_large(None, limit))
        parts.append(chunk)
    return b"".join(parts)


def _undo_content_encoding(data: bytes, encoding: str | None, url: str, limit: int) -> bytes:
    # we never ask for compression, but some servers send it anyway
    encoding = (encoding or "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return data
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise FetchError(url, f"bad {encoding} body: {exc}") from None
    if len(out) > limit:
        raise InputError(url, too_large(None, limit))
    return out


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or reason.__class__.__name__
