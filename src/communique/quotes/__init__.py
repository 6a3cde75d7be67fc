"""Quotes and their speakers: direct, partial, indirect and mixed, each tied to its words."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..actors.refer import References
from ..nlp import doc_text, trim
from ..records import Actor, Quote, Span
from .cues import Cue, Lexicon, find_cues, lexicon
from .marks import Quoted, paragraphs, quoted_spans
from .speakers import NO_SPEAKER, ActorIndex, Speaker, resolve, resolve_label

_TURN = re.compile(r"""\s*["“”'‘]*\s*([A-Z][\w.'’\- ]{0,40}?)\s*:\s+(\S.*?)\s*$""")

PARTIAL_MAX_WORDS = 10  # a quoted fragment inside the narrator's sentence up to this long is "partial"
CUE_AFTER_MAX = 8  # tokens between a closing mark and a cue that follows it ("…,” said the minister)
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "urge", "warn", "advise", "order", "instruct", "encourage",
                              "inform", "assure", "brief", "remind", "call", "question", "thank"})
_HELD = ("belief", "intent", "impersonal")  # cues of what is thought or wanted: never the cue of a quoted stretch
MIN_UNCUED_WORDS = 6  # a quoted stretch with no cue must be at least a clause to count as speech


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    kind: str
    cue: Cue | None
    marks: tuple[int, int]  # chars of the first opening and the last closing mark (or end)
    para: int
    parts: list[tuple[int, int]] = field(default_factory=list)  # (open, close) of each quoted half
    label: tuple[int, int] | None = None  # a speaker label's chars ("OKAFOR:")


def find_quotes(doc: Doc, actors: Sequence[Actor]) -> list[Quote]:
    """Direct, partial, indirect and mixed quotes in `doc`, with speakers resolved to `actors`.

    `doc` is the parsed `Article.text`; offsets of every Quote index that text. A split quote
    ("…,” confirmed X, “…") is one direct quote running from the first half to the second, so
    its text holds the cue in the middle. Collective speakers leave `speaker` None and list
    every actor in `speakers`; unnamed sources leave it None with `speaker_text` set.
    """
    if not len(doc):
        return []
    lex = lexicon()
    text = doc_text(doc)
    index = ActorIndex(actors, References.build(doc, actors))
    starts = [t.idx for t in doc]
    para_starts = [s for s, _ in paragraphs(text)]
    cues = find_cues(doc, lex)
    turns = _turns(text, starts, lex)
    masked = list(text)
    for d in turns:
        # a transcript's speaker turns open with stray marks that must not chain into one quote
        a, b = d.parts[0]
        masked[a:b] = " " * (b - a)
    marked = quoted_spans("".join(masked))

    drafts = turns + _direct(doc, marked, cues, starts, para_starts)
    drafts += _indirect(doc, cues, drafts)
    drafts.sort(key=lambda d: d.start)

    quotes: list[Quote] = []
    for d in drafts:
        speaker = _speaker(doc, d, index, lex)
        cue_span = _cue_span(doc, d.cue) if d.cue else None
        quotes.append(Quote(id=f"q{len(quotes) + 1}", text=text[d.start:d.end], start=d.start, end=d.end,
                            kind=d.kind, speaker=speaker.actor if len(speaker.actors) <= 1 else None,
                            cue=cue_span.text if cue_span else None, cue_span=cue_span,
                            speakers=speaker.actors, speaker_text=speaker.text))
    return quotes


def _tok(starts: list[int], char: int) -> int:
    return max(0, bisect.bisect_right(starts, char) - 1)


