"""Casualty and arrest figures: "at least five killed", "seven people", "dozens wounded", "the toll rose to 12".

`find_figures(doc)` reads every figure the parse gives: a number (or a word like "dozens", or one
person named alone) that is the patient of a kind word ("killed", "were detained", "left seven
dead", "five deaths"), with the qualifier before it ("at least", "more than", "nearly").
Coordinated patients add up ("five soldiers and three civilians were killed" is eight).
`attach_figures(doc, events, figures)` gives each figure to the ASSAULT or COERCE event it belongs
to: the one whose trigger gives it, else the nearest in its sentence, else, when its own sentence
names no cause, the last one before it within a few sentences ("The death toll rose to 12.").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from ..nlp import doc_text
from ..records import Event, Figure, Span

HOSTILE = frozenset({"ASSAULT", "COERCE"})
REACH = 3  # sentences back that a figure standing alone may reach for its event


@functools.cache
def _words() -> dict[str, Any]:
    data = yaml.safe_load((Path(__file__).parent / "words.yaml").read_text(encoding="utf-8"))
    by_pos: dict[str, dict[str, str]] = {"verbs": {}, "adjectives": {}, "nouns": {}}
    for kind, lists in data["kinds"].items():
        for pos, lemmas in lists.items():
            by_pos[pos].update({lemma: kind for lemma in lemmas})
    quals = sorted(((phrase, name) for name, phrases in data["qualifiers"].items() for phrase in phrases),
                   key=lambda p: -len(p[0]))
    return {**data, **by_pos, "quals": quals}


def find_figures(doc: Doc) -> list[tuple[Figure, int]]:
    """Every figure in the Doc, with the index of the token that gives its kind, in text order."""
    w = _words()
    text = doc_text(doc)
    out: list[tuple[Figure, int]] = []
    for tok in doc:
        lemma = tok.lemma_.lower()
        # "eleven people are still missing", parsed as the verb "miss"
        stative = tok.pos_ == "VERB" and tok.lower_ in w["adjectives"] and lemma not in w["verbs"]
        if tok.pos_ in ("VERB", "AUX") and lemma in w["verbs"] and not stative:
            kind, patients = w["verbs"][lemma], _verb_patients(tok)
        elif (tok.pos_ == "ADJ" or stative) and (lemma in w["adjectives"] or tok.lower_ in w["adjectives"]):
            kind, patients = w["adjectives"].get(lemma) or w["adjectives"][tok.lower_], _adjective_patients(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and (lemma in w["nouns"] or tok.lower_ in w["nouns"]):
            kind, patients = w["nouns"].get(lemma) or w["nouns"][tok.lower_], _noun_patients(tok)
        elif tok.pos_ == "NOUN" and lemma in w["tolls"]:
            kind, patients = "killed", _toll_numbers(tok)
        else:
            continue
        figure = _figure(kind, tok, patients, text)
        if figure is not None:
            out.append((figure, tok.i))
    return out


def attach_figures(doc: Doc, events: Sequence[Event], figures: Sequence[tuple[Figure, int]]) -> list[Event]:
    """The events with each figure given to the hostile event it belongs to (see the module docstring)."""
    hostile = [e for e in events if e.type in HOSTILE and e.trigger is not None and not e.negated]
    given: dict[str, list[Figure]] = {}
    for figure, anchor in figures:
        tok = doc[anchor]
        sent = tok.sent
        own = [e for e in hostile if e.trigger.start <= tok.idx < e.trigger.end]  # type: ignore[union-attr]
        same = [e for e in hostile if sent.start_char <= e.trigger.start < sent.end_char]  # type: ignore[union-attr]
        if own:
            chosen = own
        elif same:
            near = min(abs(e.trigger.start - tok.idx) for e in same)  # type: ignore[union-attr]
            chosen = [e for e in same if abs(e.trigger.start - tok.idx) == near]  # type: ignore[union-attr]
        elif _caused(tok):
            chosen = []  # "a blast in Kabul left seven dead": a cause of its own, not the earlier act
        else:
            floor = _sentence_start(doc, sent, REACH)
            before = [e for e in hostile if floor <= e.trigger.start < sent.start_char]  # type: ignore[union-attr]
            last = max((e.trigger.start for e in before), default=None)  # type: ignore[union-attr]
            chosen = [e for e in before if e.trigger.start == last]  # type: ignore[union-attr]
        for e in chosen:
            given.setdefault(e.id, []).append(figure)
    return [replace(e, figures=tuple(given[e.id])) if e.id in given else e for e in events]


def _caused(tok: Token) -> bool:
    """Whether the words giving a figure name what caused it (an active subject, a by-agent)."""
    head = tok.head if tok.dep_ in ("oprd", "acomp", "xcomp") else tok
    return any(c.dep_ in ("nsubj", "agent") for c in head.children) and head.lemma_.lower() not in _words()["tolls"]


def _sentence_start(doc: Doc, sent: Any, back: int) -> int:
    start = sent.start
    for _ in range(back):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return doc[start].idx


def _verb_patients(verb: Token) -> list[Token]:
    """Who was killed, wounded, arrested: passive subject, object, or the noun a participle qualifies."""
    found = [c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")]
    if not found and verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        found = [verb.head]  # "12 protesters arrested", "five killed" as a headline
    if not found and verb.dep_ == "ROOT" and verb.tag_ == "VBN":
        found = [c for c in verb.children if c.dep_ == "nsubj"]  # "Five killed in attack"
    return found


def _adjective_patients(adj: Token) -> list[Token]:
    """Who is dead, injured, missing: "left seven people dead", "seven are missing", "five dead"."""
    if adj.dep_ == "oprd":
        return [c for c in adj.head.children if c.dep_ == "dobj"]
    if adj.dep_ in ("acomp", "xcomp"):
        return [c for c in adj.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if adj.dep_ == "amod":
        return [adj.head]
    return [c for c in adj.children if c.dep_ in ("nsubj", "nsubjpass")]


def _noun_patients(noun: Token) -> list[Token]:
    """"Five deaths", "the deaths of five people", "12 dead": the noun itself carries the count."""
    if any(c.dep_ == "nummod" for c in noun.children):
        return [noun]
    return [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children if g.dep_ == "pobj"]


def _toll_numbers(toll: Token) -> list[Token]:
    """"The death toll rose to 12", "a toll of 12", "the toll stood at 12"."""
    heads = [toll, toll.head] if toll.dep_ in ("nsubj", "nsubjpass") else [toll]
    return [g for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in ("to", "at", "of")
            for g in c.children if g.dep_ == "pobj" and _is_number(g)]


def _figure(kind: str, anchor: Token, patients: list[Token], text: str) -> Figure | None:
    values: list[tuple[int, str | None, int, int]] = []
    for patient in [p for tok in patients for p in (tok, *tok.conjuncts)]:
        counted = _count(patient)
        if counted is not None:
            values.append(counted)
    if not values:
        return None
    start = min(v[2] for v in values + [(0, None, anchor.idx, 0)])
    end = max(v[3] for v in values + [(0, None, 0, anchor.idx + len(anchor.text))])
    qualifiers = [q for _, q, _, _ in values if q]
    return Figure(kind=kind, value=sum(v for v, *_ in values), qualifier=qualifiers[0] if qualifiers else None,
                  span=Span(start, end, text[start:end]))


def _count(patient: Token) -> tuple[int, str | None, int, int] | None:
    """(value, qualifier, start, end) of the count a patient gives, or None."""
    w = _words()
    if _is_number(patient):
        number = patient
    else:
        number = next((c for c in patient.children if c.dep_ == "nummod" and _is_number(c)), None)
    if number is None:
        if patient.tag_ in ("NN", "NNP") or patient.lower_ in w["singular_pronouns"]:
            return 1, None, patient.left_edge.idx, patient.idx + len(patient.text)
        return None
    words = sorted([number, *(c for c in number.children if c.dep_ in ("quantmod", "compound", "nummod")
                              and _is_number(c))], key=lambda t: t.i)
    vague = len(words) == 1 and words[0].lower_ in w["vague"]
    value = w["vague"][words[0].lower_] if vague else _value([t.lower_ for t in words])
    if value is None:
        return None
    start = min(number.left_edge.idx, words[0].idx)
    lead = _lead(number)
    qualifier = "vague" if vague else next((name for phrase, name in w["quals"] if re.search(
        rf"(^|\s){re.escape(phrase)}\s*$", lead)), None)
    return value, qualifier, start, max(patient.idx + len(patient.text), words[-1].idx + len(words[-1].text))


def _lead(number: Token) -> str:
    """The words before a number within its own phrase ("at least", "more than")."""
    return " ".join(t.lower_ for t in number.doc[number.left_edge.i:number.i])


def _is_number(tok: Token) -> bool:
    w = _words()
    low = tok.lower_.replace(",", "")
    return (tok.like_num or low in w["units"] or low in w["scales"] or low in w["vague"]
            or low.rstrip("s") in w["scales"]) and low not in ("a", "an")


def _value(words: list[str]) -> int | None:
    """"two dozen" -> 24, "1,200" -> 1200, "1.5 million" -> 1500000, "twenty-five" -> 25."""
    w = _words()
    total, current, seen = 0.0, 0.0, False
    for word in words:
        word = word.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", word):
            current += float(word)
        elif all(part in w["units"] for part in word.split("-")):
            current += sum(w["units"][part] for part in word.split("-"))
        elif word in w["scales"] or word.rstrip("s") in w["scales"]:
            scale = w["scales"].get(word) or w["scales"][word.rstrip("s")]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            continue
        seen = True
    return int(total + current) if seen else None
