"""Files: stdin, local files, folders and globs, fsspec URLs, each file handed to the reader its kind needs."""

from __future__ import annotations

import glob
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from .decode import decode, looks_like_html, read_capped, too_large
from .feeds import FEED_SUFFIXES, feed_docs, looks_like_feed
from .jsonl import JSONL_SUFFIXES, read_json, read_jsonl
from .parquet import PARQUET_SUFFIXES, read_parquet
from .remote import File, expand_remote, file_name, file_size, is_remote, open_file
from .warc import WARC_SUFFIXES, read_warc

STDIN = "<stdin>"
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
# what a folder walk picks up; a file named on its own is read whatever its name
FOLDER_SUFFIXES = (".txt", ".text", *HTML_SUFFIXES, *JSONL_SUFFIXES, ".json", *WARC_SUFFIXES, *PARQUET_SUFFIXES,
                   ".rss", ".atom")


def expand(name: str) -> Iterator[File | InputError]:
    """The files an input names: itself, a folder's files (recursive, sorted, no hidden ones) or a glob's.

    Local files are Paths; files behind an fsspec URL (s3://..., file://...) are their URLs.
    """
    if is_remote(name):
        yield from expand_remote(name, FOLDER_SUFFIXES)
        return
    path = Path(name)
    if path.is_dir():
        yield from _folder(path, name)
    elif path.exists():
        yield path
    elif any(ch in name for ch in "*?["):
        matches = sorted(glob.glob(name, recursive=True))
        if not matches:
            yield InputError(name, "no file matches")
        for match in matches:
            found = Path(match)
            yield from (_folder(found, match) if found.is_dir() else (found,))
    else:
        yield InputError(name, "no such file or directory")


def read_file(path: File, settings: Settings) -> Iterator[RawDoc | InputError]:
    """Read one file by its kind: JSONL, JSON, WARC, Parquet, feed, or a single text or HTML document."""
    origin = str(path)
    name = file_name(path)
    if name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path, origin, settings)
    elif name.endswith(WARC_SUFFIXES):
        yield from read_warc(path, origin, settings)
    elif name.endswith(PARQUET_SUFFIXES):
        yield from read_parquet(path, origin, settings)
    elif name.endswith(".json"):
        yield from read_json(path, origin, settings)
    else:
        try:
            data = _read_bytes(path, origin, settings.max_bytes)
        except InputError as exc:
            yield exc
            return
        yield from bytes_docs(data, origin, settings, html=name.endswith(HTML_SUFFIXES),
                              feed=name.endswith(FEED_SUFFIXES))


def read_stdin(settings: Settings) -> Iterator[RawDoc | InputError]:
    """Read standard input as one document (text or HTML) or a feed."""
    try:
        data = read_capped(sys.stdin.buffer, STDIN, settings.max_bytes)
    except InputError as exc:
        yield exc
        return
    yield from bytes_docs(data, STDIN, settings)


def bytes_docs(data: bytes, origin: str, settings: Settings, *, html: bool = False,
               feed: bool = False) -> Iterator[RawDoc | InputError]:
    """A document's bytes as one RawDoc, or as feed entries when it is (or is named as) a feed."""
    if feed or (not html and data.strip() and looks_like_feed(data)):
        yield from feed_docs(data, origin, settings)
        return
    try:
        text = decode(data, origin)
    except InputError as exc:
        yield exc
        return
    yield RawDoc(origin=origin, content=text, format="html" if html or looks_like_html(text) else "text")


def _read_bytes(path: File, origin: str, limit: int) -> bytes:
    try:
        size = file_size(path)
        if size is not None and size > limit:
            raise InputError(origin, too_large(size, limit))
        with open_file(path) as stream:
            # a pipe or special file reports size 0, so the read is capped as well
            return read_capped(stream, origin, limit)
    except OSError as exc:
        raise InputError(origin, f"cannot read: {exc.strerror or exc}") from None


def _folder(folder: Path, name: str) -> Iterator[Path | InputError]:
    found = False
    for path in _walk(folder, set()):
        found = True
        yield path
    if not found:
        yield InputError(name, "no readable files in directory (.txt, .html, .jsonl, .warc, .rss, ...)")


def _walk(folder: Path, seen: set[Path]) -> Iterator[Path | InputError]:
    real = folder.resolve()
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.is_file() and entry.name.lower().endswith(FOLDER_SUFFIXES):
            yield entry
