"""Schema migrations: versioned steps that bring a store written by an older release up to date in place."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

# STEPS[n] takes a store from schema version n to n + 1: SQL, or a function of the open connection
# for what SQL alone cannot do (a backfill computed in Python). Steps are never edited once released:
# a change to the schema is a new step here and the same change in schema.DDL, so that a migrated
# store and a new one have the same tables (tests/test_store.py compares them).
Step = str | Callable[[duckdb.DuckDBPyConnection], None]
STEPS: dict[int, Step] = {
    # 1 -> 2: incidents. Event rows link to the incident they report; casualty and arrest figures per
    # event; the incidents, their aliases, and the stage's per-event facts and block keys. The store
    # assigns the events already stored once the step has run (Store.reincident).
    1: """
ALTER TABLE events ADD COLUMN incident_id VARCHAR;
CREATE TABLE figures (article_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, seq INTEGER NOT NULL,
    kind VARCHAR, value INTEGER, qualifier VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR);
CREATE TABLE incidents (id VARCHAR PRIMARY KEY, type VARCHAR, family VARCHAR, cameo VARCHAR,
    goldstein DOUBLE, quad_class INTEGER, source_key VARCHAR, source_name VARCHAR, target_key VARCHAR,
    target_name VARCHAR, date_value VARCHAR, date_granularity VARCHAR, date_approximate BOOLEAN,
    date_start VARCHAR, date_end VARCHAR, place_name VARCHAR, geonameid BIGINT, place_country VARCHAR,
    lat DOUBLE, lon DOUBLE, num_mentions INTEGER NOT NULL, num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL, first_report VARCHAR, last_report VARCHAR, confidence DOUBLE,
    figures JSON, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL);
CREATE TABLE incident_aliases (alias VARCHAR PRIMARY KEY, incident_id VARCHAR NOT NULL,
    merged_at TIMESTAMP NOT NULL);
CREATE TABLE incident_members (ref VARCHAR PRIMARY KEY, incident_id VARCHAR NOT NULL, facts JSON NOT NULL);
CREATE INDEX incident_members_incident ON incident_members (incident_id);
CREATE TABLE incident_keys (key VARCHAR NOT NULL, ref VARCHAR NOT NULL);
CREATE INDEX incident_keys_key ON incident_keys (key);
CREATE INDEX events_incident ON events (incident_id);
""",
    # 2 -> 3: watched feeds. Each feed's conditional-request state and backoff, and the entries taken.
    2: """
CREATE TABLE feeds (url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, polls INTEGER NOT NULL,
    failures INTEGER NOT NULL, last_polled TIMESTAMP, last_status VARCHAR, next_poll TIMESTAMP,
    added INTEGER NOT NULL);
CREATE TABLE feed_entries (feed VARCHAR NOT NULL, entry VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
    seen_at TIMESTAMP NOT NULL, PRIMARY KEY (feed, entry));
""",
    # 3 -> 4: incidents link reports (an article's events about one act, combined) rather than single
    # events, and cluster each component of linked reports; block keys now name reports. The store
    # rebuilds the incidents once the step has run.
    3: """
CREATE TABLE incident_reports (ref VARCHAR PRIMARY KEY, incident_id VARCHAR NOT NULL, component VARCHAR NOT NULL,
    events VARCHAR[] NOT NULL, facts JSON NOT NULL);
CREATE INDEX incident_reports_incident ON incident_reports (incident_id);
CREATE INDEX incident_reports_component ON incident_reports (component);
CREATE TABLE incident_links (a VARCHAR NOT NULL, b VARCHAR NOT NULL, score DOUBLE NOT NULL);
CREATE INDEX incident_links_a ON incident_links (a);
DELETE FROM incident_keys;
""",
}


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
