"""Score toponym recognition and resolution on GeoWebNews and GeoVirus (Gritta et al.).

What counts:
- GeoWebNews: the gold toponyms are the types that name a place, in noun form: literal ones (Literal,
  Mixed, Coercion, Embedded_Literal, Literal_Modifier) and associative ones (Metonymic,
  Non_Literal_Modifier, Embedded_Non_Lit: "Moscow said", "China's ruling party"). Adjectival
  modifiers ("Russian", "Tunisian") are demonyms, which communique leaves to actors: a prediction on
  one is neither a hit nor a false alarm. "toponyms" scores all noun toponyms; "literal" scores the
  literal ones and ignores predictions on associative ones. Anything else we tag (Non_Toponym,
  Homonym, Demonym, Language, or untagged text) is a false alarm.
- GeoVirus: every `<location>` is a gold toponym; its offsets are mostly one character late, so each
  is moved to where its name stands. Its coordinates are Wikipedia's (country centroids differ from
  GeoNames': Canada 60N 95W against 60N 114W), which caps resolution accuracy for countries.
- Recognition: exact character spans, and overlap (one-to-one, Jaccard > 0).
- Resolution: on overlap-matched gold toponyms that have coordinates, the great-circle error of our
  place; a toponym we recognised but could not place is charged the maximum error. accuracy@161km,
  median and mean km, AUC; on GeoWebNews also GeoNames-id accuracy where the gold has an id.
Each article runs through spaCy, the actor stage (for context) and `find_places` on the gold text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldMissing
from ..places import find_places
from ..records import Article, Place
from ..settings import Settings
from . import gold_path, worst
from .scoring import geo_scores, haversine_km, match_spans, prf_dict

BUILT = True
LITERAL = {"Literal", "Mixed", "Coercion", "Embedded_Literal", "Literal_Modifier"}
ASSOCIATIVE = {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"}


@dataclass(frozen=True)
class GoldToponym:
    """One gold toponym: span, surface, type and where it is."""

    start: int
    end: int
    name: str
    kind: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None


@dataclass(frozen=True)
class GoldArticle:
    """One article with its scored toponyms and the spans we must not be charged for."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    ignored: tuple[tuple[int, int], ...] = ()


