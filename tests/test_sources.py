"""sources/: every input kind -> RawDoc, every bad input -> a yielded InputError naming it."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote

import pytest
from conftest import shared_path
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from communique.errors import FetchError, InputError
from communique.records import RawDoc
from communique.settings import Settings
from communique.sources import read_inputs
from communique.sources.decode import decode, looks_like_html

# ---------------------------------------------------------------- canned content

PARA = ("Hamas said on Monday it had accepted the framework for a ceasefire in Gaza, the exchange of "
        "prisoners and the withdrawal of Israeli forces, according to a statement from its political "
        "bureau. ")
LONG = PARA * 4  # well over the 500 characters that make a feed entry an article
TEXT = "Ceasefire talks resume in Doha.\n\n" + PARA
HTML = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Talks resume</title></head>"
        f"<body><article><h1>Talks resume</h1><p>{PARA}</p></article></body></html>")
LATIN = "Señor Muñoz said the café in Zürich was naïve about the déjà vu of the talks."
CP1252 = "He said “we will not accept” the deal — and left. It’s over, the minister’s aide said."


def rss(items: str, title: str = "Wire") -> str:
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
            f"<title>{title}</title><link>http://example.org/</link><description>news</description>"
            f"{items}</channel></rss>")


def rss_item(title: str, link: str, summary: str = "", content: str = "") -> str:
    body = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
    return (f"<item><title>{title}</title><link>{link}</link>"
            f"<pubDate>Tue, 25 Jun 2024 10:00:00 +0000</pubDate>"
            f"<description><![CDATA[{summary}]]></description>{body}</item>")


def atom(entries: str) -> str:
    return ("<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
            "<title>Atom Wire</title><id>urn:wire</id><updated>2024-06-25T10:00:00Z</updated>"
            f"{entries}</feed>")


def atom_entry(title: str, link: str, content: str = "", summary: str = "") -> str:
    parts = f"<content type=\"html\"><![CDATA[{content}]]></content>" if content else ""
    parts += f"<summary>{summary}</summary>" if summary else ""
    return (f"<entry><title>{title}</title><id>urn:{title}</id><link href=\"{link}\"/>"
            f"<updated>2024-06-24T18:30:00Z</updated><author><name>A. Reporter</name></author>"
            f"{parts}</entry>")


INLINE_RSS = rss(rss_item("First", "http://example.org/1", "teaser", f"<p>{LONG}</p>")
                 + rss_item("Second", "http://example.org/2", f"<p>{LONG}</p>"))
SITEMAP = ("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
           "<url><loc>http://example.org/</loc></url></urlset>")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" * 20

# ---------------------------------------------------------------- the local HTTP server


@dataclass
class Server:
    base: str
    routes: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)


def _routes(base: str) -> dict[str, tuple[int, str, bytes]]:
    links = rss(rss_item("Linked one", f"{base}/news/1.html", "Short teaser.")
                + rss_item("Linked two", f"{base}/news/2.html", "Another teaser.")
                + rss_item("Gone", f"{base}/news/missing.html", "Deleted story."), title="Linked Wire")
    return {
        "/article.html": (200, "text/html; charset=utf-8", HTML.encode()),
        "/plain": (200, "text/plain; charset=utf-8", TEXT.encode()),
        "/latin": (200, "text/html; charset=iso-8859-1", f"<html><body><p>{LATIN}</p></body></html>"
                   .encode("latin-1")),
        "/inline.rss": (200, "application/rss+xml", INLINE_RSS.encode()),
        "/links.rss": (200, "application/rss+xml", links.encode()),
        "/feed": (200, "application/atom+xml", atom(atom_entry("Inline", "http://example.org/i", LONG))
                  .encode()),
        "/news/1.html": (200, "text/html", HTML.replace("Talks resume", "Linked one").encode()),
        "/news/2.html": (200, "text/html", HTML.replace("Talks resume", "Linked two").encode()),
        "/notfeed.rss": (200, "text/html", HTML.encode()),
        "/image.png": (200, "image/png", PNG),
        "/big": (200, "text/plain", b"x" * 5000),
    }


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        try:
            self._answer()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the reader gave up on purpose (size limit, deadline)

    def _answer(self) -> None:
        path, _, query = self.path.partition("?")
        if path == "/redirect":  # /redirect?code=302&to=URL
            params = dict(parse_qsl(query))
            self.send_response(int(params.get("code", "302")))
            self.send_header("Location", params["to"])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/echo":  # what the request looked like on arrival
            body = f"Host: {self.headers['Host']}\nUser-Agent: {self.headers['User-Agent']}\n{PARA}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/stream":  # no Content-Length: the reader must stop on its own
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"y" * 1000)
            return
        if self.path == "/drip":  # each byte in time, the whole page too late
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(12):
                self.wfile.write(b"z" * 10)
                self.wfile.flush()
                time.sleep(0.1)
            return
        status, ctype, body = self.server.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _serve(address: str) -> Iterator[Server]:
    httpd = ThreadingHTTPServer((address, 0), _Handler)
    httpd.daemon_threads = True
    base = f"http://{address}:{httpd.server_address[1]}"
    httpd.routes = _routes(base)  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(base, httpd.routes)  # type: ignore[attr-defined]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    yield from _serve("127.0.0.1")


@pytest.fixture(scope="module")
def outside() -> Iterator[Server]:
    """A server that stands for a host on the public internet (see `public_127_0_0_2`)."""
    yield from _serve("127.0.0.2")


@pytest.fixture(autouse=True)
def _local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # urllib honours proxy variables; requests to 127.0.0.1 must never leave the machine
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    connect = socket.create_connection

    def local(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        assert address[0].startswith("127."), f"test tried the network: {address}"
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", local)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- writing inputs


def write(tmp: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> str:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return str(path)


def folder(tmp: Path, name: str, files: dict[str, str | bytes]) -> str:
    (tmp / name).mkdir()
    for relative, data in files.items():
        write(tmp, f"{name}/{relative}", data)
    return str(tmp / name)


def jsonl_lines(*records: Any) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


CORPUS = jsonl_lines(
    {"id": "a1", "title": "Talks", "published": "2024-06-25", "url": "https://example.org/a1",
     "publisher": "MEMO", "text": TEXT},
    {"id": 2, "source": "TASS", "published": "Tue, 25 Jun 2024 10:00:00 +0300", "text": HTML},
)


def write_warc(tmp: Path, name: str, gz: bool) -> str:
    path = tmp / name
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(name, {"software": "test"}))  # record 1
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://example.org/a", "request",
                                                      http_headers=request))  # record 2

        def response(uri: str, status: str, ctype: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-06-25T11:22:33Z"}))

        response("https://example.org/a", "200 OK", "text/html; charset=utf-8", HTML.encode())  # 3
        response("https://example.org/logo.png", "200 OK", "image/png", PNG)  # 4: skipped
        response("https://example.org/gone", "404 Not Found", "text/html", b"<p>gone</p>")  # 5: skipped
        response("https://example.org/b", "200 OK", "text/html; charset=iso-8859-1",
                 f"<html><body><p>{LATIN}</p></body></html>".encode("latin-1"))  # 6
        response("https://example.org/empty", "200 OK", "text/html", b"   ")  # 7: empty
    return str(path)


# ---------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Doc:
    origin: str
    format: str
    contains: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Err:
    origin: str
    problem: str
    kind: type[InputError] = InputError


Build = Callable[[Path, Server], tuple[list[str], dict[str, Any]]]


def one(build: Callable[[Path, Server], str | list[str]], **settings: Any) -> Build:
    """A builder for inputs written by `build`, read with the given settings."""
    def run(tmp: Path, srv: Server) -> tuple[list[str], dict[str, Any]]:
        inputs = build(tmp, srv)
        return ([inputs] if isinstance(inputs, str) else inputs), settings
    return run


def fill(template: str, tmp: Path, srv: Server) -> str:
    return template.format(tmp=tmp, base=srv.base, port=PORT)


PORT = closed_port()


def warc_case(name: str, gz: bool) -> Any:
    """Records 1-2 (warcinfo, request), 4 (image) and 5 (404) are skipped; 7 is empty."""
    expected = [Doc(f"{{tmp}}/{name}#record-3", "html", PARA,
                    {"url": "https://example.org/a", "published_fallback": "2024-06-25T11:22:33Z"}),
                Doc(f"{{tmp}}/{name}#record-6", "html", LATIN, {"url": "https://example.org/b"}),
                Err(f"{{tmp}}/{name}#record-7", "empty")]
    return pytest.param(one(lambda t, s: write_warc(t, name, gz)), expected, id=name)


GOOD = [
    pytest.param(one(lambda t, s: write(t, "a.txt", TEXT)), [Doc("{tmp}/a.txt", "text", "Ceasefire talks")],
                 id="text"),
    pytest.param(one(lambda t, s: write(t, "bom.txt", "\ufeff" + TEXT)),
                 [Doc("{tmp}/bom.txt", "text", "Ceasefire talks")], id="utf8-bom"),
    pytest.param(one(lambda t, s: write(t, "a.html", HTML)), [Doc("{tmp}/a.html", "html", PARA)], id="html"),
    pytest.param(one(lambda t, s: write(t, "page.txt", HTML)), [Doc("{tmp}/page.txt", "html", PARA)],
                 id="html-sniffed"),
    pytest.param(one(lambda t, s: write(t, "l1.txt", LATIN, "latin-1")), [Doc("{tmp}/l1.txt", "text", LATIN)],
                 id="latin-1"),
    pytest.param(one(lambda t, s: write(t, "w.txt", CP1252, "cp1252")), [Doc("{tmp}/w.txt", "text", CP1252)],
                 id="cp1252"),
    pytest.param(one(lambda t, s: write(t, "m.html", "<html><head><meta http-equiv=\"Content-Type\" "
                                        "content=\"text/html; charset=windows-1252\"></head><body><p>"
                                        f"{CP1252}</p></body></html>", "cp1252")),
                 [Doc("{tmp}/m.html", "html", CP1252)], id="meta-charset"),
    pytest.param(one(lambda t, s: write(t, "u16.txt", TEXT + LATIN, "utf-16")),
                 [Doc("{tmp}/u16.txt", "text", LATIN)], id="utf-16-bom"),
    pytest.param(one(lambda t, s: write(t, "u16be.txt", b"\xfe\xff" + (TEXT + CP1252).encode("utf-16-be"))),
                 [Doc("{tmp}/u16be.txt", "text", CP1252)], id="utf-16-be-bom"),
    pytest.param(one(lambda t, s: write(t, "c.jsonl", CORPUS)), [
        Doc("{tmp}/c.jsonl:1", "text", "Ceasefire talks",
            {"id": "a1", "title": "Talks", "published": "2024-06-25", "url": "https://example.org/a1",
             "source": "MEMO"}),
        Doc("{tmp}/c.jsonl:2", "html", PARA, {"id": "2", "source": "TASS",
                                              "published": "2024-06-25T10:00:00+03:00"})], id="jsonl"),
    pytest.param(one(lambda t, s: write(t, "c.jsonl.gz", gzip.compress(CORPUS.encode()))), [
        Doc("{tmp}/c.jsonl.gz:1", "text", "Ceasefire talks", {"title": "Talks"}),
        Doc("{tmp}/c.jsonl.gz:2", "html", PARA)], id="jsonl-gz"),
    pytest.param(one(lambda t, s: write(t, "one.json", json.dumps({"title": "T", "text": TEXT}, indent=2))),
                 [Doc("{tmp}/one.json", "text", "Ceasefire", {"title": "T"})], id="json-object"),
    pytest.param(one(lambda t, s: write(t, "many.json", json.dumps([{"text": TEXT}, {"text": HTML}], indent=1))),
                 [Doc("{tmp}/many.json#item-1", "text", "Ceasefire"), Doc("{tmp}/many.json#item-2", "html", PARA)],
                 id="json-array"),
    warc_case("cc.warc", gz=False),
    warc_case("cc.warc.gz", gz=True),
    pytest.param(one(lambda t, s: folder(t, "d", {"b/c.html": HTML, "a.txt": TEXT, ".hidden.txt": TEXT,
                                                  ".git/x.txt": TEXT, "logo.png": PNG, "z.jsonl": CORPUS})),
                 [Doc("{tmp}/d/a.txt", "text", "Ceasefire"), Doc("{tmp}/d/b/c.html", "html", PARA),
                  Doc("{tmp}/d/z.jsonl:1", "text", "Ceasefire"), Doc("{tmp}/d/z.jsonl:2", "html", PARA)],
                 id="directory"),
    pytest.param(one(lambda t, s: folder(t, "g", {"b.txt": TEXT, "a.txt": LATIN, "c.html": HTML}) + "/*.txt"),
                 [Doc("{tmp}/g/a.txt", "text", LATIN), Doc("{tmp}/g/b.txt", "text", "Ceasefire")], id="glob"),
    pytest.param(one(lambda t, s: f"{s.base}/article.html"),
                 [Doc("{base}/article.html", "html", PARA, {"url": "{base}/article.html"})], id="url-html"),
    pytest.param(one(lambda t, s: f"{s.base}/plain"), [Doc("{base}/plain", "text", "Ceasefire talks")],
                 id="url-text"),
    pytest.param(one(lambda t, s: f"{s.base}/latin"), [Doc("{base}/latin", "html", LATIN)], id="url-latin-1"),
    pytest.param(one(lambda t, s: f"{s.base}/inline.rss"), [
        Doc("{base}/inline.rss#entry-1", "html", PARA,
            {"title": "First", "url": "http://example.org/1", "source": "Wire",
             "published": "2024-06-25T10:00:00+00:00"}),
        Doc("{base}/inline.rss#entry-2", "html", PARA, {"title": "Second"})], id="rss-inline"),
    pytest.param(one(lambda t, s: f"{s.base}/links.rss"), [
        Doc("{base}/news/1.html", "html", "Linked one",
            {"title": "Linked one", "url": "{base}/news/1.html", "source": "Linked Wire",
             "published": "2024-06-25T10:00:00+00:00"}),
        Doc("{base}/news/2.html", "html", "Linked two", {"title": "Linked two"}),
        Err("{base}/news/missing.html", "HTTP 404", FetchError)], id="rss-links"),
    pytest.param(one(lambda t, s: f"{s.base}/links.rss", follow_links=False), [
        Doc("{base}/links.rss#entry-1", "html", "Short teaser.", {"title": "Linked one"}),
        Doc("{base}/links.rss#entry-2", "html", "Another teaser."),
        Doc("{base}/links.rss#entry-3", "html", "Deleted story.")], id="rss-no-follow"),
    pytest.param(one(lambda t, s: f"{s.base}/feed"),
                 [Doc("{base}/feed#entry-1", "html", PARA, {"title": "Inline", "source": "Atom Wire",
                                                            "author": "A. Reporter",
                                                            "published": "2024-06-24T18:30:00+00:00"})],
                 id="atom-url"),
    pytest.param(one(lambda t, s: write(t, "w.atom", atom(atom_entry("Inline", "http://example.org/i", LONG)
                                                          + atom_entry("Linked", f"{s.base}/news/2.html",
                                                                       summary="Short.")))),
                 [Doc("{tmp}/w.atom#entry-1", "html", PARA, {"url": "http://example.org/i"}),
                  Doc("{base}/news/2.html", "html", "Linked two", {"title": "Linked", "source": "Atom Wire"})],
                 id="atom-file"),
    pytest.param(one(lambda t, s: write(t, "feed.xml", INLINE_RSS)),
                 [Doc("{tmp}/feed.xml#entry-1", "html", PARA), Doc("{tmp}/feed.xml#entry-2", "html", PARA)],
                 id="rss-file-xml"),
    pytest.param(one(lambda t, s: write(t, "wire.txt", INLINE_RSS)),
                 [Doc("{tmp}/wire.txt#entry-1", "html", PARA), Doc("{tmp}/wire.txt#entry-2", "html", PARA)],
                 id="rss-sniffed"),
]

BAD = [
    pytest.param(one(lambda t, s: write(t, "e.txt", b"")), [Err("{tmp}/e.txt", "empty")], id="empty"),
    pytest.param(one(lambda t, s: write(t, "ws.txt", " \n\t \r\n")), [Err("{tmp}/ws.txt", "empty")],
                 id="whitespace"),
    pytest.param(one(lambda t, s: write(t, "logo.txt", PNG)), [Err("{tmp}/logo.txt", "binary file, not text")],
                 id="binary-nul"),
    pytest.param(one(lambda t, s: write(t, "noise.txt", bytes(range(1, 256)) * 8)),
                 [Err("{tmp}/noise.txt", "binary file, not text")], id="binary-noise"),
    pytest.param(one(lambda t, s: write(t, "big.txt", "x" * 2000), max_bytes=1000),
                 [Err("{tmp}/big.txt", "too large: 2,000 bytes, over the limit of 1,000 bytes")], id="huge"),
    pytest.param(one(lambda t, s: f"{s.base}/big", max_bytes=1000),
                 [Err("{base}/big", "too large: 5,000 bytes, over the limit of 1,000 bytes")], id="huge-url"),
    pytest.param(one(lambda t, s: f"{s.base}/stream", max_bytes=1000),
                 [Err("{base}/stream", "over the limit of 1,000 bytes")], id="huge-url-streamed"),
    pytest.param(one(lambda t, s: str(t / "nope.txt")), [Err("{tmp}/nope.txt", "no such file or directory")],
                 id="missing"),
    pytest.param(one(lambda t, s: str(t / "*.nothing")), [Err("{tmp}/*.nothing", "no file matches")],
                 id="glob-no-match"),
    pytest.param(one(lambda t, s: folder(t, "void", {})),
                 [Err("{tmp}/void", "no readable files in directory")], id="empty-directory"),
    pytest.param(one(lambda t, s: f"http://127.0.0.1:{PORT}/x"),
                 [Err("http://127.0.0.1:{port}/x", "cannot reach host", FetchError)], id="unreachable"),
    pytest.param(one(lambda t, s: f"{s.base}/missing"), [Err("{base}/missing", "HTTP 404 Not Found", FetchError)],
                 id="http-404"),
    pytest.param(one(lambda t, s: f"{s.base}/slow", timeout=0.3),
                 [Err("{base}/slow", "timed out after 0.3 s", FetchError)], id="timeout"),
    pytest.param(one(lambda t, s: f"{s.base}/drip", timeout=0.5),
                 [Err("{base}/drip", "timed out after 0.5 s", FetchError)], id="timeout-drip"),
    pytest.param(one(lambda t, s: f"{s.base}/image.png"), [Err("{base}/image.png", "binary file, not text")],
                 id="url-binary"),
    pytest.param(one(lambda t, s: f"{s.base}/notfeed.rss"),
                 [Err("{base}/notfeed.rss", "not an RSS/Atom feed: got an HTML page")], id="url-not-a-feed"),
    pytest.param(one(lambda t, s: write(t, "page.rss", HTML)),
                 [Err("{tmp}/page.rss", "not an RSS/Atom feed: got an HTML page")], id="file-not-a-feed"),
    pytest.param(one(lambda t, s: write(t, "sitemap.xml", SITEMAP)),
                 [Err("{tmp}/sitemap.xml", "not an RSS/Atom feed: root element is <urlset>")], id="sitemap"),
    pytest.param(one(lambda t, s: write(t, "junk.atom", "this is not xml at all")),
                 [Err("{tmp}/junk.atom", "not an RSS/Atom feed")], id="junk-feed"),
    pytest.param(one(lambda t, s: write(t, "empty.rss", rss(""))), [Err("{tmp}/empty.rss", "feed has no entries")],
                 id="feed-no-entries"),
    pytest.param(one(lambda t, s: write(t, "bad.jsonl", jsonl_lines(
        {"text": TEXT}, "{not json", {"title": "no text"}, [1, 2], {"text": "  "}, "", {"text": LATIN}))), [
        Doc("{tmp}/bad.jsonl:1", "text", "Ceasefire"),
        Err("{tmp}/bad.jsonl:2", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        Err("{tmp}/bad.jsonl:3", "no 'text' field"),
        Err("{tmp}/bad.jsonl:4", "not a JSON object but an array"),
        Err("{tmp}/bad.jsonl:5", "empty"),
        Doc("{tmp}/bad.jsonl:7", "text", LATIN)], id="jsonl-bad-lines"),
    pytest.param(one(lambda t, s: write(t, "long.jsonl", jsonl_lines({"text": "x" * 3000}, {"text": TEXT})),
                     max_bytes=1000), [
        Err("{tmp}/long.jsonl:1", "too large: 3,013 bytes, over the limit of 1,000 bytes"),
        Doc("{tmp}/long.jsonl:2", "text", "Ceasefire")], id="jsonl-long-line"),
    pytest.param(one(lambda t, s: [write(t, "e.jsonl", "\n\n"), write(t, "e.jsonl.gz", gzip.compress(b"")),
                                   write(t, "e.warc", b""), write(t, "e.warc.gz", gzip.compress(b""))]),
                 [Err("{tmp}/e.jsonl", "empty"), Err("{tmp}/e.jsonl.gz", "empty"), Err("{tmp}/e.warc", "empty"),
                  Err("{tmp}/e.warc.gz", "empty")], id="empty-corpora"),
    pytest.param(one(lambda t, s: write(t, "fake.warc", TEXT)), [Err("{tmp}/fake.warc", "not a WARC file")],
                 id="not-warc"),
    pytest.param(one(lambda t, s: write(t, "bare.warc", b"WARC/1.0\r\n\r\n")),
                 [Err("{tmp}/bare.warc#record-1", "not a WARC record: no WARC-Type header")], id="warc-no-type"),
    pytest.param(one(lambda t, s: write(t, "nouri.warc", b"WARC/1.0\r\nWARC-Type: response\r\n"
                                        b"Content-Length: 5\r\n\r\nab")),
                 [Err("{tmp}/nouri.warc", "not a WARC file: malformed record headers")], id="warc-no-uri"),
    pytest.param(one(lambda t, s: write(t, "cut.warc", b"WARC/1.0\r\nWARC-Type: resource\r\n"
                                        b"WARC-Target-URI: https://example.org/c\r\nContent-Type: text/plain\r\n"
                                        b"Content-Length: 900\r\n\r\n" + TEXT.encode())),
                 [Err("{tmp}/cut.warc#record-1", "cut short")], id="warc-cut-short"),
    pytest.param(one(lambda t, s: write(t, "cut.warc.gz", gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n")[:-8])),
                 [Err("{tmp}/cut.warc.gz", "not a WARC file")], id="warc-gz-cut-short"),
    pytest.param(one(lambda t, s: write(t, "requests.warc", b"WARC/1.0\r\nWARC-Type: request\r\n"
                                        b"Content-Length: 0\r\n\r\n\r\n\r\n")),
                 [Err("{tmp}/requests.warc", "no HTML or text response in 1 record")], id="warc-no-response"),
    pytest.param(one(lambda t, s: write(t, "types.jsonl", jsonl_lines(
        {"text": 42}, {"text": ["a"]}, {"text": None}, {"text": {"body": TEXT}}))), [
        Err("{tmp}/types.jsonl:1", "'text' is a number, not a string"),
        Err("{tmp}/types.jsonl:2", "'text' is an array, not a string"),
        Err("{tmp}/types.jsonl:3", "'text' is null, not a string"),
        Err("{tmp}/types.jsonl:4", "'text' is an object, not a string")], id="jsonl-text-not-a-string"),
    pytest.param(one(lambda t, s: write(t, "syntax.jsonl", '{"text": "unterminated\n{"text": "a\tb"}\n'
                                        '{"text": "x"\n')), [
        Err("{tmp}/syntax.jsonl:1", "not JSON: Unterminated string starting at column 10"),
        Err("{tmp}/syntax.jsonl:2", "not JSON: Invalid control character at column 12"),
        Err("{tmp}/syntax.jsonl:3", "not JSON: Expecting ',' delimiter at column 13")], id="jsonl-syntax-errors"),
    pytest.param(one(lambda t, s: [str(t / "nope"), write(t, "ok.txt", TEXT)]),
                 [Err("{tmp}/nope", "no such file or directory"), Doc("{tmp}/ok.txt", "text", "Ceasefire")],
                 id="batch-goes-on"),
]


def check(item: RawDoc | InputError, want: Doc | Err, tmp: Path, srv: Server) -> None:
    if isinstance(want, Err):
        assert isinstance(item, want.kind), item
        assert item.origin == fill(want.origin, tmp, srv)
        assert fill(want.problem, tmp, srv) in item.problem
        assert "\n" not in str(item)
        return
    assert isinstance(item, RawDoc), item
    assert item.origin == fill(want.origin, tmp, srv)
    assert item.format == want.format
    assert isinstance(item.content, str) and want.contains in item.content
    assert not item.content.startswith("\ufeff")
    for key, value in want.meta.items():
        assert item.meta.get(key) == fill(value, tmp, srv), (key, item.meta)


@pytest.mark.parametrize("build, expected", GOOD + BAD)
def test_read_inputs(build: Build, expected: list[Doc | Err], tmp_path: Path, server: Server) -> None:
    inputs, settings = build(tmp_path, server)
    got = list(read_inputs(inputs, Settings(timeout=settings.pop("timeout", 5.0), **settings)))
    assert len(got) == len(expected), got
    for item, want in zip(got, expected, strict=True):
        check(item, want, tmp_path, server)


@pytest.mark.parametrize("data, fmt, contains", [
    (TEXT.encode(), "text", "Ceasefire talks"),
    (HTML.encode(), "html", PARA),
    (INLINE_RSS.encode(), "html", PARA),
])
def test_stdin(data: bytes, fmt: str, contains: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    got = list(read_inputs(["-"], Settings()))
    assert got and all(isinstance(d, RawDoc) and d.format == fmt and contains in d.content for d in got)
    assert got[0].origin.startswith("<stdin>")


@pytest.mark.parametrize("data, problem", [(b"", "empty"), (PNG, "binary file, not text"),
                                           (b"z" * 5000, "over the limit of 4,000 bytes")])
def test_stdin_bad(data: bytes, problem: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (error,) = read_inputs(["-"], Settings(max_bytes=4000))
    assert isinstance(error, InputError) and error.origin == "<stdin>" and problem in error.problem


def test_meta_argument_overrides(tmp_path: Path) -> None:
    path = write(tmp_path, "c.jsonl", CORPUS)
    first, second = read_inputs([path], Settings(), meta={"title": "Given", "published": "2024-06-25",
                                                          "url": None})
    assert isinstance(first, RawDoc) and isinstance(second, RawDoc)
    assert first.meta["title"] == second.meta["title"] == "Given"
    assert first.meta["url"] == "https://example.org/a1"  # None in `meta` overrides nothing
    assert first.meta["source"] == "MEMO"


def test_truncated_gzip_stops_with_error(tmp_path: Path) -> None:
    path = write(tmp_path, "cut.jsonl.gz", gzip.compress(CORPUS.encode() * 50)[:-200])
    *docs, error = read_inputs([path], Settings())
    assert docs and [d.origin for d in docs] == [f"{path}:{n}" for n in range(1, len(docs) + 1)]
    assert isinstance(error, InputError) and error.origin == f"{path}:{len(docs) + 1}"
    assert "cannot read further" in error.problem


def test_jsonl_is_read_lazily(tmp_path: Path) -> None:
    path = tmp_path / "stream.jsonl"
    path.write_text(jsonl_lines({"text": TEXT}, {"text": LATIN}))
    stream = read_inputs([str(path)], Settings())
    first = next(stream)
    with open(path, "a") as out:  # written after the first line was yielded, still read
        out.write(jsonl_lines({"text": CP1252}))
    assert [d.content for d in itertools.chain([first], stream)] == [TEXT, LATIN, CP1252]  # type: ignore[union-attr]


@pytest.mark.parametrize("data, charset, expected", [
    (b"plain ASCII", None, "plain ASCII"),
    ("\ufeffSmart “quotes”".encode(), None, "Smart “quotes”"),
    (LATIN.encode("latin-1"), None, LATIN),
    ("café".encode("latin-1"), None, "café"),
    (CP1252.encode("cp1252"), None, CP1252),
    (CP1252.encode("cp1252"), "iso-8859-1", CP1252),  # browsers read declared latin-1 as cp1252
    ("Zażółć gęślą jaźń, powiedział premier o rozmowach w przyszłym tygodniu.".encode("cp1250"), "cp1250",
     "Zażółć gęślą jaźń, powiedział premier o rozmowach w przyszłym tygodniu."),
    ("Министр иностранных дел России заявил, что переговоры продолжатся.".encode("cp1251"), None,
     "Министр иностранных дел России заявил, что переговоры продолжатся."),
    (LATIN.encode("utf-16"), None, LATIN),
    (LATIN.encode("utf-16-le"), None, LATIN),  # no BOM: NULs in every other byte
    (LATIN.encode("utf-32"), None, LATIN),
])
def test_decode(data: bytes, charset: str | None, expected: str) -> None:
    assert decode(data, "x", charset=charset) == expected


@pytest.mark.parametrize("text, expected", [
    (HTML, True),
    ("<p>One.</p><p>Two.</p><p>Three.</p>", True),
    ("<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", True),
    (TEXT, False),
    ("Use <b> for bold, they said.", False),
])
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_shared_corpus_head() -> None:
    path = shared_path("corpus", "news.jsonl")
    docs = list(itertools.islice(read_inputs([str(path)], Settings()), 5))
    assert [d.origin for d in docs] == [f"{path}:{n}" for n in range(1, 6)]
    for doc in docs:
        assert isinstance(doc, RawDoc) and doc.format == "text" and doc.content.strip()
        assert doc.meta["title"] and doc.meta["source"] and doc.meta["id"]
        assert doc.meta["published"][:4].isdigit() and doc.meta["published"][4] == "-"


# ---------------------------------------------------------------- Parquet, fsspec URLs, partitions


def write_parquet(tmp: Path, name: str = "c.parquet", rows: list[dict] | None = None, group: int = 2) -> str:
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = rows if rows is not None else [
        {"id": "p1", "title": "Talks", "published": dt.datetime(2024, 6, 25, 10, 0), "url": "https://example.org/p1",
         "publisher": "MEMO", "text": TEXT},
        {"id": "p2", "title": None, "published": None, "url": None, "publisher": "TASS", "text": HTML},
        {"id": "p3", "title": "Blank", "published": None, "url": None, "publisher": None, "text": "  "},
        {"id": "p4", "title": None, "published": None, "url": None, "publisher": None, "text": LATIN},
        {"id": "p5", "title": None, "published": None, "url": None, "publisher": None, "text": CP1252},
    ]
    path = tmp / name
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=group)
    return str(path)


def test_parquet_rows_read_like_jsonl_records(tmp_path: Path) -> None:
    path = write_parquet(tmp_path)
    got = list(read_inputs([path], Settings()))
    assert [x.origin for x in got] == [f"{path}#row-{n}" for n in range(1, 6)]
    first = got[0]
    assert isinstance(first, RawDoc) and first.format == "text" and first.meta == {
        "id": "p1", "title": "Talks", "published": "2024-06-25T10:00:00", "url": "https://example.org/p1",
        "source": "MEMO"}
    assert got[1].format == "html" and got[1].meta == {"id": "p2", "source": "TASS"}
    assert isinstance(got[2], InputError) and got[2].problem == "empty"


@pytest.mark.parametrize("content, problem", [
    (b"PAR1 but not really", "not a Parquet file"),
    (b"", "not a Parquet file"),
])
def test_a_bad_parquet_file_is_one_error(tmp_path: Path, content: bytes, problem: str) -> None:
    path = write(tmp_path, "bad.parquet", content)
    [err] = list(read_inputs([path], Settings()))
    assert isinstance(err, InputError) and err.origin == path and err.problem.startswith(problem)


def test_a_parquet_file_without_text_says_so(tmp_path: Path) -> None:
    path = write_parquet(tmp_path, rows=[{"body": "x", "title": "t"}])
    [err] = list(read_inputs([path], Settings()))
    assert str(err) == f"{path}: no 'text' column (columns: body, title)"


def test_fsspec_urls_read_files_folders_and_globs(tmp_path: Path) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus/a.jsonl", CORPUS.encode())
    fs.pipe("/corpus/sub/b.jsonl.gz", gzip.compress(CORPUS.encode()))
    fs.pipe("/corpus/.hidden/c.jsonl", CORPUS.encode())
    fs.pipe("/corpus/notes.bin", b"\x00")
    with open(write_parquet(tmp_path), "rb") as f:
        fs.pipe("/corpus/c.parquet", f.read())
    folder = [x.origin for x in read_inputs(["memory://corpus"], Settings())]
    assert folder == ["memory:///corpus/a.jsonl:1", "memory:///corpus/a.jsonl:2",
                      *[f"memory:///corpus/c.parquet#row-{n}" for n in range(1, 6)],
                      "memory:///corpus/sub/b.jsonl.gz:1", "memory:///corpus/sub/b.jsonl.gz:2"]
    assert [x.origin for x in read_inputs(["memory://corpus/*.jsonl"], Settings())] == folder[:2]
    local = list(read_inputs([f"file://{write(tmp_path, 'c.jsonl', CORPUS)}"], Settings()))
    assert [x.content for x in local] == [x.content for x in read_inputs(["memory://corpus/a.jsonl"], Settings())]
    [missing] = list(read_inputs(["memory://corpus/none.jsonl"], Settings()))
    assert str(missing) == "memory://corpus/none.jsonl: no such file or directory"
    [unknown] = list(read_inputs(["nosuchproto://bucket/x.jsonl"], Settings()))
    assert unknown.problem.startswith("cannot list: ")


def test_partitions_read_exactly_what_the_whole_file_gives(tmp_path: Path) -> None:
    from communique.sources.parts import files, read_part, split

    lines = CORPUS.splitlines()
    messy = "\n".join([lines[0], "", "{not json", lines[1], json.dumps({"text": LONG, "id": 7}), lines[0],
                       "   ", lines[1]])  # no newline at the end
    inputs = [write(tmp_path, "m.jsonl", messy), write(tmp_path, "m.jsonl.gz", gzip.compress(messy.encode())),
              write_warc(tmp_path, "w.warc.gz", True), write_warc(tmp_path, "w.warc", False),
              write_parquet(tmp_path), write(tmp_path, "a.txt", TEXT), write(tmp_path, "e.jsonl", "")]
    settings = Settings()
    for size in (1, 2, 3, 100):
        for file in files(inputs):
            parts = split(file, size)
            whole = [(x.origin, str(x) if isinstance(x, InputError) else x.content)
                     for x in read_inputs([file], settings)]
            pieces = [(x.origin, str(x) if isinstance(x, InputError) else x.content)
                      for part in parts for x in read_part(part, settings)]
            assert pieces == whole, (file, size)
            assert len({p.id for p in parts}) == len(parts)
    plain = split(inputs[0], 3)
    assert [(p.start, p.stop) for p in plain] == [(0, 3), (3, 6), (6, 8)] and all(p.offset is not None for p in plain)
    assert [p.offset for p in split(inputs[1], 3)] == [None, None, None]
    assert [str(e) for e in files(["-", "https://example.org/feed"])] == [
        "<stdin>: a partitioned run reads files and fsspec URLs only; use the local engine for stdin and http(s) URLs",
        "https://example.org/feed: a partitioned run reads files and fsspec URLs only; use the local engine for "
        "stdin and http(s) URLs"]


# ---------------------------------------------------------------- the fetch guard (Settings.public_only)


@pytest.fixture
def public_127_0_0_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.2 stand for a public address, so a local server can play an outside host."""
    from communique.sources import web

    real = web.is_public
    monkeypatch.setattr(web, "is_public", lambda address: address == "127.0.0.2" or real(address))


