"""Exports: JSONL, CSV and Parquet read back; the GDELT event and mentions tables agree with the store."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import duckdb
import pytest
from serving import example_store
from test_store import hand_doc

from communique.cli import main
from communique.errors import CommuniqueError
from communique.export import export
from communique.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS, actor_code
from communique.export.polecat import COLUMNS as POLECAT_COLUMNS
from communique.settings import MIN_CONFIDENCE
from communique.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The bundled examples; a hand-built article whose title is a spreadsheet formula, another with a weak event."""
    path = example_store(tmp_path_factory.mktemp("export") / "s.duckdb")
    doc = hand_doc()
    doc = dataclasses.replace(doc, article=dataclasses.replace(doc.article, title='=HYPERLINK("http://x.test")'))
    weak = hand_doc(article_id="art-2", url="https://example.org/other", published="2024-07-02T09:00")
    weak = dataclasses.replace(weak, events=(weak.events[0], dataclasses.replace(weak.events[1], confidence=0.2)))
    with Store(path) as store:
        store.add(doc)
        store.add(weak)
    return path


def tsv(path: Path, columns: tuple[str, ...]) -> duckdb.DuckDBPyRelation:
    """A GDELT file as GDELT users load it: tab-separated, no header, the codebook's column names."""
    con = duckdb.connect()
    spec = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in columns) + "}"
    return con.sql(f"SELECT * FROM read_csv('{path}', delim='\\t', header=false, quote='', escape='', "
                   f"columns={spec}, auto_detect=false)")


def mode(values):
    """The most frequent non-empty value, or of pairs, each part's (as the exporter codes an actor)."""
    from collections import Counter

    values = list(values)
    if values and isinstance(values[0], tuple):
        return tuple(mode(v[i] for v in values) for i in range(len(values[0])))
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def confident_events(store: Store) -> list[dict]:
    return store.events(limit=None)  # the listing's default: events at or above MIN_CONFIDENCE


def test_gdelt_event_table_has_61_columns_that_agree_with_the_store(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "--out", str(out)]) == 0
    table = tsv(out, EVENT_COLUMNS)
    assert len(table.columns) == 61 and table.columns[0] == "GLOBALEVENTID" and table.columns[-1] == "SOURCEURL"
    rows = table.fetchall()
    with Store(db, read_only=True) as store:
        events = confident_events(store)
        incidents = {r["id"]: r for r in store.incidents(limit=None, min_confidence=0)}
        actors = {(a["article_id"], a["id"]): a for a in store.actors(limit=None)}
    assert rows and len(rows) == len({e["incident_id"] for e in events})
    for values in rows:
        row = dict(zip(EVENT_COLUMNS, values, strict=True))
        incident = incidents[f"i{int(row['GLOBALEVENTID']):012x}"]
        members = [e for e in events if e["incident_id"] == incident["id"]]
        assert members, row["GLOBALEVENTID"]
        assert row["EventCode"] == incident["cameo"] and row["EventRootCode"] == incident["cameo"][:2]
        assert float(row["GoldsteinScale"]) == incident["goldstein"]
        assert int(row["QuadClass"]) == incident["quad_class"]
        assert int(row["NumMentions"]) == incident["num_mentions"]
        assert int(row["NumArticles"]) == incident["num_articles"]
        for n, side in ((1, "source"), (2, "target")):
            key = incident[f"{side}_key"]  # the incident's actor, coded as its reports' actor rows code it
            rows_of = [actors[(e["article_id"], e[s])] for e in members for s in ("source", "target")
                       if e[f"{s}_key"] == key and key]
            assert row[f"Actor{n}Code"] == (actor_code(*mode((a["country"], a["sector"]) for a in rows_of))
                                            if rows_of else None), (row, rows_of)
            assert row[f"Actor{n}CountryCode"] == (mode(a["country"] for a in rows_of) if rows_of else None)
        assert len(row["SQLDATE"]) == 8 and row["MonthYear"] == row["SQLDATE"][:6] and row["Year"] == row["SQLDATE"][:4]
        assert len(row["DATEADDED"]) == 14


