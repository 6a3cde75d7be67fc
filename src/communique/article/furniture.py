"""One line of a page -> the furniture it is (related link, share prompt, byline, caption...) or None."""

from __future__ import annotations

import re

from ..records import Furniture
from .cues import cues, fold
from .dateline import is_dateline

DATELINE = "dateline"  # internal kind: the caller turns it into Article.published
JUNK = "junk"  # internal kind: rules and stray punctuation, dropped

_SEPARATORS = re.compile(r"\s+[|•·]\s+")
_SENTENCE_END = re.compile(r"[.!?…]['\"”’)]*$")
_TRAILING_BRACKET = re.compile(r"\[(?P<credit>[^\[\]]{2,100})\]\s*$")
_TRAILING_PAREN = re.compile(r"\((?P<credit>[^()]{2,100})\)\s*$")
# the last short fragment after a sentence end or a dash/bar: "... on Monday. REUTERS/Amir Cohen"
_TAIL = re.compile(r"(?:(?<=[.!?”\"’)])\s+|\s+[|–—-]\s+)(?P<credit>[^.!?|–—]{2,100})$")
_BULLET = re.compile(r"^[-*•–]\s*\S")
_CAPITALISED = re.compile(r"^[A-Z\u00C0-\u024F\u0400-\u04FF]|^\d|^[&/(]")

MAX_RELATED_WORDS = 30
MAX_SHARE_WORDS = 25
MAX_COOKIE_WORDS = 70
MAX_OTHER_WORDS = 40
MAX_BYLINE_WORDS = 16
MAX_CAPTION_WORDS = 60
MAX_CREDIT_WORDS = 10


def classify_line(line: str) -> tuple[Furniture, ...] | None:
    """The furniture one line is, judged by its cue words alone; None for body text.

    Datelines come back with kind DATELINE and lines with no letters or digits with kind JUNK.
    """
    line = line.strip()
    if not re.search(r"\w", line):
        return (Furniture(JUNK, line),)
    if is_dateline(line):
        return (Furniture(DATELINE, line),)
    found = _classify(line)
    if found is None and _SEPARATORS.search(line) and len(line.split()) <= MAX_SHARE_WORDS:
        # "By Jane Doe | June 25, 2024": furniture only when every part is
        parts = [p for p in _SEPARATORS.split(line) if p.strip()]
        each = [_classify(p) or ((Furniture(DATELINE, p),) if is_dateline(p) else None) for p in parts]
        if all(each):
            return tuple(f for fs in each for f in fs)  # type: ignore[union-attr]
    return found


def _classify(line: str) -> tuple[Furniture, ...] | None:
    n_words = len(line.split())
    for test in (_related, _share, _other, _byline, _caption):
        found = test(line, n_words)
        if found:
            return found
    return None


def _related(line: str, n_words: int) -> tuple[Furniture, ...] | None:
    c = cues()
    if n_words > MAX_RELATED_WORDS:
        return None
    m = c.related.match(line)
    if m and _CAPITALISED.match(m.group("rest").lstrip("“\"'‘")):
        return (Furniture("related", line),)
    if n_words <= 4 and fold(line) in c.related_alone and (line.isupper() or line.rstrip().endswith(":")
                                                           or fold(line) != fold(line.split()[0])):
        return (Furniture("related", line),)
    return None


def _share(line: str, n_words: int) -> tuple[Furniture, ...] | None:
    c = cues()
    limit = MAX_COOKIE_WORDS if "cookie" in line.lower() else MAX_SHARE_WORDS
    if n_words <= limit and (c.share_phrase.match(line) or c.share_word.match(line)):
        return (Furniture("share", line),)
    return None


def _other(line: str, n_words: int) -> tuple[Furniture, ...] | None:
    c = cues()
    low = line.lower()
    if fold(line) in c.other_exact:
        return (Furniture("other", line),)
    if n_words <= MAX_OTHER_WORDS and c.other_prefix.match(line):
        return (Furniture("other", line),)
    if n_words <= MAX_OTHER_WORDS and any(w in low for w in c.copyright_anywhere):
        return (Furniture("other", line),)
    return None


def _byline(line: str, n_words: int) -> tuple[Furniture, ...] | None:
    if n_words > MAX_BYLINE_WORDS or _SENTENCE_END.search(line.rstrip(".")):
        return None
    parts = [p.strip() for p in line.split(";") if p.strip()]
    if all(byline_names(p) for p in parts):
        return (Furniture("byline", line),)
    return None


