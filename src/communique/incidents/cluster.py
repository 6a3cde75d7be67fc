"""Reports into incidents: strongest links first, never one incident holding two reports ruled apart.

Links join reports of different articles that the decision says tell of one act (score.py); a
component is a connected group of linked reports. Within a component, reports are clustered from the
strongest link down, and two clusters join only when no pair across them is ruled out (another day,
another country's counterpart, another town, two reports of one article): a terse report that links
weakly to two acts cannot chain them into one. The clusters of a component depend on its reports and
links only, so ingesting in any order and rebuilding give the same incidents.

Naming keeps ids stable: each cluster takes the oldest id among its reports' incidents that no
other cluster took first; the ids it also held live on as aliases; a cluster with no id left (a new
act, or a part split off) is named after its first event.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .facts import Facts
from .score import terms

Link = tuple[str, str, float]  # (report ref, report ref, score), the first ref the smaller


def conflict(a: Facts, b: Facts) -> bool:
    """Whether two reports can never be one incident: one article's two acts, or a pair ruled out."""
    return a.article == b.article or terms(a, b) is None


def clusters(reports: Mapping[str, Facts], links: Iterable[Link]) -> list[list[str]]:
    """The reports of one component grouped into acts, each group sorted, groups by first ref."""
    parent = {ref: ref for ref in reports}
    members = {ref: [ref] for ref in reports}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in sorted(links, key=lambda link: (-link[2], link[0], link[1])):
        if a not in parent or b not in parent:
            continue
        ra, rb = find(a), find(b)
        if ra == rb or any(conflict(reports[x], reports[y]) for x in members[ra] for y in members[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        members[keep] += members.pop(gone)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


@dataclass
class Naming:
    """The ids of a component's clusters, and what became of the ids they held before."""

    ids: list[str] = field(default_factory=list)  # one per cluster, in the clusters' order
    aliases: dict[str, str] = field(default_factory=dict)  # an id no cluster kept -> the id it lives on as
    created: list[str] = field(default_factory=list)


def name(groups: list[list[str]], old: Mapping[str, str], age: Callable[[str], tuple],
         fresh: Callable[[str], str]) -> Naming:
    """Ids for `groups`: `old` maps stored report refs to their incident ids, `age` sorts ids oldest
    first, `fresh(ref)` is the id a group that keeps none takes after its first report whose id is
    not in use here (a report that founded an incident kept by another group lends it no name)."""
    held = [Counter(old[r] for r in g if r in old) for g in groups]

    def seniority(i: int) -> tuple:
        return (0, min(age(x) for x in held[i]), groups[i][0]) if held[i] else (1, groups[i][0])

    order = sorted(range(len(groups)), key=seniority)
    out = Naming(ids=[""] * len(groups))
    taken: set[str] = set()
    for i in order:
        mine = sorted((x for x in held[i] if x not in taken), key=age)
        if mine:
            out.ids[i] = mine[0]
        else:
            busy = taken | {x for h in held for x in h}
            names = [fresh(ref) for ref in groups[i]] + [fresh("split:" + "+".join(groups[i]))]
            out.ids[i] = next(n for n in names if n not in busy)
            out.created.append(out.ids[i])
        taken.add(out.ids[i])
    for iid in sorted({x for h in held for x in h} - taken):
        homes = [(h[iid], -n) for n, h in enumerate(held) if iid in h]
        out.aliases[iid] = out.ids[-max(homes)[1]]
    return out
