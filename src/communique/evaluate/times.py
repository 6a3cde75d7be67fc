"""Score temporal expressions on MEANTIME (English): span P/R/F1 and value accuracy, TempEval-3 style.

What counts:
- Gold expressions are the TIMEX3 of type DATE and TIME (the document creation time excluded).
  DURATION and SET are not times for communique ("three years", "weekly"); a prediction that
  overlaps one is neither a hit nor a false alarm. MEANTIME annotates only the title and the first five
  sentences, so predictions are scored there only, and not in the dateline under the title (the
  creation time, which is not scored).
- Spans: strict needs the same tokens, relaxed any overlap (one-to-one, best overlap first).
- Values are compared on relaxed matches whose gold value names a calendar period ("2007-11-07",
  "2007-11", "2007-W45", "2007-Q4", "2007-SU", "199" a decade, "2009-06-01T12:00Z" read at its day).
  Correct when our period lies inside the gold one, so it is compared at the gold's granularity
  ("2007-11-07" for gold "2007-11" is right, "2007-11" for gold "2007-11-07" is wrong);
  "value_exact" needs the same period. Unspecified values ("XXXX-XX-XX", "P1D") are not scored;
  PAST_REF/PRESENT_REF/FUTURE_REF are scored apart as `refs`: right when we give no value.
The text is rebuilt from `plain_text_tokenized/<doc>.txt` (tokens rejoined with light detokenising,
one sentence per line); each document runs through spaCy and `find_times` with its creation time
as the publication date.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..errors import GoldMissing
from ..records import Article
from ..settings import Settings
from ..times import bounds, find_times, parse_published, resolve
from . import gold_path, worst
from .scoring import match_spans, prf_dict

BUILT = True
SCORED_TYPES = ("DATE", "TIME")
# MEANTIME annotates the title, the creation time and the first five sentences only
ANNOTATED_LINES = 6
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "'s", "n't", "'", "''", "'re", "'ve", "'ll", "'d"}
_NO_SPACE_AFTER = {"(", "$", "``", "#"}


@dataclass
class GoldDoc:
    """One MEANTIME document: rebuilt text, token offsets and its gold expressions."""

    name: str
    dct: date | None
    text: str
    lines: list[tuple[int, int]]
    scored: list[tuple[int, int, str | None, str]]  # start, end, value, gold text
    ignored: list[tuple[int, int]]
    dct_given: bool = True


def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Span P/R/F1 (strict, relaxed) and value accuracy of `find_times` on MEANTIME English."""
    root = gold_path(gold, "temporal", "meantime_en")
    timex = root / "timex_gold.jsonl" if root.is_dir() else root
    if not timex.exists():
        raise GoldMissing(str(timex), "timex_gold.jsonl not found; pass --gold PATH")
    docs = load_gold(timex, timex.parent / "plain_text_tokenized")
    if limit is not None:
        docs = docs[:limit]
    from ..nlp import load

    nlp = load(settings.model)
    counts: dict[str, int] = defaultdict(int)
    gold_all, pred_all, errors = [], [], []
    values_ok = values_exact = refs_ok = 0
    for doc_no, (g, sdoc) in enumerate(zip(docs, nlp.pipe(d.text for d in docs), strict=True)):
        article = Article(id=g.name, title=None, published=g.dct.isoformat() if g.dct else None, source=None,
                          url=None, language="en", text=g.text)
        dateline = g.lines[1] if len(g.lines) > 1 and g.dct_given else (0, 0)
        window = g.lines[min(ANNOTATED_LINES, len(g.lines)) - 1][1]
        preds = [t for t in find_times(sdoc, article) if t.start < window
                 and not (dateline[0] <= t.start < dateline[1])
                 and not any(t.start < e and s < t.end for s, e in g.ignored)]
        gold_spans = [(doc_no, s, e) for s, e, _, _ in g.scored]
        pred_spans = [(doc_no, t.start, t.end) for t in preds]
        gold_all += [(s, e, str(doc_no)) for _, s, e in gold_spans]
        pred_all += [(s, e, str(doc_no)) for _, s, e in pred_spans]
        _, _, _, pairs = match_spans([(s, e) for _, s, e in gold_spans], [(s, e) for _, s, e in pred_spans],
                                     mode="overlap", threshold=1e-9)
        by_gold = {(s, e): (v, txt) for s, e, v, txt in g.scored}
        by_pred = {(t.start, t.end): t for t in preds}
        matched_gold = {gs for gs, _ in pairs}
        for gs, ps in pairs:
            value, gtext = by_gold[gs]
            ours = by_pred[ps]
            kind, ok, exact = judge(value, ours.value)
            counts[f"values {kind}"] += 1
            if kind == "unscored":
                continue
            if kind == "calendar":
                values_ok += ok
                values_exact += exact
            else:
                refs_ok += ok
            if not ok:
                errors.append({"item": f"{g.name}: {gtext!r}", "score": 0.5,
                               "detail": f"gold {value}, ours {ours.value} ({ours.text!r}, dct {g.dct})"})
        for gs, (value, gtext) in by_gold.items():
            if gs not in matched_gold:
                errors.append({"item": f"{g.name}: {gtext!r}", "score": 0.0, "detail": f"missed (gold {value})"})
        matched_pred = {ps for _, ps in pairs}
        for t in preds:
            if (t.start, t.end) not in matched_pred:
                errors.append({"item": f"{g.name}: {t.text!r}", "score": 0.25,
                               "detail": f"spurious (ours {t.value})"})
    measures: dict[str, float] = {}
    for mode in ("strict", "relaxed"):
        tp, fp, fn, _ = match_spans(gold_all, pred_all, mode="exact" if mode == "strict" else "overlap",
                                    threshold=1e-9)
        measures.update(prf_dict(tp, fp, fn, prefix=f"span/{mode}/"))
        counts.update({f"{mode} tp": tp, f"{mode} fp": fp, f"{mode} fn": fn})
    cal = counts["values calendar"]
    measures["value/calendar/accuracy"] = values_ok / cal if cal else 0.0
    measures["value/calendar_exact/accuracy"] = values_exact / cal if cal else 0.0
    refs = counts["values ref"]
    measures["value/refs/accuracy"] = refs_ok / refs if refs else 0.0
    counts.update({"documents": len(docs), "gold expressions": len(gold_all), "predictions": len(pred_all)})
    return {"stage": "times", "gold": str(timex), "n": len(gold_all), "measures": measures,
            "counts": dict(counts), "errors": worst(errors, show_errors)}


