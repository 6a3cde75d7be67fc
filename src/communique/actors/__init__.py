"""Mentions -> actors: one actor per real-world thing, its mentions merged, coded by country and sector."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from ..records import Actor, Article, Span
from .keys import name_key, organ_key, person_key
from .knowledge import Entry, KnowledgeBase, fold, load_kb
from .mentions import Candidate, find_candidates
from .names import HONORIFICS, compatible, name_gender, name_tokens, same_person, same_word, title_gender

__all__ = ["find_actors", "load_kb"]

# a run of capitalised words in a caption: "Senior Hamas leader Mousa Abu Marzook, on 14 May 2018"
CAPITALISED_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|al|el|bin|ibn|abu|de|van|von|der))+")


def find_actors(doc: Doc, article: Article, *, kb_paths: Sequence[Path] = ()) -> list[Actor]:
    """One actor per real-world thing mentioned in the body, all its mentions merged.

    `doc` is the spaCy Doc of `article.text`. Names in captions add spellings (aliases) to the
    person actors they match but no mentions, since mentions index the body only.
    """
    kb = load_kb(tuple(kb_paths))
    cands = find_candidates(doc, kb)
    _resolve_references(doc, cands)
    _surnames_tagged_as_bodies(doc, kb, cands, article.published)
    _known_persons(doc, kb, cands, article.published)
    _appositive_names(doc, cands)
    _unnamed_groups(doc, kb, cands)
    clusters = _cluster(doc, cands)
    _missed_surnames(doc, kb, cands, clusters)
    profiles = [_profile(doc, cl, article.published) for cl in clusters]
    _add_home_mentions(kb, cands, clusters, profiles)
    _default_country(clusters, profiles)
    _domestic_bodies(doc, kb, cands, clusters, profiles)
    captions = [f.text for f in article.furniture if f.kind == "caption"]
    return _actors(doc, clusters, profiles, captions)


@dataclass
class _Profile:
    kind: str
    entry: Entry | None
    country: str | None
    sector: str | None
    affiliation: Candidate | None
    role: str | None
    parent: str | None = None  # knowledge-base id of the body a known actor acts for


def _resolve_references(doc: Doc, cands: list[Candidate]) -> None:
    """Point role-only mentions at the person they describe, "his country" at the person."""
    persons = [c for c in cands if c.kind == "person"]
    bodies = [c for c in cands if c.kind in ("organisation", "people") and c.role is not None]
    for c in cands:
        if c.kind == "role" and c.role is not None:
            term = fold(c.role.term)
            holders = persons if c.role.kind == "person" else bodies
            earlier = [p for p in holders if p.end <= c.start and p.role and fold(p.role.term) == term]
            if earlier:
                c.refers_to = earlier[-1]
                continue
            if c.role.kind != "person":
                continue  # "the army" with no army named before it stays unresolved
            # a lede names the role before the person: "The head of X said ... . John Smith added ..."
            later = [p for p in persons if c.subject and c.end <= p.start < _sentence_end(doc, c.start, 2)]
            if later:
                c.refers_to = later[0]
        elif c.kind == "home":
            sent = doc[c.start].sent
            before = [p for p in persons if sent.start <= p.start and p.end <= c.start]
            if not before and sent.start > 0:
                prev = doc[sent.start - 1].sent
                before = [p for p in persons if prev.start <= p.start < sent.start]
            if before:
                c.refers_to = before[-1]


def _appositive_names(doc: Doc, cands: list[Candidate]) -> None:
    """"The main rebel group, the National Liberation Front, ...": a description takes its appositive's name."""
    named = {i: o for o in cands if o.entry is not None and o.entry.kind in ("organisation", "igo")
             for i in range(o.start, o.end)}
    for c in cands:
        if c.entry is not None or c.kind not in ("role", "organisation", "people") or \
                (c.role is not None and c.role.kind == "person"):
            continue
        for child in doc[c.end - 1].children:
            o = named.get(child.i) if child.dep_ == "appos" else None
            if o is not None and o is not c:
                c.entry, c.kind, c.refers_to = o.entry, o.entry.kind, None
                break


