"""RSS and Atom feeds -> one RawDoc per entry: its inline content when long enough, else its fetched link."""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections.abc import Callable, Iterator
from typing import Any

import feedparser

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from . import meta as metadata
from .web import fetch, is_url, page_doc

FEED_SUFFIXES = (".rss", ".atom", ".xml")
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/xml", "text/xml"})
# entries whose text is shorter than this are teasers: the article is behind the link
INLINE_MIN_CHARS = 500
_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_ROOT = re.compile(r"^\s*(?:<\?.*?\?>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*)*<([A-Za-z_][\w:.-]*)", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def root_element(data: bytes) -> str | None:
    """The local name of a document's first element, lower-case; None when it does not start with one."""
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace")
    else:
        text = head.removeprefix(b"\xef\xbb\xbf").decode("utf-8", "replace")
    found = _ROOT.match(text)
    return found.group(1).rsplit(":", 1)[-1].lower() if found else None


def looks_like_feed(data: bytes) -> bool:
    """True when the content's root element is an RSS, Atom or RDF feed's."""
    return root_element(data) in _FEED_ROOTS


def not_a_feed(origin: str, data: bytes) -> InputError:
    """The error for content that was meant as a feed and is something else."""
    root = root_element(data)
    reason = ("got an HTML page" if root == "html" else f"root element is <{root}>" if root
              else "not XML")
    return InputError(origin, f"not an RSS/Atom feed: {reason}")


def feed_docs(data: bytes, origin: str, settings: Settings, *,
              content_type: str | None = None) -> Iterator[RawDoc | InputError]:
    """Yield one RawDoc (or error) per feed entry, in feed order.

    Entries with more than INLINE_MIN_CHARS of text are taken inline (origin `feed#entry-N`); shorter
    ones are fetched from their link when `settings.follow_links` (origin: the link).
    """
    for _, item in feed_entries(data, origin, settings, content_type=content_type):
        yield item


def feed_entries(data: bytes, origin: str, settings: Settings, *, content_type: str | None = None,
                 known: Callable[[str], bool] | None = None) -> Iterator[tuple[str | None, RawDoc | InputError]]:
    """(entry key, RawDoc or error) per feed entry, as `feed_docs`; an error about the whole feed has key None.

    The key names the entry across polls: its id (guid), else its link, else a hash of its title and
    text. Entries for which `known(key)` is true are passed over before their link is fetched.
    """
    headers = {"content-type": content_type} if content_type else None
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if not parsed.entries:
        if parsed.get("version"):
            why = f" ({_one_line(parsed.get('bozo_exception'))})" if parsed.get("bozo") else ""
            yield None, InputError(origin, f"feed has no entries{why}")
        elif parsed.get("bozo") and root_element(data) in _FEED_ROOTS | {None}:
            yield None, InputError(origin, f"not an RSS/Atom feed: {_one_line(parsed.get('bozo_exception'))}")
        else:
            yield None, not_a_feed(origin, data)
        return
    source = metadata.text_field(parsed.feed.get("title"))
    fetched = 0
    for number, entry in enumerate(parsed.entries, 1):
        key = entry_key(entry)
        if known is not None and known(key):
            continue
        budget = settings.max_feed_links is None or fetched < settings.max_feed_links
        item, followed = _entry_doc(entry, f"{origin}#entry-{number}", source, settings, budget)
        fetched += followed
        yield key, item


def entry_key(entry: Any) -> str:
    """What names a feed entry across polls: its id, else its link, else its title and text."""
    for name in ("id", "link"):
        value = metadata.text_field(entry.get(name))
        if value:
            return value.strip()
    body, _ = _inline(entry)
    text = f"{entry.get('title') or ''}\0{body}"
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()


def _entry_doc(entry: Any, origin: str, source: str | None, settings: Settings,
               budget: bool) -> tuple[RawDoc | InputError, bool]:
    """The entry's raw document (or error), and whether its link was fetched for it."""
    link = metadata.text_field(entry.get("link"))
    meta = metadata.clean(
        title=metadata.text_field(entry.get("title")),
        published=(entry.get("published_parsed") or entry.get("updated_parsed")
                   or entry.get("published") or entry.get("updated")),
        url=link, source=source, author=metadata.text_field(entry.get("author")))
    body, body_type = _inline(entry)
    if link and settings.follow_links and _text_length(body) <= INLINE_MIN_CHARS:
        if is_url(link):
            if not budget:
                return InputError(link, f"not fetched: over the limit of {settings.max_feed_links} entry links "
                                        "fetched from one feed"), False
            try:
                return page_doc(fetch(link, settings), link, meta), True
            except InputError as exc:
                return exc, True
        if not body.strip():
            return InputError(origin, f"entry link is not an http(s) URL: {link}"), False
    if body.strip():
        return RawDoc(origin=origin, content=body, format="text" if body_type == "text/plain" else "html",
                      meta=meta), False
    if link:
        return InputError(origin, "entry has no inline content and links are not followed"), False
    return InputError(origin, "entry has no content and no link"), False


def _inline(entry: Any) -> tuple[str, str]:
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or ()]
    detail = entry.get("summary_detail") or {}
    candidates.append((entry.get("summary") or "", detail.get("type") or ""))
    return max(candidates, key=lambda c: len(c[0]))


def _text_length(body: str) -> int:
    return len(" ".join(html.unescape(_TAG.sub(" ", body)).split()))


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) or "unreadable"
