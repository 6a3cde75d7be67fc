"""Scraped plain text -> headline, dateline, furniture and body paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Furniture
from .cues import cues, fold
from .dateline import dateline_value
from .furniture import DATELINE, JUNK, byline_names, caption_items, classify_line

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)\]]*$")
_HEADLINE_END = re.compile(r"[.,;:]$")
_HAS_DATE = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\b"
                       r"|\b[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b")
# "WASHINGTON (AP) — ...": a news dateline opening the body, never a caption
_NEWS_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]+(?:\([^)]*\))?\s*[—–-]")

WRAP_BAND = 25  # chars: the spread of line widths in a hard-wrapped paragraph
TOP_UNITS = 8  # only this many leading units can be tagline, headline or caption by position
MAX_HEADLINE_WORDS = 25
MAX_HEADLINE_CHARS = 250
MAX_TAGLINE_WORDS = 10
MAX_TOP_CAPTION_WORDS = 40
BODY_WORDS = 25  # a unit this long, or a full sentence of BODY_SENTENCE_WORDS, starts the body
BODY_SENTENCE_WORDS = 8
# furniture that follows a headline: a unit above one of these is a headline even without a title hint
_STRONG = (DATELINE, "byline", "caption", "credit", "mixed")


@dataclass
class Parsed:
    """What a page gave, before metadata and ids: the parts an Article is built from."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    furniture: list[Furniture] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    source: str | None = None
    url: str | None = None


@dataclass
class _Unit:
    text: str
    kind: str | None = None  # None: body
    items: tuple[Furniture, ...] = ()


def parse_text(text: str, *, title_hint: str | None = None) -> Parsed:
    """Split scraped text into headline, dateline, furniture and body paragraphs.

    `title_hint` is a title known from metadata: the line that repeats it is taken as the headline.
    """
    units = [_Unit(u) for u in _units(text)]
    for unit in units:
        found = classify_line(unit.text)
        if found:
            unit.kind = found[0].kind if len({f.kind for f in found}) == 1 else "mixed"
            unit.items = found
    _mark_top(units, title_hint)
    return _collect(units)


def _units(text: str) -> list[str]:
    """Paragraphs split on blank lines; a block of lines that are not hard-wrapped is one unit per line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    units: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _hard_wrapped(lines):
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    """True for a paragraph broken at a fixed width (e-mail style), whose lines are no paragraphs."""
    if len(lines) < 3:
        return False
    inner = [len(line) for line in lines[:-1]]
    # wrapped lines are of near-equal width and often go on mid-sentence in lower case
    continued = sum(line[:1].islower() for line in lines[1:])
    return max(inner) - min(inner) <= WRAP_BAND and continued >= 0.3 * (len(lines) - 1)


def _words(text: str) -> int:
    return len(text.split())


def _body_like(text: str) -> bool:
    n = _words(text)
    return n >= BODY_WORDS or (n >= BODY_SENTENCE_WORDS and bool(_SENTENCE_END.search(text)))


def _headline_like(text: str) -> bool:
    return (_words(text) <= MAX_HEADLINE_WORDS and len(text) <= MAX_HEADLINE_CHARS
            and not _HEADLINE_END.search(text) and bool(re.search(r"[^\W\d_]", text)))


def _mark_top(units: list[_Unit], title_hint: str | None) -> None:
    """Tagline, headline and photo caption, told apart by where they stand above the body."""
    top: list[int] = []
    for i, unit in enumerate(units[:TOP_UNITS]):
        if unit.kind is None and _body_like(unit.text):
            break
        top.append(i)
    if len(top) == len(units):
        top = top[:-1]  # the last unit is body whatever it looks like
    free = [i for i in top if units[i].kind is None]
    headline = _find_title(units, free, title_hint) if title_hint else None
    if headline is None and free:
        first = free[0]
        second = _next_index(units, first)
        if (second in free and _headline_like(units[first].text) and _headline_like(units[second].text)
                and _tagline_like(units, first, second)
                and (not title_hint or _next_kind(units, second) in _STRONG)):
            _set(units[first], "tagline")
            headline = second
        elif _headline_like(units[first].text) and (not title_hint or _next_kind(units, first) in _STRONG):
            headline = first
    if headline is None:
        return
    _set(units[headline], "headline")
    for i in free:
        if i < headline and units[i].kind is None and _words(units[i].text) <= MAX_TAGLINE_WORDS:
            _set(units[i], "tagline")
        elif i > headline and units[i].kind is None and _caption_like(units[i].text):
            units[i].kind = "caption"
            units[i].items = caption_items(units[i].text)


def _find_title(units: list[_Unit], free: list[int], title_hint: str) -> int | None:
    want = fold(title_hint)
    for i in free:
        if fold(units[i].text) == want:
            return i
        nxt = _next_index(units, i)
        if nxt in free and fold(units[i].text + " " + units[nxt].text) == want:
            _set(units[i], "headline")
            return nxt
    return None


def _tagline_like(units: list[_Unit], first: int, second: int) -> bool:
    text = units[first].text
    if _words(text) > MAX_TAGLINE_WORDS or _SENTENCE_END.search(text):
        return False
    return bool(cues().tagline_words.search(text)) or _next_kind(units, second) in _STRONG


def _caption_like(text: str) -> bool:
    return (_words(text) <= MAX_TOP_CAPTION_WORDS and not _SENTENCE_END.search(text)
            and not text.endswith(":") and not _NEWS_DATELINE.match(text) and bool(_HAS_DATE.search(text)))


def _next_index(units: list[_Unit], i: int) -> int | None:
    return i + 1 if i + 1 < len(units) else None


def _next_kind(units: list[_Unit], i: int) -> str | None:
    j = _next_index(units, i)
    return units[j].kind if j is not None else None


def _set(unit: _Unit, kind: str) -> None:
    unit.kind = kind
    unit.items = (Furniture(kind, unit.text),)


def _collect(units: list[_Unit]) -> Parsed:
    parsed = Parsed()
    titles: list[str] = []
    for unit in units:
        if unit.kind is None:
            parsed.paragraphs.append(unit.text)
            continue
        for item in unit.items:
            if item.kind == "headline":
                titles.append(item.text)
            elif item.kind == DATELINE:
                parsed.published = parsed.published or dateline_value(item.text)
                parsed.furniture.append(Furniture("other", item.text))
            elif item.kind == JUNK:
                continue
            else:
                if item.kind == "byline" and parsed.author is None:
                    parsed.author = byline_names(item.text.split(";")[0])
                parsed.furniture.append(item)
    parsed.title = " ".join(titles) or None
    return parsed