def resolver(table: dict[str, list[str]], calls: list[str] | None = None) -> Callable[[str, int], list[str]]:
    """A resolver we control: host -> addresses; unknown hosts do not resolve."""
    def resolve(host: str, port: int) -> list[str]:
        if calls is not None:
            calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return table[host]
    return resolve


def redirect(srv: Server, to: str, code: int = 302) -> str:
    return f"{srv.base}/redirect?code={code}&to={quote(to, safe='')}"


GUARDED = Settings(timeout=5.0, public_only=True)


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("1.1.1.1", True), ("2606:4700:4700::1111", True), ("::ffff:8.8.8.8", True),
    ("127.0.0.1", False), ("127.9.9.9", False), ("10.1.2.3", False), ("172.16.0.1", False),
    ("192.168.1.1", False), ("169.254.169.254", False), ("100.64.0.1", False), ("100.127.255.254", False),
    ("198.18.0.1", False), ("198.19.255.255", False), ("192.0.0.8", False), ("192.0.2.1", False),
    ("198.51.100.7", False), ("203.0.113.9", False), ("0.0.0.0", False), ("240.0.0.1", False),
    ("255.255.255.255", False), ("224.0.0.251", False), ("239.255.255.250", False),
    ("::1", False), ("::", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:100.64.0.1", False), ("::127.0.0.1", False), ("64:ff9b::7f00:1", False), ("2002:7f00:1::", False),
    ("2001:db8::1", False), ("2001::1", False), ("fd12:3456::1", False), ("fc00::1", False), ("fe80::1", False),
    ("fe80::1%eth0", False), ("fec0::1", False), ("ff02::1", False), ("ff0e::1", False), ("100::1", False),
])
def test_which_addresses_are_public(address: str, public: bool) -> None:
    from communique.sources.web import is_public

    assert is_public(address) is public


