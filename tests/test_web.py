"""The web app in headless Chromium: pages render, highlights link, filters filter. Screenshots go to a tmp folder."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest
from conftest import CHROMIUM
from serving import example_store, serve

from communique.api import ServerSettings
from communique.settings import Settings
from communique.store import Store, ingest

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium not installed")


HOSTILE_URL = "javascript:alert(document.cookie)"
HOSTILE_TITLE = '<script>alert("title")</script> Talks in Lima'


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    db = example_store(folder / "web.duckdb")
    # articles whose metadata a hostile source wrote: a script URL from a corpus and from a feed, markup in a title
    text = "Chile and Peru signed a fisheries agreement in Lima on Friday, officials said. " * 3
    (folder / "hostile.jsonl").write_text(json.dumps({"text": text, "url": HOSTILE_URL, "title": HOSTILE_TITLE}) + "\n",
                                          encoding="utf-8")
    item = (f"<item><title>Feed story</title><link>{HOSTILE_URL.replace('(', '&#40;')}</link>"
            f"<description><![CDATA[<p>{text.replace('Chile', 'Bolivia') * 3}</p>]]></description></item>")
    (folder / "hostile.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                                        f"<link>http://example.org/</link><description>d</description>{item}"
                                        "</channel></rss>", encoding="utf-8")
    with Store(db) as store:
        ingest(store, [str(folder / "hostile.jsonl"), str(folder / "hostile.rss")], settings=Settings())
    with serve(ServerSettings(db=str(db))) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots in {folder}")
    return folder


def seed_id(site: str) -> str:
    rows = httpx.get(f"{site}/api/articles", params={"q": "Marzouk"}).json()["items"]
    assert len(rows) == 1
    return rows[0]["id"]


def test_seed_article_page_highlights_one_actor_and_links_it(site, page, shots):
    page.goto(f"{site}/articles/{seed_id(site)}")
    page.screenshot(path=shots / "article.png", full_page=True)
    assert "appreciates" in page.locator("h1").inner_text()
    marks = page.locator(".body a.actor", has_text="Abu Marzouk")
    assert marks.count() >= 3  # "Mousa Abu Marzouk" and two "Abu Marzouk"
    hrefs = {marks.nth(i).get_attribute("href") for i in range(marks.count())}
    assert len(hrefs) == 1
    # the caption's other spelling links to the same actor; furniture is shown apart from the body
    caption = page.locator(".furniture a.actor", has_text="Mousa Abu Marzook")
    assert caption.count() == 1 and caption.get_attribute("href") in hrefs
    assert "Creating new perspectives" not in page.locator(".body").inner_text()
    for kind in ("place", "time", "quote", "event"):
        assert page.locator(f".body .{kind}").count() > 0, kind

    marks.first.click()
    page.wait_for_load_state()
    page.screenshot(path=shots / "actor.png", full_page=True)
    assert unquote(page.url).endswith(unquote(hrefs.pop()))
    assert "Marzouk" in page.locator("h1").inner_text()
    assert "Mousa Abu Marzook" in page.locator(".aliases").inner_text()
    assert page.locator("ul.quotes li").count() >= 1


def test_events_page_filters_by_type(site, page, shots):
    page.goto(f"{site}/events")
    everything = page.locator("table.events tr").count() - 1
    page.select_option("select[name=type]", "CONSULT")
    page.click("form.filters button")
    page.wait_for_load_state()
    page.screenshot(path=shots / "events.png", full_page=True)
    types = page.locator("table.events td.type").all_inner_texts()
    assert types and set(types) == {"CONSULT"} and len(types) < everything
    assert "type=CONSULT" in page.url


def test_map_shows_event_places(site, page, shots):
    page.goto(f"{site}/map")
    page.screenshot(path=shots / "map.png", full_page=True)
    names = page.locator("svg.map a.place").evaluate_all("els => els.map(e => e.dataset.name)")
    assert "Moscow" in names


def test_network_links_actors(site, page, shots):
    page.goto(f"{site}/network")
    page.screenshot(path=shots / "network.png", full_page=True)
    assert page.locator("svg.network a.node").count() >= 2
    assert page.locator("svg.network line").count() >= 1
    page.locator("svg.network a.node").first.click()
    page.wait_for_load_state()
    assert "/actors/" in page.url


def test_dyad_page_draws_the_series(site, page, shots):
    edge = httpx.get(f"{site}/api/network").json()["edges"][0]
    page.goto(f"{site}/dyad?a={edge['source']}&b={edge['target']}")
    page.screenshot(path=shots / "dyad.png", full_page=True)
    assert page.locator("svg.series rect").count() >= 1


def test_search_finds_actor_and_every_page_names_its_json_twin(site, page, shots):
    page.goto(site)
    page.fill("input[name=q]", "Bogdanov")
    page.press("input[name=q]", "Enter")
    page.wait_for_load_state()
    page.screenshot(path=shots / "search.png", full_page=True)
    assert page.locator("a.actor-link", has_text="Bogdanov").count() >= 1
    twin = page.locator("a.json-twin").get_attribute("href")
    assert httpx.get(site + twin).status_code == 200


def watched(page):
    """Collect what the browser complains about: CSP violations, script errors, dialogs."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    return problems


def test_hostile_urls_are_never_links(site, page, shots):
    problems = watched(page)
    rows = httpx.get(f"{site}/api/articles", params={"limit": 50}).json()["items"]
    hostile = [r for r in rows if r["title"] in (HOSTILE_TITLE, "Feed story")]
    assert len(hostile) == 2
    for row in hostile:
        page.goto(f"{site}/articles/{row['id']}")
        assert page.locator("a[href^='javascript' i]").count() == 0
        assert page.locator(".meta .url").inner_text() == HOSTILE_URL
        assert page.locator("script").count() == 0
    page.screenshot(path=shots / "hostile.png", full_page=True)
    assert "<script>" in page.locator("h1").inner_text() or "Feed story" in page.locator("h1").inner_text()
    assert problems == []


def test_every_page_runs_under_the_csp_without_inline_script(site, page):
    problems = watched(page)
    edge = httpx.get(f"{site}/api/network").json()["edges"][0]
    actor = httpx.get(f"{site}/api/actors", params={"limit": 1}).json()["items"][0]["key"]
    for path in ("/", "/articles", f"/articles/{seed_id(site)}", f"/actors/{actor}", "/events?type=CONSULT",
                 "/map", "/network", f"/dyad?a={edge['source']}&b={edge['target']}", "/search?q=Russia", "/docs",
                 "/no-such-page"):
        response = page.goto(site + path)
        assert "default-src 'none'" in response.headers["content-security-policy"], path
        assert page.locator("script").count() == 0, path
        assert page.evaluate("document.styleSheets.length") >= 1, path  # the stylesheet was allowed
    # the browser notes the 404 page's own status; nothing else may be refused or fail
    assert problems == ["Failed to load resource: the server responded with a status of 404 (Not Found)"]


def test_docs_render_offline(site, page, shots):
    outside: list[str] = []

    def only_local(route):
        if route.request.url.startswith(site):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{site}/docs")
    page.screenshot(path=shots / "docs.png", full_page=True)
    assert outside == []
    assert page.locator("table.endpoints tr").count() > 15
    assert page.locator("table.endpoints", has_text="/api/events").count() == 1
    assert page.locator("a.json-twin").get_attribute("href") == "/openapi.json"
