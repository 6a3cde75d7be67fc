"""Shared fixtures: the spaCy model loaded once, paths to ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "examples" / "seed" / "article.txt"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus" / "news.jsonl"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


@pytest.fixture(scope="session")
def nlp():
    from communique.nlp import load
    from communique.settings import DEFAULT_MODEL

    return load(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def seed_doc():
    """The seed article run through the whole pipeline, once."""
    from communique import extract

    path = shared_path("examples", "seed", "article.txt")
    return extract(path.read_text(encoding="utf-8"), origin=str(path))
