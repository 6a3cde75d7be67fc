"""Score the article reader: bodies on the Zyte benchmark, publication dates on htmldate's pages."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import CommuniqueError, GoldMissing
from ..records import Article, RawDoc
from ..settings import Settings
from . import gold_path, worst
from .scoring import AEB_TOKEN, body_scores, doc_shingle_f1

AEB = "scrapinghub_aeb"
DATES = "htmldate_en_dates"
BASELINES = ("trafilatura", "readability")
BOOTSTRAP = 1000

Reader = Callable[[str, str, dict[str, Any]], Article]


def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Body shingle P/R/F1 and date accuracy; `gold` is either set's folder or the folder holding both."""
    sets = _sets(gold)
    reader, warnings = html_reader(settings)
    report: dict[str, Any] = {"stage": "articles", "gold": str(gold or gold_path(None, "article_extraction")),
                              "n": 0, "measures": {}, "counts": {}, "errors": [], "sets": {}}
    if AEB in sets:
        sub = score_bodies(sets[AEB], reader, show_errors=show_errors, limit=limit)
        sub["warnings"] = warnings + sub.get("warnings", [])
        report["sets"][AEB] = sub
    if DATES in sets:
        sub = score_dates(sets[DATES], reader, show_errors=show_errors, limit=limit)
        sub["warnings"] = warnings + sub.get("warnings", [])
        report["sets"][DATES] = sub
    for name, sub in report["sets"].items():
        report["n"] += sub["n"]
        report["measures"].update({f"{name}/{k}": v for k, v in sub["measures"].items()})
        report["counts"].update({f"{name}/{k}": v for k, v in sub["counts"].items()})
        report["errors"].extend({**e, "item": f"{name}:{e['item']}"} for e in sub["errors"])
    report["errors"] = worst(report["errors"], show_errors)
    return report


def _sets(gold: Path | None) -> dict[str, Path]:
    if gold is None:
        return {name: gold_path(None, "article_extraction", name) for name in (AEB, DATES)}
    root = gold_path(gold)
    if (root / "ground-truth.json").exists():
        return {AEB: root}
    if (root / "dates.json").exists():
        return {DATES: root}
    found = {name: root / name for name in (AEB, DATES) if (root / name).exists()}
    if not found:
        raise GoldMissing(str(root), "neither ground-truth.json (AEB) nor dates.json (htmldate) found here; "
                                     "pass --gold PATH")
    return found


def html_reader(settings: Settings) -> tuple[Reader, list[str]]:
    """The HTML article parser, or the generic reader while `article.html` has not landed."""
    try:
        from ..article.html import parse_html  # type: ignore[import-not-found]
    except ImportError:
        from ..article import read_article

        def fallback(html: str, origin: str, meta: dict[str, Any]) -> Article:
            return read_article(RawDoc(origin, html, "html", dict(meta)), settings)

        return fallback, ["communique.article.html.parse_html not found; scored article.read_article instead"]

    def parse(html: str, origin: str, meta: dict[str, Any]) -> Article:
        return parse_html(html, origin=origin, meta=dict(meta))

    return parse, []


def score_bodies(root: Path, reader: Reader, *, show_errors: int = 0,
                 limit: int | None = None) -> dict[str, Any]:
    """AEB shingle measures of our bodies, with the upstream baselines scored the same way."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit is not None else sorted(truth)
    baselines = {}
    for name in BASELINES:
        path = root / "baseline_outputs" / f"{name}.json"
        if path.exists():
            baselines[name] = json.loads(path.read_text(encoding="utf-8"))["output"]
    pairs: list[tuple[str, str]] = []
    errors: list[dict[str, Any]] = []
    failed = 0
    for item in ids:
        gold = truth[item].get("articleBody") or ""
        url = truth[item].get("url")
        try:
            html = decode_html(gzip.decompress((root / "html" / f"{item}.html.gz").read_bytes()), item)
            body = reader(html, f"{AEB}/{item}", {"url": url} if url else {}).text
        except CommuniqueError as exc:
            failed += 1
            body = ""
            errors.append({"item": item, "score": 0.0, "detail": f"failed: {exc.problem} ({url})"})
            pairs.append((gold, body))
            continue
        pairs.append((gold, body))
        score = doc_shingle_f1(gold, body)
        if score < 1.0:
            errors.append({"item": item, "score": score, "detail": _body_detail(gold, body, url)})
    measures = _prefixed(body_scores(pairs, bootstrap=BOOTSTRAP))
    base_measures = {name: _prefixed(body_scores([(truth[i].get("articleBody") or "",
                                                   (out.get(i) or {}).get("articleBody") or "") for i in ids],
                                                 bootstrap=BOOTSTRAP))
                     for name, out in baselines.items()}
    exact = sum(1 for g, p in pairs if AEB_TOKEN.findall(g) == AEB_TOKEN.findall(p))
    return {"stage": "articles", "name": AEB, "gold": str(root), "n": len(ids), "measures": measures,
            "baselines": base_measures, "counts": {"pages": len(ids), "exact": exact, "failed": failed},
            "errors": worst(errors, show_errors)}


def _prefixed(scores: dict[str, float]) -> dict[str, float]:
    out = {f"shingle/{k}": v for k, v in scores.items() if k != "accuracy"}
    out["exact/accuracy"] = scores["accuracy"]
    return out


def _body_detail(gold: str, body: str, url: str | None) -> str:
    g, p = AEB_TOKEN.findall(gold), AEB_TOKEN.findall(body)
    return f"{len(p)} words predicted, {len(g)} gold; starts {' '.join(p[:8])!r} ({url})"


def score_dates(root: Path, reader: Reader, *, show_errors: int = 0,
                limit: int | None = None) -> dict[str, Any]:
    """Publication-date accuracy (day) over all pages, and precision over pages where we gave a date."""
    records = json.loads((root / "dates.json").read_text(encoding="utf-8"))
    records = records[:limit] if limit is not None else records
    correct = returned = failed = 0
    errors: list[dict[str, Any]] = []
    for rec in records:
        try:
            html = decode_html(gzip.decompress((root / rec["file"]).read_bytes()), rec["file"])
            published = reader(html, f"{DATES}/{Path(rec['file']).name}", {"url": rec["url"]}).published
        except CommuniqueError as exc:
            failed += 1
            errors.append({"item": Path(rec["file"]).name, "score": 0.0,
                           "detail": f"failed: {exc.problem} ({rec['url']})"})
            continue
        day = (published or "")[:10] or None
        if day:
            returned += 1
        if day == rec["date"]:
            correct += 1
        else:
            errors.append({"item": Path(rec["file"]).name, "score": 0.0,
                           "detail": f"predicted {day or 'nothing'}, gold {rec['date']} ({rec['url']})"})
    n = len(records)
    measures = {"date/accuracy": correct / n if n else 0.0,
                "date/precision": correct / returned if returned else 0.0,
                "date/coverage": returned / n if n else 0.0}
    return {"stage": "articles", "name": DATES, "gold": str(root), "n": n, "measures": measures,
            "counts": {"pages": n, "dated": returned, "correct": correct, "failed": failed},
            "errors": worst(errors, show_errors)}


def decode_html(data: bytes, origin: str) -> str:
    """Page bytes as text, decoded the way the sources stage decodes fetched pages."""
    try:
        from ..sources.decode import decode
    except ImportError:
        return _decode_plain(data)
    return decode(data, origin)


def _decode_plain(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return str(best) if best is not None else data.decode("latin-1")
