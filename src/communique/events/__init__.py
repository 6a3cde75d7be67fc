"""PLOVER/CAMEO event coding: triggers from the lexicon, arguments from the parse, codes from the tables.

What counts as an event (decided here, so every stage downstream can rely on it):
- a trigger from triggers.yaml whose entry's conditions hold (the senses its object must have, the
  arguments it needs, its particles), not inside an actor's name ("the Ostranian occupation force");
- a verbal trigger needs a political doer or someone acted upon: an actor, a word for one the
  knowledge base does not name ("police", "gunmen"), victims ("two guards were shot"), or a state
  act in the passive ("the editor was detained", done by the state);
- a speech act, a deal or a sanction needs an actor as its doer ("the slump threatened more losses"
  is nothing);
- a nominal trigger is an event as the object of a light verb ("held talks", "waged war"), with both
  its parties ("the army's raid on the camp"), a doer named by "by", a day or a place of its own, or a
  toll ("the blast killed four"); "the war" and "the talks" alone are background;
- attacks said of words or ballots are accusations or nothing; standing views ("a party backing the
  mayor") are descriptions; counts over long periods are statistics; purposes, wishes, conditions
  and possibilities ("could", "might", "if") are not acts; negated acts are kept, marked negated.
Frames (threaten, call for, refuse, accuse, promise, deny, fail, suspend, say ... must) take the event
they embed into their own code, and whatever lies inside what they ask or plan is their terms, not
an event: a threat to strike is THREATEN (CAMEO 138), never ASSAULT. Future and conditional acts
become AGREE (cooperative) or THREATEN (hostile), as CAMEO's "express intent" codes do; "unless"
makes any act a threat. Events inside a quote, or in what a reporting verb reports, are claims of the
speaker (`claimed_by`, modality "claimed"); a claimed hostile act told in words of blame is also the
speaker's ACCUSE of its doer. Date: the sentence's own temporal expression, else its paragraph's,
else the publication date marked approximate. Place: a toponym attached by in/at/near to the
trigger's clause, else the dateline's.
"""
from __future__ import annotations

import math
from collections.abc import Container, Sequence
from dataclasses import dataclass, replace

import pycountry
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..nlp import doc_text, trim
from ..records import Actor, Article, Event, EventDate, EventPlace, Place, Quote, Span, TimeExpr
from .arguments import ActorIndex, Args, arguments, resolve, subject
from .coding import coding, effective, intended, verdict
from .context import Dates, Places, clause_offsets, dateline, dateline_span, event_place
from .lexicon import Entry, Lexicon, load
from .modality import UNREAL, QuoteIndex, deontic, modality, mood
from .triggers import Trigger, find_triggers

STRONG = 0.7  # weight of a trigger that stands without actors
MIN_ACCUSE = 0.45  # confidence a claimed hostile act needs before it becomes the speaker's accusation
MAX_PAIRS = 6  # coordinated actors: at most this many sources (and targets) per trigger
# frames whose own target may sit in the clause they govern, and the prepositions that mark it there
CLAUSE_FRAMES = frozenset({"threat", "intent", "reject", "request", "halt", "accept"})
CLAUSE_PREPS = frozenset({"with", "to", "against", "on", "for", "from", "in", "into", "at"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "THREATEN"})
# sectors that speak for a state: the target of a protest at home
GOVERNMENT = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI"})
# types whose act falls on the place it happens in when no target is named ("declared a curfew over the river towns")
LOCATED_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "CONCEDE", "SANCTION", "THREATEN"})
ACCUSE_CODES = {"ASSAULT": "1123", "COERCE": "1122", "THREATEN": "1123"}


@dataclass
class _Draft:
    """An event before ids are given: the trigger, its codes and its arguments."""

    trig: Trigger
    type: str
    cameo: str | None
    mode: str | None
    args: Args
    negated: bool
    modality: str
    claimed_by: str | None
    confidence: float


def find_events(doc: Doc, article: Article, actors: Sequence[Actor], times: Sequence[TimeExpr],
                places: Sequence[Place], quotes: Sequence[Quote]) -> list[Event]:
    """Events in the body, coded with type, actors, date and place.

    `doc` is the spaCy Doc of `article.text`; actors, times, places and quotes are the records the
    other stages found in it (empty lists are fine). Returns events in text order, ids "e1", "e2", ...
    """
    lex = load()
    index = ActorIndex.build(doc, actors, quotes, lex.words.get("objects:agents", frozenset()))
    where = Places(doc, places)
    when = Dates(article, times)
    said = QuoteIndex(quotes)
    events: list[Event] = []
    states = _states(actors)
    homes = _homes(actors)
    nations = _nations(actors)
    home = _home_state(actors, index)
    line = dateline_span(doc_text(doc))
    datelined = dateline(line, where)
    if line is not None:
        index.forget(doc, *line)  # the dateline names where, never who
    lead = article.paragraphs[0][1] if article.paragraphs else len(doc_text(doc))
    for sent in doc.sents:
        for draft in sentence_drafts(sent, lex, index, said):
            if not draft.args.targets and states:
                _place_target(draft, where, states)
            place = _place(draft, lex, where)
            if place is None and datelined is not None and sent.start_char < lead \
                    and not where.in_range(sent.start, sent.end)[1:]:
                place = datelined  # the lead's events happened where the dateline says, unless it names another place
            if not draft.args.sources:
                _implicit_state(draft, lex, place, nations, home, actors)
            if not draft.args.targets:
                _organ_target(draft, lex, home)
            if not draft.args.targets and states and place is not None and draft.type in LOCATED_TARGETS:
                _located_target(draft, place, states)
            if not draft.args.targets and draft.args.sources and draft.type == "PROTEST":
                _home_target(draft, homes)
            events.extend(_events(draft, sent, lex, place, when, len(events)))
            if draft.args.sources and draft.args.targets and not draft.claimed_by:
                # the pair the story's own narrative last set against each other, for "the two sides"
                index.dyad = (draft.args.sources[0], draft.args.targets[0])
    return _counterparts(events)