def _direct(doc: Doc, marked: list[Quoted], cues: list[Cue], starts: list[int],
            para_starts: list[int]) -> list[_Draft]:
    """Quoted stretches with the cue that introduces each; split and continued quotes merged."""
    text = doc_text(doc)
    by_sent: dict[int, list[Cue]] = {}
    for c in cues:
        by_sent.setdefault(doc[c.head].sent.start, []).append(c)
    inside = [(q.open_at, q.close_at if q.close_at is not None else q.end) for q in marked]

    def in_quote(tok: int) -> bool:
        ch = doc[tok].idx
        i = bisect.bisect_right(inside, (ch, 10**12)) - 1
        return i >= 0 and inside[i][0] <= ch <= inside[i][1]

    drafts: list[_Draft] = []
    for q in marked:
        close = q.close_at if q.close_at is not None else q.end
        open_tok, close_tok = _tok(starts, q.open_at), _tok(starts, max(q.open_at, close - 1))
        if q.close_at is not None:
            close_tok = _tok(starts, q.close_at)
        para = bisect.bisect_right(para_starts, q.open_at) - 1
        cue = _cue_for(doc, q, open_tok, close_tok, by_sent, para_starts, para, in_quote)
        words = sum(1 for t in doc[open_tok:close_tok + 1] if t.is_alpha)
        before = _prev_word(doc, open_tok)
        embedded = before is not None and not before.is_punct and before.lower_ != "that" and (
            cue is None or before.i not in cue.tokens)
        start, end = trim(text, q.start, q.end, QUOTE_MARKS)
        if end <= start:
            continue
        prev = drafts[-1] if drafts else None
        if prev is not None and not embedded and _continues(doc, prev, q, cue, para, open_tok):
            prev.end, prev.marks = end, (prev.marks[0], close)
            prev.parts.append((q.open_at, close))
            continue
        if embedded and words <= 6 and all(t.text[:1].isupper() for t in doc[open_tok:close_tok + 1]
                                            if t.is_alpha and len(t) > 3):
            continue  # a title in quotes: “Night Desk Live”, “The Long Road Home”
        if cue is None:
            cue = _dash_cue(doc, close_tok)
        if cue is None:
            if embedded or words < MIN_UNCUED_WORDS or not any(t.pos_ in ("VERB", "AUX") for t in
                                                               doc[open_tok:close_tok + 1]):
                continue  # scare quotes, titles, terms: not speech
            drafts.append(_Draft(start, end, "direct", None, (q.open_at, close), para, [(q.open_at, close)]))
            continue
        kind = "direct"
        content = cue.content
        if embedded and words <= PARTIAL_MAX_WORDS and cue.kind in ("speech", "belief"):
            # a fragment quoted inside reported speech: the report around it is the quote
            content = _clause_around(doc, open_tok, cue) or content
        if content is not None:
            cs, ce = doc[content[0]].idx, doc[content[1] - 1].idx + len(doc[content[1] - 1])
            outside = [t for t in doc[content[0]:content[1]] if not (q.open_at <= t.idx <= close) and t.is_alpha]
            if cs < close and ce > q.open_at and outside:
                start, end = min(start, cs), max(end, ce)
                kind = "mixed"
        if kind == "direct" and embedded and words <= PARTIAL_MAX_WORDS:
            kind = "partial"
        drafts.append(_Draft(start, end, kind, cue, (q.open_at, close), para, [(q.open_at, close)]))
    return drafts


def _turns(text: str, starts: list[int], lex: Lexicon) -> list[_Draft]:
    """Lines opening with a speaker label and a colon: "OKAFOR: ...", "Maria Lind: ..."."""
    out: list[_Draft] = []
    for k, (ps, pe) in enumerate(paragraphs(text)):
        m = _TURN.match(text, ps, pe)
        if not m:
            continue
        label = m.group(1).strip()
        words = label.split()
        if (len(words) > 4 or label.casefold() in lex.colon_labels or any(c.isdigit() for c in label)
                or not all(w[:1].isupper() for w in words) or words[0] in ("The", "A", "An")):
            continue  # a heading or a label, not a speaker
        colon = text.index(":", m.end(1))
        start, end = trim(text, m.start(2), m.end(2), QUOTE_MARKS)
        while end > start and text[end - 1] in "\"”'’" and text[start - 1] not in "\"“'‘":
            end -= 1
        if end - start < 3:
            continue
        cue = Cue((_tok(starts, colon),), None, None, "colon", _tok(starts, colon))
        out.append(_Draft(start, end, "direct", cue, (ps, pe), k, [(ps, pe)],
                          label=(m.start(1), m.start(1) + len(label))))
    return out


