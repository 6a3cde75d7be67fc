"""Resolution of one temporal expression against the publication day: (value, granularity)."""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta
from typing import Any

from .grammar import _grammar, _words

_DROP = ("drop", None)  # sentinel: the candidate is no time at all
Resolved = tuple[str | None, str | None]


def _day(d: date) -> Resolved:
    return d.isoformat(), "day"


def _week(d: date) -> Resolved:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}", "week"


def _month(y: int, m: int) -> Resolved:
    return f"{y:04d}-{m:02d}", "month"


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _month_end(y: int, m: int) -> date:
    ny, nm = _shift_month(y, m, 1)
    return date(ny, nm, 1) - timedelta(days=1)


def _range(a: date, b: date) -> Resolved:
    return f"{a.isoformat()}/{b.isoformat()}", "range"


def bounds(value: str) -> tuple[date, date] | None:
    """First and last day of an ISO value in our format."""
    try:
        if "/" in value:
            a, b = value.split("/")
            ba, bb = bounds(a), bounds(b)
            return (ba[0], bb[1]) if ba and bb else None
        if "-W" in value:
            y, w = value.split("-W")
            first = date.fromisocalendar(int(y), int(w), 1)
            return first, first + timedelta(days=6)
        parts = value.split("-")
        if len(parts) == 1:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if len(parts) == 2:
            y, m = int(parts[0]), int(parts[1])
            return date(y, m, 1), _month_end(y, m)
        d = date.fromisoformat(value[:10])
        return d, d
    except (ValueError, TypeError):
        return None


def _pick(candidates: list[date], pub: date, tense: str) -> date:
    """The candidate a tense points at: latest not after `pub`, first not before it, or the nearest."""
    before = [c for c in candidates if c <= pub]
    after = [c for c in candidates if c >= pub]
    if tense == "past" and before:
        return max(before)
    if tense == "future" and after:
        return min(after)
    b, a = (max(before) if before else None), (min(after) if after else None)
    if b is None or a is None:
        return b or a  # type: ignore[return-value]
    return b if (pub - b) <= (a - pub) else a


