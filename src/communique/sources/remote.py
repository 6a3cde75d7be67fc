"""Files behind fsspec URLs (s3://, gs://, az://, hdfs://, file://, memory://, ...): listing and opening them.

A local file is a Path; a file elsewhere is its URL, a str. Readers open either through `open_file`.
fsspec knows file:// and memory:// itself; other protocols need their package (s3fs, gcsfs, adlfs),
and a missing one is named in the error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
File = Path | str


def is_remote(name: str) -> bool:
    """True for an fsspec URL that is not http(s) (those are fetched as pages and feeds)."""
    return bool(_SCHEME.match(name)) and not name.lower().startswith(("http://", "https://"))


def file_name(path: File) -> str:
    """The file's own name, lower-case, for telling its kind by suffix."""
    return (path.name if isinstance(path, Path) else path.rstrip("/").rsplit("/", 1)[-1]).lower()


def open_file(path: File) -> IO[bytes]:
    """Open a local path or an fsspec URL for reading bytes; OSError when it cannot be opened."""
    if isinstance(path, Path):
        return open(path, "rb")
    fs, inner = _fs(path)
    try:
        return fs.open(inner, "rb")
    except (OSError, ValueError) as exc:
        raise OSError(_one_line(exc)) from None


def file_size(path: File) -> int | None:
    """The file's size in bytes, None when the file system does not say."""
    if isinstance(path, Path):
        return path.stat().st_size
    fs, inner = _fs(path)
    try:
        size = fs.size(inner)
    except (OSError, ValueError) as exc:
        raise OSError(_one_line(exc)) from None
    return int(size) if size is not None else None


def expand_remote(name: str, suffixes: tuple[str, ...]) -> Iterator[str | InputError]:
    """The files an fsspec URL names: itself, a folder's files with one of `suffixes` (sorted), or a glob's."""
    try:
        fs, inner = _fs(name)
        if any(ch in inner for ch in "*?["):
            found = sorted(fs.glob(inner))
            if not found:
                yield InputError(name, "no file matches")
        elif fs.isdir(inner):
            found = sorted(p for p in fs.find(inner)
                           if not _hidden(p[len(inner):]) and p.lower().endswith(suffixes))
            if not found:
                yield InputError(name, "no readable files in directory (.jsonl, .warc, .parquet, ...)")
        elif fs.exists(inner):
            found = [inner]
        else:
            yield InputError(name, "no such file or directory")
            return
    except (OSError, ValueError) as exc:
        yield InputError(name, f"cannot list: {_one_line(exc)}")
        return
    for path in found:
        yield fs.unstrip_protocol(path)


def _fs(url: str) -> tuple[object, str]:
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:  # the protocol's package is not installed, or no such protocol
        raise OSError(_one_line(exc)) from None


def _hidden(path: str) -> bool:
    return any(part.startswith(".") for part in path.split("/") if part)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or exc.__class__.__name__
