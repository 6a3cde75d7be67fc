"""Document metadata: normalising dates to ISO 8601 and keeping only known, non-empty values."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

KEYS = ("title", "published", "url", "source", "author")


def iso_date(value: Any) -> str | None:
    """An ISO 8601 string for a date given as ISO, RFC 2822 or time.struct_time; None if unreadable."""
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC).isoformat()
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        datetime.fromisoformat(value)
        return value  # already ISO: keep its own precision (a bare date stays a date)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def clean(**values: Any) -> dict[str, Any]:
    """The metadata with empty values dropped and `published` in ISO 8601.

    A date that cannot be read is kept as `published_raw` so nothing is lost.
    """
    out = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()
           if v is not None and (not isinstance(v, str) or v.strip())}
    if "published" in out:
        iso = iso_date(out["published"])
        if iso is None:
            out["published_raw"] = str(out.pop("published"))
        else:
            out["published"] = iso
    return out


def text_field(value: Any) -> str | None:
    """A string value, or None for anything else (numbers, lists, objects, null)."""
    return value if isinstance(value, str) and value.strip() else None
