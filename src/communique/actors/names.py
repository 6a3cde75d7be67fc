"""Person-name matching across spellings, transliterations and surname-only mentions."""

from __future__ import annotations

import functools
import re

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

HONORIFICS = frozenset("mr mrs ms miss dr sir dame sheikh shaikh prof gen lt col sgt rev lord lady".split())
# spelling classes that transliteration from Arabic, Russian, Persian etc. swaps freely
_SKELETON = [(re.compile(p), r) for p, r in [
    (r"ou|oo|uo", "u"), (r"ee|ie|ey", "i"), (r"tsch|tch", "ch"), (r"kh|ck|q|c(?=[aou])", "k"), (r"ph", "f"),
    (r"dh|th", "d"),
    (r"y", "i"), (r"w", "v"), (r"j", "i"), (r"e", "a"), (r"o", "u"), (r"(.)\1", r"\1"), (r"h$", "")]]


@functools.lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for names."""
    text = anyascii(text).lower().replace("'s", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def name_tokens(name: str) -> tuple[str, ...]:
    """Folded name words without honorifics or a possessive: "Mr. Abu Marzouk's" -> ("abu", "marzouk")."""
    return tuple(t for t in fold(name).split() if t not in HONORIFICS)


@functools.lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """A coarse spelling key: "marzouk", "marzook" and "marzouq" share one."""
    for pattern, repl in _SKELETON:
        word = pattern.sub(repl, word)
    return word


def same_word(a: str, b: str) -> bool:
    """Two name words that are spelling variants of each other."""
    if a == b:
        return True
    if a[:1] != b[:1] and skeleton(a)[:1] != skeleton(b)[:1]:
        return False
    sa, sb = skeleton(a), skeleton(b)
    return sa == sb or (min(len(sa), len(sb)) >= 5 and Levenshtein.distance(sa, sb) <= 1)


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names can be one person: equal up to spelling, or one the other's surname part."""
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if len(short) == len(long):
        return all(same_word(x, y) for x, y in zip(short, long, strict=True))
    # "Bogdanov" / "Abu Marzouk" name the person "Mikhail Bogdanov" / "Mousa Abu Marzouk"
    return all(same_word(x, y) for x, y in zip(short, long[-len(short):], strict=True))