def _unnamed_groups(doc: Doc, kb: KnowledgeBase, cands: list[Candidate]) -> None:
    """Unnamed groups ("demonstrators", "the army") take the country their own words or their sentence name."""
    # as coders do for domestic events: with no state in its own words, a group is of the one country its
    # sentence names; with none (or several) it stays an unresolved description, not an actor
    for c in cands:
        if c.kind != "role" or c.refers_to is not None or c.role is None or c.role.kind == "person":
            continue
        state = next((o for o in c.context if o.entry is not None and o.entry.kind in ("state", "people")
                      and o.entry.country), None)
        if state is None and (any(o.entry is not None for o in c.context)
                              or (not c.context and fold(c.role.term) in GENERIC_GROUPS and not _described(c))):
            continue  # "inspectors from the IAEA", "Hezbollah commanders": a known body, not a country, says whose
        country = state.entry.country if state is not None else _sentence_country(doc, cands, c)
        entry = kb.entries.get(country or "")
        if entry is None or entry.kind != "state":
            continue
        c.kind = "people" if c.role.sector == "CVL" else "organisation"
        c.context = [state or Candidate(c.start, c.start, "state", entry)]


def _described(c: Candidate) -> bool:
    """Whether a group's own words run on past its noun ("leaders of the opposition coalition")."""
    return c.role_tokens is not None and c.role_tokens[1] > c.role_tokens[0]


def _sentence_country(doc: Doc, cands: list[Candidate], c: Candidate) -> str | None:
    """The one country a sentence names (by states, demonyms, coded bodies and persons), else None."""
    sent = doc[c.start].sent
    found = set()
    for o in cands:
        if o is c or not sent.start <= o.start < sent.end:
            continue
        for src in (o, *o.context):
            if src.entry is not None and src.entry.country and src.entry.country != "IGO":
                found.add(src.entry.country)
    return found.pop() if len(found) == 1 else None


def _known_persons(doc: Doc, kb: KnowledgeBase, cands: list[Candidate], published: str | None) -> None:
    """Give a person named by surname or a variant spelling ("Merkel", "Schroeder") its knowledge-base entry.

    Not when a fuller name earlier in the text already says who it is ("Rahul Gandhi ... Gandhi"), nor
    against a gendered title ("Mrs. Clinton" is not Bill Clinton). Of several known people of that
    name, the one holding a role at the publication date is meant; when none or several are, the
    mention gets no entry, but their shared country when they have one.
    """
    seen: list[tuple[tuple[str, ...], str | None]] = []
    for c in cands:
        if c.kind != "person":
            continue
        tokens = name_tokens(doc[c.start:c.end].text)
        gender = _gender(doc, c)
        if c.entry is not None or not tokens:
            seen.append((tokens, gender))
            continue
        fuller = any(len(o) > len(tokens) and same_person(tokens, o) and compatible(g, gender) for o, g in seen)
        seen.append((tokens, gender))
        if fuller:
            continue
        matches = [e for e in kb.surnamed(tokens[-1]) if compatible(e.gender, gender) and any(
            same_person(tokens, name_tokens(n)) for n in (e.name, *e.aliases))]
        if len(matches) > 1:
            active = [e for e in matches if e.tenures and not e.holding(published).former
                      and any(t.holds((published or e.as_of or "9999")[:10]) for t in e.tenures)]
            if len(active) == 1:
                matches = active
        if len(matches) == 1:
            c.entry = matches[0]
        elif matches and len({e.country for e in matches}) == 1:
            c.hint_country = matches[0].country  # "Bush": one of two presidents, American either way


def _surnames_tagged_as_bodies(doc: Doc, kb: KnowledgeBase, cands: list[Candidate], published: str | None) -> None:
    """"Trump said": a lone name the model tagged as a body is the one known person of that surname in office."""
    day = (published or "9999")[:10]
    for c in cands:
        if c.kind != "organisation" or c.entry is not None or c.role is not None or c.end - c.start != 1 \
                or not doc[c.start].is_title:
            continue
        matches = [e for e in kb.surnamed(doc[c.start].text)
                   if any(t.holds(day) for t in e.tenures) or (not published and e.role)]
        if len(matches) == 1:
            c.kind, c.entry = "person", matches[0]


