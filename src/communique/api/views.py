"""What each page shows, as plain dicts: the JSON twin returns them, the HTML page renders them."""

from __future__ import annotations

import re
from html import escape
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from ..incidents.facts import content_words, stem
from ..records import EVENT_TYPES
from ..store import Store
from ..web import charts
from ..web.highlight import actor_href, furniture_html, highlight

PLOVER_TYPES = EVENT_TYPES
QUAD_CLASSES = ((1, "verbal cooperation"), (2, "material cooperation"), (3, "verbal conflict"),
                (4, "material conflict"))
MEETING_TYPES = ("CONSULT",)
RECORD_KINDS = ("articles", "actors", "events", "quotes", "claims", "places", "times")


class NotFound(LookupError):
    """A page's subject is not in the store."""


def page(items: list[dict[str, Any]], limit: int, offset: int, path: str, params: dict[str, Any]) -> dict[str, Any]:
    """A page of a listing with links to its neighbours (stable order comes from the store)."""
    def link(off: int) -> str:
        q = {k: v for k, v in params.items() if v not in (None, "")}
        q.update(limit=limit, offset=off)
        return f"{path}?{urlencode(q)}"

    more = len(items) > limit
    return {"items": items[:limit], "limit": limit, "offset": offset,
            "next": link(offset + limit) if more else None,
            "prev": link(max(offset - limit, 0)) if offset > 0 else None}


def home(store: Store) -> dict[str, Any]:
    counts = {k: v for k, v in store.counts().items() if k in RECORD_KINDS}
    return {"counts": counts, "actors": store.actor_index(limit=25),
            "articles": store.articles(limit=25)}


def search(store: Store, q: str, limit: int = 50) -> dict[str, Any]:
    return {"q": q, "actors": store.actor_index(q=q, limit=limit),
            "articles": store.articles(text=q, limit=limit), "quotes": store.quotes(text=q, limit=limit)}


def article(store: Store, article_id: str) -> dict[str, Any]:
    doc = store.document(article_id)
    if doc is None:
        raise NotFound(f"no article {article_id!r}")
    d = doc.to_dict()
    keys = store.actor_keys(article_id)
    found = {i["id"]: i for i in store.incidents(article=article_id, min_confidence=0, limit=None)}
    linked = {e["id"]: found.get(e["incident_id"]) for e in store.events(article=article_id, min_confidence=0,
                                                                         limit=None)}
    incidents = {eid: {k: i[k] for k in ("id", "type", "date", "num_mentions", "num_articles", "num_sources")}
                 for eid, i in linked.items() if i}
    return {"doc": d, "keys": keys, "names": {a["id"]: a["name"] for a in d["actors"]}, "incidents": incidents}


def article_page(data: dict[str, Any]) -> dict[str, Any]:
    """The HTML-only parts of an article page: highlighted body and linked furniture."""
    d, keys = data["doc"], data["keys"]
    furniture = [{"kind": f["kind"], "html": furniture_html(f["text"], d["actors"], keys)}
                 for f in d["article"]["furniture"]]
    return {**data, "body": highlight(d, keys), "furniture": furniture}


def actor(store: Store, key: str, limit: int = 200) -> dict[str, Any]:
    profile = store.actor_profile(key)
    if profile is None:
        raise NotFound(f"no actor {key!r}")
    return {"actor": profile, "events": store.events(actor_key=key, limit=limit),
            "incidents": store.incidents(actor_key=key, limit=limit),
            "quotes": store.quotes(speaker_key=key, limit=limit), "claims": store.claims(actor_key=key, limit=limit),
            "counterparts": store.counterparts(key)}


def incident(store: Store, incident_id: str) -> dict[str, Any]:
    """One incident with its reports side by side, each marked where it differs from the incident."""
    inc = store.incident(incident_id)
    if inc is None:
        raise NotFound(f"no incident {incident_id!r}")
    own = {r["article_id"]: set(_words(" ".join(e["evidence"] or "" for e in r["events"]))) for r in inc["reports"]}
    for r in inc["reports"]:
        others = set().union(*(w for a, w in own.items() if a != r["article_id"]))
        r["differs"] = differences(inc, r)
        r["own_words"] = sorted(own[r["article_id"]] - others) if len(own) > 1 else []
        r["href"] = f"/articles/{quoted(r['article_id'])}"
        r["url"] = r["url"] if _linkable(r.get("url")) else None
    return {"incident": inc}


