"""Time each record extractor inside one process, as a share of the spaCy parse of the same articles.

    python benchmarks/stages.py --limit 100

Steadier than comparing two separate runs: every stage sees the same parsed Docs, one after another.
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from pathlib import Path

from communique import nlp as nlp_loader
from communique.actors import find_actors
from communique.article import read_article
from communique.claims import find_claims
from communique.events import find_events
from communique.places import find_places
from communique.quotes import find_quotes
from communique.records import RawDoc
from communique.settings import Settings
from communique.times import find_times

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "news.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=100)
    args = ap.parse_args()
    settings = Settings()
    nlp = nlp_loader.load(settings.model)
    with args.corpus.open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in itertools.islice(f, args.limit)]
    raws = [RawDoc(r["id"], r["text"], "text", {"title": r.get("title"), "published": r.get("published")})
            for r in rows]
    t = time.perf_counter()
    articles = [read_article(raw, settings) for raw in raws]
    cost = {"reading": time.perf_counter() - t}
    find_places(nlp("Moscow."), articles[0], [])  # data loads are start-up, not per article
    find_events(nlp("They met."), articles[0], [], [], [], [])
    t = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=16))
    parse = time.perf_counter() - t

    def timed(name: str, fn, *a):
        t0 = time.perf_counter()
        out = fn(*a)
        cost[name] = cost.get(name, 0.0) + time.perf_counter() - t0
        return out

    for doc, article in zip(docs, articles, strict=True):
        actors = timed("actors", find_actors, doc, article)
        times = timed("times", find_times, doc, article)
        places = timed("places", find_places, doc, article, actors)
        quotes = timed("quotes", find_quotes, doc, actors)
        timed("events", find_events, doc, article, actors, times, places, quotes)
        timed("claims", find_claims, doc, quotes, actors)
    total = sum(cost.values())
    print(f"{len(articles)} articles; spaCy parse {parse:.1f} s")
    for name, seconds in cost.items():
        print(f"  {name:<8} {seconds:6.1f} s  {seconds / parse:5.0%} of the parse")
    print(f"  all ours {total:6.1f} s  {total / parse:5.0%}  -> pipeline at about {parse / (parse + total):.2f}x "
          f"bare spaCy")


if __name__ == "__main__":
    main()
