"""The FastAPI app: JSON API under /api, the web pages beside it, both built from the same view dicts."""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..article.dateline import normalise_date
from ..errors import CommuniqueError, RefusedFetch, StoreError
from ..pipeline import keyed
from ..records import STANCES, RawDoc, valid_unicode
from ..runner import run
from ..settings import MIN_CONFIDENCE, Settings
from ..sources import read_inputs
from ..store import Outcome, Store, ingest_items
from . import views
from .guard import Guard, SecurityHeaders, csv_response, error_body

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000  # far beyond any store; larger values would overflow DuckDB's BIGINT
FEED_LINKS = 20  # entry links one request may make the server fetch from a feed (each guarded and timed out)

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
Fmt = Annotated[str | None, Query(pattern="^(json|csv)$")]
DAY = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Day = Annotated[str | None, Query(pattern=DAY)]


@dataclass(frozen=True)
class ServerSettings:
    """How the server runs: its database, write token, fetch permission and size limits.

    `max_body` bounds a request body in bytes as it streams in (chunked bodies too); each article's
    text is bounded in characters by `pipeline.max_chars`. One request extracts at a time, and one
    that waits more than `busy_seconds` for its turn gets 503.
    """

    db: str
    token: str | None = None
    allow_fetch: bool = False
    max_body: int = 2_000_000
    busy_seconds: float = 60.0
    pipeline: Settings = Settings()


class ArticleIn(BaseModel):
    """An article sent for extraction: text or HTML, or a URL when the server may fetch."""

    text: str | None = Field(None, description="plain text as scraped, or HTML")
    url: str | None = Field(None, description="the article's URL; fetched only when `fetch` is true")
    fetch: bool = Field(False, description="fetch `url` on the server (needs the token and --allow-fetch)")
    follow_links: bool = Field(False, description=f"when the fetched URL is a feed, fetch its entries' links (each "
                                                  f"checked like the URL itself, at most {FEED_LINKS}); else entries' "
                                                  "inline text")
    title: str | None = None
    published: str | None = Field(None, description="ISO 8601 or RFC 2822 date")
    source: str | None = None
    store: bool = Field(False, description="also store the document")

    @field_validator("text", "url", "title", "published", "source")
    @classmethod
    def _valid(cls, value: str | None) -> str | None:
        return valid_unicode(value) if value is not None else None

    @field_validator("published")
    @classmethod
    def _date(cls, value: str | None) -> str | None:
        if value and normalise_date(value) is None:
            raise ValueError(f"not a publication date: {value!r}")
        return value


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(..., max_length=1000)


