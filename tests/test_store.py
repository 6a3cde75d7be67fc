"""The DuckDB store: round trip, idempotence, atomicity, queries, stats, opening errors, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import shared_path

from communique import extract
from communique.cli import main as cli_main
from communique.errors import CommuniqueError, StoreError
from communique.records import (
    Actor,
    Article,
    Claim,
    Document,
    Event,
    EventDate,
    EventPlace,
    Furniture,
    Place,
    Quote,
    Span,
    TimeExpr,
)
from communique.settings import Settings
from communique.store import IngestSummary, Store, ingest

TEXT = ("Hamas official Mousa Abu Marzouk met Russian Deputy Foreign Minister Mikhail Bogdanov in Moscow "
        "on Monday.\n\n“We accept the ceasefire framework,” Abu Marzouk said. Israel rejected the proposal "
        "on Tuesday.")

SHORT = ("Russian Foreign Minister Sergei Lavrov met his Turkish counterpart Hakan Fidan in Ankara on "
         "Tuesday.\n\nThe two ministers discussed the war in Ukraine, Lavrov told reporters.")


def span(text: str, words: str, after: int = 0) -> Span:
    """The span of `words` in `text`, searching from `after`."""
    start = text.index(words, after)
    return Span(start, start + len(words), words)


def at(text: str, words: str) -> tuple[int, int]:
    """Start and end of `words` in `text`."""
    start = text.index(words)
    return start, start + len(words)


def hand_doc(text: str = TEXT, *, article_id: str = "art-1", published: str = "2024-06-25T10:11",
             url: str | None = "https://example.org/hamas-russia",
             days: tuple[str, str] = ("2024-06-24", "2024-06-25")) -> Document:
    """A Document with every record kind, built by hand; `days` dates Monday and Tuesday."""
    article = Article(id=article_id, title="Hamas meets Russia", published=published, source="MEMO",
                      url=url, language="en", text=text,
                      furniture=(Furniture("tagline", "Creating new perspectives"),
                                 Furniture("caption", "Mousa Abu Marzook in 2018")),
                      author="Staff", origin="memo/hamas.html",
                      paragraphs=((0, text.index("\n\n")), (text.index("“"), len(text))))
    hamas = Actor("a1", "Hamas", "organisation", "PSE", "REB", None, ("Islamic Resistance Movement",),
                  (span(text, "Hamas"),), kb_id="kb:hamas")
    marzouk = Actor("a2", "Mousa Abu Marzouk", "person", "PSE", "REB", "a1", ("Abu Marzouk", "Abu Marzook"),
                    (span(text, "Mousa Abu Marzouk"), span(text, "Abu Marzouk", 40)), role="official")
    russia = Actor("a3", "Russia", "state", "RUS", "GOV", None, ("Russian",), (span(text, "Russian"),))
    bogdanov = Actor("a4", "Mikhail Bogdanov", "person", "RUS", "GOV", "a3", ("Bogdanov",),
                     (span(text, "Mikhail Bogdanov"),), role="Deputy Foreign Minister")
    israel = Actor("a5", "Israel", "state", "ISR", "GOV", None, (), (span(text, "Israel"),))
    moscow = Place("p1", "Moscow", 524901, 55.75, 37.62, "RU", (span(text, "Moscow"),), feature="city")
    monday = TimeExpr("Monday", *at(text, "Monday"), days[0], "day")
    tuesday = TimeExpr("Tuesday", *at(text, "Tuesday"), days[1], "day", approximate=True)
    meet = Event("e1", "CONSULT", "visit", "043", 2.8, 1, "a2", "a4", EventDate(days[0], "day", "Monday"),
                 EventPlace("Moscow", 524901, 55.75, 37.62, "RU"), False, 0.9,
                 span(text, text[:text.index(".") + 1]), trigger=span(text, "met"), modality="asserted")
    reject = Event("e2", "REJECT", None, "120", -4.0, 3, "a5", "a1", EventDate(days[1], "day", "Tuesday"),
                   None, False, 0.7, span(text, "Israel rejected the proposal on Tuesday."))
    quote = Quote("q1", "We accept the ceasefire framework", *at(text, "We accept the ceasefire framework"),
                  "direct", "a2", "said", cue_span=span(text, "said"), speakers=("a2",),
                  speaker_text="Abu Marzouk")
    claim = Claim("c1", "a1", "ceasefire", "support", ("ceasefire framework", "prisoner exchange"),
                  span(text, "We accept the ceasefire framework"), quote="q1")
    return Document(article, (hamas, marzouk, russia, bogdanov, israel), (meet, reject), (quote,), (claim,),
                    (moscow,), (monday, tuesday), warnings=("a test warning",))


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "test.duckdb") as s:
        yield s


# -- writing ---------------------------------------------------------------------------------------------

def test_hand_built_document_round_trips_and_fills_every_table(store: Store) -> None:
    doc = hand_doc()
    assert store.add(doc) is True
    back = store.document("art-1")
    assert back is not None
    assert back.to_dict() == doc.to_dict()
    assert back == doc  # origin too, which the JSON document leaves out
    assert store.counts() == {"articles": 1, "actors": 5, "mentions": 6, "events": 2, "figures": 0, "quotes": 1,
                              "claims": 1, "places": 1, "place_mentions": 1, "times": 2, "skips": 0, "inputs": 0}
    assert store.document("nope") is None


def test_extracted_document_round_trips(store: Store) -> None:
    doc = extract(SHORT, title="Lavrov meets Fidan", published="2024-06-25", source="TASS", origin="short")
    assert store.add(doc)
    assert store.document(doc.article.id).to_dict() == doc.to_dict()
    counts = store.counts()
    assert counts["articles"] == 1
    assert counts["actors"] == len(doc.actors)
    assert counts["mentions"] == sum(len(a.mentions) for a in doc.actors)
    assert counts["events"] == len(doc.events) and counts["times"] == len(doc.times)


def test_adding_twice_changes_nothing(store: Store) -> None:
    doc = hand_doc()
    assert store.add(doc)
    before = store.counts()
    assert store.add(doc) is False
    assert store.add(hand_doc(article_id="other-id")) is False  # same text and URL under another id
    assert store.counts() == before


def test_same_text_with_other_whitespace_is_one_article(store: Store) -> None:
    assert store.add(extract(SHORT, origin="one")) is True
    assert store.add(extract("  " + SHORT.replace(" met ", "  met\t").replace("\n\n", " \n\n\n") + "\n",
                             origin="two")) is False
    assert store.add(hand_doc()) is True
    # even when an article reader keeps the whitespace, and so computes another id
    assert store.add(hand_doc(TEXT.replace(" met ", "  met\n").replace("\n\n", "\n \n\n") + " ",
                              article_id="art-1-spaced")) is False
    assert store.counts()["articles"] == 2


def test_same_text_at_another_url_is_another_article(store: Store) -> None:
    assert store.add(hand_doc())
    assert store.add(hand_doc(article_id="art-2", url="https://example.org/elsewhere"))
    assert store.counts()["articles"] == 2


@pytest.mark.parametrize("error", [duckdb.IOException("disk full"), RuntimeError("crash")])
def test_a_failed_write_leaves_nothing_of_the_article(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                      error: Exception) -> None:
    assert store.add(hand_doc(article_id="kept", url="https://example.org/kept"))
    before = store.counts()
    insert = Store._insert

    def failing(self: Store, table: str, rows: list) -> None:
        if table == "quotes":  # articles, actors, mentions and events are written by now
            raise error
        insert(self, table, rows)

    monkeypatch.setattr(Store, "_insert", failing)
    with pytest.raises(StoreError if isinstance(error, duckdb.Error) else RuntimeError):
        store.add(hand_doc(), input_key="k1")
    assert store.counts() == before
    assert not store.has("art-1") and not store.has_input("k1")
    monkeypatch.undo()
    assert store.add(hand_doc())  # the store is still usable and the article goes in whole
    assert store.counts()["events"] == 4


def test_skips_are_recorded_once_per_failure_and_cleared_by_success(store: Store) -> None:
    store.skip(CommuniqueError("memo/hamas.html", "no readable body"))
    store.skip(CommuniqueError("memo/hamas.html", "no readable body"))
    store.skip(CommuniqueError("other.html", "binary content"))
    assert store.counts()["skips"] == 2
    assert {r["origin"]: r["attempts"] for r in store.skips()} == {"memo/hamas.html": 2, "other.html": 1}
    assert store.add(hand_doc())  # its origin is memo/hamas.html
    assert [r["origin"] for r in store.skips()] == ["other.html"]


# -- queries ---------------------------------------------------------------------------------------------

@pytest.fixture
def full(store: Store) -> Store:
    store.add(hand_doc())
    store.add(hand_doc(article_id="art-2", published="2024-07-02", url="https://example.org/later",
                       days=("2024-07-01", "2024-07-02")))
    return store


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, [("art-1", "e1"), ("art-1", "e2"), ("art-2", "e1"), ("art-2", "e2")]),
    # a body's events include its members': Abu Marzouk (of Hamas) met Bogdanov in e1
    ({"actor": "hamas"}, [("art-1", "e1"), ("art-1", "e2"), ("art-2", "e1"), ("art-2", "e2")]),
    ({"actor": "ABU MARZOOK"}, [("art-1", "e1"), ("art-2", "e1")]),  # an alias, any case
    ({"actor": "kb:hamas"}, [("art-1", "e1"), ("art-1", "e2"), ("art-2", "e1"), ("art-2", "e2")]),
    ({"actor": "mousa*"}, [("art-1", "e1"), ("art-2", "e1")]),
    ({"dyad": "Bogdanov,Abu Marzouk"}, [("art-1", "e1"), ("art-2", "e1")]),  # either direction
    ({"dyad": "Israel, Hamas", "since": "2024-07"}, [("art-2", "e2")]),
    ({"type": "consult"}, [("art-1", "e1"), ("art-2", "e1")]),
    ({"since": "2024-06-25", "until": "2024-06-30"}, [("art-1", "e2")]),
    ({"until": "2024-06-24"}, [("art-1", "e1")]),
    ({"place": "moscow"}, [("art-1", "e1"), ("art-2", "e1")]),
    ({"place": "RU", "limit": 1, "offset": 1}, [("art-2", "e1")]),
    ({"actor": "Lavrov"}, []),
    ({"min_confidence": 0.8}, [("art-1", "e1"), ("art-2", "e1")]),
])
def test_event_filters(full: Store, filters: dict, expected: list) -> None:
    assert [(r["article_id"], r["id"]) for r in full.events(**filters)] == expected


def test_event_rows_carry_names_and_article(full: Store) -> None:
    row = full.events(type="CONSULT", limit=1)[0]
    assert row["source_name"] == "Mousa Abu Marzouk" and row["target_name"] == "Mikhail Bogdanov"
    assert row["title"] == "Hamas meets Russia" and row["published"] == "2024-06-25T10:11"
    assert row["date"] == "2024-06-24" and row["place"] == "Moscow" and row["goldstein"] == 2.8
    json.dumps(row)


def test_events_below_the_default_confidence_stay_stored_but_unlisted(store: Store) -> None:
    from dataclasses import replace

    from communique.settings import MIN_CONFIDENCE

    doc = hand_doc()
    weak = replace(doc.events[1], confidence=round(MIN_CONFIDENCE / 2, 2))
    store.add(replace(doc, events=(doc.events[0], weak)))
    assert [r["id"] for r in store.events()] == ["e1"]
    assert [r["id"] for r in store.events(min_confidence=0)] == ["e1", "e2"]
    assert store.counts()["events"] == 2


def test_a_dyad_needs_two_names(full: Store) -> None:
    with pytest.raises(CommuniqueError, match="two actor names"):
        full.events(dyad="Hamas")


@pytest.mark.parametrize(("kind", "filters", "expected"), [
    ("quotes", {"speaker": "abu marzook"}, ["art-1", "art-2"]),
    ("quotes", {"speaker": "Bogdanov"}, []),
    ("quotes", {"text": "CEASEFIRE", "since": "2024-07-01"}, ["art-2"]),
    ("claims", {"actor": "Islamic Resistance Movement"}, ["art-1", "art-2"]),
    ("claims", {"issue": "ceasefire", "stance": "support", "until": "2024-06"}, ["art-1"]),
    ("claims", {"stance": "oppose"}, []),
    ("articles", {"source": "memo", "since": "2024-07"}, ["art-2"]),
    ("articles", {"text": "PROPOSAL", "title": "hamas meets"}, ["art-1", "art-2"]),
    ("articles", {"text": "Lavrov"}, []),
    ("actors", {"name": "bogdanov"}, ["art-1", "art-2"]),
    ("actors", {"country": "isr", "limit": 1}, ["art-1"]),
])
def test_listing_filters(full: Store, kind: str, filters: dict, expected: list) -> None:
    rows = getattr(full, kind)(**filters)
    assert [r.get("article_id", r.get("id")) for r in rows] == expected
    json.dumps(rows)


def test_claim_and_quote_rows(full: Store) -> None:
    claim = full.claims(limit=1)[0]
    assert claim["actor_name"] == "Hamas" and claim["terms"] == ["ceasefire framework", "prisoner exchange"]
    quote = full.quotes(limit=1)[0]
    assert quote["speaker_name"] == "Mousa Abu Marzouk" and quote["cue"] == "said"
    actor = full.actors(name="Abu Marzouk", limit=1)[0]
    assert actor["mentions"] == 2 and actor["aliases"] == ["Abu Marzouk", "Abu Marzook"]


def test_stats(full: Store) -> None:
    stats = full.stats()
    assert stats["counts"] == {"articles": 2, "actors": 10, "events": 4, "quotes": 2, "claims": 2, "places": 2,
                               "times": 4, "skips": 0}
    assert stats["languages"] == [{"language": "en", "articles": 2}]
    assert stats["sources"] == [{"source": "MEMO", "articles": 2}]
    assert stats["period"] == {"first": "2024-06-25T10:11", "last": "2024-07-02"}
    assert stats["event_types"] == [{"type": "CONSULT", "events": 2}, {"type": "REJECT", "events": 2}]
    assert stats["top_actors"][0] == {"name": "Mousa Abu Marzouk", "country": "PSE", "sector": "REB",
                                      "mentions": 4, "articles": 2}
    json.dumps(stats)


def test_stats_of_an_empty_store(store: Store) -> None:
    stats = store.stats()
    assert set(stats["counts"].values()) == {0}
    assert stats["period"] == {"first": None, "last": None} and stats["top_actors"] == []


# -- opening ---------------------------------------------------------------------------------------------

def test_reading_a_missing_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    assert not (tmp_path / "missing.duckdb").exists()


@pytest.mark.parametrize("read_only", [True, False])
def test_a_file_that_is_not_duckdb(tmp_path: Path, read_only: bool) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are notes, not a database\n" * 200)
    with pytest.raises(StoreError, match="not a DuckDB database"):
        Store(path, read_only=read_only)


def test_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not a communique store"):
        Store(path, read_only=True)


def test_a_store_held_by_another_writer(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"  # type: ignore[union-attr]
        with pytest.raises(StoreError, match="in use by another process"):
            Store(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()


def test_read_only_store_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.add(hand_doc())
    with Store(path, read_only=True) as s:
        assert s.document("art-1") == hand_doc()
        with pytest.raises(StoreError, match="read-only"):
            s.add(hand_doc(article_id="x", url=None))


def test_a_sqlite_file_is_refused_and_no_extension_is_fetched(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE t (x)")
    before = path.read_bytes()
    for read_only in (True, False):
        with pytest.raises(StoreError, match="a SQLite database, not a DuckDB store"):
            Store(path, read_only=read_only)
    assert path.read_bytes() == before
    with Store(tmp_path / "s.duckdb") as store:  # and no store ever loads an extension by itself
        settings = store._con.execute("SELECT current_setting('autoload_known_extensions'), "
                                      "current_setting('autoinstall_known_extensions')").fetchone()
    assert settings == (False, False)


def test_a_foreign_duckdb_file_is_not_written_into(tmp_path: Path) -> None:
    path = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE survey (id INTEGER, answer VARCHAR)")
    with pytest.raises(StoreError, match="not a communique store"):
        Store(path)
    with duckdb.connect(str(path), read_only=True) as con:
        tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    assert tables == [("survey",)]


def _damage(path: Path, how: str) -> None:
    if how == "truncated":
        os.truncate(path, path.stat().st_size // 3)
    else:  # garbled: a block of the catalog overwritten
        with open(path, "r+b") as stream:
            stream.seek(12288)
            stream.write(bytes(range(256)) * 32)


@pytest.mark.parametrize("how", ["truncated", "garbled"])
def test_a_damaged_store_is_named_in_one_line(tmp_path: Path, how: str, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.add(hand_doc())
    _damage(path, how)
    for read_only in (True, False):
        with pytest.raises(StoreError, match="damaged") as caught:
            Store(path, read_only=read_only)
        assert str(caught.value).startswith(f"{path}: ") and "\n" not in str(caught.value)
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    for argv in (["stats", "--db", str(path)], ["ingest", str(article), "--db", str(path), "--quiet"]):
        assert cli_main(argv) == 1, argv
        err = capsys.readouterr().err
        assert err.startswith(f"error: {path}: damaged") and err.count("\n") == 1, err
    from communique.api import ServerSettings, create_app

    with pytest.raises(StoreError, match="damaged"):  # so `serve` refuses to start
        create_app(ServerSettings(db=str(path)))


def test_a_store_that_cannot_be_written_says_so_once(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        assert store.add(hand_doc(article_id="kept", url="https://example.org/kept"))
        store._con.execute("CHECKPOINT")  # the log is folded into the file and removed ...
        (tmp_path / "s.duckdb.wal").mkdir()  # ... and cannot be created again
        with pytest.raises(StoreError, match="cannot write") as caught:
            store.add(hand_doc())
        assert "rollback" not in str(caught.value) and "no transaction" not in str(caught.value)
        with pytest.raises(StoreError, match="cannot write"):
            store.skip(CommuniqueError("x.txt", "empty"))
    (tmp_path / "s.duckdb.wal").rmdir()
    with Store(path, read_only=True) as store:
        assert [a["id"] for a in store.articles()] == ["kept"]


def _without_root_powers() -> list[str]:
    """A command prefix under which file permissions apply (root ignores them)."""
    if os.geteuid() != 0:
        return []
    import shutil

    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


@pytest.mark.parametrize("existing", [True, False])
def test_ingest_into_a_read_only_folder_fails_in_one_line(tmp_path: Path, existing: bool) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "s.duckdb"
    if existing:
        with Store(db) as store:
            store.add(hand_doc(article_id="kept", url="https://example.org/kept"))
        db.chmod(0o666)
    article = tmp_path / "a.txt"
    article.write_text(SHORT, encoding="utf-8")
    folder.chmod(0o555)
    try:
        run = subprocess.run([*_without_root_powers(), sys.executable, "-m", "communique.cli", "ingest",
                              str(article), "--db", str(db), "--quiet"], capture_output=True, text=True,
                             timeout=120)
    finally:
        folder.chmod(0o755)
    assert run.returncode == 1, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {db}: cannot write"), run.stderr
    if existing:
        with Store(db, read_only=True) as store:
            assert [a["id"] for a in store.articles()] == ["kept"]


# -- ingest and the CLI ----------------------------------------------------------------------------------

def test_ingest_adds_skips_and_reruns_without_work(tmp_path: Path) -> None:
    files = []
    for i, body in enumerate([SHORT, TEXT]):
        files.append(tmp_path / f"a{i}.txt")
        files[-1].write_text(body, encoding="utf-8")
    inputs = [str(f) for f in files] + [str(tmp_path / "missing.txt")]
    seen: list[tuple[str, str, bool]] = []
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest(store, inputs, settings=Settings(),
                       on_item=lambda o: seen.append((o.outcome, o.origin, o.error is None)))
        assert (first.seen, first.added, first.duplicates, first.failed) == (3, 2, 0, 1)
        assert isinstance(first.errors[0], CommuniqueError)
        assert sorted(seen) == sorted([("added", inputs[0], True), ("added", inputs[1], True),
                                       ("failed", inputs[2], False)])
        counts = store.counts()
        again = ingest(store, inputs, settings=Settings())
        assert again == IngestSummary(3, 0, 2, 1, again.errors)
        assert store.counts() == counts
        assert store.skips()[0]["attempts"] == 2


def test_cli_commands_use_the_store(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "cli.duckdb")
    assert cli_main(["ingest", str(article), "--db", db, "--quiet"]) == 0
    assert "1 articles added" in capsys.readouterr().out
    assert cli_main(["stats", "--db", db, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["counts"]["articles"] == 1
    for kind in ("events", "quotes", "claims"):
        assert cli_main([kind, "--db", db, "--format", "json", "--limit", "5"]) == 0
        assert isinstance(json.loads(capsys.readouterr().out), list)
    assert cli_main(["stats", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no such database" in capsys.readouterr().err


# -- crash safety over the corpus ------------------------------------------------------------------------

DRIVER = """
import sys
from communique.settings import Settings
from communique.store import Store, ingest

