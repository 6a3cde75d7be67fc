"""Wires the stages: raw document -> Article -> spaCy Doc -> records -> Document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc

from . import nlp as nlp_loader
from .actors import find_actors
from .article import read_article
from .claims import find_claims
from .dates import find_times
from .errors import CommuniqueError, InputError
from .events import find_events
from .places import find_places
from .quotes import find_quotes
from .records import Article, Document, RawDoc
from .settings import Settings


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
    """Stream Documents for raw inputs, in order; a bad input yields its error instead.

    Errors already in the stream pass through. With `strict`, the first error is raised.
    """
    settings = settings or Settings()
    nlp = nlp_loader.load(settings.model)

    def articles() -> Iterator[tuple[str, Article | CommuniqueError]]:
        for raw in raws:
            if isinstance(raw, CommuniqueError):
                if strict:
                    raise raw
                yield "", raw
                continue
            try:
                article = read_article(raw, settings)
            except CommuniqueError as exc:
                if strict:
                    raise
                yield "", exc
                continue
            yield (article.text if _is_handled(article, settings) else ""), article

    stream = nlp.pipe(articles(), as_tuples=True, n_process=n_process, batch_size=batch_size)
    for doc, article in stream:
        if isinstance(article, CommuniqueError):
            yield article
        elif not _is_handled(article, settings):
            yield Document(article, warnings=(
                f"{article.origin or article.id}: language is {article.language!r}, not "
                f"{'/'.join(settings.languages)}; no records extracted",))
        else:
            yield records(doc, article, settings)


def records(doc: Doc, article: Article, settings: Settings) -> Document:
    """Run every record extractor over one annotated article."""
    actors = find_actors(doc, article, kb_paths=settings.kb_paths)
    times = find_times(doc, article)
    places = find_places(doc, article, actors)
    quotes = find_quotes(doc, actors)
    events = find_events(doc, article, actors, times, places, quotes)
    claims = find_claims(doc, quotes, actors)
    return Document(article=article, actors=tuple(actors), events=tuple(events), quotes=tuple(quotes),
                    claims=tuple(claims), places=tuple(places), times=tuple(times))


def _is_handled(article: Article, settings: Settings) -> bool:
    return article.language in settings.languages


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or ("<body" in head or "<p>" in head
                                                                        or "<div" in head)


def with_meta(article: Article, **meta: str | None) -> Article:
    """The article with the given metadata filled in where it is missing."""
    return replace(article, **{k: v for k, v in meta.items() if v and not getattr(article, k)})


__all__ = ["extract", "documents", "records", "InputError"]
