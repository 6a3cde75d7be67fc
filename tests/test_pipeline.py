"""The whole pipeline: extract(), documents(), the CLI's extract, and the seed article end to end."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT, shared_path

from communique import Document, InputError, Settings, documents, extract
from communique.cli import main
from communique.records import RawDoc

WIRE = ("Ministers from Ghana and Togo met in Lomé on Monday to discuss border security, "
        "officials said.\n\nGhana's foreign minister said the talks had been useful.")


def spans_exact(d: dict) -> bool:
    text = d["article"]["text"]
    spans = [m for a in d["actors"] for m in a["mentions"]] + [e["evidence"] for e in d["events"]]
    spans += [{"start": q["start"], "end": q["end"], "text": q["text"]} for q in d["quotes"]]
    spans += [c["evidence"] for c in d["claims"]] + [m for p in d["places"] for m in p["mentions"]] + d["times"]
    return all(text[s["start"]:s["end"]] == s["text"] for s in spans)


def test_extract_gives_a_complete_document():
    doc = extract(WIRE, published="2025-03-10", title="Border talks", source="Example Wire")
    d = doc.to_dict()
    assert d["schema"] == "communique/1"
    assert d["article"]["published"] == "2025-03-10" and d["article"]["title"] == "Border talks"
    assert {a["country"] for a in d["actors"] if a["kind"] == "state"} >= {"GHA", "TGO"}
    assert spans_exact(d)
    assert Document.from_dict(json.loads(json.dumps(d))).to_dict() == d


def test_non_english_text_gets_no_records_and_says_so():
    text = ("Les ministres du Ghana et du Togo se sont réunis lundi à Lomé pour parler de la sécurité à la "
            "frontière, ont indiqué des responsables. Les discussions ont été jugées utiles par les deux parties.")
    doc = extract(text)
    assert doc.article.language == "fr"
    assert not doc.actors and not doc.events and not doc.quotes
    assert doc.warnings and "not en" in doc.warnings[0]


@pytest.mark.parametrize("bad", ["", "   \n\n  "])
def test_extract_refuses_empty_text(bad):
    with pytest.raises(InputError):
        extract(bad)


def test_documents_keeps_order_and_passes_errors_through():
    raws = [RawDoc("one", WIRE), InputError("two", "empty"), RawDoc("three", "Kenya and Uganda signed a deal.")]
    out = list(documents(raws))
    assert [type(x).__name__ for x in out] == ["Document", "InputError", "Document"]
    assert out[0].article.origin == "one" and out[2].article.origin == "three"


def test_two_processes_give_the_same_documents():
    raws = [RawDoc(f"r{n}", WIRE.replace("Monday", day)) for n, day in enumerate(["Monday", "Tuesday", "Friday"])]
    serial = [d.to_dict() for d in documents(raws)]
    parallel = [d.to_dict() for d in documents(raws, n_process=2, batch_size=1)]
    assert serial == parallel


def test_kb_folder_extends_actors_and_codebook(tmp_path):
    (tmp_path / "groups.tsv").write_text("id\tname\taliases\tcountry\tsector\n"
                                         "nff\tNorthern Farmers Front\tNFF\tGHA\tPTY\n", encoding="utf-8")
    (tmp_path / "codebook.yaml").write_text(
        "issues:\n  - id: water_rights\n    label: water rights\n    keywords: [water rights]\n", encoding="utf-8")
    text = "The Northern Farmers Front said it supports water rights for farmers in the north."
    doc = extract(text, settings=Settings(kb_paths=(tmp_path,)))
    nff = [a for a in doc.actors if a.kb_id == "nff"]
    assert nff and nff[0].sector == "PTY"
    assert any(c.issue == "water_rights" and c.actor == nff[0].id for c in doc.claims)


def test_cli_extract_prints_documents_and_fails_on_bad_inputs(tmp_path, capsys):
    good = tmp_path / "wire.txt"
    good.write_text(WIRE, encoding="utf-8")
    assert main(["extract", str(good), str(tmp_path / "missing.txt"), "--jsonl"]) == 1
    out, err = capsys.readouterr()
    lines = out.strip().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["schema"] == "communique/1"
    assert "missing.txt: no such file or directory" in err


def test_cli_extract_reads_stdin_with_metadata():
    proc = subprocess.run([sys.executable, "-m", "communique.cli", "extract", "-", "--published", "2025-03-10",
                           "--title", "Border talks"], input=WIRE, capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    d = json.loads(proc.stdout)
    assert d["article"]["title"] == "Border talks" and d["article"]["published"].startswith("2025-03-10")


def test_every_bundled_example_extracts_with_exact_offsets():
    from communique.sources import read_inputs

    docs = list(documents(read_inputs([str(ROOT / "examples")], Settings())))
    assert len(docs) == 5 and all(isinstance(d, Document) for d in docs)
    for d in docs:
        assert d.actors and d.events, d.article.origin
        assert spans_exact(d.to_dict())


def test_seed_article_passes_every_layer_of_the_seed_check(seed_doc, tmp_path):
    tool = shared_path("tools", "check_seed.py")
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed_doc.to_dict(), ensure_ascii=False), encoding="utf-8")
    layers = ["article", "actors", "events", "times", "places", "quotes", "claims"]
    proc = subprocess.run([sys.executable, str(tool), str(path), *layers], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_corpus_slice_extracts_without_errors():
    import itertools

    from communique.sources import read_inputs

    corpus = shared_path("corpus", "news.jsonl")
    out = list(documents(itertools.islice(read_inputs([str(corpus)], Settings()), 25)))
    assert len(out) == 25 and all(isinstance(d, Document) for d in out)
    assert all(spans_exact(d.to_dict()) for d in out)
