"""The command line as a careless user meets it: bad option values, error lines, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from communique.cli import main
from communique.store import Store

ARTICLE = ("Chile and Peru signed a fisheries agreement in Lima on Friday, officials said.\n\n"
           "The two governments agreed to share data on anchovy stocks, the Chilean minister told reporters.")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "s.duckdb"
    article = path.parent / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["ingest", str(article), "--db", str(path), "--quiet"]) == 0
    return str(path)


@pytest.mark.parametrize(("argv", "problem"), [
    (["events", "--limit", "-1"], "argument --limit: must be at least 1, not -1"),
    (["events", "--limit", "ten"], "argument --limit: not a whole number: 'ten'"),
    (["events", "--type", "BOGUS"], "argument --type: 'BOGUS' is not a PLOVER type (AGREE, CONSULT"),
    (["events", "--since", "last week"], "argument --since: not an ISO date"),
    (["claims", "--stance", "maybe"], "argument --stance: invalid choice: 'maybe'"),
    (["quotes", "--until", "2024-6-1"], "argument --until: not an ISO date"),
    (["serve", "--port", "99999"], "argument --port: must be from 1 to 65,535, not 99,999"),
    (["serve", "--port", "0"], "argument --port: must be from 1 to 65,535, not 0"),
    (["serve", "--max-body", "-5"], "argument --max-body: must be at least 1, not -5"),
    (["ingest", "x.txt", "--workers", "0"], "argument --workers: must be at least 1, not 0"),
    (["extract", "x.txt", "--kb", "/missing/kb"], "argument --kb: no such folder: /missing/kb"),
    (["extract", "x.txt", "--max-bytes", "0"], "argument --max-bytes: must be at least 1, not 0"),
    (["extract", "x.txt", "--published", "9999-12-31"], "argument --published: not a publication date"),
    (["extract", "x.txt", "--published", "someday"], "argument --published: not a publication date"),
    (["evaluate", "events", "--limit", "-3"], "argument --limit: must be at least 1, not -3"),
])
def test_bad_option_values_are_refused_like_argparse(argv: list[str], problem: str, db: str,
                                                     capsys: pytest.CaptureFixture) -> None:
    if argv[0] in ("events", "claims", "quotes"):
        argv = [*argv, "--db", db]
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert f"communique {argv[0]}: error: {problem}" in err, err
    assert "Traceback" not in err


def test_a_kb_folder_without_kb_files_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "notes.txt").write_text("not a knowledge base", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["extract", "x.txt", "--kb", str(tmp_path)])
    assert "holds no knowledge-base file" in capsys.readouterr().err


def test_good_option_values_still_work(db: str, capsys: pytest.CaptureFixture) -> None:
    assert main(["events", "--db", db, "--type", "agree", "--limit", "5", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and {r["type"] for r in rows} == {"AGREE"}
    assert main(["claims", "--db", db, "--stance", "support", "--format", "json"]) == 0


def test_ingest_reports_each_bad_input_on_stderr_in_one_line(tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "and-a-file-with-a-long-name-too.jsonl"
    deep.parent.mkdir()
    french = ("Le ministre des affaires étrangères a rencontré son homologue à Paris lundi pour discuter "
              "de la coopération économique entre les deux pays, a indiqué le ministère.")
    deep.write_text("\n".join([json.dumps({"text": ARTICLE}), json.dumps({"text": 42}), "{not json",
                               json.dumps({"text": french})]) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "communique.cli", "ingest", str(deep), "--db",
                          str(tmp_path / "s.duckdb")], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "COLUMNS": "80"})
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"error: {deep}:2: 'text' is a number, not a string",
        f"error: {deep}:3: not JSON: Expecting property name enclosed in double quotes at column 2",
        f"warning: {deep}:4: language is 'fr', not en; no records extracted",
    ]
    assert "skipped" not in run.stdout.replace("skipped with errors", "")
    assert run.stdout.startswith("read 4 inputs: 2 articles added, 0 already stored, 2 skipped with errors")


def test_ctrl_c_during_ingest_stops_cleanly_with_a_summary(tmp_path: Path) -> None:
    lines = []
    for n in range(300):
        lines.append(json.dumps({"text": f"Delegations from Chile and Peru met in Lima for round {n} of talks "
                                         f"on fisheries, officials said on Friday.", "published": "2025-05-02"}))
    lines[15] = "{a line that is not JSON"  # its error line tells the test that ingest is under way
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "s.duckdb"
    proc = subprocess.Popen([sys.executable, "-m", "communique.cli", "ingest", str(corpus), "--db", str(db),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        before = []
        while not (line := proc.stderr.readline()).startswith(f"error: {corpus}:16: not JSON"):  # type: ignore[union-attr]
            assert line and time.monotonic() < deadline, before
            before.append(line)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: the whole process group
        out, err = proc.communicate(timeout=60)
        err = "".join(before) + err
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    summary = [line for line in err.splitlines() if line.startswith("interrupted: ")]
    assert len(summary) == 1 and "every stored article is whole" in summary[0], err
    added = int(summary[0].split()[1])
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == added
        assert all(store.document(a["id"]) is not None for a in store.articles(limit=None))
    assert out == ""


def test_serve_on_a_port_in_use_says_so_in_one_line(db: str, capsys: pytest.CaptureFixture) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--db", db, "--port", str(port)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1] == f"error: 127.0.0.1:{port}: cannot listen: address already in use", err


def test_a_lone_surrogate_costs_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("\n".join([
        json.dumps({"text": ARTICLE}),
        '{"text": "\\ud800 Delegations from Ghana and Togo met in Lome on Monday.", "title": "Talks \\udfff"}',
        json.dumps({"text": ARTICLE.replace("Chile", "Bolivia")}),
    ]) + "\n", encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    assert main(["ingest", str(corpus), "--db", db, "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("read 3 inputs: 3 articles added")
    with Store(db, read_only=True) as store:
        docs = [store.document(a["id"]) for a in store.articles()]
    odd = [d for d in docs if d.article.text.startswith("\ufffd")]
    assert len(odd) == 1 and odd[0].article.title == "Talks \ufffd"
    assert main(["extract", str(corpus), "--jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_a_publication_date_at_the_end_of_the_calendar_is_no_date(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": ARTICLE, "published": "9999-12-31"}) + "\n", encoding="utf-8")
    assert main(["extract", str(corpus)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["article"]["published"] is None and doc["events"]