UNDIRECTED = frozenset({"PROTEST", "MOBILIZE"})


def _counterparts(events: list[Event]) -> list[Event]:
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


def _nations(actors: Sequence[Actor]) -> dict[str, str]:
    """Alpha-3 country code -> id of that state's actor."""
    out: dict[str, str] = {}
    for a in actors:
        if a.kind == "state" and a.country and a.country != "IGO":
            out.setdefault(a.country.upper(), a.id)
    return out


def _home_state(actors: Sequence[Actor], index: ActorIndex) -> str | None:
    """The state the story is most about: the state whose actors it mentions most."""
    counts: dict[str, int] = {}
    for aid in index.by_token.values():
        counts[aid] = counts.get(aid, 0) + 1
    by_country: dict[str, int] = {}
    for a in actors:
        if a.country and a.country != "IGO":
            by_country[a.country.upper()] = by_country.get(a.country.upper(), 0) + counts.get(a.id, 0)
    nations = _nations(actors)
    ranked = sorted((c for c in by_country if c in nations), key=lambda c: -by_country[c])
    if not ranked or (len(ranked) > 1 and by_country[ranked[0]] < 2 * by_country[ranked[1]]):
        return None  # no one state the story is about
    return nations[ranked[0]]


def _implicit_state(draft: _Draft, lex: Lexicon, place: EventPlace | None, nations: dict[str, str],
                    home: str | None, actors: Sequence[Actor]) -> None:
    """"Police held the editor", "she was sentenced": organs of a state, or state acts with no doer
    named, are the state's: the state of the one acted on, else of the place, else of the story."""
    trig, args = draft.trig, draft.args
    organ = args.agent is not None and args.agent.lemma_.lower() in lex.words.get("objects:state_agents", ())
    if not (organ or _state_passive(trig, args, lex)):
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


def _organ_target(draft: _Draft, lex: Lexicon, home: str | None) -> None:
    """"Raiders shot at a police post": an organ of the state, no nationality named, is the state's."""
    organs = lex.words.get("objects:state_agents", frozenset())
    for tok in draft.args.target_tokens:
        if tok.lemma_.lower() in organs and home is not None and home not in draft.args.sources \
                and not any(c.dep_ in ("amod", "compound", "poss") for c in tok.children if c.pos_ != "NOUN"):
            draft.args.targets = [home]
            return


def _homes(actors: Sequence[Actor]) -> dict[str, list[str]]:
    """Actor id -> the state actor of its country, then that state's organs and officials, in text order."""
    government: dict[str, list[str]] = {}
    for a in sorted(actors, key=lambda a: a.kind != "state"):
        if a.country and a.country != "IGO" and (a.kind == "state" or a.sector in GOVERNMENT):
            government.setdefault(a.country, []).append(a.id)
    return {a.id: [g for g in government.get(a.country or "", ()) if g != a.id] for a in actors}


def _home_target(draft: _Draft, home: dict[str, list[str]]) -> None:
    """"The dockers' union began a strike": a protest with no target is aimed at its own government."""
    # as CAMEO codes domestic protest: the state if named, else an organ or official of it
    aid = next((a for a in home.get(draft.args.sources[0], ()) if a not in draft.args.sources), None)
    if aid is not None:
        draft.args.targets = [aid]


def _place(draft: _Draft, lex: Lexicon, where: Places) -> EventPlace | None:
    trig = draft.trig
    heads = [trig.token, trig.anchor] + ([trig.embedded.token, trig.embedded.anchor] if trig.embedded else [])
    return event_place(heads, trig.token, draft.args.target_tokens, draft.type, draft.cameo, where,
                       lex.words.get("locative", frozenset()))


def _located_target(draft: _Draft, place: EventPlace, states: dict[str, str]) -> None:
    """"Declared martial law in the northern province": an act done to a place, no one named, is done to its state."""
    aid = states.get((place.country or "").upper())
    if aid is not None and aid not in draft.args.sources:
        draft.args.targets = [aid]


