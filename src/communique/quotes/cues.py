"""Reporting cues: the verbs, phrases and nouns that introduce speech, read from cues.yaml."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
# dependents of a cue verb that carry no part of what was said
_NOT_CONTENT = frozenset({"punct", "cc", "conj", "advcl", "mark", "parataxis", "npadvmod", "nsubj", "dep"})
CONTENT_DEPS = ("ccomp", "parataxis")
# prepositions whose object is the topic of what was said ("complained about the moderators")
_TOPIC_PREPS = ("about", "of", "on", "against", "over")
# prepositions that say when, where or how something was said, not what ("in a speech")
_CIRCUMSTANCE = frozenset({"in", "at", "during", "after", "before", "since", "amid", "throughout", "via",
                           "following", "despite", "while"})


@dataclass(frozen=True)
class Lexicon:
    """The cue vocabulary, loaded once."""

    speech_verbs: frozenset[str]
    belief_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    attitude_adjectives: frozenset[str]
    content_nouns: frozenset[str]
    verb_object: dict[str, frozenset[str]]
    object_content: dict[str, tuple[tuple[str, ...], ...]]  # verb -> alternatives of dependent sets
    particles: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    role_nouns: dict[str, str]  # noun -> actor kind it stands for
    unnamed_nouns: frozenset[str]
    indefinite: frozenset[str]
    collective: tuple[tuple[str, ...], ...]
    meeting: frozenset[str]
    colon_labels: frozenset[str]


@functools.cache
def lexicon() -> Lexicon:
    """The shipped cues.yaml, parsed once."""
    raw: dict[str, Any] = yaml.safe_load(resources.files(__package__).joinpath("cues.yaml").read_text("utf-8"))
    roles = {noun: kind for kind, nouns in raw["role_nouns"].items() for noun in nouns}
    return Lexicon(
        speech_verbs=frozenset(raw["speech_verbs"]),
        belief_verbs=frozenset(raw["belief_verbs"]),
        intent_verbs=frozenset(raw["intent_verbs"]),
        attitude_adjectives=frozenset(raw["attitude_adjectives"]),
        content_nouns=frozenset(raw["content_nouns"]),
        verb_object={v: frozenset(objs) for v, objs in raw["verb_object_cues"].items()},
        object_content={v: tuple(tuple(alt.split("+")) for alt in alts)
                        for v, alts in raw["object_content_verbs"].items()},
        particles=frozenset(raw["cue_particles"]),
        source_phrases=tuple(tuple(p) for p in raw["source_phrases"]),
        person_pronouns=frozenset(raw["pronouns"]["person"]),
        group_pronouns=frozenset(raw["pronouns"]["group"]),
        thing_pronouns=frozenset(raw["pronouns"]["thing"]),
        role_nouns=roles,
        unnamed_nouns=frozenset(raw["unnamed_source_nouns"]),
        indefinite=frozenset(raw["indefinite_determiners"]),
        collective=tuple(tuple(p.split()) for p in sorted(raw["collective_phrases"], key=len, reverse=True)),
        meeting=frozenset(raw["meeting_lemmas"]),
        colon_labels=frozenset(raw["colon_labels"]),
    )


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting cue in the Doc: its words, its speaker's head token and its content clause."""

    tokens: tuple[int, ...]  # token indices of the cue words ("point", "out")
    speaker: int | None  # head token of the speaker phrase
    content: tuple[int, int] | None  # token range [start, end) of the clause complement
    kind: str  # speech | belief | intent | impersonal | object | source
    head: int  # the cue's main token


