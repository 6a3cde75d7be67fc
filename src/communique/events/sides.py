"""Who the parties are when the sentence does not say: states behind their organs and places, the story's
counterparts, the government a domestic protest is aimed at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pycountry

from ..records import Actor, Event, EventPlace
from .arguments import ActorIndex, Args
from .context import Places
from .lexicon import Lexicon
from .rules import state_passive
from .triggers import Trigger

UNDIRECTED = frozenset({"PROTEST", "MOBILIZE"})

def counterparts(events: list[Event]) -> list[Event]:
    """An act with no target named, by an actor the story pits against one other, is aimed at that other.

    "the minister raised the duties" in a story where the minister's acts are otherwise aimed at one
    neighbour (at least twice, and twice as often as at anyone else) is aimed at that neighbour; the
    inference lowers confidence.
    """
    counts: dict[str, dict[str, int]] = {}
    for e in events:
        if e.source and e.target and not e.negated:
            counts.setdefault(e.source, {}).setdefault(e.target, 0)
            counts[e.source][e.target] += 1
            counts.setdefault(e.target, {}).setdefault(e.source, 0)
            counts[e.target][e.source] += 1
    out = []
    for e in events:
        other = counts.get(e.source or "", {})
        ranked = sorted(other.items(), key=lambda kv: -kv[1])
        if (e.source and not e.target and e.type not in UNDIRECTED and ranked and ranked[0][1] >= 2
                and (len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1])):
            e = replace(e, target=ranked[0][0], confidence=round(max(0.05, e.confidence - 0.1), 2))
        out.append(e)
    return out

def nations(actors: Sequence[Actor]) -> dict[str, str]:
    """Alpha-3 country code -> id of that state's actor."""
    out: dict[str, str] = {}
    for a in actors:
        if a.kind == "state" and a.country and a.country != "IGO":
            out.setdefault(a.country.upper(), a.id)
    return out

def home_state(actors: Sequence[Actor], index: ActorIndex) -> str | None:
    """The state the story is most about: the state whose actors it mentions most."""
    counts: dict[str, int] = {}
    for aid in index.by_token.values():
        counts[aid] = counts.get(aid, 0) + 1
    by_country: dict[str, int] = {}
    for a in actors:
        if a.country and a.country != "IGO":
            by_country[a.country.upper()] = by_country.get(a.country.upper(), 0) + counts.get(a.id, 0)
    states = nations(actors)
    ranked = sorted((c for c in by_country if c in states), key=lambda c: -by_country[c])
    if not ranked or (len(ranked) > 1 and by_country[ranked[0]] < 2 * by_country[ranked[1]]):
        return None  # no one state the story is about
    return states[ranked[0]]

def implicit_state(trig: Trigger, args: Args, lex: Lexicon, place: EventPlace | None, nations: dict[str, str],
                    home: str | None, actors: Sequence[Actor]) -> None:
    """"Police held the editor", "she was sentenced": organs of a state, or state acts with no doer
    named, are the state's: the state of the one acted on, else of the place, else of the story."""
    organ = args.agent is not None and args.agent.lemma_.lower() in lex.words.get("objects:state_agents", ())
    if not (organ or state_passive(trig, args, lex)):
        return
    country = {a.id: (a.country or "").upper() for a in actors}
    candidates = [country.get(t, "") for t in args.targets]
    if place is not None and place.country:
        found = pycountry.countries.get(alpha_2=place.country.upper())
        candidates.append(found.alpha_3 if found else "")
    aid = next((nations[c] for c in candidates if c in nations), None) or home
    if aid is not None and aid not in args.targets:
        args.sources = [aid]
        args.fallback = True

def organ_target(args: Args, lex: Lexicon, home: str | None) -> None:
    """"Raiders shot at a police post": an organ of the state, no nationality named, is the state's."""
    organs = lex.words.get("objects:state_agents", frozenset())
    for tok in args.target_tokens:
        if tok.lemma_.lower() in organs and home is not None and home not in args.sources \
                and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children if c.pos_ != "NOUN"):
            args.targets = [home]
            return

# sectors that speak for a state: the target of a protest at home
GOVERNMENT = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI"})

def homes(actors: Sequence[Actor]) -> dict[str, list[str]]:
    """Actor id -> the state actor of its country, then that state's organs and officials, in text order."""
    government: dict[str, list[str]] = {}
    for a in sorted(actors, key=lambda a: a.kind != "state"):
        if a.country and a.country != "IGO" and (a.kind == "state" or a.sector in GOVERNMENT):
            government.setdefault(a.country, []).append(a.id)
    return {a.id: [g for g in government.get(a.country or "", ()) if g != a.id] for a in actors}

def home_target(args: Args, home: dict[str, list[str]]) -> None:
    """"The dockers' union began a strike": a protest with no target is aimed at its own government."""
    # as CAMEO codes domestic protest: the state if named, else an organ or official of it
    aid = next((a for a in home.get(args.sources[0], ()) if a not in args.sources), None)
    if aid is not None:
        args.targets = [aid]

# types whose act falls on the place it happens in when no target is named ("declared a curfew over the river towns")
LOCATED_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "CONCEDE", "SANCTION", "THREATEN"})

def located_target(args: Args, place: EventPlace, states: dict[str, str]) -> None:
    """"Declared martial law in the northern province": an act done to a place, no one named, is done to its state."""
    aid = states.get((place.country or "").upper())
    if aid is not None and aid not in args.sources:
        args.targets = [aid]

def states(actors: Sequence[Actor]) -> dict[str, str]:
    """Alpha-2 country code -> id of the state actor, for targets named by a place in that state."""
    out: dict[str, str] = {}
    # a state stands for its places; failing one, its people (the Kurds for a Kurdish town)
    for kinds in (("state",), ("people",)):
        for actor in actors:
            if actor.kind in kinds and actor.country and len(actor.country) == 3:
                country = pycountry.countries.get(alpha_3=actor.country.upper())
                if country is not None:
                    out.setdefault(country.alpha_2, actor.id)
    return out

def place_target(args: Args, where: Places, states: dict[str, str]) -> None:
    """"Shelled the port city", "put the border town under curfew": a place target stands for its state, if named."""
    for tok in args.target_tokens:
        place = where.by_token.get(tok.i)
        if place is not None and place.country and place.country.upper() in states:
            aid = states[place.country.upper()]
            if aid not in args.sources:
                args.targets = [aid]
                return
