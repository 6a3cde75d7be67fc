"""Toponyms -> GeoNames places."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..records import Actor, Article, Place


def find_places(doc: Doc, article: Article, actors: Sequence[Actor]) -> list[Place]:
    """Places named in the body, resolved in the article's context."""
    return []  # placeholder until the places stage lands
