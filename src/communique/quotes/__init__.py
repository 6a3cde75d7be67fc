"""Quotes and their speakers."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..records import Actor, Quote


def find_quotes(doc: Doc, actors: Sequence[Actor]) -> list[Quote]:
    """Direct, partial, indirect and mixed quotes with speakers resolved to `actors`."""
    return []  # placeholder until the quotes stage lands
