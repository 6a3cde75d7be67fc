"""Mentions -> actors: merging, roles, coding."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc

from ..records import Actor, Article


def find_actors(doc: Doc, article: Article, *, kb_paths: Sequence[Path] = ()) -> list[Actor]:
    """One actor per real-world thing mentioned in the body, all its mentions merged."""
    return []  # placeholder until the actors stage lands
