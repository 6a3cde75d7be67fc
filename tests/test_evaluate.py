"""The evaluate command: real gold slices, stages not built yet, missing gold, the CLI's JSON."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from conftest import shared_path

from communique.errors import GoldMissing
from communique.evaluate import format_report, gold_path, run
from communique.evaluate.entities import aligner
from communique.settings import Settings


def test_articles_on_three_pages_of_each_set() -> None:
    gold = shared_path("gold", "article_extraction")
    report = run("articles", gold=gold, settings=Settings(), show_errors=2, limit=3)
    assert report["stage"] == "articles" and report["n"] == 6
    bodies, dates = report["sets"]["scrapinghub_aeb"], report["sets"]["htmldate_en_dates"]
    assert bodies["n"] == 3 and dates["n"] == 3
    for name in ("shingle/precision", "shingle/recall", "shingle/f1", "exact/accuracy"):
        assert 0.0 <= bodies["measures"][name] <= 1.0
        assert 0.0 <= bodies["baselines"]["trafilatura"][name] <= 1.0
    # the upstream trafilatura output is near-perfect on these pages: the scorer reads it right
    assert bodies["baselines"]["trafilatura"]["shingle/f1"] > 0.8
    assert set(dates["measures"]) == {"date/accuracy", "date/precision", "date/coverage"}
    assert len(report["errors"]) <= 2
    text = format_report(report)
    assert "scrapinghub_aeb" in text and "trafilatura" in text and "date" in text


@pytest.mark.slow
def test_entities_on_two_re3d_documents() -> None:
    gold = shared_path("gold", "ner", "re3d")
    report = run("entities", gold=gold, settings=Settings(), show_errors=1, limit=2)
    assert report["n"] == 2 and report["counts"]["predictions unmapped"] == 0
    for system in (report["measures"], report["baselines"]["spacy"]):
        assert set(system) >= {"exact/Person/f1", "overlap/Organisation/recall", "overlap/all/precision"}
    # spaCy finds some of these names: a zero here would mean offsets went astray
    assert report["baselines"]["spacy"]["overlap/all/f1"] > 0.1


def test_articles_gold_may_name_one_set() -> None:
    gold = shared_path("gold", "article_extraction", "htmldate_en_dates")
    report = run("articles", gold=gold, settings=Settings(), show_errors=0, limit=1)
    assert list(report["sets"]) == ["htmldate_en_dates"] and report["n"] == 1


def test_stage_without_a_module_is_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    # None in sys.modules makes the import fail, as it does before the module is written
    monkeypatch.setitem(sys.modules, "communique.evaluate.quotes", None)
    report = run("quotes", gold=None, settings=Settings(), show_errors=0, limit=None)
    assert report["built"] is False and report["measures"] == {}
    assert format_report(report).startswith("quotes: not built yet")


def test_stage_saying_it_is_not_built(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("communique.evaluate.times")
    module.BUILT = False  # type: ignore[attr-defined]
    module.evaluate = lambda **kw: pytest.fail("a stage that is not built must not be scored")  # type: ignore
    monkeypatch.setitem(sys.modules, "communique.evaluate.times", module)
    assert format_report(run("times")).startswith("times: not built yet")


def test_stage_module_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict:
        seen.update(gold=gold, show_errors=show_errors, limit=limit)
        return {"gold": str(gold), "n": 2, "measures": {"type/accuracy": 0.5, "type/macro_f1": 0.25},
                "counts": {"records": 2},
                "errors": [{"item": "r1", "score": 0.0, "detail": "AGREE for REJECT"}]}

    module = types.ModuleType("communique.evaluate.events")
    module.evaluate = evaluate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "communique.evaluate.events", module)
    report = run("events", gold=Path("/x"), settings=Settings(), show_errors=1, limit=7)
    assert seen == {"gold": Path("/x"), "show_errors": 1, "limit": 7}
    assert report["stage"] == "events"
    text = format_report(report)
    assert "0.500" in text and "0.250" in text and "AGREE for REJECT" in text and "records 2" in text


def test_bad_gold_path_raises(tmp_path: Path) -> None:
    with pytest.raises(GoldMissing, match="pass --gold PATH"):
        run("articles", gold=tmp_path / "nowhere", settings=Settings(), show_errors=0, limit=1)
    with pytest.raises(GoldMissing):
        gold_path(None, "no", "such", "set")


def test_cli_writes_the_report_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from communique.cli import main

    shared_path("gold", "article_extraction")
    out = tmp_path / "report.json"
    assert main(["evaluate", "articles", "--limit", "2", "--out", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["stage"] == "articles" and report["n"] == 4
    assert "shingle" in capsys.readouterr().out


def test_cli_bad_gold_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from communique.cli import main

    assert main(["evaluate", "articles", "--gold", str(tmp_path / "nowhere")]) == 1
    assert "gold set not found" in capsys.readouterr().err


@pytest.mark.parametrize("original, text, span, expected", [
    ("Syria and Iraq", "Syria and Iraq", (10, 14), (10, 14)),
    ("  Syria and Iraq\n", "Syria and Iraq", (10, 14), (12, 16)),
    ("Title line\nKerry met Lavrov.\nCaption", "Kerry met Lavrov.", (10, 16), (21, 27)),
    ("A said.\nPhoto: X\nB met Kerry.", "A said.\nB met Kerry.", (14, 19), (23, 28)),
    ("A said.", "Something else", (0, 4), None),
    ("Chilean  President Ana Soto", "Chilean President Ana Soto", (8, 22), (9, 23)),  # folded spaces
    ("Title\nIraq and Iran.\nIraq", "Iraq and Iran.\nIraq", (0, 4), (6, 10)),
    ("Kerry met Foreign Minister Lavrov.", "Kerry met Lavrov.", (0, 16), None),  # a gap inside the span
])
def test_aligner_maps_article_offsets_to_gold(original: str, text: str, span: tuple[int, int],
                                              expected: tuple[int, int] | None) -> None:
    got = aligner(original, text)(*span)
    assert got == expected
    if got:
        assert original[got[0]:got[1]].split() == text[span[0]:span[1]].split()