def sentence_drafts(sent: SpacySpan, lex: Lexicon, index: ActorIndex, said: QuoteIndex) -> list[_Draft]:
    """The coded events of one sentence, before dates, places and ids."""
    triggers = find_triggers(sent, lex, index.by_token)
    silent: set[int] = set()
    speech: dict[int, Trigger | Token] = {}
    for trig in triggers:
        frame, inner = trig.entry.frame, trig.embedded
        if inner is None:
            clause = _must_clause(trig, lex) if frame == "report" else None
            if clause is not None:
                speech[id(trig)] = clause
            elif frame == "request":
                heads = [trig.token]
                if trig.is_noun and trig.token.dep_ == "dobj":
                    # "repeated its demand that the council lift ...": the parser hangs the clause on the verb
                    heads.append(trig.token.head)
                elif not trig.is_noun:
                    # "stood by its demands that the junta free ...": the clause hangs on the object noun
                    heads.extend(o for p in trig.token.children if p.dep_ == "prep"
                                 for o in p.children if o.dep_ == "pobj")
                trig.extras["asked"] = [g for h in heads for c in h.children
                                        if c.dep_ in ("ccomp", "xcomp", "acl")
                                        and (h is trig.token or any(m.dep_ == "mark" for m in c.children)
                                             or h.dep_ == "pobj")
                                        for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
            elif not trig.entry.type and frame != "judge":
                silent.add(id(trig))
            continue
        subject = _frame_subject(trig)
        if frame in ("deny", "fail"):
            # "denied attacking", "failed to meet": the embedded event, negated; a denial is itself a
            # rejection (of the charge), a failure is nothing
            inner.negated = not inner.negated
            inner.frame_source = inner.frame_source or subject
            if frame == "fail":
                silent.add(id(trig))
            else:
                trig.embedded = None
        elif frame == "report":
            if inner.token.dep_ == "ccomp" and deontic(inner.anchor, lex):
                speech[id(trig)] = inner
                inner.absorbed = True
            else:
                silent.add(id(trig))
        else:
            inner.absorbed = True
            inner.frame_source = inner.frame_source or subject
    frames = {t.token.i: t for t in triggers if t.entry.frame and t.entry.frame not in ("report", "deny", "fail")}
    for trig in triggers:
        if not trig.absorbed and _dominated(trig, frames, {t.token.i for t in triggers}):
            trig.absorbed = True
    drafts: list[_Draft] = []
    for trig in triggers:
        if trig.absorbed or id(trig) in silent:
            continue
        draft = _draft(trig, lex, index, said, speech.get(id(trig)))
        if draft is not None:
            drafts.append(draft)
    drafts.extend(_verdicts(sent, lex, index, said, drafts))
    by_token = {t.token.i: t for t in triggers}
    for draft in drafts:
        if not draft.args.targets:
            _purpose_target(draft, by_token, index)
        if not draft.args.targets and draft.trig.entry.frame in CLAUSE_FRAMES:
            _clause_target(draft, index)
    return drafts


COPULAS = frozenset({"be", "remain", "seem", "become", "look", "sound"})


def _verdicts(sent: SpacySpan, lex: Lexicon, index: ActorIndex, said: QuoteIndex,
              drafts: Sequence[_Draft]) -> list[_Draft]:
    """A speaker's verdict in a quote ("This verdict is cruel and lawless"): an accusation, or praise.

    The target is whoever the subject's possessor names ("their decision is shameful"), if anyone.
    """
    for root in sent:
        if root.lemma_.lower() not in COPULAS or root.dep_ not in ("ROOT", "ccomp", "conj"):
            continue
        comps = [t for c in root.children if c.dep_ in ("acomp", "attr") for t in c.subtree]
        etype, code = verdict(comps, -1, lex) if comps else (None, None)
        if etype is None or mood(root, lex, reported=True) in UNREAL:
            continue
        quote = said.holding(comps[0].idx, comps[-1].idx + len(comps[-1].text))
        if quote is None or not quote.speaker or any(quote.speaker in d.args.sources for d in drafts):
            continue
        return [_verdict(root, comps, etype, code, quote.speaker, lex, index)]
    return []


def _verdict(root: Token, comps: list[Token], etype: str, code: str | None, speaker: str, lex: Lexicon,
             index: ActorIndex) -> _Draft:
    words = lex.words.get("blame" if etype == "ACCUSE" else "praise", frozenset())
    word = next(t for t in comps if t.lemma_.lower() in words or t.lower_ in words)
    subj = [c for c in root.children if c.dep_ == "nsubj"]
    owners = [p for t in subj for p in t.children if p.dep_ == "poss"]
    targets = [a for a in (resolve(p, index) for p in owners) if a and a != speaker]
    entry = Entry(lemma=root.lemma_.lower(), pos="verb", type=etype, cameo=code, weight=0.55)
    trig = Trigger(token=word, entry=entry, anchor=root)
    args = Args([speaker], targets[:1], [], owners)
    return _Draft(trig, etype, code, None, args, False, "asserted", None,
                  _confidence(trig, args, etype, "asserted", lex))


DOMINATED = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj", "conj", "nsubjpass", "attr"})


def _dominated(trig: Trigger, frames: dict[int, Trigger], triggers: Container[int] = ()) -> bool:
    """True when a trigger lies inside what a frame asks, plans, refuses or accuses (its terms).

    "asked the envoy to persuade both camps to stop the shelling": stopping it is part of the request,
    not an act of its own. A frame never dominates its own conjuncts ("denounced X and asked Y").
    """
    node = trig.token
    for _ in range(8):
        head = node.head
        if head.i == node.i or node.dep_ not in DOMINATED:
            return False
        frame = frames.get(head.i)
        if frame is not None and frame is not trig and node.dep_ != "conj":
            return True
        if node.dep_ == "prep" and node.lower_ in ("for", "over") and head.i in triggers:
            return True  # "jailed for treason", "rebuked over the purge": the reason, not an act
        node = head
    return False


def _clause_target(draft: _Draft, index: ActorIndex) -> None:
    """"Threatened to cut ties with its neighbour": the target of the clause a frame governs."""
    trig = draft.trig
    clauses = [trig.embedded.anchor] if trig.embedded is not None else [
        c for c in trig.token.children if c.dep_ in ("xcomp", "ccomp")]
    for clause in clauses:
        found: list[Token] = []
        heads = [clause] + [c for c in clause.children if c.dep_ in ("dobj", "xcomp")]
        for head in heads:
            for child in head.children:
                if child.dep_ in ("dobj", "dative") and head.i == clause.i:
                    found.append(child)
                elif child.dep_ == "prep" and child.lower_ in CLAUSE_PREPS:
                    found.extend(g for g in child.children if g.dep_ == "pobj")
        tokens = [t for f in found for t in (f, *f.conjuncts)]
        targets = [a for a in dict.fromkeys(resolve(t, index, loose=True) for t in tokens)
                   if a and a not in draft.args.sources]
        if targets or tokens:
            draft.args.target_tokens = draft.args.target_tokens or tokens
        if targets:
            draft.args.targets = targets
            return


def _purpose_target(draft: _Draft, by_token: dict[int, Trigger], index: ActorIndex) -> None:
    """"Marched to demand wages from the mayor": the purpose names whom the act is aimed at."""
    trig = draft.trig
    for child in (*trig.anchor.children, *(trig.token.children if trig.token.i != trig.anchor.i else ())):
        if child.dep_ not in ("advcl", "acl", "relcl") or not any(c.tag_ == "TO" for c in child.children):
            continue
        purpose = by_token.get(child.i)
        if purpose is not None:
            targets = [a for a in arguments(purpose, index).targets if a not in draft.args.sources]
        elif draft.type in PURPOSED:
            # "began a sweep to root out the smugglers": whom the purpose names is the target
            objects = [o for o in child.children if o.dep_ == "dobj"]
            targets = [a for a in (resolve(o, index, loose=True) for o in objects) if a and a not in draft.args.sources]
        else:
            targets = []
        if targets:
            draft.args.targets = targets
            return


def _must_clause(trig: Trigger, lex: Lexicon) -> Token | None:
    """The clause a reporting verb introduces when it says someone must act."""
    for child in trig.token.children:
        if child.dep_ == "ccomp" and deontic(child, lex):
            return child
    return None


def _frame_subject(trig: Trigger) -> Token | None:
    subj = subject(trig.anchor)
    return subj[0] if subj else None


def _draft(trig: Trigger, lex: Lexicon, index: ActorIndex, said: QuoteIndex,
           must: Trigger | Token | None) -> _Draft | None:
    if must is not None:
        # "X said the junta must free the monks": X asks the junta
        inner_type = effective(must, lex)[0] if isinstance(must, Trigger) else None
        clause = must.anchor if isinstance(must, Trigger) else must
        etype, code = lex.composed("request", inner_type) or ("REQUEST", "100")
        args = arguments(trig, index)
        args.target_tokens = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"]
        args.targets = [a for a in (resolve(t, index) for t in args.target_tokens) if a]
        named = any(t.pos_ == "PROPN" or t.lemma_.lower() in lex.words.get("objects:agents", ())
                    for t in args.target_tokens)
        if not args.targets and not named:
            return None  # "said there should be a tax", "said it ought to worry us": no one is asked
    else:
        etype, code = effective(trig, lex)
        args = arguments(trig, index)
        asked = trig.extras.get("asked")
        if asked and not args.targets:
            resolved = [a for a in (resolve(t, index, loose=True) for t in asked) if a and a not in args.sources]
            if resolved:
                args.targets, args.target_tokens = resolved, list(asked)
        if trig.embedded is not None and trig.entry.frame not in ("deny", "fail"):
            _borrow(trig, args, index)
    if not etype:
        return None
    if etype in ("REJECT", "ACCUSE") and not args.targets:
        _author(trig, args, lex, index)
    quote = said.holding(trig.start, trig.end)
    report = _reported(trig.anchor, lex)
    modal = modality(trig, lex, reported=quote is not None or report is not None)
    if modal.mood in UNREAL:
        return None
    if modal.mood == "ultimatum" and etype not in ("THREATEN", "REQUEST"):
        etype, code = lex.composed("threat", etype) or ("THREATEN", "130")
    elif modal.mood in ("future", "conditional"):
        etype, code = intended(etype, code, lex)
    if not _kept(trig, args, lex, index, reported=quote is not None or report is not None):
        return None
    if etype == "MOBILIZE" and not args.sources and any(t.dep_ == "nsubjpass" for t in args.target_tokens):
        # "Lebanese troops were deployed": the forces deployed are their state's, the doer's
        args.sources, args.source_tokens, args.targets = args.targets, args.target_tokens, []
    if etype == "ASSAULT" and trig.entry.figurative and _figurative(trig, args, lex, index):
        # "attacked her opponent", "captured the primary": words and ballots, not force
        if trig.entry.figurative != "ACCUSE":
            return None
        etype, code = "ACCUSE", "111"
    inner = trig.embedded
    if trig.entry.frame == "threat" and not trig.entry.type and inner is not None and _others_act(trig, inner, index):
        return None  # "warned that the pause would let the army regroup": a warning of danger, not a threat
    if (inner is not None and inner.entry.figurative and inner.entry.type == "ASSAULT"
            and _figurative(inner, arguments(inner, index), lex, index)):
        return None  # "vowed to crush the visiting side": a boast about a game, not a threat of force
    claimed = quote.speaker if quote is not None else None
    if claimed is None and report is not None:
        # "the army said raiders burned the depot": the burning is the police's claim
        teller = subject(report)
        claimed = resolve(teller[0], index) if teller else None
    # what the text says of the act comes first ("said it would strike if ..." is conditional); an act
    # told as having happened is the teller's claim
    if modal.mood == "ultimatum":
        label = "threat"
    elif modal.mood != "asserted":
        label = modal.mood
    elif claimed is not None:
        label = "claimed"
    elif etype == "THREATEN":
        label = "threat"
    elif etype == "REQUEST":
        label = "call"
    elif trig.entry.frame == "intent" and trig.embedded is not None:
        label = "intent"
    else:
        label = "asserted"
    mode = trig.entry.mode if trig.entry.type == etype else None
    return _Draft(trig, etype, code, mode, args, modal.negated, label, claimed,
                  _confidence(trig, args, etype, label, lex))


def _author(trig: Trigger, args: Args, lex: Lexicon, index: ActorIndex) -> None:
    """"Dismissed the claims made by X", "a charge X denied": a rejection answers whoever said it."""
    sayings = lex.words.get("objects:sayings", frozenset())
    tok = trig.token
    nouns = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if tok.dep_ == "relcl":
        nouns.append(tok.head)  # "a claim the cabinet dismissed"
    for noun in nouns:
        if noun.lemma_.lower() not in sayings:
            continue
        found = [c for c in noun.children if c.dep_ == "poss"]
        found += [o for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from") for o in c.children
                  if o.dep_ == "pobj"]
        found += [o for v in noun.children if v.dep_ == "acl" for a in v.children if a.dep_ == "agent"
                  for o in a.children if o.dep_ == "pobj"]
        if not found and noun.dep_ in ("appos", "npadvmod", "dobj") and noun.head.i != tok.i:
            found = subject(noun.sent.root)  # "..., a claim they denied": the claim of the main clause
        authors = [a for a in (resolve(t, index) for t in found) if a and a not in args.sources]
        if authors:
            args.targets, args.target_tokens = authors[:1], found[:1]
            return


def _others_act(frame: Trigger, inner: Trigger, index: ActorIndex) -> bool:
    """True when the act a frame embeds has a doer of its own other than the frame's ("X warned that Y would")."""
    doers = [c for c in inner.anchor.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
    if not doers:
        return False
    mine = {resolve(t, index) for t in subject(frame.anchor)} - {None}
    theirs = {resolve(t, index) for t in doers} - {None}
    return not (mine & theirs) and not any(t.lower_ in ("it", "they", "we", "i", "he", "she") for t in doers)


def _reported(verb: Token, lex: Lexicon) -> Token | None:
    """The reporting verb whose complement a clause is ("officials said [raiders burned the depot]"), if any."""
    node = verb
    for _ in range(4):
        head = node.head.lemma_.lower()
        if node.dep_ == "ccomp" and head in lex.verbs and any(e.frame == "report" for e in lex.verbs[head]):
            return node.head
        if node.dep_ not in ("conj", "xcomp", "ccomp") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _borrow(frame: Trigger, args: Args, index: ActorIndex) -> None:
    """A frame without its own target takes one from the event it embeds."""
    if args.targets:
        return
    inner = frame.embedded
    assert inner is not None
    if frame.entry.frame == "request":
        # "demanded that the junta lift the curfew": the one asked is the embedded clause's subject
        asked = _clause_subject(frame.token, inner.token) or [
            c for c in inner.anchor.children if c.dep_ in ("nsubj", "nsubjpass")] or [
            g for c in inner.token.children if c.dep_ in ("acl", "ccomp")  # "its demands that X free"
            for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
        resolved = [a for a in (resolve(t, index, loose=True) for t in asked) if a and a not in args.sources]
        if resolved:
            args.targets, args.target_tokens = resolved, asked
            return
    inner_args = arguments(inner, index)
    if frame.entry.frame in ("accuse", "reject", "judge"):
        # "denounced the army's raid": the accused is the raider; "spurned the rebels' offer": the offerer
        pool = inner_args.sources or inner_args.targets
    else:
        pool = inner_args.targets
    args.targets = [a for a in pool if a not in args.sources]
    args.target_tokens = args.target_tokens or inner_args.target_tokens or inner_args.source_tokens


def _clause_subject(frame: Token, inner: Token) -> list[Token]:
    """"Demanded that the donors match the bank's aid": the subject of the clause the frame governs."""
    node = inner
    for _ in range(6):
        if node.head.i == frame.i:
            if node.dep_ in ("ccomp", "xcomp") and node.pos_ in ("VERB", "AUX"):
                return [c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")]
            return []
        if node.head.i == node.i:
            return []
        node = node.head
    return []


def _states(actors: Sequence[Actor]) -> dict[str, str]:
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


def _place_target(draft: _Draft, where: Places, states: dict[str, str]) -> None:
    """"Shelled the port city", "put the border town under curfew": a place target stands for its state, if named."""
    for tok in draft.args.target_tokens:
        place = where.by_token.get(tok.i)
        if place is not None and place.country and place.country.upper() in states:
            aid = states[place.country.upper()]
            if aid not in draft.args.sources:
                draft.args.targets = [aid]
                return


def _kept(trig: Trigger, args: Args, lex: Lexicon, index: ActorIndex, *, reported: bool = False) -> bool:
    need = trig.entry.require
    if ("source" in need and not args.sources and args.agent is None) or ("target" in need and not args.targets):
        return False
    if trig.entry.type in SPEECH and args.source_tokens and not args.sources and args.agent is None \
            and not any(t.pos_ == "PRON" for t in args.source_tokens) and not (
                trig.entry.type in ("ACCUSE", "REQUEST") and any(index.kinds.get(a) in ("state", "igo")
                                                                 for a in args.targets)):
        # "the slump threatened more losses", "the report praised": only an actor speaks or deals
        # (anyone may sue or petition a state)
        return False
    if trig.entry.stance and not reported and (trig.token.dep_ in ("acl", "relcl") or (
            trig.token.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in trig.token.children))):
        # "a fund backing the mayor", "she supports the plan": a standing view, not an act
        return False
    if trig.is_noun:
        if trig.entry.light and trig.anchor.i == trig.token.i:
            return False
        if trig.anchor.i != trig.token.i:
            # "held talks", "imposed sanctions": the light verb's subject does the act
            return bool(args.sources or args.agent is not None) or (bool(args.targets) and not args.source_tokens)
        # a bare nominal names an event only with both its parties ("the army's raid on the camp"),
        # a doer named by "by", or a toll ("the blast killed four", "were hurt in the bombing"):
        # "the war" and "the talks" are background
        if args.sources and args.targets and not args.fallback:
            return True
        if _dated(trig.token):
            return True  # "the beating of the clerks on Friday"
        if trig.entry.light:
            return False
        by = any(c.dep_ == "prep" and c.lower_ == "by" for c in trig.token.children)
        return (by and bool(args.source_tokens)) or _toll(trig.token, lex) or _placed(trig.token)
    tok = trig.token
    # "stayed home to protest the tax": a protest named as the purpose of an act is that act
    if trig.entry.type != "PROTEST" and any(c.tag_ == "TO" for c in tok.children) and (tok.dep_ == "advcl" or (
            tok.dep_ == "acl" and tok.head.lemma_.lower() in lex.words.get("purpose_heads", ()))):
        # "efforts to stop the fighting", "flew there to meet": a purpose names an aim, not an act
        return False
    if _statistic(tok, lex) or _habitual(trig) or _natural(tok, lex) or _generic(tok, lex):
        return False
    if tok.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return False  # "as agreed in the resolution": a reference to an earlier act
    if not args.sources and args.agent is None and _describes_someone(tok, lex):
        # "the poet, who was jailed in 2009": a description of someone, not a report of the act
        return False
    # an act by or on no actor at all is no political event ("the van was hit", "he was hurt");
    # "police", "gunmen" and the like act politically though the knowledge base names no one, and a
    # state act in the passive ("the poet was detained") has the state as its doer
    return bool(args.sources or args.targets or args.agent is not None or _state_passive(trig, args, lex)
                or (trig.entry.type in VIOLENT and _victims(args, lex)))


SPEECH = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE",
                    "COOPERATE", "AID", "SANCTION"})
ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "SPY", "INS", "UAF", "TER", "IMG"})


