"""Incident assignment time per new article with 1,000 and 100,000 incidents stored, and their ratio.

    python benchmarks/incidents.py --sizes 1000 100000 --probes 300

Each size gets a fresh store filled through `Store.add` with synthetic reports (no spaCy): every
report tells of one act of its own (a PLOVER type, a dyad drawn from a few hundred actors with a
long tail, as news has it, a day in ten years, a town), coded twice in its article as stories do
(the lede and a later mention), so the store holds that many incidents. Then `--probes` new reports
are added and timed: half are other outlets' reports of stored acts (so they join and are merged
into), half are new acts. "assignment" is the time inside the store's incident step (blocking keys,
candidate lookups, the decision, writing the plan); "add" is the whole transaction of the article.
The cost must not grow with the store beyond the candidate block: the ratio says how far it does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from communique.records import Actor, Article, Document, Event, EventDate, EventPlace, Span
from communique.store import Store

TYPES = ("CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN",
         "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "CONCEDE", "RETREAT")
START = date(2015, 1, 1)
DAYS = 3650


class World:
    """Synthetic actors, towns and acts, drawn with a fixed seed."""

    def __init__(self, seed: int = 11, actors: int = 600, towns: int = 400) -> None:
        self.rng = random.Random(seed)
        self.states = [f"S{n:03d}" for n in range(120)]
        self.actors = []
        for n in range(actors):
            state = self.states[n % len(self.states)]
            kind = "state" if n < len(self.states) else "person"
            self.actors.append((f"actor_{n}", f"Actor {n}", kind, state))
        self.towns = [(f"Town {n}", 100_000 + n, self.rng.uniform(-60, 60), self.rng.uniform(-170, 170))
                      for n in range(towns)]
        # a long tail: a few actors are in much of the news
        self.weights = [1.0 / (1 + n) ** 0.9 for n in range(actors)]

    def act(self) -> dict:
        a, b = self.rng.choices(range(len(self.actors)), weights=self.weights, k=2)
        while b == a:
            b = self.rng.choices(range(len(self.actors)), weights=self.weights)[0]
        return {"type": self.rng.choice(TYPES), "a": a, "b": b,
                "day": START + timedelta(days=self.rng.randrange(DAYS)), "town": self.rng.randrange(len(self.towns))}


def report(world: World, act: dict, article_id: str, outlet: str) -> Document:
    """One article telling of `act` twice (lede and later mention), published the day after."""
    published = (act["day"] + timedelta(days=1)).isoformat() + "T09:00"
    text = (f"Actor {act['a']} and Actor {act['b']} ({act['type'].lower()}) in Town {act['town']} on the day, "
            f"report {article_id}. The {act['type'].lower()} was the second this year, officials said.")
    first = Span(0, text.index(". ") + 1, text[: text.index(". ") + 1])
    second = Span(first.end + 1, len(text), text[first.end + 1:])
    actors = []
    for n, idx in enumerate((act["a"], act["b"])):
        key, name, kind, state = world.actors[idx]
        actors.append(Actor(f"a{n + 1}", name, kind, state, "GOV", kb_id=key, key=key))
    name, gid, lat, lon = world.towns[act["town"]]
    place = EventPlace(name, gid, lat, lon, "XX")
    day = act["day"].isoformat()
    events = (
        Event("e1", act["type"], None, None, 1.0, 1, "a1", "a2", EventDate(day, "day", "on the day"), place, False,
              0.9, first, trigger=Span(0, 5, text[:5]), modality="asserted"),
        Event("e2", act["type"], None, None, 1.0, 1, "a1", "a2", EventDate(published[:10], "day", None, True), None,
              False, 0.8, second, trigger=Span(second.start, second.start + 3, text[second.start:second.start + 3]),
              modality="asserted"),
    )
    article = Article(article_id, f"{act['type']} {article_id}", published, outlet, None, "en", text)
    return Document(article, tuple(actors), events)


def fill(store: Store, world: World, n: int) -> list[dict]:
    acts, seen = [], set()
    while len(acts) < n:
        act = world.act()
        sig = (act["type"], min(act["a"], act["b"]), max(act["a"], act["b"]), act["day"])
        if sig not in seen:  # distinct acts, so the store holds n incidents
            seen.add(sig)
            acts.append(act)
    t = time.perf_counter()
    for i, act in enumerate(acts):
        store.add(report(world, act, f"fill-{i}", f"outlet {i % 50}"))
        if (i + 1) % 10_000 == 0:
            print(f"  {i + 1:,} stored ({(time.perf_counter() - t) / (i + 1) * 1000:.1f} ms each)", flush=True)
    return acts


def probe(store: Store, world: World, acts: list[dict], n: int) -> tuple[list[float], list[float]]:
    assign_times: list[float] = []
    original = Store._assign

    def timed(self: Store, *a, **k):  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        out = original(self, *a, **k)
        assign_times.append(time.perf_counter() - t0)
        return out

    Store._assign = timed  # type: ignore[method-assign]
    adds = []
    try:
        for i in range(n):
            act = world.rng.choice(acts) if i % 2 == 0 else world.act()
            doc = report(world, act, f"probe-{i}", f"probe outlet {i % 7}")
            t0 = time.perf_counter()
            store.add(doc)
            adds.append(time.perf_counter() - t0)
    finally:
        Store._assign = original  # type: ignore[method-assign]
    return assign_times, adds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
    ap.add_argument("--probes", type=int, default=300)
    ap.add_argument("--dir", type=Path, help="where to build the stores (default: a temporary folder)")
    args = ap.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        for size in args.sizes:
            print(f"filling a store with {size:,} incidents", flush=True)
            with Store(Path(tmp) / f"s{size}.duckdb") as store:
                world = World()
                acts = fill(store, world, size)
                stored = store.counts()
                assign, adds = probe(store, world, acts, args.probes)
                incidents = len(store.incidents(min_confidence=0, limit=None)) if size <= 1000 else None
            results[size] = (assign, adds)
            print(f"  {stored['articles']:,} articles, {stored['events']:,} events"
                  + (f", {incidents:,} incidents" if incidents is not None else ""))
    print("\n| incidents stored | assignment per article, median (ms) | mean (ms) | p95 (ms) "
          "| whole add, median (ms) |")
    print("|---:|---:|---:|---:|---:|")
    for size, (assign, adds) in results.items():
        p95 = statistics.quantiles(assign, n=20)[-1]
        print(f"| {size:,} | {statistics.median(assign) * 1000:.2f} | {statistics.mean(assign) * 1000:.2f} | "
              f"{p95 * 1000:.2f} | {statistics.median(adds) * 1000:.2f} |")
    if len(results) >= 2:
        small, big = min(results), max(results)
        ratio = statistics.median(results[big][0]) / statistics.median(results[small][0])
        mean_ratio = statistics.mean(results[big][0]) / statistics.mean(results[small][0])
        print(f"\nratio {big:,} / {small:,}: median {ratio:.2f}x, mean {mean_ratio:.2f}x")


if __name__ == "__main__":
    main()
