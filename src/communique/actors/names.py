"""Person-name matching across spellings, transliterations and surname-only mentions."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

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


# generational suffixes, left out when two names are compared: "Harry Byrd Sr." is "Harry Byrd"
SUFFIXES = frozenset("jr sr ii iii iv".split())


def _core_name(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Name words without middle initials and generational suffixes: "loretta e lynch" -> loretta lynch."""
    core = tuple(t for i, t in enumerate(tokens) if not (t in SUFFIXES and i > 0) and not (
        len(t) == 1 and 0 < i < len(tokens) - 1))
    return core or tokens


@functools.lru_cache(maxsize=1 << 16)  # a story compares the same few names again and again
def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two names can be one person: equal up to spelling, middle initials and suffixes,
    or one the other's surname part."""
    if not a or not b:
        return False
    short, long = sorted((_core_name(a), _core_name(b)), key=len)
    if len(short) == len(long):
        return all(same_word(x, y) for x, y in zip(short, long, strict=True))
    # "Bogdanov" / "Abu Marzouk" name the person "Mikhail Bogdanov" / "Mousa Abu Marzouk"
    return all(same_word(x, y) for x, y in zip(short, long[-len(short):], strict=True))


# titles and words before or inside a name that say who it is: "Mrs. Clinton", "Sir John", "Queen Rania"
MALE_TITLES = frozenset("mr sir lord king prince sheikh shaikh emir sultan monsieur senor herr".split())
FEMALE_TITLES = frozenset("mrs ms miss madam madame dame lady queen princess sheikha senora frau".split())


@functools.cache
def given_names() -> dict[str, str]:
    """Folded given name -> "f" or "m", from kb/given_names.tsv."""
    path = Path(__file__).parent / "kb" / "given_names.tsv"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, gender = line.partition("\t")
        if line.startswith("#") or name == "name" or gender not in ("f", "m"):
            continue
        out[fold(name)] = gender
    return out


def title_gender(words: Sequence[str]) -> str | None:
    """"f" or "m" when one of these words is a gendered title ("Mrs.", "Sir"), else None."""
    for w in words:
        w = fold(w)
        if w in MALE_TITLES:
            return "m"
        if w in FEMALE_TITLES:
            return "f"
    return None


def name_gender(name: str) -> str | None:
    """The gender a title or a first name in `name` implies ("Mrs. Lee", "Helen Carver"), else None."""
    words = name.split()
    by_title = title_gender(words)
    if by_title:
        return by_title
    tokens = name_tokens(name)
    return given_names().get(tokens[0]) if len(tokens) >= 2 else None


def compatible(a: str | None, b: str | None) -> bool:
    """Two genders that can be one person's (either unknown, or the same)."""
    return a is None or b is None or a == b