def _figurative(trig: Trigger, args: Args, lex: Lexicon, index: ActorIndex) -> bool:
    """True when an attack is one of words: its doer neither carries arms nor is a state, and nothing
    material (a weapon, a place, a building) is involved ("the senator attacked her opponent")."""
    if not args.source_tokens and not args.sources:
        return False  # "the depot was attacked": no one to speak
    armed = lex.words.get("objects:armed", frozenset())
    if any(index.kinds.get(a) == "state" or index.sectors.get(a) in ARMED_SECTORS for a in args.sources):
        return False
    if any(t.lemma_.lower() in armed for t in args.source_tokens):
        return False
    material = lex.words.get("objects:targets", frozenset()) | lex.words.get("objects:weapons", frozenset())
    if any(t.lemma_.lower() in material for t in (*args.target_tokens, *trig.token.subtree)):
        return False
    if any(index.kinds.get(a) == "state" for a in args.targets) and any(
            index.sectors.get(a) == "GOV" for a in args.sources):
        return False  # "the president attacked the neighbouring state"
    return True


def _describes_someone(verb: Token, lex: Lexicon) -> bool:
    """A relative clause or participle about a person ("the poet, who was jailed in 2009")."""
    if verb.dep_ != "relcl" and not (verb.dep_ == "acl" and verb.tag_ == "VBN"
                                      and not any(c.dep_ == "dobj" for c in verb.children)):
        return False
    head = verb.head
    return head.pos_ == "PROPN" or head.lemma_.lower() in lex.words.get("objects:persons", ()) or head.pos_ == "PRON"


