"""Incident assignment time per new article with 1,000 and 100,000 incidents stored, and their ratio.

    python benchmarks/incidents.py                # --sizes 1000 100000 --days 30
    python benchmarks/incidents.py --years 5      # every store's acts within 5 years: a denser big store

Real articles are timed: the corpus articles of its busiest `--days`-day window are parsed once by the
pipeline, alternately as probes (timed) and as the pool the synthetic acts are made from. Each size
gets a fresh store filled with that many synthetic incidents, then takes the probes one by one
through `Store.add`.

Filling the store through `Store.add` costs about 20 ms an article, too slow for 100,000, so the
incident tables are filled in bulk instead (one DuckDB insert per table from Arrow). Each synthetic
act is recombined from the pool's events, so its shape is real news's: a real event's type, trigger,
figures and cast; two sides drawn from the pool's sides (the keys the store gave them, as frequent as
in the corpus); a real event's place or none; content words and names drawn by their frequency in
the pool; its own date from the text or the publication date standing in, in the pool's proportion.
Each act is reported by 1 to 3 outlets (60/25/15 %), each report coded twice (the sentence and a
later mention); the reports are grouped, linked, clustered and summarised by the incidents package's
own functions, so the rows are what ingest would have written for them. Article and record tables
stay empty: assignment does not read them. Ids are hashes, as real article ids are.

By default every store has the density of the smallest, which fills the probes' window: a bigger
store holds more days of the same news (100,000 incidents at 33 a day reach eight years back), which
is how a store grows. "assignment" is the time inside the store's incident step (blocking keys,
candidate lookups, the decision, writing the plan); "add" is the article's whole transaction;
"candidates" is how many stored reports share a block key with the article's reports. The cost must
not grow with the store beyond the candidate block: the ratio says how far it does.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from communique import incidents
from communique.incidents import Facts
from communique.records import Document, RawDoc
from communique.runner import documents
from communique.store import Store
from communique.store.rows import document_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"
OUTLETS = [f"outlet {n}" for n in range(60)]


def corpus_docs(path: Path, days: int) -> tuple[list[Document], list[Document]]:
    """Parsed probe and pool articles: the corpus articles of its busiest `days`-day window, alternately."""
    records = [r for r in map(json.loads, path.open(encoding="utf-8")) if r.get("published") and r.get("text")]
    day = {id(r): date.fromisoformat(r["published"][:10]) for r in records}
    starts = sorted(set(day.values()))
    first = max(starts, key=lambda d: sum(1 for r in records if 0 <= (day[id(r)] - d).days < days))
    chosen = sorted((r for r in records if 0 <= (day[id(r)] - first).days < days), key=lambda r: r["published"])
    raws = [RawDoc(origin=str(r["id"]), content=r["text"], format="text",
                   meta={k: r[f] for k, f in (("title", "title"), ("published", "published"), ("url", "url"),
                                              ("source", "publisher")) if r.get(f)}) for r in chosen]
    docs = [d for d in documents(raws) if isinstance(d, Document)]
    return docs[0::2], docs[1::2]


def doc_facts(doc: Document) -> list[Facts]:
    keys = {r["id"]: r["key"] for r in document_rows(doc, now=datetime.now())["actors"]}
    return incidents.document_facts(doc, keys)


class Synth:
    """Synthetic acts recombined from real events, and the incident rows their reports make."""

    def __init__(self, pool: Sequence[Facts], first: date, last: date, seed: int = 11) -> None:
        self.rng = random.Random(seed)
        self.pool = [f for f in pool if f.source or f.target]
        self.sides = [s for f in pool for s in (f.source, f.target) if s]
        self.places = [f for f in pool if f.place]
        # wording: words and names drawn by their frequency in the pool, so two acts share common words only
        words = Counter(w for f in pool for w in f.words)
        names = Counter(w for f in pool for w in f.names)
        self.words, self.word_weights = list(words), list(itertools.accumulate(words.values()))
        self.names, self.name_weights = list(names), list(itertools.accumulate(names.values()))
        self.placed = len(self.places) / max(1, len(pool))
        self.targeted = sum(1 for f in pool if f.target) / max(1, len(pool))
        self.own = sum(1 for f in pool if f.own_date) / max(1, len(pool))
        self.first, self.days = first.toordinal(), max(1, (last - first).days)
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in (
            "incidents", "incident_members", "incident_reports", "incident_keys", "incident_links")}
        self.clock = datetime(2020, 1, 1)

    def event(self, base: Facts, article: str, seq: int, day: int, outlet: str, **over: Any) -> Facts:
        published = date.fromordinal(day + 1).isoformat() + "T09:00"
        pub = day + 1
        own = over.pop("own", True)
        lo, hi = (day, day) if own else (pub - 3, pub)
        return replace(base, ref=f"{article}/e{seq + 1}", article=article, seq=seq, lo=lo, hi=hi, own_date=own,
                       date=date.fromordinal(lo if own else pub).isoformat(), granularity="day", outlet=outlet,
                       url=f"https://{outlet.replace(' ', '')}.example/{article}", published=published,
                       start=seq * 400, area=None, area_country=None, **over)

    def act(self, n: int) -> int:
        """Add act n, told by 1 to 3 outlets; how many incidents its reports made."""
        rng = self.rng
        base = rng.choice(self.pool)
        source = rng.choice(self.sides)
        target = rng.choice(self.sides) if rng.random() < self.targeted else None
        spot = rng.choice(self.places) if rng.random() < self.placed else None
        where = {k: getattr(spot, k) if spot else None for k in (
            "place", "geonameid", "place_country", "lat", "lon")} | {"place_wide": bool(spot and spot.place_wide)}
        day = self.first + rng.randrange(self.days)
        own = rng.random() < self.own
        reports: list[incidents.Report] = []
        links: list[tuple[str, str, float]] = []
        wording = sorted(set(rng.choices(self.words, cum_weights=self.word_weights, k=len(base.words))))
        names = sorted(set(rng.choices(self.names, cum_weights=self.name_weights, k=len(base.names)))
                       ) if self.names else []
        for k, outlet in enumerate(rng.sample(OUTLETS, rng.choices((1, 2, 3), (60, 25, 15))[0])):
            # ids like real ones (hashes), so no index or zone map is helped by their order
            article = hashlib.sha1(f"synthetic {n} {k}".encode()).hexdigest()[:16]
            words = tuple(w for w in wording if rng.random() < 0.85)
            lede = self.event(base, article, 0, day + (k > 1), outlet, own=own, source=source, target=target,
                              words=words, names=tuple(names), **where)
            later = self.event(base, article, 1, day + (k > 1), outlet, own=False, source=source, target=target,
                               words=words[: len(words) // 2], place=None, geonameid=None, place_country=None,
                               lat=None, lon=None, place_wide=False, figures=(), names=tuple(names[:1]))
            new = incidents.article_reports([lede, later])
            earlier = {r.facts.ref: r.facts for r in reports}
            links += incidents.links(new, earlier, {r.facts.ref: list(earlier) for r in new})
            reports += new
        plan = incidents.plan(reports, {}, links, lambda iid: (iid,))
        for r in reports:
            iid = plan.reports[r.facts.ref]
            self.rows["incident_reports"].append({
                "ref": r.facts.ref, "incident_id": iid, "component": plan.components[r.facts.ref],
                "events": [m.ref for m in r.members], "facts": json.dumps(r.facts.to_json(), ensure_ascii=False)})
            self.rows["incident_keys"] += [{"key": key, "ref": r.facts.ref} for key in incidents.block_keys(r.facts)]
            self.rows["incident_members"] += [{"ref": m.ref, "incident_id": iid,
                                               "facts": json.dumps(m.to_json(), ensure_ascii=False)} for m in r.members]
        self.rows["incident_links"] += [{"a": a, "b": b, "score": s} for a, b, s in links]
        by_incident: dict[str, list[Facts]] = {}
        for r in reports:
            by_incident.setdefault(plan.reports[r.facts.ref], []).extend(r.members)
        for iid, members in sorted(by_incident.items()):
            self.clock += timedelta(seconds=1)
            row = incidents.summarise(members)
            row["figures"] = json.dumps(row["figures"])
            self.rows["incidents"].append({"id": iid, **row, "created_at": self.clock, "updated_at": self.clock})
        return len(by_incident)

    def load(self, store: Store) -> None:
        """Bulk insert the rows made so far, one INSERT per table, and forget them."""
        con = store._con.cursor()
        for table, rows in self.rows.items():
            if not rows:
                continue
            columns = list(rows[0])
            names = ", ".join(f'"{c}"' for c in columns)
            con.register("bulk_rows", pa.Table.from_pylist(rows))
            try:
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bulk_rows").fetchall()
            finally:
                con.unregister("bulk_rows")
            rows.clear()


def fill(store: Store, synth: Synth, n: int) -> float:
    """Store n synthetic incidents; seconds taken."""
    t, made, act = time.perf_counter(), 0, 0
    while made < n:
        made += synth.act(act)
        act += 1
        if act % 20_000 == 0:
            synth.load(store)
    synth.load(store)
    return time.perf_counter() - t


def probe(store: Store, docs: Sequence[Document]) -> dict[str, list[float]]:
    """Add each probe article; assignment time, whole add time and candidate count of each."""
    out: dict[str, list[float]] = {"assign": [], "add": [], "candidates": []}
    original_assign, original_links = Store._assign, incidents.links

    def timed(self: Store, *a: Any, **k: Any) -> Any:
        t0 = time.perf_counter()
        result = original_assign(self, *a, **k)
        out["assign"].append(time.perf_counter() - t0)
        return result

    def counted(new: Any, candidates: Any, shared: Any) -> Any:
        out["candidates"].append(sum(len(v) for v in shared.values()))
        return original_links(new, candidates, shared)

    Store._assign = timed  # type: ignore[method-assign]
    incidents.links = counted  # type: ignore[assignment]
    try:
        for doc in docs:
            t0 = time.perf_counter()
            store.add(doc)
            out["add"].append(time.perf_counter() - t0)
    finally:
        Store._assign = original_assign  # type: ignore[method-assign]
        incidents.links = original_links
    return out


def window(docs: Sequence[Document]) -> tuple[date, date]:
    days = sorted(date.fromisoformat(d.article.published[:10]) for d in docs if d.article.published)
    return days[0], days[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    ap.add_argument("--days", type=int, default=30, help="the corpus window the probes come from")
    ap.add_argument("--years", type=float, help="spread every store's acts over this many years ending with "
                    "the window, instead of keeping the density of the smallest store (a denser store)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--dir", type=Path, help="where to build the stores (default: a temporary folder)")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    t = time.perf_counter()
    probes, pool = corpus_docs(args.corpus, args.days)
    pool_facts = [f for d in pool for f in doc_facts(d)]
    first, last = window(probes + pool)
    print(f"parsed {len(probes)} probe and {len(pool)} pool articles of {first} to {last} "
          f"({len(pool_facts)} pool events, {sum(len(d.events) for d in probes)} probe events) "
          f"in {time.perf_counter() - t:.0f} s", flush=True)
    window_days = (last - first).days + 1
    per_day = min(args.sizes) / window_days
    results = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for size in args.sizes:
            span = round(args.years * 365.25) if args.years else max(window_days, round(size / per_day))
            start = last - timedelta(days=span - 1)
            with Store(Path(tmp) / f"s{size}.duckdb") as store:
                seconds = fill(store, Synth(pool_facts, start, last), size)
                (stored,) = store._con.execute("SELECT count(*) FROM incidents").fetchone()
                (reports,) = store._con.execute("SELECT count(*) FROM incident_reports").fetchone()
                print(f"filled a store with {stored:,} incidents ({reports:,} reports) of {start} to {last} "
                      f"({stored / span:.0f} a day) in {seconds:.0f} s", flush=True)
                results[size] = probe(store, probes)
    print("\n| incidents stored | assignment per article, median (ms) | mean (ms) | p95 (ms) "
          "| candidates per article, mean | whole add, median (ms) |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, r in results.items():
        p95 = statistics.quantiles(r["assign"], n=20)[-1]
        print(f"| {size:,} | {statistics.median(r['assign']) * 1000:.2f} | {statistics.mean(r['assign']) * 1000:.2f} | "
              f"{p95 * 1000:.2f} | {statistics.mean(r['candidates']):.1f} | {statistics.median(r['add']) * 1000:.2f} |")
    if len(results) >= 2:
        small, big = min(results), max(results)
        ratio = statistics.median(results[big]["assign"]) / statistics.median(results[small]["assign"])
        mean_ratio = statistics.mean(results[big]["assign"]) / statistics.mean(results[small]["assign"])
        print(f"\nratio {big:,} / {small:,}: median {ratio:.2f}x, mean {mean_ratio:.2f}x")


if __name__ == "__main__":
    main()