def test_gdelt_mentions_point_at_the_stored_words(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "mentions.tsv"
    assert main(["export", "--db", str(db), "--kind", "mentions", "--format", "gdelt", "--out", str(out)]) == 0
    rows = [dict(zip(MENTION_COLUMNS, r, strict=True)) for r in tsv(out, MENTION_COLUMNS).fetchall()]
    with Store(db, read_only=True) as store:
        events = {(e["article_id"], e["id"]): e for e in confident_events(store)}
        texts = {a["id"]: store.document(a["id"]).article.text for a in store.articles(limit=None)}
        mentions = {(a["article_id"], a["id"]): a for a in store.actors(limit=None)}
        docs = {i: store.document(i) for i in texts}
    assert len(rows) == len(events)
    for row in rows:
        article, event = row["Extras"].split("/")
        stored = events[(article, event)]
        assert int(row["GLOBALEVENTID"]) == int(stored["incident_id"][1:], 16)
        text = texts[article]
        record = next(e for e in docs[article].events if e.id == event)
        action = int(row["ActionCharOffset"])
        assert action == (record.trigger or record.evidence).start and text[action:].startswith(
            (record.trigger or record.evidence).text)
        if record.source:
            actor = next(a for a in docs[article].actors if a.id == record.source)
            offset = int(row["Actor1CharOffset"])
            assert any(m.start == offset for m in actor.mentions), (row, actor)
        assert int(row["MentionDocLen"]) == len(text) and int(row["Confidence"]) == round(stored["confidence"] * 100)
        assert row["MentionType"] == "1" and (article, record.source) in mentions or not record.source


def test_parquet_exports_read_back_with_duckdb(db: Path, tmp_path: Path) -> None:
    with Store(db, read_only=True) as store:
        listings = {"events": confident_events(store), "incidents": store.incidents(limit=None),
                    "actors": store.actor_index(limit=None), "quotes": store.quotes(limit=None),
                    "claims": store.claims(limit=None), "articles": store.articles(limit=None)}
        for kind, listed in listings.items():
            out = tmp_path / f"{kind}.parquet"
            assert export(store, kind=kind, format="parquet", out=str(out)) == len(listed)
            back = duckdb.connect().sql(f"SELECT * FROM read_parquet('{out}')")
            assert len(back.fetchall()) == len(listed) > 0, kind
            assert set(listed[0]) <= set(back.columns), kind
    assert "text" in duckdb.connect().sql(f"SELECT * FROM read_parquet('{tmp_path}/articles.parquet')").columns


def test_csv_and_jsonl_exports(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--db", str(db), "--kind", "articles", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert "'=HYPERLINK(\"http://x.test\")" in [r["title"] for r in rows]  # neutralised, not run
    assert main(["export", "--db", str(db), "--format", "csv", "--type", "REJECT"]) == 0
    events = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert events and all(r["type"] == "REJECT" for r in events)
    assert all(float(r["goldstein"]) < 0 for r in events)  # a negative score stays a number
    assert main(["export", "--db", str(db), "--kind", "incidents", "--format", "jsonl"]) == 0
    incidents = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert incidents and all(isinstance(i["figures"], dict) and i["num_mentions"] >= 1 for i in incidents)


def test_exports_honour_the_confidence_threshold(db: Path, tmp_path: Path) -> None:
    with Store(db, read_only=True) as store:
        every = store.events(limit=None, min_confidence=0)
        weak = [e for e in every if e["confidence"] < MIN_CONFIDENCE]
        default = list(store.export_rows("events"))
        everything = list(store.export_rows("events", min_confidence=0))
        mentions = sum(1 for _ in store.export_rows("coded"))
    assert weak, "the examples should hold some weak events"
    assert len(default) == len(every) - len(weak) == mentions and len(everything) == len(every)


def test_polecat_table(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "polecat.tsv"
    assert main(["export", "--db", str(db), "--format", "polecat", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert tuple(lines[0].split("\t")) == POLECAT_COLUMNS
    rows = [dict(zip(POLECAT_COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    with Store(db, read_only=True) as store:
        events = {f"{e['article_id']}/{e['id']}": e for e in confident_events(store)}
    assert len(rows) == len(events)
    for row in rows:
        stored = events[row["Event ID"]]
        assert row["Event Type"] == stored["type"] and row["Actor Name"] == (stored["source_name"] or "")
        assert row["Incident ID"] == stored["incident_id"]


@pytest.mark.parametrize("args, problem", [
    (["--kind", "quotes", "--format", "gdelt"], "--kind quotes: --format gdelt makes events and mentions tables"),
    (["--kind", "mentions"], "--kind mentions: is the GDELT mentions table: use it with --format gdelt"),
    (["--kind", "events", "--speaker", "X"], "--speaker: does not apply to --kind events"),
    (["--format", "parquet"], "--out: a Parquet file cannot go to standard output: name a file"),
])
def test_export_refuses_what_does_not_go_together(db: Path, args: list[str], problem: str, capsys) -> None:
    assert main(["export", "--db", str(db), *args]) == 1
    assert capsys.readouterr().err.strip() == f"error: {problem}"


def test_an_export_that_cannot_be_written_says_so(db: Path, tmp_path: Path) -> None:
    with Store(db, read_only=True) as store, pytest.raises(CommuniqueError, match="cannot write"):
        export(store, kind="events", format="csv", out=str(tmp_path / "missing" / "x.csv"))