with Store(sys.argv[1]) as store:
    ingest(store, sys.argv[2:], settings=Settings(),
           on_item=lambda o: print(o.outcome, o.origin, flush=True))
"""


def corpus_inputs(tmp_path: Path, n: int) -> list[str]:
    """The first `n` short corpus articles as JSONL, or as text files while the JSONL reader is missing."""
    from communique.sources import read_inputs

    corpus = shared_path("corpus", "news.jsonl").read_text(encoding="utf-8").splitlines()
    # short ones keep three passes over the slice within the time a slow test may take
    lines = [line for line in corpus if len(json.loads(line)["text"].split()) <= 400][:n]
    jsonl = tmp_path / "slice.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if sum(1 for _ in read_inputs([str(jsonl)], Settings())) == n:
        return [str(jsonl)]
    paths = []
    for i, line in enumerate(lines):
        paths.append(tmp_path / "slice" / f"{i:03d}.txt")
        paths[-1].parent.mkdir(exist_ok=True)
        paths[-1].write_text(json.loads(line)["text"], encoding="utf-8")
    return [str(p) for p in paths]


def store_consistent(path: Path) -> dict[str, int]:
    """Counts of a store whose every table holds exactly the records of its stored documents."""
    with Store(path, read_only=True) as store:
        counts = store.counts()
        docs = [store.document(a["id"]) for a in store.articles(limit=None)]
    assert len(docs) == counts["articles"]
    assert sum(len(d.actors) for d in docs) == counts["actors"]
    assert sum(len(a.mentions) for d in docs for a in d.actors) == counts["mentions"]
    for kind in ("events", "quotes", "claims", "places", "times"):
        assert sum(len(getattr(d, kind)) for d in docs) == counts[kind], kind
    return counts


@pytest.mark.slow
def test_a_killed_ingest_resumes_to_the_same_store(tmp_path: Path) -> None:
    n = 60
    inputs = corpus_inputs(tmp_path, n)
    killed = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(killed), *inputs], stdout=subprocess.PIPE,
                            text=True)
    timer = threading.Timer(90, proc.kill)
    timer.start()
    try:
        added = 0
        for line in proc.stdout:  # type: ignore[union-attr]
            added += line.startswith("added")
            if added >= 10:
                os.kill(proc.pid, signal.SIGKILL)
                break
        proc.wait()
    finally:
        timer.cancel()
    assert proc.returncode == -signal.SIGKILL
    partial = store_consistent(killed)
    assert 10 <= partial["articles"] < n

    resumed = subprocess.run([sys.executable, "-m", "communique.cli", "ingest", *inputs, "--db", str(killed),
                              "--quiet"], capture_output=True, text=True, timeout=120)
    assert resumed.returncode in (0, 1), resumed.stderr
    assert f"{partial['articles']} already stored" in resumed.stdout

    fresh = tmp_path / "fresh.duckdb"
    with Store(fresh) as store:
        summary = ingest(store, inputs, settings=Settings())
    assert summary.seen == n and resumed.returncode == (1 if summary.failed else 0)
    with Store(killed, read_only=True) as a, Store(fresh, read_only=True) as b:
        ids = [r["id"] for r in a.articles(limit=None)]
        assert ids == [r["id"] for r in b.articles(limit=None)]
        assert [i for i in ids if a.document(i) != b.document(i)] == []
    assert store_consistent(killed) == store_consistent(fresh)

    with Store(killed) as store:
        again = ingest(store, inputs, settings=Settings())
        assert (again.added, again.duplicates + again.failed) == (0, n)
        assert store.counts()["articles"] == summary.added
