"""The store's tables: one per record kind of the communique/1 document, plus bookkeeping."""

from __future__ import annotations

# Bump when a table changes shape, with a step in migrations.STEPS that takes the previous version here.
# A store written by an older version is migrated in place; one written by a newer version is refused.
SCHEMA_VERSION = 4

# Record tables have no primary keys of their own: ids are unique only within an article, rows are
# only ever appended inside the article's transaction, and `seq` keeps each list in document order.
# "start" and "end" keep the JSON document's names ("end" is an SQL keyword, hence the quotes).
DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    title VARCHAR,
    published VARCHAR,
    source VARCHAR,
    url VARCHAR,
    language VARCHAR,
    text VARCHAR NOT NULL,
    author VARCHAR,
    origin VARCHAR,
    furniture JSON,
    paragraphs JSON,
    warnings VARCHAR[],
    text_hash VARCHAR NOT NULL,
    doc JSON NOT NULL,
    ingested_at TIMESTAMP NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_text_hash ON articles (text_hash);

CREATE TABLE IF NOT EXISTS actors (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    name VARCHAR,
    kind VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    affiliation VARCHAR,
    role VARCHAR,
    kb_id VARCHAR,
    aliases VARCHAR[],
    key VARCHAR  -- the same actor across articles: its knowledge-base id, else a spelling-folded name key (keys.py)
);

CREATE TABLE IF NOT EXISTS mentions (
    article_id VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR
);

CREATE TABLE IF NOT EXISTS events (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    type VARCHAR,
    mode VARCHAR,
    cameo VARCHAR,
    goldstein DOUBLE,
    quad_class INTEGER,
    source VARCHAR,
    target VARCHAR,
    date_value VARCHAR,
    date_granularity VARCHAR,
    date_text VARCHAR,
    date_approximate BOOLEAN,
    place_name VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    place_country VARCHAR,
    negated BOOLEAN,
    confidence DOUBLE,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text VARCHAR,
    trigger_start INTEGER,
    trigger_end INTEGER,
    trigger_text VARCHAR,
    modality VARCHAR,
    claimed_by VARCHAR,
    incident_id VARCHAR  -- the incident this record reports (incidents table); set in the article's transaction
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    kind VARCHAR,
    speaker VARCHAR,
    speakers VARCHAR[],
    speaker_text VARCHAR,
    cue VARCHAR,
    cue_start INTEGER,
    cue_end INTEGER,
    cue_text VARCHAR
);

CREATE TABLE IF NOT EXISTS claims (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    actor VARCHAR,
    issue VARCHAR,
    stance VARCHAR,
    terms VARCHAR[],
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text VARCHAR,
    quote VARCHAR
);

CREATE TABLE IF NOT EXISTS places (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    name VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    country VARCHAR,
    feature VARCHAR
);

CREATE TABLE IF NOT EXISTS place_mentions (
    article_id VARCHAR NOT NULL,
    place_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR
);

CREATE TABLE IF NOT EXISTS times (
    article_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    value VARCHAR,
    granularity VARCHAR,
    approximate BOOLEAN
);

-- Casualty and arrest figures each event record gives ("at least five killed"), with their words.
CREATE TABLE IF NOT EXISTS figures (
    article_id VARCHAR NOT NULL,
    event_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    kind VARCHAR,
    value INTEGER,
    qualifier VARCHAR,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR
);

-- One row per real-world act, summarised from every event record that reports it (incidents/).
-- Ids never change: when two incidents merge, the older id stays and the other becomes an alias.
CREATE TABLE IF NOT EXISTS incidents (
    id VARCHAR PRIMARY KEY,
    type VARCHAR,
    family VARCHAR,
    cameo VARCHAR,
    goldstein DOUBLE,
    quad_class INTEGER,
    source_key VARCHAR,
    source_name VARCHAR,
    target_key VARCHAR,
    target_name VARCHAR,
    date_value VARCHAR,
    date_granularity VARCHAR,
    date_approximate BOOLEAN,
    date_start VARCHAR,
    date_end VARCHAR,
    place_name VARCHAR,
    geonameid BIGINT,
    place_country VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    num_mentions INTEGER NOT NULL,
    num_articles INTEGER NOT NULL,
    num_sources INTEGER NOT NULL,
    first_report VARCHAR,
    last_report VARCHAR,
    confidence DOUBLE,
    figures JSON,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS incident_aliases (
    alias VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    merged_at TIMESTAMP NOT NULL
);

-- The incidents stage's view of each event record (ref = "article id/event id"), of each report (one
-- article's events about one act, named by its first event's ref) and the reports' block keys, so a
-- new article's candidates are found by index lookups, whatever the size of the store.
CREATE TABLE IF NOT EXISTS incident_members (
    ref VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    facts JSON NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_members_incident ON incident_members (incident_id);

CREATE TABLE IF NOT EXISTS incident_keys (
    key VARCHAR NOT NULL,
    ref VARCHAR NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_keys_key ON incident_keys (key);
CREATE INDEX IF NOT EXISTS events_incident ON events (incident_id);

CREATE TABLE IF NOT EXISTS incident_reports (
    ref VARCHAR PRIMARY KEY,
    incident_id VARCHAR NOT NULL,
    component VARCHAR NOT NULL,  -- the reports linked to it, directly or not, share one (its first ref)
    events VARCHAR[] NOT NULL,
    facts JSON NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_reports_incident ON incident_reports (incident_id);
CREATE INDEX IF NOT EXISTS incident_reports_component ON incident_reports (component);

-- Pairs of reports of different articles the decision linked, with its score (a < b).
CREATE TABLE IF NOT EXISTS incident_links (
    a VARCHAR NOT NULL,
    b VARCHAR NOT NULL,
    score DOUBLE NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_links_a ON incident_links (a);

-- Inputs that failed, one row per (origin, error); a later success for the origin clears them.
CREATE TABLE IF NOT EXISTS skips (
    origin VARCHAR NOT NULL,
    error VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    first_at TIMESTAMP NOT NULL,
    last_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL,
    PRIMARY KEY (origin, error)
);

-- Raw inputs already read, so a rerun skips them before spending spaCy time on them.
CREATE TABLE IF NOT EXISTS inputs (
    key VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    origin VARCHAR,
    stored_at TIMESTAMP NOT NULL
);

-- Feeds that `watch` polls: what the server said last (for conditional requests), and when to poll next.
CREATE TABLE IF NOT EXISTS feeds (
    url VARCHAR PRIMARY KEY,
    etag VARCHAR,
    last_modified VARCHAR,
    polls INTEGER NOT NULL,
    failures INTEGER NOT NULL,  -- polls failed in a row, for the backoff
    last_polled TIMESTAMP,
    last_status VARCHAR,
    next_poll TIMESTAMP,
    added INTEGER NOT NULL  -- articles added from the feed, over every poll
);

-- Feed entries already taken (stored, or already in the store), so a poll reads only new ones.
CREATE TABLE IF NOT EXISTS feed_entries (
    feed VARCHAR NOT NULL,
    entry VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (feed, entry)
);
"""

# The record tables, in the order an article's rows are written.
RECORD_TABLES = ("articles", "actors", "mentions", "events", "figures", "quotes", "claims", "places",
                 "place_mentions", "times")
# What incidents keep, written in the same transaction as the article whose events they link.
INCIDENT_TABLES = ("incidents", "incident_aliases", "incident_members", "incident_reports", "incident_keys",
                   "incident_links")
