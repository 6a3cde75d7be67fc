"""Pure scorers shared by every stage: counts in, measures out, no I/O."""

from __future__ import annotations

import math
import random
import re
import statistics
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

Span = tuple[int, int]  # (start, end), end exclusive
LabelledSpan = tuple[int, int, str]

EARTH_RADIUS_KM = 6371.0088
# Half the equator: the error charged for a toponym that was not resolved at all.
MAX_ERROR_KM = 20_037.5
AEB_TOKEN = re.compile(r"\w+")


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; a zero denominator scores 0.0."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, f1(p, r)


def f1(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def prf_dict(tp: float, fp: float, fn: float, prefix: str = "") -> dict[str, float]:
    """`prf` as {prefix+"precision", prefix+"recall", prefix+"f1"}."""
    p, r, f = prf(tp, fp, fn)
    return {f"{prefix}precision": p, f"{prefix}recall": r, f"{prefix}f1": f}


# -- spans ---------------------------------------------------------------------------------------

def jaccard(a: Span | LabelledSpan, b: Span | LabelledSpan) -> float:
    """Shared length over joint length of two half-open ranges (characters or tokens)."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    if inter <= 0:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union


def _label(span: Sequence[Any]) -> Any:
    return span[2] if len(span) > 2 else None


def match_spans(gold: Iterable[Span | LabelledSpan], pred: Iterable[Span | LabelledSpan], *,
                mode: str = "exact", threshold: float = 0.5) -> tuple[int, int, int, list[tuple[Any, Any]]]:
    """One-to-one matching of predicted to gold spans: (tp, fp, fn, matched pairs).

    Spans are (start, end) or (start, end, label); labelled spans only match the same label.
    `mode` "exact" needs identical offsets, "overlap" needs Jaccard >= `threshold`; overlap pairs
    are taken best first, so one long prediction cannot claim several gold spans.
    Duplicates count once.
    """
    g = sorted(set(map(tuple, gold)))
    p = sorted(set(map(tuple, pred)))
    if mode == "exact":
        pairs = [(s, s) for s in sorted(set(g) & set(p))]
    elif mode == "overlap":
        candidates = []
        for gs in g:
            for ps in p:
                if _label(gs) == _label(ps):
                    score = jaccard(gs, ps)
                    # a tiny epsilon keeps 0.5 from failing on float rounding
                    if score > 0 and score + 1e-9 >= threshold:
                        candidates.append((-score, gs, ps))
        candidates.sort()
        used_g: set[Any] = set()
        used_p: set[Any] = set()
        pairs = []
        for _, gs, ps in candidates:
            if gs not in used_g and ps not in used_p:
                used_g.add(gs)
                used_p.add(ps)
                pairs.append((gs, ps))
    else:
        raise ValueError(f"unknown span matching mode {mode!r}")
    tp = len(pairs)
    return tp, len(p) - tp, len(g) - tp, pairs


# -- labels --------------------------------------------------------------------------------------

def accuracy(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Share of positions where the prediction equals the gold label."""
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold) if gold else 0.0