def byline_names(line: str) -> str | None:
    """The names a byline gives ("By Jane Doe, Reuters" -> "Jane Doe"), or None if it is no byline."""
    c = cues()
    m = c.byline.match(line.strip())
    if not m:
        return None
    segments = [s.strip() for s in re.split(r"\s*[,|]\s*|\s+[-–—]\s+", m.group("names")) if s.strip()]
    for i, segment in enumerate(segments):
        words = segment.split()
        if any(ch.isdigit() for ch in segment) or (i == 0 and len(words) > 6):
            return None
        if not all(_CAPITALISED.match(w) or w.lower() in c.byline_joiners for w in words):
            return None
        if i == 0 and (not _CAPITALISED.match(words[0]) or fold(segment) in c.months | c.weekdays):
            return None
    return segments[0] if segments else None


def _caption(line: str, n_words: int) -> tuple[Furniture, ...] | None:
    if n_words > MAX_CAPTION_WORDS:
        return None
    credit, start = find_credit(line)
    if credit and not re.search(r"\w", line[:start]):
        return (Furniture("credit", credit),)
    if not credit and whole_line_credit(line):
        return (Furniture("credit", _strip_label(line)),)
    if credit or (cues().caption_prefix.match(line) and not _BULLET.match(line)):
        return caption_items(line, credit)
    return None


def caption_items(caption: str, credit: str | None = None) -> tuple[Furniture, ...]:
    """A caption and, when it carries one, its credit as a separate item."""
    if credit is None:
        credit, _ = find_credit(caption)
    items = [Furniture("caption", caption)]
    if credit:
        items.append(Furniture("credit", credit))
    return tuple(items)


def find_credit(line: str) -> tuple[str | None, int]:
    """The photo credit a caption line ends with ("[Reuters/Name]", "(Photo: X)", "REUTERS/Name").

    Returns the credit without its brackets or label, and where it starts in the line.
    """
    if _BULLET.match(line):
        return None, -1
    for pattern in (_TRAILING_BRACKET, _TRAILING_PAREN, _TAIL):
        m = pattern.search(line)
        if not m:
            continue
        credit = m.group("credit").strip()
        # "... said on Monday. [Reuters]" is a news summary citing its source, not a photo credit
        lone_ok = pattern is _TRAILING_BRACKET and not _SENTENCE_END.search(line[:m.start()].rstrip())
        if _credit_like(credit, lone_agency=lone_ok):
            return _strip_label(credit), m.start()
    return None, -1


def whole_line_credit(line: str) -> bool:
    """True when the line is only a credit: "Photo: Jane Doe", "REUTERS/Name", "AFP via Getty Images"."""
    c = cues()
    if len(line.split()) > MAX_CREDIT_WORDS or not _credit_like(line, lone_agency=False):
        return False
    if c.credit_label.match(line) and re.search(r"[:/]|\b(?:by|of)\b", line, re.I):
        return True
    return bool(c.agency.search(line) and re.search(r"/|\bvia\b", line))


def _credit_like(text: str, *, lone_agency: bool) -> bool:
    c = cues()
    text = text.strip()
    words = text.split()
    if not words or len(words) > MAX_CREDIT_WORDS or "," in text:
        return False
    if c.credit_label.match(text) and re.search(r"[:/]|\bby\b|\bof\b", text, re.I) and len(words) >= 2:
        return True
    names = [w for w in re.split(r"[\s/]+", text) if w]
    if not all(_CAPITALISED.match(w) or w.lower() in c.byline_joiners | {"via"} for w in names):
        return False
    has_agency = bool(c.agency.search(text))
    sides = [s.split() for s in text.split("/")]
    if len(sides) > 1:
        # "Reuters/Name" or "Jane Doe/Middle East Monitor", not "IBD/TIPP"
        return has_agency or (len(sides) == 2 and any(2 <= len(side) <= 3 for side in sides))
    if re.search(r"\bvia\b", text):
        return has_agency
    return has_agency and (lone_agency or len(words) >= 2)


def _strip_label(credit: str) -> str:
    m = re.match(r"^(?P<label>[^:]{1,30}):\s*(?P<rest>\S.*)$", credit)
    if m and cues().credit_label.fullmatch(m.group("label").strip() + " "):
        return m.group("rest").strip()
    m = re.match(r"^(?:[A-Za-z]+\s+){0,2}(?:by|of)\s+(?P<rest>[A-Z].*)$", credit)
    if m and cues().credit_label.match(credit):
        return m.group("rest").strip()
    return credit
