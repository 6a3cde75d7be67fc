"""Score each stage against its gold set in ../shared/gold: `run(stage, ...)` and `format_report`.

A stage module is `communique/evaluate/<stage>.py` and provides

    BUILT: bool = True            # optional; False reports "<stage>: not built yet"
    def evaluate(gold: Path | None, settings: Settings, show_errors: int,
                 limit: int | None) -> dict

`evaluate` is called with keyword arguments. `gold` is the user's --gold path or None for the
shared copy (resolve it with `gold_path(gold, "events", "plover_gsr")`, which raises GoldMissing).
`limit` caps the gold items scored (per gold set); `show_errors` is how many worst misses to keep.
It returns a report dict:

    {"stage": str, "gold": str, "n": int,              # items scored
     "measures": {name: float},                        # ours, names like "exact/PERSON/f1"
     "baselines": {system: {name: float}},             # optional, same names, scored the same way
     "counts": {name: int},                            # tp/fp/fn, items, failures behind the measures
     "errors": [{"item": str, "score": float, "detail": str}],   # worst first, at most show_errors
     "warnings": [str],                                # optional
     "sets": {set_name: report}}                       # optional, one sub-report per gold set

Measure names are "/"-separated; `format_report` prints one row per name minus its last part and
one column per last part ("precision", "recall", "f1", ...). A stage that cannot import (module
missing, or one of its imports missing) or sets BUILT = False reports "not built yet", never zeros.
"""

from __future__ import annotations

import importlib
import math
from pathlib import Path
from typing import Any

from ..errors import CommuniqueError, GoldMissing
from ..settings import Settings

STAGES = ("articles", "entities", "events", "places", "times", "quotes", "incidents")
OURS = "communique"
_COLUMN_ORDER = ("precision", "recall", "f1", "f1_std", "accuracy", "coverage")


def run(stage: str, *, gold: Path | None = None, settings: Settings | None = None, show_errors: int = 0,
        limit: int | None = None) -> dict[str, Any]:
    """Score one stage against its gold set and return the report dict (see the module docstring).

    Raises GoldMissing when the gold set is not found, CommuniqueError for an unknown stage.
    """
    if stage not in STAGES:
        raise CommuniqueError(stage, f"no such stage; choose one of {', '.join(STAGES)}")
    try:
        module = importlib.import_module(f"{__name__}.{stage}")
    except ImportError as exc:
        return not_built(stage, f"{exc.__class__.__name__}: {exc}")
    if not getattr(module, "BUILT", True) or not hasattr(module, "evaluate"):
        return not_built(stage, "the stage module says it is not built")
    report = module.evaluate(gold=gold, settings=settings or Settings(), show_errors=show_errors, limit=limit)
    report.setdefault("stage", stage)
    return report


def not_built(stage: str, reason: str = "") -> dict[str, Any]:
    """The report of a stage whose scorer does not exist yet."""
    return {"stage": stage, "built": False, "status": "not built yet", "reason": reason, "gold": None,
            "n": 0, "measures": {}, "counts": {}, "errors": []}


def gold_path(gold: Path | None, *parts: str) -> Path:
    """The gold set to read: `gold` if given, else ../shared/gold/<parts> found from here.

    Looks under ../shared relative to the current directory, then beside the repository root.
    Raises GoldMissing naming the path when nothing is there.
    """
    if gold is not None:
        path = Path(gold)
        if not path.exists():
            raise GoldMissing(str(path), "gold set not found; pass --gold PATH")
        return path
    candidates = [Path.cwd().parent / "shared" / "gold" / Path(*parts),
                  Path(__file__).resolve().parents[3].parent / "shared" / "gold" / Path(*parts)]
    for path in candidates:
        if path.exists():
            return path
    raise GoldMissing(str(candidates[0]), "gold set not found; pass --gold PATH")


def worst(errors: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The n lowest-scoring misses, worst first."""
    return sorted(errors, key=lambda e: (e.get("score", 0.0), str(e.get("item"))))[:max(n, 0)]


def format_report(report: dict[str, Any]) -> str:
    """The report as a plain-text table: measures beside baselines, counts, then the worst misses."""
    if report.get("built") is False:
        reason = f" ({report['reason']})" if report.get("reason") else ""
        return f"{report['stage']}: not built yet{reason}"
    lines = [f"{report['stage']}: {report.get('n', 0)} gold items from {report.get('gold')}"]
    sets = report.get("sets")
    for name, sub in (sets.items() if sets else [(None, report)]):
        lines.append("")
        if name:
            lines.append(f"== {name}: {sub.get('n', 0)} items ({sub.get('gold')})")
        lines.extend(_table(sub))
    return "\n".join(lines)


def _table(report: dict[str, Any]) -> list[str]:
    systems = {OURS: report.get("measures", {}), **report.get("baselines", {})}
    rows: dict[str, dict[str, dict[str, Any]]] = {}
    columns: list[str] = []
    for system, measures in systems.items():
        for name, value in measures.items():
            row, _, col = name.rpartition("/")
            rows.setdefault(row or name, {}).setdefault(system, {})[col] = value
            if col not in columns:
                columns.append(col)
    columns.sort(key=lambda c: (_COLUMN_ORDER.index(c) if c in _COLUMN_ORDER else len(_COLUMN_ORDER), c))
    out: list[str] = []
    if rows:
        w_row = max(len(r) for r in rows)
        w_sys = max(len(s) for s in systems)
        widths = [max(len(c), 7) for c in columns]
        out.append(" ".join([" " * w_row, " " * w_sys] + [c.rjust(w) for c, w in zip(columns, widths,
                                                                                        strict=True)]))
        for row, by_system in rows.items():
            first = True
            for system in systems:
                if system not in by_system:
                    continue
                values = by_system[system]
                cells = [_fmt(values.get(c)).rjust(w) for c, w in zip(columns, widths, strict=True)]
                out.append(" ".join([(row if first else "").ljust(w_row), system.ljust(w_sys)] + cells))
                first = False
    counts = report.get("counts") or {}
    if counts:
        out.append("counts: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for system, sys_counts in (report.get("baseline_counts") or {}).items():
        out.append(f"counts ({system}): " + ", ".join(f"{k} {v}" for k, v in sys_counts.items()))
    for warning in report.get("warnings") or ():
        out.append(f"warning: {warning}")
    errors = report.get("errors") or []
    if errors:
        out.append("worst misses:")
        for e in errors:
            out.append(f"  {_fmt(e.get('score'))}  {e.get('item')}  {e.get('detail', '')}")
    return out


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.3f}"
    return str(value)


__all__ = ["run", "format_report", "gold_path", "not_built", "STAGES"]
