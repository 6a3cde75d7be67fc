"""The one runner: raw documents in, keyed Results out, in this process or in forked workers.

Every caller goes through `run`: `extract()` and `documents()` here, the CLI's extract and ingest, the
API's extract and ingest, and each Dask partition (scale/). Each Result carries its input's key, so a
caller that does not need input order (ingest) takes results as they finish.
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from .errors import CommuniqueError
from .pipeline import Result, keyed, process, warm
from .records import Document, RawDoc
from .settings import Settings

Item = RawDoc | CommuniqueError
DIED = "the worker process extracting it died (killed, or out of memory)"


def run(items: Iterable[Item], *, settings: Settings | None = None, workers: int = 1, batch_size: int = 16,
        ordered: bool = True) -> Iterator[Result]:
    """One Result per item: its Document or its error, with the raw document's key and origin.

    Items are raw documents (their `key` is set here when missing) or errors from a reader, which
    pass through. With `workers` > 1, batches go to forked worker processes that each run every
    stage; `ordered=False` yields each batch's results as soon as it is done. A worker that dies
    costs only the article it was on: the other articles of its batch are run again one by one.
    Nothing is raised for a bad input.
    """
    settings = settings or Settings()
    if workers <= 1:
        for batch in _batches(items, batch_size):
            yield from process(batch, settings, batch_size=batch_size)
        return
    yield from _parallel(items, settings, workers, batch_size, ordered)


def documents(raws: Iterable[Item], *, settings: Settings | None = None, n_process: int = 1,
              batch_size: int = 16, strict: bool = False) -> Iterator[Document | CommuniqueError]:
    """Stream Documents for raw inputs, in input order; a bad input yields its error instead.

    Errors already in the stream pass through. With `strict`, the first error is raised.
    With `n_process` > 1, batches of articles go to worker processes that each run the whole
    pipeline (reading, spaCy and record extraction), so every stage runs in parallel.
    """
    for result in run(raws, settings=settings, workers=n_process, batch_size=batch_size):
        if strict and result.error is not None:
            raise result.error
        yield result.item


def extract(text_or_html: str, *, title: str | None = None, published: str | None = None,
            url: str | None = None, source: str | None = None, settings: Settings | None = None,
            origin: str = "<text>") -> Document:
    """Read one article (plain text as scraped, or HTML) and return its Document.

    Metadata given here wins over what the article itself says. Raises InputError for
    text that cannot be read (empty, binary, too long).
    """
    fmt = "html" if _looks_like_html(text_or_html) else "text"
    meta = {k: v for k, v in dict(title=title, published=published, url=url, source=source).items() if v}
    raw = RawDoc(origin=origin, content=text_or_html, format=fmt, meta=meta)
    return next(documents([raw], settings=settings, strict=True))  # type: ignore[return-value]


def _parallel(items: Iterable[Item], settings: Settings, workers: int, batch_size: int,
              ordered: bool) -> Iterator[Result]:
    warm(settings)  # loaded before forking, shared copy-on-write by the workers
    numbered = _batches(enumerate(keyed(i) if isinstance(i, RawDoc) else i for i in items), batch_size)
    alone: collections.deque[tuple[int, Item]] = collections.deque()  # to run one by one after a death
    held: dict[int, Result] = {}  # finished out of order, waiting for their turn (ordered only)
    turn = 0
    pool = _pool(workers)
    pending: dict[Future, list[tuple[int, Item]]] = {}
    try:
        while True:
            # the input is read here, in the caller's thread (it may query the store), a few batches ahead;
            # after a worker died, its batch mates run one at a time, and nothing else beside them
            if alone:
                if not pending:
                    batch = [alone.popleft()]
                    pending[pool.submit(process, [batch[0][1]], settings, batch_size=batch_size)] = batch
            else:
                while len(pending) < 2 * workers and (batch := next(numbered, None)) is not None:
                    pending[pool.submit(process, [item for _, item in batch], settings,
                                        batch_size=batch_size)] = batch
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            by_itself = len(pending) == 1
            finished: list[tuple[int, Result]] = []
            broken = False
            for future in done:
                batch = pending.pop(future)
                try:
                    finished.extend(zip((n for n, _ in batch), future.result(), strict=True))
                except BrokenProcessPool:
                    broken = True
                    if by_itself and len(batch) == 1:  # it ran alone, so it is the one that kills workers
                        finished.append((batch[0][0], _died(batch[0][1])))
                    else:
                        alone.extend(batch)
            if broken:  # every other batch in flight died with the pool: run them again, one by one
                for batch in pending.values():
                    alone.extend(batch)
                pending.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                pool = _pool(workers)
                alone = collections.deque(sorted(alone, key=lambda pair: pair[0]))
            if not ordered:
                for _, result in finished:
                    yield result
                continue
            held.update(finished)
            while turn in held:
                yield held.pop(turn)
                turn += 1
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the caller stops, its workers must not print tracebacks
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _died(item: Item) -> Result:
    if isinstance(item, CommuniqueError):
        return Result(None, item.origin, error=item)
    return Result(item.key, item.origin, error=CommuniqueError(item.origin, DIED))


def _batches(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<p>" in head
                                                                        or "<div" in head)


__all__ = ["run", "documents", "extract", "Result"]
