"""Speakers: the phrase naming who speaks, resolved to actors (named, pronoun, role, collective, unnamed)."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokenSpan

from ..actors.refer import References
from ..nlp import doc_text
from ..records import Actor, Span
from .cues import Lexicon

MAX_PHRASE = 20  # tokens; a longer subject keeps only its head and what precedes it
GROUP_KINDS = ("organisation", "state", "people", "igo")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who speaks: one actor, several (collective), or none with the words naming them."""

    actor: str | None
    actors: tuple[str, ...]
    text: str | None
    span: Span | None  # the speaker phrase in the text
    how: str  # named | pronoun | role | collective | unnamed | unresolved | none


NO_SPEAKER = Speaker(None, (), None, None, "none")


class ActorIndex:
    """Actor mentions sorted by offset, for overlap and most-recent look-ups."""

    def __init__(self, actors: Sequence[Actor], refs: References) -> None:
        self.refs = refs  # pronouns and role nouns: the resolver events use too
        self.by_id = {a.id: a for a in actors}
        rows = sorted((m.start, m.end, a.id) for a in actors for m in a.mentions)
        self.rows = rows
        self.starts = [r[0] for r in rows]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Mentions overlapping [start, end)."""
        i = bisect.bisect_left(self.starts, end)
        return [r for r in self.rows[max(0, i - 64):i] if r[1] > start and r[0] < end]

    def before(self, pos: int, kinds: Sequence[str]) -> list[str]:
        """Actor ids of the given kinds, most recent mention before `pos` first, each once."""
        i = bisect.bisect_left(self.starts, pos)
        seen: list[str] = []
        for _s, e, aid in reversed(self.rows[:i]):
            if e <= pos and self.by_id[aid].kind in kinds and aid not in seen:
                seen.append(aid)
        return seen

    def after(self, pos: int, kinds: Sequence[str]) -> list[str]:
        """Actor ids of the given kinds, first mention after `pos` first, each once."""
        i = bisect.bisect_left(self.starts, pos)
        seen: list[str] = []
        for _s, _e, aid in self.rows[i:]:
            if self.by_id[aid].kind in kinds and aid not in seen:
                seen.append(aid)
        return seen


def phrase(doc: Doc, head: Token, avoid: Sequence[tuple[int, int]] = ()) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by `head`, kept clear of `avoid` (chars)."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    if end - start > MAX_PHRASE:
        end = head.i + 1
    if avoid:
        toks = [t.i for t in doc[start:end] if not any(t.idx <= b and t.idx + len(t) > a for a, b in avoid)]
        if head.i in toks:
            lo = hi = toks.index(head.i)
            while lo > 0 and toks[lo - 1] == toks[lo] - 1:
                lo -= 1
            while hi + 1 < len(toks) and toks[hi + 1] == toks[hi] + 1:
                hi += 1
            start, end = toks[lo], toks[hi] + 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ == "cc"):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ in ("cc",)):
        end -= 1
    # a relative clause or a trailing participle is not part of the name
    for t in doc[head.i + 1:end]:
        if t.dep_ in ("relcl", "acl", "punct") and t.head.i == head.i:
            end = t.i
            while end > head.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
                end -= 1
            break
    return start, end


def resolve(doc: Doc, head: Token, index: ActorIndex, lex: Lexicon,
            avoid: Sequence[tuple[int, int]] = ()) -> Speaker:
    """The speaker named by the phrase headed by `head`."""
    start, end = phrase(doc, head, avoid)
    span = doc[start:end]
    text_span = Span(span.start_char, span.end_char, span.text)
    words = tuple(t.lower_ for t in span)
    lower = head.lower_

    for phrase_words in lex.collective:
        if words == phrase_words:
            pair = _meeting_parties(doc, head, index, lex)
            return Speaker(None, pair, span.text, text_span, "collective")

    core = _core(doc, head)
    named = _named(index, core.start, core.end) or (
        None if head.lower_ in lex.role_nouns or head.lemma_.lower() in lex.role_nouns
        else _named(index, span.start_char, span.end_char))
    if named:
        return Speaker(named, (named,), span.text, text_span, "named")

    if head.pos_ == "PRON":
        if lower in lex.person_pronouns or lower in lex.group_pronouns or lower in lex.thing_pronouns:
            aid = index.refs.antecedent(head)
        elif head.tag_ in ("WP", "WDT") or lower in ("that", "this", "these", "those", "what"):
            return NO_SPEAKER
        else:
            # "some", "each", "not everyone", "someone": a speaker the text leaves unnamed
            return Speaker(None, (), span.text, text_span, "unnamed")
        return Speaker(aid, (aid,) if aid else (), span.text, text_span, "pronoun" if aid else "unresolved")

    lemma = head.lemma_.lower()
    det = next((c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod")
                and c.lower_ in lex.indefinite), None)
    if lemma in lex.unnamed_nouns and (det is not None or (head.tag_ == "NNS" and not _has_definite(head))):
        return Speaker(None, (), span.text, text_span, "unnamed")

    if lemma in lex.role_nouns or lower in lex.role_nouns:
        aid = _role_holder(head, span, index, lex.role_nouns.get(lemma, "person"))
        if aid:
            return Speaker(aid, (aid,), span.text, text_span, "role")
    return Speaker(None, (), span.text, text_span, "unresolved")


def resolve_label(doc: Doc, start: int, end: int, index: ActorIndex) -> Speaker:
    """The speaker named by a label such as a transcript's "PENCE:" (chars [start, end))."""
    span = Span(start, end, doc_text(doc)[start:end])
    named = _named(index, start, end)
    if named is None:
        folded = span.text.casefold()
        named = next((a.id for a in index.by_id.values() if a.kind == "person" and any(
            folded and folded == part.casefold() for part in (a.name, *a.aliases, a.name.split()[-1]))), None)
    return Speaker(named, (named,) if named else (), span.text, span, "named" if named else "unresolved")