def _gender(doc: Doc, c: Candidate) -> str | None:
    """A person mention's gender: its known entry's, a title before or inside it, or its first name's."""
    if c.entry is not None and c.entry.gender:
        return c.entry.gender
    before = doc[c.start - 1].text if c.start > 0 else ""
    return title_gender([before]) or name_gender(doc[c.start:c.end].text)


def _sentence_end(doc: Doc, token: int, n: int) -> int:
    """Token index where the n-th sentence counting the one holding `token` ends."""
    end = doc[token].sent.end
    for _ in range(n - 1):
        if end >= len(doc):
            break
        end = doc[end].sent.end
    return end


def _cluster(doc: Doc, cands: list[Candidate]) -> list[list[Candidate]]:
    """Group candidates that refer to the same thing."""
    clusters: list[list[Candidate]] = []
    by_key: dict[str, int] = {}
    person_idx: list[int] = []
    memo: dict[int, tuple[tuple[str, ...], str | None]] = {}  # a mention's name words and gender, computed once

    def join(c: Candidate, idx: int | None) -> None:
        if idx is None:
            idx = len(clusters)
            clusters.append([])
        c.cluster = idx
        clusters[idx].append(c)

    for c in cands:
        if c.kind in ("role", "home"):
            continue
        if c.unnamed:
            join(c, None)  # "a Kenyan lawmaker ... a Kenyan lawmaker": nothing says it is one person
            continue
        if c.entry is None and c.kind == "person":
            match = _same_person_cluster(doc, c, clusters, person_idx, memo)
            if match is None:
                person_idx.append(len(clusters))
            join(c, match)
            continue
        if c.entry is not None:
            key = f"kb:{c.entry.id}"
        elif c.role is not None and c.kind != "person" and c.context and c.context[0].entry is not None:
            key = f"organ:{c.context[0].entry.country}:{fold(c.role.term)}"  # "Kenyan police" = "Kenya's police"
        else:
            key = f"name:{fold(doc[c.start:c.end].text)}"
        if key not in by_key:
            by_key[key] = len(clusters)
            if c.entry is not None and c.entry.kind == "person":
                person_idx.append(len(clusters))
            join(c, None)
        else:
            join(c, by_key[key])
    for c in cands:
        if c.kind == "role" and c.refers_to is not None and c.refers_to.cluster >= 0:
            join(c, c.refers_to.cluster)
    return clusters


def _same_person_cluster(doc: Doc, c: Candidate, clusters: list[list[Candidate]], person_idx: list[int],
                         memo: dict[int, tuple[tuple[str, ...], str | None]]) -> int | None:
    """The person cluster a name mention joins: the most recent one of that name and a compatible gender.

    A lone first name ("Hillary") joins the one person of the story with that first name, if just one.
    """
    def info(o: Candidate) -> tuple[tuple[str, ...], str | None]:
        if id(o) not in memo:
            memo[id(o)] = (name_tokens(doc[o.start:o.end].text), _gender(doc, o))
        return memo[id(o)]

    tokens, gender = info(c)

    def names(i: int) -> list[tuple[str, ...]]:
        known = [name_tokens(o.entry.name) for o in clusters[i][:1] if o.entry is not None]
        return known + [info(o)[0] for o in clusters[i] if o.kind == "person"]

    def fits(i: int) -> bool:
        found = {g for o in clusters[i] if o.kind == "person" and (g := info(o)[1])}
        return compatible(gender, found.pop() if len(found) == 1 else None)

    def full(i: int) -> list[tuple[str, ...]]:
        # a full name is matched against the person's full names, not its bare surname: "Dora Moss" is
        # not the "Moss" who stands for "Ansel Moss"
        given = names(i)
        return given if len(tokens) == 1 or not any(len(n) >= 2 for n in given) else [n for n in given if len(n) >= 2]

    named = [i for i in person_idx if fits(i) and any(same_person(tokens, n) for n in full(i))]
    if named or len(tokens) != 1:
        # the one mentioned last before this mention
        return max(named, key=lambda i: max(o.start for o in clusters[i] if o.start < c.start), default=None)
    firsts = [i for i in person_idx if fits(i) and any(len(n) >= 2 and same_word(tokens[0], n[0]) for n in names(i))]
    return firsts[0] if len(firsts) == 1 else None


