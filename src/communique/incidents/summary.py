"""An incident from its reports: its type, dyad, date and place, the counts, and the reconciled figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from datetime import date
from typing import Any

from .facts import Facts


def _mode(values: Iterable[Hashable]) -> Any:
    """The most frequent value; ties go to the first seen."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    top = max(counts.values())
    return next(v for v in counts if counts[v] == top)


def summarise(members: Sequence[Facts]) -> dict[str, Any]:
    """The incident's columns (all but id and times) from every event record that reports it.

    Members are taken in a fixed order (publication, article, position), so the summary does not
    depend on the order they arrived in. What most reports say wins: type, dyad, date, place; the
    act itself wins over its announcement and over reports that only quote someone.
    """
    ms = sorted(members, key=lambda f: (f.published or "", f.article, f.seq))
    published = [f.published for f in ms if f.published]
    acts = [f for f in ms if f.act == f.type and not f.claimed and not f.negated] or ms
    itype = _mode(f.type for f in acts)
    typed = [f for f in acts if f.type == itype]
    dyads = [(f.source.key, f.target.key) for f in typed if f.source and f.target]
    source_key, target_key = _mode(dyads) or (_mode(f.source.key for f in typed if f.source),
                                             _mode(f.target.key for f in typed if f.target))

    def name(key: str | None) -> str | None:
        return _mode(s.name for f in ms for s in (f.source, f.target) if s and s.key == key)

    dated = [f for f in acts if f.own_date and f.date] or [f for f in ms if f.own_date and f.date]
    day = _mode((f.date, f.granularity, False) for f in sorted(dated, key=lambda f: f.granularity != "day"))
    if day is None:  # no report dates the act: the first publication date stands in
        first = min((f.published[:10] for f in ms if f.published), default=None)
        day = (first, "day", True) if first else (None, None, None)
    spans = [(f.lo, f.hi) for f in (dated or ms) if f.lo is not None and f.hi is not None]
    placed = [f for f in ms if f.geonameid and not f.place_wide] or [f for f in ms if f.place]
    where = _mode((f.place, f.geonameid) for f in placed)
    spot = next((f for f in placed if (f.place, f.geonameid) == where), None)
    codes = _mode((f.cameo, f.goldstein, f.quad_class) for f in typed) or (None, None, None)
    return {
        "type": itype, "family": ms[0].family, "cameo": codes[0], "goldstein": codes[1], "quad_class": codes[2],
        "source_key": source_key, "source_name": name(source_key),
        "target_key": target_key, "target_name": name(target_key),
        "date_value": day[0], "date_granularity": day[1], "date_approximate": day[2],
        "date_start": date.fromordinal(min(lo for lo, _ in spans)).isoformat() if spans else None,
        "date_end": date.fromordinal(max(hi for _, hi in spans)).isoformat() if spans else None,
        "place_name": spot.place if spot else None, "geonameid": spot.geonameid if spot else None,
        "place_country": spot.place_country if spot else None,
        "lat": spot.lat if spot else None, "lon": spot.lon if spot else None,
        "num_mentions": len(ms), "num_articles": len({f.article for f in ms}),
        "num_sources": len({f.outlet or f"article:{f.article}" for f in ms}),
        "first_report": min(published) if published else None, "last_report": max(published) if published else None,
        "confidence": max(f.confidence for f in ms),
        "figures": reconcile(ms),
    }


def report_figures(members: Sequence[Facts]) -> dict[str, dict[str, Any]]:
    """One report's figures by kind: the largest it gives (a toll that rose), with every span it came from."""
    out: dict[str, dict[str, Any]] = {}
    for f in sorted(members, key=lambda f: f.seq):
        for kind, value, qualifier, start, end, text in f.figures:
            entry = out.setdefault(kind, {"value": value, "qualifier": qualifier, "spans": []})
            if value > entry["value"]:
                entry.update(value=value, qualifier=qualifier)
            span = {"start": start, "end": end, "text": text}
            if span not in entry["spans"]:
                entry["spans"].append(span)
    return out


def reconcile(members: Sequence[Facts]) -> dict[str, dict[str, Any]]:
    """Figures per kind across reports: lowest, highest and most reported, and how many reports give one.

    Each report (article) counts once, with its own figure (`report_figures`); ties for the most
    reported figure go to the lower one, as careful counts do.
    """
    by_article: dict[str, list[Facts]] = {}
    for f in members:
        by_article.setdefault(f.article, []).append(f)
    values: dict[str, list[int]] = {}
    for article in sorted(by_article):
        for kind, entry in report_figures(by_article[article]).items():
            values.setdefault(kind, []).append(entry["value"])
    out = {}
    for kind in sorted(values):
        vs = values[kind]
        counts = Counter(vs)
        top = max(counts.values())
        out[kind] = {"lowest": min(vs), "highest": max(vs),
                     "most_reported": min(v for v in counts if counts[v] == top), "reports": len(vs)}
    return out
