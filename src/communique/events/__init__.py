"""PLOVER/CAMEO event coding."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from ..records import Actor, Article, Event, Place, Quote, TimeExpr


def find_events(doc: Doc, article: Article, actors: Sequence[Actor], times: Sequence[TimeExpr],
                places: Sequence[Place], quotes: Sequence[Quote]) -> list[Event]:
    """Events in the body, coded with type, actors, date and place."""
    return []  # placeholder until the events stage lands
