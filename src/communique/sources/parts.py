"""Partitions of a corpus: each input file cut into ranges of lines, records or rows that read alone.

JSONL (plain or gzipped) is cut by lines, WARC by records, Parquet by rows; any other file is one
partition. A partition reads exactly the raw documents, with the same origins, that reading the whole
file gives for its range, so a partitioned run and a local one see the same inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings
from .files import STDIN, expand, read_file
from .jsonl import JSONL_SUFFIXES, count_lines, read_jsonl
from .parquet import PARQUET_SUFFIXES, count_rows, read_parquet
from .remote import File, file_name, is_remote
from .warc import WARC_SUFFIXES, count_records, read_warc
from .web import is_url


@dataclass(frozen=True, slots=True)
class Part:
    """Lines, records or rows start+1 to stop of one file (a local path or an fsspec URL)."""

    file: str
    start: int = 0
    stop: int | None = None
    offset: int | None = None  # the byte where the partition begins, for uncompressed JSONL

    @property
    def id(self) -> str:
        """A stable name for the partition's output: the same file and range always give the same id."""
        return hashlib.sha1(f"{self.file}\0{self.start}\0{self.stop}".encode()).hexdigest()[:20]

    def __str__(self) -> str:
        return self.file if self.start == 0 and self.stop is None else f"{self.file}[{self.start}:{self.stop}]"


def files(inputs: Iterable[str]) -> Iterator[str | InputError]:
    """The files a list of inputs names (as `read_inputs` expands them); stdin and http(s) URLs are refused."""
    for name in inputs:
        if name == "-" or is_url(name):
            yield InputError(STDIN if name == "-" else name,
                             "a partitioned run reads files and fsspec URLs only; use the local engine for "
                             "stdin and http(s) URLs")
            continue
        for found in expand(name):
            yield found if isinstance(found, InputError) else str(found)


def split(file: str, size: int) -> list[Part]:
    """The partitions of one file, about `size` raw documents each.

    Counting needs a pass over a JSONL or WARC file (a read, no parsing); a file that cannot be
    counted is one partition, whose reader then reports the problem.
    """
    name = file_name(file)
    path = _file(file)
    try:
        if name.endswith(JSONL_SUFFIXES):
            lines, offsets = count_lines(path, size)
            if not lines:
                return [Part(file)]
            return [Part(file, start, min(start + size, lines), offsets[i] if offsets else None)
                    for i, start in enumerate(range(0, lines, size))]
        if name.endswith(WARC_SUFFIXES):
            count = count_records(path)
        elif name.endswith(PARQUET_SUFFIXES):
            count = count_rows(path)
        else:
            return [Part(file)]
    except Exception:  # any reader problem is reported by reading the file as one partition
        return [Part(file)]
    if not count:
        return [Part(file)]
    return [Part(file, start, min(start + size, count)) for start in range(0, count, size)]


def read_part(part: Part, settings: Settings) -> Iterator[RawDoc | InputError]:
    """The raw documents of one partition, with the origins the whole file's reader gives them."""
    path = _file(part.file)
    name = file_name(part.file)
    whole = part.start == 0 and part.stop is None
    if whole:
        yield from read_file(path, settings)
    elif name.endswith(JSONL_SUFFIXES):
        yield from read_jsonl(path, part.file, settings, start=part.start, stop=part.stop, offset=part.offset)
    elif name.endswith(WARC_SUFFIXES):
        yield from read_warc(path, part.file, settings, start=part.start, stop=part.stop)
    elif name.endswith(PARQUET_SUFFIXES):
        yield from read_parquet(path, part.file, settings, start=part.start, stop=part.stop)
    else:
        yield from read_file(path, settings)


def _file(name: str) -> File:
    return name if is_remote(name) else Path(name)
