"""Command line: parses arguments and calls the library; printing and progress live here."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import CommuniqueError
from .records import EVENT_TYPES, STANCES
from .settings import DEFAULT_MODEL, MAX_BYTES, MAX_CHARS, MIN_CONFIDENCE, PART_CHARS, PARTITION_SIZE, Settings

DEFAULT_DB = "communique.duckdb"
TABLE_COLUMNS = {
    "events": ("date", "type", "source_name", "target_name", "place", "goldstein", "evidence"),
    "quotes": ("published", "speaker_name", "speaker_text", "kind", "cue", "text"),
    "claims": ("published", "actor_name", "stance", "issue", "terms", "evidence"),
    "incidents": ("date", "type", "source_name", "target_name", "place", "num_mentions", "num_articles",
                  "num_sources", "figures"),
}
INPUTS_HELP = ("files, folders, globs, http(s) URLs, RSS/Atom feeds, .jsonl corpora, .warc(.gz) files, "
               "or - for stdin")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `communique` command; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CommuniqueError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _duration(text: str) -> float:
    from .watch import duration

    try:
        return duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _settings(args: argparse.Namespace) -> Settings:
    return Settings(model=args.model, max_bytes=args.max_bytes, max_chars=args.max_chars,
                    kb_paths=tuple(Path(p) for p in args.kb or ()))


def _cmd_extract(args: argparse.Namespace) -> int:
    from .runner import documents
    from .sources import read_inputs

    settings = _settings(args)
    meta = {k: getattr(args, k) for k in ("title", "published", "url", "source") if getattr(args, k)}
    failed = 0
    many = args.jsonl
    for item in documents(read_inputs(args.inputs, settings, meta=meta), settings=settings):
        if isinstance(item, CommuniqueError):
            print(f"error: {_one_line(item)}", file=sys.stderr)
            failed += 1
            continue
        for warning in item.warnings:
            print(f"warning: {_one_line(warning)}", file=sys.stderr)
        d = item.to_dict()
        print(json.dumps(d, ensure_ascii=False) if many else json.dumps(d, ensure_ascii=False, indent=2))
    return 1 if failed else 0


def _cmd_ingest(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .store import Outcome, Store, ingest

    if args.engine == "dask":
        return _ingest_dask(args)
    if args.out or args.scheduler or args.local_workers:
        raise CommuniqueError("ingest", "--out, --scheduler and --local-workers are for --engine dask")
    settings = _settings(args)
    args.db = args.db or DEFAULT_DB
    done: Counter[str] = Counter()
    # the bar and every message go to stderr, one line each and never wrapped; stdout keeps the summary
    console = Console(stderr=True, soft_wrap=True, highlight=False, markup=False, emoji=False)
    quiet = args.quiet or not console.is_terminal
    with Store(args.db) as store, Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                                           TextColumn("{task.fields[last]}"), TimeElapsedColumn(),
                                           console=console, transient=True, disable=quiet) as bar:
        task = bar.add_task("ingest", total=None, last="")

        def progress(item: Outcome) -> None:
            done[item.outcome] += 1
            bar.update(task, advance=1, last=item.origin[-40:])
            if item.error is not None:
                console.print(f"error: {_one_line(item.error)}")
            for warning in item.warnings:
                console.print(f"warning: {_one_line(warning)}")

        try:
            summary = ingest(store, args.inputs, settings=settings, workers=args.workers, on_item=progress)
        except KeyboardInterrupt:
            bar.stop()
            print(f"interrupted: {done['added']} articles added, {done['duplicate']} already stored, "
                  f"{done['failed']} skipped with errors before the stop; every stored article is whole, "
                  "and the same command goes on from here", file=sys.stderr)
            return 130
        totals = store.stats()["counts"]
    print(f"read {summary.seen} inputs: {summary.added} articles added, {summary.duplicates} already stored, "
          f"{summary.failed} skipped with errors")
    print("store now holds " + ", ".join(f"{n} {k}" for k, n in totals.items()))
    print(f"database: {Path(args.db).resolve()}")
    return 1 if summary.failed else 0


def _ingest_dask(args: argparse.Namespace) -> int:
    import os

    from .scale import ingest_dask
    from .sources.remote import is_remote

    if not args.out:
        raise CommuniqueError("ingest", "--engine dask writes a Parquet dataset: give it --out DATASET/")
    if args.db:
        raise CommuniqueError("ingest", "--engine dask writes a dataset, not a store: load it with "
                              f"communique load {args.out} --db {args.db}")
    if args.scheduler and args.local_workers:
        raise CommuniqueError("ingest", "give --scheduler or --local-workers, not both")
    # workers may run elsewhere: hand them absolute paths (origins keep the names as given)
    out = args.out if is_remote(args.out) else os.path.abspath(args.out)

    def progress(marker: dict[str, Any] | None, failure: str | None) -> None:
        if failure:
            print(f"error: partition {failure}", file=sys.stderr)
        elif not args.quiet and marker:
            c = marker["counts"]
            print(f"partition {marker['id']}: {c['articles']} articles, {c['skips']} skipped, "
                  f"{marker['seconds']:.1f} s on {marker['worker']}", file=sys.stderr)

    summary = ingest_dask(args.inputs, out, settings=_settings(args), scheduler=args.scheduler,
                          local_workers=args.local_workers or 2, partition_size=args.partition_size,
                          on_partition=progress)
    for error in summary.errors:
        print(f"error: {error}", file=sys.stderr)
    print(f"{summary.partitions} partitions: {summary.ran} run, {summary.reused} complete before, "
          f"{len(summary.failed)} failed; {summary.articles} articles, {summary.skips} inputs skipped with errors, "
          f"{summary.seconds:.1f} s")
    print(f"dataset: {out}")
    if summary.failed:
        print("run the same command again to retry the failed partitions", file=sys.stderr)
    print(f"load it with: communique load {args.out} --db FILE")
    return 1 if summary.failed or summary.errors or summary.skips else 0


def _cmd_load(args: argparse.Namespace) -> int:
    from .scale import load
    from .store import Store

    with Store(args.db) as store:
        summary = load(store, args.dataset)
        totals = store.stats()["counts"]
    print(f"loaded {summary.seen} inputs: {summary.added} articles added, {summary.duplicates} already stored, "
          f"{summary.failed} skipped with errors (recorded)")
    print("store now holds " + ", ".join(f"{n} {k}" for k, n in totals.items()))
    print(f"database: {Path(args.db).resolve()}")
    return 0


EXPORT_FILTERS = {
    "actor": "actor name or alias (events, incidents: either side; actors: in the name or an alias; claims)",
    "dyad": "two actors, 'A,B', either direction (events, incidents)",
    "type": "PLOVER type (events, incidents)", "place": "place name or country code (events, incidents)",
    "since": "ISO date, inclusive", "until": "ISO date, inclusive",
    "speaker": "speaker name or alias (quotes)", "issue": "issue id (claims)",
    "stance": "support, oppose, demand or reject (claims)", "source": "outlet (articles)",
    "country": "country code (actors)", "sector": "sector code (actors)", "text": "words it contains (events, "
    "quotes, articles)", "language": "language code (articles)",
}


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export
    from .store import Store

    filters = {k: getattr(args, k) for k in (*EXPORT_FILTERS, "min_confidence") if getattr(args, k) is not None}
    with Store(args.db, read_only=True) as store:
        n = export(store, kind=args.kind, format=args.format, out=args.out, **filters)
    if args.out != "-":
        print(f"{n} rows written to {args.out}", file=sys.stderr)
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from .store import Store
    from .watch import feed_list, watch

    feeds = feed_list(args.feeds)
    polls = added = failed = 0
    with Store(args.db) as store:
        try:
            for poll in watch(store, feeds, settings=_settings(args), every=args.every, once=args.once):
                polls += 1  # counted before the line is out, so a Ctrl-C after the line counts the poll
                added += poll.added
                failed += poll.error is not None
                print(poll.line(), flush=True)
        except KeyboardInterrupt:
            print(f"stopped after {polls} polls: {added} articles added; every stored article is whole, and "
                  "the same command goes on from here", file=sys.stderr)
            return 130
    return 1 if failed else 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from .store import Store

    with Store(args.db, read_only=True) as store:
        stats = store.stats()
    if args.format == "json":
        print(json.dumps(stats, indent=2, ensure_ascii=False, default=str))
        return 0
    print(f"database: {Path(args.db).resolve()}")
    for kind, n in stats["counts"].items():
        print(f"  {kind:<10} {n:>8}")
    period = stats.get("period") or {}
    if period.get("first"):
        print(f"period: {period['first']} to {period['last']}")
    for title, rows in stats.items():
        if title != "counts" and isinstance(rows, list) and rows:
            print(f"{title}:")
            for row in rows:
                print("  " + "  ".join(str(v) for v in row.values()))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from .store import Store

    filters = {k: v for k, v in vars(args).items() if k in args.filter_names and v is not None}
    if args.kind == "incidents" and args.format in ("json", "jsonl"):
        filters["articles"] = True  # every report of each incident: article, outlet, its event ids
    with Store(args.db, read_only=True) as store:
        rows = getattr(store, args.kind)(limit=args.limit, **filters)
    if args.format == "table":  # a terminal table shows the readable columns; json and csv keep them all
        rows = [{k: row.get(k) for k in TABLE_COLUMNS[args.kind]} for row in rows]
    _print_rows(rows, args.format)
    return 0


def _cmd_reincident(args: argparse.Namespace) -> int:
    from .store import Store

    with Store(args.db) as store:
        done = store.reincident()
    print(f"rebuilt {done['incidents']} incidents from {done['events']} events in {done['articles']} articles "
          f"({done['aliases']} aliases of merged or earlier ids)")
    return 0


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import format_report, run

    report = run(args.stage, gold=Path(args.gold) if args.gold else None, settings=_settings(args),
                 show_errors=args.show_errors, limit=args.limit)
    print(format_report(report))
    if args.out:
        Path(args.out).write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"written: {args.out}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    import os

    from .api import ServerSettings, create_app
    from .api.server import listen, run

    token = args.token or os.environ.get("COMMUNIQUE_TOKEN") or None
    config = ServerSettings(db=args.db, token=token, allow_fetch=args.allow_fetch, max_body=args.max_body,
                            pipeline=_settings(args))
    listen(args.host, args.port).close()  # a port in use is said before the store is opened
    app = create_app(config)
    print(f"serving {Path(args.db).resolve()} on http://{args.host}:{args.port}/ "
          f"({'writes allowed with the token' if token else 'read-only'})", file=sys.stderr)
    run(app, args.host, args.port)
    return 0


def _print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    elif fmt == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
    elif fmt == "csv":
        from .csvout import write_csv

        write_csv(rows, sys.stdout)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False)
        for col in rows[0] if rows else ["(no rows)"]:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*("" if v is None else str(_cell(v)) for v in row.values()))
        Console(width=None if sys.stdout.isatty() else 160).print(table)


def _cell(value: Any) -> Any:
    """A value for one table cell: lists and dicts as JSON."""
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, list | dict) else value


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _whole(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from `minimum` (to `maximum`)."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"from {minimum:,} to {maximum:,}" if maximum is not None else f"at least {minimum:,}"
            raise argparse.ArgumentTypeError(f"must be {bounds}, not {value:,}")
        return value
    return parse


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"must be from 0 to 1, not {value:g}")
    return value


def _folder(text: str) -> str:
    if not Path(text).is_dir():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    if not any(Path(text).glob("*.tsv")) and not (Path(text) / "codebook.yaml").is_file():
        raise argparse.ArgumentTypeError(f"{text} holds no knowledge-base file (*.tsv or codebook.yaml)")
    return text


def _published(text: str) -> str:
    from .article.dateline import PLAUSIBLE_YEARS, normalise_date

    if normalise_date(text) is None:
        raise argparse.ArgumentTypeError(f"not a publication date (ISO 8601 or RFC 2822, years "
                                         f"{PLAUSIBLE_YEARS.start} to {PLAUSIBLE_YEARS.stop - 1}): {text!r}")
    return text


_DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _day(text: str) -> str:
    if not _DAY.fullmatch(text):
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    return text


def _event_type(text: str) -> str:
    if text.upper() not in EVENT_TYPES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a PLOVER type ({', '.join(EVENT_TYPES)})")
    return text.upper()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="communique", description="News articles in; actors, events, quotes and "
                                "claims out, each tied to the words it came from.")
    sub = p.add_subparsers(title="commands")

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline package (default: %(default)s)")
        sp.add_argument("--kb", action="append", metavar="DIR", type=_folder,
                        help="extra knowledge-base folder whose TSV files extend the shipped ones (repeatable)")
        sp.add_argument("--max-bytes", type=_whole(1), default=MAX_BYTES,
                        help="refuse inputs larger than this many bytes (default: %(default)s)")
        sp.add_argument("--max-chars", type=_whole(1), default=MAX_CHARS,
                        help="refuse articles whose text is longer than this many characters (default: "
                        f"%(default)s); spaCy is given at most {PART_CHARS:,} characters at a time, so one "
                        "article of 1,000,000 characters peaks at about 0.7 GB (and takes minutes)")

    sp = sub.add_parser("extract", help="print the communique/1 JSON document of each input")
    sp.add_argument("inputs", nargs="+", metavar="INPUT", help=INPUTS_HELP)
    sp.add_argument("--jsonl", action="store_true", help="one compact document per line")
    for name in ("title", "published", "url", "source"):
        sp.add_argument(f"--{name}", type=_published if name == "published" else str,
                        help=f"the article's {name} for bare text (wins over what the text says)")
    common(sp)
    sp.set_defaults(func=_cmd_extract)

    sp = sub.add_parser("ingest", help="extract inputs into a DuckDB store (idempotent), or on a Dask cluster "
                        "into a Parquet dataset")
    sp.add_argument("inputs", nargs="+", metavar="INPUT", help=INPUTS_HELP + "; fsspec URLs (s3://, gs://, ...)")
    sp.add_argument("--db", help=f"DuckDB file (default: ./{DEFAULT_DB}); local engine only")
    sp.add_argument("--workers", type=_whole(1), default=1,
                    help="worker processes, each running the whole pipeline (default: %(default)s)")
    sp.add_argument("--quiet", action="store_true", help="no progress bar")
    sp.add_argument("--engine", choices=["local", "dask"], default="local",
                    help="local: this machine, into --db; dask: partitions of JSONL, WARC or Parquet inputs on a "
                    "dask.distributed cluster, into the Parquet dataset --out (default: %(default)s)")
    sp.add_argument("--out", metavar="DATASET", help="the dataset folder or fsspec URL (--engine dask)")
    sp.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, tcp://HOST:PORT (--engine "
                    "dask; without it a local cluster is started)")
    sp.add_argument("--local-workers", type=_whole(1), metavar="N",
                    help="worker processes of the local Dask cluster (--engine dask; default: 2)")
    sp.add_argument("--partition-size", type=_whole(1), default=PARTITION_SIZE, metavar="N",
                    help="raw documents per partition (--engine dask; default: %(default)s)")
    common(sp)
    sp.set_defaults(func=_cmd_ingest)

    sp = sub.add_parser("load", help="load a Parquet dataset written by ingest --engine dask into a store "
                        "(idempotent)")
    sp.add_argument("dataset", metavar="DATASET", help="the dataset folder or fsspec URL")
    sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: ./%(default)s)")
    sp.set_defaults(func=_cmd_load)

    sp = sub.add_parser("export", help="write stored events, incidents, actors, quotes, claims or articles as "
                        "JSONL, CSV or Parquet, or as GDELT 2.0 or POLECAT-style tables (docs/EXPORTS.md)")
    sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: ./%(default)s)")
    sp.add_argument("--kind", default="events",
                    choices=["events", "incidents", "actors", "quotes", "claims", "articles", "mentions"],
                    help="what to export (default: %(default)s); mentions: the GDELT mentions table")
    sp.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet", "gdelt", "polecat"],
                    help="jsonl, csv, parquet; gdelt: the GDELT 2.0 event table (--kind events, one row per "
                    "incident) or mentions table (--kind mentions), tab-separated, no header; polecat: a "
                    "POLECAT-style event table (default: %(default)s)")
    sp.add_argument("--out", default="-", help="file to write (default: standard output; Parquet needs a file)")
    for name, text in EXPORT_FILTERS.items():
        sp.add_argument(f"--{name}", help=text)
    sp.add_argument("--min-confidence", type=float, metavar="C",
                    help=f"events (and incidents) at or above this confidence (default: {MIN_CONFIDENCE}; 0 for all)")
    sp.set_defaults(func=_cmd_export)

    sp = sub.add_parser("watch", help="poll RSS/Atom feeds again and again and ingest their new entries")
    sp.add_argument("feeds", nargs="+", metavar="FEED_OR_LIST",
                    help="a feed's http(s) URL, or a file listing feed URLs one a line (# starts a comment)")
    sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file that also keeps each feed's state "
                    "(default: ./%(default)s)")
    sp.add_argument("--every", type=_duration, default="15m", metavar="DURATION",
                    help="poll each feed this often, e.g. 30s, 15m, 2h (default: %(default)s); a failing feed "
                    "is polled less often, doubling the wait up to 6 hours")
    sp.add_argument("--once", action="store_true", help="poll each feed once and stop")
    common(sp)
    sp.set_defaults(func=_cmd_watch)

    sp = sub.add_parser("stats", help="summarise what a store holds")
    sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: ./%(default)s)")
    sp.add_argument("--format", choices=["table", "json"], default="table")
    sp.set_defaults(func=_cmd_stats)

    listings = {
        "events": {"actor": "actor name or alias (either side)", "dyad": "two actors, 'A,B' (either direction)",
                   "type": "PLOVER type, e.g. CONSULT", "since": "ISO date, inclusive",
                   "until": "ISO date, inclusive", "place": "place name"},
        "quotes": {"speaker": "speaker name or alias", "since": "ISO date", "until": "ISO date",
                   "text": "words the quote contains"},
        "claims": {"actor": "actor name or alias", "issue": "issue id from the codebook",
                   "stance": "support, oppose, demand or reject"},
        "incidents": {"actor": "actor name or alias (either side, in any report)",
                      "dyad": "two actors, 'A,B' (either direction)", "type": "PLOVER type, e.g. ASSAULT",
                      "since": "ISO date, inclusive", "until": "ISO date, inclusive",
                      "place": "place name or country code"},
    }
    checks: dict[str, Any] = {"type": {"type": _event_type}, "since": {"type": _day}, "until": {"type": _day},
                              "stance": {"choices": STANCES}}
    for kind, filters in listings.items():
        sp = sub.add_parser(kind, help=f"list stored {kind}" + (
            " (one act, every report of it; counts, outlets and figures)" if kind == "incidents" else ""))
        sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: ./%(default)s)")
        for name, text in filters.items():
            sp.add_argument(f"--{name}", help=text, **checks.get(name, {}))
        names = tuple(filters)
        if kind in ("events", "incidents"):
            sp.add_argument("--min-confidence", type=_share, default=MIN_CONFIDENCE, metavar="C",
                            help=f"only {kind} {'whose best report is ' if kind == 'incidents' else ''}at or "
                            "above this confidence (default: %(default)s; 0 lists all)")
            names += ("min_confidence",)
        sp.add_argument("--limit", type=_whole(1), default=100, help="at most this many rows (default: %(default)s)")
        sp.add_argument("--format", choices=["table", "json", "jsonl", "csv"], default="table",
                        help="jsonl: one per line" + (", with every report's article, outlet and event ids"
                                                      if kind == "incidents" else ""))
        sp.set_defaults(func=_cmd_list, kind=kind, filter_names=names)

    sp = sub.add_parser("reincident", help="rebuild every incident from the stored events (ids are kept)")
    sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: ./%(default)s)")
    sp.set_defaults(func=_cmd_reincident)

    sp = sub.add_parser("serve", help="serve the JSON API and the web app over a store")
    sp.add_argument("--db", default=DEFAULT_DB, help="DuckDB file (default: ./%(default)s)")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    sp.add_argument("--port", type=_whole(1, 65535), default=8000, help="port (default: %(default)s)")
    sp.add_argument("--token", help="allow POST /api/extract and /api/ingest with this bearer token "
                    "(or set COMMUNIQUE_TOKEN); without one the server is read-only")
    sp.add_argument("--allow-fetch", action="store_true",
                    help="let token holders have URLs fetched server-side; every redirect and feed link is "
                    "checked, and loopback, private, shared, link-local and reserved addresses are refused")
    sp.add_argument("--max-body", type=_whole(1), default=2_000_000, help="largest request body in bytes, "
                    "counted as it arrives (default: %(default)s); larger ones get 413")
    common(sp)
    sp.set_defaults(func=_cmd_serve)

    sp = sub.add_parser("evaluate", help="score a stage against its gold set in ../shared/gold")
    sp.add_argument("stage", choices=["articles", "entities", "events", "places", "times", "quotes", "incidents"])
    sp.add_argument("--gold", help="another copy of the gold set, same format")
    sp.add_argument("--out", help="write the full report as JSON here")
    sp.add_argument("--show-errors", type=_whole(0), default=0, metavar="N", help="list the N worst misses")
    sp.add_argument("--limit", type=_whole(1), help="score only the first N gold items")
    common(sp)
    sp.set_defaults(func=_cmd_evaluate)
    return p


if __name__ == "__main__":
    sys.exit(main())
