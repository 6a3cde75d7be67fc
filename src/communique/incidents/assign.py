"""Assignment: a new article's reports linked to stored reports of the same acts, as one plan.

An article's events are grouped into reports first (reports.py: one per act it tells of); a report
is linked to each stored report sharing a block key that the decision says tells of the same act
(score.py); the component the links make is clustered afresh (cluster.py). A link depends on the two
reports alone (each a function of its own article) and a component's clusters on its reports and
links, so incidents do not depend on the order articles arrive in: ingesting one by one and
rebuilding from scratch give the same incidents. When a report joins two stored incidents they
merge: the older keeps its id and the other becomes its alias.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .cluster import Link, clusters, name
from .facts import Facts, rules
from .reports import combine, group
from .score import score


@dataclass(frozen=True)
class Report:
    """One article's account of one act: its events and their combined facts (`facts.ref` names it)."""

    facts: Facts
    members: tuple[Facts, ...]


@dataclass
class Plan:
    """What adding one article does to the incidents of the components its reports join."""

    assigned: dict[str, str] = field(default_factory=dict)  # new event ref -> incident id
    reports: dict[str, str] = field(default_factory=dict)  # every report ref of those components -> incident id
    components: dict[str, str] = field(default_factory=dict)  # the same reports -> their component
    merged: dict[str, str] = field(default_factory=dict)  # an id that lives on as an alias -> the live id
    created: list[str] = field(default_factory=list)  # ids given to new incidents (or to parts split off)

    @property
    def touched(self) -> list[str]:
        """Incidents whose members may have changed, so whose summary must be rebuilt."""
        return sorted(set(self.reports.values()))


def incident_id(ref: str) -> str:
    """The id an incident founded by this event record gets: stable, and the same in every store."""
    return "i" + hashlib.sha1(ref.encode()).hexdigest()[:12]


def article_reports(events: Sequence[Facts]) -> list[Report]:
    """One article's events grouped into reports (reports.py), in document order."""
    return [Report(combine(members), tuple(members)) for members in group(events)]


def links(new: Sequence[Report], candidates: Mapping[str, Facts], shared: Mapping[str, Iterable[str]]) -> list[Link]:
    """The links from a new article's reports to the stored reports sharing a block key with them."""
    out = []
    for r in new:
        for ref in shared.get(r.facts.ref, ()):
            s = score(r.facts, candidates[ref])
            if s is not None and s >= rules()["score"]["threshold"]:
                out.append((min(r.facts.ref, ref), max(r.facts.ref, ref), s))
    return out


def plan(new: Sequence[Report], stored: Mapping[str, tuple[str, Facts]], links: Sequence[Link],
         age: Callable[[str], tuple]) -> Plan:
    """The incidents of every component a new article's reports belong to, clustered afresh.

    `stored` maps the stored reports of those components to (incident id, facts); `links` are all
    the links among them and the new reports; `age(incident id)` sorts stored incidents oldest first.
    """
    facts = {ref: f for ref, (_, f) in stored.items()} | {r.facts.ref: r.facts for r in new}
    old = {ref: iid for ref, (iid, _) in stored.items()}
    parent = {ref: ref for ref in facts}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[str, list[str]] = {}
    for ref in facts:
        components.setdefault(find(ref), []).append(ref)
    out = Plan()
    for root, refs in sorted(components.items()):
        inside = set(refs)
        groups = clusters({r: facts[r] for r in refs}, [x for x in links if x[0] in inside])
        naming = name(groups, old, age, incident_id)
        out.merged.update(naming.aliases)
        out.created.extend(naming.created)
        for group_refs, iid in zip(groups, naming.ids, strict=True):
            for ref in group_refs:
                out.reports[ref] = iid
                out.components[ref] = root
    for r in new:
        out.assigned.update({m.ref: out.reports[r.facts.ref] for m in r.members})
    return out
