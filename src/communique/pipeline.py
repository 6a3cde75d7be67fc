"""Wires the stages: raw document -> Article -> spaCy Doc -> records -> Document."""

from __future__ import annotations

import collections
import functools
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from . import nlp as nlp_loader
from .actors import find_actors
from .article import read_article
from .claims import find_claims
from .claims.codebook import load as load_codebook
from .errors import CommuniqueError, InputError
from .events import find_events
from .places import find_places
from .quotes import find_quotes
from .records import Article, Document, RawDoc
from .settings import Settings
from .times import find_times


def extract(text_or_html: str, *, title: str | None = None, published: str | None = None,
            url: str | None = None, source: str | None = None, settings: Settings | None = None,
            origin: str = "<text>") -> Document:
    """Read one article (plain text as scraped, or HTML) and return its Document.

    Metadata given here wins over what the article itself says. Raises InputError for
    text that cannot be read (empty, binary, too large).
    """
    fmt = "html" if _looks_like_html(text_or_html) else "text"
    meta = {k: v for k, v in dict(title=title, published=published, url=url, source=source).items() if v}
    raw = RawDoc(origin=origin, content=text_or_html, format=fmt, meta=meta)
    return next(iter(documents([raw], settings=settings, strict=True)))  # type: ignore[return-value]


def documents(raws: Iterable[RawDoc | CommuniqueError], *, settings: Settings | None = None,
              n_process: int = 1, batch_size: int = 16,
              strict: bool = False) -> Iterator[Document | CommuniqueError]:
    """Stream Documents for raw inputs, in input order; a bad input yields its error instead.

    Errors already in the stream pass through. With `strict`, the first error is raised.
    With `n_process` > 1, batches of articles go to worker processes that each run the whole
    pipeline (reading, spaCy and record extraction), so every stage runs in parallel.
    """
    settings = settings or Settings()
    if n_process <= 1:
        results: Iterator[Document | CommuniqueError] = _serial(raws, settings, batch_size)
    else:
        results = _parallel(raws, settings, n_process, batch_size)
    for result in results:
        if strict and isinstance(result, CommuniqueError):
            raise result
        yield result


def _serial(raws: Iterable[RawDoc | CommuniqueError], settings: Settings,
            batch_size: int) -> Iterator[Document | CommuniqueError]:
    nlp = nlp_loader.load(settings.model)

    def articles() -> Iterator[tuple[str, Article | CommuniqueError]]:
        for raw in raws:
            if isinstance(raw, CommuniqueError):
                yield "", raw
                continue
            try:
                article = read_article(raw, settings)
            except CommuniqueError as exc:
                yield "", exc
                continue
            yield (article.text if _is_handled(article, settings) else ""), article

    for doc, article in nlp.pipe(articles(), as_tuples=True, batch_size=batch_size):
        if isinstance(article, CommuniqueError):
            yield article
        elif not _is_handled(article, settings):
            yield Document(article, warnings=(
                f"{article.origin or article.id}: language is {article.language!r}, not "
                f"{'/'.join(settings.languages)}; no records extracted",))
        else:
            try:
                yield records(doc, article, settings)
            except Exception as exc:  # a bug in one stage costs one article, not the batch
                yield CommuniqueError(article.origin or article.id,
                                      f"extraction failed ({type(exc).__name__}: {exc}); please report it")


def _parallel(raws: Iterable[RawDoc | CommuniqueError], settings: Settings, n_process: int,
              batch_size: int) -> Iterator[Document | CommuniqueError]:
    nlp_loader.load(settings.model)  # loaded before forking, shared copy-on-write by the workers
    run = functools.partial(_run_batch, settings=settings, batch_size=batch_size)
    # the input is read here, in the caller's thread (it may query the store), a few batches ahead
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        pending: collections.deque = collections.deque()
        for batch in _batches(raws, batch_size):
            pending.append(pool.apply_async(run, (batch,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _run_batch(batch: list[RawDoc | CommuniqueError], *, settings: Settings,
               batch_size: int) -> list[Document | CommuniqueError]:
    return list(_serial(batch, settings, batch_size))


def _batches(items: Iterable[RawDoc | CommuniqueError], size: int) -> Iterator[list[RawDoc | CommuniqueError]]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def records(doc: Doc, article: Article, settings: Settings) -> Document:
    """Run every record extractor over one annotated article."""
    actors = find_actors(doc, article, kb_paths=settings.kb_paths)
    times = find_times(doc, article)
    places = find_places(doc, article, actors)
    quotes = find_quotes(doc, actors)
    events = find_events(doc, article, actors, times, places, quotes)
    # a --kb folder may hold a codebook.yaml that extends the shipped issue codebook
    codebook = load_codebook(tuple(p / "codebook.yaml" for p in settings.kb_paths if (p / "codebook.yaml").is_file()))
    claims = find_claims(doc, quotes, actors, codebook=codebook)
    return Document(article=article, actors=tuple(actors), events=tuple(events), quotes=tuple(quotes),
                    claims=tuple(claims), places=tuple(places), times=tuple(times))


def _is_handled(article: Article, settings: Settings) -> bool:
    return article.language in settings.languages


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<p>" in head
                                                                        or "<div" in head)


__all__ = ["extract", "documents", "records", "InputError"]