def _dated(noun: Token) -> bool:
    """An event noun with a day of its own ("Friday's raid", "the bombing on Monday"): a report of it."""
    for c in noun.children:
        if c.ent_type_ in ("DATE", "TIME") and c.dep_ in ("poss", "npadvmod", "nmod"):
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "at") and any(
                o.ent_type_ in ("DATE", "TIME") for o in c.children if o.dep_ == "pobj"):
            return True
    return False


def _placed(noun: Token) -> bool:
    """An event noun set somewhere ("marches in the capital", "a blast at a depot") as a subject
    or as where something happened: a report of that event, not background."""
    if noun.dep_ not in ("nsubj", "nsubjpass", "ROOT", "pobj"):
        return False
    return any(c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside", "across") and any(
        o.ent_type_ in ("GPE", "LOC", "FAC") for o in c.children if o.dep_ == "pobj") for c in noun.children)


def _toll(noun: Token, lex: Lexicon) -> bool:
    """"The blast killed four", "were hurt in the bombing": an event told by what it did."""
    verbs = lex.words.get("toll_verbs", frozenset())
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in verbs:
        return noun.dep_ == "nsubj"
    return (noun.dep_ == "pobj" and head.lower_ in ("in", "during", "by") and head.head.lemma_.lower() in verbs
            and any(c.dep_ in ("auxpass", "nsubjpass") for c in head.head.children))