def _continues(doc: Doc, prev: _Draft, q: Quoted, cue: Cue | None, para: int, open_tok: int) -> bool:
    """Whether `q` goes on with the previous quote: same paragraph, right after that quote's cue.

    Covers the split quote ("…,” confirmed X, “…") and the quote resumed after its cue sentence
    ("…,” he said. “…”); a quote with a cue of its own starts anew.
    """
    if prev.para != para or prev.cue is None or prev.kind not in ("direct", "mixed"):
        return False
    if cue is not None and cue != prev.cue:
        return False
    cue_tok = doc[prev.cue.head]
    if not (prev.marks[1] < cue_tok.idx < q.open_at):
        return False
    cue_sent = cue_tok.sent
    if doc[open_tok].sent.start == cue_sent.start:
        return True
    j = open_tok - 1
    while j >= 0 and (doc[j].is_space or doc[j].is_punct and doc[j].idx >= cue_sent.end_char):
        j -= 1
    return j >= 0 and cue_sent.start <= j < cue_sent.end


def _dash_cue(doc: Doc, close_tok: int) -> Cue | None:
    """“…” ― Name: a quote signed with a dash and a short name closing the paragraph."""
    i = close_tok + 1
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i >= len(doc) or doc[i].text not in ("―", "—", "–", "-", "--"):
        return None
    rest = []
    for t in doc[i + 1:]:
        if "\n" in t.text or "\n" in doc[t.i - 1].whitespace_ and rest:
            break
        if not t.is_space:
            rest.append(t)
        if len(rest) > 6:
            return None
    names = [t for t in rest if t.pos_ == "PROPN" or t.text[:1].isupper()]
    if not names or len(rest) > 6:
        return None
    return Cue((i,), names[-1].i, None, "dash", i)


def _clause_around(doc: Doc, tok: int, cue: Cue) -> tuple[int, int] | None:
    """Token range of the reported clause holding a quoted fragment, cue and speaker left out."""
    t = doc[tok]
    for _ in range(12):
        if t.head.i == cue.head or t.head.i == t.i:
            break
        t = t.head
    if t.head.i == cue.head:
        if t.dep_ in ("ccomp", "parataxis", "advcl", "xcomp"):
            toks = [t]
        else:
            # the quote is what the verb takes: "called the plan “a disaster”"
            toks = [c for c in doc[cue.head].rights if not c.is_punct and c.dep_ not in ("cc", "conj")]
    else:
        # the cue hangs inside the reported clause: "Ortiz “had no choice,” Baker said"
        toks = [t]
    if not toks:
        return None
    start = min(c.left_edge.i for c in toks)
    end = max(c.right_edge.i for c in toks) + 1
    if start <= doc[cue.head].i < end and t.head.i == cue.head:
        return None
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ == "that"):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in ",;:—–-"):
        end -= 1
    return (start, end) if end > start else None


