"""The Dask engine (a LocalCluster of worker processes) against `ingest --workers N`, on one corpus slice, in one run.

Each run is a fresh process, started from the command line as a user would: `communique ingest SLICE
--workers N --db A`, then the Dask engine with a local cluster of N worker processes into a Parquet
dataset (in a child that also records the cluster's task stream), then `communique load` of that dataset
into B. Every process's memory is sampled while it runs. The stores A and B are compared table by table
(ingest and load times aside). Prints a Markdown report; `--write` puts it in docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl"
BIN = Path(sys.executable).parent / "communique"
STAMPS = {"ingested_at", "stored_at", "first_at", "last_at", "created_at", "updated_at", "merged_at"}
SECTION = "## Dask against ingest --workers"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="JSONL corpus (default: %(default)s)")
    ap.add_argument("--limit", type=int, default=400, help="the first N articles (default: %(default)s)")
    ap.add_argument("--workers", type=int, default=2, help="processes for both engines (default: %(default)s)")
    ap.add_argument("--partition-size", type=int, default=20, help="articles per Dask partition (default: "
                    "%(default)s)")
    ap.add_argument("--write", type=Path, help="replace this report's section in a Markdown file")
    ap.add_argument("--child", nargs=4, metavar=("SLICE", "OUT", "WORKERS", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return _dask_child(*args.child)
    with tempfile.TemporaryDirectory(prefix="communique-scale-") as tmp:
        report = run(args, Path(tmp))
    text = markdown(report, args)
    print(text)
    if args.write:
        _replace_section(args.write, text)
        print(f"written: {args.write}", file=sys.stderr)
    return 0 if report["identical"] else 1


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    lines = args.corpus.read_text(encoding="utf-8").splitlines()[:args.limit]
    corpus = tmp / "slice.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    words = sum(len(json.loads(line)["text"].split()) for line in lines)
    load_before = os.getloadavg()
    local = _timed([str(BIN), "ingest", str(corpus), "--workers", str(args.workers), "--db", str(tmp / "a.duckdb"),
                    "--quiet"], tmp)
    dask = _timed([sys.executable, __file__, "--child", str(corpus), str(tmp / "dataset"), str(args.workers),
                   str(args.partition_size)], tmp)
    load = _timed([str(BIN), "load", str(tmp / "dataset"), "--db", str(tmp / "b.duckdb")], tmp)
    dataset_bytes = sum(p.stat().st_size for p in (tmp / "dataset").rglob("*.parquet"))
    store_bytes = (tmp / "b.duckdb").stat().st_size
    load_after = os.getloadavg()
    child = json.loads(dask["stdout"].strip().splitlines()[-1])
    same, compared = _compare(tmp / "a.duckdb", tmp / "b.duckdb")
    return {"articles": len(lines), "words": words, "local": local, "dask": dask, "load": load, "child": child,
            "dataset_bytes": dataset_bytes, "store_bytes": store_bytes,
            "identical": all(same.values()), "tables": same, "rows": compared,
            "load_before": load_before, "load_after": load_after}


def _timed(cmd: list[str], tmp: Path) -> dict[str, Any]:
    """Run a command; its wall time and the peak memory of it and of each process under it."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    peaks: dict[int, dict[str, float]] = defaultdict(lambda: {"rss": 0.0, "pss": 0.0})
    done = threading.Event()

    def sample() -> None:
        import psutil

        root = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                break
            for p in procs:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                peak = peaks[p.pid]
                peak["rss"] = max(peak["rss"], info.rss / 2**20)
                peak["pss"] = max(peak["pss"], getattr(info, "pss", 0) / 2**20)
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    main_peak = peaks.pop(proc.pid, {"rss": 0.0, "pss": 0.0})
    shown = " ".join(Path(c).name if c == str(BIN) else c for c in cmd).replace(str(tmp), "$TMP")
    return {"seconds": seconds, "stdout": out, "stderr": err, "main": main_peak, "others": dict(peaks),
            "command": shown}


