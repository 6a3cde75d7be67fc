"""Feeds watched over time: each feed polled with conditional requests, only its new entries ingested.

A feed's state lives in the store (store/feeds.py): the ETag and Last-Modified the server sent, the
failures in a row and the time of the next poll, and every entry already taken. The validators are
saved only once every new entry of a poll has been stored, so a poll cut short (killed, Ctrl-C) is
done again by the next run, which passes over the entries stored before the cut without fetching
them again.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .errors import CommuniqueError, InputError
from .pipeline import keyed
from .records import RawDoc
from .settings import Settings
from .sources.feeds import feed_entries
from .sources.web import fetch, is_url
from .store import Outcome, Store, ingest_items

EVERY = "15m"
MAX_BACKOFF = timedelta(hours=6)  # a failing feed is tried at least this often (or every --every, if longer)
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass
class Poll:
    """What one poll of one feed did."""

    feed: str
    at: datetime
    next_poll: datetime
    status: str = ""  # "200", "304", or "error"
    entries: int = 0  # in the feed
    new: int = 0  # not taken before
    added: int = 0
    duplicates: int = 0
    failed: int = 0
    error: str | None = None
    failures: int = 0  # polls failed in a row, this one included

    def line(self) -> str:
        """The poll's log line."""
        head = f"{self.at:%Y-%m-%d %H:%M:%S} {self.feed}: "
        after = f"; next poll {self.next_poll:%Y-%m-%d %H:%M:%S}"
        if self.error is not None:
            return (f"{head}error: {self.error} (failed {self.failures} time{'s' if self.failures > 1 else ''} "
                    f"in a row){after}")
        if self.status == "304":
            return f"{head}not modified (304){after}"
        return (f"{head}{self.status}, {self.entries} entries, {self.new} new: {self.added} added, "
                f"{self.duplicates} already stored, {self.failed} failed{after}")


def duration(text: str) -> float:
    """Seconds in "90", "30s", "15m", "2h" or "1d"; ValueError for anything else or for zero."""
    found = _DURATION.match(text)
    if not found or float(found.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a duration such as 30s, 15m, 2h or 1d")
    return float(found.group(1)) * _UNITS[found.group(2)]


def feed_list(names: Sequence[str]) -> list[str]:
    """Feed URLs from the command line: each name is a feed's http(s) URL or a file listing one a line.

    In a list, blank lines and lines starting with # are passed over. Raises InputError for a list
    that cannot be read or a line that is not an http(s) URL.
    """
    feeds: list[str] = []
    for name in names:
        if is_url(name):
            feeds.append(name)
            continue
        try:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError) as exc:
            raise InputError(name, f"not a feed URL, and not a readable list of them ({exc})") from None
        for number, line in enumerate(lines, 1):
            line = line.strip()
            if line and not line.startswith("#"):
                if not is_url(line):
                    raise InputError(f"{name}:{number}", f"not an http(s) URL: {line}")
                feeds.append(line)
    if not feeds:
        raise InputError(" ".join(names), "no feed URLs")
    return list(dict.fromkeys(feeds))


def watch(store: Store, feeds: Sequence[str], *, settings: Settings, every: float, once: bool = False,
          clock: Callable[[], datetime] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> Iterator[Poll]:
    """Poll each feed when it is due, for ever (or each once, with `once`); yield each poll as it ends.

    A feed is due `every` seconds after a good poll, later after failures (doubling, up to
    MAX_BACKOFF); a feed polled before resumes its schedule from the store. Stops with the caller
    (Ctrl-C is a KeyboardInterrupt from wherever it lands; what is stored stays whole).
    """
    now = clock or _now
    step = timedelta(seconds=every)
    while True:
        due = []
        for url in feeds:
            state = store.feed(url)
            if once or state is None or state["next_poll"] is None or state["next_poll"] <= now():
                due.append(url)
        for url in due:
            yield poll(store, url, settings=settings, every=step, at=now())
        if once:
            return
        upcoming = [s["next_poll"] for s in map(store.feed, feeds) if s and s["next_poll"]]
        wait = (min(upcoming) - now()).total_seconds() if upcoming else every
        sleep(min(max(wait, 1.0), every))


def poll(store: Store, url: str, *, settings: Settings, every: timedelta, at: datetime) -> Poll:
    """Poll one feed once: fetch it (conditionally), ingest its new entries, save its state."""
    state = store.feed(url) or {}
    try:
        fetched = fetch(url, settings, etag=state.get("etag"), last_modified=state.get("last_modified"))
    except InputError as exc:
        return _failed(store, url, at, every, state, exc.problem)
    if fetched.status == 304:
        store.save_poll(url, at=at, status="304", next_poll=at + every, ok=True, etag=fetched.etag,
                        last_modified=fetched.last_modified)
        return Poll(url, at, at + every, status="304")
    report = Poll(url, at, at + every, status=str(fetched.status))
    entries: dict[str, str] = {}  # input key -> entry key
    problems: list[CommuniqueError] = []

    def known(entry: str) -> bool:
        report.entries += 1
        return store.has_entry(url, entry)

    def items() -> Iterator[RawDoc | CommuniqueError]:
        for entry, item in feed_entries(fetched.data, url, settings, content_type=fetched.content_type, known=known):
            if entry is None:  # about the whole feed
                problems.append(item)  # type: ignore[arg-type]
                continue
            report.new += 1
            if isinstance(item, RawDoc):
                item = keyed(item)
                entries[item.key] = entry  # type: ignore[index]
            yield item

    def taken(outcome: Outcome) -> None:
        if outcome.outcome != "failed" and outcome.key in entries:
            store.add_entry(url, entries[outcome.key], outcome.article_id, at=at)  # type: ignore[arg-type]

    # one entry at a time: each is stored, and marked as taken, before the next one's link is fetched
    summary = ingest_items(store, items(), settings=settings, on_item=taken, batch_size=1)
    empty = problems and problems[0].problem.startswith("feed has no entries")
    if problems and not empty:
        return _failed(store, url, at, every, state, problems[0].problem)
    report.added, report.duplicates, report.failed = summary.added, summary.duplicates, summary.failed
    store.save_poll(url, at=at, status=report.status, next_poll=report.next_poll, ok=True, etag=fetched.etag,
                    last_modified=fetched.last_modified, added=summary.added)
    return report


def _failed(store: Store, url: str, at: datetime, every: timedelta, state: dict, problem: str) -> Poll:
    failures = (state.get("failures") or 0) + 1
    delay = min(every * 2 ** failures, max(every, MAX_BACKOFF))
    store.save_poll(url, at=at, status=f"error: {problem}", next_poll=at + delay, ok=False)
    return Poll(url, at, at + delay, status="error", error=problem, failures=failures)


def _now() -> datetime:
    """UTC now, naive, as the store's TIMESTAMP columns hold it."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
