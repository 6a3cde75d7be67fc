"""The tense of the verb that governs a temporal expression: past, future or present."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from .grammar import _grammar


def _tense(doc: Doc | None, start: int, end: int) -> str:
    """"past", "future" or "present" for the verb governing the expression at [start, end)."""
    if doc is None:
        return "present"
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return "present"
    future = set(_grammar().w["future_words"])
    tok = span.root
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.i not in range(span.start, span.end):
            break
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX"):
        return "present"
    for _ in range(4):
        tense = _verb_tense(tok, future)
        if tense:
            return tense
        head = tok.head
        if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
            break
        # an infinitive or participle takes its tense from the verb above it:
        # "plans to visit on Monday", "continued to hold markets closed until Friday"
        if tok.tag_ == "VB" and (head.lower_ in future or head.lemma_ in future):
            return "future"
        tok = head
    return "present"


def _verb_tense(tok: Any, future: set[str]) -> str | None:
    """The tense a verb and its auxiliaries give, or None when they give none (a bare infinitive)."""
    auxes = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & {"have", "'ve"} and any(c.tag_ == "MD" for c in auxes):
        return "past"  # "may have met on Monday"
    if words & future or any(c.tag_ == "MD" for c in auxes) or tok.tag_ == "MD" or tok.lower_ in future:
        return "future"  # "will meet", "should be completed in October"
    if "to" in words:
        return None
    if any(c.tag_ == "VBD" or c.lower_ in ("had", "was", "were") for c in auxes):
        return "past"
    if words & {"has", "have", "'ve"}:
        return "present"  # present perfect: about now, either side
    if tok.tag_ == "VBD" or (tok.tag_ == "VBN" and (auxes or tok.dep_ in ("acl", "relcl", "advcl", "conj"))):
        return "past"  # a participle alone is past when it reduces a clause ("plans announced in May")
    if tok.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
        return "future"  # "is meeting on Friday"
    if tok.tag_ == "VB" and tok.dep_ != "xcomp":
        return "present"
    return "present" if tok.tag_ in ("VBZ", "VBP") or (tok.tag_ == "VBN" and tok.dep_ == "ROOT") else None
