"""Fetching http(s) URLs: our own redirects, every hop's addresses checked and connected to, size-capped, timed out."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import FetchError, InputError, RefusedFetch
from ..records import RawDoc
from ..settings import Settings
from . import meta as metadata
from .decode import BINARY, decode, looks_like_html, too_large

USER_AGENT = "communique/0.1"
_ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
           "application/xml;q=0.9,text/plain;q=0.9,*/*;q=0.5")
_CHUNK = 65536
MAX_REDIRECTS = 5
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip",
                 "application/octet-stream", "application/gzip", "application/x-gzip")
# Never public, whatever `is_global` says in this Python: shared (CGNAT), benchmarking, documentation,
# 6to4 relay, multicast, reserved, IPv4-compatible, NAT64, Teredo/ORCHID/benchmarking, 6to4, ULA,
# link-local, site-local and multicast IPv6. IPv4-mapped IPv6 is judged by its IPv4 address.
_NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
    "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
    "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
    "::/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16",
    "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8"))


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched response body with what the server said about it."""

    url: str  # after redirects
    data: bytes
    content_type: str  # lower-case media type without parameters, "" when not sent
    charset: str | None
    status: int = 200  # 304 when a conditional request found the content unchanged (data is empty)
    etag: str | None = None
    last_modified: str | None = None


def is_url(name: str) -> bool:
    """True for an http(s) URL."""
    return name.lower().startswith(("http://", "https://"))


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, shared, reserved, ...)."""
    addr = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast and not any(addr in net for net in _NOT_PUBLIC
                                                                  if net.version == addr.version)


def resolve(host: str, port: int) -> list[str]:
    """The system resolver: every address (IPv4 and IPv6) a host name has, in the order given."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def fetch(url: str, settings: Settings, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET a URL, following up to MAX_REDIRECTS redirects ourselves.

    Each hop's host is resolved once (with `settings.resolve`, else the system resolver) and the
    connection goes to an address so resolved; with `settings.public_only` every address of every
    hop must be public. With `etag` or `last_modified` (what an earlier response said) the request
    is conditional, and an unchanged resource comes back as status 304 with no data. Raises
    RefusedFetch for a URL or address the rules refuse, FetchError when it cannot be fetched,
    InputError when it is too large.
    """
    conditions = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
    deadline = time.monotonic() + settings.timeout
    current = url
    for hops in range(MAX_REDIRECTS + 1):
        via = f" (redirected to {current})" if hops else ""
        try:
            response, conn = _get(current, via, settings, deadline, url, conditions)
        except TimeoutError:
            raise FetchError(url, f"timed out after {settings.timeout:g} s{via}") from None
        except ssl.SSLError as exc:
            raise FetchError(url, f"TLS failed: {_reason(exc)}{via}") from None
        except (http.client.HTTPException, OSError) as exc:
            raise FetchError(url, f"connection failed: {_reason(exc)}{via}") from None
        try:
            if response.status in _REDIRECTS:
                location = (response.getheader("Location") or "").strip()
                if not location:
                    raise FetchError(url, f"HTTP {response.status} redirect without a Location{via}")
                try:
                    current = urljoin(current, location)
                except ValueError as exc:
                    raise FetchError(url, f"bad URL: {exc} (redirected to {location})") from None
                continue
            if response.status == 304 and conditions:
                return Fetched(url=current, data=b"", content_type="", charset=None, status=304,
                               etag=response.getheader("ETag") or etag,
                               last_modified=response.getheader("Last-Modified") or last_modified)
            if not 200 <= response.status < 300:
                raise FetchError(url, f"HTTP {response.status} {response.reason}{via}")
            return _body(response, current, url, settings, deadline)
        except TimeoutError:
            raise FetchError(url, f"timed out after {settings.timeout:g} s{via}") from None
        except (http.client.HTTPException, OSError) as exc:
            raise FetchError(url, f"connection failed: {_reason(exc)}{via}") from None
        finally:
            conn.close()
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def _get(target: str, via: str, settings: Settings, deadline: float, url: str,
         conditions: dict[str, str]) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    """Send the GET for one hop to a checked address; the response's headers have been read."""
    try:
        parts = urlsplit(target)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError as exc:
        raise FetchError(url, f"bad URL: {exc}{via}") from None
    if scheme not in ("http", "https"):
        raise RefusedFetch(url, f"only http(s) URLs can be fetched{via}")
    if not host:
        raise FetchError(url, f"bad URL: no host{via}")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(url, f"bad URL: host {host!r} is not a valid name{via}") from None
    port = port or (443 if scheme == "https" else 80)
    addresses = _addresses(host, port, settings, url, via)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    last: OSError | None = None
    for address in addresses:
        conn = (_PinnedTLS(host, port, address, _remaining(deadline)) if scheme == "https"
                else _Pinned(host, port, address, _remaining(deadline)))
        try:
            conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT,
                                               "Accept-Encoding": "identity", "Connection": "close",
                                               **conditions})
            return conn.getresponse(), conn
        except ConnectionError as exc:  # refused, reset: try the host's next address
            conn.close()
            last = exc
        except BaseException:
            conn.close()
            raise
    raise FetchError(url, f"cannot reach host: {_reason(last)}{via}")


def _addresses(host: str, port: int, settings: Settings, url: str, via: str) -> list[str]:
    try:
        ipaddress.ip_address(host)
        addresses = [host]  # a literal address, kept as written
    except ValueError:
        try:
            addresses = list((settings.resolve or resolve)(host, port))
        except (OSError, UnicodeError) as exc:
            raise FetchError(url, f"cannot reach host: cannot resolve {host} ({_reason(exc)}){via}") from None
    if not addresses:
        raise FetchError(url, f"cannot reach host: {host} has no address{via}")
    if settings.public_only:
        for address in addresses:
            try:
                public = is_public(address)
            except ValueError:
                public = False
            if not public:
                raise RefusedFetch(url, f"refusing to fetch an internal address ({address}){via}")
    return addresses


class _Pinned(http.client.HTTPConnection):
    """HTTP to one address already resolved and checked; Host stays the URL's."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    """HTTPS to one address already resolved and checked; SNI and the certificate check use the URL's host."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        try:
            self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]
        except BaseException:
            sock.close()
            raise


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _body(response: http.client.HTTPResponse, final: str, url: str, settings: Settings,
          deadline: float) -> Fetched:
    headers = response.headers
    length = headers.get("Content-Length")
    if length and length.isdigit() and int(length) > settings.max_bytes:
        raise InputError(url, too_large(int(length), settings.max_bytes))
    data = _read_body(response, url, settings.max_bytes, deadline)
    data = _undo_content_encoding(data, headers.get("Content-Encoding"), url, settings.max_bytes)
    return Fetched(url=final, data=data,
                   content_type=(headers.get_content_type() if headers.get("Content-Type") else ""),
                   charset=headers.get_content_charset(), status=response.status, etag=headers.get("ETag"),
                   last_modified=headers.get("Last-Modified"))


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
