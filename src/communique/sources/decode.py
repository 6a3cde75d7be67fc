"""Bytes -> str: BOMs, UTF-8, declared charsets, detection; refusing binary, empty and oversized input."""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import BinaryIO

import charset_normalizer

from ..errors import InputError

BINARY = "binary file, not text"
EMPTY = "empty"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: pages that declare latin-1 or ASCII are decoded as windows-1252 by every browser
_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "l1": "cp1252"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
                         re.I | re.S)
_HTML_TAG = re.compile(r"</?(?:html|head|body|article|main|div|p|br|span|a|h[1-6]|ul|ol|li|table|section|"
                       r"header|footer|nav|script|style|meta|title|figure|img)\b[^>]*>", re.I)
# languages charset-normalizer may name whose single-byte text is not windows-1252
_NOT_CP1252 = frozenset({
    "Czech", "Slovak", "Polish", "Croatian", "Hungarian", "Slovene", "Romanian", "Lithuanian", "Latvian",
    "Estonian", "Turkish", "Greek", "Russian", "Ukrainian", "Bulgarian", "Serbian", "Macedonian",
    "Belarusian", "Kazakh", "Hebrew", "Arabic", "Farsi", "Thai", "Vietnamese"})
_TIE = 0.1
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# a few stray control characters occur in real scraped text; more than this share means it is not text
_MAX_CONTROL_SHARE = 0.01


def too_large(size: int | None, limit: int) -> str:
    """The problem text for an input over the size limit (size None when the stream was cut off)."""
    if size is None:
        return f"too large: over the limit of {limit:,} bytes"
    return f"too large: {size:,} bytes, over the limit of {limit:,} bytes"


def read_capped(stream: BinaryIO, origin: str, limit: int) -> bytes:
    """Read at most `limit` bytes from a stream; raises InputError when there is more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(origin, too_large(None, limit))
    return data


def decode(data: bytes, origin: str, *, charset: str | None = None) -> str:
    """Decode an input's bytes to text.

    Tries a BOM, then UTF-8, then the charset declared by the server or the page, then detection
    with charset-normalizer. Raises InputError for empty, whitespace-only or binary content.
    """
    if not data.strip():
        raise InputError(origin, EMPTY)
    text = _decode(data, charset)
    if text is None or _mostly_controls(text):
        raise InputError(origin, BINARY)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError(origin, EMPTY)
    return text


def looks_like_html(text: str) -> bool:
    """True when text is an HTML page or fragment rather than plain text."""
    head = text[:5000]
    if _HTML_START.match(head):
        return True
    # plain text that merely mentions a tag is rare; three real tags is markup
    return len(_HTML_TAG.findall(head)) >= 3


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page or XML document declares in its first bytes, if any."""
    head = data[:4096]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return found.group(1).decode("ascii") if found else None


def _decode(data: bytes, charset: str | None) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _try(data[len(bom):], encoding)
    if b"\x00" in data:
        return _utf16_without_bom(data)
    text = _try(data, "utf-8")
    if text is not None:
        return text
    for declared in (charset, declared_charset(data)):
        if declared:
            text = _try(data, _ALIASES.get(declared.strip().lower(), declared))
            if text is not None:
                return text
    return _detect(data)


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII-range text in UTF-16 has a NUL in every other byte; anything else with NULs is binary
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    if odd / half > 0.3 and even / half < 0.05:
        return _try(data, "utf-16-le")
    if even / half > 0.3 and odd / half < 0.05:
        return _try(data, "utf-16-be")
    return None


def _detect(data: bytes) -> str | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if best.language in _NOT_CP1252:
        return str(best)
    # on short Western text the single-byte guesses are near ties (cp1250, cp1257, cp850 ...);
    # windows-1252 is what such text almost always is, and what browsers assume
    for match in matches:
        close = match.chaos <= best.chaos + _TIE and match.coherence >= best.coherence - _TIE
        if close and "cp1252" in match.could_be_from_charset:
            text = _try(data, "cp1252")
            if text is not None:
                return text
    return str(best)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_controls(text: str) -> bool:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    return controls > max(2, len(sample) * _MAX_CONTROL_SHARE)
