"""Quotation-mark pairing, robust to unbalanced marks and to quotes running over paragraphs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

DOUBLE_OPEN = "“„«‟"
DOUBLE_CLOSE = "”»"
DOUBLE_EITHER = '"'
SINGLE_OPEN = "‘‚‹‛"
SINGLE_CLOSE = "’›"
SINGLE_EITHER = "'"
ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_EITHER + SINGLE_OPEN + SINGLE_CLOSE + SINGLE_EITHER
OPENING_CONTEXT = " \t\n([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN + DOUBLE_EITHER + SINGLE_EITHER
# a quote that opens a paragraph and is never closed still ends there; the multi-paragraph
# convention (open at each paragraph start, close only at the end) may chain at most this many
MAX_PARAGRAPHS = 12


@dataclass(frozen=True, slots=True)
class Quoted:
    """A stretch of text between paired quotation marks (offsets of the inside, marks excluded)."""

    start: int
    end: int
    open_at: int
    close_at: int | None  # None when the paragraph ended before a closing mark
    double: bool
    paragraphs: int = 1


@dataclass(slots=True)
class _Mark:
    pos: int
    double: bool
    role: str  # open | close | either


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-empty line of `text`."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            yield pos, end
        pos = end + 1


def _marks(text: str, start: int, end: int) -> list[_Mark]:
    out: list[_Mark] = []
    skip = -1
    for i in range(start, end):
        c = text[i]
        if c not in ALL_MARKS or i == skip:
            continue
        left = text[i - 1] if i > start else " "
        right = text[i + 1] if i + 1 < end else " "
        if c == "'" and right == "'":
            # two apostrophes stand for a double mark in some wire copy: ''Like this,'' he said
            skip = i + 1
            right = text[i + 2] if i + 2 < end else " "
            opens = left in OPENING_CONTEXT and not right.isspace()
            closes = not left.isspace() and (right.isspace() or not right.isalnum())
            role = "open" if opens and not closes else "close" if closes and not opens else "either"
            out.append(_Mark(i, True, role))
            continue
        opens = left in OPENING_CONTEXT and not right.isspace()
        closes = not left.isspace() and (right.isspace() or not right.isalnum())
        if c in SINGLE_CLOSE or c in SINGLE_EITHER:
            if left.isalnum() and right.isalnum():
                continue  # apostrophe inside a word: don't, Clinton’s
            if c in SINGLE_CLOSE and left.isalnum() and not closes:
                continue
        if c in DOUBLE_OPEN or c in SINGLE_OPEN:
            # typesetting errors put an opening glyph after a word and before a space
            role = "close" if closes and not opens else "open"
        elif c in DOUBLE_CLOSE or c in SINGLE_CLOSE:
            role = "open" if opens and not closes else "close"
        else:
            role = "open" if opens and not closes else "close" if closes and not opens else "either"
        if c in SINGLE_CLOSE + SINGLE_EITHER and role == "open" and left.isalnum():
            continue
        out.append(_Mark(i, c in DOUBLE_OPEN + DOUBLE_CLOSE + DOUBLE_EITHER, role))
    return out


def _pair(text: str, start: int, end: int) -> tuple[list[tuple[int, int, bool]], list[_Mark]]:
    """Pairs (open, close, double) found in one paragraph, and the opening marks left unclosed."""
    pairs: list[tuple[int, int, bool]] = []
    stack: list[_Mark] = []
    for m in _marks(text, start, end):
        same = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].double == m.double), None)
        if m.role in ("close", "either") and same is not None:
            if not m.double and any(s.double for s in stack[same + 1:]):
                continue  # a single mark never closes across an open double quote
            pairs.append((stack[same].pos, m.pos, m.double))
            del stack[same:]
        elif m.role in ("open", "either"):
            if m.double and same is not None and m.role == "open":
                # two openings in a row: the first was never closed, so drop it
                del stack[same:]
            stack.append(m)
        # a stray closing mark with nothing open is ignored
    return pairs, [m for m in stack if m.double]


def _starts_with_open(text: str, start: int, end: int) -> int | None:
    i = start
    while i < end and text[i].isspace():
        i += 1
    if i < end and (text[i] in DOUBLE_OPEN or text[i] == DOUBLE_EITHER):
        return i
    return None


def quoted_spans(text: str, *, max_paragraphs: int = MAX_PARAGRAPHS) -> list[Quoted]:
    """Outermost quoted stretches of `text`, in order; nested quotes stay inside their outer one.

    A quote never crosses a paragraph break unless the paragraph ends inside the quote and the
    next paragraph opens with a quotation mark (the multi-paragraph convention); an unclosed
    quote otherwise ends with its paragraph, so a stray mark never swallows the article.
    """
    paras = list(paragraphs(text))
    found: list[Quoted] = []
    carried: tuple[int, int] | None = None  # (open_at, paragraphs so far) of a running quote
    for k, (ps, pe) in enumerate(paras):
        scan_from = ps
        if carried is not None:
            reopen = _starts_with_open(text, ps, pe)
            if reopen is None:
                carried = None
            else:
                scan_from = reopen + 1
        pairs, unclosed = _pair(text, scan_from, pe)
        if carried is not None:
            open_at, n = carried
            # the running quote closes at the first closing double mark that isn't paired inside
            closing = _first_unpaired_close(text, scan_from, pe, pairs)
            if closing is not None:
                found.append(Quoted(open_at + 1, closing, open_at, closing, True, n + 1))
                pairs = [p for p in pairs if p[0] > closing]
                carried = None
            elif n + 1 < max_paragraphs and k + 1 < len(paras) and _starts_with_open(text, *paras[k + 1]) is not None:
                carried = (open_at, n + 1)
                continue
            else:
                found.append(Quoted(open_at + 1, _trim_end(text, pe), open_at, None, True, n + 1))
                carried = None
                continue
        found.extend(Quoted(o + 1, c, o, c, d) for o, c, d in _outermost(pairs))
        if unclosed:
            first = unclosed[0]
            last_close = max((c for _, c, _ in pairs), default=-1)
            if first.pos > last_close:
                if k + 1 < len(paras) and _starts_with_open(text, *paras[k + 1]) is not None:
                    carried = (first.pos, 1)
                elif _trim_end(text, pe) > first.pos + 1:
                    found.append(Quoted(first.pos + 1, _trim_end(text, pe), first.pos, None, True))
    if carried is not None:
        open_at, n = carried
        found.append(Quoted(open_at + 1, _trim_end(text, paras[-1][1]), open_at, None, True, n))
    found.sort(key=lambda q: q.start)
    return _drop_nested(found)


def _first_unpaired_close(text: str, start: int, end: int, pairs: list[tuple[int, int, bool]]) -> int | None:
    inside = [(o, c) for o, c, d in pairs]
    for m in _marks(text, start, end):
        if m.double and m.role in ("close", "either") and not any(o <= m.pos <= c for o, c in inside):
            return m.pos
    return None


def _outermost(pairs: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    for o, c, d in sorted(pairs):
        if out and o < out[-1][1]:
            continue
        out.append((o, c, d))
    return out


def _drop_nested(found: list[Quoted]) -> list[Quoted]:
    out: list[Quoted] = []
    for q in found:
        if out and q.open_at < (out[-1].close_at or out[-1].end):
            continue
        if q.end > q.start:
            out.append(q)
    return out


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end
