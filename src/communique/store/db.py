"""Store: the one class that owns the DuckDB connection, the schema, the writer and the queries."""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from ..errors import CommuniqueError, StoreError
from ..records import Document, valid_unicode
from ..settings import MIN_CONFIDENCE
from . import queries
from .feeds import FeedStore
from .incidents import IncidentStore
from .migrations import migrate
from .rows import Row, document_rows, text_hash
from .schema import DDL, RECORD_TABLES, SCHEMA_VERSION


def _interruptible(method: Callable[..., Any]) -> Callable[..., Any]:
    """Ctrl-C during a query is a KeyboardInterrupt, as anywhere else: DuckDB turns it into its own error."""
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (RuntimeError, duckdb.InterruptException) as exc:
            if "interrupted" not in str(exc).lower():
                raise
            raise KeyboardInterrupt from None
    return call


_CHUNK = 500  # rows per INSERT statement; one multi-row VALUES is ~8x faster than executemany
# DuckDB would otherwise fetch an extension from the network to read a SQLite or Postgres file named as --db
_CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB file
_COUNTED = ("articles", "actors", "events", "quotes", "claims", "places", "times", "skips")


class Store(IncidentStore, FeedStore):
    """A DuckDB file holding communique documents; use as a context manager.

    `Store(path)` creates the file and its tables when missing; `read_only=True` opens an existing
    store for queries. A store written by an older schema version is migrated in place first (see
    migrations.py). Raises StoreError when the file is missing (read-only), is not a DuckDB database
    (SQLite, garbage), is a DuckDB database that is not a communique store, is truncated or corrupt,
    cannot be written, is locked by another writer, was written by a newer schema version or cannot
    be migrated.
    """

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        if self.path != ":memory:":
            _check_file(self.path, read_only)
        try:
            self._con = _connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(self.path, _open_problem(exc)) from exc
        try:
            self._check_schema() if read_only else self._create_schema()
        except _Outdated as old:
            self._con.close()
            self._upgrade(old.version)  # a reader of an older store migrates it once, then reads
            self._con = _connect(self.path, read_only=True)
        except duckdb.Error as exc:
            self._con.close()
            raise StoreError(self.path, _open_problem(exc)) from exc
        except BaseException:
            self._con.close()
            raise
        try:
            self.counts()  # touches every table, so a damaged file fails here and not at the first query
        except duckdb.Error as exc:
            self._con.close()
            raise StoreError(self.path, _open_problem(exc)) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection; committed articles are on disk already."""
        self._con.close()

    # -- writing ---------------------------------------------------------------------------------------

    @_interruptible
    def add(self, doc: Document, *, input_key: str | None = None, incidents: bool = True) -> bool:
        """Store one Document in one transaction; False (and nothing written) when already stored.

        Its events join incidents in the same transaction (see `communique.incidents`); with
        `incidents=False` they are left unlinked (a partition of a Dask run: incidents are found
        across the whole store when the dataset is loaded).
        An article is already stored when its id, or the hash of its whitespace-normalised text and
        URL, is. `input_key` (see `pipeline.input_key`) remembers the raw input it came from, also for
        a duplicate, so reruns can skip it unread. Raises StoreError when the write fails; the
        transaction is then rolled back and the store holds nothing of the article.
        """
        self._writable()
        a = doc.article
        now = _now()
        tables = document_rows(doc, now=now)
        try:
            self._con.begin()
            try:
                # two point lookups, each answered by an index, rather than one OR that scans
                known = self._con.execute("""SELECT id FROM articles WHERE id = ?
