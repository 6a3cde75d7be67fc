"""Toponyms -> GeoNames places, disambiguated by the article's context."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from ..records import Actor, Article, Place, Span
from .gazetteer import Entry, alpha2, fold, index, lookup

_LABELS = ("GPE", "LOC", "FAC")
_BLOCKING = ("ORG", "PERSON", "WORK_OF_ART", "NORP", "PRODUCT", "EVENT", "LAW")
_BASE = {"country": 7.0, "continent": 7.0, "admin1": 5.5, "county": 5.0}
# a PERSON or ORG entity that is really a town: "fled Khan Younis", "the Rafah crossing"
_BEFORE = {"in", "at", "near", "from", "to", "into", "around", "outside", "across", "towards", "toward",
           "through", "hit", "struck", "shelled", "bombed", "entered", "fled", "reached", "besieged", "captured"}
_AFTER = {"crossing", "city", "camp", "border", "area", "province", "region", "district", "governorate",
          "neighbourhood", "neighborhood", "outskirts", "airport", "port"}
_LEAD = re.compile(r"^(?:the|The)\s+")
_TRAIL = re.compile(r"(?:['’]s?|[\s,.;:])+$")


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    pick: Entry | None = None


def find_places(doc: Doc, article: Article, actors: Sequence[Actor]) -> list[Place]:
    """Places named in `article.text`, one per distinct location, in order of first mention.

    Candidates are spaCy GPE/LOC/FAC entities and gazetteer phrases; each is resolved to a GeoNames
    city, country or continent or a gazetteer region, preferring places in countries the article is
    about (named places, actors' countries) and then larger places. Toponyms that resolve to nothing
    are kept with no coordinates. Demonyms ("Russian efforts") are not places.
    """
    people = {(m.start, m.end) for a in actors if a.kind == "person" for m in a.mentions}
    mentions = _mentions(doc, article.text, people)
    if not mentions:
        return []
    _resolve(mentions, actors, article.text)
    return _group(mentions)


def _mentions(doc: Doc, text: str, people: set[tuple[int, int]]) -> list[_Mention]:
    idx = index()
    spans: dict[tuple[int, int], str] = {}
    blocked: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in _BLOCKING:
            if _is_town(ent, people):
                spans[(ent.start_char, ent.end_char)] = "TOWN"
            else:
                blocked.append((ent.start_char, ent.end_char))
            continue
        if ent.label_ not in _LABELS or _is_demonym(ent):
            continue
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e > s:
            spans[(s, e)] = ent.label_
    for m in idx.phrases.finditer(text):
        s, e = m.span()
        if any(a <= s and e <= b and (a, b) != (s, e) for a, b in blocked):
            continue
        # a longer gazetteer phrase wins over the entity inside it ("Gaza" in "Gaza Strip")
        for key in [k for k in spans if k[0] < e and s < k[1]]:
            if key[1] - key[0] <= e - s:
                del spans[key]
            else:
                break
        else:
            spans[(s, e)] = "GAZ"
    out = []
    for (s, e), label in sorted(spans.items()):
        surface = text[s:e]
        entries = lookup(surface)
        if not entries:
            s, e, entries = _inner(text, s, e)
            surface = text[s:e]
        if not entries and label == "FAC":
            continue
        out.append(_Mention(s, e, surface, entries))
    return out


_DIRECTION = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|"
                        r"upper|lower|inner|outer|greater|rural|downtown)\s+)+", re.I)
_WORD = re.compile(r"\S+")


def _inner(text: str, s: int, e: int) -> tuple[int, int, tuple[Entry, ...]]:
    """A place inside an entity that names none: "eastern China", "Greece Italy", "Building Ireland"."""
    chunk = text[s:e]
    lead = _DIRECTION.match(chunk)
    if lead and lead.end() < len(chunk):
        found = lookup(chunk[lead.end():])
        if found:
            return s, e, found
    words = [(s + m.start(), s + m.end()) for m in _WORD.finditer(chunk)]
    for n in range(len(words) - 1, 0, -1):
        for i in (len(words) - n, 0):
            a, b = words[i][0], words[i + n - 1][1]
            a, b = _trim(text, a, b)
            sub = fold(text[a:b])
            # only a well-known name by its own name: "Orange" in "Orange County", never "Union"
            # in "Soviet Union" (an alternate name of a small town)
            strong = tuple(x for x in lookup(text[a:b]) if fold(x.name) == sub and (
                x.feature in ("country", "admin1") or x.key.startswith("gz:") or x.population >= 100_000))
            if strong and text[a:a + 1].isupper():
                # "Building Ireland" is Ireland; "Orange County" lies at Orange and keeps its name
                return (a, b, strong) if i else (s, e, strong)
    return s, e, ()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    lead = _LEAD.match(text[s:e])
    if lead:
        s += lead.end()
    trail = _TRAIL.search(text[s:e])
    if trail and trail.start() > 0:
        e = s + trail.start()
    return s, e


def _is_town(ent, people: set[tuple[int, int]]) -> bool:  # type: ignore[no-untyped-def]
    """A PERSON/ORG entity in a place's slot whose name is a sizeable town or a gazetteer region."""
    if ent.label_ not in ("PERSON", "ORG") or len(ent) > 3 or (ent.start_char, ent.end_char) in people:
        return False
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if before in ("and", "or", ",") and ent.start > 1:
        # "Khan Younis and Rafah": a town coordinated with a place
        prev = doc[ent.start - 2]
        if prev.ent_type_ in ("GPE", "LOC", "FAC") or (prev.ent_type_ in ("PERSON", "ORG") and any(
                e.end == prev.i + 1 and _is_town(e, people) for e in doc.ents)):
            before = "in"
    if before not in _BEFORE and after not in _AFTER:
        return False
    return any((e.feature == "city" and e.population >= 20000) or e.key.startswith("gz:")
               for e in lookup(ent.text))


def _is_demonym(ent) -> bool:  # type: ignore[no-untyped-def]
    """An adjective of nationality tagged as a place: "Russian" in "Russian efforts"."""
    if len(ent) != 1:
        return False
    tok = ent[0]
    if tok.tag_ in ("JJ", "NNPS") or (tok.dep_ == "amod" and re.search(r"(?:an|ese|ish|i)$", tok.text)):
        found = lookup(tok.text)
        return not any(e.feature in ("country", "continent") or fold(e.name) == fold(tok.text) for e in found)
    return False


def _score(e: Entry, surface: str, countries: Counter[str], admins: Counter[tuple[str, str]],
           near: set[tuple[str, str | None]], has_country: bool = False, local: bool = False) -> float:
    """Prior (size, kind) plus context: the article's countries, regions and a ", Texas" after the name."""
    if e.feature == "city":
        score = math.log10(e.population + 10) + (1.0 if e.capital else 0.0)
    else:
        score = _BASE.get(e.feature, 7.0 if e.key.startswith("gz:") else 6.0)
    if e.country and countries.get(e.country, 0) > 0:
        score += 1.0 + 0.25 * min(countries[e.country], 4)
    if e.country and e.admin1 and admins.get((e.country, e.admin1), 0) > 0 and (e.feature != "city" or local):
        score += 2.0  # other places in the same state or province: Paris, Texas in a story about Dallas
    if (e.country, e.admin1) in near or (e.country, None) in near:
        score += 6.0
    name, said = fold(e.name), fold(surface)
    # the primary name, not one of its many alternate names (our own gazetteer's aliases are all
    # names we chose); "New York" is New York City
    if name == said or e.key.startswith("gz:") or (
            not has_country and e.population >= 1_000_000 and name == said + " city"):
        score += 2.0
    elif e.feature == "city" and e.population < 15000:
        score -= 1.5  # a small town known by this name only as an alternate: usually a false friend
    return score


def _resolve(mentions: list[_Mention], actors: Sequence[Actor], text: str) -> None:
    countries: Counter[str] = Counter()
    for actor in actors:
        cc = alpha2(actor.country)
        if cc:
            countries[cc] += 1
    # first pass: each toponym alone, to learn which countries and regions the article is about
    admins: Counter[tuple[str, str]] = Counter()
    own: list[tuple[str | None, int, tuple[str, str] | None]] = []
    for m in mentions:
        if not m.entries:
            own.append((None, 0, None))
            continue
        has_country = any(e.feature == "country" for e in m.entries)
        best = max(m.entries, key=lambda e: _score(e, m.text, Counter(), Counter(), set(), has_country))
        weight = 2 if len({e.country for e in m.entries}) == 1 else 1
        adm = (best.country, best.admin1) if best.country and best.admin1 else None
        countries[best.country or ""] += weight
        if adm:
            admins[adm] += 1
        own.append((best.country, weight, adm))
    for i, m in enumerate(mentions):
        if not m.entries:
            continue
        # a toponym's own first guess is no evidence for itself
        cc, weight, adm = own[i]
        countries[cc or ""] -= weight
        if adm:
            admins[adm] -= 1
        near: set[tuple[str, str | None]] = set()
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt and re.fullmatch(r"\s*,\s*", text[m.end:nxt.start]):
            # "Paris, Texas", "Hebron, West Bank": the second names where the first lies
            for e in nxt.entries:
                if e.feature == "admin1" and e.country:
                    near.add((e.country, e.admin1))
                elif e.feature in ("country", "territory", "region") and e.country:
                    near.add((e.country, None))
        has_country = any(e.feature == "country" for e in m.entries)
        same = Counter(e.country for e in m.entries if e.feature == "city")
        m.pick = max(m.entries, key=lambda e: _score(e, m.text, countries, admins, near, has_country,
                                                     same[e.country] > 1))
        countries[cc or ""] += weight
        if adm:
            admins[adm] += 1


def _group(mentions: list[_Mention]) -> list[Place]:
    order: dict[str, list[_Mention]] = {}
    for m in mentions:
        key = m.pick.key if m.pick else "?:" + fold(m.text)
        order.setdefault(key, []).append(m)
    places = []
    for n, ms in enumerate(order.values(), 1):
        e = ms[0].pick
        spans = tuple(Span(m.start, m.end, m.text) for m in ms)
        if e is None:
            places.append(Place(id=f"p{n}", name=ms[0].text, geonameid=None, lat=None, lon=None, country=None,
                                mentions=spans, feature=None))
        else:
            places.append(Place(id=f"p{n}", name=e.name, geonameid=e.geonameid, lat=e.lat, lon=e.lon,
                                country=e.country, mentions=spans, feature=e.feature))
    return places


__all__ = ["find_places"]
