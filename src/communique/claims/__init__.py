"""Positions on issues, from quotes and statements: actor, issue, stance, terms, evidence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..nlp import doc_text, trim
from ..records import Actor, Claim, Quote, Span
from .codebook import Codebook, load, match_at

FLIP = {"support": "oppose", "oppose": "support"}
HOLDER_NOUNS = frozenset({"position", "stance", "view", "views", "policy", "attitude", "line", "approach",
                          "stand", "opinion", "response", "decision"})
GROUP_KINDS = ("organisation", "state", "people", "igo")
MAX_TERM_WORDS = 8


def find_claims(doc: Doc, quotes: Sequence[Quote], actors: Sequence[Actor], *,
                codebook: Codebook | None = None) -> list[Claim]:
    """Claims (actor, issue, stance, terms) made in the article, in text order.

    Inside a quote a claim belongs to its speaker, or to the organisation or state the speaker
    names as the position's holder ("The position of Hamas is ..."); outside quotes, to an actor
    that is the subject of the stance ("Russia supports ..."). A stance counts only when an
    issue of the codebook follows it in the same clause.
    """
    book = codebook or load()
    if not len(doc):
        return []
    by_id = {a.id: a for a in actors}
    mentions = sorted((m.start, m.end, a.id) for a in actors for m in a.mentions)
    starts = [m[0] for m in mentions]
    spans = sorted(((q.start, q.end, q) for q in quotes), key=lambda x: (x[0], -x[1]))
    q_starts = [s[0] for s in spans]

    claims: list[Claim] = []
    seen: set[tuple[str | None, str, str]] = set()
    n = len(doc)
    i = 0
    while i < n:
        hit = match_at(doc, i, book.stances, n)
        if hit is None:
            i += 1
            continue
        used, stance = hit
        cue = doc[i:i + used]
        i += used
        sent = cue.sent
        quote = _quote_at(spans, q_starts, cue.start_char)
        if _negated(doc, cue.start, sent.start, book):
            if stance not in FLIP:
                continue
            stance = FLIP[stance]
        found = _issue_after(doc, cue.end, _clause_end(doc, cue, sent, book), book)
        if found is None:
            continue
        issue, kw_start, kw_end = found
        owners = _owners(doc, cue, quote, by_id, mentions, starts)
        if not owners and (quote is None or not quote.speaker_text):
            continue
        lo = max(sent.start_char, quote.start) if quote else sent.start_char
        hi = min(sent.end_char, quote.end) if quote else sent.end_char
        lo, hi = trim(doc_text(doc), lo, hi, "“”\"‘’")
        evidence = Span(lo, hi, doc_text(doc)[lo:hi])
        terms = _terms(doc, kw_start, min(hi, _clause_end_char(sent, quote)), book, issue)
        for actor in owners or [None]:
            key = (actor, issue, stance)
            if key in seen:
                continue
            seen.add(key)
            claims.append(Claim(id=f"c{len(claims) + 1}", actor=actor, issue=issue, stance=stance,
                                terms=tuple(terms), evidence=evidence, quote=quote.id if quote else None))
    return claims


def _quote_at(spans: list[tuple[int, int, Quote]], q_starts: list[int], char: int) -> Quote | None:
    k = bisect.bisect_right(q_starts, char) - 1
    while k >= 0:
        s, e, q = spans[k]
        if s <= char < e:
            return q
        if e < char and s < char - 5000:
            break
        k -= 1
    return None


def _negated(doc: Doc, start: int, sent_start: int, book: Codebook) -> bool:
    return any(t.lower_ in book.negations for t in doc[max(sent_start, start - 3):start])


def _clause_end(doc: Doc, cue, sent, book: Codebook) -> int:
    """Where the stance's scope ends: the sentence end, a semicolon, or the next stance cue."""
    j = cue.end
    while j < sent.end:
        if doc[j].text == ";":
            return j
        if j > cue.end and match_at(doc, j, book.stances, sent.end) is not None and doc[j - 1].text in (",", "and"):
            return j
        j += 1
    return sent.end


def _clause_end_char(sent, quote: Quote | None) -> int:
    return min(sent.end_char, quote.end) if quote else sent.end_char


def _issue_after(doc: Doc, start: int, end: int, book: Codebook) -> tuple[str, int, int] | None:
    """The first codebook issue named in tokens [start, end): (issue id, first token, end token)."""
    for j in range(start, end):
        hit = match_at(doc, j, book.keywords, end)
        if hit is not None:
            return hit[1], j, j + hit[0]
    return None


