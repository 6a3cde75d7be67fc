"""Score event coding on VOA-PLOVER: whole stories annotated sentence by sentence, so precision counts.

Scored exactly as the set's README says:
1. each story (text, title, published, url) runs through the whole pipeline; negated events are left out;
2. a predicted event belongs to the gold sentence that holds its trigger's first character;
3. type level: within a sentence, predicted events (in text order) are matched one to one to gold
   events (in gold order) whose `type` or `alt_types` holds the predicted type;
4. strict: as 3, and the source and the target must match where the gold gives them: the actor's
   country code equals the gold `country`, or a capitalised word of the gold `name` is a word of the
   actor's name, aliases or mentions; a gold target of null accepts any target;
5. story level: per PLOVER type, is it present in a story's predictions and in its gold; macro-F1 over
   the types present in the gold.
Type precision and recall are also given at several confidence thresholds, to calibrate the default
`settings.MIN_CONFIDENCE`. The dev copy is split for tuning: stories at even positions of
stories.jsonl are the tuning half, odd positions the report half; the worst errors listed for the dev
copy come from the tuning half only, so the report half stays unread.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import Actor, Document, Event, RawDoc
from ..settings import MIN_CONFIDENCE, Settings
from .entities import aligner
from .scoring import f1, prf, prf_dict

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Story:
    """One gold story: its text, sentence offsets and gold events."""

    id: str
    title: str | None
    published: str | None
    url: str | None
    text: str
    sentences: tuple[tuple[int, int, str], ...]  # (start, end, text)
    gold: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Predicted:
    """One predicted event placed in a gold sentence, with its actors for strict matching."""

    story: str
    sent: int | None
    event: Event
    source: Actor | None
    target: Actor | None


def load(path: Path) -> list[Story]:
    """The stories of a VOA-PLOVER folder (stories.jsonl beside gold.jsonl), in file order."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for line in (path / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            gold[str(row["id"])] = row.get("events") or []
    out = []
    for line in (path / "stories.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        sid = str(row["id"])
        sents = tuple((int(s["start"]), int(s["end"]), s.get("text", "")) for s in row["sentences"])
        out.append(Story(sid, row.get("title"), row.get("published"), row.get("url"), row["text"], sents,
                         tuple(gold.get(sid, ()))))
    return out


def halves(stories: Sequence[Story]) -> tuple[list[Story], list[Story]]:
    """(tuning half, report half): stories at even and at odd positions of the file."""
    return list(stories[0::2]), list(stories[1::2])


def run(stories: Sequence[Story], settings: Settings) -> dict[str, Document]:
    """Each story through the whole pipeline, keyed by story id."""
    from ..runner import documents

    raws = [RawDoc(origin=f"voa:{s.id}", content=s.text, format="text",
                   meta={k: v for k, v in (("title", s.title), ("published", s.published), ("url", s.url)) if v})
            for s in stories]
    out: dict[str, Document] = {}
    for story, doc in zip(stories, documents(raws, settings=settings, strict=True), strict=True):
        assert isinstance(doc, Document)
        out[story.id] = doc
    return out


def predictions(story: Story, document: Document) -> list[Predicted]:
    """The story's events that are not negated, each placed in the gold sentence holding its trigger."""
    align = aligner(story.text, document.article.text)
    actors = {a.id: a for a in document.actors}
    out = []
    for e in document.events:
        if e.negated:
            continue
        at = e.trigger or e.evidence
        span = align(at.start, at.end)
        sent = None
        if span is not None:
            sent = next((i for i, (s, end, _) in enumerate(story.sentences) if s <= span[0] < end), None)
        out.append(Predicted(story.id, sent, e, actors.get(e.source or ""), actors.get(e.target or "")))
    return sorted(out, key=lambda p: ((p.event.trigger or p.event.evidence).start, p.event.id))


def _types(gold: dict[str, Any]) -> set[str]:
    return {gold["type"], *(gold.get("alt_types") or ())}


def actor_matches(gold: dict[str, Any] | None, actor: Actor | None) -> bool:
    """README rule 4: a gold actor of null accepts any; else country code or a capitalised name word."""
    if not gold:
        return True
    if actor is None:
        return False
    country = (gold.get("country") or "").upper()
    if country and (actor.country or "").upper() == country:
        return True
    words = {w for w in WORD.findall(gold.get("name") or "") if w[:1].isupper()}
    if not words:
        return False
    names = [actor.name, *actor.aliases, *(m.text for m in actor.mentions)]
    have = {w for n in names for w in WORD.findall(n or "")}
    return bool(words & have)


def _strict(gold: dict[str, Any], pred: Predicted) -> bool:
    return actor_matches(gold.get("source"), pred.source) and actor_matches(gold.get("target"), pred.target)


def match(gold: Sequence[dict[str, Any]], preds: Sequence[Predicted], *,
          strict: bool) -> list[tuple[Predicted, int | None]]:
    """One sentence: each prediction in order with the index of the gold event it matched, or None."""
    used: set[int] = set()
    out: list[tuple[Predicted, int | None]] = []
    for p in preds:
        hit = next((i for i, g in enumerate(gold) if i not in used and p.event.type in _types(g)
                    and (not strict or _strict(g, p))), None)
        if hit is not None:
            used.add(hit)
        out.append((p, hit))
    return out


def score(stories: Sequence[Story], docs: dict[str, Document], *, show_errors: int = 0,
          errors_from: set[str] | None = None, gold_name: str = "") -> dict[str, Any]:
    """Type, strict and story-level scores of `stories`; errors only from stories in `errors_from`."""
    counts: Counter[str] = Counter()
    by_type: Counter[tuple[str, str]] = Counter()
    story_tp: Counter[str] = Counter()
    story_fp: Counter[str] = Counter()
    story_fn: Counter[str] = Counter()
    gold_types: set[str] = set()
    confident: list[tuple[float, bool]] = []  # (confidence, type-matched) of every prediction
    n_gold_total = 0
    fps: list[dict[str, Any]] = []
    misses: list[dict[str, Any]] = []
    for story in stories:
        document = docs[story.id]
        preds = predictions(story, document)
        names = {a.id: a.name for a in document.actors}
        n_gold_total += len(story.gold)
        for sent in {*(g["sent"] for g in story.gold), *(p.sent for p in preds)}:
            gold = [g for g in story.gold if g["sent"] == sent]
            mine = [p for p in preds if p.sent == sent]
            typed = match(gold, mine, strict=False)
            strict = match(gold, mine, strict=True)
            counts["predicted"] += len(mine)
            counts["gold"] += len(gold)
            counts["type_tp"] += sum(h is not None for _, h in typed)
            counts["strict_tp"] += sum(h is not None for _, h in strict)
            for p, h in typed:
                by_type[(p.event.type, "predicted")] += 1
                confident.append((p.event.confidence, h is not None))
                if h is not None:
                    by_type[(p.event.type, "tp_pred")] += 1
                    by_type[(gold[h]["type"], "tp_gold")] += 1
                elif errors_from is None or story.id in errors_from:
                    fps.append(_fp(story, sent, p, names))
            found = {h for _, h in typed if h is not None}
            for i, g in enumerate(gold):
                by_type[(g["type"], "gold")] += 1
                if i not in found and (errors_from is None or story.id in errors_from):
                    misses.append(_miss(story, g))
        predicted_types = {p.event.type for p in preds}
        wanted = {g["type"] for g in story.gold}
        gold_types |= wanted
        for t in predicted_types | wanted:
            if t in predicted_types and t in wanted:
                story_tp[t] += 1
            elif t in predicted_types:
                story_fp[t] += 1
            else:
                story_fn[t] += 1
    tp, n_pred, n_gold = counts["type_tp"], counts["predicted"], counts["gold"]
    measures: dict[str, float] = {**prf_dict(tp, n_pred - tp, n_gold - tp, "type/"),
                **prf_dict(counts["strict_tp"], n_pred - counts["strict_tp"], n_gold - counts["strict_tp"],
                           "strict/")}
    story_f1 = {t: prf(story_tp[t], story_fp[t], story_fn[t])[2] for t in sorted(gold_types)}
    measures["story/macro_f1"] = sum(story_f1.values()) / len(story_f1) if story_f1 else 0.0
    for t in sorted({t for t, _ in by_type}):
        p = by_type[(t, "tp_pred")] / by_type[(t, "predicted")] if by_type[(t, "predicted")] else 0.0
        r = by_type[(t, "tp_gold")] / by_type[(t, "gold")] if by_type[(t, "gold")] else 0.0
        measures[f"type/{t}/precision"] = p
        measures[f"type/{t}/recall"] = r
        measures[f"type/{t}/f1"] = f1(p, r)
        measures[f"type/{t}/gold"] = by_type[(t, "gold")]
        measures[f"type/{t}/predicted"] = by_type[(t, "predicted")]
    for t, (p, r, f, kept) in thresholds(confident, n_gold).items():
        key = f"confidence>={t:.2f}" + (" (default)" if abs(t - MIN_CONFIDENCE) < 1e-9 else "")
        measures[f"{key}/precision"], measures[f"{key}/recall"], measures[f"{key}/f1"] = p, r, f
        measures[f"{key}/kept"] = kept
    fps.sort(key=lambda e: -e["confidence"])
    errors = ([{"item": e["item"], "score": 0.0, "detail": e["detail"]} for e in fps[:show_errors]]
              + [{"item": e["item"], "score": 0.5, "detail": e["detail"]} for e in misses[:show_errors]])
    return {"stage": "events", "gold": gold_name, "n": len(stories), "measures": measures,
            "counts": {"stories": len(stories), "gold events": n_gold, "predicted": n_pred, "type matched": tp,
                       "strict matched": counts["strict_tp"]},
            "errors": errors}


def thresholds(confident: Sequence[tuple[float, bool]], n_gold: int,
               points: Sequence[float] = THRESHOLDS) -> dict[float, tuple[float, float, float, int]]:
    """Type P, R, F1 and predictions kept when only events at or above each confidence count."""
    out = {}
    for t in points:
        kept = [ok for c, ok in confident if c + 1e-9 >= t]
        tp = sum(kept)
        p, r, f = prf(tp, len(kept) - tp, n_gold - tp)
        out[t] = (p, r, f, len(kept))
    return out


def _who(actor: Actor | None) -> str:
    return f"{actor.name} ({actor.country or '?'})" if actor else "-"


def _fp(story: Story, sent: int | None, p: Predicted, names: dict[str, str]) -> dict[str, Any]:
    text = story.sentences[sent][2] if sent is not None else ""
    trig = p.event.trigger.text if p.event.trigger else "?"
    detail = (f"FP {p.event.type} [{trig}] {_who(p.source)} -> {_who(p.target)} conf {p.event.confidence:.2f}"
              f" {p.event.modality or ''}: {text[:160]}")
    return {"item": f"{story.id}#{sent}", "confidence": p.event.confidence, "detail": detail}


def _miss(story: Story, g: dict[str, Any]) -> dict[str, Any]:
    def name(a: dict[str, Any] | None) -> str:
        return f"{a.get('name')} ({a.get('country') or '?'})" if a else "-"

    text = story.sentences[g["sent"]][2] if g["sent"] < len(story.sentences) else ""
    detail = (f"MISS {g['type']}{'/' + '/'.join(g['alt_types']) if g.get('alt_types') else ''} "
              f"[{g.get('trigger')}] {name(g.get('source'))} -> {name(g.get('target'))} {g.get('modality')}: "
              f"{text[:160]}")
    return {"item": f"{story.id}#{g['sent']}", "detail": detail}


def evaluate(path: Path, settings: Settings, show_errors: int, limit: int | None, *,
             dev: bool) -> dict[str, dict[str, Any]]:
    """Reports for the folder at `path`: the whole set and, for the dev copy, its tuning and report halves."""
    stories = load(path)[:limit] if limit else load(path)
    docs = run(stories, settings)
    tune, report = halves(stories)
    only = {s.id for s in tune} if dev else None
    sets = {"voa_plover": score(stories, docs, show_errors=show_errors, errors_from=only, gold_name=str(path))}
    if dev:
        sets["voa_plover/tune"] = score(tune, docs, show_errors=show_errors, gold_name=f"{path} (even positions)")
        sets["voa_plover/report"] = score(report, docs, show_errors=0, gold_name=f"{path} (odd positions)")
    return sets
