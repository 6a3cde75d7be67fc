"""The decision: are two event records reports of one act? Scored across articles, ruled within one."""

from __future__ import annotations

import math

from ..actors.knowledge import fold
from .facts import FUTURE, Facts, Side, rules

Terms = dict[str, float]


def side_match(x: Side | None, y: Side | None, strict: bool = False) -> float | None:
    """How surely two sides are one actor: the weight of their best shared token; None when one is unnamed.

    `strict` (across articles): two knowledge-base persons or bodies that share only a country are two
    actors, so 0. Within one article they may be one delegation, and the country counts.
    """
    if x is None or y is None:
        return None
    w = rules()["tokens"]
    best = 0.0
    for t in x.tokens.keys() & y.tokens.keys():
        a, b = x.tokens[t], y.tokens[t]
        # two members of one body are not one actor: "a Turkish official" and "Fidan" share Turkey only
        best = max(best, w["country"] if a == b == w["affiliation"] else min(a, b))
    if strict and best <= w["country"] and _known(x) and _known(y):
        return 0.0
    return best


def _known(s: Side) -> bool:
    """Whether a side is one knowledge-base actor below a state: a person or a named body, not a state,
    not an unnamed organ ("o:..."), not a name the knowledge base lacks ("p:...", "n:...")."""
    return (s.tokens.get(s.key) == rules()["tokens"]["key"] and ":" not in s.key and "@" not in s.key
            and f"c:{s.key}" not in s.tokens)


def dyad(a: Facts, b: Facts, strict: bool = False) -> tuple[float | None, float | None]:
    """The side matches of the better arrangement (source with source, or crossed: "hosted" vs "visited")."""
    straight = (side_match(a.source, b.source, strict), side_match(a.target, b.target, strict))
    crossed = (side_match(a.source, b.target, strict), side_match(a.target, b.source, strict))

    def worth(pair: tuple[float | None, float | None]) -> tuple[float, int]:
        return sum(m for m in pair if m), -sum(1 for m in pair if m == 0.0)

    return max(straight, crossed, key=worth)


def terms(a: Facts, b: Facts) -> Terms | None:
    """The scored terms of two reports in different articles; None when one term rules the pair out."""
    w = rules()["score"]
    t: Terms = {}
    if a.family != b.family:
        return None
    t["type"] = w["same_type"] if a.act == b.act else w["sibling_type"]
    if a.mode and b.mode and a.mode != b.mode:
        t["mode"] = w["mode_conflict"]
    matches = dyad(a, b, strict=True)
    if foreign(a, b, matches) or absent(a, b) or absent(b, a):
        return None
    t["dyad"] = sum(w["side"] * m if m else (w["side_conflict"] if m == 0.0 else 0.0) for m in matches)
    if not any(matches) and _named(a) and _named(b):  # both name someone, and no one in common
        t["dyad"] += w["dyad_none"]
    date = _date(a, b)
    if date is None:
        return None
    t["date"] = date
    place = _place(a, b)
    if place is None:
        return None
    t["place"] = place
    if a.trigger == b.trigger:
        t["trigger"] = w["trigger_same"]
    t["words"] = round(w["words"] * overlap(a.words, b.words, w["words_floor"]), 3)
    agree = _figures(a, b)
    if agree:
        t["figures"] = agree
    if a.cast and b.cast:
        t["cast"] = round(w["cast"] * overlap(a.cast, b.cast, w["cast_floor"]), 3)
    shared_names = len(set(a.names) & set(b.names))
    if shared_names:
        t["names"] = round(min(w["names_cap"], w["names"] * shared_names), 3)
    if a.outlet and a.outlet == b.outlet:
        t["outlet"] = w["same_outlet"]
    if a.negated != b.negated:
        t["negation"] = w["negation_conflict"]
    return t


def score(a: Facts, b: Facts) -> float | None:
    """The sum of the terms, or None when the pair is ruled out."""
    t = terms(a, b)
    return None if t is None else round(sum(t.values()), 3)


def same_act(a: Facts, b: Facts) -> bool:
    """Whether two reports from different articles tell of one act."""
    s = score(a, b)
    return s is not None and s >= rules()["score"]["threshold"]


def foreign(a: Facts, b: Facts, matches: tuple[float | None, float | None]) -> bool:
    """Whether a side named in both reports is another actor in each: of another country, or another
    knowledge-base person or body (one host meeting two visitors on one day is two acts)."""
    if 0.0 not in matches:
        return False
    straight = (side_match(a.source, b.source, True), side_match(a.target, b.target, True))
    pairs = [(a.source, b.source), (a.target, b.target)] if matches == straight else [
        (a.source, b.target), (a.target, b.source)]
    for (x, y), m in zip(pairs, matches, strict=True):
        if m == 0.0 and x is not None and y is not None:
            cx = {t for t in x.tokens if t.startswith("c:")}
            cy = {t for t in y.tokens if t.startswith("c:")}
            if cx and cy and not cx & cy or _known(x) and _known(y):
                return True
    return False


