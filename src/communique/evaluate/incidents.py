"""Incidents: reports labelled with the incident they tell of, ingested into a fresh store and compared.

The gold set is JSONL, one report a line: `text`, `url`, `published`, `source`, `incident` (the act
the report is about), optional `also_mentions` (other incidents it tells of in passing), `title`
and `split` (a name to score apart, e.g. "tune" and "report"). Two measures, as the issue defines:

- pairwise precision/recall/F1 over report pairs that share an incident: gold shares when the two
  reports' incidents (main and also-mentioned) meet; predicted shares when any of their listed
  events (at or above settings.MIN_CONFIDENCE) report one stored incident;
- B-cubed over each report's main incident: predicted, the incident its events weigh most in (an
  event counts 1/(1 + its paragraph's index), so the lede outweighs background).

Baselines, scored the same way: exact duplicates merged, as GDELT does (two reports share an
incident only when their texts are the same), and same type + dyad + event date (event records
grouped by PLOVER type, the unordered pair of actor keys and the date value).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Hashable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from ..errors import GoldMissing, InputError
from ..records import Document, RawDoc
from ..runner import documents
from ..settings import MIN_CONFIDENCE, Settings
from ..store import Store
from ..store.rows import text_hash
from .scoring import f1, prf_dict

DEFAULT = Path(__file__).resolve().parents[3] / "tests" / "data" / "incidents" / "dev.jsonl"
Labels = dict[str, set[Hashable]]  # report id -> the incidents it shares in
Main = dict[str, Hashable]  # report id -> its main incident


def evaluate(*, gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Score incident assignment on a labelled JSONL of reports (the committed dev set by default)."""
    path = Path(gold) if gold is not None else DEFAULT
    if not path.exists():
        raise GoldMissing(str(path), "gold set not found; pass --gold PATH (a JSONL of labelled reports)")
    rows = read_gold(path)[:limit] if limit else read_gold(path)
    docs = extract_reports(rows, settings)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "eval.duckdb") as store:
        for doc in docs:
            store.add(doc)
        ours = predicted(store, docs)
        by_key = grouped_by_key(store, docs)
    exact = {d.article.id: text_hash(d.article.text, None) for d in docs}
    systems: dict[str, tuple[Labels, Main]] = {
        "communique": ours, "exact duplicates (GDELT)": ({k: {v} for k, v in exact.items()}, exact),
        "type+dyad+date": by_key}
    ids = [d.article.id for d in docs]
    truth = ({i: {r["incident"], *r.get("also_mentions", ())} for i, r in zip(ids, rows, strict=True)},
             {i: r["incident"] for i, r in zip(ids, rows, strict=True)})
    splits = sorted({r.get("split") for r in rows if r.get("split")})
    titles = {i: r.get("title") or r.get("url") or i for i, r in zip(ids, rows, strict=True)}
    report = _score(ids, truth, systems, titles, show_errors)
    report.update(stage="incidents", gold=str(path))
    if splits:
        report["sets"] = {"all": {**_score(ids, truth, systems, titles, show_errors), "gold": str(path)}}
        for split in splits:
            keep = [i for i, r in zip(ids, rows, strict=True) if r.get("split") == split]
            report["sets"][split] = {**_score(keep, truth, systems, titles, show_errors),
                                     "gold": f"{path} [{split}]"}
    return report


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The labelled reports; raises InputError naming the line of a malformed one."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not JSON: {exc.msg}") from exc
        missing = [k for k in ("text", "incident") if not row.get(k)]
        if missing:
            raise InputError(f"{path}:{n}", f"missing {', '.join(missing)}")
        out.append(row)
    return out


def extract_reports(rows: Sequence[dict[str, Any]], settings: Settings) -> list[Document]:
    """Each report through the pipeline, with its metadata winning over what the text says."""
    raws = [RawDoc(origin=r.get("url") or f"report {n}", content=r["text"], format="text",
                   meta={k: r[k] for k in ("title", "published", "url", "source") if r.get(k)})
            for n, r in enumerate(rows, 1)]
    out = []
    for item in documents(raws, settings=settings):
        if not isinstance(item, Document):
            raise item
        out.append(item)
    return out


def _weights(doc: Document) -> dict[str, float]:
    """Event id -> its weight for the main incident: 1 / (1 + the index of its paragraph)."""
    starts = [p[0] for p in doc.article.paragraphs] or [0]
    return {e.id: 1.0 / (1 + sum(1 for s in starts[1:] if s <= e.evidence.start)) for e in doc.events}


