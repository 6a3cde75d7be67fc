"""Schema migrations: a store written by the previous release opens, migrated in place, or not at all."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from test_store import hand_doc

from communique.errors import StoreError
from communique.store import Store, db, migrations
from communique.store.schema import INCIDENT_TABLES, SCHEMA_VERSION

# tests/data/store-v1 is `EXPORT DATABASE` of a store that release 0.1.0 (schema version 1) built from
# the invented example articles and one empty input (a recorded skip); IMPORT DATABASE rebuilds that file.
V1 = Path(__file__).parent / "data" / "store-v1"


def v1_store(tmp_path: Path) -> Path:
    path = tmp_path / "v1.duckdb"
    con = duckdb.connect(str(path))
    con.execute(f"IMPORT DATABASE '{V1}'")
    con.close()
    return path


def layout(path: Path) -> list[tuple]:
    """Every table's columns with their types, in order, and the schema version."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        columns = con.execute("""SELECT table_name, column_name, data_type FROM information_schema.columns
ORDER BY table_name, ordinal_position""").fetchall()
        indexes = con.execute("SELECT index_name, table_name FROM duckdb_indexes() ORDER BY 1").fetchall()
        version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    finally:
        con.close()
    return [*columns, *indexes, version]


def counts(path: Path) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def test_the_fixture_is_a_version_1_store(tmp_path: Path) -> None:
    con = duckdb.connect(str(v1_store(tmp_path)), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("1",)
    assert con.execute("SELECT count(*) FROM articles").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM skips").fetchone() == (1,)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_previous_release_store_is_migrated_to_the_current_schema(tmp_path: Path, read_only: bool) -> None:
    old = v1_store(tmp_path)
    before = counts(old)
    with Store(old, read_only=read_only) as store:
        stats = store.stats()
    fresh = tmp_path / "fresh.duckdb"
    Store(fresh).close()
    assert layout(old) == layout(fresh)  # same tables, columns, types, indexes and version as a new store
    after = counts(old)
    assert {t: after[t] for t in before} == before  # nothing of the old records lost
    assert stats["counts"]["articles"] == 4 and stats["counts"]["skips"] == 1


def test_a_migrated_store_takes_new_articles_and_keeps_old_ones_idempotent(tmp_path: Path) -> None:
    old = v1_store(tmp_path)
    with Store(old) as store:
        ids = [a["id"] for a in store.articles(limit=None)]
        assert store.add(hand_doc()) is True
        assert store.add(hand_doc()) is False
        assert all(store.document(i) is not None for i in ids)
        assert store.counts()["articles"] == 5


def test_a_failing_step_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    before = layout(path)
    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION, "ALTER TABLE events ADD COLUMN extra INTEGER")
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION + 1, "SELECT error('step two fails')")
    with pytest.raises(StoreError, match=f"cannot migrate the store from schema version {SCHEMA_VERSION}.*"
                                         "step two fails.*unchanged"):
        Store(path)
    assert layout(path) == before  # the first step rolled back with the second


def test_steps_run_in_order_in_one_go(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    seen: list[int] = []

    def backfill(con: duckdb.DuckDBPyConnection) -> None:
        seen.append(con.execute("SELECT count(*) FROM events").fetchone()[0])
        con.execute("UPDATE events SET extra = 1")

    monkeypatch.setattr(db, "SCHEMA_VERSION", SCHEMA_VERSION + 2)
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION, "ALTER TABLE events ADD COLUMN extra INTEGER")
    monkeypatch.setitem(migrations.STEPS, SCHEMA_VERSION + 1, backfill)
    with Store(path) as store:
        store.add(hand_doc())
    assert seen == [0]
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
        str(SCHEMA_VERSION + 2),)
    assert "extra" in [c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()]


def test_a_store_from_a_newer_release_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="newer than this communique"):
            Store(path, read_only=read_only)


def test_every_version_below_the_current_one_has_a_step() -> None:
    assert sorted(migrations.STEPS) == list(range(1, SCHEMA_VERSION))


def test_every_intermediate_version_migrates_to_the_current_layout(tmp_path: Path) -> None:
    """A store left at any earlier version (not only the first release's) opens migrated, nothing lost."""
    fresh = tmp_path / "fresh.duckdb"
    Store(fresh).close()
    for version in range(1, SCHEMA_VERSION):
        (tmp_path / f"v{version}").mkdir()
        path = v1_store(tmp_path / f"v{version}")
        con = duckdb.connect(str(path))
        migrations.migrate(con, 1, version)  # the steps alone: exactly what that release's store held
        con.close()
        before = counts(path)
        with Store(path) as store:
            assert store.counts()["articles"] == 4
        assert layout(path) == layout(fresh), version
        after = counts(path)
        # incidents are derived from the events, and rebuilt whenever their layout changed
        kept = [t for t in before if t not in INCIDENT_TABLES]
        assert {t: after[t] for t in kept} == {t: before[t] for t in kept}


def test_a_migrated_store_keeps_watch_state(tmp_path: Path) -> None:
    """The feeds a `watch` polls, and the entries it took, live in a migrated store as in a new one."""
    from datetime import datetime, timedelta

    old = v1_store(tmp_path)
    at = datetime(2025, 3, 10, 9, 0)
    with Store(old) as store:
        article = store.articles(limit=1)[0]["id"]
        store.save_poll("https://example.org/feed.xml", at=at, status="200", next_poll=at + timedelta(minutes=15),
                        ok=True, etag='"v1"', added=1)
        store.add_entry("https://example.org/feed.xml", "urn:entry:1", article, at=at)
    with Store(old, read_only=True) as store:
        state = store.feed("https://example.org/feed.xml")
        assert (state["etag"], state["polls"], state["failures"], state["added"]) == ('"v1"', 1, 0, 1)
        assert store.has_entry("https://example.org/feed.xml", "urn:entry:1")
        assert not store.has_entry("https://example.org/feed.xml", "urn:entry:2")