def _dask_child(corpus: str, out: str, workers: str, size: str) -> int:
    """The Dask engine as `ingest --engine dask` runs it, inside the cluster's task stream; prints JSON."""
    import resource

    from distributed import get_task_stream

    from communique.scale.engine import connect, ingest_dask
    from communique.settings import Settings

    settings = Settings()
    started = time.perf_counter()
    with connect(None, int(workers), settings) as client, get_task_stream(client) as stream:
        summary = ingest_dask([corpus], out, settings=settings, partition_size=int(size), client=client)
        peaks = client.run(lambda: (os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "partitions": summary.partitions, "failed": summary.failed,
                      "articles": summary.articles, "skips": summary.skips,
                      "workers": {addr: {"pid": pid, "maxrss_mb": mb} for addr, (pid, mb) in peaks.items()},
                      "stream": _stream_summary(stream.data)}))
    return 0


def _stream_summary(tasks: list[dict[str, Any]]) -> dict[str, Any]:
    """What the dashboard's Task Stream shows, in numbers: per task kind, per worker, per action."""
    kinds: dict[str, list[float]] = defaultdict(list)
    workers: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    actions: dict[str, float] = defaultdict(float)
    first, last = float("inf"), 0.0
    for task in tasks:
        prefix = str(task["key"]).split("-", 1)[0] if isinstance(task["key"], str) else str(task["key"][0])
        for ss in task.get("startstops", ()):
            took = ss["stop"] - ss["start"]
            actions[ss["action"]] += took
            first, last = min(first, ss["start"]), max(last, ss["stop"])
            if ss["action"] == "compute":
                kinds[prefix].append(took)
                workers[task["worker"]] += took
                counts[task["worker"]] += 1
    span = last - first if tasks else 0.0
    return {"tasks": len(tasks), "span": span,
            "kinds": {k: {"count": len(v), "total": sum(v), "mean": sum(v) / len(v), "max": max(v)}
                      for k, v in kinds.items()},
            "workers": {w: {"tasks": counts[w], "busy": b, "share": b / span if span else 0.0}
                        for w, b in sorted(workers.items())},
            "actions": dict(actions)}


def _compare(a: Path, b: Path) -> tuple[dict[str, bool], dict[str, int]]:
    """Per table of the store: whether A and B hold the same rows (timestamps aside), and how many.

    An incident's id is named after the report that founded it, so it depends on which article
    arrived first, and `ingest --workers` stores articles as they finish. Incidents are therefore
    compared by their members: each id is replaced by its first member's ref in both stores. The
    alias table is the history of merges, which only arrival order makes, so it is counted, not compared.
    """
    from communique.scale.dataset import TABLES
    from communique.store import Store
    from communique.store.schema import INCIDENT_TABLES

    same: dict[str, bool] = {}
    rows: dict[str, int] = {}
    with Store(a, read_only=True) as sa, Store(b, read_only=True) as sb:
        names = [_incident_names(s) for s in (sa, sb)]
        for table in (*TABLES, *INCIDENT_TABLES):
            ra, rb = (_rows(s, table, n) for s, n in zip((sa, sb), names, strict=True))
            same[table] = ra == rb or table == "incident_aliases"
            rows[table] = len(ra)
    return same, rows


def _incident_names(store: Any) -> dict[str, str]:
    """Each live incident id -> the smallest ref among its members: a name that arrival order cannot change."""
    with store._con.cursor() as con:  # noqa: SLF001 (a benchmark reads the tables as they lie)
        return dict(con.execute("SELECT incident_id, min(ref) FROM incident_members GROUP BY incident_id").fetchall())


def _rows(store: Any, table: str, names: dict[str, str]) -> list[str]:
    with store._con.cursor() as con:  # noqa: SLF001
        cur = con.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        out = []
        for values in cur.fetchall():
            row = {c: v for c, v in zip(cols, values, strict=True) if c not in STAMPS}
            for col in ("id",) if table == "incidents" else ("incident_id",):
                if row.get(col) is not None:
                    row[col] = names.get(row[col], row[col])
            out.append(json.dumps(row, sort_keys=True, default=str))
        return sorted(out)