def _victims(args: Args, lex: Lexicon) -> bool:
    """"Four guards were shot", "shelled the villages": people or places acted upon, though no actor is named."""
    wanted = lex.words.get("objects:persons", frozenset()) | lex.words.get("objects:targets", frozenset())
    return any(t.lemma_.lower() in wanted for t in args.target_tokens)


def _state_passive(trig: Trigger, args: Args, lex: Lexicon) -> bool:
    """"She was detained", "the poet was sentenced": a state act in the passive with no doer named."""
    tok = trig.token
    captives = lex.words.get("objects:captives", frozenset())
    return (not args.source_tokens and tok.lemma_.lower() in lex.words.get("state_acts", ())
            and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            and not any(t.lemma_.lower() in captives for t in args.target_tokens))


VIOLENT = frozenset({"ASSAULT", "COERCE"})
# types whose purpose clause names whom they are aimed at
PURPOSED = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "PROTEST"})
MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "PROTEST", "SANCTION", "RETREAT", "COOPERATE"})


def _habitual(trig: Trigger) -> bool:
    """"The gang robs lorries at night": a material act in the simple present is a habit, not an event."""
    tok = trig.token
    return (trig.entry.type in MATERIAL and tok.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children))


def _natural(verb: Token, lex: Lexicon) -> bool:
    """"The storm killed twelve", "died in a crash", "were hurt in the stampede": no one did it."""
    natural = lex.words.get("natural", frozenset())
    doers = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    doers += [o for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in", "during")
              for o in c.children if o.dep_ == "pobj"]
    return any(t.lemma_.lower() in natural for t in doers)


