"""The FastAPI app: JSON API under /api, the web pages beside it, both built from the same view dicts."""

from __future__ import annotations

import csv
import io
import itertools
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field

from ..errors import CommuniqueError
from ..pipeline import keyed
from ..records import RawDoc
from ..runner import run
from ..settings import MIN_CONFIDENCE, Settings
from ..sources import read_inputs
from ..store import Outcome, Store, ingest_items
from . import views
from .guard import check_fetchable, check_token

WEB = Path(__file__).resolve().parent.parent / "web"
MAX_LIMIT = 500

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]
Fmt = Annotated[str | None, Query(pattern="^(json|csv)$")]
Day = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


@dataclass(frozen=True)
class ServerSettings:
    """How the server runs: its database, write token, fetch permission and body size limit."""

    db: str
    token: str | None = None
    allow_fetch: bool = False
    max_body: int = 2_000_000
    pipeline: Settings = Settings()


class ArticleIn(BaseModel):
    """An article sent for extraction: text or HTML, or a URL when the server may fetch."""

    text: str | None = Field(None, description="plain text as scraped, or HTML")
    url: str | None = Field(None, description="the article's URL; fetched only when `fetch` is true")
    fetch: bool = Field(False, description="fetch `url` on the server (needs --allow-fetch)")
    title: str | None = None
    published: str | None = None
    source: str | None = None
    store: bool = Field(False, description="also store the document (needs the write token)")


class IngestIn(BaseModel):
    articles: list[ArticleIn] = Field(..., max_length=1000)


