"""WARC files (.warc, .warc.gz, CC-NEWS style) -> one RawDoc per HTML or text response, read lazily."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from . import meta as metadata
from .decode import EMPTY, decode, looks_like_html, too_large
from .remote import File, file_name, open_file

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = (*_HTML_TYPES, "text/plain")
_READ_ERRORS = (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error)


def read_warc(path: File, origin: str, settings: Settings, *, start: int = 0,
              stop: int | None = None) -> Iterator[RawDoc | InputError]:
    """Yield a RawDoc for each HTML or plain-text response (origin `path#record-N`, N counting all records).

    Requests, metadata, non-2xx responses and non-text payloads are skipped; a record that
    cannot be read (no WARC-Type, cut short, unparseable headers) yields its error and ends the
    file, as nothing after it can be trusted. A whole file with no text response at all says so.
    Only records start+1 to stop are read (a partition of the file); those before are passed over.
    """
    try:
        problem = _not_warc(path)
        stream = open_file(path)
    except _READ_ERRORS as exc:
        yield InputError(origin, f"cannot read: {_one_line(exc)}")
        return
    if problem:
        stream.close()
        yield InputError(origin, problem if problem == EMPTY else f"not a WARC file: {problem}")
        return
    with stream:
        number = found = 0
        records = iter(ArchiveIterator(stream))
        while True:
            where = f"{origin}#record-{number + 1}"
            try:
                if stop is not None and number >= stop:
                    return
                record = next(records, None)
                if record is None:
                    break
                number += 1
                if number <= start:
                    continue
                doc = _record_doc(record, where, settings)
            except _Unreadable as exc:
                yield InputError(where, str(exc))
                return
            except InputError as exc:
                found += 1
                yield exc
                continue
            except Exception as exc:  # noqa: BLE001 (warcio fails on malformed records with any error)
                problem = "not a WARC file" if number == 0 else "cannot read further"
                why = _one_line(exc) if isinstance(exc, _READ_ERRORS) else "malformed record headers"
                yield InputError(origin if number == 0 else where, f"{problem}: {why}")
                return
            if doc is not None:
                found += 1
                yield doc
        if not found and start == 0:
            yield InputError(origin, f"no HTML or text response in {number} record{'s' * (number != 1)}")


class _Unreadable(Exception):
    """A WARC record that cannot be read, which ends the file."""


def _record_doc(record: Any, origin: str, settings: Settings) -> RawDoc | None:
    if not record.rec_type:
        raise _Unreadable("not a WARC record: no WARC-Type header")
    if record.rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status = http.get_statuscode() or ""
        if not status.startswith("2"):
            return None
        content_type = http.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    media, _, params = content_type.partition(";")
    media = media.strip().lower()
    if media and media not in _TEXT_TYPES:
        return None
    data = record.content_stream().read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        length = record.rec_headers.get_header("Content-Length")
        raise InputError(origin, too_large(int(length) if length and length.isdigit() else None,
                                           settings.max_bytes))
    record.raw_stream.read()
    missing = getattr(record.raw_stream, "limit", 0)
    if missing:  # the file ends inside the record
        raise _Unreadable(f"cut short: {missing:,} of its {record.length:,} bytes are missing")
    text = decode(data, origin, charset=_charset(params))
    headers = record.rec_headers
    meta = metadata.clean(url=headers.get_header("WARC-Target-URI"),
                          published_fallback=headers.get_header("WARC-Date"))
    html = media in _HTML_TYPES or (media != "text/plain" and looks_like_html(text))
    return RawDoc(origin=origin, content=text, format="html" if html else "text", meta=meta)


def count_records(path: File) -> int:
    """The number of records in a WARC file (what `read_warc` numbers), for partitions of it."""
    with open_file(path) as stream:
        return sum(1 for _ in ArchiveIterator(stream))


def _not_warc(path: File) -> str | None:
    # warcio also reads ARC and will take any text whose first line has five words for an ARC record
    with open_file(path) as raw:
        stream = gzip.open(raw, "rb") if file_name(path).endswith(".gz") else raw
        head = stream.read(5)
    if head == b"WARC/":
        return None
    return EMPTY if not head.strip() else f"starts with {head!r}, not WARC/"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None