def _generic(verb: Token, lex: Lexicon) -> bool:
    """"Governments often blame their neighbours": a bare plural subject in the present speaks of a kind."""
    if verb.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return any(s.dep_ == "nsubj" and s.tag_ == "NNS" and s.lemma_.lower() in lex.words.get("generic", ())
               and not any(c.dep_ in ("det", "poss", "compound", "amod", "nummod") for c in s.children)
               for s in verb.children)


def _statistic(verb: Token, lex: Lexicon) -> bool:
    """Counts over a period ("shot 90 people in 40 raids", "have been detained over the past year")."""
    periods = lex.words.get("periods", frozenset())
    spans = lex.words.get("period_modifiers", frozenset())
    # a count is what makes a statistic: "800 people were detained in this decade" (not "have fought for a decade")
    counted = any(c.dep_ == "nummod" or (c.dep_ == "quantmod") for a in verb.children
                  if a.dep_ in ("nsubj", "nsubjpass", "dobj") for c in a.children)
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            mods = {c.lower_ for c in obj.children}
            long = obj.lemma_.lower() in ("year", "decade") or any(c.dep_ == "nummod" for c in obj.children)
            if obj.lemma_.lower() in periods and mods & spans and counted and long:
                return True  # "in the past 18 months", "over the last year" (not "over the past week")
            if obj.tag_ == "NNS" and any(c.dep_ == "nummod" for c in obj.children) and prep.lower_ in ("in", "over"):
                return True  # "in some 70 raids", "in 12 ambushes"
    return False


