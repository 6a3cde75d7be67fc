"""Mixed into Store: the state of watched feeds (conditional-request validators, backoff) and their entries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb


class FeedStore:
    """Mixed into Store: everything that reads or writes the feeds and feed_entries tables."""

    _con: duckdb.DuckDBPyConnection

    def feed(self, url: str) -> dict[str, Any] | None:
        """A watched feed's state (etag, last_modified, polls, failures, last_polled, ...), or None."""
        cur = self._con.execute("SELECT * FROM feeds WHERE url = ?", [url])
        row = cur.fetchone()
        names = [d[0] for d in cur.description or ()]
        return dict(zip(names, row, strict=True)) if row else None

    def feeds(self) -> list[dict[str, Any]]:
        """Every watched feed's state, by URL."""
        cur = self._con.execute("SELECT * FROM feeds ORDER BY url")
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def save_poll(self, url: str, *, at: datetime, status: str, next_poll: datetime, ok: bool,
                  etag: str | None = None, last_modified: str | None = None, added: int = 0) -> None:
        """Record one poll of a feed: a good one resets the failure count and keeps the new validators."""
        self._writable()  # type: ignore[attr-defined]
        self._con.execute("""INSERT INTO feeds VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)
ON CONFLICT (url) DO UPDATE SET polls = feeds.polls + 1, last_polled = excluded.last_polled,
    last_status = excluded.last_status, next_poll = excluded.next_poll, added = feeds.added + excluded.added,
    failures = CASE WHEN ? THEN 0 ELSE feeds.failures + 1 END,
    etag = CASE WHEN ? THEN excluded.etag ELSE feeds.etag END,
    last_modified = CASE WHEN ? THEN excluded.last_modified ELSE feeds.last_modified END""",
                          [url, etag if ok else None, last_modified if ok else None, 0 if ok else 1, at, status,
                           next_poll, added, ok, ok, ok])

    def has_entry(self, feed: str, entry: str) -> bool:
        """Whether this entry of this feed was taken before."""
        return self._con.execute("SELECT 1 FROM feed_entries WHERE feed = ? AND entry = ?",
                                 [feed, entry]).fetchone() is not None

    def add_entry(self, feed: str, entry: str, article_id: str, *, at: datetime) -> None:
        """Remember that an entry of a feed was taken, as the article it gave."""
        self._writable()  # type: ignore[attr-defined]
        self._con.execute("INSERT INTO feed_entries VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                          [feed, entry, article_id, at])