@pytest.mark.parametrize(("target", "problem"), [
    ("http://127.0.0.1:{port}/article.html", "refusing to fetch an internal address (127.0.0.1)"),
    ("http://[::1]:{port}/article.html", "refusing to fetch an internal address (::1)"),
    ("ftp://127.0.0.1/etc/passwd", "only http(s) URLs can be fetched"),
    ("file:///etc/passwd", "only http(s) URLs can be fetched"),
    ("http://inside.example/admin", "refusing to fetch an internal address (10.0.0.5)"),
    ("http://cgnat.example/", "refusing to fetch an internal address (100.64.3.4)"),
    ("http://mixed.example/", "refusing to fetch an internal address (192.168.0.10)"),
    ("http://[::ffff:127.0.0.1]:{port}/article.html", "refusing to fetch an internal address (::ffff:127.0.0.1)"),
    ("http://[fd00::1]/", "refusing to fetch an internal address (fd00::1)"),
    ("http://[::1/", "bad URL"),
])
@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_every_redirect_hop_is_checked(target: str, problem: str, code: int, server: Server, outside: Server,
                                       public_127_0_0_2: None) -> None:
    port = server.base.rsplit(":", 1)[1]
    settings = Settings(timeout=5.0, public_only=True, resolve=resolver({
        "inside.example": ["10.0.0.5"], "cgnat.example": ["100.64.3.4"],
        "mixed.example": ["127.0.0.2", "192.168.0.10"]}))
    start = redirect(outside, target.format(port=port), code)
    with pytest.raises(FetchError) as refused:
        fetch_url(start, settings)
    assert refused.value.origin == start
    assert problem in refused.value.problem and "redirected to" in refused.value.problem


