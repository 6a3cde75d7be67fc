"""The claims codebook: issues, stance cues and term rules, read from codebook.yaml (user-extensible)."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Token

WILDCARD = "*"


@dataclass(frozen=True, slots=True)
class Issue:
    """One codebook issue."""

    id: str
    label: str
    terms: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Codebook:
    """Issues and cues, compiled for matching word by word."""

    issues: dict[str, Issue]
    stances: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> [(words, stance)], longest first
    keywords: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> [(words, issue id)]
    negations: frozenset[str]
    openers: tuple[tuple[str, ...], ...]
    light_heads: frozenset[str]
    term_breaks: frozenset[str]


def load(extra: Sequence[Path] = ()) -> Codebook:
    """The shipped codebook, with issues and cues from `extra` YAML files added (same layout)."""
    return _load(tuple(str(p) for p in extra))


@functools.cache
def _load(extra: tuple[str, ...]) -> Codebook:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files(__package__).joinpath("codebook.yaml").read_text("utf-8"))
    for path in extra:
        more = yaml.safe_load(Path(path).read_text("utf-8")) or {}
        by_id = {i["id"]: i for i in raw["issues"]}
        for issue in more.get("issues") or ():
            by_id[issue["id"]] = {**by_id.get(issue["id"], {}), **issue}
        raw["issues"] = list(by_id.values())
        for stance, cues in (more.get("stances") or {}).items():
            raw["stances"].setdefault(stance, []).extend(cues)
    issues = {i["id"]: Issue(i["id"], i.get("label", i["id"]),
                             tuple(re.compile(t) for t in i.get("terms") or ())) for i in raw["issues"]}
    stances = _index((tuple(_words(c)), stance) for stance, cues in raw["stances"].items() for c in cues)
    keywords = _index((tuple(_words(k)), i["id"]) for i in raw["issues"] for k in i.get("keywords") or ())
    return Codebook(issues=issues, stances=stances, keywords=keywords,
                    negations=frozenset(raw.get("negations") or ()),
                    openers=tuple(tuple(_words(o)) for o in raw.get("enumeration_openers") or ()),
                    light_heads=frozenset(raw.get("light_heads") or ()),
                    term_breaks=frozenset(raw.get("term_breaks") or ()))


def _words(phrase: str) -> list[str]:
    # hyphens stand alone, as spaCy splits "two-state" into three tokens
    return re.findall(r"\*|n't|[\w'’.]+|-|:", phrase.lower())


def _index(rows: Any) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, value in rows:
        if words:
            out.setdefault(words[0], []).append((words, value))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return out


def forms(token: Token) -> tuple[str, str]:
    """The forms a codebook word is compared with: the lower-case word and its lemma."""
    return token.lower_, token.lemma_.lower()


def match_at(tokens: Sequence[Token], i: int, index: dict[str, list[tuple[tuple[str, ...], str]]],
             end: int) -> tuple[int, str] | None:
    """The longest phrase of `index` starting at tokens[i] (before `end`): (tokens used, value)."""
    first = forms(tokens[i])
    entries = index.get(first[0], []) + (index.get(first[1], []) if first[1] != first[0] else [])
    best: tuple[int, str] | None = None
    for words, value in entries:
        used = _match(tokens, i, words, end)
        if used and (best is None or used > best[0]):
            best = (used, value)
    return best


def _match(tokens: Sequence[Token], i: int, words: tuple[str, ...], end: int) -> int:
    j = i
    for k, w in enumerate(words):
        if w == WILDCARD:
            # one or two words, whatever the next word of the phrase needs
            nxt = words[k + 1] if k + 1 < len(words) else None
            for skip in (1, 2):
                if j + skip < end and (nxt is None or nxt in forms(tokens[j + skip])):
                    j += skip
                    break
            else:
                return 0
            continue
        if j >= end or w not in forms(tokens[j]):
            return 0
        j += 1
    return j - i


__all__ = ["Codebook", "Issue", "load", "match_at", "forms"]
