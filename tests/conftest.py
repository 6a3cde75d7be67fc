"""Shared fixtures: the spaCy model loaded once, paths to ../shared."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "examples" / "seed" / "article.txt"
GOLD = SHARED / "gold"
CORPUS = SHARED / "corpus" / "news.jsonl"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


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


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium through Playwright, once per session; skips when either is missing."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh browser page at 1280x900."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
