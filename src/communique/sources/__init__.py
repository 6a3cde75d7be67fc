"""Readers: files, folders, globs, stdin, URLs, feeds, JSONL, WARC -> raw documents."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any
from urllib.parse import urlsplit

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from .feeds import FEED_SUFFIXES, FEED_TYPES, feed_docs, looks_like_feed, root_element
from .files import STDIN, expand, read_file, read_stdin
from .web import fetch, is_url, page_doc


def read_inputs(inputs: Sequence[str], settings: Settings, *,
                meta: dict[str, Any] | None = None) -> Iterator[RawDoc | InputError]:
    """Stream raw documents for every input, in order; a bad input yields its InputError instead.

    An input is `-` (stdin), a file, a folder (recursive), a glob, an http(s) URL, an RSS/Atom
    feed (URL or file), a JSONL corpus (.jsonl, .jsonl.gz) or a WARC file (.warc, .warc.gz).
    Non-empty values in `meta` (title, published, url, source) override what each input says.
    Nothing is raised for a bad input: FetchError and InputError are yielded so a batch goes on.
    """
    if isinstance(inputs, str):  # one name, not a sequence of one-letter names
        inputs = [inputs]
    override = {k: v for k, v in (meta or {}).items() if v is not None and v != ""}
    for name in inputs:
        for item in _read(name, settings):
            if override and isinstance(item, RawDoc):
                item = replace(item, meta={**item.meta, **override})
            yield item


def _read(name: str, settings: Settings) -> Iterator[RawDoc | InputError]:
    if name == "-":
        yield from read_stdin(settings)
    elif is_url(name):
        yield from _read_url(name, settings)
    else:
        for found in expand(name):
            if isinstance(found, InputError):
                yield found
            else:
                yield from read_file(found, settings)


def _read_url(url: str, settings: Settings) -> Iterator[RawDoc | InputError]:
    try:
        fetched = fetch(url, settings)
    except InputError as exc:
        yield exc
        return
    named_feed = urlsplit(url).path.lower().endswith(FEED_SUFFIXES)
    xml = fetched.content_type in FEED_TYPES and root_element(fetched.data) != "html"
    if named_feed or xml or looks_like_feed(fetched.data):
        yield from feed_docs(fetched.data, url, settings, content_type=fetched.content_type)
        return
    try:
        yield page_doc(fetched, url)
    except InputError as exc:
        yield exc


__all__ = ["read_inputs", "STDIN"]