CONFIDENCE_FEATURES = ("weight", "source", "target", "agent", "inferred", "noun", "claimed", "future", "speech")


def features(trig: Trigger, args: Args, etype: str, label: str) -> dict[str, float]:
    """What the text gives an event, as the numbers the confidence model weighs."""
    return {"weight": trig.entry.weight, "source": float(bool(args.sources)), "target": float(bool(args.targets)),
            "agent": float(not args.sources and args.agent is not None),
            "inferred": float(bool(args.fallback and args.sources)), "noun": float(trig.is_noun),
            "claimed": float(label == "claimed"), "future": float(label in ("future", "intent", "conditional")),
            "speech": float(etype in ("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"))}


def _confidence(trig: Trigger, args: Args, etype: str, label: str, lex: Lexicon) -> float:
    """The chance the event is right: a logistic model whose weights are data (triggers.yaml, confidence)."""
    model = lex.confidence
    z = model.get("bias", 0.0) + sum(model.get(k, 0.0) * v for k, v in features(trig, args, etype, label).items())
    return round(min(0.99, max(0.01, 1.0 / (1.0 + math.exp(-z)))), 2)


def _events(draft: _Draft, sent: SpacySpan, lex: Lexicon, place: EventPlace | None, when: Dates,
            offset: int) -> list[Event]:
    trig = draft.trig
    evidence = _sentence_span(sent)
    date: EventDate | None = when.date(evidence.start, evidence.end, trig.start, clause_offsets(trig.token))
    codes = coding(draft.type, draft.cameo, draft.mode, lex)
    trigger = Span(trig.start, trig.end, doc_text(sent.doc)[trig.start:trig.end])
    out: list[Event] = []
    if trig.entry.blame and draft.type == "ACCUSE" and not draft.claimed_by:
        return out  # "the militia was responsible for it" in the writer's voice: no one accuses
    if trig.entry.blame and draft.claimed_by:
        # "the monitors say both militias committed abuses": the report accuses; the abuses are its terms
        acc = coding("ACCUSE", ACCUSE_CODES.get(draft.type, "112"), None, lex)
        for doer in [d for d in draft.args.sources if d != draft.claimed_by][:MAX_PAIRS] or [None]:
            out.append(Event(id=f"e{offset + len(out) + 1}", type="ACCUSE", mode=acc.mode, cameo=acc.cameo,
                             goldstein=acc.goldstein, quad_class=acc.quad_class, source=draft.claimed_by,
                             target=doer, date=date, place=place, negated=draft.negated,
                             confidence=draft.confidence, evidence=evidence, trigger=trigger,
                             modality="asserted", claimed_by=None))
        return out
    for source, target in _pairs(draft):
        out.append(Event(id=f"e{offset + len(out) + 1}", type=codes.type, mode=codes.mode, cameo=codes.cameo,
                         goldstein=codes.goldstein, quad_class=codes.quad_class, source=source, target=target,
                         date=date, place=place, negated=draft.negated, confidence=draft.confidence,
                         evidence=evidence, trigger=trigger, modality=draft.modality,
                         claimed_by=draft.claimed_by))
    pejorative = lex.words.get("pejorative", frozenset())
    if (draft.claimed_by and draft.type in HOSTILE and not draft.negated
            and (draft.args.sources or draft.args.agent is not None)
            and draft.confidence >= MIN_ACCUSE and draft.claimed_by not in draft.args.sources
            and any(w in pejorative for t in sent for w in (t.lemma_.lower(), t.lower_.removesuffix("ly")))):
        # a hostile act the speaker lays at someone's door in words of blame ("a brutal raid", "criminal
        # shelling") is the speaker's accusation of them; a plain report of it is not
        acc = coding("ACCUSE", ACCUSE_CODES.get(draft.type, "112"), None, lex)
        for doer in draft.args.sources[:MAX_PAIRS] or [None]:
            out.append(Event(id=f"e{offset + len(out) + 1}", type="ACCUSE", mode=acc.mode, cameo=acc.cameo,
                             goldstein=acc.goldstein, quad_class=acc.quad_class, source=draft.claimed_by,
                             target=doer, date=date, place=None, negated=False,
                             confidence=round(draft.confidence * 0.8, 2), evidence=evidence, trigger=trigger,
                             modality="asserted", claimed_by=None))
    return out


def _pairs(draft: _Draft) -> list[tuple[str | None, str | None]]:
    sources: list[str | None] = list(draft.args.sources[:MAX_PAIRS]) or [None]
    targets: list[str | None] = list(draft.args.targets[:MAX_PAIRS]) or [None]
    pairs = [(s, t) for s in sources for t in targets if s is None or s != t]
    if draft.args.paired and not draft.args.fallback:
        # "the two envoys met": each met the other
        pairs += [(t, s) for s, t in pairs if t is not None]
    return pairs[:MAX_PAIRS * 2]


def _sentence_span(sent: SpacySpan) -> Span:
    text = doc_text(sent.doc)
    start, end = trim(text, sent.start_char, sent.end_char)
    return Span(start, end, text[start:end])


__all__ = ["find_events"]