def _cue_for(doc: Doc, q: Quoted, open_tok: int, close_tok: int, by_sent: dict[int, list[Cue]],
             para_starts: list[int], para: int, in_quote: Callable[[int], bool]) -> Cue | None:
    """The cue that introduces a quoted stretch: content inside it, or the nearest one beside it."""
    sents = {doc[open_tok].sent.start, doc[close_tok].sent.start}
    nxt = close_tok + 1
    while nxt < len(doc) and (doc[nxt].is_space or doc[nxt].is_punct) and nxt - close_tok < 3:
        nxt += 1
    if nxt < len(doc) and bisect.bisect_right(para_starts, doc[nxt].idx) - 1 == para:
        sents.add(doc[nxt].sent.start)
    close = q.close_at if q.close_at is not None else q.end
    candidates = [c for s in sents for c in by_sent.get(s, ())
                  if not (q.open_at <= doc[c.head].idx <= close) and not in_quote(c.head)]
    if not candidates:
        return _lead_in(doc, open_tok, by_sent, in_quote)
    for c in candidates:
        if c.content and c.content[0] <= close_tok and c.content[1] > open_tok:
            return c
    ends_open = doc[close_tok - 1].text in (",", "?", "!", "—", "–") if close_tok > 0 else False
    after = [c for c in candidates if c.head > close_tok and c.head - close_tok <= CUE_AFTER_MAX]
    before = [c for c in candidates if c.head < open_tok and c.kind not in _HELD
              and doc[c.head].sent.start == doc[open_tok].sent.start]
    if after and (ends_open or not before):
        return min(after, key=lambda c: c.head)
    if before:
        return max(before, key=lambda c: c.head)
    later = [c for c in candidates if c.head > close_tok and c.kind not in _HELD]
    return min(later, key=lambda c: c.head) if later else None


def _lead_in(doc: Doc, open_tok: int, by_sent: dict[int, list[Cue]],
             in_quote: Callable[[int], bool]) -> Cue | None:
    """A cue ending the text before the quote with a colon ("He said:"), maybe in the paragraph above."""
    j = open_tok - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].text != ":":
        return None
    found = [c for c in by_sent.get(doc[j].sent.start, ()) if c.head < j and not in_quote(c.head)
             and c.kind not in _HELD]
    return max(found, key=lambda c: c.head) if found else None


def _indirect(doc: Doc, cues: list[Cue], drafts: list[_Draft]) -> list[_Draft]:
    """Reported speech: the clause a cue introduces, where no quoted stretch already covers it."""
    text = doc_text(doc)
    taken = sorted((d.start, d.end) for d in drafts)
    taken_marks = sorted(d.marks for d in drafts)
    used = {id(d.cue) for d in drafts if d.cue is not None}
    out: list[_Draft] = []
    for c in cues:
        if id(c) in used:
            continue
        head = doc[c.head]
        if any(a <= head.idx < b for a, b in taken_marks):
            continue  # a cue inside someone's quote is part of what they said
        block = None if c.content or c.kind == "source" else _block_after(doc, c)
        span = _source_content(doc, c) if c.kind == "source" else c.content or block
        if span is None or c.speaker is None and c.kind not in ("source", "impersonal"):
            continue  # reported speech with no one reporting it is no attribution ("hard to say for now")
        s_tok, e_tok = span
        start, end = doc[s_tok].idx, doc[e_tok - 1].idx + len(doc[e_tok - 1])
        start, end = trim(text, start, end, QUOTE_MARKS)
        if end - start < 8 or any(a < end and start < b for a, b in taken):
            continue
        kind = "direct" if block else "indirect"
        for d in drafts:
            if d.kind == "partial" and start <= d.marks[0] and d.marks[1] <= end:
                kind = "mixed"
        if kind == "mixed":
            drafts[:] = [d for d in drafts if not (d.kind == "partial" and start <= d.marks[0]
                                                   and d.marks[1] <= end)]
        # no quoted parts: a parenthetical cue ("The test, X said, was ...") sits inside its content
        out.append(_Draft(start, end, kind, c, (start, end), -1, []))
        taken.append((start, end))
    return out


