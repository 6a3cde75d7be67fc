"""Exports researchers load: every listing as JSONL, CSV or Parquet; the GDELT 2.0 event and mentions
tables; a POLECAT-style event table. Columns are documented in docs/EXPORTS.md."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from .. import __version__
from ..csvout import safe_cell
from ..errors import CommuniqueError
from ..store import Store
from . import gdelt, polecat

KINDS = ("events", "incidents", "actors", "quotes", "claims", "articles", "mentions")
FORMATS = ("jsonl", "csv", "parquet", "gdelt", "polecat")
# which kinds each table format is made of
_TABLES = {"gdelt": ("events", "mentions"), "polecat": ("events",)}
_JSON_COLUMNS = {"incidents": ("figures",)}


def export(store: Store, *, kind: str, format: str, out: str, **filters: Any) -> int:
    """Write the store's `kind` rows in `format` to the file `out` ("-" for standard output); the rows written.

    `filters` are the listing's for that kind (events: actor, dyad, type, since, until, place,
    min_confidence, ...); events and incidents under settings.MIN_CONFIDENCE are left out unless
    `min_confidence` is given. Raises CommuniqueError for a kind or format that does not exist, a
    pair that does not go together, a filter the kind does not take, or an output that cannot be
    written.
    """
    if kind not in KINDS:
        raise CommuniqueError(kind, f"no such kind of export (one of {', '.join(KINDS)})")
    if format not in FORMATS:
        raise CommuniqueError(format, f"no such export format (one of {', '.join(FORMATS)})")
    if format in _TABLES and kind not in _TABLES[format]:
        raise CommuniqueError(f"--kind {kind}", f"--format {format} makes {' and '.join(_TABLES[format])} tables")
    if kind == "mentions" and format not in _TABLES:
        raise CommuniqueError("--kind mentions", "is the GDELT mentions table: use it with --format gdelt")
    if format == "parquet":
        if out == "-":
            raise CommuniqueError("--out", "a Parquet file cannot go to standard output: name a file")
        return _parquet(store.export_arrow(kind, **filters), out)
    coded = format in _TABLES
    rows = store.export_rows("coded" if coded else kind, **filters)
    with _output(out) as stream:
        if format == "gdelt":
            table = gdelt.event_rows(rows) if kind == "events" else gdelt.mention_rows(rows)
            return _tsv(table, stream, header=None)
        if format == "polecat":
            return _tsv(polecat.rows(rows, f"communique {__version__}"), stream, header=polecat.COLUMNS)
        if format == "csv":
            return _csv(rows, stream)
        return _jsonl(rows, stream, _JSON_COLUMNS.get(kind, ()))


def _jsonl(rows: Iterable[dict[str, Any]], stream: IO[str], json_columns: tuple[str, ...]) -> int:
    n = 0
    for row in rows:
        for column in json_columns:
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def _csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    writer: Any = None
    n = 0
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        n += 1
    return n


def _tsv(rows: Iterable[list[Any]], stream: IO[str], *, header: tuple[str, ...] | None) -> int:
    """Tab-separated as GDELT and POLECAT write it: no quoting; tabs and line breaks in a value become spaces."""
    if header:
        stream.write("\t".join(header) + "\n")
    n = 0
    for row in rows:
        stream.write("\t".join(_cell(v) for v in row) + "\n")
        n += 1
    return n


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) and abs(value) < 1e15 else repr(value)
    return " ".join(str(safe_cell(value)).split()) if isinstance(value, str) else str(value)


def _parquet(reader: Any, out: str) -> int:
    import pyarrow.parquet as pq

    n = 0
    try:
        with pq.ParquetWriter(out, reader.schema, compression="zstd") as writer:
            for batch in reader:
                writer.write_batch(batch)
                n += batch.num_rows
    except OSError as exc:
        raise CommuniqueError(out, f"cannot write: {exc}") from None
    return n


@contextmanager
def _output(out: str) -> Iterator[IO[str]]:
    if out == "-":
        yield sys.stdout
        return
    try:
        stream = open(out, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise CommuniqueError(out, f"cannot write: {exc.strerror or exc}") from None
    with stream:
        yield stream


__all__ = ["export", "KINDS", "FORMATS"]