def find_cues(doc: Doc, lex: Lexicon | None = None) -> list[Cue]:
    """Every reporting cue in `doc`, in token order, found in one pass."""
    lex = lex or lexicon()
    cues: list[Cue] = []
    n = len(doc)
    for t in doc:
        lemma = t.lemma_.lower()
        if t.pos_ in ("VERB", "AUX") and lemma in lex.verb_object:
            obj = next((c for c in t.children if c.dep_ in ("dobj", "nsubjpass")
                        and c.lemma_.lower() in lex.verb_object[lemma]), None)
            if obj is not None:
                # "voiced alarm that ...": the clause may hang on the verb or on its object
                comp = next((c for c in obj.children if c.dep_ in ("ccomp", "acl") and c.i > obj.i
                             and any(m.lower_ == "that" for m in c.children)), None)
                content = _content_of(t) or (_clean(t, comp.left_edge.i, comp.right_edge.i + 1)
                                             if comp is not None else None)
                cues.append(Cue((t.i, obj.i), _speaker_of(t), content, "object", t.i))
                continue
        if t.pos_ == "VERB" and (lemma in lex.speech_verbs or lemma in lex.belief_verbs
                                 or lemma in lex.intent_verbs):
            words = [t.i] + [c.i for c in t.children if c.dep_ == "prt" and c.lower_ in lex.particles]
            nxt = doc[t.i + 1] if t.i + 1 < n else None
            prep = None
            if lemma in ("call", "point") and len(words) == 1 and nxt is not None and nxt.lower_ in (
                    "for", "on", "out"):
                words.append(nxt.i)
                prep = nxt
            kind = ("speech" if lemma in lex.speech_verbs else "belief" if lemma in lex.belief_verbs
                    else "intent")
            content = _content_of(t) or (_parenthetical(t) if kind != "intent" else None)
            if content is None and prep is not None and prep.lower_ in ("for", "on"):
                content = _object_content(t, ((f"prep_{prep.lower_}",), (f"prep_{prep.lower_}", "xcomp")))
            elif content is None and lemma in lex.object_content:
                content = _object_content(t, lex.object_content[lemma])
            if content is None and kind != "speech":
                # "wants to cut taxes", "expects Clinton to win": the infinitive is what is held
                content = _object_content(t, (("xcomp",), ("dobj", "xcomp")))
            if content is None and kind == "speech":
                # "complained about the heat", "spoke of the danger": the topic is what was said
                content = _object_content(t, tuple((f"prep_{p}",) for p in _TOPIC_PREPS))
            if content is None and kind == "speech" and any(c.dep_ == "agent" for c in t.children):
                # "the merger was first disclosed by the bank": the passive subject is what was said
                subj = next((c for c in t.lefts if c.dep_ == "nsubjpass"), None)
                content = _clean(t, subj.left_edge.i, subj.right_edge.i + 1) if subj is not None else None
            speaker = _speaker_of(t)
            if speaker is None and t.tag_ in ("VBD", "VBZ", "VBP"):
                speaker = _name_before(t)
            if speaker is None and kind != "speech" and t.tag_ == "VBN":
                # "is expected to win", "it is believed that": held by no one named
                passive = _impersonal(t)
                if passive is not None:
                    cues.append(Cue(tuple(words), None, passive, "impersonal", t.i))
                    continue
            if lemma == "point" and len(words) == 1 or lemma == "call" and content is None:
                continue  # "point" reports only as "point out"; "call" only with what was called
            if kind != "speech" and content is None:
                continue
            cues.append(Cue(tuple(words), speaker, content, kind, t.i))
            continue
        if t.pos_ == "ADJ" and lemma in lex.attitude_adjectives and t.dep_ in ("acomp", "oprd"):
            # "was confident that ...": the subject of the copula holds the clause
            content = _content_of(t)
            speaker = _speaker_of(t.head) if content is not None else None
            if speaker is not None and doc[speaker].lower_ not in ("it", "this", "that", "there"):
                cues.append(Cue((t.i,), speaker, content, "belief", t.i))
            continue
        if t.pos_ == "NOUN" and lemma in lex.content_nouns:
            # "her claim that ...", "the mayor's insistence that ...": the possessor holds the clause
            poss = next((c for c in t.children if c.dep_ == "poss"), None)
            comp = next((c for c in t.rights if c.dep_ in ("acl", "ccomp", "relcl") and c.left_edge.i - t.i <= 2
                         and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
            if poss is not None and comp is not None:
                content = _clean(t, comp.left_edge.i, comp.right_edge.i + 1)
                if content is not None:
                    cues.append(Cue((t.i,), poss.i, content, "belief", t.i))
            continue
        for phrase in lex.source_phrases:
            if t.lower_ == phrase[0] and all(t.i + k < n and doc[t.i + k].lower_ == w
                                             for k, w in enumerate(phrase)):
                last = doc[t.i + len(phrase) - 1]
                pobj = next((c for c in last.children if c.dep_ == "pobj"), None)
                if pobj is None and t.i + len(phrase) < n:
                    pobj = _noun_after(doc, t.i + len(phrase))
                cues.append(Cue(tuple(range(t.i, t.i + len(phrase))), pobj.i if pobj is not None else None,
                                None, "source", t.i))
                break
    return cues


def _impersonal(verb: Token) -> tuple[int, int] | None:
    """Content of a passive belief with no agent: "X is expected to win" (subject and infinitive),
    "it is believed that X" (the clause)."""
    if any(c.dep_ == "agent" for c in verb.children):
        return None
    subj = next((c for c in verb.children if c.dep_ in ("nsubjpass", "expl")), None)
    if subj is None:
        return None
    if subj.lower_ == "it" or subj.dep_ == "expl":
        return _content_of(verb)
    xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if xcomp is None:
        return None
    start, end = subj.left_edge.i, xcomp.right_edge.i + 1
    doc = verb.doc
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end - start >= 3 else None


def _noun_after(doc: Doc, i: int) -> Token | None:
    for t in doc[i:min(i + 6, len(doc))]:
        if t.pos_ in ("NOUN", "PROPN", "PRON"):
            head = t
            while head.head.i != head.i and head.dep_ in ("compound", "amod", "det", "poss", "nmod"):
                head = head.head
            return head
        if t.is_punct:
            return None
    return None


def _speaker_of(verb: Token) -> int | None:
    """The speaker's head: the verb's subject, or that of the verb it is chained to."""
    t = verb
    for _ in range(4):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "csubj")
                     and c.ent_type_ not in ("DATE", "TIME")), None)
        if subj is not None:
            if t.dep_ == "relcl" and subj.tag_ in ("WP", "WDT") and t.head.pos_ in ("NOUN", "PROPN"):
                return t.head.i  # "Smith, who said ...": the speaker is who "who" stands for
            return subj.i
        agent = next((c for c in t.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj.i
        if t.dep_ == "relcl" and t.head.pos_ in ("NOUN", "PROPN"):
            return t.head.i
        if t.dep_ in ("conj", "advcl", "xcomp") and t.head.i != t.i:
            t = t.head  # "..., adding that", "said X and warned Y"
            continue
        break
    return None


def _name_before(verb: Token) -> int | None:
    """A name or personal pronoun right before a finite cue the parse gave no subject: "... the Post Smith said"."""
    doc = verb.doc
    i = verb.i - 1
    while i >= verb.sent.start and doc[i].dep_ in ("aux", "neg", "advmod") and doc[i].head.i == verb.i:
        i -= 1  # "Smith has also said"
    if i < verb.sent.start:
        return None
    t = doc[i]
    if t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or (
            t.pos_ == "PRON" and t.lower_ in ("he", "she", "they", "we", "i")):
        return t.i
    return None


def _clause_without_mark(verb: Token) -> Token | None:
    """"Smith said after the vote he would resign": a clause the parse hung on the cue as an adverbial
    one, though nothing (no "after", "because", "if" of its own) makes it one: it is what was said."""
    for c in verb.rights:
        if c.dep_ != "advcl" or c.pos_ not in ("VERB", "AUX") or c.i - verb.i > 8:
            continue
        subj = next((g for g in c.lefts if g.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or any(g.dep_ == "mark" for g in c.children) or subj.tag_ in ("WP", "WDT"):
            continue
        if not (c.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(g.dep_ == "aux" and g.tag_ in ("MD", "VBD", "VBZ",
                                                                                          "VBP") for g in c.lefts)):
            continue  # a participle ("said, smiling") is no clause of its own
        return subj
    return None


def _content_of(verb: Token) -> tuple[int, int] | None:
    """Token range of the verb's clause complement, without a leading "that"."""
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if comp is None and (subj := _clause_without_mark(verb)) is not None:
        return _clean(verb, subj.left_edge.i, subj.head.right_edge.i + 1)
    if comp is None:
        # "said on Tuesday that ...": a parse that hangs the clause elsewhere still has its "that"
        mark = next((c for c in verb.rights if c.lower_ == "that" and c.i - verb.i <= 5), None)
        if mark is None or mark.head.i == verb.i and mark.dep_ != "mark":
            return None
        comp = mark.head if mark.head.i != verb.i else mark
        if comp.i < verb.i:
            return None
    end = comp.right_edge.i + 1
    for c in verb.rights:
        # "said they had doubts, but would sign anyway": a verb the parse hung on the cue
        # that has no subject of its own goes on with what was said
        if (c.dep_ == "conj" and c.i >= end and c.pos_ in ("VERB", "AUX") and c.tag_ != "VBG"
                and c.lemma_.lower() not in _reporting()
                and not any(g.dep_ in SUBJECTS for g in c.children)):
            end = c.right_edge.i + 1
    return _clean(verb, comp.left_edge.i, end)


@functools.cache
def _reporting() -> frozenset[str]:
    """Every verb lemma that reports speech, belief or intent."""
    lex = lexicon()
    return lex.speech_verbs | lex.belief_verbs | lex.intent_verbs


def _parenthetical(verb: Token) -> tuple[int, int] | None:
    """"The launch, the navy said, was routine": a cue clause set off by commas reports its sentence."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or verb.dep_ not in ("ROOT", "parataxis", "advcl", "conj", "ccomp"):
        return None
    if any(c.dep_ in ("dobj", "xcomp", "ccomp", "prep", "oprd") and c.i > verb.i for c in verb.children):
        return None
    doc = verb.doc
    lo = min(subj.left_edge.i, verb.i)
    hi = max(subj.right_edge.i, verb.i) + 1
    # the clause must be set off by a comma before it and a comma or the sentence end after it
    sent = verb.sent
    if lo - 1 < sent.start or doc[lo - 1].text != ",":
        return None
    while hi < sent.end and doc[hi].dep_ in ("npadvmod", "advmod", "prep") and doc[hi].head.i == verb.i:
        hi = doc[hi].right_edge.i + 1  # "…, the ministry said in a May statement, …"
    after = doc[hi] if hi < sent.end else None
    if after is not None and after.text not in (",", ".", "?", "!", '"', "”", "'"):
        return None
    start, end = sent.start, sent.end
    if after is None or after.text != ",":
        end = lo - 1  # "…, an aide said." reports what precedes it
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return (start, end) if end - start >= 3 else None


def _object_content(verb: Token, alternatives: tuple[tuple[str, ...], ...]) -> tuple[int, int] | None:
    """Token range of the dependents that carry what was said ("called [the plan a disaster]")."""
    for deps in alternatives:
        parts = []
        for dep in deps:
            rel, _, word = dep.partition("_")
            child = next((c for c in verb.rights if c.dep_ == rel and (not word or c.lower_ == word)), None)
            if child is None:
                break
            if rel == "prep":
                child = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
                if child is None:
                    break
            parts.append(child)
        else:
            # the object and all that follows it in the verb's phrase ("cited X as examples of Y")
            first = min(c.left_edge.i for c in parts)
            rest = [c for c in verb.rights if c.i > first and c.dep_ not in _NOT_CONTENT
                    and not (c.dep_ == "prep" and c.lower_ in _CIRCUMSTANCE)]
            return _clean(verb, first, max(c.right_edge.i for c in parts + rest) + 1)
    return None


def _clean(verb: Token, start: int, end: int) -> tuple[int, int] | None:
    """Trim a content range: no leading "that", no trailing punctuation, no second attribution."""
    doc = verb.doc
    if start <= verb.i < end:
        return None  # a parse that puts the cue inside its own content
    while start < end and (doc[start].lower_ in ("that", ",", ":") or doc[start].is_space):
        start += 1
    for t in doc[start:end]:
        # a semicolon, or ", adding/citing ..." and "and warned ..." start a new statement
        if t.text == ";" or (t.dep_ in ("advcl", "conj") and t.tag_ == "VBG" and t.i > start
                             and doc[t.i - 1].text == "," and t.lemma_.lower() in _reporting()) or (
                t.dep_ == "conj" and t.i > start + 1 and doc[t.i - 1].dep_ == "cc" and t.pos_ == "VERB"
                and t.lemma_.lower() in lexicon().speech_verbs):
            end = t.i - (1 if t.dep_ == "conj" and doc[t.i - 1].dep_ == "cc" else 0)
            break
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text not in ")]":
        end -= 1
    return (start, end) if end - start >= 2 else None
