"""One key per actor across articles: its knowledge-base id, else a key that spelling variants share.

Keys are what the store, the API and incident matching join on. A known actor's key is its
knowledge-base id ("vladimir_putin", "RUS", "hamas"). Anyone else gets a key built from the
spelling skeleton of each name word, so "Mousa Abu Marzouk" and "Musa Abu Marzuq" in two articles
share "p:musa-abu-marzuk", and honorifics and case never split a person. Keys are prefixed by what
they name:

    p:WORD-...-SURNAME   a person; the last word is the surname's skeleton, so a caller may block
                         on it (`surname_key`) to pair "Marzouk" alone with the full name
    o:CCC:ROLE           an unnamed state organ or group ("Kenyan police", "Kenya's police" -> o:KEN:police)
    u:CCC:ROLE           a person known only by role ("a Kenyan lawmaker" -> u:KEN:lawmaker)
    n:WORD-...           any other name (an organisation, a people, a body not in the knowledge base)
"""

from __future__ import annotations

from .names import fold, name_tokens, skeleton

__all__ = ["person_key", "organ_key", "name_key", "surname_key"]


def person_key(name: str) -> str:
    """The key of a person not in the knowledge base: "Dr. Musa Abu Marzuq" -> "p:musa-abu-marzuk"."""
    tokens = name_tokens(name) or tuple(fold(name).split())
    return "p:" + "-".join(skeleton(t) for t in tokens)


def organ_key(country: str, role_term: str, *, prefix: str = "o") -> str:
    """The key of an unnamed organ or group of a state: ("KEN", "police") -> "o:KEN:police"."""
    return f"{prefix}:{country}:{'-'.join(fold(role_term).split())}"


def name_key(name: str) -> str:
    """The key of any other actor not in the knowledge base, from its name's spelling skeleton."""
    words = fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    return "n:" + "-".join(skeleton(w) for w in words)


def surname_key(key: str) -> str | None:
    """The surname part of a person key ("p:musa-abu-marzuk" -> "marzuk"), for blocking; else None."""
    if not key.startswith("p:"):
        return None
    return key[2:].rsplit("-", 1)[-1] or None