def _core(doc: Doc, head: Token) -> Span:
    """The head with its compounds and flat name parts: "Deputy Foreign Minister Mikhail Bogdanov"."""
    lo = hi = head.i
    for c in head.lefts:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "det") and c.i < lo:
            lo = c.left_edge.i if c.dep_ != "poss" else lo
    for c in head.rights:
        if c.dep_ in ("compound", "appos", "flat") and c.i == hi + 1:
            hi = c.right_edge.i
    s = doc[lo:hi + 1]
    return Span(s.start_char, s.end_char, s.text)


def _named(index: ActorIndex, start: int, end: int) -> str | None:
    hits = index.overlapping(start, end)
    if not hits:
        return None
    people = [h for h in hits if index.by_id[h[2]].kind == "person"]
    return (people or hits)[0][2]


def _has_definite(head: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in head.children)


def _role_holder(head: Token, span: TokenSpan, index: ActorIndex, kind: str) -> str | None:
    """The actor holding the role the noun names.

    A person's role goes to whom the body named in the phrase has in that role ("the head of the ...
    Movement, Hamas"), else to the person the story gives the role (the shared resolver); a body's
    role ("the ministry") to the most recent body.
    """
    start, end = span.start_char, span.end_char
    kinds = ("person",) if kind == "person" else (kind,) if kind == "state" else GROUP_KINDS
    if kind == "person":
        orgs = [aid for s, e, aid in index.overlapping(start, end) if index.by_id[aid].kind in GROUP_KINDS]
        if orgs:
            lemma = head.lemma_.lower()
            people = [a for a in index.by_id.values() if a.kind == "person"]
            fitting = [a.id for a in people if a.role and lemma in a.role.lower() and a.affiliation in orgs] or [
                a.id for a in people if a.affiliation in orgs]
            if fitting:
                earlier = [a for a in index.before(start, kinds) if a in fitting]
                later = [a for a in index.after(end, kinds) if a in fitting]
                return (earlier or later or fitting)[0]
        return index.refs.role_holder(head, span.start)
    earlier = index.before(start, kinds)
    return earlier[0] if earlier else None


def _meeting_parties(doc: Doc, head: Token, index: ActorIndex, lex: Lexicon) -> tuple[str, ...]:
    """The two parties of the last meeting before the speaker, else the two most recent people."""
    sent_start = head.sent.start
    i = sent_start - 1
    while i >= 0:
        sent = doc[i].sent
        if any(t.lemma_.lower() in lex.meeting for t in sent):
            hits = index.overlapping(sent.start_char, sent.end_char)
            people: list[str] = []
            for _s, _e, aid in hits:
                if index.by_id[aid].kind == "person" and aid not in people:
                    people.append(aid)
            if len(people) >= 2:
                return tuple(people[:2])
            others: list[str] = []
            for _s, _e, aid in hits:
                if aid not in others and index.by_id[aid].kind in ("person", *GROUP_KINDS):
                    others.append(aid)
            if len(others) >= 2:
                return tuple(others[:2])
        i = sent.start - 1
    return tuple(index.before(head.idx, ("person",))[:2])
