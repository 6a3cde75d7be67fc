"""Score event coding on PLOVER GSR (type, source, target) and CASE 2021 task 2 (type after mapping).

Each gold item is one sentence or snippet run through the real pipeline (spaCy Doc -> actors, times,
places, quotes -> events), read as bare body text so the article stage cannot call it a title.
The predicted event of a sentence is the best-ranked one: asserted before negated, the speaker's
own act before an accusation derived from a quote, the trigger nearest the root of the parse, then
the highest confidence. A sentence that carries k gold records is scored against its k best events,
paired to gold by type where they agree. No event is a wrong answer, never a skipped item.

PLOVER GSR records are coded in PLOVER 0.5b1; they are scored in current PLOVER (the 16 types of
the 2021 manual and its CAMEO2PLOVER-2021 table) after this mapping:

    DEMAND -> REQUEST          renamed
    DISAPPROVE -> ACCUSE       merged: CAMEO 11 (disapprove, criticise, accuse) is ACCUSE in 2021
    INVESTIGATE -> ACCUSE      merged: CAMEO 09 (investigate) is ACCUSE, mode "investigate"
    FIGHT -> ASSAULT           merged: CAMEO 19 (conventional military force) is ASSAULT in 2021
    the other twelve           unchanged

Source and target are scored as sets of country codes (the gold `code`, the predicted actors'
`country`, joined over the events a coordinated trigger yields), micro-averaged; a record whose
gold and predicted sets are both empty adds no counts. "strict" needs the right type and both
sets exactly right (empty matching empty). Macro-F1 averages over the gold labels only.

CASE 2021 task 2 labels are ACLED sub-event types (plus five unseen types); they are mapped to
PLOVER as below and scored by type accuracy on the mapped items. ORG_CRIME, NATURAL_DISASTER,
MAN_MADE_DISASTER, CHANGE_TO_GROUP_ACT, OTHER and DIPLO (which mixes meetings, agreements,
sanctions and expulsions) have no single PLOVER type; they are reported apart, by how often the
coder rightly abstains (no event) on them.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import GoldMissing
from ..records import Article, Document, Event
from ..settings import Settings
from . import gold_path, voa, worst
from .scoring import accuracy, per_label, prf_dict, weighted_f1

BUILT = True
NONE = "NONE"
PLOVER_V05 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
ACLED = {
    "ARMED_CLASH": "ASSAULT", "AIR_STRIKE": "ASSAULT", "ART_MISS_ATTACK": "ASSAULT", "CHEM_WEAP": "ASSAULT",
    "SUIC_BOMB": "ASSAULT", "REM_EXPLOS": "ASSAULT", "GRENADE": "ASSAULT", "ATTACK": "ASSAULT",
    "ABDUCT_DISSAP": "ASSAULT", "SEX_VIOL": "ASSAULT", "MOB_VIOL": "ASSAULT",
    # CAMEO 175 (violent repression) and 1712 (destroy property) are ASSAULT in CAMEO2PLOVER-2021
    "FORCE_AGAINST_PROTEST": "ASSAULT", "PROPERTY_DISTRUCT": "ASSAULT",
    # ACLED files territorial change under Battles: the fighting is the event
    "GOV_REGAINS_TERIT": "ASSAULT", "NON_STATE_ACTOR_OVERTAKES_TER": "ASSAULT",
    "PEACE_PROTEST": "PROTEST", "PROTEST_WITH_INTER": "PROTEST", "VIOL_DEMONSTR": "PROTEST",
    "ARREST": "COERCE", "DISR_WEAP": "COERCE",  # weapons seized or defused: CAMEO 1711 confiscate
    "AGREEMENT": "AGREE", "NON_VIOL_TERRIT_TRANSFER": "RETREAT", "HQ_ESTABLISHED": "MOBILIZE",
    "ATTRIB": "ACCUSE",  # blame laid on an actor: CAMEO 112
}
UNMAPPED = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "CHANGE_TO_GROUP_ACT", "OTHER", "DIPLO")


def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Score every events gold set; `gold` (a VOA-PLOVER folder, a PLOVER GSR .json or a CASE .tsv) scores that one.

    VOA-PLOVER comes first: it is the only set of whole stories, so the only one that measures precision.
    PLOVER GSR is reported in two halves, odd and even record numbers (rules are tuned on the odd half).
    """
    sets: dict[str, dict[str, Any]] = {}
    kind = _kind(gold)
    if kind in (None, "voa"):
        try:
            path = gold_path(gold, "events", "voa_plover")
        except GoldMissing:
            if gold is not None:
                raise
        else:
            # the shared dev copy, however named, is split, and its report half's errors stay unlisted
            dev = gold is None or path.resolve() == _shared("voa_plover")
            sets.update(voa.evaluate(path, settings, show_errors, limit, dev=dev))
    if kind in (None, "plover"):
        path = _file(gold_path(gold, "events", "plover_gsr"), "PLOVER_GSR_CAMEO.json")
        records = load_plover(path)[:limit] if limit else load_plover(path)
        for half, rest in (("odd", 1), ("even", 0)):
            part = [r for r in records if record_number(r["id"]) % 2 == rest]
            sets[f"plover_gsr/{half}"] = score_plover(part, settings, show_errors, f"{path} ({half} ids)")
    if kind in (None, "case"):
        try:
            path = gold_path(gold, "events", "case2021_task2")
        except GoldMissing:
            if gold is not None:
                raise
        else:
            sets["case2021_task2"] = score_case(_file(path, "case2021_task2_dev.tsv"), settings, show_errors, limit)
    first = next(iter(sets.values()))
    return {"stage": "events", "gold": ", ".join(dict.fromkeys(s["gold"] for s in sets.values())),
            "n": sum(s["n"] for k, s in sets.items() if "/" not in k or k.startswith("plover_gsr/")),
            "measures": {}, "counts": {}, "errors": [], "sets": sets, "warnings": first.get("warnings", [])}


