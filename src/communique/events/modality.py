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
    # asserted | future | conditional | ultimatum | hypothetical; a hypothetical act is no event
    mood: str


UNREAL = frozenset({"hypothetical"})


def modality(trig: Trigger, lex: Lexicon, *, reported: bool = False) -> Modality:
    """Negation and mood of a trigger, read off its anchor verb and the verbs that govern it.

    `reported` says the trigger stands in someone's statement (a quote, or a clause of a reporting
    verb), where "would" tells of a plan ("said it would send troops") rather than a supposition.
    """
    words = lex.words
    negators = words.get("negators", frozenset())
    heads = [trig.anchor] + ([trig.token] if trig.anchor.i != trig.token.i else [])
    negated = trig.negated
    for head in heads:
        # a negation that is part of the trigger phrase ("won't hesitate to") negates nothing
        if any((c.dep_ == "neg" and c not in trig.extra) or (c.dep_ == "det" and c.lower_ in negators
                                                             and head.pos_ == "NOUN")
               for c in head.children):
            negated = not negated
            break
    if _forgone(trig.anchor):
        negated = not negated
    anchor = trig.anchor
    if trig.is_noun and anchor.i == trig.token.i:
        # "would tighten the blockade": a nominal's mood is its governing verb's
        anchor = governor(trig.token) or anchor
    return Modality(negated=negated, mood=mood(anchor, lex, reported=reported))


def _forgone(verb: Token) -> bool:
    """"Instead of complying", "rather than meeting", "left without signing": an act named as not done."""
    if verb.dep_ != "pcomp":
        return False
    prep = verb.head
    return prep.lower_ == "without" or (prep.lower_ == "of" and any(c.lower_ == "instead" for c in prep.children)) \
        or (prep.lower_ == "than" and any(c.lower_ == "rather" for c in prep.children))


def mood(verb: Token, lex: Lexicon, *, reported: bool = False) -> str:
    """The mood of a verb's clause, from its auxiliaries, adverbs, if/unless clauses and governing verbs.

    future: will, shall, "is expected to", "is set to", and "would" in reported speech; conditional:
    an if-clause; ultimatum: an unless-clause; hypothetical: could, might, may, can, "would" in the
    writer's own voice, "likely", the condition itself, and acts someone only wants or hopes to do.
    Anything else is asserted.
    """
    words = lex.words
    node = verb
    for _ in range(4):
        found: set[str] = set()
        if any(c.dep_ == "mark" and c.lower_ in words.get("conditions", ()) for c in node.children):
            return "hypothetical"  # the condition itself: "if the army attacks, ..."
        for child in node.children:
            low = child.lower_
            if child.dep_ in ("aux", "auxpass"):
                if low in words.get("future", ()):
                    found.add("future")
                elif low in words.get("supposing", ()):
                    found.add("would")
                elif low in words.get("possible", ()):
                    return "hypothetical"
            elif child.dep_ == "advmod" and child.lemma_.lower() in words.get("likely", ()):
                found.add("hypothetical")
            elif child.dep_ == "advcl":
                marks = {g.lower_ for g in child.children if g.dep_ == "mark"}
                if marks & words.get("ultimatum", frozenset()):
                    found.add("ultimatum")
                elif marks & words.get("conditions", frozenset()):
                    found.add("conditional")
        head = node.head.lemma_.lower()
        if node.dep_ in ("xcomp", "ccomp") and head in words.get("irrealis", ()) and not (
                node.dep_ == "xcomp" and head in words.get("future_frames", ())):
            # "wants to stop the fighting", "hopes they will meet": wishes are not acts (nor plans);
            # "is expected to meet" is a schedule (below)
            return "hypothetical"
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.head.lemma_.lower() in words.get(
                "irrealis", ()):
            return "hypothetical"  # "interested in encouraging", "keen on meeting"
        if "would" in found and not reported:
            return "hypothetical"  # the writer's own supposition, with or without an if-clause
        if "would" in found:
            found.add("future")
        for label in ("ultimatum", "conditional", "hypothetical", "future"):
            if label in found:
                return label
        # "is expected to meet", "is going to visit", "is due to sign": the mood sits on the head
        if node.dep_ == "xcomp" and head in words.get("future_frames", ()):
            if head == "go" and node.head.tag_ != "VBG":
                return "asserted"
            if head == "expect" and not any(c.dep_ in ("auxpass", "nsubjpass") for c in node.head.children):
                return "hypothetical"  # "analysts expect the army to attack": a forecast, not a schedule
            # "wondering if they are going to return it": the frame's own clause may be a supposition
            return "hypothetical" if mood(node.head, lex, reported=reported) == "hypothetical" else "future"
        if node.dep_ == "xcomp" and head in words.get("instructed", ()):
            return "hypothetical"  # "was told to visit a doctor": an instruction, not a visit
        if node.dep_ in ("xcomp", "attr", "advcl") and head == "be" and any(c.tag_ == "TO" for c in node.children):
            # "the aim is to deport them": an aim named, not an act done
            return "hypothetical"
        if node.dep_ not in ("xcomp", "conj", "ccomp") or node.head.i == node.i:
            break
        if node.dep_ == "ccomp" and head not in words.get("irrealis", ()):
            break
        node = node.head
    return "asserted"


def deontic(verb: Token, lex: Lexicon) -> bool:
    """True when a clause says its subject must or should act ("the junta must free the monks")."""
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
