"""watch: a local HTTP server whose feed grows between polls; conditional requests, backoff, kill and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from communique.errors import InputError
from communique.settings import Settings
from communique.store import Store
from communique.watch import duration, feed_list, poll, watch

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [("Ghana", "Togo", "Lomé", "border crossings"), ("Kenya", "Uganda", "Kampala", "rail freight"),
         ("Chile", "Peru", "Lima", "fishing quotas"), ("Norway", "Iceland", "Reykjavik", "fishing rights"),
         ("Vietnam", "Laos", "Vientiane", "river dams"), ("Senegal", "Gambia", "Banjul", "ferry services")]


def story(n: int) -> str:
    """An invented wire story, long enough (over 500 characters) to be taken from the feed inline."""
    one, two, city, topic = PAIRS[n % len(PAIRS)]
    return (f"The foreign ministers of {one} and {two} met in {city} on Monday to discuss {topic}, officials "
            f"said, in round {n} of talks that began last year.\n\n"
            f"{one}'s minister said the two governments had agreed to set up a joint committee on {topic} "
            f"and would meet again next month. {two} welcomed the agreement and said it would send a "
            f"delegation to {one} before the end of the year.\n\n"
            f"Diplomats from both countries said the talks in {city} had been long but useful, and that "
            f"the committee would report to both cabinets within ninety days.")


class Feed:
    """What the server serves: the feed's first `size` entries, inline or as links to article pages."""

    def __init__(self) -> None:
        self.size = 3
        self.inline = True
        self.fail = 0  # answer the feed with 503 this many more times
        self.seen: list[tuple[str, dict[str, str]]] = []  # (path, conditional headers) per request
        self.on_article: Any = None  # called with the article's number before it is answered
        self.modified = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)

    @property
    def etag(self) -> str:
        return f'"v{self.size}"'

    def xml(self, base: str) -> bytes:
        items = []
        for n in range(1, self.size + 1):
            body = (f"<content:encoded><![CDATA[<p>{story(n)}</p>]]></content:encoded>" if self.inline
                    else "<description>A short teaser.</description>")
            items.append(f"<item><title>Talks, round {n}</title><guid>urn:talks:{n}</guid>"
                         f"<link>{base}/article/{n}</link><pubDate>Mon, 10 Mar 2025 0{n % 10}:00:00 +0000</pubDate>"
                         f"{body}</item>")
        return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" "
                "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Talks Wire</title>"
                f"<link>{base}/</link><description>talks</description>{''.join(items)}</channel></rss>").encode()


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        feed: Feed = self.server.feed
        conditions = {k: v for k in ("If-None-Match", "If-Modified-Since") if (v := self.headers.get(k))}
        feed.seen.append((self.path, conditions))
        try:
            if self.path == "/feed.xml":
                self._feed(feed, conditions)
            elif self.path.startswith("/article/"):
                n = int(self.path.rsplit("/", 1)[1])
                if feed.on_article:
                    feed.on_article(n)
                self._send(200, "text/html", f"<html><head><title>Talks, round {n}</title></head><body>"
                           f"<article><h1>Talks, round {n}</h1><p>{story(n)}</p></article></body></html>".encode())
            else:
                self._send(404, "text/plain", b"not found")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _feed(self, feed: Feed, conditions: dict[str, str]) -> None:
        if feed.fail:
            feed.fail -= 1
            self._send(503, "text/plain", b"busy")
        elif conditions.get("If-None-Match") == feed.etag:
            self.send_response(304)
            self.send_header("ETag", feed.etag)
            self.end_headers()
        else:
            self._send(200, "application/rss+xml", feed.xml(self.server.base),
                       {"ETag": feed.etag, "Last-Modified": format_datetime(feed.modified, usegmt=True)})

    def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def served() -> Iterator[tuple[str, Feed]]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    httpd.feed = Feed()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"{httpd.base}/feed.xml", httpd.feed  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


def feed_requests(feed: Feed) -> list[dict[str, str]]:
    return [conditions for path, conditions in feed.seen if path == "/feed.xml"]


def test_watch_ingests_a_growing_feed_taking_only_new_entries(served, tmp_path: Path) -> None:
    url, feed = served
    with Store(tmp_path / "w.duckdb") as store:
        [first] = watch(store, [url], settings=Settings(), every=900, once=True)
        assert (first.status, first.entries, first.new, first.added) == ("200", 3, 3, 3)
        feed.size = 5  # two more stories
        [second] = watch(store, [url], settings=Settings(), every=900, once=True)
        assert (second.entries, second.new, second.added, second.duplicates) == (5, 2, 2, 0)
        [third] = watch(store, [url], settings=Settings(), every=900, once=True)
        assert third.status == "304" and third.line().endswith(
            f"not modified (304); next poll {third.next_poll:%Y-%m-%d %H:%M:%S}")
        assert store.counts()["articles"] == 5
        state = store.feed(url)
        titles = sorted(a["title"] for a in store.articles(limit=None))
    assert titles == [f"Talks, round {n}" for n in range(1, 6)]
    assert (state["polls"], state["failures"], state["added"], state["etag"]) == (3, 0, 5, '"v5"')
    sent = feed_requests(feed)
    assert sent[0] == {} and sent[1]["If-None-Match"] == '"v3"' and sent[2]["If-None-Match"] == '"v5"'
    assert sent[1]["If-Modified-Since"] == "Mon, 10 Mar 2025 08:00:00 GMT"
    assert " 200, 5 entries, 2 new: 2 added, 0 already stored, 0 failed; next poll " in second.line()


