"""The one runner: keyed results in any order, long and oversize texts, dying workers, every caller."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import httpx
import pytest
from serving import serve

from communique import Document, InputError, Settings, documents
from communique import pipeline as pipeline_module
from communique.api import ServerSettings
from communique.cli import main
from communique.errors import CommuniqueError
from communique.nlp import parse, parts
from communique.pipeline import input_key, process
from communique.records import RawDoc
from communique.runner import DIED, run
from communique.store import Store, ingest

TALKS = ("Ministers from Ghana and Togo met in Lomé on Monday to discuss border security, officials said.\n\n"
         "Ghana's foreign minister said the talks had been useful.")
DEAL = "Kenya and Uganda signed a trade deal in Kampala on Friday, the two governments said."
# over spaCy's own limit of 1,000,000 characters, under the 5,000,000-byte input limit
HUGE = ("The council met again on Tuesday and the talks went on into the night. " * 16 + "\n\n") * 960


def raws(n: int) -> list[RawDoc]:
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    return [RawDoc(f"r{i}", TALKS.replace("Monday", days[i % len(days)]) + f" Round {i}.") for i in range(n)]


def test_results_carry_their_input_key_and_errors_pass_through() -> None:
    items = [RawDoc("one", TALKS), InputError("two", "empty"), RawDoc("three", DEAL)]
    out = list(run(items))
    assert [r.origin for r in out] == ["one", "two", "three"]
    assert out[0].key == input_key(items[0]) and out[2].key == input_key(items[2])
    assert out[1].key is None and isinstance(out[1].error, InputError)
    assert isinstance(out[0].document, Document) and out[0].document.article.origin == "one"


def test_parallel_results_in_any_order_match_the_serial_ones_by_key() -> None:
    items = raws(5)
    serial = {r.key: r.document.to_dict() for r in run(items)}
    unordered = list(run(items, workers=2, batch_size=1, ordered=False))
    assert {r.key: r.document.to_dict() for r in unordered} == serial
    ordered = [r.key for r in run(items, workers=2, batch_size=2)]
    assert ordered == [input_key(r) for r in items]


def test_text_over_spacys_limit_is_one_error_and_the_batch_goes_on() -> None:
    assert len(HUGE) > 1_000_000
    out = list(documents([RawDoc("good", TALKS), RawDoc("huge", HUGE), RawDoc("after", DEAL)]))
    assert [type(x).__name__ for x in out] == ["Document", "InputError", "Document"]
    assert re.fullmatch(r"huge: too long: 1,\d{3},\d{3} characters of text, over the limit of 1,000,000 characters",
                        str(out[1]))


def test_a_text_spacy_refuses_costs_only_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    # parts as long as the text and no length limit of our own: spaCy's E088 reaches the batch
    monkeypatch.setattr(pipeline_module, "PART_CHARS", 2_000_000)
    out = process([RawDoc("good", TALKS), RawDoc("huge", HUGE), RawDoc("after", DEAL)],
                  Settings(max_chars=2_000_000))
    assert [r.document is not None for r in out] == [True, False, True]
    assert out[1].error.problem.startswith("spaCy could not parse it (ValueError: [E088]")


@pytest.mark.parametrize("text,size", [
    ("one\n\ntwo two\n\nthree three three\n", 12),
    ("no breaks at all in this one but spaces", 10),
    ("averyveryverylongword and more", 8),
    ("short", 100),
])
def test_parts_join_to_the_text_and_stay_within_the_size(text: str, size: int) -> None:
    pieces = parts(text, size)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= size for p in pieces)


def test_a_long_text_is_parsed_in_parts_into_one_doc_with_exact_offsets(nlp, monkeypatch) -> None:
    text = "\n\n".join(TALKS.replace("Monday", f"day {i}") for i in range(12))
    doc = parse(nlp, text, part=400)
    assert doc.text == text and doc.user_data["communique_text"] == text
    assert [t.text for t in doc] == [t.text for t in nlp(text)]
    monkeypatch.setattr(pipeline_module, "PART_CHARS", 400)
    [result] = process([RawDoc("long", text)], Settings())
    d = result.document.to_dict()
    assert d["events"] and all(text[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
                               for e in d["events"])


def test_a_dying_worker_costs_only_the_article_it_was_on(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline_module.records

    def records(doc, article, settings):  # runs in the forked worker
        if "POISON" in article.text:
            os._exit(9)
        return real(doc, article, settings)

    monkeypatch.setattr(pipeline_module, "records", records)
    items = raws(6)
    items[3] = RawDoc("poisoned", DEAL + " POISON")
    out = list(run(items, workers=2, batch_size=2))
    assert [r.origin for r in out] == [r.origin for r in items]
    assert [r.document is not None for r in out] == [True, True, True, False, True, True]
    assert out[3].error.problem == DIED


# -- every caller: CLI extract and ingest, the API ----------------------------------------------------------

@pytest.fixture
def inputs(tmp_path: Path) -> list[str]:
    paths = []
    for name, text in (("a-talks.txt", TALKS), ("b-huge.txt", HUGE), ("c-deal.txt", DEAL)):
        paths.append(tmp_path / name)
        paths[-1].write_text(text, encoding="utf-8")
    return [str(p) for p in paths]


def test_cli_extract_prints_the_good_documents_and_one_line_for_the_huge_one(inputs, capsys) -> None:
    assert main(["extract", *inputs, "--jsonl"]) == 1
    out, err = capsys.readouterr()
    assert [json.loads(line)["article"]["text"][:8] for line in out.splitlines()] == [TALKS[:8], DEAL[:8]]
    assert err.count("\n") == 1 and re.search(r"b-huge.txt: too long: 1,\d{3},\d{3} characters", err)


def test_ingest_skips_the_huge_one_records_it_and_gets_past_it_again(inputs, tmp_path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        first = ingest(store, inputs, settings=Settings())
        again = ingest(store, inputs, settings=Settings())
        skips = store.skips()
        counts = store.counts()
    assert (first.added, first.failed) == (2, 1) and (again.duplicates, again.failed) == (2, 1)
    assert [(s["origin"], s["attempts"]) for s in skips] == [(inputs[1], 2)]
    assert counts["articles"] == 2 and counts["inputs"] == 2


def test_api_ingest_records_skips_and_input_keys(tmp_path: Path) -> None:
    db = tmp_path / "api.duckdb"
    body = {"articles": [{"text": TALKS, "title": "Border talks"}, {"text": HUGE}, {"text": ""}, {"text": DEAL}]}
    with serve(ServerSettings(db=str(db), token="t", max_body=3_000_000)) as url:
        with httpx.Client(base_url=url, timeout=300, headers={"Authorization": "Bearer t"}) as client:
            first = client.post("/api/ingest", json=body)
            assert first.status_code == 200, first.text
            again = client.post("/api/ingest", json=body).json()
    first = first.json()
    assert len(first["added"]) == 2 and [e["index"] for e in first["errors"]] == [1, 2]
    assert re.search(r"too long: 1,\d{3},\d{3} characters", first["errors"][0]["error"])
    assert again["added"] == [] and again["duplicates"] == first["added"]
    with Store(db, read_only=True) as store:
        counts = store.counts()
        skips = store.skips()
    assert counts["inputs"] == 2 and counts["articles"] == 2
    # the empty item is a malformed request ("send text"), not an input that failed
    assert [(s["origin"], s["attempts"]) for s in skips] == [("<request item 1>", 2)]


def test_the_runner_never_raises_for_bad_items() -> None:
    items = [RawDoc("empty", ""), RawDoc("binary", "\x00\x01\x02" * 50), CommuniqueError("gone", "HTTP 404")]
    assert [r.document for r in run(items)] == [None, None, None]
