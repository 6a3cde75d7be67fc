"""Temporal vocabulary compiled once, and the candidate spans: spaCy DATE/TIME entities plus our patterns."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc

_DATA = Path(__file__).with_name("words.yaml")


@functools.cache
def _words(lang: str = "en") -> dict[str, Any]:
    return yaml.safe_load(_DATA.read_text(encoding="utf-8"))[lang]


def _alt(words: Any) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class _Grammar:
    """Compiled patterns built once from the word lists."""

    candidates: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    units: dict[str, str]
    w: dict[str, Any]
    mon: str
    wd: str
    num: str
    unit: str
    pod: str


@functools.cache
def _grammar() -> _Grammar:
    w = _words()
    months = w["months"]
    weekdays = w["weekdays"]
    full_months = _alt(k.capitalize() for k in months if len(k) > 3 or k == "may")
    abbr_months = _alt(k.capitalize() + "." for k in months if len(k) <= 4 and k != "may")
    mon_c = rf"(?:{abbr_months}|{full_months}|{_alt(k.capitalize() for k in months)}(?=\s*\d))"
    wd_c = _alt(k.capitalize() for k in weekdays if len(k) > 4)
    pod = _alt(w["parts_of_day"])
    num = rf"(?:\d+|{_alt(w['numbers'])}|{_alt(w['vague_numbers'])})"
    unit = _alt(w["units"])
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    year = r"(?:1[5-9]\d\d|20\d\d)"
    date_c = (rf"(?:(?:{wd_c})\s*,?\s*)?(?:{mon_c}\s+{day}(?:\s*,?\s*{year})?|{day}\s+(?:of\s+)?{mon_c}"
              rf"(?:\s*,?\s*{year})?|{mon_c}\s*,?\s*{year})")
    atom = rf"(?:{date_c}|{mon_c}|{year}|(?:{wd_c}))"
    rel = r"(?:this|last|next|past|previous|coming|following|current|this\s+past|this\s+coming)"
    seasons = _alt(w["seasons"])
    holidays = _alt(h.title().replace("'S", "'s") for h in w["holidays"])
    flags = re.I
    pats = [
        re.compile(rf"\b(?:between|from)\s+{atom}\s+(?:and|to|until|till|through)\s+{atom}\b"),
        re.compile(rf"\b{year}\s*[-–]\s*(?:{year}|\d\d)\b(?!\s*[-–%])"),
        re.compile(rf"\b{mon_c}\s+{day}\s*[-–]\s*{day}(?:\s*,?\s*{year})?\b"),
        re.compile(r"\b" + date_c + r"\b"),
        re.compile(rf"\b(?:(?:early|late|mid)[\s-]+|(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+)?"
                   rf"(?:{year}|{mon_c})\b", 0),
        re.compile(rf"\b(?:{rel}\s+)?(?:{wd_c})(?:\s+(?:{pod}))?\b"),
        re.compile(rf"\b(?:(?:earlier|later)\s+)?(?:today|tonight|yesterday|tomorrow)"
                   rf"(?:\s+(?:{pod}))?\b", flags),
        re.compile(rf"\b(?:this|last)\s+(?:{pod})\b", flags),
        re.compile(rf"\b(?:(?:earlier|later)\s+)?(?:the\s+)?{rel}\s+(?:week(?:end)?|month|year|quarter|decade|"
                   rf"{seasons})\b", flags),
        re.compile(rf"\b(?:the\s+)?(?:past|last|next|coming|previous)\s+{num}\s+(?:{unit})\b", flags),
        re.compile(rf"\b{num}\s+(?:{unit})\s+ago\b", flags),
        re.compile(rf"\b(?:the\s+)?(?:first|second|third|fourth|final|last)\s+quarter(?:\s+of)?"
                   rf"(?:\s+{year})?\b|\bQ[1-4](?:\s+{year})?\b", flags),
        re.compile(r"\b(?:the\s+)?(?:1[5-9]\d0|20\d0|'\d0)s\b", flags),
        re.compile(rf"\b(?:{seasons})\s+(?:of\s+)?{year}\b", flags),
        re.compile(rf"\b(?:{holidays})\b"),
    ]
    pats.append(re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*(?:[ap]\.m\.|[ap]m))?(?:\s*(?:UTC|GMT|[A-Z]{2,3}T))?"
                           r"(?![\d:])|\b\d{1,2}(?::\d\d)?\s*[ap]\.m\.|\b[0-2]\d[0-5]\d\s+(?:UTC|GMT)\b"))
    vague = [v for v in w["vague"] if v not in ("earlier", "later", "once", "the time", "the day", "that day")]
    pats.append(re.compile(rf"\b(?:{_alt(vague)})\b", flags))
    # a lone year only after a word that makes it a date, not a count ("2010 people")
    pats.append(re.compile(rf"\b(?:in|In|since|Since|by|until|before|after|during|of|from|to|through)\s"
                           rf"(?P<t>{year})\b(?!\s*(?:%|percent|people|troops|soldiers|km|miles|tons|dollars|euros))"))
    return _Grammar(tuple(pats), months, weekdays, w["numbers"], w["units"], w,
                    _alt(months), _alt(weekdays), num, unit, pod)


# --- candidates -------------------------------------------------------------------------------------

_LEAD = re.compile(r"^(?:(?:on|in|at|by|since|until|till|during|for|as of|of|around|about|before|after|"
                   r"throughout|over|within|into)\s+)+", re.I)
_TRAIL = re.compile(r"[\s,.;:!?'\"’”)(\[\]-]+$")
_HEAD = re.compile(r"^[\s,.;:!?'\"‘“(\[\]-]+")


def _candidates(doc: Doc | None, text: str) -> list[tuple[int, int]]:
    """Character spans of candidate expressions: spaCy DATE/TIME entities plus our own patterns."""
    spans: list[tuple[int, int]] = []
    if doc is not None:
        spans += [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
    has_ago = re.search(r"\bago\b", text) is not None
    for pat in _grammar().candidates:
        if pat.pattern.endswith(r"\s+ago\b") and not has_ago:
            continue  # the slowest pattern, and it needs the word
        group = "t" if "t" in pat.groupindex else 0
        spans += [m.span(group) for m in pat.finditer(text)]
    spans.sort()
    merged: list[list[int]] = []
    for s, e in spans:
        # overlapping spans, or ones only a space apart ("Monday" + "evening"), make one expression
        if merged and (s < merged[-1][1] or (s - merged[-1][1] <= 1 and text[merged[-1][1]:s].isspace()
                                             and "\n" not in text[merged[-1][1]:s])):
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    pieces: list[tuple[int, int]] = []
    for s, e in merged:
        # an entity never runs across a line break (a title year into the dateline)
        for part in re.finditer(r"[^\n]+", text[s:e]):
            pieces += _split_list(text, s + part.start(), s + part.end())
    out = []
    for s, e in pieces:
        chunk = text[s:e]
        head = _HEAD.match(chunk)
        if head:
            s += head.end()
        lead = _LEAD.match(text[s:e])
        if lead and lead.end() < e - s:
            s += lead.end()
        trail = _TRAIL.search(text[s:e])
        if trail:
            e = s + trail.start()
        if e > s:
            out.append((s, e))
    return out


_LIST_ITEM = re.compile(r"(?:1[5-9]|20)\d\d|[A-Z][a-z]+")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")


def _split_list(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """ "2009, 2011 and 2014" is three expressions; anything else stays whole."""
    chunk = text[s:e]
    items = _LIST_SEP.split(chunk)
    g = _grammar()
    if len(items) < 2 or not all(_LIST_ITEM.fullmatch(i) and (i[0].isdigit() or i.lower() in g.months
                                                              or i.lower() in g.weekdays) for i in items):
        return [(s, e)]
    out, pos = [], s
    for item in items:
        start = text.index(item, pos, e)
        out.append((start, start + len(item)))
        pos = start + len(item)
    return out
