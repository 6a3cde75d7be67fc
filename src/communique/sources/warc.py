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
    cannot be read yields its error and ends the file, as nothing after it can be trusted.
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
        number = 0
        records = iter(ArchiveIterator(stream))
        while True:
            try:
                if stop is not None and number >= stop:
                    return
                record = next(records, None)
                if record is None:
                    return
                number += 1
                if number <= start:
                    continue
                doc = _record_doc(record, f"{origin}#record-{number}", settings)
            except InputError as exc:
                yield exc
                continue
            except _READ_ERRORS as exc:
                problem = "not a WARC file" if number == 0 else "cannot read further"
                yield InputError(origin if number == 0 else f"{origin}#record-{number}",
                                 f"{problem}: {_one_line(exc)}")
                return
            if doc is not None:
                yield doc


def _record_doc(record: Any, origin: str, settings: Settings) -> RawDoc | None:
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
