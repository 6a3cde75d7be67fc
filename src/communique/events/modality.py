"""Negation, future, conditional and must-statements around a trigger; quotes that hold it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..records import Quote
from .arguments import governor
from .lexicon import Lexicon
from .triggers import Trigger


@dataclass(frozen=True, slots=True)
class Modality:
    """What the text says about whether the event happened."""

    negated: bool
    mood: str  # asserted | future | conditional | ultimatum


def modality(trig: Trigger, lex: Lexicon) -> Modality:
    """Negation and mood of a trigger, read off its anchor verb and the verbs that govern it."""
    words = lex.words
    negators = words.get("negators", frozenset())
    heads = [trig.anchor] + ([trig.token] if trig.anchor.i != trig.token.i else [])
    negated = trig.negated
    for head in heads:
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in negators and head.pos_ == "NOUN")
               for c in head.children):
            negated = not negated
            break
    anchor = trig.anchor
    if trig.is_noun and anchor.i == trig.token.i:
        # "would tighten the blockade": a nominal's mood is its governing verb's
        anchor = governor(trig.token) or anchor
    return Modality(negated=negated, mood=mood(anchor, lex))


def mood(verb: Token, lex: Lexicon) -> str:
    """future, conditional, ultimatum or asserted: auxiliaries, "going to"/"expected to", if/unless clauses."""
    words = lex.words
    node = verb
    for _ in range(3):
        found: set[str] = set()
        for child in node.children:
            low = child.lower_
            if child.dep_ in ("aux", "auxpass"):
                if low in words.get("future", ()):
                    found.add("future")
                elif low in words.get("conditional", ()):
                    found.add("conditional")
            if child.dep_ == "advcl":
                marks = {g.lower_ for g in child.children if g.dep_ == "mark"}
                if marks & words.get("ultimatum", frozenset()):
                    found.add("ultimatum")
                elif marks & words.get("conditions", frozenset()):
                    found.add("conditional")
        for label in ("ultimatum", "conditional", "future"):
            if label in found:
                return label
        # "is expected to meet", "is going to visit", "is due to sign": the mood sits on the head
        if node.dep_ == "xcomp" and node.head.lemma_.lower() in words.get("future_frames", ()):
            if node.head.lemma_.lower() == "go" and node.head.tag_ != "VBG":
                return "asserted"
            return "future"
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            break
        node = node.head
    return "asserted"


def deontic(verb: Token, lex: Lexicon) -> bool:
    """True when a clause says its subject must or should act ("Sudan must return the helicopter")."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in lex.words.get("deontic", ()) for c in verb.children)


class QuoteIndex:
    """Quotes by character offset, to find the one that holds a trigger."""

    def __init__(self, quotes: Sequence[Quote]):
        self.quotes = sorted(quotes, key=lambda q: q.start)
        self.starts = [q.start for q in self.quotes]

    def holding(self, start: int, end: int) -> Quote | None:
        """The quote whose text contains [start, end), if any."""
        pos = bisect.bisect_right(self.starts, start) - 1
        while pos >= 0:
            q = self.quotes[pos]
            if q.start <= start and end <= q.end:
                return q
            if q.end < start and pos < len(self.quotes) - 1 and q.start < start - 5000:
                break
            pos -= 1
        return None
