"""Incidents over HTTP and in the browser: the API listing and detail, the incident page, links to it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest
from serving import example_store, serve

from communique.api import ServerSettings
from communique.settings import Settings
from communique.store import Store, ingest

DATA = Path(__file__).parent / "data" / "incidents"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The bundled examples plus the committed dev reports, so incidents have several outlets."""
    base = tmp_path_factory.mktemp("incidents-web")
    db = example_store(base / "web.duckdb")
    rows = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]
    corpus = base / "dev.jsonl"
    corpus.write_text("".join(json.dumps({k: r[k] for k in ("text", "title", "published", "url", "source")}) + "\n"
                              for r in rows), encoding="utf-8")
    with Store(db) as store:
        ingest(store, [str(corpus)], settings=Settings())
    with serve(ServerSettings(db=str(db))) as url:
        yield url


def busiest(site: str, **params) -> dict:
    rows = httpx.get(f"{site}/api/incidents", params={"limit": 500, **params}).json()["items"]
    return max(rows, key=lambda r: (r["num_sources"], r["num_mentions"]))


def test_listing_pages_filters_and_lists_every_report(site):
    first = httpx.get(f"{site}/api/incidents", params={"limit": 3}).json()
    assert len(first["items"]) == 3 and first["next"]
    second = httpx.get(site + first["next"]).json()
    assert {r["id"] for r in first["items"]}.isdisjoint(r["id"] for r in second["items"])
    inc = busiest(site)
    assert inc["num_sources"] >= 3
    assert len(inc["articles"]) == inc["num_articles"]
    assert all({"id", "url", "source", "published", "events"} <= set(a) for a in inc["articles"])
    assert sum(len(a["events"]) for a in inc["articles"]) == inc["num_mentions"]
    typed = httpx.get(f"{site}/api/incidents", params={"type": "ASSAULT", "limit": 500}).json()["items"]
    assert typed and {r["type"] for r in typed} == {"ASSAULT"}


def test_csv_and_bad_parameters(site):
    r = httpx.get(f"{site}/api/incidents", params={"format": "csv", "limit": 5})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and "num_sources" in rows[0] and json.loads(rows[0]["figures"]) is not None
    for params in ({"type": "EXPLODE"}, {"since": "yesterday"}, {"limit": 0}, {"min_confidence": 3}):
        bad = httpx.get(f"{site}/api/incidents", params=params)
        assert bad.status_code == 422 and bad.json()["error"]["detail"]
    missing = httpx.get(f"{site}/api/incidents/i000000000000")
    assert missing.status_code == 404 and missing.json()["error"]["status"] == 404


def test_detail_puts_reports_side_by_side_with_their_differences(site):
    inc = busiest(site, type="ASSAULT")
    data = httpx.get(f"{site}/api/incidents/{inc['id']}").json()["incident"]
    assert data["id"] == inc["id"] and len(data["reports"]) == inc["num_articles"]
    for r in data["reports"]:
        assert r["events"] and {"date", "place", "figures"} <= set(r["differs"])
        assert all(e["incident_id"] == inc["id"] for e in r["events"])
    assert any(r["figures"] for r in data["reports"])


def test_network_and_dyad_count_incidents(site):
    network = httpx.get(f"{site}/api/network").json()
    edge = max(network["edges"], key=lambda e: e["mentions"])
    assert edge["mentions"] >= edge["count"] >= 1
    dyad = httpx.get(f"{site}/api/dyad", params={"a": edge["source"], "b": edge["target"]}).json()
    assert sum(r["incidents"] for r in dyad["series"]) == len(dyad["incidents"]) <= sum(
        r["events"] for r in dyad["series"])


# -- in the browser -------------------------------------------------------------------------------------

def test_incident_page_shows_each_report_and_marks_what_differs(site, page, tmp_path):
    inc = busiest(site, type="ASSAULT")
    page.goto(f"{site}/incidents/{inc['id']}")
    page.screenshot(path=tmp_path / "incident.png", full_page=True)
    assert page.locator(".num-sources").inner_text() == str(inc["num_sources"])
    reports = page.locator(".report")
    assert reports.count() == inc["num_articles"]
    outlets = reports.locator(".outlet").all_inner_texts()
    assert len(set(outlets)) == inc["num_sources"]
    assert page.locator("table.figures tr").count() >= 2
    assert page.locator(".report mark").count() >= 1  # words or figures only one report has
    twin = page.locator("a.json-twin").get_attribute("href")
    assert httpx.get(site + twin).json()["incident"]["id"] == inc["id"]
    page.locator(".report h3 a").first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url


def test_article_and_actor_pages_link_to_incidents(site, page):
    inc = busiest(site, type="CONSULT")
    article = inc["articles"][0]["id"]
    page.goto(f"{site}/articles/{article}")
    links = page.locator("ul.events a.incident-link")
    assert links.count() >= 1
    hrefs = {links.nth(n).get_attribute("href") for n in range(links.count())}
    assert f"/incidents/{inc['id']}" in hrefs
    page.goto(f"{site}/actors/{inc['source_key']}")
    assert page.locator(f"table.incidents a.incident-link[href='/incidents/{inc['id']}']").count() == 1


def test_events_page_lists_incidents_instead_of_mentions(site, page):
    page.goto(f"{site}/events?type=ASSAULT")
    mentions = page.locator("table.events tr").count() - 1
    page.select_option("select[name=by]", "incidents")
    page.click("form.filters button")
    page.wait_for_load_state()
    rows = page.locator("table.incidents tr").count() - 1
    assert 0 < rows < mentions
    assert set(page.locator("table.incidents td.type").all_inner_texts()) == {"ASSAULT"}
    page.locator("table.incidents a.incident-link").first.click()
    page.wait_for_load_state()
    assert "/incidents/" in page.url and page.locator(".report").count() >= 1
