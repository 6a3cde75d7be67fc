"""Temporal expressions -> resolved dates."""

from __future__ import annotations

from spacy.tokens import Doc

from .records import Article, TimeExpr


def find_times(doc: Doc, article: Article) -> list[TimeExpr]:
    """Every temporal expression in the body, resolved against `article.published`."""
    return []  # placeholder until the times stage lands