def differences(inc: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Where one report parts from the incident: its own date or place, and figures off the most reported."""
    dates = sorted({e["date"] for e in report["events"] if e["date"] and not e["date_approximate"]})
    places = sorted({e["place"] for e in report["events"] if e["place"]})
    figures = {kind: f["value"] for kind, f in report["figures"].items()
               if kind in inc["figures"] and f["value"] != inc["figures"][kind]["most_reported"]}
    return {"date": [d for d in dates if d != inc["date_value"]],
            "place": [p for p in places if p != inc["place_name"]], "figures": figures}


def incident_page(data: dict[str, Any]) -> dict[str, Any]:
    """The HTML-only parts of an incident page: each report's sentences once, its own words marked."""
    for r in data["incident"]["reports"]:
        mine = set(r["own_words"])
        passages: dict[str, dict[str, Any]] = {}
        for e in r["events"]:
            text = e["evidence"] or ""
            passage = passages.setdefault(text, {"html": _mark_words(text, mine), "events": []})
            passage["events"].append(e)
        r["passages"] = list(passages.values())
    return data


def _words(text: str) -> list[str]:
    return list(content_words(text))


def _mark_words(text: str, words: set[str]) -> str:
    """Evidence HTML with the words only this report uses in <mark>."""
    out = []
    for m in re.finditer(r"\w+|\W+", text):
        piece = m.group(0)
        marked = piece[0].isalnum() and stem(piece) in words
        out.append(f"<mark>{escape(piece)}</mark>" if marked else escape(piece))
    return "".join(out)


def _linkable(url: str | None) -> bool:
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def events_map(store: Store, since: str | None, until: str | None) -> dict[str, Any]:
    places = store.place_counts(since=since, until=until)
    for p in places:
        p["href"] = "/events?" + urlencode({"place": p["name"]})
    return {"since": since, "until": until, "places": places}


def network(store: Store, since: str | None, until: str | None, types: str | None) -> dict[str, Any]:
    wanted = tuple(t.strip().upper() for t in (types or ",".join(MEETING_TYPES)).split(",") if t.strip())
    edges = store.network(since=since, until=until, types=wanted)
    weight: dict[str, int] = {}
    names: dict[str, str] = {}
    for e in edges:
        for side in ("source", "target"):
            weight[e[side]] = weight.get(e[side], 0) + e["count"]
            names[e[side]] = e[f"{side}_name"]
    nodes = [{"key": k, "name": names[k], "weight": w, "href": actor_href(k)} for k, w in weight.items()]
    return {"since": since, "until": until, "types": ",".join(wanted), "nodes": nodes, "edges": edges}


def dyad(store: Store, a: str, b: str, by: str) -> dict[str, Any]:
    if by not in ("week", "month"):
        raise ValueError("by must be week or month")
    names = {}
    for key in (a, b):
        profile = store.actor_profile(key)
        if profile is None:
            raise NotFound(f"no actor {key!r}")
        names[key] = profile["name"]
    return {"a": a, "b": b, "a_name": names[a], "b_name": names[b], "by": by,
            "series": store.dyad_series(a, b, by=by), "incidents": store.incidents(key_dyad=(a, b), limit=None)}


def svg_for(kind: str, data: dict[str, Any]) -> str:
    """The picture of a map, network or dyad page."""
    if kind == "map":
        return charts.world_map(data["places"])
    if kind == "network":
        return charts.network(data["nodes"], data["edges"])
    return charts.series_chart(data["series"])


def quoted(key: str) -> str:
    return quote(key, safe="")


def with_query(path: str, params: dict[str, Any]) -> str:
    """A path with its query string, values encoded."""
    return f"{path}?{urlencode(params)}" if params else path


def http_url(url: str | None) -> str | None:
    """The URL when it is http(s) with a host, the only kind a page may link to; else None."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def api_docs(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI schema as a list of endpoints with their parameters, for the /docs page."""
    endpoints = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": _schema_type(p.get("schema", {})), "description": p.get("description", "")}
                      for p in op.get("parameters", ())]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                params.append({"name": "body", "in": "body", "required": op["requestBody"].get("required", False),
                               "type": body.get("$ref", "").rsplit("/", 1)[-1] or "JSON", "description": ""})
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "tag": (op.get("tags") or [""])[0],
                              "parameters": params})
    models = [{"name": name, "fields": [{"name": f, "type": _schema_type(d), "description": d.get("description", "")}
                                        for f, d in model.get("properties", {}).items()]}
              for name, model in schema.get("components", {}).get("schemas", {}).items()
              if name in ("ArticleIn", "IngestIn")]
    return {"title": schema["info"]["title"], "version": schema["info"]["version"],
            "description": schema["info"].get("description", ""), "endpoints": endpoints, "models": models}


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null") or "null"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items', {}))}"
    kind = schema.get("type", "any")
    if "pattern" in schema:
        kind += f" matching {schema['pattern']}"
    bounds = [f"{op} {schema[key]}" for key, op in (("minimum", ">="), ("maximum", "<=")) if key in schema]
    return kind + (f" ({', '.join(bounds)})" if bounds else "")