def fetch_url(url: str, settings: Settings):
    from communique.sources.web import fetch

    return fetch(url, settings)


def test_a_refused_first_url_never_connects(monkeypatch: pytest.MonkeyPatch) -> None:
    from communique.errors import RefusedFetch

    def no_connection(*args: Any, **kwargs: Any) -> socket.socket:
        raise AssertionError("connected")

    monkeypatch.setattr(socket, "create_connection", no_connection)
    for url in ("http://127.0.0.1/", "http://localhost/", "http://[::1]/", "http://169.254.169.254/latest/",
                "http://100.64.0.1/", "http://0x7f000001/", "http://2130706433/"):
        with pytest.raises(RefusedFetch, match="internal address"):
            fetch_url(url, Settings(public_only=True, resolve=resolver(
                {"localhost": ["127.0.0.1", "::1"], "0x7f000001": ["127.0.0.1"], "2130706433": ["127.0.0.1"]})))


def test_the_checked_address_is_the_one_connected_to(outside: Server, public_127_0_0_2: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """One resolution per hop, pinned: a name that would answer differently the second time is never asked again."""
    port = outside.base.rsplit(":", 1)[1]
    calls: list[str] = []
    answers = iter([["127.0.0.2"], ["127.0.0.1"]])  # a rebinding resolver: public first, internal after

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return next(answers)

    connected: list[tuple[str, int]] = []
    connect = socket.create_connection

    def record(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        connected.append(address)
        return connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", record)
    fetched = fetch_url(f"http://news.example:{port}/echo", Settings(public_only=True, resolve=rebinding))
    assert calls == ["news.example"]
    assert connected == [("127.0.0.2", int(port))]
    assert fetched.data.startswith(f"Host: news.example:{port}\n".encode())  # the name, not the address


def test_redirects_are_followed_by_our_code(server: Server, outside: Server, public_127_0_0_2: None) -> None:
    # allowed hops are followed, relative Locations too; the fetched URL is the last hop
    relative = f"{outside.base}/redirect?to={quote('/article.html', safe='')}"
    fetched = fetch_url(redirect(outside, relative, 307), GUARDED)
    assert fetched.url == f"{outside.base}/article.html" and b"Talks resume" in fetched.data
    # without public_only (the command line) a local address is fine, other schemes never are
    assert b"Talks resume" in fetch_url(redirect(outside, f"{server.base}/article.html"), Settings()).data
    with pytest.raises(FetchError, match="only http"):
        fetch_url(redirect(outside, "ftp://example.org/"), Settings())
    loop = f"{outside.base}/redirect?to={quote(f'{outside.base}/redirect?to=%2Fredirect%3Fto%3D%252Fecho', safe='')}"
    assert fetch_url(loop, GUARDED).data.startswith(b"Host: 127.0.0.2")
    hops = f"{outside.base}/echo"
    for _ in range(6):
        hops = redirect(outside, hops)
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch_url(hops, GUARDED)


def test_feed_links_are_checked_like_any_url(server: Server, outside: Server, tmp_path: Path,
                                             public_127_0_0_2: None) -> None:
    feed = write(tmp_path, "f.rss", rss(
        rss_item("Inline", "http://example.org/i", content=f"<p>{LONG}</p>")
        + rss_item("Inside", f"{server.base}/news/1.html", "Short teaser.")
        + rss_item("Bounced", redirect(outside, f"{server.base}/news/2.html"), "Short teaser.")
        + rss_item("Outside", f"{outside.base}/news/2.html", "Short teaser.")))
    got = list(read_inputs([feed], Settings(timeout=5.0, public_only=True)))
    assert isinstance(got[0], RawDoc) and got[0].origin == f"{feed}#entry-1"
    assert isinstance(got[1], FetchError) and "internal address (127.0.0.1)" in got[1].problem
    assert isinstance(got[2], FetchError) and "internal address (127.0.0.1)" in got[2].problem
    assert isinstance(got[3], RawDoc) and "Linked two" in got[3].content
    # and a feed read without following links fetches nothing
    quiet = list(read_inputs([feed], Settings(public_only=True, follow_links=False,
                                              resolve=resolver({}))))
    assert [type(d) for d in quiet] == [RawDoc] * 4


def test_a_feed_read_fetches_at_most_its_budget_of_links(outside: Server, tmp_path: Path,
                                                         public_127_0_0_2: None) -> None:
    feed = write(tmp_path, "f.rss", rss("".join(
        rss_item(f"Linked {n}", f"{outside.base}/news/2.html", "Short teaser.") for n in range(4))
        + rss_item("Inline", "http://example.org/i", content=f"<p>{LONG}</p>")))
    got = list(read_inputs([feed], Settings(timeout=5.0, public_only=True, max_feed_links=2)))
    assert [type(d) for d in got] == [RawDoc, RawDoc, InputError, InputError, RawDoc]
    assert all("over the limit of 2 entry links" in d.problem for d in got[2:4])
    assert len(list(read_inputs([feed], Settings(timeout=5.0, public_only=True)))) == 5
