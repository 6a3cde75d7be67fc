"""Positions on issues, from quotes and statements."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..records import Actor, Claim, Quote


def find_claims(doc: Doc, quotes: Sequence[Quote], actors: Sequence[Actor]) -> list[Claim]:
    """Claims (actor, issue, stance, terms) made in the article."""
    return []  # placeholder until the claims stage lands
