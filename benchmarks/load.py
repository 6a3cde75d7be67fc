"""Bounded hostile load test of `communique serve` on 127.0.0.1: strangers and careless clients beside one ingest.

    python benchmarks/load.py --requests 2000 --clients 8 --max-seconds 300 --ingest 40 --markdown

Builds a store from the bundled examples and starts the server as a subprocess (write token, fetching
allowed), then sends a fixed number of mixed requests from N client threads while one more thread
posts corpus articles to /api/ingest with the token. The mix: reads (JSON, CSV, HTML pages), bad
parameters, unknown paths and methods, writes without or with a wrong token, bodies over --max-body
(by Content-Length, and chunked), malformed and mistyped JSON, fetches aimed inside, request lines and
headers over 64 KB, and garbage instead of HTTP. Every hostile body carries a marker word; afterwards
the store is opened and must hold no article with it. Stops at the request count or the time limit,
whichever comes first. Reports statuses per kind, 5xx and unexpected answers, read latency and the
server's memory (sampled RSS and its high-water mark). Exits 1 on any 5xx, unexpected answer, stored
hostile record or a server peak over --max-rss-mb.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"
MARKER = "Zqxhostile"  # in every hostile body; no stored article may contain it
READS = ["/api", "/api/articles?limit=20", "/api/events?limit=50", "/api/events?type=CONSULT",
         "/api/actors?q=russia", "/api/quotes?limit=50", "/api/claims", "/api/network", "/api/map",
         "/api/search?q=minister", "/api/events?format=csv&limit=100", "/api/incidents?limit=20", "/events",
         "/map", "/network", "/articles", "/docs", "/openapi.json", "/static/style.css"]
BAD_PARAMS = ["/api/events?offset=99999999999999999999", "/api/articles?limit=0", "/api/events?type=BOGUS",
              "/api/events?since=last%20week", "/events?since=yesterday", "/api/claims?stance=maybe",
              "/api/dyad?a=x", "/api/search?q=" + "x" * 300, "/articles?offset=-1"]
HOSTILE_TEXT = f"{MARKER} says the ministers of Ghana and Togo met in Lome on Monday."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--max-seconds", type=float, default=300)
    ap.add_argument("--ingest", type=int, default=40, help="corpus articles posted during the run")
    ap.add_argument("--max-rss-mb", type=float, default=1536, help="the server's memory budget")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="communique-load-"))
    db = workdir / "load.duckdb"
    bin_ = Path(sys.executable).with_name("communique")
    subprocess.run([str(bin_), "ingest", str(ROOT / "examples"), "--db", str(db), "--quiet"], check=True,
                   stdout=subprocess.DEVNULL)
    token = secrets.token_hex(16)
    port = _free_port()
    server = subprocess.Popen([str(bin_), "serve", "--db", str(db), "--port", str(port), "--token", token,
                               "--allow-fetch"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base)
        memory = _Memory(server.pid)
        result = _run(base, port, token, args)
        result["memory"] = memory.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["stored"] = _stored(db)
    result["failed"] = bool(result["5xx"] or result["unexpected"] or result["stored"]["hostile"]
                            or result["memory"]["peak_mb"] > args.max_rss_mb)
    print(_report(result, args) if args.markdown else json.dumps(result, indent=2))
    return 1 if result["failed"] else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit("server did not start")


class _Memory:
    """Samples a process's resident memory every quarter second; `stop` gives start, peak and end in MB."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.samples: list[float] = [self._read("VmRSS")]
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _read(self, field: str) -> float:
        with open(f"/proc/{self.pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        return 0.0

    def _sample(self) -> None:
        while not self._done.wait(0.25):
            self.samples.append(self._read("VmRSS"))

    def stop(self) -> dict[str, float]:
        self._done.set()
        self._thread.join()
        return {"start_mb": round(self.samples[0]), "peak_mb": round(self._read("VmHWM")),
                "end_mb": round(self._read("VmRSS"))}


def _raw(port: int, request: bytes) -> int:
    """Send bytes on one connection; the status of the answer (0 when there was none)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(request)
        except OSError:
            pass  # the server may answer and close before taking everything
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    parts = answer.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _kinds(client: httpx.Client, port: int, token: str) -> dict[str, tuple[int, set[int], Callable[[], int]]]:
    """Each kind of request: its weight in the mix, the statuses it may get, and how to send one."""
    auth = {"Authorization": f"Bearer {token}"}
    json_type = {"Content-Type": "application/json"}
    reads = itertools.cycle(READS)
    bad = itertools.cycle(BAD_PARAMS)
    lock = threading.Lock()

    def read() -> int:
        with lock:
            path = next(reads)
        return client.get(path, headers={"Accept": "text/html" if not path.startswith("/api") else "*/*"}).status_code

    def bad_param() -> int:
        with lock:
            path = next(bad)
        return client.get(path).status_code

    def hostile_body(size: int) -> bytes:
        return json.dumps({"articles": [{"text": HOSTILE_TEXT + " filler" * (size // 7)}]}).encode()

    def chunks(size: int) -> Iterator[bytes]:
        body = hostile_body(size)
        for i in range(0, len(body), 65536):
            yield body[i:i + 65536]

    return {
        "read": (50, {200}, read),
        "bad parameter": (9, {422}, bad_param),
        "unknown path": (3, {404}, lambda: client.get(f"/api/nothing/{random.randrange(1000)}").status_code),
        "wrong method": (3, {405}, lambda: client.put("/api/events", headers=auth).status_code),
        "write without token": (5, {401}, lambda: client.post(
            "/api/ingest", content=hostile_body(100), headers=json_type).status_code),
        "write with a wrong token": (3, {401}, lambda: client.post(
            "/api/extract", json={"text": HOSTILE_TEXT, "store": True},
            headers={"Authorization": "Bearer " + "0" * 32}).status_code),
        "oversize body (Content-Length)": (4, {413}, lambda: client.post(
            "/api/ingest", content=hostile_body(3_000_000), headers={**auth, **json_type}).status_code),
        "oversize body (chunked)": (4, {413}, lambda: client.post(
            "/api/ingest", content=chunks(6_000_000), headers={**auth, **json_type}).status_code),
        "malformed JSON": (3, {422}, lambda: client.post(
            "/api/ingest", content=b'{"articles": [{"text": "' + MARKER.encode() + b'"', headers={
                **auth, **json_type}).status_code),
        "mistyped JSON": (3, {422}, lambda: client.post(
            "/api/extract", json={"text": 42, "store": True, "url": MARKER}, headers=auth).status_code),
        "fetch aimed inside": (3, {403}, lambda: client.post(
            "/api/extract", json={"url": random.choice([f"http://127.0.0.1:{port}/api", "http://10.0.0.1/",
                                                        "http://[::1]/", "http://169.254.169.254/latest/",
                                                        "http://100.64.0.1/"]), "fetch": True, "store": True},
            headers=auth).status_code),
        "request line over 64 KB": (2, {414}, lambda: _raw(
            port, b"GET /api/events?text=" + b"a" * 150_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")),
        "headers over 64 KB": (2, {431}, lambda: _raw(
            port, b"GET /api HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 100_000 + b"\r\n\r\n")),
        "not HTTP": (2, {400}, lambda: _raw(port, b"\x16\x03\x01 hello, this is not HTTP\r\n\r\n")),
    }


def _run(base: str, port: int, token: str, args: argparse.Namespace) -> dict:
    random.seed(args.seed)
    stop_at = time.monotonic() + args.max_seconds
    lock = threading.Lock()
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    unexpected: list[str] = []
    latencies: list[float] = []
    ingest_stats = {"posted": 0, "added": 0, "seconds": 0.0, "errors": 0}

    with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_connections=args.clients + 2)) as client:
        kinds = _kinds(client, port, token)
        names = list(kinds)
        plan = random.choices(names, weights=[kinds[k][0] for k in names], k=args.requests)

        def one(kind: str) -> None:
            if time.monotonic() > stop_at:
                return
            _, allowed, send = kinds[kind]
            started = time.perf_counter()
            try:
                status = send()
            except httpx.HTTPError as exc:
                status, detail = 0, repr(exc)
            else:
                detail = f"HTTP {status}"
            with lock:
                statuses[kind][status] += 1
                if kind == "read":
                    latencies.append(time.perf_counter() - started)
                if status not in allowed:
                    unexpected.append(f"{kind}: {detail}")

        def ingest() -> None:
            if not CORPUS.exists():
                return
            started = time.perf_counter()
            with CORPUS.open(encoding="utf-8") as f:
                lines = [json.loads(line) for line in itertools.islice(f, args.ingest)]
            for i in range(0, len(lines), 5):
                if time.monotonic() > stop_at:
                    break
                batch = [{"text": d["text"], "title": d.get("title"), "published": d.get("published")}
                         for d in lines[i:i + 5]]
                r = client.post("/api/ingest", json={"articles": batch},
                                headers={"Authorization": f"Bearer {token}"}, timeout=600)
                ingest_stats["posted"] += len(batch)
                if r.status_code == 200:
                    ingest_stats["added"] += len(r.json()["added"])
                else:
                    ingest_stats["errors"] += 1
                    with lock:
                        statuses["ingest"][r.status_code] += 1
            ingest_stats["seconds"] = round(time.perf_counter() - started, 1)

        started = time.perf_counter()
        writer = threading.Thread(target=ingest)
        writer.start()
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(one, plan))
        elapsed = time.perf_counter() - started
        writer.join()
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p / 100 * len(ms)))], 1) if ms else 0.0

    sent = sum(sum(c.values()) for k, c in statuses.items() if k != "ingest")
    return {"requests": sent, "clients": args.clients, "seconds": round(elapsed, 1),
            "requests_per_s": round(sent / elapsed, 1) if elapsed else 0,
            "statuses": {k: dict(sorted(c.items())) for k, c in statuses.items()},
            "5xx": sum(n for c in statuses.values() for s, n in c.items() if s >= 500),
            "unexpected": len(unexpected), "unexpected_samples": unexpected[:5],
            "read_ms": {"p50": pct(50), "p95": pct(95), "p99": pct(99), "max": round(ms[-1], 1) if ms else 0},
            "ingest": ingest_stats}


def _stored(db: Path) -> dict[str, int]:
    """What the store holds after the run: articles, and articles carrying the hostile marker."""
    sys.path.insert(0, str(ROOT / "src"))
    from communique.store import Store

    with Store(db, read_only=True) as store:
        return {"articles": store.counts()["articles"],
                "hostile": len(store.articles(text=MARKER, limit=None)) + len(store.articles(title=MARKER,
                                                                                            limit=None))}


def _report(r: dict, args: argparse.Namespace) -> str:
    lines = [
        f"Command: `python benchmarks/load.py --requests {args.requests} --clients {args.clients} "
        f"--max-seconds {args.max_seconds:g} --ingest {args.ingest} --markdown`",
        "",
        "| requests | clients | seconds | req/s | 5xx | unexpected answers | read p50 ms | read p95 ms | read p99 ms "
        "| read max ms | server RSS start / peak / end (MB) | hostile records stored |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {r['requests']} | {r['clients']} | {r['seconds']} | {r['requests_per_s']} | {r['5xx']} | "
        f"{r['unexpected']} | {r['read_ms']['p50']} | {r['read_ms']['p95']} | {r['read_ms']['p99']} | "
        f"{r['read_ms']['max']} | {r['memory']['start_mb']} / {r['memory']['peak_mb']} / {r['memory']['end_mb']} | "
        f"{r['stored']['hostile']} |",
        "",
        "| kind | requests | answers |",
        "|---|---|---|",
    ]
    for kind, counts in r["statuses"].items():
        answers = ", ".join(f"{n} × {s or 'no answer'}" for s, n in counts.items())
        lines.append(f"| {kind} | {sum(counts.values())} | {answers} |")
    lines += ["", f"Beside them, POST /api/ingest with the token took {r['ingest']['posted']} corpus articles in "
              f"batches of 5 ({r['ingest']['added']} added, {r['ingest']['errors']} failed batches, "
              f"{r['ingest']['seconds']} s); the store then held {r['stored']['articles']} articles."]
    if r["unexpected_samples"]:
        lines += ["", "Unexpected: " + "; ".join(r["unexpected_samples"])]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
