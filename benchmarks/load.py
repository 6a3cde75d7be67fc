"""Bounded load test of `communique serve` on 127.0.0.1: concurrent readers while an ingest runs.

    python benchmarks/load.py --requests 2000 --clients 8 --max-seconds 300

Builds a store from the bundled examples, starts the server as a subprocess with a write token, then
sends a fixed number of read requests from N client threads while one more thread posts corpus
articles to /api/ingest. Stops at the request count or the time limit, whichever comes first, and
prints error count and latency percentiles (Markdown with --markdown).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"
READS = ["/api", "/api/articles?limit=20", "/api/events?limit=50", "/api/events?type=CONSULT",
         "/api/actors?q=russia", "/api/quotes?limit=50", "/api/claims", "/api/network", "/api/map",
         "/api/search?q=minister", "/api/events?format=csv&limit=100", "/events", "/map", "/network"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--ingest", type=int, default=40, help="corpus articles posted during the run")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="communique-load-"))
    db = workdir / "load.duckdb"
    bin_ = Path(sys.executable).with_name("communique")
    subprocess.run([str(bin_), "ingest", str(ROOT / "examples"), "--db", str(db), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    token = secrets.token_hex(16)
    port = 8700 + os.getpid() % 200
    server = subprocess.Popen([str(bin_), "serve", "--db", str(db), "--port", str(port), "--token", token],
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        result = _run(base, token, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(_report(result, args) if args.markdown else json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


def _wait(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit("server did not start")


def _run(base: str, token: str, args: argparse.Namespace) -> dict:
    stop_at = time.monotonic() + args.max_seconds
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    paths = itertools.cycle(READS)
    ingest_stats = {"posted": 0, "added": 0, "seconds": 0.0, "errors": 0}

    def read(n: int) -> None:
        if time.monotonic() > stop_at:
            return
        with lock:
            path = next(paths)
        t = time.perf_counter()
        try:
            r = client.get(path)
            ok = r.status_code == 200
            detail = f"{path}: HTTP {r.status_code}"
        except httpx.HTTPError as exc:
            ok, detail = False, f"{path}: {exc!r}"
        with lock:
            latencies.append(time.perf_counter() - t)
            if not ok:
                errors.append(detail)

    def ingest() -> None:
        if not CORPUS.exists():
            return
        t = time.perf_counter()
        with CORPUS.open(encoding="utf-8") as f:
            batch = []
            for line in itertools.islice(f, args.ingest):
                d = json.loads(line)
                batch.append({"text": d["text"], "title": d.get("title"), "published": d.get("published")})
                if len(batch) == 5:
                    _post(batch)
                    batch = []
            if batch:
                _post(batch)
        ingest_stats["seconds"] = round(time.perf_counter() - t, 1)

    def _post(batch: list[dict]) -> None:
        if time.monotonic() > stop_at:
            return
        r = client.post("/api/ingest", json={"articles": batch}, headers={"Authorization": f"Bearer {token}"},
                        timeout=600)
        ingest_stats["posted"] += len(batch)
        if r.status_code == 200:
            ingest_stats["added"] += len(r.json()["added"])
        else:
            ingest_stats["errors"] += 1

    with httpx.Client(base_url=base, timeout=60, limits=httpx.Limits(max_connections=args.clients + 2)) as client:
        started = time.perf_counter()
        writer = threading.Thread(target=ingest)
        writer.start()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(read, range(args.requests)))
        elapsed = time.perf_counter() - started
        writer.join()
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p / 100 * len(ms)))], 1) if ms else 0.0

    return {"requests": len(ms), "errors": len(errors), "error_samples": errors[:5], "clients": args.clients,
            "seconds": round(elapsed, 1), "requests_per_s": round(len(ms) / elapsed, 1) if elapsed else 0,
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "max_ms": round(ms[-1], 1) if ms else 0,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else 0, "ingest": ingest_stats}


def _report(r: dict, args: argparse.Namespace) -> str:
    return "\n".join([
        f"Command: `python benchmarks/load.py --requests {args.requests} --clients {args.clients} "
        f"--max-seconds {args.max_seconds:g} --ingest {args.ingest} --markdown`",
        "",
        "| requests | clients | errors | seconds | req/s | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {r['requests']} | {r['clients']} | {r['errors']} | {r['seconds']} | {r['requests_per_s']} | "
        f"{r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {r['max_ms']} |",
        "",
        f"During the reads, POST /api/ingest took {r['ingest']['posted']} corpus articles in batches of 5 "
        f"({r['ingest']['added']} added, {r['ingest']['errors']} failed batches, {r['ingest']['seconds']} s).",
    ])


if __name__ == "__main__":
    sys.exit(main())