def test_a_failing_feed_backs_off_and_recovers(served, tmp_path: Path) -> None:
    url, feed = served
    feed.fail = 2
    every = timedelta(minutes=15)
    at = datetime(2025, 3, 10, 9, 0)
    with Store(tmp_path / "w.duckdb") as store:
        one = poll(store, url, settings=Settings(), every=every, at=at)
        two = poll(store, url, settings=Settings(), every=every, at=one.next_poll)
        three = poll(store, url, settings=Settings(), every=every, at=two.next_poll)
        state = store.feed(url)
    assert (one.error, one.failures, one.next_poll - at) == ("HTTP 503 Service Unavailable", 1, 2 * every)
    assert (two.failures, two.next_poll - one.next_poll) == (2, 4 * every)
    assert "error: HTTP 503 Service Unavailable (failed 2 times in a row); next poll" in two.line()
    assert (three.error, three.added, three.next_poll - two.next_poll) == (None, 3, every)
    assert (state["failures"], state["polls"], state["added"]) == (0, 3, 3)


def test_the_backoff_is_capped(served, tmp_path: Path) -> None:
    url, feed = served
    feed.fail = 12
    at = datetime(2025, 3, 10, 9, 0)
    with Store(tmp_path / "w.duckdb") as store:
        for _ in range(12):
            last = poll(store, url, settings=Settings(), every=timedelta(minutes=15), at=at)
            at = last.next_poll
    assert last.failures == 12 and last.next_poll - last.at == timedelta(hours=6)


def watch_cli(db: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "communique.cli", "watch", *args, "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def test_killed_mid_poll_the_next_run_resumes_without_fetching_again(served, tmp_path: Path) -> None:
    url, feed = served
    feed.size, feed.inline = 5, False  # teasers: each story is fetched from its link
    db = tmp_path / "w.duckdb"
    proc = watch_cli(db, url, "--once")

    def kill_on_third(n: int) -> None:  # stories 1 and 2 are stored by the time story 3 is asked for
        if n == 3:
            os.kill(proc.pid, signal.SIGKILL)

    feed.on_article = kill_on_third
    proc.wait(timeout=240)
    assert proc.returncode == -signal.SIGKILL
    feed.on_article = None
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 2 and store.feed(url) is None  # the poll never finished

    again = watch_cli(db, url, "--once")
    out, err = again.communicate(timeout=240)
    assert again.returncode == 0, err
    assert out.count("\n") == 1 and ": 200, 5 entries, 3 new: 3 added, 0 already stored, 0 failed" in out
    articles = [p for p, _ in feed.seen if p.startswith("/article/")]
    assert sorted(articles) == sorted(["/article/1", "/article/2", "/article/3", "/article/3", "/article/4",
                                       "/article/5"])  # 1 and 2 were not fetched again
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 5 and store.counts()["inputs"] == 5
        assert store.feed(url)["etag"] == '"v5"'


def test_ctrl_c_mid_poll_stops_cleanly_and_the_store_stays_whole(served, tmp_path: Path) -> None:
    url, feed = served
    feed.size, feed.inline = 4, False
    db = tmp_path / "w.duckdb"
    proc = watch_cli(db, url, "--every", "30s")
    asked = threading.Event()

    def interrupt_on_second(n: int) -> None:
        if n == 2 and not asked.is_set():
            asked.set()
            proc.send_signal(signal.SIGINT)

    feed.on_article = interrupt_on_second
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "stopped after 0 polls: 0 articles added; every stored article is whole" in err
    with Store(db) as store:
        assert store.counts()["articles"] == 1
        feed.on_article = None
        [done] = watch(store, [url], settings=Settings(), every=30, once=True)
        assert (done.new, done.added) == (3, 3) and store.counts()["articles"] == 4


def test_ctrl_c_between_polls_stops_cleanly(served, tmp_path: Path) -> None:
    url, feed = served
    proc = watch_cli(tmp_path / "w.duckdb", url, "--every", "1h")
    line = proc.stdout.readline()  # type: ignore[union-attr]
    assert ": 200, 3 entries, 3 new: 3 added" in line
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in err
    assert "stopped after 1 polls: 3 articles added" in err


def test_feed_lists_and_durations(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# wires\nhttps://example.org/a.rss\n\nhttps://example.org/b.rss\n", encoding="utf-8")
    assert feed_list([str(listing), "https://example.org/a.rss", "https://example.org/c.rss"]) == [
        "https://example.org/a.rss", "https://example.org/b.rss", "https://example.org/c.rss"]
    listing.write_text("https://example.org/a.rss\nftp://example.org/b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"feeds.txt:2: not an http\(s\) URL: ftp://example.org/b"):
        feed_list([str(listing)])
    with pytest.raises(InputError, match="not a feed URL, and not a readable list"):
        feed_list([str(tmp_path / "missing.txt")])
    assert [duration(d) for d in ("90", "30s", "15m", "2h", "1d")] == [90, 30, 900, 7200, 86400]
    for bad in ("0", "soon", "-5m", "5 weeks"):
        with pytest.raises(ValueError):
            duration(bad)
