"""What the incidents stage knows of one event record: its act, sides, date range, place, words, outlet."""

from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..actors.keys import surname_key
from ..actors.knowledge import fold
from ..records import Document, Event
from ..times.resolve import bounds, parse_published

HERE = Path(__file__).parent
FUTURE = frozenset({"future", "intent", "conditional"})


@functools.cache
def rules() -> dict[str, Any]:
    """The families, announced acts, blocking window and decision weights of rules.yaml."""
    return yaml.safe_load((HERE / "rules.yaml").read_text(encoding="utf-8"))


@functools.cache
def _stopwords() -> frozenset[str]:
    lines = (HERE / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@functools.cache
def _family_of() -> dict[str, str]:
    return {t: name for name, types in rules()["families"].items() for t in types}


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an event: the actor's store-wide key and the tokens it can be matched by."""

    key: str
    name: str
    tokens: dict[str, float]  # token -> weight: own key, the key of the body it belongs to, "c:" country


@dataclass(frozen=True, slots=True)
class Facts:
    """One event record as incidents see it; `ref` ("article id/event id") names it store-wide."""

    ref: str
    article: str
    seq: int
    type: str
    act: str  # the act reported: the type, or for an announcement the act announced
    family: str
    cameo: str | None
    mode: str | None
    source: Side | None
    target: Side | None
    lo: int | None  # the act's date range, as proleptic ordinals (None: undated)
    hi: int | None
    own_date: bool  # the range comes from the text, not from the publication date standing in
    date: str | None
    granularity: str | None
    place: str | None
    geonameid: int | None
    place_country: str | None  # ISO alpha-2
    place_wide: bool  # the place is a country or region, not a town
    lat: float | None
    lon: float | None
    trigger: str
    words: tuple[str, ...]  # stemmed content words of the evidence
    names: tuple[str, ...]  # capitalised words inside the evidence's sentences ("Kadawa", "Rustaveli")
    modality: str | None
    negated: bool
    claimed: bool
    confidence: float
    goldstein: float | None
    quad_class: int | None
    outlet: str | None
    url: str | None
    published: str | None
    start: int  # where the evidence starts in the article
    figures: tuple[tuple[str, int, str | None, int, int, str], ...]  # kind, value, qualifier, start, end, text
    area: int | None = None  # the town the article names most: the place of acts it places nowhere
    area_country: str | None = None
    cast: tuple[str, ...] = ()  # the keys of the known actors the article names (states, people, bodies)

    def to_json(self) -> dict[str, Any]:
        """A plain dict for the store."""
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Facts:
        """Rebuild from `to_json()` output."""
        sides = {k: Side(**d[k]) if d.get(k) else None for k in ("source", "target")}
        return cls(**{**d, **sides, "words": tuple(d["words"]), "names": tuple(d.get("names") or ()),
                      "cast": tuple(d.get("cast") or ()),
                      "figures": tuple(tuple(f) for f in d.get("figures") or ())})  # type: ignore[arg-type]


def document_facts(doc: Document, keys: dict[str, str]) -> list[Facts]:
    """The facts of every event of `doc`; `keys` maps its actor ids to store-wide actor keys."""
    a = doc.article
    actors = {x.id: x for x in doc.actors}
    wide = {p.geonameid for p in doc.places if p.geonameid and p.feature not in (None, "city")}
    towns = sorted((p for p in doc.places if p.geonameid and p.geonameid not in wide),
                   key=lambda p: (-len(p.mentions), min((m.start for m in p.mentions), default=0)))
    area = towns[0] if towns else None
    # names already weighed as sides or places are not shared wording
    named = {w for x in (*doc.actors, *doc.places) for m in x.mentions for w in fold(m.text).split()}
    # who the article is about: what its events miss ("the foreign ministers of Turkey and Iran met")
    cast = tuple(sorted({_cast_key(keys.get(x.id) or x.kb_id or "") for x in doc.actors if x.kb_id or (
        keys.get(x.id) or "").startswith("p:")} - {""}))
    pub = parse_published(a.published)
    outlet = outlet_of(a.source, a.url)

    def side(actor_id: str | None) -> Side | None:
        x = actors.get(actor_id or "")
        if x is None:
            return None
        weights = rules()["tokens"]
        key = keys.get(x.id) or x.kb_id or x.name
        if key.startswith("o:"):  # an unnamed organ or group of a state ("o:KEN:police"): weak alone
            tokens = {key: weights["generic"]}
        elif x.kb_id or key.startswith("p:") or any(c.isupper() for c in x.name):
            tokens = {key: weights["key"]}
            surname = surname_key(key)
            if surname:  # "Marzouk" alone in one report, the full name in another
                tokens[f"s:{surname}"] = weights["surname"]
        else:  # "police", "gunmen": the same words name different actors in every country
            tokens = {f"{key}@{x.country or '?'}": weights["generic"]}
        parent = actors.get(x.affiliation or "")
        if parent is not None and parent.id != x.id:
            tokens.setdefault(keys.get(parent.id) or parent.kb_id or parent.name, weights["affiliation"])
        if x.country:
            tokens.setdefault(f"c:{x.country}", weights["country"])
        return Side(key=key, name=x.name, tokens=tokens)

    out = []
    for i, e in enumerate(doc.events):
        f = _facts(e, i, a.id, side, pub, outlet, a.url, a.published, wide)
        out.append(replace(f, names=tuple(n for n in f.names if n not in named), cast=cast,
                           area=area.geonameid if area else None, area_country=area.country if area else None))
    return out


def _facts(e: Event, seq: int, article: str, side: Any, pub: date | None, outlet: str | None,
           url: str | None, published: str | None, wide: set[int]) -> Facts:
    act = rules()["announced"].get(e.cameo or "", e.type) if e.type == "AGREE" else e.type
    lo, hi, own = _date_range(e, pub)
    place = e.place
    return Facts(
        ref=f"{article}/{e.id}", article=article, seq=seq, type=e.type, act=act,
        family=_family_of().get(act, act), cameo=e.cameo, mode=e.mode,
        source=side(e.source), target=side(e.target), lo=lo, hi=hi, own_date=own,
        date=e.date.value if e.date else None, granularity=e.date.granularity if e.date else None,
        place=place.name if place else None, geonameid=place.geonameid if place else None,
        place_country=place.country if place else None,
        place_wide=bool(place and place.geonameid in wide), lat=place.lat if place else None,
        lon=place.lon if place else None, trigger=stem(e.trigger.text if e.trigger else e.type),
        words=content_words(e.evidence.text), names=proper_words(e.evidence.text), modality=e.modality,
        negated=e.negated,
        claimed=e.claimed_by is not None, confidence=e.confidence, goldstein=e.goldstein,
        quad_class=e.quad_class, outlet=outlet, url=url, published=published, start=e.evidence.start,
        figures=tuple((f.kind, f.value, f.qualifier, f.span.start, f.span.end, f.span.text) for f in e.figures))


def _date_range(e: Event, pub: date | None) -> tuple[int | None, int | None, bool]:
    """(first day, last day, from the text) of when the act happened, or may happen."""
    d = e.date
    if d is not None and d.value and not d.approximate:
        span = bounds(d.value)
        if span is not None:
            return span[0].toordinal(), span[1].toordinal(), True
    if pub is None:
        return None, None, False
    block = rules()["block"]
    if (e.modality or "") in FUTURE or e.type == "AGREE" and (e.cameo or "").startswith("03"):
        return pub.toordinal(), (pub + timedelta(days=block["ahead"])).toordinal(), False
    return (pub - timedelta(days=block["before"])).toordinal(), pub.toordinal(), False


def _cast_key(key: str) -> str:
    """A person not in the knowledge base by surname ("Qassem" and "Qassim Soleimani" are one)."""
    surname = surname_key(key)
    return f"s:{surname}" if surname else key


def block_keys(f: Facts) -> list[str]:
    """The keys two events must share to be compared: family, one side token or town, and an ISO week.

    Events whose date range is wider than `block.widest` days, or undated, get none: they can join
    an incident only within their own article.
    """
    block = rules()["block"]
    if f.lo is None or f.hi is None or f.hi - f.lo > block["widest"]:
        return []
    first, last = date.fromordinal(f.lo - block["slack"]), date.fromordinal(f.hi + block["slack"])
    weeks = sorted({(first + timedelta(days=n)).isocalendar()[:2] for n in range((last - first).days + 1)})
    tokens = sorted({t for s in (f.source, f.target) if s for t in s.tokens})
    if f.geonameid and not f.place_wide:
        tokens.append(f"p:{f.geonameid}")
    elif f.place and not f.geonameid:  # a place the gazetteer does not know: by its name
        tokens.append("pn:" + "-".join(fold(f.place).split()))
    elif f.area:  # an act placed nowhere in its sentence: the town its article is about
        tokens.append(f"p:{f.area}")
    if not tokens and (f.place_country or f.area_country):  # no actor, no town: its country
        tokens.append(f"pc:{f.place_country or f.area_country}")
    return [f"{f.family}|{t}|{y}-W{w:02d}" for t in tokens for y, w in weeks]


def outlet_of(source: str | None, url: str | None) -> str | None:
    """Who published a report: its source name folded, else its URL's host without "www."."""
    if source and source.strip():
        return fold(source) or None
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or None


_WORD = re.compile(r"[a-z0-9]+")


def stem(word: str) -> str:
    """A crude stem, enough to make "attacked", "attacks" and "attacking" one word."""
    w = fold(word).replace(" ", "")
    for suffix in ("ing", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


_PROPER = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b([A-Z][a-z]+(?:[-'][A-Za-z]+)*)")


def proper_words(text: str) -> tuple[str, ...]:
    """Capitalised words not opening a sentence, folded: the names a report shares with another."""
    stop = _stopwords()
    return tuple(sorted({w for w in (fold(m.group(1)).replace(" ", "") for m in _PROPER.finditer(text))
                         if len(w) > 2 and w not in stop}))


def content_words(text: str) -> tuple[str, ...]:
    """The evidence's words that tell one act from another: stemmed, function words left out."""
    stop = _stopwords()
    words = (stem(w) for w in _WORD.findall(fold(text)))
    return tuple(sorted({w for w in words if len(w) > 2 and w not in stop}))
