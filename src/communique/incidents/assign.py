"""Assignment: a new article's events joined to each other and to stored incidents, as one plan.

Two event records are linked when they are reports of one act (score.py); an incident is a
connected group of linked records. Links depend on the two records alone, and candidates on keys
the two share, so the groups do not depend on the order articles arrive in: ingesting one by one
and rebuilding from scratch give the same incidents. When a new report links two stored
incidents they merge: the older keeps its id and the other becomes its alias.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .facts import Facts
from .score import dangling, same_act, same_act_within


@dataclass
class Plan:
    """What adding one article does to the incidents."""

    assigned: dict[str, str] = field(default_factory=dict)  # new event ref -> incident id
    merged: dict[str, str] = field(default_factory=dict)  # absorbed incident id -> the id it lives on as
    created: list[str] = field(default_factory=list)  # ids given to new incidents

    @property
    def touched(self) -> list[str]:
        """Incidents whose members changed, so whose summary must be rebuilt."""
        return sorted(set(self.assigned.values()))


def incident_id(ref: str) -> str:
    """The id an incident founded by this event record gets: stable, and the same in every store."""
    return "i" + hashlib.sha1(ref.encode()).hexdigest()[:12]


def plan(new: Sequence[Facts], candidates: Mapping[str, tuple[str, Facts]],
         shared: Mapping[str, Iterable[str]], age: Callable[[str], tuple]) -> Plan:
    """Link one article's events (`new`) within the article and to stored `candidates`.

    `candidates` maps stored event refs to (incident id, facts); `shared[ref]` lists the candidate
    refs that share a block key with the new event `ref`; `age(incident id)` sorts stored incidents
    oldest first. Returns the plan: every new ref's incident, the merges, the new ids.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for f in new:
        find("r:" + f.ref)
    for i, a in enumerate(new):
        for b in new[i + 1:]:
            if same_act_within(a, b):
                union("r:" + a.ref, "r:" + b.ref)
    _attach_dangling(new, find, union)
    for f in new:
        for ref in shared.get(f.ref, ()):
            iid, other = candidates[ref]
            if same_act(f, other):
                union("r:" + f.ref, "i:" + iid)

    groups: dict[str, list[str]] = {}
    for node in list(parent):
        groups.setdefault(find(node), []).append(node)
    out = Plan()
    for nodes in groups.values():
        refs = [n[2:] for n in nodes if n.startswith("r:")]
        if not refs:
            continue
        stored = sorted((n[2:] for n in nodes if n.startswith("i:")), key=age)
        if stored:
            kept = stored[0]
            out.merged.update({other: kept for other in stored[1:]})
        else:
            first = min(refs, key=lambda r: next(f.seq for f in new if f.ref == r))
            kept = incident_id(first)
            out.created.append(kept)
        out.assigned.update({r: kept for r in refs})
    return out


def _attach_dangling(new: Sequence[Facts], find: Callable[[str], str], union: Callable[[str, str], None]) -> None:
    """An event with no date, place or side of its own joins its article's one dated act of its family."""
    for f in new:
        if not dangling(f) or any(find("r:" + g.ref) == find("r:" + f.ref) for g in new if g is not f):
            continue
        dated = {find("r:" + g.ref) for g in new
                 if g.family == f.family and g.own_date and g is not f and g.negated == f.negated}
        if len(dated) == 1:
            union("r:" + f.ref, dated.pop())
