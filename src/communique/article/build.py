"""Parsed parts + metadata -> Article: offsets, id, language, metadata precedence."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Mapping
from typing import Any

from ..errors import InputError
from ..records import Article
from .dateline import normalise_date
from .language import detect_language
from .text import Parsed


def build_article(parsed: Parsed, *, origin: str, meta: Mapping[str, Any]) -> Article:
    """The Article for parsed parts; `meta` wins over what the page said. Raises InputError on no body."""
    paragraphs = [p.strip() for p in parsed.paragraphs if p.strip()]
    if not paragraphs:
        raise InputError(origin, "no article body")
    text = "\n\n".join(paragraphs)
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in paragraphs:
        spans.append((start, start + len(paragraph)))
        start += len(paragraph) + 2
    url = _given(meta, "url") or parsed.url
    # a WARC record's crawl date is only a fallback: the page's own date is better
    published = (normalise_date(_given(meta, "published")) or parsed.published
                 or normalise_date(_given(meta, "published_fallback")))
    return Article(id=article_id(text, url), title=_given(meta, "title") or parsed.title,
                   published=published, source=_given(meta, "source") or parsed.source, url=url,
                   language=_given(meta, "language") or detect_language(text), text=text,
                   furniture=tuple(parsed.furniture), author=_given(meta, "author") or parsed.author,
                   origin=origin, paragraphs=tuple(spans))


def article_id(text: str, url: str | None = None) -> str:
    """Stable id: sha1 of the normalised body (NFKC, whitespace collapsed, lower-cased) and the url."""
    norm = " ".join(unicodedata.normalize("NFKC", text).split()).lower()
    if url:
        norm += "\n" + url
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def _given(meta: Mapping[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None