def _missed_surnames(doc: Doc, kb: KnowledgeBase, cands: list[Candidate], clusters: list[list[Candidate]]) -> None:
    """"Lena Moss ... Moss said": a bare surname the model left untagged joins the one person named so before.

    Only a proper noun (or a transcript's capitalised speaker label, "MOSS:") standing alone, after
    the person's full name: not when two people of the story share the surname, nor inside a longer
    name ("Moss Street", "Anna Moss"), nor against a gendered title ("Mrs. Moss" for a man).
    """
    taken = {i for c in cands for i in range(c.start, c.end)}
    first: dict[str, dict[int, int]] = {}  # folded surname -> person cluster -> first token named in full
    for idx, cluster in enumerate(clusters):
        for c in cluster:
            tokens = name_tokens(doc[c.start:c.end].text) if c.kind == "person" else ()
            if len(tokens) >= 2 and len(tokens[-1]) >= 3:
                first.setdefault(tokens[-1], {}).setdefault(idx, c.start)
                first[tokens[-1]][idx] = min(first[tokens[-1]][idx], c.start)
    if not first:
        return
    lower = {t.text for t in doc if t.is_lower}
    for tok in doc:
        if tok.i in taken or not tok.is_alpha or (owners := first.get(fold(tok.text))) is None:
            continue
        label = tok.is_upper and len(tok) >= 3 and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ":"
        # the tagger may read an unfamiliar name as a noun ("Pradd said"): then the text must never use it
        # as a common word in lower case
        if not label and not (_capitalised(tok) and (tok.pos_ == "PROPN" or (
                tok.pos_ in ("NOUN", "ADJ", "VERB") and tok.lower_ not in lower))):
            continue
        named = [idx for idx, at in owners.items() if at < tok.i]
        if len(named) != 1 or _in_longer_name(doc, kb, tok):
            continue
        idx = named[0]
        before = doc[tok.i - 1].text if tok.i > 0 else ""
        if not compatible(title_gender([before]), _cluster_gender(doc, clusters[idx])):
            continue
        c = Candidate(tok.i, tok.i + 1, "person", entry=clusters[idx][0].entry)
        c.cluster = idx
        clusters[idx].append(c)
        cands.append(c)
    cands.sort(key=lambda c: c.start)


def _capitalised(tok: Token) -> bool:
    """A word written as a name is: "Moss", "McKay", "DuPont", not "MOSS" or "moss"."""
    return tok.text[:1].isupper() and not tok.is_upper and tok.is_alpha


def _in_longer_name(doc: Doc, kb: KnowledgeBase, tok: Token) -> bool:
    """Whether a capitalised word runs on into the next one or follows another (not a title) in its sentence."""
    nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if nxt is not None and _capitalised(nxt) and not nxt.is_sent_start and nxt.pos_ == "PROPN":
        return True
    prev = doc[tok.i - 1] if tok.i > 0 else None
    return prev is not None and not tok.is_sent_start and _capitalised(prev) and prev.pos_ == "PROPN" and \
        fold(prev.text) not in HONORIFICS and not prev.text.endswith(".") and kb.role(prev.text) is None


def _cluster_gender(doc: Doc, cluster: list[Candidate]) -> str | None:
    """The gender the mentions of one person agree on, None when unknown or contradictory."""
    found = {g for c in cluster if c.kind == "person" and (g := _gender(doc, c))}
    return found.pop() if len(found) == 1 else None


