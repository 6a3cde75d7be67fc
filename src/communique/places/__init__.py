"""Toponyms -> GeoNames places, disambiguated by the article's context."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import Actor, Article, Place, Span
from .gazetteer import Entry, alpha2, fold, index, lookup

_LABELS = ("GPE", "LOC", "FAC")
_BLOCKING = ("ORG", "PERSON", "WORK_OF_ART", "NORP", "PRODUCT", "EVENT", "LAW")
_COMPANY = {"llc", "ltd", "inc", "corp", "co", "plc", "gmbh", "ag", "sa", "limited", "group", "holdings"}
_TOWNISH = ("PERSON", "ORG", "NORP", "PRODUCT")
# kinds of place whose own name, tagged as an organisation or left untagged, is still the place
_REGIONS = ("country", "continent", "admin1", "territory")
_BASE = {"country": 7.0, "continent": 7.0, "admin1": 5.5, "county": 5.0}
# a PERSON or ORG entity that is really a town: "fled Khan Younis", "the Rafah crossing"
_BEFORE = {"in", "at", "near", "from", "to", "into", "around", "outside", "across", "towards", "toward",
           "through", "hit", "struck", "shelled", "bombed", "entered", "fled", "reached", "besieged", "captured",
           "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
           "southeastern", "southwestern"}
_AFTER = {"crossing", "city", "camp", "border", "area", "province", "region", "district", "governorate",
          "neighbourhood", "neighborhood", "outskirts", "airport", "port"}
_LEAD = re.compile(r"^(?:the|The)\s+")
_TRAIL = re.compile(r"(?:['’]s?|[\s,.;:])+$")
_DOTTED = re.compile(r"(?:^|[\s.])[A-Za-z]\.[A-Za-z]$")
# a place's name before these names a disease or its agent: "Marburg virus", "Lassa fever"
_DISEASE = {"virus", "viruses", "fever", "disease", "ebolavirus", "encephalitis", "strain", "strains"}


@dataclass
class _Mention:
    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    pick: Entry | None = None


def find_places(doc: Doc, article: Article, actors: Sequence[Actor]) -> list[Place]:
    """Places named in `article.text`, one per distinct location, in order of first mention.

    Candidates are spaCy GPE/LOC/FAC entities, gazetteer phrases, and what the small model tags
    otherwise or misses: a country or region tagged as an organisation ("Romania said"), a town
    tagged as a person in a place's slot ("fled Khan Younis"), a place opening an organisation's name
    ("the Kenya Navy"), an untagged country or a town after "in". Each is resolved to a GeoNames town,
    country or continent or a gazetteer region, preferring places in countries and states the article
    is about (named places, actors' countries) and then larger places. Toponyms that resolve to
    nothing are kept with no coordinates. Demonyms ("Russian efforts") are not places.
    """
    persons = [a for a in actors if a.kind == "person"]
    people = {(m.start, m.end) for a in persons for m in a.mentions}
    names = {w for a in persons for n in (a.name, *a.aliases, *(m.text for m in a.mentions)) for w in n.split()}
    mentions = _mentions(doc, article.text, people, names)
    if not mentions:
        return []
    _resolve(mentions, actors, article.text)
    return _group(mentions)


def _mentions(doc: Doc, text: str, people: set[tuple[int, int]], names: set[str]) -> list[_Mention]:
    idx = index()
    spans: dict[tuple[int, int], str] = {}
    blocked: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ in _BLOCKING:
            s, e = _trim(text, ent.start_char, ent.end_char)
            if _is_town(ent, text[s:e], people):
                spans[(s, e)] = "TOWN"
                continue
            blocked.append((ent.start_char, ent.end_char))
            inside = _embedded(ent) if ent.label_ == "ORG" else None
            if inside:
                spans[inside] = "EMBEDDED"
            continue
        if ent.label_ not in _LABELS or _is_demonym(ent):
            continue
        s, e = _trim(text, ent.start_char, ent.end_char)
        if e > s and (s, e) not in people:  # "Clinton said": a person the model took for a town
            spans[(s, e)] = ent.label_
    for s, e in _untagged(doc):
        spans[(s, e)] = "UNTAGGED"
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
        after = _WORD_AFTER.match(text, e)
        if after and after.group(1).lower() in _DISEASE:
            continue
        entries = lookup(surface)
        if not entries:
            s, e, entries = _inner(text, s, e)
            surface = text[s:e]
        if not entries and (label == "FAC" or surface in names):
            continue  # nothing to place, and the name is a person's ("Oksana", "Okafor") or a building
        out.append(_Mention(s, e, surface, entries))
    return out


_WORD_AFTER = re.compile(r"[\s-]+([A-Za-z]+)")


_DIRECTION = re.compile(r"^(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north-?east(?:ern)?|north-?west(?:ern)?|south-?east(?:ern)?|south-?west(?:ern)?|"
                        r"upper|lower|inner|outer|greater|rural|downtown)\s+)+", re.I)
_WORD = re.compile(r"\S+")
# words that end many names and make a town's name only by chance: "Mekong Delta" is not Delta, BC
_GENERIC = {"delta", "valley", "wing", "coast", "bay", "river", "lake", "island", "islands", "mountains",
            "hills", "park", "square", "centre", "center", "gulf", "sea", "ocean", "desert", "plains", "heights"}


def _inner(text: str, s: int, e: int) -> tuple[int, int, tuple[Entry, ...]]:
    """A place inside an entity that names none: "eastern Chile", "Chile Peru", "Rebuild Chile"."""
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
            if strong and text[a:a + 1].isupper() and not (i and sub in _GENERIC):
                # "Rebuild Chile" is Chile; "Orange County" lies at Orange and keeps its name
                return (a, b, strong) if i else (s, e, strong)
    return s, e, ()


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    lead = _LEAD.match(text[s:e])
    if lead:
        s += lead.end()
    trail = _TRAIL.search(text[s:e])
    if trail and trail.start() > 0:
        e = s + trail.start()
        if text[e:e + 1] == "." and _DOTTED.search(text[s:e]):
            e += 1  # "U.S.", "D.C." keep their last dot
    return s, e


def _is_town(ent, surface: str, people: set[tuple[int, int]]) -> bool:  # type: ignore[no-untyped-def]
    """A PERSON/ORG/NORP entity that is really a place: "from Gabon", "fled Khan Younis", "Romania said".

    A country's own name is a place unless spaCy took it for a person ("Jordan", "Chad") and nothing
    around it says place; a town's name needs that context and a sizeable town.
    """
    if ent.label_ not in _TOWNISH or len(ent) > 3 or (ent.start_char, ent.end_char) in people:
        return False
    found = lookup(surface)
    if not found:
        return False
    if ent.label_ != "PERSON" and any(e.feature in _REGIONS for e in _named(surface)):
        return True
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    after = doc[ent.end].lower_ if ent.end < len(doc) else ""
    if before in ("and", "or", ",") and ent.start > 1:
        # "Khan Younis and Rafah": a town coordinated with a place
        prev = doc[ent.start - 2]
        if prev.ent_type_ in ("GPE", "LOC", "FAC") or (prev.ent_type_ in _TOWNISH and any(
                e.end == prev.i + 1 and _is_town(e, e.text, people) for e in doc.ents)):
            before = "in"
    if before not in _BEFORE and after not in _AFTER:
        return False
    return any((e.feature == "city" and e.population >= 20000) or e.key.startswith("gz:") for e in found) or any(
        e.feature != "city" for e in _named(surface))


def _named(surface: str) -> tuple[Entry, ...]:
    """Entries known by this very name: their own name, a country's alias or an upper-case abbreviation.

    Not a transliteration, a small town's alternate name or a dotted abbreviation written as a word
    ("Miss" is not "Miss.", "La" not "La.").
    """
    said = fold(surface)
    caps = surface.isupper() and len(said) >= 2
    return tuple(e for e in lookup(surface) if fold(e.name) == said or e.feature == "country" or caps)


def _embedded(ent) -> tuple[int, int] | None:  # type: ignore[no-untyped-def]
    """A place that opens an organisation's name: "Kenya Navy", "Lima City Health Office"."""
    toks = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    if len(toks) < 2 or toks[-1].lower_.strip(".") in _COMPANY:
        return None  # "Lyon Dairy LLC" is a firm, not a place's
    for n in range(min(3, len(toks) - 1), 0, -1):
        head = toks[:n]
        if not all(t.is_title or t.is_upper for t in head) or toks[n].tag_ == "POS" or toks[n].lower_ == "of":
            continue
        s, e = head[0].idx, head[-1].idx + len(head[-1])
        surface = "".join(t.text_with_ws for t in head).strip()
        if any(x.feature in ("country", "admin1", "territory") or (x.feature == "city" and x.population >= 100_000)
               for x in _named(surface)):
            return s, e
    return None


def _untagged(doc: Doc) -> Iterator[tuple[int, int]]:
    """Proper nouns outside every entity that name a country or region, or a town after "in", "near"..."""
    runs: list[list[Token]] = []
    for tok in doc:
        if tok.ent_type_ == "" and tok.tag_ in ("NNP", "NNPS") and (tok.is_title or (tok.is_upper and len(tok) > 1)):
            if runs and runs[-1][-1].i == tok.i - 1:
                runs[-1].append(tok)
            else:
                runs.append([tok])
    for run in runs:
        if len(run) > 3:
            continue
        surface = "".join(t.text_with_ws for t in run).strip()
        found = _named(surface)
        if not found:
            continue
        before = doc[run[0].i - 1].lower_ if run[0].i > 0 else ""
        if any(x.feature in _REGIONS for x in found) or (
                before in _BEFORE and any(x.feature != "city" or x.population >= 15000 for x in found)):
            yield run[0].idx, run[0].idx + len(surface)


def _is_demonym(ent) -> bool:  # type: ignore[no-untyped-def]
    """An adjective of nationality tagged as a place: "Russian" in "Russian efforts"."""
    if len(ent) != 1:
        return False
    tok = ent[0]
    if tok.tag_ in ("JJ", "NNPS") or (tok.dep_ == "amod" and re.search(r"(?:an|ese|ish|i)$", tok.text)):
        # our own gazetteer's names are places ("the Americas"), as are countries and towns by their name
        said = fold(tok.text)
        return not any(e.feature in ("country", "continent") or e.key.startswith("gz:") or fold(e.name) == said
                       for e in lookup(tok.text))
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
        # a town in the state or province the story names, or (half as much) in one where its other
        # towns lie: Paris, Texas in a story about Texas; not Boston, New York for New York City
        score += 2.0 if e.feature != "city" else min(2.0, float(admins[(e.country, e.admin1)]))
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
    own: list[tuple[str | None, int, tuple[str, str] | None, int]] = []
    features: list[str | None] = []  # each toponym's kind of place, on its own
    for m in mentions:
        if not m.entries:
            own.append((None, 0, None, 0))
            features.append(None)
            continue
        has_country = any(e.feature == "country" for e in m.entries)
        best = max(m.entries, key=lambda e: _score(e, m.text, Counter(), Counter(), set(), has_country))
        weight = 2 if len({e.country for e in m.entries}) == 1 else 1
        adm = (best.country, best.admin1) if best.country and best.admin1 else None
        countries[best.country or ""] += weight
        if adm:
            admins[adm] += 1 if best.feature == "city" else 2
        own.append((best.country, weight, adm, 1 if best.feature == "city" else 2))
        features.append(best.feature)
    for i, m in enumerate(mentions):
        if not m.entries:
            continue
        # a toponym's own first guess is no evidence for itself
        cc, weight, adm, aw = own[i]
        countries[cc or ""] -= weight
        if adm:
            admins[adm] -= aw
        near: set[tuple[str, str | None]] = set()
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        # the second must itself read as a state or country: in "Houston, Chicago and Miami" it
        # reads as a city, and the comma only lists
        if nxt and re.fullmatch(r"\s*,\s*", text[m.end:nxt.start]) and features[i + 1] != "city":
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
            admins[adm] += aw


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
