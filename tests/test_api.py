"""The API over a real store, served by uvicorn on 127.0.0.1 and called over HTTP."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from serving import copy_store, example_store, serve

from communique.api import ServerSettings

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    base = tmp_path_factory.mktemp("api")
    src = example_store(base / "examples.duckdb")
    return {"write": copy_store(src, base / "write.duckdb"), "read": copy_store(src, base / "read.duckdb")}


@pytest.fixture(scope="module")
def writable(stores):
    with serve(ServerSettings(db=str(stores["write"]), token=TOKEN, allow_fetch=True, max_body=200_000)) as url:
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


def test_extract_returns_a_document_without_storing(readonly):
    text = "Chile and Peru signed a fisheries agreement in Lima on Friday, officials said."
    r = readonly.post("/api/extract", json={"text": text, "published": "2025-05-02"})
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["schema"] == "communique/1" and doc["stored"] is None
    assert {a["country"] for a in doc["actors"]} >= {"CHL", "PER"}


def test_writes_need_the_token(readonly, writable):
    body = {"articles": [{"text": "Ghana and Togo agreed to reopen their border, ministers said on Monday."}]}
    assert readonly.post("/api/ingest", json=body).status_code == 403
    assert readonly.post("/api/extract", json={"text": "x y z", "store": True}).status_code == 403
    assert writable.post("/api/ingest", json=body).status_code == 401
    assert writable.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401


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
                                 "http://[::1]/", "http://localhost/"])
def test_server_side_fetch_never_reaches_inside(writable, url):
    r = writable.post("/api/extract", json={"url": url, "fetch": True})
    assert r.status_code == 403
    assert "internal address" in r.json()["error"]["detail"]


def test_fetch_is_off_unless_enabled(readonly):
    r = readonly.post("/api/extract", json={"url": "http://example.org/", "fetch": True})
    assert r.status_code == 403 and "disabled" in r.json()["error"]["detail"]


def test_oversize_body_is_rejected(writable):
    r = writable.post("/api/extract", content=b'{"text": "' + b"a" * 300_000 + b'"}',
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 413


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
