"""The decision: are two event records reports of one act? Scored across articles, ruled within one."""

from __future__ import annotations

from .facts import FUTURE, Facts, Side, rules

Terms = dict[str, float]


def side_match(x: Side | None, y: Side | None) -> float | None:
    """How surely two sides are one actor: the weight of their best shared token; None when one is unnamed."""
    if x is None or y is None:
        return None
    shared = x.tokens.keys() & y.tokens.keys()
    return max(min(x.tokens[t], y.tokens[t]) for t in shared) if shared else 0.0


def dyad(a: Facts, b: Facts) -> tuple[float | None, float | None]:
    """The side matches of the better arrangement (source with source, or crossed: "hosted" vs "visited")."""
    straight = (side_match(a.source, b.source), side_match(a.target, b.target))
    crossed = (side_match(a.source, b.target), side_match(a.target, b.source))

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
    matches = dyad(a, b)
    if foreign(a, b, matches):
        return None
    t["dyad"] = sum(w["side"] * m if m else (w["side_conflict"] if m == 0.0 else 0.0) for m in matches)
    if not any(matches):
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
    t["words"] = round(w["words"] * dice(a.words, b.words), 3)
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
    """Whether a side named in both reports is an actor of another country in each: another act."""
    if 0.0 not in matches:
        return False
    straight = (side_match(a.source, b.source), side_match(a.target, b.target))
    pairs = [(a.source, b.source), (a.target, b.target)] if matches == straight else [
        (a.source, b.target), (a.target, b.source)]
    for (x, y), m in zip(pairs, matches, strict=True):
        if m == 0.0 and x is not None and y is not None:
            cx = {t for t in x.tokens if t.startswith("c:")}
            cy = {t for t in y.tokens if t.startswith("c:")}
            if cx and cy and not cx & cy:
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


def _place(a: Facts, b: Facts) -> float | None:
    w = rules()["score"]
    if a.geonameid and b.geonameid:
        if a.geonameid == b.geonameid:
            return w["place_same"]
        if a.place_country and b.place_country and a.place_country != b.place_country:
            return None
        return 0.0 if a.place_wide or b.place_wide else w["place_conflict"]
    if a.place_country and b.place_country and a.place_country != b.place_country:
        return None
    return 0.0


def dice(x: tuple[str, ...], y: tuple[str, ...]) -> float:
    """Dice overlap of two word sets."""
    if not x or not y:
        return 0.0
    return 2 * len(set(x) & set(y)) / (len(x) + len(y))


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


def dangling(f: Facts) -> bool:
    """An event that names neither its own date nor place and misses a side: "the two sides exchanged views"."""
    return not f.own_date and not f.geonameid and (f.source is None or f.target is None)


def _future(f: Facts) -> bool:
    return (f.modality or "") in FUTURE or f.act != f.type
