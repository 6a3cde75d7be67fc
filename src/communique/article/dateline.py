"""Datelines and publication dates: recognise a dateline line, normalise any date to ISO 8601."""

from __future__ import annotations

import re
from datetime import datetime

import dateparser

from .cues import cues

_TOKEN = re.compile(r"[A-Za-z]+\.?(?:[A-Za-z]\.)*|\d+(?:st|nd|rd|th)?|[^\sA-Za-z\d]")
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b")
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b|\b\d{1,2}\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)", re.I)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$")
_ZONE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2}|\b[A-Z]{2,5})\s*$")
_PUNCT = set(",.:;|/-–—•·()[]'+")
_MAX_WORDS = 16
# no article is dated outside these years; dates near the calendar's ends also break date arithmetic
PLAUSIBLE_YEARS = range(1000, 3000)


def is_dateline(line: str) -> bool:
    """True when the line is a publication dateline and nothing else."""
    c = cues()
    tokens = _TOKEN.findall(line)
    words = [t for t in tokens if t not in _PUNCT]
    if not words or len(words) > _MAX_WORDS:
        return False
    has_month = has_number = relative = False
    allowed = c.dateline_words | c.months | c.weekdays
    for tok in words:
        low = tok.lower()
        bare = low.rstrip(".")
        if tok[0].isdigit():
            has_number = True
        elif bare in c.months:
            has_month = True
        elif low in allowed or bare in allowed:
            continue
        elif bare in c.dateline_relative:
            relative = True
        elif not re.fullmatch(r"[A-Z]{3,4}", tok):  # else a time zone abbreviation not in the list
            return False
    if relative or c.dateline_anchor.search(line):
        return bool(c.dateline_anchor.search(line))
    return has_number and (has_month or bool(_NUMERIC_DATE.search(line)))


def dateline_value(line: str) -> str | None:
    """The ISO 8601 date a dateline gives, or None when it is relative ("3 hours ago") or unreadable."""
    if cues().dateline_anchor.search(line):
        # a relative dateline needs the moment the page was fetched, which we do not know
        return None
    return normalise_date(_strip_labels(line))


def normalise_date(value: str | None) -> str | None:
    """Any written date or date-time as ISO 8601: "2024-06-25", "2024-06-25T10:11", with zone if given.

    None when it cannot be read, is not a real day, or falls outside PLAUSIBLE_YEARS.
    """
    iso = _normalise(value)
    if iso is None:
        return None
    try:
        day = datetime.fromisoformat(iso[:10])
    except ValueError:
        return None
    return iso if day.year in PLAUSIBLE_YEARS else None


def _normalise(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    if _ISO.match(value):
        return _iso_from_iso(value)
    try:
        parsed = dateparser.parse(value, languages=["en"],
                                  settings={"PREFER_DATES_FROM": "past", "STRICT_PARSING": False,
                                            "REQUIRE_PARTS": ["day", "month", "year"]})
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    return format_datetime(parsed, has_time=bool(_TIME.search(value)),
                           has_zone=parsed.tzinfo is not None and bool(_ZONE.search(value)))


def format_datetime(moment: datetime, *, has_time: bool, has_zone: bool = False) -> str:
    """ISO 8601 with as much precision as the source gave: date, minutes, seconds, zone."""
    if not has_time:
        return moment.strftime("%Y-%m-%d")
    out = moment.strftime("%Y-%m-%dT%H:%M" + (":%S" if moment.second else ""))
    if has_zone and moment.utcoffset() is not None:
        offset = moment.strftime("%z")
        out += f"{offset[:3]}:{offset[3:]}" if offset else ""
    return out


def _iso_from_iso(value: str) -> str:
    value = value.replace(" ", "T", 1)
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    has_time = "T" in value
    if has_time and (moment.hour, moment.minute, moment.second) == (0, 0, 0) and moment.tzinfo is None:
        # htmldate and feeds write midnight when only the day is known
        has_time = False
    return format_datetime(moment, has_time=has_time, has_zone=moment.tzinfo is not None)


def _strip_labels(line: str) -> str:
    c = cues()
    words = line.replace("|", " ").split()
    while words and words[0].lower().strip(":,") in c.dateline_words | {"last", "first"}:
        words.pop(0)
    text = " ".join(words)
    return re.sub(r"\s+at\s+", " ", text, flags=re.I)