UNION ALL SELECT id FROM articles WHERE text_hash = ? LIMIT 1""", [a.id, text_hash(a.text, a.url)]).fetchone()
                if known is None:
                    if incidents:
                        self._assign(doc, tables["events"], tables["actors"], now)
                    for table in RECORD_TABLES:
                        self._insert(table, tables[table])
                    if a.origin:
                        self._con.execute("DELETE FROM skips WHERE origin = ?", [a.origin])
                if input_key is not None:
                    self._con.execute("INSERT INTO inputs VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                      [input_key, known[0] if known else a.id, a.origin, now])
                self._con.commit()
            except BaseException:
                _rollback(self._con)
                raise
        except duckdb.Error as exc:
            raise StoreError(self.path, f"cannot write {a.origin or a.id}: {_one_line(exc)}") from exc
        return known is None

    @_interruptible
    def skip(self, error: CommuniqueError, *, again: bool = True) -> None:
        """Record an input that failed; a repeat of the same failure only bumps its count.

        With `again=False` a failure already recorded is left as it is (loading a dataset twice is
        not a second attempt).
        """
        self._writable()
        now = _now()
        update = ("DO UPDATE SET last_at = excluded.last_at, kind = excluded.kind, attempts = skips.attempts + 1"
                  if again else "DO NOTHING")
        try:
            self._con.execute(f"INSERT INTO skips VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (origin, error) {update}",
                              [valid_unicode(error.origin), valid_unicode(error.problem), type(error).__name__,
                               now, now])
        except duckdb.Error as exc:
            raise StoreError(self.path, f"cannot write: {_one_line(exc)}") from exc

    def _insert(self, table: str, rows: Sequence[Row]) -> None:
        if not rows:
            return
        columns = list(rows[0])
        names = ", ".join(f'"{c}"' for c in columns)
        for i in range(0, len(rows), _CHUNK):
            chunk = rows[i:i + _CHUNK]
            holes = ", ".join(["(" + ", ".join("?" * len(columns)) + ")"] * len(chunk))
            self._con.execute(f"INSERT INTO {table} ({names}) VALUES {holes}",
                              [row[c] for row in chunk for c in columns])

    # -- reading ---------------------------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        return self._con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    @_interruptible
    def has_input(self, key: str) -> str | None:
        """The id of the article a raw input with this `pipeline.input_key` gave, when it was stored before."""
        row = self._con.execute("SELECT article_id FROM inputs WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def export_rows(self, kind: str, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every row of an export (see `EXPORTS`), streamed in the listing's order; filters as the listing's.

        Events and incidents under settings.MIN_CONFIDENCE are left out unless `min_confidence` says
        otherwise. Raises CommuniqueError for a filter the kind does not take.
        """
        sql, params = self._export(kind, filters).build(None)
        with self._con.cursor() as con:  # its own connection, so a slow reader holds no one else's
            cur = con.execute(sql, params)
            names = [d[0] for d in cur.description or ()]
            while batch := cur.fetchmany(2000):
                for row in batch:
                    yield {n: _plain(v) for n, v in zip(names, row, strict=True)}

    def export_arrow(self, kind: str, **filters: Any) -> Any:
        """The rows `export_rows` gives, as a pyarrow RecordBatchReader (typed columns, for Parquet)."""
        sql, params = self._export(kind, filters).build(None)
        con = self._con.cursor()
        return con.sql(sql, params=params).to_arrow_reader(10_000)

    def _export(self, kind: str, filters: dict[str, Any]) -> queries.Query:
        build = EXPORTS.get(kind)
        if kind == "actors" and "actor" in filters:  # the actor index takes a name as `q`
            filters = {("q" if k == "actor" else k): v for k, v in filters.items()}
        if build is None:
            raise CommuniqueError(kind, f"no such export (one of {', '.join(EXPORTS)})")
        accepted = inspect.signature(build).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in accepted.values())
        for name in filters:
            if name not in accepted and not (takes_any and name in inspect.signature(queries.event_filters).parameters):
                raise CommuniqueError(f"--{name.replace('_', '-')}", f"does not apply to --kind {kind}")
        if kind in ("events", "incidents", "coded") and filters.get("min_confidence") is None:
            filters = {**filters, "min_confidence": MIN_CONFIDENCE}
        if kind == "articles":
            filters = {**filters, "body": True}
        return build(**{k: v for k, v in filters.items() if v is not None})

    def table(self, name: str, *, columns: Sequence[str] | None = None) -> Any:
        """Every row of one of the store's tables (a record table, skips or inputs) as a pyarrow Table."""
        if name not in (*RECORD_TABLES, "skips", "inputs"):
            raise ValueError(f"no table {name!r}")
        names = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        with self._con.cursor() as con:  # its own connection: a relation may not run beside an open result
            return con.sql(f"SELECT {names} FROM {name}").to_arrow_table()

    def document(self, article_id: str) -> Document | None:
        """The stored Document of an article, exactly as added; None when there is no such article."""
        row = self._con.execute("SELECT doc, origin FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            return None
        doc = Document.from_dict(json.loads(row[0]))
        # to_dict() leaves the origin out of the JSON document; the column keeps it
        return replace(doc, article=replace(doc.article, origin=row[1]))

    def counts(self) -> dict[str, int]:
        """Rows per table, bookkeeping included."""
        tables = (*RECORD_TABLES, "skips", "inputs")
        sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
        row = self._con.execute(sql).fetchone()
        return dict(zip(tables, row or (), strict=True))

    def stats(self) -> dict[str, Any]:
        """What the store holds: counts, languages, top sources, period, event types, top actors."""
        counts = self.counts()
        first, last = self._con.execute("SELECT min(published), max(published) FROM articles").fetchone() or (
            None, None)
        return {
            "counts": {k: counts[k] for k in _COUNTED},
            "languages": self._rows("""SELECT language, count(*) AS articles FROM articles
GROUP BY language ORDER BY articles DESC, language NULLS LAST"""),
            "sources": self._rows("""SELECT source, count(*) AS articles FROM articles
GROUP BY source ORDER BY articles DESC, source NULLS LAST LIMIT 10"""),
            "period": {"first": first, "last": last},
            "event_types": self._rows("""SELECT type, count(*) AS events FROM events
GROUP BY type ORDER BY events DESC, type NULLS LAST"""),
            "top_actors": self._rows("""SELECT x.name, mode(x.country) AS country, mode(x.sector) AS sector,
       count(m.seq) AS mentions, count(DISTINCT x.article_id) AS articles
FROM actors x LEFT JOIN mentions m ON m.article_id = x.article_id AND m.actor_id = x.id
GROUP BY x.name ORDER BY mentions DESC, articles DESC, x.name LIMIT 10"""),
        }

    def events(self, *, actor: str | None = None, dyad: str | Sequence[str] | None = None,
               type: str | None = None, since: str | None = None, until: str | None = None,
               place: str | None = None, article: str | None = None, actor_key: str | None = None,
               quad_class: int | None = None, text: str | None = None, min_confidence: float = MIN_CONFIDENCE,
               incident: str | None = None, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Events with their actors' names, in stable order (published, article, document order).

        Filters: actor (name, alias or kb id, either side; * is a wildcard), dyad "A,B" (either
        direction), PLOVER type, quad class, period (the event's date, else the article's), place
        name or country code, words in the evidence, an actor key (either side), the incident they
        report, and the lowest confidence (settings.MIN_CONFIDENCE by default; 0 lists every stored
        event). Raises CommuniqueError for a dyad that is not two names.
        """
        return self._query(queries.events(actor=actor, dyad=dyad, type=type, since=since, until=until,
                                          place=place, article=article, actor_key=actor_key,
                                          quad_class=quad_class, text=text, min_confidence=min_confidence,
                                          incident=incident), limit, offset)

    def quotes(self, *, speaker: str | None = None, since: str | None = None, until: str | None = None,
               text: str | None = None, article: str | None = None, speaker_key: str | None = None,
               limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes, filtered by speaker name, alias or key, publication period and words they contain."""
        return self._query(queries.quotes(speaker=speaker, since=since, until=until, text=text,
                                          article=article, speaker_key=speaker_key), limit, offset)

    def claims(self, *, actor: str | None = None, issue: str | None = None, stance: str | None = None,
               since: str | None = None, until: str | None = None, article: str | None = None,
               actor_key: str | None = None, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Claims, filtered by actor name, alias or key, issue id, stance and publication period."""
        return self._query(queries.claims(actor=actor, issue=issue, stance=stance, since=since, until=until,
                                          article=article, actor_key=actor_key), limit, offset)

    def articles(self, *, source: str | None = None, language: str | None = None, title: str | None = None,
                 text: str | None = None, since: str | None = None, until: str | None = None,
                 limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles with record counts, filtered by source, language, words and period."""
        return self._query(queries.articles(source=source, language=language, title=title, text=text,
                                            since=since, until=until), limit, offset)

    def actors(self, *, name: str | None = None, country: str | None = None, sector: str | None = None,
               kind: str | None = None, article: str | None = None, limit: int | None = 100,
               offset: int = 0) -> list[dict[str, Any]]:
        """Actors (one row per article), filtered by name or alias, country, sector and kind."""
        return self._query(queries.actors(name=name, country=country, sector=sector, kind=kind,
                                          article=article), limit, offset)

    # -- actors across articles, and aggregates ----------------------------------------------------------

    def actor_keys(self, article_id: str) -> dict[str, str]:
        """Actor id -> store-wide key, for one article."""
        return dict(self._con.execute("SELECT id, key FROM actors WHERE article_id = ?", [article_id]).fetchall())

    def actor_index(self, *, q: str | None = None, country: str | None = None, sector: str | None = None,
                    limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Actors across articles, one row per key, most mentioned first; `q` matches names and aliases."""
        return self._query(queries.actor_index(q=q, country=country, sector=sector), limit, offset)

    def actor_profile(self, key: str) -> dict[str, Any] | None:
        """One actor across articles: its usual name, kind, country, sector, every spelling and role."""
        rows = self._query(queries.actor_index().where("x.key = ?", key), 1, 0)
        if not rows:
            return None
        names = self._con.execute("""SELECT DISTINCT unnest(list_prepend(name, aliases)) AS n FROM actors
WHERE key = ? ORDER BY n""", [key]).fetchall()
        roles = self._con.execute("SELECT DISTINCT role FROM actors WHERE key = ? AND role IS NOT NULL "
                                  "ORDER BY role", [key]).fetchall()
        profile = rows[0]
        profile["aliases"] = [n for (n,) in names if n != profile["name"]]
        profile["roles"] = [r for (r,) in roles]
        return profile

    def counterparts(self, key: str, *, min_confidence: float = MIN_CONFIDENCE,
                     limit: int | None = 100) -> list[dict[str, Any]]:
        """The actors this one has events with (either direction): counts and summed Goldstein score."""
        return self._query(queries.counterparts(key, min_confidence), limit, 0)

    def network(self, *, types: Sequence[str], since: str | None = None, until: str | None = None,
                min_confidence: float = MIN_CONFIDENCE, limit: int | None = 500) -> list[dict[str, Any]]:
        """Undirected edges between actor keys over events of `types` in a period (who met whom)."""
        return self._query(queries.network(types=types, since=since, until=until, min_confidence=min_confidence),
                           limit, 0)

    def dyad_series(self, a: str, b: str, *, by: str = "month",
                    min_confidence: float = MIN_CONFIDENCE) -> list[dict[str, Any]]:
        """Incidents between two actor keys per week or month: incidents, event records, summed Goldstein score.

        Each incident counts once, in the period of its own date, with its own Goldstein score; `events`
        counts the event records (mentions) that report them.
        """
        acts: dict[str, dict[str, Any]] = {}
        for row in self._query(queries.dyad(a, b, min_confidence), None, 0):
            act = acts.setdefault(row["act"], {**row, "mentions": 0})
            act["mentions"] += 1
        buckets: dict[str, list[dict[str, Any]]] = {}
        for act in acts.values():
            period = _period(act["date"], by)
            if period:
                buckets.setdefault(period, []).append(act)
        return [{"period": p, "incidents": len(v), "events": sum(x["mentions"] for x in v),
                 "goldstein": round(sum(x["goldstein"] or 0.0 for x in v), 1)} for p, v in sorted(buckets.items())]

    def place_counts(self, *, since: str | None = None, until: str | None = None,
                     min_confidence: float = MIN_CONFIDENCE, limit: int | None = 500,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Places where events happened, with event counts, most first."""
        return self._query(queries.event_places(since=since, until=until, min_confidence=min_confidence),
                           limit, offset)

    def places(self, *, since: str | None = None, until: str | None = None, limit: int | None = 100,
               offset: int = 0) -> list[dict[str, Any]]:
        """Places named in the stored articles, one row per place, most mentioned first."""
        return self._query(queries.places(since=since, until=until), limit, offset)

    def skips(self, *, limit: int | None = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Inputs that failed, most recent first."""
        return self._query(queries.Query("SELECT origin, kind, error, attempts, first_at, last_at FROM skips",
                                         "last_at DESC, origin, error"), limit, offset)

    # -- internals -------------------------------------------------------------------------------------

    def _query(self, q: queries.Query, limit: int | None, offset: int) -> list[dict[str, Any]]:
        sql, params = q.build(limit, offset)
        return self._rows(sql, params)

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        try:
            cur = self._con.execute(sql, list(params))
            names = [d[0] for d in cur.description or ()]
            rows = cur.fetchall()
        except duckdb.Error as exc:
            if not _damaged(exc):
                raise
            # a block damaged after the store was opened: the store, not the query, is at fault
            raise StoreError(self.path, f"cannot read: {_one_line(exc)}") from exc
        return [{n: _plain(v) for n, v in zip(names, row, strict=True)} for row in rows]

    def _create_schema(self) -> None:
        tables = {t for (t,) in self._con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}
        if tables and "meta" not in tables:
            raise StoreError(self.path, "a DuckDB database, not a communique store (no meta table); "
                             "ingest into a new file")
        try:
            version = self._version()
        except duckdb.CatalogException:  # no meta table: a new file
            version = None
        if version is not None and version < SCHEMA_VERSION:
            self._migrate(version)
        try:
            self._con.execute(f"BEGIN; {DDL} COMMIT;")
        except duckdb.Error as exc:
            raise StoreError(self.path, f"cannot create the store's tables: {exc}") from exc
        if version is None:
            self._con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        elif version > SCHEMA_VERSION:
            raise StoreError(self.path, f"store schema version {version} is newer than this communique's "
                             f"{SCHEMA_VERSION}; upgrade communique to read it")

    def _check_schema(self) -> None:
        try:
            version = self._version()
        except duckdb.CatalogException:
            raise StoreError(self.path, "a DuckDB database, not a communique store (no meta table)") from None
        if version is None:
            raise StoreError(self.path, "a DuckDB database, not a communique store (no schema version)")
        if version < SCHEMA_VERSION:
            raise _Outdated(version)
        if version > SCHEMA_VERSION:
            raise StoreError(self.path, f"store schema version {version} is newer than this communique's "
                             f"{SCHEMA_VERSION}; upgrade communique to read it")

    def _migrate(self, version: int) -> None:
        try:
            migrate(self._con, version, SCHEMA_VERSION)
        except (duckdb.Error, KeyError) as exc:
            raise StoreError(self.path, f"cannot migrate the store from schema version {version} to "
                             f"{SCHEMA_VERSION}: {exc}; the store is unchanged") from exc
        if version < 4:  # events stored before incidents (or before reports) existed join theirs now
            self._reincident()

    def _upgrade(self, version: int) -> None:
        """Migrate an older store for a read-only open, through a short-lived writable connection."""
        try:
            con = _connect(self.path, read_only=False)
        except duckdb.Error as exc:
            raise StoreError(self.path, f"store schema version {version} needs migrating to {SCHEMA_VERSION} "
                             f"before it can be read, and it cannot be opened for writing: {_open_problem(exc)}"
                             ) from exc
        try:
            self._con = con
            self._migrate(version)
        finally:
            con.close()

    def _version(self) -> int | None:
        row = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            return None
        try:
            return int(row[0])
        except ValueError:
            raise StoreError(self.path, f"unreadable schema version {row[0]!r}") from None

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(self.path, "opened read-only")


# what `export_rows` can stream: the listings, and the view the GDELT tables are built from
EXPORTS = {"events": queries.events, "incidents": queries.incidents, "actors": queries.actor_index,
           "quotes": queries.quotes, "claims": queries.claims, "articles": queries.articles,
           "coded": queries.coded}


class _Outdated(Exception):
    """A store of an older schema version met by a read-only open."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def _connect(path: str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=read_only, config=_CONFIG)


def _check_file(path: str, read_only: bool) -> None:
    """Refuse, before DuckDB sees it, a file that is missing (read-only) or plainly not a DuckDB store."""
    file = Path(path)
    if file.is_dir():
        raise StoreError(path, "is a directory, not a database file")
    if not file.exists():
        if read_only:
            raise StoreError(path, "no such database")
        return
    try:
        with open(file, "rb") as stream:
            head = stream.read(16)
    except OSError as exc:
        raise StoreError(path, f"cannot read: {exc.strerror or exc}") from None
    if head.startswith(_SQLITE_MAGIC):
        raise StoreError(path, "a SQLite database, not a DuckDB store")
    if head and head[8:12] != _DUCKDB_MAGIC:
        raise StoreError(path, "not a DuckDB database file")


def _open_problem(exc: duckdb.Error) -> str:
    """DuckDB's reason for refusing a file, said for a user."""
    text = _one_line(exc)
    if "not a valid DuckDB database" in text:
        return "not a DuckDB database file"
    if "Could not set lock" in text or "Conflicting lock" in text:
        return "in use by another process (DuckDB allows one writer, and no readers beside it)"
    if "Permission denied" in text or "Read-only file system" in text:
        return f"cannot write here ({text})"
    if "does not exist" in text or "No such file or directory" in text:
        return "no such database (or its folder is missing)"
    if "Corrupt database" in text or "Could not read enough bytes" in text or "checksum" in text:
        return f"damaged (truncated or corrupt): {text}"
    return f"cannot open: {text}"


def _damaged(exc: duckdb.Error) -> bool:
    """Whether DuckDB failed because of the file rather than the statement."""
    return (isinstance(exc, duckdb.IOException | duckdb.InternalException | duckdb.SerializationException
                       | duckdb.FatalException) or "Corrupt database" in str(exc))


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # a failed COMMIT has already ended the transaction; rolling back again would hide the real error
    try:
        con.rollback()
    except duckdb.Error:
        pass


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _period(value: str | None, by: str) -> str | None:
    """The ISO week ("2024-W26") or month ("2024-06") an ISO date, week or month value falls in."""
    if not value:
        return None
    if "-W" in value[:8]:
        return value[:8] if by == "week" else None  # a week does not always sit in one month
    if len(value) >= 10:
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return None
        if by == "week":
            year, week, _ = day.isocalendar()
            return f"{year}-W{week:02d}"
        return value[:7]
    return value[:7] if by == "month" and len(value) == 7 else None


def _now() -> datetime:
    """UTC now, naive, as TIMESTAMP columns hold it."""
    return datetime.now(UTC).replace(tzinfo=None)


def _plain(value: Any) -> Any:
    """A JSON-able form of one value read back from DuckDB."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