def _block_after(doc: Doc, c: Cue) -> tuple[int, int] | None:
    """"Lind added:" closing a paragraph introduces the next paragraph as what was said."""
    sent = doc[c.head].sent
    last = sent.end - 1
    while last > sent.start and doc[last].is_space:
        last -= 1
    if doc[last].text != ":" or c.head < last - 4:
        return None
    start = last + 1
    while start < len(doc) and doc[start].is_space:
        start += 1
    if start >= len(doc) or "\n" not in doc_text(doc)[doc[last].idx:doc[start].idx]:
        return None
    end = start
    while end < len(doc) and not ("\n" in doc[end].text or "\n" in doc[end].whitespace_):
        end += 1
    end = min(end + 1, len(doc))
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
        end -= 1
    block = doc_text(doc)[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])] if end > start else ""
    if end - start < 3 or any(m in block for m in "“”\""):
        return None  # a quoted paragraph is found by its marks
    return start, end


def _source_content(doc: Doc, c: Cue) -> tuple[int, int] | None:
    """For "according to X": the rest of the sentence, on the side away from the source."""
    sent = doc[c.head].sent
    first = c.tokens[0]
    last = doc[c.speaker].right_edge.i if c.speaker is not None else c.tokens[-1]
    # "According to X, ..." reports what follows; "..., according to X" what precedes
    pick = (last + 1, sent.end) if first - sent.start <= 1 else (sent.start, first)
    after = last + 1
    while after < sent.end and doc[after].is_space:
        after += 1
    if first - sent.start > 1 and after + 1 < sent.end and doc[after].text == "," and sum(
            1 for t in doc[after + 1:sent.end] if t.is_alpha) >= 3:
        # "exports fell 4 percent, according to the bureau, and imports rose 2": the report runs on both sides
        pick = (sent.start, sent.end)
    s, e = pick
    while s < e and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
        e -= 1
    return (s, e) if e - s >= 3 else None


def _speaker(doc: Doc, d: _Draft, index: ActorIndex, lex: Lexicon) -> Speaker:
    if d.label is not None:
        return resolve_label(doc, *d.label, index)
    if d.cue is None or d.cue.kind == "impersonal":
        return NO_SPEAKER
    head = doc[d.cue.speaker] if d.cue.speaker is not None else None
    if head is None or any(a <= head.idx < b for a, b in d.parts):
        # the parse took a word of the quote for the subject: look beside the cue instead
        head = _beside(doc, d.cue, d.parts)
        if head is None:
            return NO_SPEAKER
    return resolve(doc, head, index, lex, avoid=d.parts)


def _beside(doc: Doc, cue: Cue, parts: list[tuple[int, int]]) -> Token | None:
    """The noun phrase right after the cue ("confirmed Abu Marzouk") or right before it."""
    def outside(t: Token) -> bool:
        return not any(a <= t.idx <= b for a, b in parts)

    last = max(cue.tokens)
    # after "told", "asked" or "urged" comes whom they addressed, never who spoke
    after = () if doc[cue.head].lemma_.lower() in _ADDRESSEE_VERBS else doc[last + 1:min(last + 7, len(doc))]
    for t in after:
        if not outside(t) or t.is_punct and t.text not in ("-", "'") or t.pos_ == "ADP":
            break  # "said on the radio": a place or occasion, not the speaker
        if (t.pos_ in ("PROPN", "NOUN", "PRON") and t.ent_type_ not in ("DATE", "TIME")
                and t.dep_ not in ("advmod", "npadvmod")):
            while t.dep_ in ("compound", "flat", "amod") and t.head.i > t.i and t.head.i - t.i < 5:
                t = t.head
            return t
    for t in reversed(doc[max(0, cue.head - 6):cue.head]):
        if not outside(t) or t.is_punct:
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            return t
    return None


def _cue_span(doc: Doc, cue: Cue) -> Span:
    s = doc[min(cue.tokens):max(cue.tokens) + 1]
    return Span(s.start_char, s.end_char, s.text)


def _prev_word(doc: Doc, i: int) -> Token | None:
    j = i - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    if j < 0 or doc[j].sent.start != doc[i].sent.start and doc[i].is_sent_start:
        return None
    return doc[j]


# stray marks that may open a span of quoted words
QUOTE_MARKS = "\"“”'‘"

__all__ = ["find_quotes"]