def _main(doc: Document, label: dict[str, Hashable]) -> Hashable:
    """The label its events weigh most in (ties: the first seen); the article itself when it has none."""
    votes: dict[Hashable, float] = {}
    for eid, weight in _weights(doc).items():
        if eid in label:
            votes[label[eid]] = votes.get(label[eid], 0.0) + weight
    return max(votes, key=votes.__getitem__) if votes else f"article:{doc.article.id}"


def predicted(store: Store, docs: Sequence[Document]) -> tuple[Labels, Main]:
    """Each report's incidents (those of its listed events) and its main incident."""
    labels: Labels = {}
    mains: Main = {}
    for doc in docs:
        rows = store.events(article=doc.article.id, min_confidence=MIN_CONFIDENCE, limit=None)
        label = {r["id"]: r["incident_id"] for r in rows}
        labels[doc.article.id] = set(label.values())
        mains[doc.article.id] = _main(doc, label)
    return labels, mains


def grouped_by_key(store: Store, docs: Sequence[Document]) -> tuple[Labels, Main]:
    """The baseline: an incident is every event record with one type, unordered dyad and date value."""
    labels: Labels = {}
    mains: Main = {}
    for doc in docs:
        rows = store.events(article=doc.article.id, min_confidence=MIN_CONFIDENCE, limit=None)
        label: dict[str, Hashable] = {r["id"]: (r["type"], *sorted((r["source_key"] or "", r["target_key"] or "")),
                                                 r["date"]) for r in rows}
        labels[doc.article.id] = set(label.values())
        mains[doc.article.id] = _main(doc, label)
    return labels, mains


def pairwise(ids: Sequence[str], gold: Labels, pred: Labels) -> tuple[dict[str, float], dict[str, int],
                                                                      list[tuple[str, str, bool]]]:
    """Precision/recall/F1 over pairs that share an incident; the wrong pairs (a, b, predicted)."""
    tp = fp = fn = 0
    wrong = []
    for a, b in combinations(ids, 2):
        g, p = bool(gold[a] & gold[b]), bool(pred[a] & pred[b])
        tp += g and p
        fp += p and not g
        fn += g and not p
        if g != p:
            wrong.append((a, b, p))
    return prf_dict(tp, fp, fn), {"tp": tp, "fp": fp, "fn": fn}, wrong


def bcubed(ids: Sequence[str], gold: Main, pred: Main) -> dict[str, float]:
    """B-cubed precision, recall and F1 of one label per item."""
    def cluster(labels: Main, i: str) -> set[str]:
        return {j for j in ids if labels[j] == labels[i]}

    if not ids:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p = r = 0.0
    for i in ids:
        mine, truth = cluster(pred, i), cluster(gold, i)
        p += len(mine & truth) / len(mine)
        r += len(mine & truth) / len(truth)
    p, r = p / len(ids), r / len(ids)
    return {"precision": p, "recall": r, "f1": f1(p, r)}


def _score(ids: Sequence[str], truth: tuple[Labels, Main], systems: dict[str, tuple[Labels, Main]],
           title: dict[str, str], show_errors: int) -> dict[str, Any]:
    out: dict[str, Any] = {"n": len(ids), "measures": {}, "baselines": {}, "counts": {}, "baseline_counts": {}}
    for name, (labels, mains) in systems.items():
        pair, counts, wrong = pairwise(ids, truth[0], labels)
        measures = {f"pairwise/{k}": v for k, v in pair.items()}
        measures.update({f"bcubed/{k}": v for k, v in bcubed(ids, truth[1], mains).items()})
        counts = {**counts, "reports": len(ids), "gold incidents": len({truth[1][i] for i in ids}),
                  "predicted main incidents": len({mains[i] for i in ids})}
        if name == "communique":
            out["measures"], out["counts"] = measures, counts
            out["errors"] = [{"item": f"{title[a]} | {title[b]}", "score": 0.0 if p else 1.0,
                              "detail": ("merged: " if p else "split: ") + f"{truth[1][a]} / {truth[1][b]}"}
                             for a, b, p in wrong][:max(show_errors, 0)]
        else:
            out["baselines"][name], out["baseline_counts"][name] = measures, counts
    return out