def markdown(r: dict[str, Any], args: argparse.Namespace) -> str:
    n, words = r["articles"], r["words"]
    local, dask, load, child = r["local"], r["dask"], r["load"], r["child"]
    both = dask["seconds"] + load["seconds"]

    def per_worker(run: dict[str, Any]) -> str:
        top = sorted(run["others"].values(), key=lambda p: -p["rss"])[:args.workers]
        return ", ".join(f"{p['rss']:,.0f} ({p['pss']:,.0f})" for p in top) or "–"

    stream = child["stream"]
    lines = [
        SECTION,
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with",
        "",
        f"    .venv/bin/python benchmarks/scale.py --limit {args.limit} --workers {args.workers} "
        f"--partition-size {args.partition_size}" + (f" --write {args.write}" if args.write else ""),
        "",
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; Python {platform.python_version()}. "
        f"1-minute load average {r['load_before'][0]:.2f} before the run and {r['load_after'][0]:.2f} after "
        f"(5-minute {r['load_before'][1]:.2f} and {r['load_after'][1]:.2f}), on {os.cpu_count()} CPUs shared "
        "with other work.",
        "",
        f"The first {n} articles ({words:,} words) of `{args.corpus.name}`, in one run, each command a fresh "
        "process timed from its start to its end (loading the model and starting workers included).",
        "",
        "| run | seconds | articles/s | words/s | peak RSS main (MB) | peak RSS per worker, MB (PSS) | "
        "vs ingest |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| `{local['command']}` | {local['seconds']:.1f} | {n / local['seconds']:.2f} | "
        f"{words / local['seconds']:,.0f} | {local['main']['rss']:,.0f} | {per_worker(local)} | 1.00 |",
        f"| Dask engine, LocalCluster of {args.workers} worker processes, into a dataset | {dask['seconds']:.1f} | "
        f"{n / dask['seconds']:.2f} | {words / dask['seconds']:,.0f} | {dask['main']['rss']:,.0f} | "
        f"{per_worker(dask)} | {local['seconds'] / dask['seconds']:.2f} |",
        f"| `{load['command']}` | {load['seconds']:.1f} | {n / load['seconds']:.2f} | "
        f"{words / load['seconds']:,.0f} | {load['main']['rss']:,.0f} | – | |",
        f"| Dask engine then load: the same store as ingest | {both:.1f} | {n / both:.2f} | {words / both:,.0f} | "
        f"| | {local['seconds'] / both:.2f} |",
        "",
        "\"vs ingest\" is the throughput ratio, Dask over `ingest --workers`. Peak memory is sampled every "
        "0.25 s (RSS counts pages shared with the forking parent in both; PSS shares them out). The Dask "
        "workers' own high-water marks (`getrusage`, exact): "
        + ", ".join(f"{w['maxrss_mb']:,.0f} MB" for w in child["workers"].values()) + ".",
        "",
        f"**Same records**: {'yes' if r['identical'] else 'NO'}: every table of the two stores, compared row "
        "by row with the ingest and load times left out and each incident named by its first member (its id "
        "depends on which report arrived first; the aliases, the history of merges, are counted only): "
        + ", ".join(f"{t} {r['rows'][t]:,}{'' if ok else ' (differ)'}" for t, ok in r["tables"].items()) + ".",
        "",
        f"**Task stream** (the data of the Dask dashboard's Task Stream plot, from `get_task_stream`): "
        f"{stream['tasks']} tasks over {stream['span']:.1f} s; {child['partitions']} partitions of "
        f"{args.partition_size} articles, {len(child['failed'])} failed.",
        "",
        "| task | count | compute s total | mean | max |",
        "|---|---:|---:|---:|---:|",
        *(f"| {k} | {v['count']} | {v['total']:.1f} | {v['mean']:.2f} | {v['max']:.2f} |"
          for k, v in stream["kinds"].items()),
        "",
        "| worker | tasks | busy s | busy share of the stream |",
        "|---|---:|---:|---:|",
        *(f"| {w} | {v['tasks']} | {v['busy']:.1f} | {v['share']:.0%} |" for w, v in stream["workers"].items()),
        "",
        "Time by action: " + ", ".join(f"{a} {s:.2f} s" for a, s in sorted(stream["actions"].items())) + ".",
        "",
        f"The dataset takes {r['dataset_bytes'] / 2**20:,.1f} MB of Parquet ({r['dataset_bytes'] / n / 1024:,.1f} KB "
        f"an article); the store loaded from it {r['store_bytes'] / 2**20:,.1f} MB "
        f"({r['store_bytes'] / n / 1024:,.1f} KB an article).",
    ]
    return "\n".join(lines) + "\n"


def _replace_section(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    head, found, rest = old.partition(SECTION)
    if found:
        after = rest.split("\n## ", 1)
        tail = "\n## " + after[1] if len(after) > 1 else ""
        path.write_text(head + text + tail, encoding="utf-8")
    else:
        path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
