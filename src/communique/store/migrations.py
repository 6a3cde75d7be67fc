"""Schema migrations: versioned steps that bring a store written by an older release up to date in place."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

# STEPS[n] takes a store from schema version n to n + 1: SQL, or a function of the open connection
# for what SQL alone cannot do (a backfill computed in Python). Steps are never edited once released:
# a change to the schema is a new step here and the same change in schema.DDL, so that a migrated
# store and a new one have the same tables (tests/test_store.py compares them).
Step = str | Callable[[duckdb.DuckDBPyConnection], None]
STEPS: dict[int, Step] = {}


def migrate(con: duckdb.DuckDBPyConnection, version: int, target: int) -> list[int]:
    """Run the steps from `version` to `target` in one transaction; the versions passed through.

    Either every step lands and `meta.schema_version` says `target`, or nothing changes. Raises
    duckdb.Error from a failing step (after rolling back) and KeyError when a step is missing.
    """
    missing = [n for n in range(version, target) if n not in STEPS]
    if missing:
        raise KeyError(f"no migration from schema version {missing[0]}")
    done: list[int] = []
    con.begin()
    try:
        for n in range(version, target):
            step = STEPS[n]
            step(con) if callable(step) else con.execute(step)
            done.append(n + 1)
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(target)])
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return done