def parse_published(value: str | None) -> date | None:
    """The publication day of an ISO-ish timestamp ("2024-06-25T10:11", "2024-06-25"), or None."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        pass
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if m:
        try:
            return date(*map(int, m.groups()))
        except ValueError:
            return None
    parsed = _dateparser(value, None, "past")
    return date.fromisoformat(parsed[0][:10]) if parsed and parsed[0] and parsed[1] == "day" else None


_CLOCK = re.compile(r"\b(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d{2}(?:\s*(?:utc|gmt|[a-z]{2,4}t))?|"
                    r"noon|midday|midnight)(?=\W|$)", re.I)
_QUAL = re.compile(r"^(?:the\s+)?(?:very\s+)?(?:early|mid|late|end|beginning|start|middle|turn|close)"
                   r"(?:\s+of)?(?:\s+the)?[\s-]+", re.I)


def _clean(text: str) -> str:
    s = text.lower().replace("–", "-").replace("—", "-").replace("’", "'").replace("‘", "'")
    s = re.sub(r"\s+", " ", s).strip(" ,.;:")
    return s


def resolve(text: str, published: date | None, tense: str = "past") -> Resolved | None:
    """(value, granularity) of one expression; None when it is no time (a duration, a frequency)."""
    out = _resolve(_clean(text), published, tense)
    return None if out is _DROP else out


def _resolve(s: str, pub: date | None, tense: str) -> Resolved:
    g = _grammar()
    w = g.w
    if s in w["holidays"] or s.removeprefix("on ") in w["holidays"]:
        mm, dd = map(int, w["holidays"][s.removeprefix("on ")].split("-"))
        if pub is None:
            return None, "day"
        return _day(_pick([date(pub.year + k, mm, dd) for k in (-1, 0, 1)], pub, tense))
    if s in w["sets"] or re.fullmatch(r"(?:every|each|per|a)\s+.*", s) and "ago" not in s:
        return _DROP
    m = re.fullmatch(r"(?:between|from) (.+?) (?:and|to|until|till|through|-) (.+)", s)
    if m:
        return _resolve_range(m.group(1), m.group(2), pub, tense)
    m = re.fullmatch(r"((?:1[5-9]|20)\d\d) ?- ?(\d{2}|\d{4})", s)
    if m:
        a, b = m.group(1), m.group(2)
        b = a[:2] + b if len(b) == 2 else b
        return (f"{a}/{b}", "range") if int(b) > int(a) else _DROP
    m = re.fullmatch(rf"({g.mon})\.? (\d{{1,2}})(?:st|nd|rd|th)? ?- ?(\d{{1,2}})(?:st|nd|rd|th)?"
                     r"(?: ?,? ?(\d{4}))?", s)
    if m:
        a = _resolve(f"{m.group(1)} {m.group(2)} {m.group(4) or ''}".strip(), pub, tense)
        b = _resolve(f"{m.group(1)} {m.group(3)} {m.group(4) or ''}".strip(), pub, tense)
        return _join(a, b)
    m = re.fullmatch(rf"({g.num}) ({g.unit}) (ago|earlier|later|before|after|from now|hence)", s)
    if m:
        return _ago(m.group(1), m.group(2), m.group(3), pub)
    m = re.fullmatch(rf"(?:the )?(?:past|last|previous|next|coming|following) ({g.num}) ({g.unit})", s)
    if m:
        return _last_n(s, m.group(1), m.group(2), pub)
    deictic = _deictic(s, pub)
    if deictic is not None:
        return deictic
    m = re.fullmatch(r"(earlier|later) (?:this|the current) (month|year)", s)
    if m and pub is not None:
        first = date(pub.year, pub.month if m.group(2) == "month" else 1, 1)
        last = _month_end(pub.year, pub.month if m.group(2) == "month" else 12)
        return _range(first, pub) if m.group(1) == "earlier" else _range(pub, last)
    m = re.fullmatch(r"(?:(earlier|later) )?(?:the )?(this|last|next|past|previous|coming|following|current|"
                     r"this past|this coming) (week|weekend|month|year|quarter|decade|spring|summer|autumn|fall|"
                     r"winter)", s)
    if m:
        return _relative_unit(m.group(2), m.group(3), pub, tense)
    s2 = _strip_time(s)
    if s2 != s:
        if not s2 or s2 in ("at", "on", "the", "in the", "this", "today"):
            return _day(pub) if pub else (None, "day")
        return _resolve(s2, pub, tense)
    m = re.fullmatch(rf"(last|next|this|coming|this past|this coming|past) ({g.mon})\.?", s)
    if m:
        return _month_by(g.months[m.group(2)], m.group(1), pub, tense)
    m = re.fullmatch(r"(.+?),? (?:of )?(this|last|next|the previous|the following) year", s)
    if m and pub is not None:
        y = pub.year + {"last": -1, "next": 1, "the previous": -1, "the following": 1}.get(m.group(2), 0)
        inner = _resolve(f"{m.group(1)} {y}", pub, tense)
        if inner is not _DROP and inner[0]:
            return inner
    m = re.fullmatch(r"(?:the |a )?(?:year (?:before|previous|earlier)|previous year|prior year)", s)
    if m:
        return (str(pub.year - 1), "year") if pub else (None, "year")
    m = re.fullmatch(r"(?:the )?weekend", s)
    if m:
        return _relative_unit("last" if tense == "past" else "next" if tense == "future" else "this",
                              "weekend", pub, tense)
    m = re.fullmatch(rf"(?:(last|next|this|coming|this past|this coming|on|past) )?({g.wd})\.?", s)
    if m:
        return _weekday(g.weekdays[m.group(2)], m.group(1), pub, tense)
    q = _quarter(s, pub, tense)
    if q is not None:
        return q
    m = re.fullmatch(r"(?:the )?(?:(early|late|mid) ?-?)?((?:1[5-9]|20)\d0|'\d0)s", s)
    if m:
        dec = m.group(2)
        y = int(dec) if len(dec) == 4 else 1900 + int(dec[1:])
        return f"{y}/{y + 9}", "range"
    m = re.fullmatch(rf"(?:(last|this|next) )?({'|'.join(w['seasons'])})(?: (?:of )?(\d{{4}}))?", s)
    if m:
        return _season(m.group(2), m.group(1), m.group(3), pub, tense)
    qual = _QUAL.match(s)
    if qual and qual.end() < len(s):
        return _resolve(s[qual.end():].removeprefix("of "), pub, tense)
    absolute = _absolute(s, pub, tense)
    if absolute is not None:
        return absolute
    if _is_duration(s):
        return _DROP
    if re.fullmatch(r"\d{1,3}", s) or re.fullmatch(r"(?:the )?age of \d+|\d+ years? old|\d+-year-old", s):
        return _DROP
    if re.search(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}", s) or (
            re.search(rf"\b(?:{g.mon})\b", s) and re.search(r"\d", s)):
        return _dateparser(s, pub, tense)
    return None, None


def _strip_time(s: str) -> str:
    g = _grammar()
    s2 = _CLOCK.sub(" ", s)
    s2 = re.sub(rf"\b(?:{g.pod})\b", " ", s2)
    s2 = re.sub(r"\b(?:at|local time|utc|gmt|et|edt|est|pt|pdt|bst|cet|cest|hrs|hours|o'clock)\b", " ", s2)
    return re.sub(r"\s+", " ", s2).strip(" ,.-")


def _deictic(s: str, pub: date | None) -> Resolved | None:
    g = _grammar()
    base = re.sub(rf"^(?:earlier|later|early|late) |(?: (?:{g.pod}))$", "", s)
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this": 0, "last": -1,
               "the day before yesterday": -2, "the day after tomorrow": 2}
    m = re.fullmatch(rf"(this|last) (?:{g.pod})", s)
    key = m.group(1) if m else base
    if key not in offsets:
        return None
    if key == "last" and not s.endswith("night") and not s.endswith("evening"):
        return None
    return _day(pub + timedelta(days=offsets[key])) if pub else (None, "day")


def _relative_unit(mod: str, unit: str, pub: date | None, tense: str) -> Resolved:
    step = {"last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1,
            "following": 1, "this coming": 1}.get(mod, 0)
    if unit in _words()["seasons"]:
        return _season(unit, mod, None, pub, tense)
    if pub is None:
        return None, {"weekend": "range", "quarter": "range", "decade": "range"}.get(unit, unit)
    if unit == "week":
        return _week(pub + timedelta(days=7 * step))
    if unit == "weekend":
        sat = pub + timedelta(days=(5 - pub.weekday()) % 7)
        if step < 0 or (step == 0 and pub.weekday() >= 5 and tense == "past"):
            sat -= timedelta(days=7) if pub.weekday() < 5 or step < 0 else timedelta(0)
            if step == 0:
                sat = pub - timedelta(days=pub.weekday() - 5)
        elif step > 0 and pub.weekday() >= 5:
            sat += timedelta(days=7)
        return _range(sat, sat + timedelta(days=1))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, step))
    if unit == "year":
        return str(pub.year + step), "year"
    if unit == "quarter":
        y, q = pub.year, (pub.month - 1) // 3 + step
        y, q = y + q // 4, q % 4
        return _quarter_range(y, q + 1)
    if unit == "decade":
        y = pub.year // 10 * 10 + 10 * step
        return f"{y}/{y + 9}", "range"
    return None, None


def _month_by(mo: int, mod: str, pub: date | None, tense: str) -> Resolved:
    if pub is None:
        return None, "month"
    first = date(pub.year, pub.month, 1)
    options = [date(pub.year + k, mo, 1) for k in (-1, 0, 1)]
    if mod in ("last", "past", "this past"):
        return _month(*max((d.year, d.month) for d in options if d < first))
    if mod in ("next", "coming", "this coming"):
        return _month(*min((d.year, d.month) for d in options if d > first))
    pick = _pick(options, first, tense)
    return _month(pick.year, mo)


def _weekday(wd: int, mod: str | None, pub: date | None, tense: str) -> Resolved:
    if pub is None:
        return None, "day"
    back = (pub.weekday() - wd) % 7
    prev, nxt = pub - timedelta(days=back), pub + timedelta(days=(wd - pub.weekday()) % 7)
    if mod in ("last", "past", "this past"):
        return _day(prev if back else pub - timedelta(days=7))
    if mod in ("next", "coming", "this coming"):
        return _day(nxt if nxt > pub else pub + timedelta(days=7))
    return _day(_pick([prev, nxt], pub, tense))


def _ago(n: str, unit: str, how: str, pub: date | None) -> Resolved:
    g = _grammar()
    unit = g.units[unit]
    count = int(n) if n.isdigit() else g.numbers.get(n)
    gran = {"day": "day", "night": "day", "week": "week", "fortnight": "week", "month": "month",
            "year": "year", "decade": "year", "century": "year"}.get(unit)
    if gran is None:  # hours and minutes ago: the publication day
        return (_day(pub) if pub and how == "ago" else (None, "day"))
    if count is None or pub is None or how in ("earlier", "later", "before", "after"):
        return None, gran
    sign = -1 if how == "ago" else 1
    if unit in ("day", "night"):
        return _day(pub + timedelta(days=sign * count))
    if unit in ("week", "fortnight") and count == 1 and unit == "week":
        return _day(pub + timedelta(days=sign * 7))  # "a week ago" is seven days ago, to the day
    if unit in ("week", "fortnight"):
        return _week(pub + timedelta(days=sign * count * (14 if unit == "fortnight" else 7)))
    if unit == "month":
        return _month(*_shift_month(pub.year, pub.month, sign * count))
    years = count * {"year": 1, "decade": 10, "century": 100}[unit]
    return str(pub.year + sign * years), "year"


def _last_n(s: str, n: str, unit: str, pub: date | None) -> Resolved:
    g = _grammar()
    unit = g.units[unit]
    count = int(n) if n.isdigit() else g.numbers.get(n)
    days = {"day": 1, "night": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365, "decade": 3652}.get(unit)
    if count is None or days is None or pub is None:
        return None, "range"
    span = timedelta(days=days * count)
    ahead = re.match(r"(?:the )?(?:next|coming|following)", s) is not None
    return _range(pub, pub + span) if ahead else _range(pub - span, pub)


def _quarter_range(y: int, q: int) -> Resolved:
    return _range(date(y, 3 * q - 2, 1), _month_end(y, 3 * q))


def _quarter(s: str, pub: date | None, tense: str) -> Resolved | None:
    s = s.replace("-quarter", " quarter")
    m = re.fullmatch(r"(?:the )?(first|second|third|fourth|final|last|q1|q2|q3|q4|1st|2nd|3rd|4th)(?: quarter)?"
                     r"(?: of)?(?: (\d{4}|this year|last year|next year))?", s)
    if not m or not (s.startswith(("q", "the q")) or "quarter" in s):
        return None
    word = m.group(1)
    q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4, "1st": 1, "2nd": 2, "3rd": 3,
         "4th": 4}.get(word) or (int(word[1]) if word.startswith("q") else None)
    year = m.group(2)
    if year and year.isdigit():
        y = int(year)
    elif pub is None:
        return None, "range"
    else:
        y = pub.year + {"last year": -1, "next year": 1}.get(year or "", 0)
    if q is None:  # "the last quarter": the one before the current
        if pub is None:
            return None, "range"
        cur = (pub.month - 1) // 3
        return _quarter_range(pub.year - (cur == 0), (cur - 1) % 4 + 1)
    if not year and pub is not None:
        starts = [date(y + k, 3 * q - 2, 1) for k in (-1, 0, 1)]
        # a quarter counts as past once it has begun
        pick = _pick(starts, pub, tense)
        y = pick.year
    return _quarter_range(y, q)


def _season(name: str, mod: str | None, year: str | None, pub: date | None, tense: str) -> Resolved:
    a, b = _words()["seasons"][name]
    if year:
        y = int(year)
    elif pub is None:
        return None, "range"
    else:
        # a winter starts in the year before it ends: "last winter" in January began two Decembers ago
        starts = [date(pub.year + k, a, 1) for k in (-2, -1, 0, 1)]
        if mod in ("last", "past", "previous", "this past"):
            y = max(d for d in starts if _month_end(d.year + (b < a), b) < pub).year
        elif mod in ("next", "coming", "following", "this coming"):
            y = min(d for d in starts if d > pub).year
        else:
            y = _pick(starts, pub, tense).year
    return _range(date(y, a, 1), _month_end(y + (b < a), b))


def _absolute(s: str, pub: date | None, tense: str) -> Resolved | None:
    g = _grammar()
    s = re.sub(rf"^(?:{g.wd})\.?,? ", "", s)
    s = re.sub(r"^the ", "", s)
    s = re.sub(r"^(?:fiscal|fy) ?(?=\d{4}$)", "", s)
    day = r"(\d{1,2})(?:st|nd|rd|th)?"
    mon = rf"({g.mon})\.?"
    year = r"(\d{4}|'\d\d)"
    m = (re.fullmatch(rf"{mon} {day}(?: ?,? ?{year})?", s) or re.fullmatch(rf"{day} (?:of )?{mon}(?: ?,? ?{year})?", s))
    if m:
        a, b, y = m.groups()
        mo, d = (a, b) if not a.isdigit() else (b, a)
        return _dmy(int(d), g.months[mo], _year(y), pub, tense)
    m = re.fullmatch(rf"{mon} ?,? ?(?:of )?{year}", s)
    if m:
        y = _year(m.group(2))
        return _month(y, g.months[m.group(1)]) if y else None
    m = re.fullmatch(mon, s)
    if m:
        mo = g.months[m.group(1)]
        if pub is None:
            return None, "month"
        pick = _pick([date(pub.year + k, mo, 1) for k in (-1, 0, 1)],
                     date(pub.year, pub.month, 1), tense)
        return _month(pick.year, mo)
    m = re.fullmatch(r"((?:1[5-9]|20)\d\d|'\d\d)", s)
    if m:
        return str(_year(m.group(1))), "year"
    return None


def _year(y: str | None) -> int | None:
    if not y:
        return None
    if y.startswith("'"):
        n = int(y[1:])
        return 2000 + n if n < 50 else 1900 + n
    return int(y)


def _dmy(d: int, mo: int, y: int | None, pub: date | None, tense: str) -> Resolved | None:
    try:
        if y:
            return _day(date(y, mo, d))
        if pub is None:
            return None, "day"
        options = []
        for k in (-1, 0, 1):
            try:
                options.append(date(pub.year + k, mo, d))
            except ValueError:
                continue
        return _day(_pick(options, pub, tense)) if options else None
    except ValueError:
        return None


def _is_duration(s: str) -> bool:
    g = _grammar()
    body = rf"(?:(?:about|around|nearly|almost|over|more than|less than|at least|some|roughly|the|another|" \
           rf"an extra|a further|the last|the first|an?|{g.num}|\d+(?:\.\d+)?|and a half|half an?|half)[ -]+)*"
    return re.fullmatch(rf"{body}(?:{g.unit})(?:[ -]long| old|-old)?", s) is not None or \
        re.fullmatch(rf"(?:{g.num}|\d+)-(?:{g.unit})(?:-old)?", s) is not None


def _join(a: Resolved, b: Resolved) -> Resolved:
    if not a or not b or a is _DROP or b is _DROP or not a[0] or not b[0]:
        return None, "range"
    if a[1] == b[1] and a[1] in ("year", "month"):
        return f"{a[0]}/{b[0]}", "range"
    ba, bb = bounds(a[0]), bounds(b[0])
    if not ba or not bb or bb[1] < ba[0]:
        return None, "range"
    return _range(ba[0], bb[1])


def _resolve_range(x: str, y: str, pub: date | None, tense: str) -> Resolved:
    b = _resolve(y, pub, tense)
    a = _resolve(x, pub, tense)
    # "from May to July 2024": the year given at the end holds for both ends
    if b[0] and a[1] in ("day", "month") and not re.search(r"\d{4}", x) and re.search(r"\d{4}", y):
        a = _resolve(f"{x} {b[0][:4]}", pub, tense)
    elif a[0] and not re.search(r"\d{4}", y) and (first := bounds(a[0])):
        # a year-less end comes after the start it follows
        b = _resolve(y, first[0], "future")
    return _join(a, b)


@functools.lru_cache(maxsize=4096)
def _dateparser(s: str, pub: date | None, tense: str) -> Resolved:
    """Fallback for what our grammar does not read: numeric and unusual absolute dates."""
    settings: dict[str, Any] = {"PREFER_DATES_FROM": tense if tense in ("past", "future") else "current_period",
                                "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                                "STRICT_PARSING": False}
    if pub is not None:
        settings["RELATIVE_BASE"] = datetime(pub.year, pub.month, pub.day, 12)
    elif not re.search(r"\d{4}", s):
        return None, None
    data = _parser(tuple(sorted(settings.items())))
    try:
        got = data.get_date_data(s)
    except Exception:  # dateparser raises assorted errors on junk; junk is simply unresolved
        return None, None
    when = got["date_obj"] if got else None
    if when is None:
        return None, None
    period = got["period"]
    if period == "year":
        return str(when.year), "year"
    if period == "month":
        return _month(when.year, when.month)
    if period == "week":
        return _week(when.date())
    return _day(when.date())


@functools.lru_cache(maxsize=64)
def _parser(settings: tuple[tuple[str, Any], ...]) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings=dict(settings))
