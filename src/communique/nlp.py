"""The one place that loads spaCy."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .errors import CommuniqueError
from .settings import PART_CHARS

TEXT_KEY = "communique_text"
_BREAK = re.compile(r"\n\s*")


def doc_text(doc: Doc) -> str:
    """The Doc's text, joined once (equal to `doc.text`)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def token_spans(doc: Doc, spans: Iterable[Any]) -> Iterator[Span]:
    """The Doc spans covering character spans (anything with start and end), widened to whole tokens."""
    for m in spans:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            yield span


def trim(text: str, start: int, end: int, marks: str = "") -> tuple[int, int]:
    """(start, end) without white space at either end, nor any of `marks` at the start."""
    while start < end and (text[start].isspace() or text[start] in marks):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def parse(nlp: Language, text: str, *, part: int = PART_CHARS) -> Doc:
    """One Doc for a text of any length: parsed whole up to `part` characters, else in parts, joined."""
    if len(text) <= part:
        return nlp(text)
    docs = list(nlp.pipe(parts(text, part), batch_size=1))  # one part at a time is what bounds memory
    for d in docs:
        d.user_data.clear()  # the joined Doc keeps its own text (below), not its parts'
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    doc.user_data[TEXT_KEY] = doc.text
    return doc


def parts(text: str, size: int) -> list[str]:
    """Consecutive pieces of `text` (joined, they are `text`) of at most `size` characters each.

    Pieces end after a line break where one falls within `size`, else after the last white space,
    else (one word longer than `size`) at `size` itself.
    """
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max((m.end() for m in _BREAK.finditer(window) if m.end() < len(window)), default=0)
        if not cut:
            cut = max(window.rfind(" "), window.rfind("\t")) + 1 or size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


@Language.component("communique_paragraphs", assigns=["token.is_sent_start", "doc.user_data"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so paragraphs never share a sentence.

    Also keeps the Doc's text: `Doc.text` joins every token on each call, and the record
    extractors slice the text often.
    """
    doc.user_data[TEXT_KEY] = doc.text
    after_break = False
    for token in doc:
        if after_break and not token.is_space:
            token.is_sent_start = True
            after_break = False
        elif "\n" in token.text or "\n" in token.whitespace_:
            after_break = True
    return doc


@functools.cache
def load(model: str) -> Language:
    """Load a spaCy pipeline by package name, with the paragraph splitter before its parser."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise CommuniqueError(model, f"spaCy model not installed ({exc.__class__.__name__}); "
                              f"pip install the package that provides it") from exc
    before = "parser" if "parser" in nlp.pipe_names else None
    if "communique_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("communique_paragraphs", before=before) if before else nlp.add_pipe("communique_paragraphs")
    return nlp