def absent(a: Facts, b: Facts) -> bool:
    """Whether `a` leaves a side unnamed that `b` fills with a knowledge-base person or body whom `a`'s
    article never names, nor its state or body, while it names someone else: "he asked the host" in a
    story of one visitor is not the request another story gives to a visitor from elsewhere. A story
    that names no one but its own sides ("the minister hosted talks") may be of either; one that names
    the actor by surname only ("s:..." in its cast) names it."""
    if not a.cast or (a.source is not None and a.target is not None):
        return False
    cast = set(a.cast)
    own = {x for s in (a.source, a.target) if s for t in s.tokens for x in (t, t.removeprefix("c:"))}
    if not cast - own:
        return False
    for theirs in (b.source, b.target):
        if theirs is None or not _known(theirs):
            continue
        if any(side_match(mine, theirs) for mine in (a.source, a.target)):
            continue  # it is a's named side
        if not any(t in cast or t.removeprefix("c:") in cast for t in theirs.tokens):
            return True
    return False


def _date(a: Facts, b: Facts) -> float | None:
    w = rules()["score"]
    if a.lo is None or b.lo is None or a.hi is None or b.hi is None:
        return 0.0
    if a.own_date and b.own_date and a.lo == a.hi and b.lo == b.hi:
        gap = abs(a.lo - b.lo)
        if gap == 1 and a.outlet and a.outlet == b.outlet:
            return None  # an outlet does not misdate its own story: two stories a day apart are two acts
        return w["date_same"] if gap == 0 else w["date_adjacent"] if gap == 1 else None
    slack = rules()["block"]["slack"]
    if a.lo - slack <= b.hi and b.lo - slack <= a.hi:
        return w["date_overlap"]
    return None


def _figures(a: Facts, b: Facts) -> float:
    """Reports that give the same toll of a kind, or nearly, are likely of one act (tolls rise: no penalty)."""
    w = rules()["score"]
    mine = {kind: value for kind, value, *_ in a.figures}
    theirs = {kind: value for kind, value, *_ in b.figures}
    best = 0.0
    for kind in mine.keys() & theirs.keys():
        low, high = sorted((mine[kind], theirs[kind]))
        best = max(best, w["figures_same"] if low == high else w["figures_near"] if high <= 1.5 * low else 0.0)
    return best


def _named(f: Facts) -> bool:
    return f.source is not None or f.target is not None


def _place(a: Facts, b: Facts) -> float | None:
    w = rules()["score"]
    if not (a.geonameid and b.geonameid):
        if a.geonameid or b.geonameid:  # one places the act: the other's article may be about that town
            spot, other = (a, b) if a.geonameid else (b, a)
            if other.area and other.area == spot.geonameid:
                return w["area_same"]
            if other.place and not spot.place_wide:  # a name left unresolved: compare the words
                return w["place_same"] if fold(other.place) == fold(spot.place or "") else w["place_conflict"]
            return 0.0
        if a.place and b.place:
            return w["place_same"] if fold(a.place) == fold(b.place) else 0.0
        return w["area_same"] if a.area and a.area == b.area else 0.0
    if a.geonameid == b.geonameid:
        return w["place_same"]
    if a.place_wide or b.place_wide:  # a region or a country may hold the other place, or be only the topic
        same_country = not (a.place_country and b.place_country) or a.place_country == b.place_country
        return 0.0 if same_country else w["place_conflict"]
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    km = distance(a, b)
    block = rules()["block"]
    if km is None or km <= block["near_km"]:
        return w["place_near"]
    return None if km > block["far_km"] else w["place_conflict"]


def distance(a: Facts, b: Facts) -> float | None:
    """Kilometres between two places, on the sphere; None when one has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def overlap(x: tuple[str, ...], y: tuple[str, ...], floor: int) -> float:
    """Shared words over the smaller set's size (at least `floor`): a brief and a long report of one act
    share most of the brief's words."""
    if not x or not y:
        return 0.0
    return len(set(x) & set(y)) / max(min(len(x), len(y)), floor)


def same_act_within(a: Facts, b: Facts) -> bool:
    """Whether two events of one article report one act: "the meeting" later in a story of the meeting.

    The article's own discourse decides: same family, no conflicting side, and no date, place,
    negation or tense that tells them apart ("the two last met on 1 March" is another meeting).
    """
    if a.family != b.family or a.negated != b.negated:
        return False
    if a.own_date and b.own_date:
        if a.lo is None or b.lo is None or a.hi is None or b.hi is None or a.lo > b.hi or b.lo > a.hi:
            return False
    elif _future(a) != _future(b):
        return False
    elif a.own_date != b.own_date and not _recent(a if a.own_date else b, b if a.own_date else a):
        return False
    if a.geonameid and b.geonameid and a.geonameid != b.geonameid and not (a.place_wide or b.place_wide):
        return False
    matches = dyad(a, b)
    if 0.0 in matches:
        return False
    return any(matches) or (a.source is None and a.target is None) or (b.source is None and b.target is None)


def _recent(dated: Facts, undated: Facts) -> bool:
    """Whether a dated act is close enough to the publication for an undated mention to be about it."""
    if dated.lo is None or dated.hi is None or undated.lo is None or undated.hi is None:
        return True
    reach = rules()["block"]["within"]
    return dated.lo <= undated.hi + reach and dated.hi >= undated.lo - reach


def _future(f: Facts) -> bool:
    return (f.modality or "") in FUTURE or f.act != f.type