def create_app(config: ServerSettings) -> FastAPI:
    """Build the app over one store; writes (extraction included) need `config.token`.

    Raises StoreError when the store cannot be opened, so a server never starts on a bad file.
    """
    store = Store(config.db, read_only=config.token is None)
    lock = threading.Lock()  # one DuckDB connection, used by one request at a time
    turn = threading.Semaphore(1)  # one extraction at a time bounds the server's memory
    fetching = replace(config.pipeline, public_only=True, follow_links=False, max_feed_links=FEED_LINKS)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    # /docs is our own page over /openapi.json: Swagger UI would load its code from a CDN
    app = FastAPI(title="communique", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="News as a traceable record: articles, actors, events, quotes, claims.")
    app.add_middleware(Guard, token=config.token, max_body=config.max_body)
    app.add_middleware(SecurityHeaders)  # added last, so outermost: the guard's own answers get the headers too
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    templates.env.filters["http_url"] = views.http_url
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.state.store = store

    @contextmanager
    def db() -> Iterator[Store]:
        with lock:
            yield store

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422, "; ".join(_problem(e) for e in exc.errors()))

    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(CommuniqueError)
    async def bad_input(request: Request, exc: CommuniqueError) -> Response:
        if isinstance(exc, StoreError):
            return _error(request, 503, f"the store cannot be used: {exc}")
        return _error(request, 403 if isinstance(exc, RefusedFetch) else 422, str(exc))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # the traceback goes to the server's log, never to the client
        return _error(request, 500, "internal error; the server log has the details")

    def _error(request: Request, status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
        detail = valid_unicode(" ".join(detail.split()))
        if request.url.path.startswith("/api") or "html" not in request.headers.get("accept", ""):
            return Response(error_body(status, detail), status_code=status, headers=headers,
                            media_type="application/json")
        return templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail,
                                                                  "json_url": "/api"}, status_code=status,
                                          headers=headers)

    def html(request: Request, name: str, data: dict[str, Any], json_url: str) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {**data, "json_url": json_url})

    def listing(rows: list[dict[str, Any]], limit: int, offset: int, request: Request,
                fmt: str | None) -> Response | dict[str, Any]:
        if fmt == "csv" or (fmt is None and "text/csv" in request.headers.get("accept", "")):
            return csv_response(rows[:limit])
        return views.page(rows, limit, offset, request.url.path, dict(request.query_params))

    # -- the rows of each listing, for its JSON twin and its page ---------------------------------------

    def articles(q: str | None = None, source: str | None = None, since: str | None = None,
                 until: str | None = None, *, limit: int, offset: int) -> list[dict[str, Any]]:
        with db() as s:
            return s.articles(text=q, source=source, since=since, until=until, limit=limit + 1, offset=offset)

    def events(*, limit: int, offset: int, **filters: Any) -> list[dict[str, Any]]:
        if filters.get("type") and filters["type"].upper() not in views.PLOVER_TYPES:
            raise HTTPException(422, f"type: {filters['type']!r} is not a PLOVER type "
                                f"({', '.join(views.PLOVER_TYPES)})")
        with db() as s:
            return s.events(**filters, limit=limit + 1, offset=offset)

    # -- JSON API ----------------------------------------------------------------------------------------

    @app.get("/api", tags=["read"])
    def api_home() -> dict[str, Any]:
        with db() as s:
            return views.home(s)

    @app.get("/api/search", tags=["read"])
    def api_search(q: Annotated[str, Query(min_length=1, max_length=200)]) -> dict[str, Any]:
        with db() as s:
            return views.search(s, q)

    @app.get("/api/articles", tags=["read"])
    def api_articles(request: Request, q: str | None = None, source: str | None = None, since: Day = None,
                     until: Day = None, limit: Limit = 50, offset: Offset = 0, format: Fmt = None) -> Any:
        rows = articles(q, source, since, until, limit=limit, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/articles/{article_id}", tags=["read"])
    def api_article(article_id: str) -> dict[str, Any]:
        with db() as s:
            return views.article(s, article_id)

    @app.get("/api/actors", tags=["read"])
    def api_actors(request: Request, q: str | None = None, country: str | None = None, sector: str | None = None,
                   limit: Limit = 50, offset: Offset = 0, format: Fmt = None) -> Any:
        with db() as s:
            rows = s.actor_index(q=q, country=country, sector=sector, limit=limit + 1, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/actors/{key}", tags=["read"])
    def api_actor(key: str) -> dict[str, Any]:
        with db() as s:
            return views.actor(s, key)

    @app.get("/api/actors/{key}/counterparts", tags=["read"])
    def api_counterparts(key: str) -> dict[str, Any]:
        with db() as s:
            if s.actor_profile(key) is None:
                raise views.NotFound(f"no actor {key!r}")
            return {"key": key, "counterparts": s.counterparts(key)}

    @app.get("/api/events", tags=["read"])
    def api_events(request: Request, actor: str | None = None, dyad: str | None = None, type: str | None = None,
                   quad_class: Annotated[int | None, Query(ge=1, le=4)] = None, since: Day = None,
                   until: Day = None, place: str | None = None, text: str | None = None,
                   min_confidence: Annotated[float, Query(ge=0, le=1)] = MIN_CONFIDENCE, limit: Limit = 50,
                   offset: Offset = 0, format: Fmt = None) -> Any:
        rows = events(actor=actor, dyad=dyad, type=type, quad_class=quad_class, since=since, until=until,
                      place=place, text=text, min_confidence=min_confidence, limit=limit, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/incidents", tags=["read"])
    def api_incidents(request: Request, actor: str | None = None, dyad: str | None = None, type: str | None = None,
                      since: Day = None, until: Day = None, place: str | None = None,
                      min_confidence: Annotated[float, Query(ge=0, le=1)] = MIN_CONFIDENCE, limit: Limit = 50,
                      offset: Offset = 0, format: Fmt = None) -> Any:
        """Incidents (one act, every report of it), with counts, outlets and reconciled figures."""
        if type and type.upper() not in views.PLOVER_TYPES:
            raise HTTPException(422, f"type: {type!r} is not a PLOVER type ({', '.join(views.PLOVER_TYPES)})")
        csv = format == "csv" or (format is None and "text/csv" in request.headers.get("accept", ""))
        with db() as s:
            rows = s.incidents(actor=actor, dyad=dyad, type=type, since=since, until=until, place=place,
                               min_confidence=min_confidence, articles=not csv, limit=limit + 1, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/incidents/{incident_id}", tags=["read"])
    def api_incident(incident_id: str) -> dict[str, Any]:
        """One incident and its reports side by side; an id merged into another finds that one."""
        with db() as s:
            return views.incident(s, incident_id)

    @app.get("/api/quotes", tags=["read"])
    def api_quotes(request: Request, speaker: str | None = None, since: Day = None, until: Day = None,
                   text: str | None = None, limit: Limit = 50, offset: Offset = 0, format: Fmt = None) -> Any:
        with db() as s:
            rows = s.quotes(speaker=speaker, since=since, until=until, text=text, limit=limit + 1, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/claims", tags=["read"])
    def api_claims(request: Request, actor: str | None = None, issue: str | None = None,
                   stance: Annotated[str | None, Query(pattern=f"^({'|'.join(STANCES)})$")] = None,
                   limit: Limit = 50, offset: Offset = 0, format: Fmt = None) -> Any:
        with db() as s:
            rows = s.claims(actor=actor, issue=issue, stance=stance, limit=limit + 1, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/places", tags=["read"])
    def api_places(request: Request, since: Day = None, until: Day = None, limit: Limit = 200,
                   offset: Offset = 0, format: Fmt = None) -> Any:
        with db() as s:
            rows = s.places(since=since, until=until, limit=limit + 1, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/map", tags=["aggregates"])
    def api_map(since: Day = None, until: Day = None) -> dict[str, Any]:
        with db() as s:
            return views.events_map(s, since, until)

    @app.get("/api/network", tags=["aggregates"])
    def api_network(since: Day = None, until: Day = None, types: str | None = None) -> dict[str, Any]:
        with db() as s:
            return views.network(s, since, until, types)

    @app.get("/api/dyad", tags=["aggregates"])
    def api_dyad(a: str, b: str, by: Annotated[str, Query(pattern="^(week|month)$")] = "month") -> dict[str, Any]:
        with db() as s:
            return views.dyad(s, a, b, by)

    @app.post("/api/extract", tags=["write"])
    def api_extract(article: Annotated[ArticleIn, Body()]) -> dict[str, Any]:
        """Extract one article (text, HTML or a fetched URL); with `"store": true` also store it. Needs the token."""
        raws = list(itertools.islice(_raws(article, "<request>"), 1))  # a fetch waits outside the turn
        with extracting():
            result = next(run(raws, settings=config.pipeline), None)
        if result is None:
            raise HTTPException(422, "nothing to extract")
        if result.error is not None:
            raise result.error
        doc = result.document
        stored = None
        if article.store:
            with db() as s:
                stored = s.add(doc, input_key=result.key)  # type: ignore[arg-type]
        return {**doc.to_dict(), "stored": stored}  # type: ignore[union-attr]

    @app.post("/api/ingest", tags=["write"])
    def api_ingest(batch: Annotated[IngestIn, Body()]) -> dict[str, Any]:
        """Extract and store a batch of articles; each failure is reported by its index. Needs the token."""
        added: list[str] = []
        duplicates: list[str] = []
        errors: list[dict[str, Any]] = []
        index: dict[str, list[int]] = {}  # input key (or an unread input's origin) -> the items it came from

        def items() -> Iterator[RawDoc | CommuniqueError]:
            for n, article in enumerate(batch.articles):
                try:
                    for raw in _raws(article, f"<request item {n}>"):
                        if isinstance(raw, RawDoc):
                            raw = keyed(raw)
                        index.setdefault(raw.key if isinstance(raw, RawDoc) else raw.origin, []).append(n)  # type: ignore[arg-type]
                        yield raw
                except HTTPException as exc:
                    errors.append({"index": n, "error": str(exc.detail)})

        def outcome(item: Outcome) -> None:
            n = index[item.key or item.origin].pop(0)
            if item.outcome == "failed":
                errors.append({"index": n, "error": str(item.error)})
            else:
                (added if item.outcome == "added" else duplicates).append(item.article_id)  # type: ignore[arg-type]

        with extracting():
            ingest_items(store, items(), settings=config.pipeline, on_item=outcome, lock=lock)
        errors.sort(key=lambda e: e["index"])
        return {"added": added, "duplicates": duplicates, "errors": errors}

    @contextmanager
    def extracting() -> Iterator[None]:
        if not turn.acquire(timeout=config.busy_seconds):
            raise HTTPException(503, "busy extracting other articles; try again shortly", {"Retry-After": "10"})
        try:
            yield
        finally:
            turn.release()

    def _raws(article: ArticleIn, origin: str) -> Iterator[RawDoc | CommuniqueError]:
        """The raw documents one posted article stands for; HTTPException when it cannot be taken."""
        meta = {k: v for k, v in article.model_dump().items() if k in ("title", "published", "source", "url") and v}
        if article.fetch:
            if not config.allow_fetch:
                raise HTTPException(403, "fetching URLs is disabled on this server (start it with --allow-fetch)")
            if not article.url:
                raise HTTPException(422, "fetch needs a url")
            yield from read_inputs([article.url], replace(fetching, follow_links=article.follow_links))
        elif article.text:
            fmt = "html" if "<" in article.text[:2000] and ">" in article.text[:2000] else "text"
            yield RawDoc(origin=article.url or origin, content=article.text, format=fmt, meta=meta)
        else:
            raise HTTPException(422, "send text (or a url with fetch: true)")

    # -- web pages: each renders the dict of its JSON twin -------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_home(request: Request) -> HTMLResponse:
        return html(request, "index.html", api_home(), "/api")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def page_docs(request: Request) -> HTMLResponse:
        return html(request, "docs.html", views.api_docs(app.openapi()), "/openapi.json")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        if not q.strip():
            return page_home(request)
        return html(request, "index.html", api_search(q), f"/api/search?q={views.quoted(q)}")

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def page_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        data = views.page(articles(limit=limit, offset=offset), limit, offset, "/api/articles",
                          {"limit": limit, "offset": offset})
        return html(request, "articles.html", {"articles": data["items"], "next_url": _page_url(data["next"]),
                                               "prev_url": _page_url(data["prev"])},
                    f"/api/articles?limit={limit}&offset={offset}")

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, article_id: str) -> HTMLResponse:
        return html(request, "article.html", views.article_page(api_article(article_id)),
                    f"/api/articles/{views.quoted(article_id)}")

    @app.get("/actors/{key}", response_class=HTMLResponse, include_in_schema=False)
    def page_actor(request: Request, key: str) -> HTMLResponse:
        return html(request, "actor.html", api_actor(key), f"/api/actors/{views.quoted(key)}")

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def page_events(request: Request, actor: str | None = None, dyad: str | None = None, type: str | None = None,
                    quad_class: str | None = None, since: str | None = None, until: str | None = None,
                    place: str | None = None, text: str | None = None, by: str | None = None, limit: Limit = 50,
                    offset: Offset = 0) -> HTMLResponse:
        if by == "incidents":  # the same filters, one row per act instead of one per mention
            return page_incidents(request, actor=actor, dyad=dyad, type=type, since=since, until=until,
                                  place=place, limit=limit, offset=offset)
        # the filter form sends empty fields: they mean "any"
        filters = {"actor": actor or None, "dyad": dyad or None, "type": type or None,
                   "quad_class": int(quad_class) if quad_class in ("1", "2", "3", "4") else None,
                   "since": _form_day("since", since), "until": _form_day("until", until),
                   "place": place or None, "text": text or None}
        query = {k: v for k, v in filters.items() if v}
        data = views.page(events(**filters, limit=limit, offset=offset), limit, offset, "/api/events",
                          {**query, "limit": limit, "offset": offset})
        twin = views.with_query("/api/events", query)
        return html(request, "events.html", {"events": data["items"], "filters": filters,
                                             "types": views.PLOVER_TYPES, "quads": views.QUAD_CLASSES,
                                             "csv_url": views.with_query("/api/events", {**query, "format": "csv"}),
                                             "incidents_url": views.with_query("/events", {
                                                 **{k: v for k, v in query.items() if k not in ("quad_class", "text")},
                                                 "by": "incidents"}),
                                             "next_url": _page_url(data["next"]),
                                             "prev_url": _page_url(data["prev"])}, twin)

    @app.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
    def page_incidents(request: Request, actor: str | None = None, dyad: str | None = None, type: str | None = None,
                       since: str | None = None, until: str | None = None, place: str | None = None,
                       limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        filters = {"actor": actor or None, "dyad": dyad or None, "type": type or None,
                   "since": _form_day("since", since), "until": _form_day("until", until), "place": place or None}
        data = api_incidents(request, **filters, limit=limit, offset=offset, format="json")
        query = "&".join(f"{k}={views.quoted(str(v))}" for k, v in filters.items() if v)
        return html(request, "incidents.html", {"incidents": data["items"], "filters": filters,
                                                "types": views.PLOVER_TYPES,
                                                "events_url": f"/events?{query}",
                                                "csv_url": f"/api/incidents?{query}&format=csv",
                                                "next_url": _page_url(data["next"]),
                                                "prev_url": _page_url(data["prev"])},
                    f"/api/incidents?{query}")

    @app.get("/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_incident(request: Request, incident_id: str) -> Response:
        data = api_incident(incident_id)
        live = data["incident"]["id"]
        if live != incident_id:  # an alias: the incident it was merged into, under its own id
            return RedirectResponse(f"/incidents/{views.quoted(live)}", status_code=308)
        return html(request, "incident.html", views.incident_page(data), f"/api/incidents/{views.quoted(live)}")

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def page_map(request: Request, since: str | None = None, until: str | None = None) -> HTMLResponse:
        data = api_map(_form_day("since", since), _form_day("until", until))
        return html(request, "map.html", {**data, "svg": views.svg_for("map", data)}, "/api/map")

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def page_network(request: Request, since: str | None = None, until: str | None = None,
                     types: str | None = None) -> HTMLResponse:
        data = api_network(_form_day("since", since), _form_day("until", until), types or None)
        return html(request, "network.html", {**data, "svg": views.svg_for("network", data)}, "/api/network")

    @app.get("/dyad", response_class=HTMLResponse, include_in_schema=False)
    def page_dyad(request: Request, a: str, b: str, by: str = "month") -> HTMLResponse:
        data = api_dyad(a, b, by if by in ("week", "month") else "month")
        return html(request, "dyad.html", {**data, "svg": views.svg_for("dyad", data)},
                    f"/api/dyad?a={views.quoted(a)}&b={views.quoted(b)}&by={data['by']}")

    return app


def _form_day(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if not re.match(DAY, value):
        raise HTTPException(422, f"{name}: not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    return value


def _problem(error: dict[str, Any]) -> str:
    """One validation error as a line: where, and what is wrong."""
    where = ".".join(str(p) for p in error["loc"])
    if error.get("type") == "json_invalid":
        return f"body: not JSON: {error.get('ctx', {}).get('error', 'unreadable')} at character {error['loc'][-1]}"
    return f"{where}: {error['msg']}"


def _page_url(api_url: str | None) -> str | None:
    return api_url.removeprefix("/api") if api_url else None
