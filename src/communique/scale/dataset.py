"""The Parquet dataset a partitioned run writes: one folder per table, one file per partition; and `load`.

    DATASET/articles/PART.parquet   ... one folder per store table (the same columns as the store's)
    DATASET/skips/PART.parquet      inputs that failed, as the store records them
    DATASET/inputs/PART.parquet     raw input key -> article id, so a load (and a rerun) skips known inputs
    DATASET/_partitions/PART.json   written last: the partition is complete

Each partition's tables are built in an in-memory Store, so a dataset holds exactly the rows a store
would, and `load` adds each article to a store in its own transaction, as ingest does. Incidents are
found across a whole store, so the dataset's events have no `incident_id` until they are loaded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from typing import Any

from .. import errors
from ..errors import CommuniqueError, StoreError
from ..records import Document
from ..sources.parts import Part
from ..store import IngestSummary, Outcome, Store
from ..store.schema import RECORD_TABLES

TABLES = (*RECORD_TABLES, "skips", "inputs")
DONE = "_partitions"


def write_partition(out: str, part: Part, store: Store, facts: dict[str, Any]) -> dict[str, Any]:
    """Write every table of a partition's in-memory store, then its marker; the marker's content."""
    import pyarrow.parquet as pq

    fs, root = _fs(out)
    for table in TABLES:
        folder = f"{root}/{table}"
        fs.makedirs(folder, exist_ok=True)
        final = f"{folder}/{part.id}.parquet"
        temporary = f"{final}.tmp"  # not matched by *.parquet, so a reader never sees half a file
        with fs.open(temporary, "wb") as stream:
            pq.write_table(store.table(table), stream, compression="zstd")
        fs.mv(temporary, final)
    marker = {"part": asdict(part), "id": part.id, **facts, "counts": store.counts()}
    fs.makedirs(f"{root}/{DONE}", exist_ok=True)
    with fs.open(f"{root}/{DONE}/{part.id}.json", "w") as stream:
        json.dump(marker, stream)
    return marker


def done(out: str) -> dict[str, dict[str, Any]]:
    """The complete partitions of a dataset: id -> marker (empty when there is no dataset yet)."""
    fs, root = _fs(out)
    if not fs.exists(f"{root}/{DONE}"):
        return {}
    markers = {}
    for path in fs.glob(f"{root}/{DONE}/*.json"):
        with fs.open(path, "r") as stream:
            marker = json.load(stream)
        markers[marker["id"]] = marker
    return markers


def load(store: Store, dataset: str, *, on_item: Callable[[Outcome], None] | None = None) -> IngestSummary:
    """Add a dataset's articles to a store, idempotently: one transaction per article, as ingest does.

    Inputs the store has already taken are skipped unread; skips are recorded (once, however often
    the dataset is loaded). Raises StoreError when there is no complete partition to load.
    """
    markers = done(dataset)
    if not markers:
        raise StoreError(dataset, "no complete partition in this dataset (is it the --out of a partitioned run?)")
    summary = IngestSummary()
    for marker in sorted(markers.values(), key=lambda m: (m["part"]["file"], m["part"]["start"])):
        for outcome in _load_partition(store, dataset, marker["id"]):
            summary.count(outcome)
            if on_item is not None:
                on_item(outcome)
    return summary


def _load_partition(store: Store, dataset: str, part_id: str) -> Iterator[Outcome]:
    inputs = _read(dataset, "inputs", part_id, ["key", "article_id", "origin"])
    articles: dict[str, dict[str, Any]] | None = None  # read only when some input is new
    for row in inputs:
        known = store.has_input(row["key"])
        if known:
            yield Outcome("duplicate", row["key"], row["origin"], known)
            continue
        if articles is None:
            articles = {a["id"]: a for a in _read(dataset, "articles", part_id, ["id", "origin", "doc"])}
        stored = articles[row["article_id"]]
        doc = Document.from_dict(json.loads(stored["doc"]))
        doc = replace(doc, article=replace(doc.article, origin=stored["origin"]))
        added = store.add(doc, input_key=row["key"])
        yield Outcome("added" if added else "duplicate", row["key"], row["origin"], doc.article.id)
    for row in _read(dataset, "skips", part_id, ["origin", "error", "kind"]):
        error = _error(row["kind"])(row["origin"], row["error"])
        store.skip(error, again=False)
        yield Outcome("failed", None, row["origin"], error=error)


def _read(dataset: str, table: str, part_id: str, columns: list[str]) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    fs, root = _fs(dataset)
    try:
        with fs.open(f"{root}/{table}/{part_id}.parquet", "rb") as stream:
            return pq.read_table(stream, columns=columns).to_pylist()
    except (OSError, ValueError) as exc:
        raise StoreError(dataset, f"cannot read {table}/{part_id}.parquet: {exc}") from exc


def _error(kind: str) -> type[CommuniqueError]:
    found = getattr(errors, kind, None)
    return found if isinstance(found, type) and issubclass(found, CommuniqueError) else CommuniqueError


def _fs(url: str) -> tuple[Any, str]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    return fs, root.rstrip("/")
