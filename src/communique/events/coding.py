"""PLOVER type and mode -> nearest CAMEO code, Goldstein score and quad class."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from .lexicon import Lexicon
from .triggers import Trigger


@dataclass(frozen=True, slots=True)
class Coding:
    """The codes of one event."""

    type: str
    mode: str | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None


def effective(trig: Trigger, lex: Lexicon, depth: int = 0) -> tuple[str | None, str | None]:
    """(PLOVER type, CAMEO code) of a trigger, its frame composed over the event it embeds."""
    entry = trig.entry
    inner = trig.embedded
    if entry.frame == "judge":
        return verdict(trig.token.subtree, trig.token.i, lex)
    if inner is None or depth > 4 or entry.frame in ("deny", "fail", "report"):
        return entry.type, entry.cameo
    if entry.frame == "own":
        return effective(inner, lex, depth + 1)
    inner_type, inner_code = effective(inner, lex, depth + 1)
    composed = lex.composed(entry.frame or "", inner_type)
    if composed is None:
        return entry.type, entry.cameo
    ctype, code = composed
    if entry.frame == "intent" and ctype == inner_type:
        # a planned speech act keeps its own code ("plans to urge" is the urging's 020)
        code = inner_code or code
    if entry.frame == "request" and entry.cameo and entry.cameo.startswith("02") and code.startswith("10"):
        # an appeal ("urged", "called for") keeps CAMEO's softer 02x family
        code = {"106": "026", "107": "027", "108": "028", "103": "023", "101": "021", "102": "022",
                "104": "024", "105": "025", "1056": "025"}.get(code, "020")
    return ctype, code


def verdict(tokens: Iterable[Token], after: int, lex: Lexicon) -> tuple[str | None, str | None]:
    """ACCUSE (111) or SUPPORT (051) by the words of blame or praise after token `after`, else nothing."""
    later = [t for t in tokens if t.i > after]
    words = [t.lemma_.lower() for t in later] + [t.lower_ for t in later]
    if any(w in lex.words.get("blame", ()) for w in words):
        return "ACCUSE", "111"
    if any(w in lex.words.get("praise", ()) for w in words):
        return "SUPPORT", "051"
    return None, None


def intended(etype: str | None, code: str | None, lex: Lexicon) -> tuple[str | None, str | None]:
    """A future or conditional act: cooperative acts become AGREE, conflictual ones THREATEN."""
    if etype in lex.acts:
        composed = lex.composed("intent", etype)
        if composed:
            return composed
    return etype, code


def coding(etype: str, code: str | None, mode: str | None, lex: Lexicon) -> Coding:
    """Fill in the CAMEO name-level facts for a type and code."""
    entry = lex.code(code)
    if entry is None:
        return Coding(etype, mode, code, None, None)
    # the CAMEO table's mode belongs to its own PLOVER type only
    use_mode = mode or (entry.mode if entry.plover == etype else None)
    return Coding(etype, use_mode, entry.code if code else None, entry.goldstein, entry.quad)

