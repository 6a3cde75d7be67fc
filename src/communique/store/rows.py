"""Document -> table rows: one function per record kind, each row a dict keyed by column name."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..actors.keys import name_key, person_key
from ..records import Actor, Document, Span

Row = dict[str, Any]


def text_hash(text: str, url: str | None) -> str:
    """The article's identity: its text with whitespace collapsed, plus its URL where known."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(f"{norm}\n{url or ''}".encode()).hexdigest()


def document_rows(doc: Document, *, now: datetime) -> dict[str, list[Row]]:
    """Every row of one article, by table, in write order."""
    out = {"articles": [_article(doc, now)]}
    aid = doc.article.id
    for table, build in _BUILDERS.items():
        out[table] = build(doc, aid)
    return out


def _article(doc: Document, now: datetime) -> Row:
    a = doc.article
    d = doc.to_dict()
    return {"id": a.id, "title": a.title, "published": a.published, "source": a.source, "url": a.url,
            "language": a.language, "text": a.text, "author": a.author, "origin": a.origin,
            "furniture": json.dumps(d["article"]["furniture"], ensure_ascii=False),
            "paragraphs": json.dumps(d["article"]["paragraphs"]),
            "warnings": list(doc.warnings), "text_hash": text_hash(a.text, a.url),
            "doc": json.dumps(d, ensure_ascii=False), "ingested_at": now}


def _span(prefix: str, span: Span | None) -> Row:
    """A span as three prefixed columns."""
    if span is None:
        return {f"{prefix}_start": None, f"{prefix}_end": None, f"{prefix}_text": None}
    return {f"{prefix}_start": span.start, f"{prefix}_end": span.end, f"{prefix}_text": span.text}


def _actors(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "seq": i, "id": x.id, "name": x.name, "kind": x.kind, "country": x.country,
             "sector": x.sector, "affiliation": x.affiliation, "role": x.role, "kb_id": x.kb_id,
             "aliases": list(x.aliases), "key": actor_key(x)} for i, x in enumerate(doc.actors)]


def actor_key(actor: Actor) -> str:
    """An actor's key across articles (actors/keys.py); documents stored before keys existed get one here."""
    if actor.key:
        return actor.key
    return actor.kb_id or (person_key(actor.name) if actor.kind == "person" else name_key(actor.name))


def _mentions(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "actor_id": x.id, "seq": i, "start": m.start, "end": m.end, "text": m.text}
            for x in doc.actors for i, m in enumerate(x.mentions)]


def _events(doc: Document, aid: str) -> list[Row]:
    rows = []
    for i, x in enumerate(doc.events):
        date, place = x.date, x.place
        rows.append({"article_id": aid, "seq": i, "id": x.id, "type": x.type, "mode": x.mode,
                     "cameo": x.cameo, "goldstein": x.goldstein, "quad_class": x.quad_class,
                     "source": x.source, "target": x.target,
                     "date_value": date and date.value, "date_granularity": date and date.granularity,
                     "date_text": date and date.text, "date_approximate": date and date.approximate,
                     "place_name": place and place.name, "geonameid": place and place.geonameid,
                     "lat": place and place.lat, "lon": place and place.lon,
                     "place_country": place and place.country,
                     "negated": x.negated, "confidence": x.confidence,
                     **_span("evidence", x.evidence), **_span("trigger", x.trigger),
                     "modality": x.modality, "claimed_by": x.claimed_by,
                     "incident_id": None})  # the store fills it in when it assigns the article's events
    return rows


def _figures(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "event_id": x.id, "seq": i, "kind": f.kind, "value": f.value,
             "qualifier": f.qualifier, "start": f.span.start, "end": f.span.end, "text": f.span.text}
            for x in doc.events for i, f in enumerate(x.figures)]


def _quotes(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "seq": i, "id": x.id, "text": x.text, "start": x.start, "end": x.end,
             "kind": x.kind, "speaker": x.speaker, "speakers": list(x.speakers),
             "speaker_text": x.speaker_text, "cue": x.cue, **_span("cue", x.cue_span)}
            for i, x in enumerate(doc.quotes)]


def _claims(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "seq": i, "id": x.id, "actor": x.actor, "issue": x.issue, "stance": x.stance,
             "terms": list(x.terms), **_span("evidence", x.evidence), "quote": x.quote}
            for i, x in enumerate(doc.claims)]


def _places(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "seq": i, "id": x.id, "name": x.name, "geonameid": x.geonameid, "lat": x.lat,
             "lon": x.lon, "country": x.country, "feature": x.feature} for i, x in enumerate(doc.places)]


def _place_mentions(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "place_id": x.id, "seq": i, "start": m.start, "end": m.end, "text": m.text}
            for x in doc.places for i, m in enumerate(x.mentions)]


def _times(doc: Document, aid: str) -> list[Row]:
    return [{"article_id": aid, "seq": i, "text": x.text, "start": x.start, "end": x.end, "value": x.value,
             "granularity": x.granularity, "approximate": x.approximate} for i, x in enumerate(doc.times)]


_BUILDERS: dict[str, Callable[[Document, str], list[Row]]] = {
    "actors": _actors, "mentions": _mentions, "events": _events, "figures": _figures, "quotes": _quotes,
    "claims": _claims, "places": _places, "place_mentions": _place_mentions, "times": _times,
}