def _shared(name: str) -> Path | None:
    try:
        return gold_path(None, "events", name).resolve()
    except GoldMissing:
        return None


def _kind(gold: Path | None) -> str | None:
    """Which set a --gold path holds: voa (a folder with stories.jsonl), plover (.json) or case (.tsv)."""
    if gold is None:
        return None
    path = Path(gold)
    if path.is_dir():
        if (path / "stories.jsonl").exists() or "voa" in path.name.lower():
            return "voa"
        return "case" if "case" in path.name.lower() else "plover"
    return {".json": "plover", ".tsv": "case"}.get(path.suffix.lower(), "voa" if path.suffix == ".jsonl" else None)


def record_number(record_id: str) -> int:
    """The running number that ends a GSR record id ("PLOVER-GSR01-AGREE-0013" -> 13)."""
    tail = record_id.rsplit("-", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def _file(path: Path, name: str) -> Path:
    return path / name if path.is_dir() else path


# -- PLOVER GSR ------------------------------------------------------------------------------------

def load_plover(path: Path) -> list[dict[str, Any]]:
    """The coded records of the GSR file (the DOCUMENT header dropped), types mapped to PLOVER 2021."""
    records = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for r in records:
        if r.get("event") in (None, "DOCUMENT") or not r.get("text"):
            continue
        out.append({"id": r["id"], "text": r["text"].strip().strip("{}").strip(),
                    "type": PLOVER_V05.get(r["event"], r["event"]), "v05": r["event"],
                    "source": _codes(r.get("source")), "target": _codes(r.get("target"))})
    return out


def _codes(actors: Any) -> frozenset[str]:
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(str(a["code"]).upper() for a in actors if isinstance(a, dict) and a.get("code"))


def score_plover(records: Sequence[dict[str, Any]], settings: Settings, show_errors: int,
                 name: str) -> dict[str, Any]:
    """Type accuracy and macro-F1, source and target country F1, strict match on PLOVER GSR records."""
    texts = list(dict.fromkeys(r["text"] for r in records))
    by_text = {t: d for t, d in zip(texts, run(texts, settings), strict=True)}
    gold_types: list[str] = []
    pred_types: list[str] = []
    counts: Counter[str] = Counter()
    errors = []
    for text in texts:
        recs = [r for r in records if r["text"] == text]
        doc, document = by_text[text]
        picks = pair(recs, ranked(document, doc))
        for rec, pick in zip(recs, picks, strict=True):
            ptype = pick[0].type if pick else NONE
            src, tgt = countries(pick, document)
            gold_types.append(rec["type"])
            pred_types.append(ptype)
            for side, g, p in (("source", rec["source"], src), ("target", rec["target"], tgt)):
                counts[f"{side}_tp"] += len(g & p)
                counts[f"{side}_fp"] += len(p - g)
                counts[f"{side}_fn"] += len(g - p)
            strict = ptype == rec["type"] and src == rec["source"] and tgt == rec["target"]
            counts["strict"] += strict
            counts["no_event"] += ptype == NONE
            if not strict:
                detail = (f"gold {rec['type']} {sorted(rec['source'])}->{sorted(rec['target'])}, got {ptype} "
                          f"{sorted(src)}->{sorted(tgt)}: {text[:120]}")
                errors.append({"item": rec["id"], "score": float(ptype == rec["type"]), "detail": detail})
    n = len(gold_types)
    measures = {"type/accuracy": accuracy(gold_types, pred_types),
                "type/macro_f1": gold_macro_f1(gold_types, pred_types),
                **prf_dict(counts["source_tp"], counts["source_fp"], counts["source_fn"], "source/"),
                **prf_dict(counts["target_tp"], counts["target_fp"], counts["target_fn"], "target/"),
                "strict/accuracy": counts["strict"] / n if n else 0.0}
    for label, s in per_label(gold_types, pred_types).items():
        if label != NONE and s["support"]:
            measures[f"type/{label}/f1"] = s["f1"]
    return {"stage": "events", "gold": name, "n": n, "measures": measures,
            "counts": {"items": n, "sentences": len(texts), "no_event": counts["no_event"],
                       "strict": counts["strict"], **{k: v for k, v in counts.items() if "_" in k}},
            "errors": worst(errors, show_errors), "mapping": dict(PLOVER_V05),
            "warnings": _warnings(by_text.values())}


def gold_macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    """Mean F1 over the gold labels; "no event" is a miss, never a class of its own."""
    scores = [s["f1"] for s in per_label(gold, pred).values() if s["support"]]
    return sum(scores) / len(scores) if scores else 0.0


def pair(recs: Sequence[dict[str, Any]], events: Sequence[list[Event]]) -> list[list[Event] | None]:
    """Give each gold record of one sentence one of the sentence's k best events, same type first."""
    pool = list(events[:len(recs)])
    picks: list[list[Event] | None] = [None] * len(recs)
    for i, rec in enumerate(recs):
        for j, group in enumerate(pool):
            if group[0].type == rec["type"]:
                picks[i] = pool.pop(j)
                break
    for i in range(len(recs)):
        if picks[i] is None and pool:
            picks[i] = pool.pop(0)
    return picks


def ranked(document: Document, doc: Any) -> list[list[Event]]:
    """The sentence's events grouped by trigger (coordination yields several), best group first."""
    groups: dict[tuple[int, int, str], list[Event]] = {}
    for e in document.events:
        key = (e.trigger.start if e.trigger else -1, e.trigger.end if e.trigger else -1, e.type)
        groups.setdefault(key, []).append(e)

    def key(group: list[Event]) -> tuple[Any, ...]:
        e = group[0]
        derived = e.type == "ACCUSE" and any(o.claimed_by and o.trigger == e.trigger for o in document.events)
        return (e.negated, derived, _depth(doc, e), -e.confidence, e.evidence.start)

    return sorted(groups.values(), key=key)


def _depth(doc: Any, event: Event) -> int:
    if doc is None or event.trigger is None:
        return 0
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return 0
    tok, depth = span.root, 0
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ in ("VERB", "AUX"):
        # "staged rallies": an object noun stands where its verb stands
        tok = tok.head
    while tok.head.i != tok.i and depth < 20:
        tok, depth = tok.head, depth + 1
    return depth


def countries(group: list[Event] | None, document: Document) -> tuple[frozenset[str], frozenset[str]]:
    """Country codes of the sources and targets of one trigger's events."""
    if not group:
        return frozenset(), frozenset()
    code = {a.id: (a.country or "").upper() for a in document.actors}
    src = frozenset(code[e.source] for e in group if e.source and code.get(e.source))
    tgt = frozenset(code[e.target] for e in group if e.target and code.get(e.target))
    dyads = {(e.source, e.target) for e in group}
    if dyads and all((t, s) in dyads for s, t in dyads):
        # "Jordan and Britain agreed": a reciprocal pair is one compound source, as the GSR codes it
        return src | tgt, frozenset()
    return src, tgt


# -- CASE 2021 task 2 ------------------------------------------------------------------------------

def load_case(path: Path) -> list[dict[str, str]]:
    """Rows of the CASE task 2 TSV: id, snippet, ACLED label."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{"id": r["id"], "text": r["EventSnippet"], "label": r["SubType"]}
                for r in rows if r.get("EventSnippet")]


def score_case(path: Path, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Type accuracy of the best event per snippet against the ACLED-to-PLOVER mapping."""
    rows = load_case(path)[:limit] if limit else load_case(path)
    results = run([r["text"] for r in rows], settings)
    gold_types, pred_types = [], []
    unmapped: Counter[str] = Counter()
    abstained: Counter[str] = Counter()
    errors = []
    for row, (doc, document) in zip(rows, results, strict=True):
        groups = ranked(document, doc)
        ptype = groups[0][0].type if groups else NONE
        target = ACLED.get(row["label"])
        if target is None:
            unmapped[row["label"]] += 1
            abstained[row["label"]] += ptype == NONE
            continue
        gold_types.append(target)
        pred_types.append(ptype)
        if ptype != target:
            errors.append({"item": row["id"], "score": 0.0,
                           "detail": f"{row['label']}={target}, got {ptype}: {row['text'][:120]}"})
    n = len(gold_types)
    measures = {"type/accuracy": accuracy(gold_types, pred_types),
                "type/macro_f1": gold_macro_f1(gold_types, pred_types),
                "type/weighted_f1": weighted_f1(gold_types, pred_types)}
    for label, s in per_label(gold_types, pred_types).items():
        if label != NONE and s["support"]:
            measures[f"type/{label}/f1"] = s["f1"]
    total_unmapped = sum(unmapped.values())
    if total_unmapped:
        measures["unmapped/abstain_rate"] = sum(abstained.values()) / total_unmapped
    return {"stage": "events", "gold": str(path), "n": n, "measures": measures,
            "counts": {"items": n, "no_event": pred_types.count(NONE), "unmapped": total_unmapped,
                       **{f"unmapped_{k}": v for k, v in sorted(unmapped.items())}},
            "errors": worst(errors, show_errors), "mapping": dict(ACLED), "unmapped": sorted(UNMAPPED)}


# -- running the pipeline --------------------------------------------------------------------------

def run(texts: Sequence[str], settings: Settings) -> list[tuple[Any, Document]]:
    """Each text as the body of one article, through spaCy and every record extractor."""
    from .. import nlp as nlp_loader
    from ..pipeline import records

    nlp = nlp_loader.load(settings.model)
    out = []
    for i, doc in enumerate(nlp.pipe(texts, batch_size=64)):
        article = Article(id=f"gold{i}", title=None, published=None, source=None, url=None, language="en",
                          text=doc.text, paragraphs=((0, len(doc.text)),))
        out.append((doc, records(doc, article, settings)))
    return out


def _warnings(results: Iterator[tuple[Any, Document]] | Any) -> list[str]:
    docs = [d for _, d in results]
    if docs and not any(d.actors for d in docs):
        return ["no actors found in any sentence: source and target scores need the actors stage"]
    return []