def judge(gold_value: str | None, ours: str | None) -> tuple[str, bool, bool]:
    """("calendar" | "ref" | "unscored", correct at the gold's granularity, exactly the same period)."""
    if gold_value and gold_value.endswith("_REF"):
        return "ref", ours is None, ours is None
    period = gold_period(gold_value)
    if period is None:
        return "unscored", False, False
    mine = bounds(ours) if ours else None
    if mine is None:
        return "calendar", False, False
    inside = period[0] <= mine[0] and mine[1] <= period[1]
    return "calendar", inside, mine == period


def gold_period(value: str | None) -> tuple[date, date] | None:
    """First and last day of a TIMEX3 calendar value; None for references, durations and unknowns."""
    if not value or "X" in value[:4] or value.startswith("P") or value.endswith("_REF"):
        return None
    v = value.removeprefix("FY")
    m = re.fullmatch(r"(\d{4})-Q([1-4])", v)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        return bounds(f"{y}-{3 * q - 2:02d}/{y}-{3 * q:02d}")
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|AU|WI)", v)
    if m:
        y = int(m.group(1))
        a, b = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "AU": (9, 11), "WI": (12, 2)}[m.group(2)]
        return bounds(f"{y}-{a:02d}/{y + (b < a)}-{b:02d}")
    m = re.fullmatch(r"(\d{4})-W(\d{2})-WE", v)
    if m:
        sat = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 6)
        return sat, sat + timedelta(days=1)
    if re.fullmatch(r"\d{3}", v):
        return date(int(v) * 10, 1, 1), date(int(v) * 10 + 9, 12, 31)
    v = re.sub(r"-XX$", "", v.split("T")[0])
    return bounds(v)


def load_gold(timex: Path, texts: Path) -> list[GoldDoc]:
    """MEANTIME documents with their DATE/TIME expressions as character spans of the rebuilt text."""
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in timex.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            by_doc[row["doc"]].append(row)
    docs = []
    for name in sorted(by_doc):
        path = texts / f"{name}.txt"
        if not path.exists():
            continue
        text, offsets, lines = _rebuild(path.read_text(encoding="utf-8"))
        rows = by_doc[name]
        dct = _dct(rows[0].get("dct"), text, lines)
        scored, ignored = [], []
        for row in rows:
            ids = row.get("token_ids") or []
            if not ids or max(ids) > len(offsets):
                continue
            span = (offsets[ids[0] - 1][0], offsets[ids[-1] - 1][1])
            if row["type"] in SCORED_TYPES:
                scored.append((*span, row.get("value"), row["text"]))
            else:
                ignored.append(span)
        docs.append(GoldDoc(name, dct, text, lines, scored, ignored, bool(rows[0].get("dct"))))
    return docs


def _rebuild(raw: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Detokenised text, each token's (start, end) in it, and each line's (start, end)."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in raw.split("\n"):
        line_start = pos
        prev = None
        for tok in line.split(" "):
            if not tok:
                continue
            if prev is not None and tok not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
            prev = tok
        lines.append((line_start, pos))
        parts.append("\n")
        pos += 1
    return "".join(parts), offsets, lines


def _dct(value: str | None, text: str, lines: list[tuple[int, int]]) -> date | None:
    parsed = parse_published(value) if value and re.match(r"\d{4}-", value) else None
    if parsed is None and len(lines) > 1:
        # the dateline under the title: "March 01, 2008"
        got = resolve(text[lines[1][0]:lines[1][1]], None)
        if got and got[0] and got[1] == "day":
            parsed = date.fromisoformat(got[0])
    return parsed
