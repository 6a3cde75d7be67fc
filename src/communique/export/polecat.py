"""A POLECAT-style event table: one row per event record, named and ordered after POLECAT's release.

Where POLECAT has a column communique fills the same way, it keeps POLECAT's name; communique's own
provenance (incident, confidence, modality, the evidence's offsets) follows at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .gdelt import countries, event_day

COLUMNS: tuple[str, ...] = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Quad Code", "Goldstein", "Contexts",
    "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Title", "Actor Name Raw", "Actor KB ID",
    "Recipient Name", "Recipient Country", "Primary Recipient Sector", "Recipient Title", "Recipient Name Raw",
    "Recipient KB ID",
    "Placename", "Country", "Latitude", "Longitude", "GeoNames ID", "Feature Type",
    "Source", "Publication Date", "Story ID", "URL", "Event Text", "Language", "Version",
    "Incident ID", "CAMEO Code", "Confidence", "Negated", "Modality", "Evidence Start", "Evidence End",
)
QUADS = {1: "VERBAL COOPERATION", 2: "MATERIAL COOPERATION", 3: "VERBAL CONFLICT", 4: "MATERIAL CONFLICT"}


def rows(records: Iterable[dict[str, Any]], version: str) -> Iterator[list[Any]]:
    """One row per coded event record."""
    for r in records:
        day = event_day(r["date_value"], r["date_granularity"], r["published"])
        iso3 = countries().get((r["place_country"] or "").upper(), {}).get("iso3")
        yield [
            f"{r['article_id']}/{r['id']}", day.isoformat() if day else None, r["type"], r["mode"],
            QUADS.get(r["quad_class"]), r["goldstein"], None,
            *_side(r, "source"), *_side(r, "target"),
            r["place_name"], iso3, r["lat"], r["lon"], r["geonameid"], r["place_feature"],
            r["outlet"], (r["published"] or "")[:10] or None, r["article_id"], r["url"], r["evidence_text"],
            r["language"], version,
            r["incident_id"], r["cameo"], r["confidence"], r["negated"], r["modality"], r["evidence_start"],
            r["evidence_end"],
        ]


def _side(r: dict[str, Any], side: str) -> list[Any]:
    return [r[f"{side}_name"], r[f"{side}_country"], r[f"{side}_sector"], r[f"{side}_role"], r[f"{side}_text"],
            r[f"{side}_kb_id"]]
