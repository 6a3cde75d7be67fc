"""Idempotent ingest: inputs -> pipeline -> Store, one transaction per article."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from ..errors import CommuniqueError
from ..pipeline import documents
from ..records import Document, RawDoc
from ..settings import Settings
from ..sources import read_inputs
from .db import Store
from .rows import input_key

# on_item(outcome, name, error): outcome is "added", "duplicate" or "failed"; error only for "failed"
OnItem = Callable[[str, str, CommuniqueError | None], None]


@dataclass
class IngestSummary:
    """What one ingest run did."""

    seen: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[CommuniqueError] = field(default_factory=list)


def ingest(store: Store, inputs: Sequence[str | Path] | str | Path, *, settings: Settings, workers: int = 1,
           on_item: OnItem | None = None) -> IngestSummary:
    """Read `inputs` (anything `communique.sources.read_inputs` takes), extract and store every article.

    Each article is committed on its own, so a killed run loses at most the article in flight and a
    rerun picks up where it stopped: inputs stored before are skipped before spaCy sees them, and
    articles already stored (same text and URL) are counted as duplicates. A failing input is
    recorded as a skip in the store and reported, never raised. Raises StoreError only when the
    store itself cannot be written.
    """
    summary = IngestSummary()

    def report(outcome: str, name: str, error: CommuniqueError | None = None) -> None:
        summary.seen += 1
        if outcome == "added":
            summary.added += 1
        elif outcome == "duplicate":
            summary.duplicates += 1
        else:
            summary.failed += 1
            summary.errors.append(error)  # type: ignore[arg-type]
            store.skip(error)  # type: ignore[arg-type]
        if on_item is not None:
            on_item(outcome, name, error)

    # the pipeline yields exactly one item per raw, in order: this queue pairs them up again
    pending: deque[tuple[str, str | None]] = deque()

    def unseen(raws: Iterator[RawDoc | CommuniqueError]) -> Iterator[RawDoc | CommuniqueError]:
        for raw in raws:
            if isinstance(raw, CommuniqueError):
                pending.append((raw.origin, None))
                yield raw
                continue
            key = input_key(raw)
            if store.has_input(key):
                report("duplicate", raw.origin)
                continue
            pending.append((raw.origin, key))
            yield raw

    names = [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]
    todo = unseen(iter(read_inputs(names, settings)))
    first = next(todo, None)
    if first is None:  # nothing new: spare loading spaCy
        return summary
    for item in documents(chain([first], todo), settings=settings, n_process=workers):
        origin, key = pending.popleft() if pending else ("", None)
        if isinstance(item, CommuniqueError):
            report("failed", item.origin, item)
            continue
        report(*_store(store, item, key if item.article.origin == origin else None))
    return summary


def _store(store: Store, doc: Document, key: str | None) -> tuple[str, str, CommuniqueError | None]:
    """Add one Document; the outcome as `on_item` reports it."""
    name = doc.article.origin or doc.article.id
    try:
        return ("added" if store.add(doc, input_key=key) else "duplicate"), name, None
    except CommuniqueError as exc:
        return "failed", name, exc