def _profile(doc: Doc, cluster: list[Candidate], published: str | None) -> _Profile:
    """What the knowledge base and the words around its mentions say about one actor.

    A known person takes the role they held at the publication date; a role the text states
    beside one of their mentions ("former Secretary of State X") wins over it.
    """
    head = next((c for c in cluster if c.entry is not None), cluster[0])
    entry = head.entry
    roles = sorted((c for c in cluster if c.role is not None), key=lambda c: -c.role.rank)
    role = roles[0] if roles else None
    if entry is not None and entry.kind != "person":
        return _Profile(entry.kind, entry, entry.country, entry.sector, None, entry.role, entry.parent)
    if entry is not None:
        held = entry.holding(published)
        # only a role written beside one of the names counts; "the minister" may point elsewhere
        stated = next((c for c in roles if c.kind == "person"), None)
        if stated is None:
            return _Profile("person", entry, entry.country, held.sector, None, held.role, held.affiliation)
        sector = _stated_sector(doc, stated) or held.sector
        return _Profile("person", entry, entry.country, sector, None, stated.role_text, held.affiliation)
    kind = head.kind
    context = [o for c in cluster for o in c.context if o.entry is not None]
    states = [o.entry for o in context if o.entry.kind in ("state", "people") and o.entry.country]
    bodies = [o for o in context if o.entry.kind in ("organisation", "igo")]
    affiliation = bodies[0] if bodies else next((o for o in context if o.entry.kind == "state"), None)
    country = states[0].country if states else (bodies[0].entry.country if bodies else None)
    country = country or next((c.hint_country for c in cluster if c.hint_country), None)
    sector = _stated_sector(doc, role) if role else None
    if sector is None and (any(c.seat for c in cluster) or (
            role is not None and fold(role.role.term) in SEATS and any(b.entry.sector == "PTY" for b in bodies))):
        sector = "LEG"  # "Republican Representative X", "X (D-Ore.)": a member of a legislature
    if sector is None and bodies:
        sector = bodies[0].entry.sector
    if sector is None and role is not None and states and states[0].kind == "state":
        sector = "GOV"  # a state's "officials", "spokesman", "authorities" speak for its government
    role_text = role.role_text if role else None
    return _Profile(kind, None, country, sector, affiliation, role_text)


def _stated_sector(doc: Doc, c: Candidate) -> str | None:
    """The sector a role written beside a name gives: its own, or ELI for a former holder."""
    if c.role is None:
        return None
    if c.kind == "person" and c.role_tokens is not None:
        words = {t.lower_ for t in doc[c.role_tokens[0]:c.role_tokens[1]]}
        if words & FORMER:
            return "ELI"  # CAMEO codes former officials as elites, not as the office they left
    return c.role.sector


# roles that name a seat in a legislature when a party goes with them ("Democratic Representative X")
SEATS = frozenset({"representative", "delegate", "member", "member of parliament", "deputy"})

# words that make a role one no longer held: "former President X", "ex-minister X"
FORMER = frozenset({"former", "ex", "onetime", "one-time", "erstwhile", "retired"})

# groups too generic to take the sentence's country: "wounded 40 people" says nothing of whose people
GENERIC_GROUPS = frozenset({"people", "persons", "members", "leaders", "officials", "others", "witnesses",
                            "sources", "observers"})

# sectors whose holders act for a state: an interior minister with no country named is the story's state's
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})


def _default_country(clusters: list[list[Candidate]], profiles: list[_Profile]) -> None:
    """Give state officials with no country the article's main country, when one clearly dominates.

    A country's weight is the number of mentions of every actor coded with it (the state, its organs,
    its people), so "Ghanaian police ... the police ... Ghana" makes Ghana the story's country.
    """
    weight: dict[str, int] = {}
    for cluster, p in zip(clusters, profiles, strict=True):
        if p.country and p.country != "IGO":
            weight[p.country] = weight.get(p.country, 0) + len(cluster)
    ranked = sorted(weight.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] * 2 > ranked[0][1]):
        return
    main = ranked[0][0]
    for p in profiles:
        if p.country is None and p.sector in STATE_SECTORS and p.kind in ("person", "organisation"):
            p.country = main


def _domestic_bodies(doc: Doc, kb: KnowledgeBase, cands: list[Candidate], clusters: list[list[Candidate]],
                     profiles: list[_Profile]) -> None:
    """An unknown named body ("the Farmers' League") in a sentence about one country is that country's."""
    # news names foreign bodies with their country ("Zambia's Green Party"), domestic ones bare
    for cluster, p in zip(clusters, profiles, strict=True):
        if p.country is not None or p.entry is not None or p.kind != "organisation" or not cluster:
            continue
        named = [c for c in cluster if c.kind == "organisation" and c.role is None]
        if not named:
            continue
        country = _sentence_country(doc, cands, named[0])
        state = kb.entries.get(country or "")
        if state is not None and state.kind == "state":
            p.country = country