def per_label(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[Hashable, dict[str, float]]:
    """Precision, recall, F1 and support of each label seen in gold or predictions."""
    if len(gold) != len(pred):
        raise ValueError("gold and predictions differ in length")
    tp: Counter[Hashable] = Counter()
    fp: Counter[Hashable] = Counter()
    fn: Counter[Hashable] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    support = Counter(gold)
    out = {}
    for label in sorted(set(gold) | set(pred), key=str):
        p_, r_, f_ = prf(tp[label], fp[label], fn[label])
        out[label] = {"precision": p_, "recall": r_, "f1": f_, "support": support[label]}
    return out


def macro_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Unweighted mean of per-label F1 over every label in gold or predictions."""
    scores = per_label(gold, pred)
    return sum(s["f1"] for s in scores.values()) / len(scores) if scores else 0.0


def weighted_f1(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Per-label F1 weighted by gold support (the CASE 2021 task 2 official measure)."""
    scores = per_label(gold, pred)
    total = sum(s["support"] for s in scores.values())
    return sum(s["f1"] * s["support"] for s in scores.values()) / total if total else 0.0


def set_prf(gold: Iterable[Hashable], pred: Iterable[Hashable]) -> tuple[float, float, float]:
    """Set precision, recall and F1 (actor codes); two empty sets agree perfectly."""
    g, p = set(gold), set(pred)
    if not g and not p:
        # "no target" predicted for a record without a target is right, not undefined
        return 1.0, 1.0, 1.0
    tp = len(g & p)
    return prf(tp, len(p) - tp, len(g) - tp)


# -- article bodies (Zyte article-extraction-benchmark measure) ----------------------------------

def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles over `\\w+` tokens; a text shorter than n is one shingle."""
    tokens = AEB_TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)] if tokens else [])
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def shingle_counts(gold: str, pred: str, n: int = 4) -> tuple[float, float, float]:
    """Shingle tp, fp, fn of one document, scaled to sum to 1 so every document weighs the same."""
    g, p = shingles(gold, n), shingles(pred, n)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def same_tokens(gold: str, pred: str) -> bool:
    """True when both texts have exactly the same `\\w+` token sequence."""
    return AEB_TOKEN.findall(gold or "") == AEB_TOKEN.findall(pred or "")


def body_scores(pairs: Sequence[tuple[str, str]], *, bootstrap: int = 0, seed: int = 0) -> dict[str, float]:
    """AEB measures over (gold, predicted) bodies: macro P and R, F1 of the two, exact accuracy.

    With `bootstrap` > 0, also the standard deviation of F1 over that many resamples of documents.
    """
    per_doc = [_doc_pr(g, p) for g, p in pairs]
    out = _pr_f1(per_doc)
    out["accuracy"] = sum(same_tokens(g, p) for g, p in pairs) / len(pairs) if pairs else 0.0
    if bootstrap and per_doc:
        rng = random.Random(seed)
        f1s = [_pr_f1(rng.choices(per_doc, k=len(per_doc)))["f1"] for _ in range(bootstrap)]
        out["f1_std"] = statistics.pstdev(f1s)
    return out


def doc_shingle_f1(gold: str, pred: str) -> float:
    """Shingle F1 of one document (to rank the worst extractions)."""
    return f1(*_doc_pr(gold, pred))


def _doc_pr(gold: str, pred: str) -> tuple[float, float]:
    tp, fp, fn = shingle_counts(gold, pred)
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def _pr_f1(per_doc: Sequence[tuple[float, float]]) -> dict[str, float]:
    if not per_doc:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    p = sum(x for x, _ in per_doc) / len(per_doc)
    r = sum(y for _, y in per_doc) / len(per_doc)
    return {"precision": p, "recall": r, "f1": f1(p, r)}


# -- geography -----------------------------------------------------------------------------------

def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def geo_scores(errors_km: Sequence[float | None], *, within_km: float = 161.0) -> dict[str, float]:
    """Accuracy within `within_km`, median and mean error, and AUC of the log-error curve.

    None marks a toponym left unresolved and is charged MAX_ERROR_KM, so abstaining never
    improves a score. AUC follows Gritta et al. (0 is perfect, 1 is always antipodal).
    """
    key = f"accuracy@{within_km:g}km"
    if not errors_km:
        return {key: 0.0, "median_km": 0.0, "mean_km": 0.0, "auc": 0.0}
    errs = [MAX_ERROR_KM if e is None else min(e, MAX_ERROR_KM) for e in errors_km]
    scale = math.log(MAX_ERROR_KM + 1)
    return {
        key: sum(e <= within_km for e in errs) / len(errs),
        "median_km": statistics.median(errs),
        "mean_km": statistics.fmean(errs),
        "auc": statistics.fmean(math.log(e + 1) / scale for e in errs),
    }
