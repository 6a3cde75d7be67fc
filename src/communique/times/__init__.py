"""Temporal expressions -> resolved dates.

`find_times(doc, article)` lists every temporal expression in `article.text`, resolved against
`article.published`. Values are ISO 8601, by granularity:

- day:   "2024-06-24" (clock times keep only their day: "10:11 am" on the publication day)
- week:  "2024-W25" (ISO week)
- month: "2024-06"
- year:  "2024"
- range: "2024-04-01/2024-06-30", first and last day inclusive (quarters, seasons, weekends,
  decades, "between 2010 and 2012", "from May to July", "the past three days"; a range of whole
  years or months keeps that precision: "2010/2012", "2024-05/2024-07")

`value` is None for expressions that name no point ("recently", "a few days ago", "two days later")
and for relative ones when the article has no publication date. Durations ("three years") and
frequencies ("weekly") are not times and are left out unless anchored ("three years ago").
Dates found in page furniture (a photo caption) are kept but flagged `approximate`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..records import Article, TimeExpr
from .grammar import _alt, _candidates, _grammar, _words
from .resolve import _DROP, _clean, _resolve, bounds, parse_published, resolve
from .tense import _tense

# --- furniture ---------------------------------------------------------------------------------------

_CAPTION = re.compile(r"(?:\[[^\]\n]*(?:/|photo|getty|reuters|afp|ap\b|anadolu)[^\]\n]*\]|"
                      r"\((?:photo|image|credit|file)[^)\n]*\))\s*$", re.I)


def _furniture_lines(article: Article) -> list[tuple[int, int]]:
    """Lines of the text that are page furniture left in the body: known furniture or captions."""
    known = {f.text.strip() for f in article.furniture if f.text}
    out, pos = [], 0
    for line in article.text.split("\n"):
        stripped = line.strip()
        if stripped and (stripped in known or (len(stripped) < 300 and _CAPTION.search(stripped))):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


# --- entry point -------------------------------------------------------------------------------------

def find_times(doc: Doc | None, article: Article) -> list[TimeExpr]:
    """Every temporal expression in `article.text`, resolved against `article.published`.

    `doc` is the spaCy Doc of `article.text` (None reads the text with patterns only).
    Returns TimeExpr in text order, with exact offsets; never raises on odd text.
    """
    text = article.text
    pub = parse_published(article.published)
    furniture = _furniture_lines(article)
    out: list[TimeExpr] = []
    for start, end in _candidates(doc, text):
        chunk = text[start:end]
        tense = _cue_tense(chunk) or _tense(doc, start, end)
        if tense != "past" and re.search(r"\b(?:until|till|by|before)\s+$", text[max(0, start - 8):start]):
            tense = "future"
        got = _resolve(_clean(chunk), pub, tense)
        if got is not _DROP and got[0] is None and "," in chunk:
            # "November 11, three days later": keep the part that resolves
            head = chunk[:chunk.index(",")]
            first = _resolve(_clean(head), pub, tense)
            if first is not _DROP and first[0]:
                chunk, end, got = head, start + len(head), first
        if got is _DROP:
            continue
        value, gran = got
        if value is None and gran is None and not _looks_temporal(chunk):
            continue
        flagged = any(a <= start < b for a, b in furniture)
        out.append(TimeExpr(text=chunk, start=start, end=end, value=value, granularity=gran,
                            approximate=flagged))
    return out


def _cue_tense(chunk: str) -> str | None:
    w = _words()
    low = chunk.lower()
    if re.search(rf"\b(?:{_alt(w['future_cues'])})\b", low):
        return "future"
    if re.search(rf"\b(?:{_alt(w['past_cues'])})\b", low):
        return "past"
    return None


def _looks_temporal(chunk: str) -> bool:
    g = _grammar()
    low = chunk.lower()
    return re.search(rf"\b(?:{g.unit}|{g.mon}|{g.wd}|{g.pod}|recent(?:ly)?|now|today|ago|season|era|century|"
                     rf"period|time)\b", low) is not None


__all__ = ["find_times", "resolve", "parse_published", "bounds"]
