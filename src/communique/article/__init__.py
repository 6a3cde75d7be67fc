"""Raw document -> Article (title, dateline, body, furniture).

`read_article` takes scraped plain text or HTML; `html.parse_html` and `text.parse_text` are the
two readers behind it.
"""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import InputError
from ..records import Article, RawDoc
from ..settings import Settings
from .build import article_id, build_article
from .html import parse_html
from .text import parse_text


def read_article(raw: RawDoc, settings: Settings) -> Article:
    """Parse a raw document into an Article.

    Metadata in `raw.meta` (title, published, url, source, author) wins over what the page says.
    Raises InputError when the content is empty or too large, or no body text is left after parsing.
    """
    content: str | bytes = raw.content
    size = len(content) if isinstance(content, bytes) else len(content.encode("utf-8", "ignore"))
    if size > settings.max_bytes:
        raise InputError(raw.origin, f"input larger than {settings.max_bytes} bytes")
    if raw.format == "html":
        # undecoded HTML goes to trafilatura as bytes: it reads the page's own charset declaration
        return parse_html(content, origin=raw.origin, meta=raw.meta)
    text = _decode(raw.origin, content)
    if not text.strip():
        raise InputError(raw.origin, "no article body")
    parsed = parse_text(text, title_hint=raw.meta.get("title"))
    return build_article(parsed, origin=raw.origin, meta=raw.meta)


def _decode(origin: str, content: str | bytes) -> str:
    if isinstance(content, str):
        return content
    best = from_bytes(content).best()
    if best is None:
        raise InputError(origin, "cannot decode the input as text")
    return str(best)


__all__ = ["read_article", "parse_html", "parse_text", "build_article", "article_id"]
