"""Raw document -> Article (title, dateline, body, furniture)."""

from __future__ import annotations

import hashlib

from ..records import Article, RawDoc
from ..settings import Settings


def read_article(raw: RawDoc, settings: Settings) -> Article:
    """Parse a raw document into an Article; raises InputError when there is no readable body."""
    text = raw.content.strip()
    return Article(id=hashlib.sha1(text.encode()).hexdigest()[:16], title=raw.meta.get("title"),
                   published=raw.meta.get("published"), source=raw.meta.get("source"),
                   url=raw.meta.get("url"), language="en", text=text, origin=raw.origin)
