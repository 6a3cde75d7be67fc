"""The record types: the contract between stages, the JSON document and the store's tables."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "communique/1"
# the values of Event.type (PLOVER's 16) and of Claim.stance
EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
               "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
STANCES = ("support", "oppose", "demand", "reject")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """Text with lone surrogates (JSON's "\\ud800", undecodable file names) replaced by U+FFFD, one for one.

    They cannot be written as UTF-8, so they would fail every hash, database write and print; keeping
    the length keeps every offset.
    """
    return _LONE_SURROGATE.sub("\ufffd", text) if _LONE_SURROGATE.search(text) else text


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of `Article.text`: `article.text[start:end] == text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Furniture:
    """Page furniture kept out of the body: tagline, caption, credit, related, byline, share, other."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One input as read by a source, before article parsing.

    `content` is str for text already decoded, bytes when the reader could not decode it.
    `format` is "html" or "text"; `meta` holds title, published, url, source, author when known.
    `key` is the input's fingerprint (`pipeline.input_key`), set by the runner and carried to its result.
    Its strings are valid Unicode: lone surrogates become U+FFFD on the way in.
    """

    origin: str
    content: str
    format: str = "text"
    meta: dict[str, Any] = field(default_factory=dict)
    key: str | None = None

    def __post_init__(self) -> None:
        # every reader and caller builds one of these, so this is where text becomes valid Unicode
        if isinstance(self.content, str):
            object.__setattr__(self, "content", valid_unicode(self.content))
        object.__setattr__(self, "origin", valid_unicode(self.origin))
        if any(isinstance(v, str) and _LONE_SURROGATE.search(v) for v in self.meta.values()):
            object.__setattr__(self, "meta", {k: valid_unicode(v) if isinstance(v, str) else v
                                              for k, v in self.meta.items()})


@dataclass(frozen=True, slots=True)
class Article:
    """The article as read: body text plus what surrounds it."""

    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    language: str | None
    text: str
    furniture: tuple[Furniture, ...] = ()
    author: str | None = None
    origin: str | None = None
    # (start, end) of each body paragraph in `text`
    paragraphs: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """One real-world person, organisation, state, people or body, with all its mentions."""

    id: str
    name: str
    kind: str  # person | organisation | state | people | igo | other
    country: str | None = None  # ISO 3166-1 alpha-3, or IGO
    sector: str | None = None  # GOV, MIL, REB, PTY, IGO, ...
    affiliation: str | None = None  # id of another actor in the same document
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()
    role: str | None = None
    kb_id: str | None = None  # knowledge-base id, stable across articles
    key: str | None = None  # the same actor across articles: kb_id, else a spelling-folded name key
    gender: str | None = None  # persons: "f" or "m" when a title, first name or the knowledge base says


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A temporal expression resolved against the publication time."""

    text: str
    start: int
    end: int
    value: str | None
    granularity: str | None  # day | week | month | year | range
    # True for dates in furniture or otherwise not usable to date events
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Place:
    """A toponym resolved to a GeoNames entry (or to the shipped gazetteer)."""

    id: str
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166-1 alpha-2
    mentions: tuple[Span, ...] = ()
    feature: str | None = None  # city, country, region, ...


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str | None
    granularity: str | None
    text: str | None = None
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class EventPlace:
    name: str
    geonameid: int | None
    lat: float | None
    lon: float | None
    country: str | None


@dataclass(frozen=True, slots=True)
class Figure:
    """A casualty or arrest count one report gives ("at least five killed", "dozens were detained")."""

    kind: str  # killed | injured | arrested | abducted | missing | displaced
    value: int  # the number given; for words like "dozens", the least they can mean (24)
    qualifier: str | None  # None when exact; at_least | more_than | about | up_to | vague
    span: Span  # the words that give the figure


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event: PLOVER type and mode with the nearest CAMEO code."""

    id: str
    type: str
    mode: str | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None
    source: str | None
    target: str | None
    date: EventDate | None
    place: EventPlace | None
    negated: bool
    confidence: float
    evidence: Span
    trigger: Span | None = None
    modality: str | None = None  # asserted | future | conditional | threat | call | intent | claimed
    claimed_by: str | None = None  # actor id when the event is reported inside a quote
    figures: tuple[Figure, ...] = ()  # casualty and arrest counts the report gives for this act


@dataclass(frozen=True, slots=True)
class Quote:
    """Something someone said, with its speaker resolved to an actor where the text allows."""

    id: str
    text: str
    start: int
    end: int
    kind: str  # direct | partial | indirect | mixed
    speaker: str | None
    cue: str | None
    cue_span: Span | None = None
    speakers: tuple[str, ...] = ()  # every speaker when several speak together ("the two sides")
    speaker_text: str | None = None  # the words naming the speaker, also for unnamed sources


@dataclass(frozen=True, slots=True)
class Claim:
    """A position: an actor's stance on an issue, with its terms."""

    id: str
    actor: str | None
    issue: str
    stance: str  # support | oppose | demand | reject
    terms: tuple[str, ...]
    evidence: Span
    quote: str | None = None  # id of the quote it comes from


@dataclass(frozen=True, slots=True)
class Document:
    """Everything read out of one article."""

    article: Article
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The "communique/1" JSON document."""
        d = {name: _plain(getattr(self, name)) for name in
             ("article", "actors", "events", "quotes", "claims", "places", "times")}
        d["article"].pop("origin", None)
        d["article"]["paragraphs"] = [list(p) for p in self.article.paragraphs]
        out: dict[str, Any] = {"schema": SCHEMA, **d}
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Rebuild a Document from `to_dict()` output (as stored or sent over the wire)."""
        a = dict(d["article"])
        a["furniture"] = tuple(Furniture(**f) for f in a.get("furniture") or ())
        a["paragraphs"] = tuple(tuple(p) for p in a.get("paragraphs") or ())
        a.setdefault("origin", None)
        article = Article(**{k: a.get(k) for k in _names(Article)})

        def spans(xs: Any) -> tuple[Span, ...]:
            return tuple(Span(**x) for x in xs or ())

        def build(kind: type, row: dict[str, Any], **over: Any) -> Any:
            row = {**row, **over}
            return kind(**{k: row[k] for k in _names(kind) if k in row})

        actors = tuple(build(Actor, x, aliases=tuple(x.get("aliases") or ()), mentions=spans(x.get("mentions")))
                       for x in d.get("actors") or ())
        events = tuple(build(Event, x,
                             date=EventDate(**x["date"]) if x.get("date") else None,
                             place=EventPlace(**x["place"]) if x.get("place") else None,
                             evidence=Span(**x["evidence"]),
                             trigger=Span(**x["trigger"]) if x.get("trigger") else None,
                             figures=tuple(Figure(**{**f, "span": Span(**f["span"])})
                                           for f in x.get("figures") or ()))
                       for x in d.get("events") or ())
        quotes = tuple(build(Quote, x, cue_span=Span(**x["cue_span"]) if x.get("cue_span") else None,
                             speakers=tuple(x.get("speakers") or ()))
                       for x in d.get("quotes") or ())
        claims = tuple(build(Claim, x, terms=tuple(x.get("terms") or ()), evidence=Span(**x["evidence"]))
                       for x in d.get("claims") or ())
        places = tuple(build(Place, x, mentions=spans(x.get("mentions"))) for x in d.get("places") or ())
        times = tuple(build(TimeExpr, x) for x in d.get("times") or ())
        return cls(article, actors, events, quotes, claims, places, times, tuple(d.get("warnings") or ()))


def _names(kind: type) -> list[str]:
    return [f.name for f in dataclasses.fields(kind)]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