def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Recognition P/R/F1 and resolution accuracy on GeoWebNews and GeoVirus, one sub-report each."""
    root = gold_path(gold, "geoparsing")
    sets: dict[str, dict[str, Any]] = {}
    errors: list[dict[str, Any]] = []
    gwn = _find(root, "GWN.xml")
    virus = _find(root, "GeoVirus.xml")
    if gwn is None and virus is None:
        raise GoldMissing(str(root), "neither GWN.xml nor GeoVirus.xml found; pass --gold PATH")
    if gwn is not None:
        arts = load_gwn(gwn)[:limit] if limit is not None else load_gwn(gwn)
        sets["geowebnews"] = _score_set("geowebnews", gwn, arts, settings, show_errors, literal_only=True)
    if virus is not None:
        arts = load_geovirus(virus)[:limit] if limit is not None else load_geovirus(virus)
        sets["geovirus"] = _score_set("geovirus", virus, arts, settings, show_errors)
    measures: dict[str, float] = {}
    counts: dict[str, int] = {}
    for name, sub in sets.items():
        measures.update({f"{name}/{k}": v for k, v in sub["measures"].items()})
        counts.update({f"{name} {k}": v for k, v in sub["counts"].items()})
        errors += sub["errors"]
    return {"stage": "places", "gold": str(root), "n": sum(s["n"] for s in sets.values()),
            "measures": measures, "counts": counts, "errors": worst(errors, show_errors), "sets": sets}


def _find(root: Path, name: str) -> Path | None:
    if root.is_file():
        return root if root.name == name else None
    found = sorted(root.rglob(name))
    return found[0] if found else None


def load_gwn(path: Path) -> list[GoldArticle]:
    """GeoWebNews articles with their noun toponyms; adjectival modifiers are ignored spans."""
    out = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        tops, ignored = [], []
        for tp in art.find("toponyms") or ():
            kind = tp.findtext("type") or ""
            s, e = int(tp.findtext("start") or 0), int(tp.findtext("end") or 0)
            if kind not in LITERAL | ASSOCIATIVE:
                continue
            if (tp.findtext("modifierType") or "") == "Adjective":
                ignored.append((s, e))
                continue
            lat, lon = tp.findtext("latitude"), tp.findtext("longitude")
            gid = tp.findtext("geonamesID")
            tops.append(GoldToponym(s, e, tp.findtext("extractedName") or text[s:e], kind,
                                    float(lat) if lat else None, float(lon) if lon else None,
                                    int(gid) if gid and gid.isdigit() else None))
        out.append(GoldArticle(f"gwn/{art.get('file')}", text, tuple(tops), tuple(ignored)))
    return out


def load_geovirus(path: Path) -> list[GoldArticle]:
    """GeoVirus articles with every location."""
    out = []
    for n, art in enumerate(ET.parse(path).getroot().iter("article")):
        text = art.findtext("text") or ""
        tops = []
        for loc in art.iter("location"):
            lat, lon = loc.findtext("lat"), loc.findtext("lon")
            name = loc.findtext("name") or ""
            start, end = _align(text, name, int(loc.findtext("start") or 0), int(loc.findtext("end") or 0))
            tops.append(GoldToponym(start, end, name, "Literal",
                                    float(lat) if lat else None, float(lon) if lon else None))
        out.append(GoldArticle(f"geovirus/{n}", text, tuple(tops)))
    return out


def _align(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """GeoVirus offsets are mostly one past the name; find the name where it really is."""
    if text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2):
        if text[start + shift:end + shift] == name:
            return start + shift, end + shift
    found = text.find(name, max(0, start - 20))
    return (found, found + len(name)) if found >= 0 and abs(found - start) < 40 else (start, end)


def _predict(arts: list[GoldArticle], settings: Settings) -> Iterator[list[Place]]:
    from ..nlp import load

    try:
        from ..actors import find_actors
    except ImportError:  # the actor stage only adds context; places still resolve without it
        find_actors = None  # type: ignore[assignment]
    nlp = load(settings.model)
    for art, doc in zip(arts, nlp.pipe(a.text for a in arts), strict=True):
        article = Article(id=art.id, title=None, published=None, source=None, url=None, language="en",
                          text=art.text)
        actors: list[Any] = []
        if find_actors is not None:
            try:
                actors = list(find_actors(doc, article, kb_paths=settings.kb_paths))
            except Exception:  # another stage's failure must not sink this score
                actors = []
        yield find_places(doc, article, actors)


def _score_set(name: str, path: Path, arts: list[GoldArticle], settings: Settings, show_errors: int,
               literal_only: bool = False) -> dict[str, Any]:
    views = {"toponyms": None}
    if literal_only:
        views["literal"] = LITERAL
    spans: dict[str, tuple[list[Any], list[Any]]] = {v: ([], []) for v in views}
    geo_errors: list[float | None] = []
    id_hits = id_total = 0
    errors: list[dict[str, Any]] = []
    for art, places in zip(arts, _predict(arts, settings), strict=True):
        mentions = [(m.start, m.end, p) for p in places for m in p.mentions]
        mentions = [x for x in mentions if not any(x[0] < e and s < x[1] for s, e in art.ignored)]
        for view, kinds in views.items():
            gold = [t for t in art.toponyms if kinds is None or t.kind in kinds]
            other = [t for t in art.toponyms if kinds is not None and t.kind not in kinds]
            pred = [x for x in mentions if not any(x[0] < t.end and t.start < x[1] for t in other)]
            spans[view][0].extend((t.start, t.end, art.id) for t in gold)
            spans[view][1].extend((s, e, art.id) for s, e, _ in pred)
        by_span = {(s, e): p for s, e, p in mentions}
        gold_by_span = {(t.start, t.end): t for t in art.toponyms}
        _, _, _, pairs = match_spans(list(gold_by_span), list(by_span), mode="overlap", threshold=1e-9)
        matched = {g for g, _ in pairs}
        for g, p in pairs:
            t, place = gold_by_span[g], by_span[p]
            if t.lat is None or t.lon is None:
                continue
            err = None if place.lat is None or place.lon is None else haversine_km(t.lat, t.lon, place.lat, place.lon)
            geo_errors.append(err)
            if t.geonameid:
                id_total += 1
                id_hits += place.geonameid == t.geonameid
            if err is None or err > 161:
                errors.append({"item": f"{art.id}: {t.name!r}", "score": 0.5,
                               "detail": f"placed at {place.name} ({place.country}) "
                                         f"{'unresolved' if err is None else f'{err:.0f} km off'}"})
        for g, t in gold_by_span.items():
            if g not in matched:
                errors.append({"item": f"{art.id}: {t.name!r}", "score": 0.0, "detail": f"missed ({t.kind})"})
    measures: dict[str, float] = {}
    counts: dict[str, int] = {}
    for view, (gold, pred) in spans.items():
        for mode in ("exact", "overlap"):
            tp, fp, fn, _ = match_spans(gold, pred, mode=mode, threshold=1e-9)
            measures.update(prf_dict(tp, fp, fn, prefix=f"{view}/{mode}/"))
            counts.update({f"{view} {mode} tp": tp, f"{view} {mode} fp": fp, f"{view} {mode} fn": fn})
    geo = geo_scores(geo_errors)
    measures.update({f"resolution/{k}": v for k, v in geo.items()})
    if id_total:
        measures["resolution/geonameid_accuracy"] = id_hits / id_total
    counts.update({"articles": len(arts), "gold toponyms": len(spans["toponyms"][0]),
                   "resolved pairs": len(geo_errors), "gold with geonameid": id_total})
    return {"stage": "places", "gold": str(path), "n": len(spans["toponyms"][0]), "measures": measures,
            "counts": counts, "errors": worst(errors, show_errors)}
