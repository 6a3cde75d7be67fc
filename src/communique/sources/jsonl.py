"""JSONL corpora (.jsonl, .jsonl.gz) and .json files -> one RawDoc per record, read lazily."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from . import meta as metadata
from .decode import EMPTY, looks_like_html, too_large

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
_CHUNK = 65536
_READ_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError


def record_doc(record: Any, origin: str) -> RawDoc | InputError:
    """One corpus record (`text` plus optional title, published, url, source/publisher, author, id)."""
    if not isinstance(record, dict):
        return InputError(origin, f"not a JSON object but {_json_type(record)}")
    text = record.get("text")
    if not isinstance(text, str):
        return InputError(origin, "no 'text' field")
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


def read_jsonl(path: Path, origin: str, settings: Settings) -> Iterator[RawDoc | InputError]:
    """Yield one RawDoc per line (origin `path:LINE`); a bad line yields its error and reading goes on."""
    try:
        stream: IO[bytes] = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from _lines(stream, origin, settings.max_bytes)


def read_json(path: Path, origin: str, settings: Settings) -> Iterator[RawDoc | InputError]:
    """A .json file: JSON Lines when its first line is an object, else one object or an array of them."""
    try:
        with open(path, "rb") as stream:
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
    size = path.stat().st_size
    if size > settings.max_bytes:
        yield InputError(origin, too_large(size, settings.max_bytes))
        return
    try:
        document = json.loads(path.read_bytes())
    except ValueError as exc:
        yield InputError(origin, f"not JSON: {_why(exc)}")
        return
    if isinstance(document, list):
        for number, record in enumerate(document, 1):
            yield record_doc(record, f"{origin}#item-{number}")
    else:
        yield record_doc(document, origin)


def _lines(stream: IO[bytes], origin: str, limit: int) -> Iterator[RawDoc | InputError]:
    number = 0
    blank = True
    while True:
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
            record = json.loads(line)
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
        return f"{exc.msg} at column {exc.colno}" if exc.lineno == 1 else f"{exc.msg} at line {exc.lineno}"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return str(exc)


def _json_type(value: Any) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(value), "a number")
