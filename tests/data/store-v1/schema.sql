CREATE TABLE actors(article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL, "name" VARCHAR, kind VARCHAR, country VARCHAR, sector VARCHAR, affiliation VARCHAR, "role" VARCHAR, kb_id VARCHAR, aliases VARCHAR[], "key" VARCHAR);
CREATE TABLE articles(id VARCHAR PRIMARY KEY, title VARCHAR, published VARCHAR, "source" VARCHAR, url VARCHAR, "language" VARCHAR, "text" VARCHAR NOT NULL, author VARCHAR, origin VARCHAR, furniture JSON, paragraphs JSON, warnings VARCHAR[], text_hash VARCHAR NOT NULL, doc JSON NOT NULL, ingested_at TIMESTAMP NOT NULL);
CREATE TABLE claims(article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL, actor VARCHAR, issue VARCHAR, stance VARCHAR, terms VARCHAR[], evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR, "quote" VARCHAR);
CREATE TABLE events(article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL, "type" VARCHAR, "mode" VARCHAR, cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER, "source" VARCHAR, "target" VARCHAR, date_value VARCHAR, date_granularity VARCHAR, date_text VARCHAR, date_approximate BOOLEAN, place_name VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, place_country VARCHAR, negated BOOLEAN, confidence DOUBLE, evidence_start INTEGER, evidence_end INTEGER, evidence_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER, trigger_text VARCHAR, modality VARCHAR, claimed_by VARCHAR);
CREATE TABLE inputs("key" VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, origin VARCHAR, stored_at TIMESTAMP NOT NULL);
CREATE TABLE mentions(article_id VARCHAR NOT NULL, actor_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "start" INTEGER, "end" INTEGER, "text" VARCHAR);
CREATE TABLE meta("key" VARCHAR PRIMARY KEY, "value" VARCHAR NOT NULL);
CREATE TABLE places(article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL, "name" VARCHAR, geonameid BIGINT, lat DOUBLE, lon DOUBLE, country VARCHAR, feature VARCHAR);
CREATE TABLE place_mentions(article_id VARCHAR NOT NULL, place_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "start" INTEGER, "end" INTEGER, "text" VARCHAR);
CREATE TABLE quotes(article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, id VARCHAR NOT NULL, "text" VARCHAR, "start" INTEGER, "end" INTEGER, kind VARCHAR, speaker VARCHAR, speakers VARCHAR[], speaker_text VARCHAR, cue VARCHAR, cue_start INTEGER, cue_end INTEGER, cue_text VARCHAR);
CREATE TABLE skips(origin VARCHAR, "error" VARCHAR, kind VARCHAR NOT NULL, first_at TIMESTAMP NOT NULL, last_at TIMESTAMP NOT NULL, attempts INTEGER NOT NULL, PRIMARY KEY(origin, "error"));
CREATE TABLE times(article_id VARCHAR NOT NULL, seq INTEGER NOT NULL, "text" VARCHAR, "start" INTEGER, "end" INTEGER, "value" VARCHAR, granularity VARCHAR, approximate BOOLEAN);
CREATE INDEX articles_text_hash ON articles(text_hash);

