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

from collections.abc import Container, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..nlp import doc_text, trim
from ..records import Actor, Article, Event, EventDate, EventPlace, Place, Quote, Span, TimeExpr
from . import rules, sides
from .arguments import ActorIndex, Args, arguments, resolve, subject
from .coding import coding, effective, intended, verdict
from .confidence import confidence as estimate
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
    states = sides.states(actors)
    homes = sides.homes(actors)
    nations = sides.nations(actors)
    home = sides.home_state(actors, index)
    line = dateline_span(doc_text(doc))
    datelined = dateline(line, where)
    if line is not None:
        index.forget(doc, *line)  # the dateline names where, never who
    lead = article.paragraphs[0][1] if article.paragraphs else len(doc_text(doc))
    for sent in doc.sents:
        for draft in sentence_drafts(sent, lex, index, said):
            if not draft.args.targets and states:
                sides.place_target(draft.args, where, states)
            place = _place(draft, lex, where)
            if place is None and datelined is not None and sent.start_char < lead \
                    and not where.in_range(sent.start, sent.end)[1:]:
                place = datelined  # the lead's events happened where the dateline says, unless it names another place
            if not draft.args.sources:
                sides.implicit_state(draft.trig, draft.args, lex, place, nations, home, actors)
            if not draft.args.targets:
                sides.organ_target(draft.args, lex, home)
            if not draft.args.targets and states and place is not None and draft.type in sides.LOCATED_TARGETS:
                sides.located_target(draft.args, place, states)
            if not draft.args.targets and draft.args.sources and draft.type == "PROTEST":
                sides.home_target(draft.args, homes)
            events.extend(_events(draft, sent, lex, place, when, len(events)))
            if draft.args.sources and draft.args.targets and not draft.claimed_by:
                # the pair the story's own narrative last set against each other, for "the two sides"
                index.dyad = (draft.args.sources[0], draft.args.targets[0])
    return sides.counterparts(events)


def _place(draft: _Draft, lex: Lexicon, where: Places) -> EventPlace | None:
    trig = draft.trig
    heads = [trig.token, trig.anchor] + ([trig.embedded.token, trig.embedded.anchor] if trig.embedded else [])
    return event_place(heads, trig.token, draft.args.target_tokens, draft.type, draft.cameo, where,
                       lex.words.get("locative", frozenset()))


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
                  estimate(trig, args, etype, "asserted", lex))


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
    if not rules.kept(trig, args, lex, index, reported=quote is not None or report is not None):
        return None
    if etype == "MOBILIZE" and not args.sources and any(t.dep_ == "nsubjpass" for t in args.target_tokens):
        # "Lebanese troops were deployed": the forces deployed are their state's, the doer's
        args.sources, args.source_tokens, args.targets = args.targets, args.target_tokens, []
    if etype == "ASSAULT" and trig.entry.figurative and rules.figurative(trig, args, lex, index):
        # "attacked her opponent", "captured the primary": words and ballots, not force
        if trig.entry.figurative != "ACCUSE":
            return None
        etype, code = "ACCUSE", "111"
    inner = trig.embedded
    if trig.entry.frame == "threat" and not trig.entry.type and inner is not None and _others_act(trig, inner, index):
        return None  # "warned that the pause would let the army regroup": a warning of danger, not a threat
    if (inner is not None and inner.entry.figurative and inner.entry.type == "ASSAULT"
            and rules.figurative(inner, arguments(inner, index), lex, index)):
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
                  estimate(trig, args, etype, label, lex))


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


# types whose purpose clause names whom they are aimed at
PURPOSED = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "PROTEST"})


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
