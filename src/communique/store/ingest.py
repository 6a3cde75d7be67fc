"""Idempotent ingest: inputs -> runner -> Store, one transaction per article, results matched by input key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from ..errors import CommuniqueError, StoreError
from ..pipeline import Result, keyed
from ..records import RawDoc
from ..runner import run
from ..settings import Settings
from ..sources import read_inputs
from .db import Store


@dataclass(frozen=True, slots=True)
class Outcome:
    """What ingest did with one input: "added", "duplicate" (stored before) or "failed" (with its error)."""

    outcome: str
    key: str | None
    origin: str
    article_id: str | None = None
    error: CommuniqueError | None = None
    warnings: tuple[str, ...] = ()  # the document's, such as text in another language


OnItem = Callable[[Outcome], None]


@dataclass
class IngestSummary:
    """What one ingest run did."""

    seen: int = 0
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[CommuniqueError] = field(default_factory=list)

    def count(self, outcome: Outcome) -> None:
        """Count one input's outcome."""
        self.seen += 1
        if outcome.outcome == "added":
            self.added += 1
        elif outcome.outcome == "duplicate":
            self.duplicates += 1
        else:
            self.failed += 1
            self.errors.append(outcome.error)  # type: ignore[arg-type]


def ingest(store: Store, inputs: Sequence[str | Path] | str | Path, *, settings: Settings, workers: int = 1,
           on_item: OnItem | None = None) -> IngestSummary:
    """Read `inputs` (anything `communique.sources.read_inputs` takes), extract and store every article.

    Each article is committed on its own, so a killed run loses at most the article in flight and a
    rerun picks up where it stopped: inputs stored before are skipped before spaCy sees them, and
    articles already stored (same text and URL) are counted as duplicates. A failing input is
    recorded as a skip in the store and reported, never raised. Raises StoreError only when the
    store itself cannot be written.
    """
    names = [str(inputs)] if isinstance(inputs, str | Path) else [str(i) for i in inputs]
    return ingest_items(store, read_inputs(names, settings), settings=settings, workers=workers, on_item=on_item)


def ingest_items(store: Store, items: Iterable[RawDoc | CommuniqueError], *, settings: Settings,
                 workers: int = 1, on_item: OnItem | None = None,
                 lock: AbstractContextManager | None = None, batch_size: int = 16) -> IngestSummary:
    """Extract and store raw documents (errors among them are recorded as skips), as `ingest` does.

    `lock` is held around each use of the store (not while extracting), for a store shared
    between threads. Results are taken in the order workers finish them, matched by input key.
    `batch_size` items are read ahead of what is stored (1: each is stored before the next is read).
    """
    guard = lock or nullcontext()
    summary = IngestSummary()

    def report(outcome: Outcome) -> None:
        summary.count(outcome)
        if on_item is not None:
            on_item(outcome)

    def unseen(items: Iterable[RawDoc | CommuniqueError]) -> Iterator[RawDoc | CommuniqueError]:
        for item in items:
            if isinstance(item, RawDoc):
                item = keyed(item)
                with guard:
                    known = store.has_input(item.key)  # type: ignore[arg-type]
                if known:
                    report(Outcome("duplicate", item.key, item.origin, known))
                    continue
            yield item

    todo = unseen(items)
    first = next(todo, None)
    if first is None:  # nothing new: spare loading spaCy
        return summary
    for result in run(chain([first], todo), settings=settings, workers=workers, batch_size=batch_size,
                      ordered=False):
        with guard:
            report(_store(store, result))
    return summary


def _store(store: Store, result: Result) -> Outcome:
    """Add one Result's Document, or record its error as a skip."""
    doc = result.document
    if doc is not None:
        try:
            added = store.add(doc, input_key=result.key)
            return Outcome("added" if added else "duplicate", result.key, result.origin, doc.article.id,
                           warnings=doc.warnings)
        except StoreError:
            raise  # the store itself cannot be written: no later write would work either
        except CommuniqueError as exc:
            error = exc
    else:
        error = result.error  # type: ignore[assignment]
    store.skip(error)
    return Outcome("failed", result.key, result.origin, error=error)
