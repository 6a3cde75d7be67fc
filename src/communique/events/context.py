"""When and where: an event's date from the nearest temporal expression, its place from the parse."""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterable, Sequence

from spacy.tokens import Doc, Token

from ..nlp import token_spans
from ..records import Article, EventDate, EventPlace, Place, TimeExpr
from .arguments import governor

VISIT_CODES = frozenset({"042", "043", "044"})
# types whose target, when it is a place, is also where the event happened ("shelled the port")
PLACED_TARGETS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})


class Dates:
    """Temporal expressions of one article, to date events by sentence, then paragraph, then publication."""

    def __init__(self, article: Article, times: Sequence[TimeExpr]):
        self.times = sorted((t for t in times if t.value and not t.approximate), key=lambda t: t.start)
        self.starts = [t.start for t in self.times]
        self.paragraphs = sorted(article.paragraphs)
        self.published = _published(article.published)

    def date(self, start: int, end: int, at: int, clause: Container[int] | None = None) -> EventDate | None:
        """The date of an event in the sentence [start, end) whose trigger is at offset `at`.

        With `clause` (the character offsets of the words of the trigger's clause and the clauses above
        it), a date said in a neighbouring clause ("arrested in 2019, he was freed on Monday") is not
        the event's; the paragraph's, then the publication date, stand in.
        """
        same = [t for t in self._within(start, end) if clause is None or t.start in clause]
        if same:
            best = min(same, key=lambda t: abs(t.start - at))
            return EventDate(best.value, best.granularity, best.text)
        para = self._paragraph(start)
        if para is not None:
            near = self._within(*para)
            if near:
                # the closest expression before the sentence, else the closest after it
                before = [t for t in near if t.start < start]
                best = before[-1] if before else near[0]
                return EventDate(best.value, best.granularity, best.text)
        if self.published:
            return EventDate(self.published, "day", None, approximate=True)
        return None

    def _within(self, start: int, end: int) -> list[TimeExpr]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end)
        return [t for t in self.times[lo:hi] if t.end <= end]

    def _paragraph(self, offset: int) -> tuple[int, int] | None:
        pos = bisect.bisect_right(self.paragraphs, (offset, float("inf"))) - 1
        if pos >= 0 and self.paragraphs[pos][0] <= offset < self.paragraphs[pos][1]:
            return self.paragraphs[pos]
        return None


def _published(value: str | None) -> str | None:
    if not value or len(value) < 10 or value[4] != "-":
        return None
    return value[:10]


CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "xcomp", "pcomp"})


def clause_offsets(trigger: Token) -> set[int]:
    """Start offsets of the words of a trigger's clause and of the clauses that govern it.

    Modifiers hang from each word on the path to the root; a dependent clause off that path (a
    relative clause, another conjunct, a clause of reason) is another event's.
    """
    path: list[Token] = []
    node = trigger
    while True:
        path.append(node)
        if node.head.i == node.i:
            break
        node = node.head
    on_path = {t.i for t in path}
    out: set[int] = set()
    stack = list(path)
    while stack:
        tok = stack.pop()
        out.add(tok.idx)
        for child in tok.children:
            if child.i not in on_path and child.dep_ not in CLAUSES:
                stack.append(child)
    return out


class Places:
    """Token index -> Place over a Doc, built once per document."""

    def __init__(self, doc: Doc, places: Sequence[Place]):
        self.by_token: dict[int, Place] = {}
        self.roots: list[tuple[Token, Place]] = []
        for place in places:
            for span in token_spans(doc, place.mentions):
                for tok in span:
                    self.by_token.setdefault(tok.i, place)
                self.roots.append((span.root, place))
        self.roots.sort(key=lambda r: r[0].i)
        self.root_ids = [r[0].i for r in self.roots]

    def in_range(self, start: int, end: int) -> list[tuple[Token, Place]]:
        """Place mentions (root token, place) whose root lies in token range [start, end)."""
        lo = bisect.bisect_left(self.root_ids, start)
        hi = bisect.bisect_left(self.root_ids, end)
        return self.roots[lo:hi]


# "KYIV, Ukraine (AP) — ...", "ISLAMABAD — ...": a place, its country, an agency, then a dash
DATELINE = re.compile(r"\s*([A-Z][\w.'’ -]{1,40}?)(?:,\s*[A-Z][\w.'’ -]{1,40}?)?"
                      r"\s*(?:\([^)]{1,30}\))?\s*(?:—|–|--| - )")


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the story's dateline is ("KYIV, Ukraine (AP) —"), if it opens with one."""
    found = DATELINE.match(text[:120])
    return found.span() if found else None


def dateline(span: tuple[int, int] | None, places: Places) -> EventPlace | None:
    """The place of the dateline, where the first paragraph's events happened unless it says else."""
    if span is None:
        return None
    start, end = span
    for _root, place in places.roots:
        if any(m.start < end and start < m.end for m in place.mentions):
            return _event_place(place)
    return None


def event_place(heads: Iterable[Token], trigger: Token, targets: Sequence[Token], etype: str,
                cameo: str | None, places: Places, locative: frozenset[str]) -> EventPlace | None:
    """Where the event happened: a place attached by in/at/near to the trigger's clause, else None.

    `heads` are the tokens that stand for the event (trigger, light verb, frame, governing verb).
    A visit's destination and an attack's target count when they are places.
    """
    anchors = {t.i for t in heads}
    gov = governor(trigger) if trigger.pos_ == "NOUN" else None
    if gov is not None:
        anchors.add(gov.i)
    preps = locative | ({"to"} if cameo in VISIT_CODES else frozenset())
    sent = trigger.sent
    for root, place in places.in_range(sent.start, sent.end):
        if _attached(root, anchors, preps):
            return _event_place(place)
    if etype in PLACED_TARGETS or cameo in VISIT_CODES:
        for tok in targets:
            place = places.by_token.get(tok.i)
            if place is not None:
                return _event_place(place)
    return None


def _attached(root: Token, anchors: set[int], preps: frozenset[str]) -> bool:
    node = root
    for hop in range(4):
        # the place's own preposition must be locative; above it, "meeting *with* the envoy in the capital"
        if node.dep_ != "pobj" or node.head.dep_ != "prep" or (hop == 0 and node.head.lower_ not in preps):
            return False
        up = node.head.head
        if up.i in anchors:
            return True
        if up.dep_ in ("dobj", "nsubjpass") and up.head.i in anchors:
            # "shelled villages in the north": the place of the object is where it happened
            return True
        node = up
    return False


def _event_place(place: Place) -> EventPlace:
    return EventPlace(place.name, place.geonameid, place.lat, place.lon, place.country)
