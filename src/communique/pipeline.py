"""Wires the stages for a batch: raw document -> Article -> spaCy Doc -> records -> Document, keyed by input."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from . import nlp as nlp_loader
from .actors import find_actors
from .article import read_article
from .claims import find_claims
from .claims.codebook import load as load_codebook
from .errors import CommuniqueError, InputError
from .events import find_events
from .figures import attach_figures, find_figures
from .places import find_places
from .quotes import find_quotes
from .records import Article, Document, RawDoc
from .settings import PART_CHARS, Settings
from .times import find_times

# run through every stage once before forking workers or taking work, so the model, the knowledge base,
# the lexicons and the place index are loaded (and, when forked, shared) before the first real article
_WARM_UP = "The foreign minister of Ghana met the Kenyan president in Nairobi on Monday, officials said."


@dataclass(frozen=True, slots=True)
class Result:
    """What became of one input: its Document or its error, with the input's key and origin.

    `key` is the raw document's `input_key`; None for an input that failed before it was read
    (a missing file, a bad JSONL line), which only has its origin.
    """

    key: str | None
    origin: str
    document: Document | None = None
    error: CommuniqueError | None = None

    @property
    def item(self) -> Document | CommuniqueError:
        """The Document, or the error in its place."""
        return self.document if self.document is not None else self.error  # type: ignore[return-value]


def input_key(raw: RawDoc) -> str:
    """A cheap fingerprint of a raw input, computed before any parsing."""
    content = raw.content if isinstance(raw.content, bytes) else " ".join(raw.content.split()).encode()
    meta = json.dumps(raw.meta, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(b"\0".join([raw.format.encode(), meta.encode(), content])).hexdigest()


def keyed(raw: RawDoc) -> RawDoc:
    """The raw document with its `key` set."""
    return raw if raw.key else replace(raw, key=input_key(raw))


def process(items: Sequence[RawDoc | CommuniqueError], settings: Settings, *,
            batch_size: int = 16) -> list[Result]:
    """Run a batch of raw documents through every stage: one Result per item, in order.

    Never raises for a bad item: an unreadable input, a text over `settings.max_chars`, a text spaCy
    refuses and a failing record extractor each cost that one item an error. Errors already in the
    batch pass through.
    """
    nlp = nlp_loader.load(settings.model)
    out: list[Result | None] = [None] * len(items)
    articles: list[tuple[int, str, Article]] = []  # (position, key, article) of the texts to parse
    for i, item in enumerate(items):
        if isinstance(item, CommuniqueError):
            out[i] = Result(None, item.origin, error=item)
            continue
        raw = keyed(item)
        try:
            article = read_article(raw, settings)
        except CommuniqueError as exc:
            out[i] = Result(raw.key, raw.origin, error=exc)
            continue
        if len(article.text) > settings.max_chars:
            out[i] = Result(raw.key, raw.origin, error=InputError(
                raw.origin, f"too long: {len(article.text):,} characters of text, over the limit of "
                f"{settings.max_chars:,} characters"))
        elif article.language not in settings.languages:
            out[i] = Result(raw.key, raw.origin, Document(article, warnings=(
                f"{article.origin or article.id}: language is {article.language!r}, not "
                f"{'/'.join(settings.languages)}; no records extracted",)))
        else:
            articles.append((i, raw.key, article))  # type: ignore[arg-type]
    for (i, key, article), doc in zip(articles, _parse([a.text for _, _, a in articles], nlp, batch_size),
                                      strict=True):
        origin = article.origin or article.id
        if isinstance(doc, Exception):
            out[i] = Result(key, origin, error=CommuniqueError(
                origin, f"spaCy could not parse it ({type(doc).__name__}: {_one_line(doc)})"))
            continue
        try:
            out[i] = Result(key, origin, records(doc, article, settings))
        except Exception as exc:  # a bug in one stage costs one article, not the batch
            out[i] = Result(key, origin, error=CommuniqueError(
                origin, f"extraction failed ({type(exc).__name__}: {_one_line(exc)}); please report it"))
    return out  # type: ignore[return-value]


def warm(settings: Settings) -> None:
    """Load the model and every stage's data once in this process."""
    process([RawDoc(origin="<warm-up>", content=_WARM_UP, meta={"published": "2024-01-01"})], settings)


def _parse(texts: list[str], nlp: object, batch_size: int) -> list[Doc | Exception]:
    """Docs for the texts, in order; a text spaCy fails on gets its exception instead.

    The parser is given at most `settings.PART_CHARS` characters at a time (a batch of short texts, or
    one part of a long one), which is what bounds its memory.
    """
    out: list[Doc | Exception] = []
    group: list[str] = []
    for text in [*texts, None]:
        if group and (text is None or len(group) == batch_size
                      or sum(map(len, group)) + len(text) > PART_CHARS):
            try:
                out.extend(list(nlp.pipe(group, batch_size=len(group))))  # type: ignore[attr-defined]
            except Exception:  # one bad text fails its whole batch: parse them one at a time to find it
                out.extend(_parse_one(t, nlp) for t in group)
            group = []
        if text is None:
            break
        if len(text) > PART_CHARS:
            out.append(_parse_one(text, nlp))
        else:
            group.append(text)
    return out


def _parse_one(text: str, nlp: object) -> Doc | Exception:
    try:
        return nlp_loader.parse(nlp, text, part=PART_CHARS)  # type: ignore[arg-type]
    except Exception as exc:
        return exc


def records(doc: Doc, article: Article, settings: Settings) -> Document:
    """Run every record extractor over one annotated article."""
    actors = find_actors(doc, article, kb_paths=settings.kb_paths)
    times = find_times(doc, article)
    places = find_places(doc, article, actors)
    quotes = find_quotes(doc, actors)
    events = attach_figures(doc, find_events(doc, article, actors, times, places, quotes), find_figures(doc))
    # a --kb folder may hold a codebook.yaml that extends the shipped issue codebook
    codebook = load_codebook(tuple(p / "codebook.yaml" for p in settings.kb_paths if (p / "codebook.yaml").is_file()))
    claims = find_claims(doc, quotes, actors, codebook=codebook)
    return Document(article=article, actors=tuple(actors), events=tuple(events), quotes=tuple(quotes),
                    claims=tuple(claims), places=tuple(places), times=tuple(times))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300] or exc.__class__.__name__


__all__ = ["Result", "process", "records", "input_key", "keyed", "warm"]