def _add_home_mentions(kb: KnowledgeBase, cands: list[Candidate], clusters: list[list[Candidate]],
                       profiles: list[_Profile]) -> None:
    """ "his country" becomes a mention of the referred person's state, adding the state if it is new."""
    by_entry = {p.entry.id: i for i, p in enumerate(profiles) if p.entry is not None}
    for c in cands:
        if c.kind != "home" or c.refers_to is None or c.refers_to.cluster < 0:
            continue
        country = profiles[c.refers_to.cluster].country
        state = kb.entries.get(country or "")
        if state is None or state.kind != "state":
            continue
        c.entry = state
        if state.id not in by_entry:
            by_entry[state.id] = len(clusters)
            clusters.append([])
            profiles.append(_Profile("state", state, state.country, state.sector, None, None))
        c.cluster = by_entry[state.id]
        clusters[c.cluster].append(c)


def _actors(doc: Doc, clusters: list[list[Candidate]], profiles: list[_Profile],
            captions: list[str]) -> list[Actor]:
    order = sorted((i for i, cl in enumerate(clusters) if cl), key=lambda i: min(c.start for c in clusters[i]))
    ids = {idx: f"a{n + 1}" for n, idx in enumerate(order)}
    by_entry = {p.entry.id: ids[i] for i, p in enumerate(profiles) if p.entry is not None and i in ids}
    actors = []
    for idx in order:
        members = sorted(clusters[idx], key=lambda c: c.start)
        prof = profiles[idx]
        names = [doc[c.start:c.end].text for c in members if c.kind not in ("role", "home")]
        if prof.entry is not None:
            name = prof.entry.name
        else:
            name = max(names, key=lambda n: (len(n.split()), -names.index(n))) if names else \
                doc[members[0].start:members[0].end].text
        aliases = _unique([*names, *(_caption_names(name, captions) if prof.kind == "person" else [])])
        affiliation = None
        if prof.affiliation is not None and prof.affiliation.cluster >= 0:
            affiliation = ids.get(prof.affiliation.cluster)
        elif prof.affiliation is not None and prof.affiliation.entry is not None:
            affiliation = by_entry.get(prof.affiliation.entry.id)  # a state named inside "Kenyan police"
        elif prof.entry is not None and prof.entry.kind in ("person", "igo", "organisation"):
            # the body it belongs to, else (a minister of a ministry not named here) its state
            affiliation = by_entry.get(prof.parent or "") or (
                by_entry.get(prof.country or "") if prof.entry.kind == "person" else None)
        mentions = tuple(Span(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1]),
                              doc[c.start:c.end].text) for c in members)
        actors.append(Actor(id=ids[idx], name=name, kind=prof.kind, country=prof.country, sector=prof.sector,
                            affiliation=affiliation if affiliation != ids[idx] else None,
                            aliases=tuple(a for a in aliases if a != name), mentions=mentions,
                            role=prof.role, kb_id=prof.entry.id if prof.entry else None,
                            key=_key(prof, members, name),
                            gender=_cluster_gender(doc, members) if prof.kind == "person" else None))
    return actors


def _key(prof: _Profile, members: list[Candidate], name: str) -> str:
    """The actor's key across articles (see keys.py)."""
    if prof.entry is not None:
        return prof.entry.id
    unnamed = next((c for c in members if c.unnamed and c.role is not None), None)
    if unnamed is not None and unnamed.role is not None and prof.country:
        return organ_key(prof.country, unnamed.role.term, prefix="u")
    if prof.kind == "person":
        return person_key(name)
    organ = next((c for c in members if c.kind != "role" and c.role is not None and c.context
                  and c.context[0].entry is not None and c.context[0].entry.country), None)
    if organ is not None and organ.role is not None:
        return organ_key(organ.context[0].entry.country, organ.role.term)
    return name_key(name)


def _caption_names(name: str, captions: list[str]) -> list[str]:
    """Spellings of a person's name in photo captions ("Mousa Abu Marzook" for "Mousa Abu Marzouk")."""
    tokens = name_tokens(name)
    found = []
    for caption in captions:
        for m in CAPITALISED_RUN.finditer(caption):
            words = m.group(0).split()
            # the name is the tail of the run: "Senior Hamas leader Mousa Abu Marzook"
            for k in range(len(words)):
                candidate = " ".join(words[k:])
                if len(words) - k >= 2 and same_person(tokens, name_tokens(candidate)):
                    found.append(candidate)
                    break
    return found


def _unique(items: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)
