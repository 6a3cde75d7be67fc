"""Who a pronoun or a role noun stands for: one resolver over a document's actors, for events and speakers.

"He", "she", "it" and "they" take the nearest earlier actor that fits: a person of the pronoun's
gender, a body or state for "it", a group (or several people) for "they"; a pronoun subject opening
its sentence prefers the subject of the sentence before. A definite role noun ("the senator", "the
prime minister", "the ministry") goes to the actor the story gives that role, of the country its own
words name, never simply to the last person named.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..nlp import token_spans
from ..records import Actor
from .knowledge import load_kb
from .names import fold

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
THING = frozenset({"it", "its", "itself"})
GROUP = frozenset({"they", "them", "their", "theirs", "themselves"})
BODIES = ("organisation", "state", "igo", "people")
WINDOW = 80  # tokens before the pronoun's sentence searched for an antecedent


@dataclass(frozen=True)
class References:
    """Token -> actor over one Doc, with what each actor is: kind, gender, role, country."""

    by_token: dict[int, str]
    actors: dict[str, Actor]
    starts: list[int]  # sorted token indices covered by an actor mention

    @classmethod
    def build(cls, doc: Doc, actors: Sequence[Actor]) -> References:
        """Map every token inside an actor mention to that actor (the shorter mention wins an overlap)."""
        by_token: dict[int, str] = {}
        spans = sorted(((span, a.id) for a in actors for span in token_spans(doc, a.mentions)),
                       key=lambda x: len(x[0]))
        for span, aid in spans:
            for tok in span:
                by_token.setdefault(tok.i, aid)
        return cls(by_token, {a.id: a for a in actors}, sorted(by_token))

    def at(self, tok: Token) -> str | None:
        """The actor whose mention covers this token."""
        return self.by_token.get(tok.i)

    def antecedent(self, pron: Token) -> str | None:
        """The actor a third-person pronoun stands for, or None when nothing before it fits."""
        low = pron.lower_
        if low in MALE or low in FEMALE:
            want = "m" if low in MALE else "f"

            def agrees(aid: str) -> bool:
                a = self.actors[aid]
                return a.kind == "person" and a.gender == want

            # a person known to be of the pronoun's gender beats a nearer one whose gender is unknown
            found = self._topic(pron, agrees) or self._before(pron.i, pron.sent.start - WINDOW, agrees)
            if found is not None:
                return found

            def fits(aid: str) -> bool:
                a = self.actors[aid]
                return a.kind == "person" and a.gender in (None, want)
        elif low in THING:
            def fits(aid: str) -> bool:
                return self.actors[aid].kind in BODIES
        elif low in GROUP:
            def fits(aid: str) -> bool:
                return self.actors[aid].kind in BODIES or self.actors[aid].kind == "person"
        else:
            return None
        topic = self._topic(pron, fits)
        if topic is not None:
            return topic
        return self._before(pron.i, pron.sent.start - WINDOW, fits)

    def role_holder(self, noun: Token, start: int | None = None) -> str | None:
        """The actor a definite role noun ("the senator", "the foreign minister") stands for, else None.

        A person the story gives that role (in the text or, at the publication date, in the knowledge
        base), of the country the noun's own modifiers name ("the Iranian foreign minister"); the last
        such before the noun, else the first within the next two sentences.
        """
        doc = noun.doc
        lo = start if start is not None else noun.left_edge.i
        words = [t for t in doc[lo:noun.i + 1] if not t.is_punct]
        terms = _role_terms(words)
        if not terms:
            return None
        country = self._named_country(doc[lo:noun.i])

        def fits(aid: str) -> bool:
            a = self.actors[aid]
            role = fold(a.role or "")
            return a.kind == "person" and any(f" {t} " in f" {role} " for t in terms) and (
                country is None or a.country == country) and not role.startswith("former ")

        found = self._before(lo, 0, fits)
        if found is not None:
            return found
        end = noun.sent.end
        for _ in range(2):
            if end < len(doc):
                end = doc[end].sent.end
        pos = bisect.bisect_right(self.starts, noun.i)
        for i in self.starts[pos:]:
            if i >= end:
                break
            if fits(self.by_token[i]):
                return self.by_token[i]
        return None

    def _before(self, pos: int, floor: int, fits) -> str | None:  # type: ignore[no-untyped-def]
        """The nearest actor mentioned before token `pos` (not before `floor`) that fits."""
        k = bisect.bisect_left(self.starts, pos) - 1
        while k >= 0 and self.starts[k] >= max(0, floor):
            aid = self.by_token[self.starts[k]]
            if fits(aid):
                return aid
            k -= 1
        return None

    def _topic(self, pron: Token, fits) -> str | None:  # type: ignore[no-untyped-def]
        """The main subject of the previous sentence, for a pronoun subject that opens its own."""
        if pron.dep_ not in ("nsubj", "nsubjpass") or pron.sent.start == 0:
            return None
        if any(self.by_token.get(t.i) for t in pron.sent if t.i < pron.i):
            return None  # an actor named earlier in the same sentence is nearer
        prev = pron.doc[pron.sent.start - 1].sent
        for t in prev:
            aid = self.by_token.get(t.i)
            head = t if t.dep_ in ("nsubj", "nsubjpass") else t.head
            if aid and head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ROOT" and fits(aid):
                return aid
        return None

    def _named_country(self, span) -> str | None:  # type: ignore[no-untyped-def]
        """The one country a role phrase's own words name ("the Iranian foreign minister")."""
        kb = load_kb()
        found = set()
        for t in span:
            aid = self.by_token.get(t.i)
            if aid and self.actors[aid].kind == "state" and self.actors[aid].country:
                found.add(self.actors[aid].country)
            elif t.text[:1].isupper() and (e := kb.demonym(t.text)) is not None and e.country:
                found.add(e.country)
        return found.pop() if len(found) == 1 else None


def _role_terms(words: list[Token]) -> list[str]:
    """The role's own words, longest first: "the prime minister" -> ["prime minister", "minister"]."""
    kb = load_kb()
    out = []
    for k in range(len(words)):
        phrase = " ".join(t.lower_ for t in words[k:])
        role = kb.role(phrase)
        if role is not None and role.kind == "person":
            out.append(fold(role.term))
    return out
