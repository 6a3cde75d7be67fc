"""JSONL corpora (.jsonl, .jsonl.gz) and .json files -> one RawDoc per record, read lazily."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from . import meta as metadata
from .decode import EMPTY, looks_like_html, too_large
from .remote import File, file_name, file_size, open_file

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_CHUNK = 65536
_READ_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError


def record_doc(record: Any, origin: str) -> RawDoc | InputError:
    """One corpus record (`text` plus optional title, published, url, source/publisher, author, id)."""
    if not isinstance(record, dict):
        return InputError(origin, f"not a JSON object but {_json_type(record)}")
    if "text" not in record:
        return InputError(origin, "no 'text' field")
    text = record["text"]
    if not isinstance(text, str):
        return InputError(origin, f"'text' is {_json_type(text)}, not a string")
    if not text.strip():
        return InputError(origin, EMPTY)
    field = metadata.text_field
    ident = record.get("id")
    meta = metadata.clean(
        title=field(record.get("title")),
        published=field(record.get("published")) or field(record.get("date")),
        url=field(record.get("url")),
        source=field(record.get("source")) or field(record.get("publisher")),
        author=field(record.get("author")),
        id=str(ident) if isinstance(ident, str | int) and not isinstance(ident, bool) else None)
    html = record.get("format") == "html" or looks_like_html(text)
    return RawDoc(origin=origin, content=text, format="html" if html else "text", meta=meta)


def read_jsonl(path: File, origin: str, settings: Settings, *, start: int = 0, stop: int | None = None,
               offset: int | None = None) -> Iterator[RawDoc | InputError]:
    """Yield one RawDoc per line (origin `path:LINE`); a bad line yields its error and reading goes on.

    Only lines start+1 to stop are read (a partition of the file); `offset`, when known, is the byte
    where line start+1 begins, so an uncompressed file is not read from its beginning.
    """
    try:
        stream: IO[bytes] = open_file(path)
        if file_name(path).endswith(".gz"):
            stream = gzip.open(stream, "rb")  # type: ignore[assignment]
        if offset:
            stream.seek(offset)
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from _lines(stream, origin, settings.max_bytes, start=start, stop=stop, skip=0 if offset else start)


def count_lines(path: File, every: int) -> tuple[int, list[int]]:
    """The number of lines of a JSONL file, and (uncompressed files only) the byte offset of every
    `every`-th line's start (0, then the start of line every+1, ...), for partitions that seek."""
    offsets: list[int] = [0]
    lines = 0
    position = 0
    gz = file_name(path).endswith(".gz")
    with open_file(path) as raw:
        stream: IO[bytes] = gzip.open(raw, "rb") if gz else raw  # type: ignore[assignment]
        last = b"\n"
        while chunk := stream.read(1 << 20):
            start = 0
            while (at := chunk.find(b"\n", start)) >= 0:
                lines += 1
                start = at + 1
                if lines % every == 0 and not gz:
                    offsets.append(position + start)
            position += len(chunk)
            last = chunk[-1:]
    if last != b"\n":
        lines += 1  # a last line without its newline
    if gz:
        offsets = []
    elif offsets[-1] >= position:
        offsets.pop()  # the file ends just where a partition would begin
    return lines, offsets


def read_json(path: File, origin: str, settings: Settings) -> Iterator[RawDoc | InputError]:
    """A .json file: JSON Lines when its first line is an object, else one object or an array of them."""
    try:
        with open_file(path) as stream:
            first = b""
            while not first.strip():
                first = stream.readline(settings.max_bytes + 1)
                if not first:
                    yield InputError(origin, EMPTY)
                    return
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    try:
        one_per_line = isinstance(json.loads(first), dict)
    except ValueError:
        one_per_line = False
    if one_per_line:
        yield from read_jsonl(path, origin, settings)
        return
    try:
        size = file_size(path)
        if size is not None and size > settings.max_bytes:
            yield InputError(origin, too_large(size, settings.max_bytes))
            return
        with open_file(path) as stream:
            data = stream.read(settings.max_bytes + 1)
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    if len(data) > settings.max_bytes:
        yield InputError(origin, too_large(None, settings.max_bytes))
        return
    try:
        document = json.loads(data)
    except ValueError as exc:
        yield InputError(origin, f"not JSON: {_why(exc)}")
        return
    if isinstance(document, list):
        for number, record in enumerate(document, 1):
            yield record_doc(record, f"{origin}#item-{number}")
    else:
        yield record_doc(document, origin)


def _lines(stream: IO[bytes], origin: str, limit: int, *, start: int = 0, stop: int | None = None,
           skip: int = 0) -> Iterator[RawDoc | InputError]:
    """Lines start+1 to stop of the stream, which is at line skip+1 (skip == start) or line start+1 (skip 0)."""
    for _ in range(skip):
        try:
            if not _skip_line(stream):
                return
        except _READ_ERRORS as exc:
            yield InputError(origin, f"cannot read further: {exc}")
            return
    number = start
    blank = start == 0  # only a whole file that holds nothing is "empty"
    while stop is None or number < stop:
        try:
            line = stream.readline(limit + 1)
        except _READ_ERRORS as exc:
            yield InputError(f"{origin}:{number + 1}", f"cannot read further: {exc}")
            return
        if not line:
            if blank:
                yield InputError(origin, EMPTY)
            return
        number += 1
        where = f"{origin}:{number}"
        if len(line) > limit and not line.endswith(b"\n"):
            try:
                size = len(line) + _skip_line(stream)
            except _READ_ERRORS as exc:
                yield InputError(where, f"cannot read further: {exc}")
                return
            yield InputError(where, too_large(size, limit))
            blank = False
            continue
        if not line.strip():
            continue
        blank = False
        try:
            record = json.loads(line.rstrip(b"\r\n"))  # so a line's error is never placed on the next line
        except ValueError as exc:
            yield InputError(where, f"not JSON: {_why(exc)}")
            continue
        yield record_doc(record, where)


def _skip_line(stream: IO[bytes]) -> int:
    skipped = 0
    while chunk := stream.readline(_CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def _why(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        # some of json's messages end in "at" already ("Unterminated string starting at")
        where = f"column {exc.colno}" if exc.lineno == 1 else f"line {exc.lineno}, column {exc.colno}"
        return f"{exc.msg} {where}" if exc.msg.endswith(" at") else f"{exc.msg} at {where}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(exc)


def _json_type(value: Any) -> str:
    return {list: "an array", dict: "an object", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")
