"""Parquet corpora (.parquet): one RawDoc per row with a `text` column, read a row group at a time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from .decode import too_large
from .jsonl import record_doc
from .remote import File, open_file

PARQUET_SUFFIXES = (".parquet", ".parq")
# the columns a row may have, as in a JSONL corpus record; others are not read
COLUMNS = ("text", "title", "published", "date", "url", "source", "publisher", "author", "id", "format")


def read_parquet(path: File, origin: str, settings: Settings, *, start: int = 0,
                 stop: int | None = None) -> Iterator[RawDoc | InputError]:
    """Yield one RawDoc per row (origin `path#row-N`, N from 1); a bad row yields its error.

    The columns are those of a JSONL corpus record (`text`, and optionally title, published,
    url, source or publisher, author, id). Only rows start+1 to stop are read (a partition).
    """
    try:
        stream = open_file(path)
    except OSError as exc:
        yield InputError(origin, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        try:
            table = _open(stream)
        except InputError as exc:
            yield InputError(origin, exc.problem)
            return
        names = [c for c in COLUMNS if c in table.schema_arrow.names]
        if "text" not in names:
            yield InputError(origin, f"no 'text' column (columns: {', '.join(table.schema_arrow.names)})")
            return
        stop = table.metadata.num_rows if stop is None else min(stop, table.metadata.num_rows)
        number = 0  # rows before the current row group
        for group in range(table.metadata.num_row_groups):
            rows = table.metadata.row_group(group).num_rows
            if number + rows <= start:
                number += rows
                continue
            if number >= stop:
                return
            try:
                batch = table.read_row_group(group, columns=names).to_pylist()
            except Exception as exc:  # pyarrow raises its own kinds for damaged files
                yield InputError(f"{origin}#row-{number + 1}", f"cannot read further: {_one_line(exc)}")
                return
            for i, record in enumerate(batch, number + 1):
                if start < i <= stop:
                    yield _row_doc(record, f"{origin}#row-{i}", settings)
            number += rows


def count_rows(path: File) -> int:
    """The number of rows of a Parquet file (from its footer), for partitions of it."""
    with open_file(path) as stream:
        return _open(stream).metadata.num_rows


def _open(stream: Any) -> Any:
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(stream)
    except Exception as exc:  # ArrowInvalid and friends: not a Parquet file, or a damaged one
        raise InputError("", f"not a Parquet file: {_one_line(exc)}") from None


def _row_doc(record: dict[str, Any], origin: str, settings: Settings) -> RawDoc | InputError:
    text = record.get("text")
    if isinstance(text, str) and len(text) > settings.max_bytes // 4 and len(text.encode()) > settings.max_bytes:
        return InputError(origin, too_large(len(text.encode()), settings.max_bytes))
    # a timestamp column reads as datetime; the record fields are strings, as in JSONL
    return record_doc({k: v.isoformat() if isinstance(v, date) else v for k, v in record.items() if v is not None},
                      origin)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or exc.__class__.__name__
