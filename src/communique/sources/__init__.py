"""Readers: files, folders, globs, stdin, URLs, feeds, JSONL, WARC -> raw documents."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..records import RawDoc
from ..settings import Settings


def read_inputs(inputs: Sequence[str], settings: Settings, *,
                meta: dict[str, Any] | None = None) -> Iterator[RawDoc | InputError]:
    """Placeholder until the sources stage lands: plain files only."""
    for name in inputs:
        p = Path(name)
        if not p.exists():
            yield InputError(name, "no such file")
            continue
        yield RawDoc(origin=name, content=p.read_text(), format="html" if p.suffix in (".html", ".htm")
                     else "text", meta=dict(meta or {}))
