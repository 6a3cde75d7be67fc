"""One article's reports: its events grouped by the act they tell of, and each group's combined facts.

An article tells of an act in several sentences: the headline gives the date, the lede the place, a
later sentence the other side. Its events are grouped first (anchors, then the rest), and a group's
facts combine its members', so that across articles reports are compared whole.

- Anchors are events dated to a day by the text. Anchors of one act join (same family, no side in
  conflict, the same day); anchors of two days never do, so two meetings a day apart stay two.
- Every other event (undated, or dated only to a month or a year) joins the anchor group it fits best
  (the strongest side match, then the nearest anchor before it); events that fit no anchor group
  group among themselves. One vague mention can thus never bridge two dated acts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .facts import Facts, Side
from .score import dyad, same_act_within, side_match


def group(events: Sequence[Facts]) -> list[list[Facts]]:
    """The article's events in groups, one per act, each in document order; groups by first member."""
    anchors = [f for f in events if f.own_date and f.lo is not None and f.lo == f.hi]
    parent = {f.ref: f.ref for f in events}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: Facts, b: Facts) -> None:
        ra, rb = find(a.ref), find(b.ref)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for i, a in enumerate(anchors):
        for b in anchors[i + 1:]:
            if a.lo == b.lo and same_act_within(a, b):
                union(a, b)
    anchored = {f.ref for f in anchors}
    loose = []
    for f in events:
        if f.ref in anchored:
            continue
        fits = [(_fit(f, a), -abs(a.start - f.start) if a.start <= f.start else -10**9 - a.start, a)
                for a in anchors if same_act_within(f, a)]
        if fits:
            union(f, max(fits, key=lambda t: (t[0], t[1]))[2])
        else:
            loose.append(f)
    for i, a in enumerate(loose):
        for b in loose[i + 1:]:
            if same_act_within(a, b):
                union(a, b)
    _attach_bare(loose, anchors, find, union)
    groups: dict[str, list[Facts]] = {}
    for f in events:
        groups.setdefault(find(f.ref), []).append(f)
    return sorted(groups.values(), key=lambda g: g[0].seq)


def _fit(f: Facts, anchor: Facts) -> float:
    return sum(m for m in dyad(f, anchor) if m)


def _attach_bare(loose: Sequence[Facts], anchors: Sequence[Facts], find, union) -> None:  # type: ignore[no-untyped-def]
    """An event with no date, place or side of its own ("the two sides exchanged views") that fits no
    anchor joins its article's one dated act of its family, when there is exactly one."""
    for f in loose:
        if f.own_date or f.geonameid or (f.source is not None and f.target is not None):
            continue
        if any(find(g.ref) == find(f.ref) for g in loose if g is not f):
            continue
        dated = {find(a.ref) for a in anchors if a.family == f.family and a.negated == f.negated}
        if len(dated) == 1:
            union(f, next(a for a in anchors if find(a.ref) in dated))


def combine(members: Sequence[Facts]) -> Facts:
    """One report's facts from its events: the representative's act and date, every side token, the
    most precise place, all the words. The representative is the surest event dated by the text."""
    rep = max(members, key=lambda f: (f.own_date and f.lo == f.hi, f.confidence, -f.seq))
    if len(members) == 1:
        return rep
    source, target = rep.source, rep.target
    for f in members:
        if f is rep:
            continue
        straight = (side_match(f.source, rep.source), side_match(f.target, rep.target))
        s, t = (f.source, f.target) if dyad(f, rep) == straight else (f.target, f.source)
        source, target = _join(source, s), _join(target, t)
    # the most precise place any member gives: a town, else a wider place, else a name the gazetteer lacks
    placed = [f for f in (rep, *members) if f.geonameid and not f.place_wide] or [
        f for f in (rep, *members) if f.geonameid] or [f for f in (rep, *members) if f.place]
    spot = placed[0] if placed else rep
    words = tuple(sorted({w for f in members for w in f.words}))
    names = tuple(sorted({w for f in members for w in f.names}))
    figures = tuple(dict.fromkeys(x for f in members for x in f.figures))
    return replace(rep, source=source, target=target, place=spot.place, geonameid=spot.geonameid,
                   place_country=spot.place_country, place_wide=spot.place_wide, lat=spot.lat, lon=spot.lon,
                   words=words, names=names, figures=figures, confidence=max(f.confidence for f in members),
                   claimed=all(f.claimed for f in members), start=min(f.start for f in members))


def _join(a: Side | None, b: Side | None) -> Side | None:
    if a is None or b is None:
        return a or b
    tokens = dict(a.tokens)
    for token, weight in b.tokens.items():
        tokens[token] = max(weight, tokens.get(token, 0.0))
    return Side(key=a.key, name=a.name, tokens=tokens)