def _owners(doc: Doc, cue, quote: Quote | None, by_id: dict[str, Actor],
            mentions: list[tuple[int, int, str]], starts: list[int]) -> list[str]:
    """Who holds the position: the quote's speaker(s) or the holder they name; else the subject actor."""
    subject = _subject(cue)
    if quote is not None:
        speakers = list(quote.speakers) or ([quote.speaker] if quote.speaker else [])
        holder = None
        if subject is not None and subject.lemma_.lower() in HOLDER_NOUNS:
            holder = _holder(doc, subject, speakers, by_id, mentions, starts)
        elif subject is None or subject.lower_ in ("we", "they", "it"):
            # the parse lost the subject, or a pronoun stands for the holder named before it
            near = _holder_noun_before(doc, cue.start, max(quote.start, cue.sent.start_char - 400))
            if near is not None:
                holder = _holder(doc, near, speakers, by_id, mentions, starts)
        return [holder] if holder else speakers
    if subject is None:
        return []
    ids = _actors_in(subject.left_edge.idx, subject.idx + len(subject), mentions, starts)
    return ids[:1]


def _subject(cue) -> Token | None:
    """The subject of the stance: of its verb, or of the verb an adjective or phrase hangs on."""
    t = cue.root
    for _ in range(4):
        subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return subj
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _holder_noun_before(doc: Doc, cue_start: int, floor_char: int) -> Token | None:
    """The nearest "position"/"stance" noun before the cue, within the quote."""
    j = cue_start - 1
    while j >= 0 and doc[j].idx >= floor_char and cue_start - j <= 60:
        if doc[j].lemma_.lower() in HOLDER_NOUNS and doc[j].pos_ == "NOUN":
            return doc[j]
        j -= 1
    return None


def _holder(doc: Doc, subject: Token, speakers: list[str], by_id: dict[str, Actor],
            mentions: list[tuple[int, int, str]], starts: list[int]) -> str | None:
    """The organisation or state a speaker names as holding the position ("the position of Hamas")."""
    owner = next((c for c in subject.children if c.dep_ == "poss"), None)
    if owner is None:
        of = next((c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        owner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if owner is None:
        return None
    speaker = by_id.get(speakers[0]) if speakers else None
    span = doc[owner.left_edge.i:owner.i + 1]
    found = [a for a in _actors_in(span.start_char, span.end_char, mentions, starts)
             if by_id[a].kind in GROUP_KINDS]
    if not found and speaker is not None and owner.lower_ in ("country", "government", "state", "nation"):
        # "his country's position": the speaker's own state
        poss = next((c for c in owner.children if c.dep_ == "poss"), None)
        if poss is not None and poss.pos_ == "PRON" and speaker.country:
            found = [a.id for a in by_id.values() if a.kind == "state" and a.country == speaker.country]
    if not found:
        return None
    candidate = by_id[found[0]]
    if speaker is None or speaker.affiliation in (None, candidate.id) or (
            speaker.country and candidate.country == speaker.country):
        return candidate.id
    return None


def _actors_in(start: int, end: int, mentions: list[tuple[int, int, str]], starts: list[int]) -> list[str]:
    k = bisect.bisect_left(starts, end)
    out: list[str] = []
    for s, e, aid in mentions[max(0, k - 64):k]:
        if e > start and s < end and aid not in out:
            out.append(aid)
    return out


def _terms(doc: Doc, kw_start: int, end_char: int, book: Codebook, issue: str) -> list[str]:
    """The terms listed after the issue ("which consists of A, B, and C"), else its qualified forms."""
    text = doc_text(doc)
    tail_start = doc[kw_start].idx
    tail = text[tail_start:end_char]
    low = tail.lower()
    best: int | None = None
    for opener in book.openers:
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in opener) + (r"\b" if opener[-1] != ":" else "")
        m = re.search(pattern, low)
        if m and (best is None or m.end() < best):
            best = m.end()
    terms: list[str] = []
    if best is not None:
        listing = tail[best:]
        for item in re.split(r",\s*(?:and\s+|or\s+)?|;\s*|\s+and\s+(?=(?:the|a|an)\s)", listing):
            term = _short(item, book)
            if term and term not in terms:
                terms.append(term)
    if len(terms) < 2:
        terms = []
        for pattern in book.issues[issue].terms if issue in book.issues else ():
            for m in pattern.finditer(text[doc[kw_start].sent.start_char:end_char].lower()):
                if m.group(0) not in terms:
                    terms.append(m.group(0))
    return terms


def _short(item: str, book: Codebook) -> str | None:
    """A listed item cut to a short noun phrase: no article, no light head, no trailing detail."""
    words = re.findall(r"[\w’'-]+", item)
    while words and words[0].lower() in ("the", "a", "an", "and", "or", "also", "its", "their"):
        words = words[1:]
    if len(words) > 2 and words[0].lower() in book.light_heads and words[1].lower() == "of":
        words = words[2:]
        while words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
    for k, w in enumerate(words):
        if k > 0 and w.lower() in book.term_breaks:
            words = words[:k]
            break
    words = words[:MAX_TERM_WORDS]
    return " ".join(words) if words else None


__all__ = ["find_claims"]