def create_app(config: ServerSettings) -> FastAPI:
    """Build the app over one store; writes are allowed only when `config.token` is set."""
    store = Store(config.db, read_only=config.token is None)
    lock = threading.Lock()  # one DuckDB connection, used by one request at a time
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(title="communique", version="0.1.0", lifespan=lifespan,
                  description="News as a traceable record: articles, actors, events, quotes, claims.")
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.state.store = store

    @contextmanager
    def db() -> Iterator[Store]:
        with lock:
            yield store

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[..., Any]) -> Response:
        size = request.headers.get("content-length")
        if size is not None and (not size.isdigit() or int(size) > config.max_body):
            return _error(request, 413, f"request body over {config.max_body} bytes")
        return await call_next(request)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return _error(request, 422, problems)

    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(CommuniqueError)
    async def bad_input(request: Request, exc: CommuniqueError) -> Response:
        return _error(request, 422, str(exc))

    def _error(request: Request, status: int, detail: str) -> Response:
        if request.url.path.startswith("/api") or "html" not in request.headers.get("accept", ""):
            return JSONResponse({"error": {"status": status, "detail": detail}}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "detail": detail,
                                                                  "json_url": "/api"}, status_code=status)

    def html(request: Request, name: str, data: dict[str, Any], json_url: str) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {**data, "json_url": json_url})

    def listing(rows: list[dict[str, Any]], limit: int, offset: int, request: Request,
                fmt: str | None) -> Response | dict[str, Any]:
        if fmt == "csv" or "text/csv" in request.headers.get("accept", ""):
            return _csv(rows[:limit])
        return views.page(rows, limit, offset, request.url.path, dict(request.query_params))

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
        with db() as s:
            rows = s.articles(text=q, source=source, since=since, until=until, limit=limit + 1, offset=offset)
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
        if type and type.upper() not in views.PLOVER_TYPES:
            raise HTTPException(422, f"type: {type!r} is not a PLOVER type ({', '.join(views.PLOVER_TYPES)})")
        with db() as s:
            rows = s.events(actor=actor, dyad=dyad, type=type, quad_class=quad_class, since=since, until=until,
                            place=place, text=text, min_confidence=min_confidence, limit=limit + 1, offset=offset)
        return listing(rows, limit, offset, request, format)

    @app.get("/api/incidents", tags=["read"])
    def api_incidents(request: Request, actor: str | None = None, dyad: str | None = None, type: str | None = None,
                      since: Day = None, until: Day = None, place: str | None = None,
                      min_confidence: Annotated[float, Query(ge=0, le=1)] = MIN_CONFIDENCE, limit: Limit = 50,
                      offset: Offset = 0, format: Fmt = None) -> Any:
        """Incidents (one act, every report of it), with counts, outlets and reconciled figures."""
        if type and type.upper() not in views.PLOVER_TYPES:
            raise HTTPException(422, f"type: {type!r} is not a PLOVER type ({', '.join(views.PLOVER_TYPES)})")
        csv = format == "csv" or "text/csv" in request.headers.get("accept", "")
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
                   stance: Annotated[str | None, Query(pattern="^(support|oppose|demand|reject)$")] = None,
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
    def api_extract(request: Request, article: Annotated[ArticleIn, Body()]) -> dict[str, Any]:
        if article.store:
            check_token(request, config.token)
        result = next(run(itertools.islice(_raws(article, "<request>"), 1), settings=config.pipeline), None)
        if result is None:
            raise HTTPException(422, "nothing to extract")
        if result.error is not None:
            raise HTTPException(422, str(result.error))
        doc = result.document
        stored = None
        if article.store:
            with db() as s:
                stored = s.add(doc, input_key=result.key)  # type: ignore[arg-type]
        return {**doc.to_dict(), "stored": stored}  # type: ignore[union-attr]

    @app.post("/api/ingest", tags=["write"])
    def api_ingest(request: Request, batch: Annotated[IngestIn, Body()]) -> dict[str, Any]:
        check_token(request, config.token)
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

        ingest_items(store, items(), settings=config.pipeline, on_item=outcome, lock=lock)
        errors.sort(key=lambda e: e["index"])
        return {"added": added, "duplicates": duplicates, "errors": errors}

    def _raws(article: ArticleIn, origin: str) -> Iterator[RawDoc | CommuniqueError]:
        """The raw documents one posted article stands for; HTTPException when it cannot be taken."""
        meta = {k: v for k, v in article.model_dump().items() if k in ("title", "published", "source", "url") and v}
        if article.fetch:
            if not config.allow_fetch:
                raise HTTPException(403, "fetching URLs is disabled on this server (start it with --allow-fetch)")
            if not article.url:
                raise HTTPException(422, "fetch needs a url")
            check_fetchable(article.url)
            yield from read_inputs([article.url], config.pipeline)
        elif article.text:
            fmt = "html" if "<" in article.text[:2000] and ">" in article.text[:2000] else "text"
            yield RawDoc(origin=article.url or origin, content=article.text, format=fmt, meta=meta)
        else:
            raise HTTPException(422, "send text (or a url with fetch: true)")

    # -- web pages: each renders the dict of its JSON twin -------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_home(request: Request) -> HTMLResponse:
        return html(request, "index.html", api_home(), "/api")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def page_search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        if not q.strip():
            return page_home(request)
        return html(request, "index.html", api_search(q), f"/api/search?q={views.quoted(q)}")

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def page_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        data = api_articles(request, limit=limit, offset=offset)
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
        filters = {"actor": actor, "dyad": dyad, "type": type or None,
                   "quad_class": int(quad_class) if quad_class and quad_class.isdigit() else None,
                   "since": since or None, "until": until or None, "place": place, "text": text}
        data = api_events(request, **filters, limit=limit, offset=offset)
        query = "&".join(f"{k}={views.quoted(str(v))}" for k, v in filters.items() if v)
        return html(request, "events.html", {"events": data["items"], "filters": filters,
                                             "types": views.PLOVER_TYPES, "quads": views.QUAD_CLASSES,
                                             "csv_url": f"/api/events?{query}&format=csv",
                                             "incidents_url": "/events?" + "&".join(
                                                 [*(p for p in query.split("&") if p and not p.startswith(
                                                     ("quad_class=", "text="))), "by=incidents"]),
                                             "next_url": _page_url(data["next"]),
                                             "prev_url": _page_url(data["prev"])},
                    f"/api/events?{query}")

    @app.get("/incidents", response_class=HTMLResponse, include_in_schema=False)
    def page_incidents(request: Request, actor: str | None = None, dyad: str | None = None, type: str | None = None,
                       since: str | None = None, until: str | None = None, place: str | None = None,
                       limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        filters = {"actor": actor or None, "dyad": dyad or None, "type": type or None, "since": since or None,
                   "until": until or None, "place": place or None}
        data = api_incidents(request, **filters, limit=limit, offset=offset)
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
        data = api_map(since or None, until or None)
        return html(request, "map.html", {**data, "svg": views.svg_for("map", data)}, "/api/map")

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def page_network(request: Request, since: str | None = None, until: str | None = None,
                     types: str | None = None) -> HTMLResponse:
        data = api_network(since or None, until or None, types or None)
        return html(request, "network.html", {**data, "svg": views.svg_for("network", data)}, "/api/network")

    @app.get("/dyad", response_class=HTMLResponse, include_in_schema=False)
    def page_dyad(request: Request, a: str, b: str, by: str = "month") -> HTMLResponse:
        data = api_dyad(a, b, by if by in ("week", "month") else "month")
        return html(request, "dyad.html", {**data, "svg": views.svg_for("dyad", data)},
                    f"/api/dyad?a={views.quoted(a)}&b={views.quoted(b)}&by={data['by']}")

    return app


def _page_url(api_url: str | None) -> str | None:
    return api_url.removeprefix("/api") if api_url else None


def _csv(rows: list[dict[str, Any]]) -> Response:
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                          for k, v in row.items()} for row in rows)
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
