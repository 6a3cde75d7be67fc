"""Score actor and place mentions on re3d, beside the plain spaCy NER of the same model."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from ..errors import GoldMissing
from ..records import Document, RawDoc
from ..settings import Settings
from . import gold_path, worst
from .scoring import match_spans, prf_dict

TYPES = ("Person", "Organisation", "Location")
# Our actor kinds as re3d types. re3d annotates country names mostly as Location (389 of 487
# exact country-name mentions), so states score as Location; peoples are re3d's Nationality,
# which is not scored, and neither is "other".
ACTOR_TYPES = {"person": "Person", "organisation": "Organisation", "igo": "Organisation", "state": "Location"}
SPACY_TYPES = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Location", "LOC": "Location",
               "FAC": "Location"}
SPACY = "spacy"
_CAPITALISED = re.compile(r"\b[A-Z]")
_QUOTES = str.maketrans({q: '"' for q in "\u201c\u201d\u2018\u2019'"})

Mention = tuple[int, int, str]
Aligner = Callable[[int, int], tuple[int, int] | None]
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class GoldDoc:
    """One re3d document with its Person, Organisation and Location mentions."""

    id: str
    folder: str
    title: str
    text: str
    mentions: frozenset[Mention]


def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Exact and overlap P/R/F1 per type and micro over all three, for our records and for spaCy."""
    root = gold_path(gold, "ner", "re3d")
    docs, loaded = load_gold(root)
    docs = docs[:limit] if limit is not None else docs
    if not docs:
        raise GoldMissing(str(root), "no re3d documents.json/entities.json found; pass --gold PATH")

    ours: list[set[Mention]] = []
    theirs: list[set[Mention]] = []
    outside = unmapped = 0
    warnings: list[str] = []
    bodies: list[str] = []
    aligners: list[Aligner] = []
    for doc, result in zip(docs, _documents(docs, settings), strict=True):
        if not isinstance(result, Document):
            warnings.append(f"{doc.id}: {result}")
            bodies.append("")
            aligners.append(lambda s, e: None)
            ours.append(set())
            continue
        align = aligner(doc.text, result.article.text)
        bodies.append(result.article.text)
        aligners.append(align)
        predicted, lost = _mapped(record_mentions(result), align)
        unmapped += lost
        ours.append(predicted)
        outside += sum(1 for m in doc.mentions if not _inside(m, result.article.text, doc.text))

    # spaCy reads the very text our pipeline read, so the two differ only in mention finding
    for align, entities in zip(aligners, spacy_mentions(bodies, settings.model), strict=True):
        predicted, _ = _mapped(entities, align)
        theirs.append(predicted)

    measures, counts = score(docs, ours)
    base, base_counts = score(docs, theirs)
    if not any(ours):
        warnings.append("the pipeline returned no actor or place mentions: are the actors and places "
                        "stages built?")
    errors = [_doc_error(doc, pred) for doc, pred in zip(docs, ours, strict=True)]
    counts.update({"documents": len(docs), "gold mentions": sum(len(d.mentions) for d in docs),
                   "gold offsets repaired": loaded["repaired"], "gold dropped (offsets)": loaded["dropped"],
                   "gold outside article text": outside, "predictions unmapped": unmapped})
    return {"stage": "entities", "gold": str(root), "n": len(docs), "measures": measures,
            "baselines": {SPACY: base}, "counts": counts, "baseline_counts": {SPACY: base_counts},
            "errors": worst([e for e in errors if e["score"] < 1.0], show_errors), "warnings": warnings}


def load_gold(root: Path) -> tuple[list[GoldDoc], dict[str, int]]:
    """Every re3d document under `root` (one folder per source) with its scored mentions."""
    docs: list[GoldDoc] = []
    stats = {"repaired": 0, "dropped": 0}
    for doc_file in sorted(root.rglob("documents.json")):
        texts: dict[str, dict[str, Any]] = {}
        for row in _json_lines(doc_file):
            texts[row["_id"]] = row
        mentions: dict[str, set[Mention]] = defaultdict(set)
        for row in _json_lines(doc_file.with_name("entities.json")):
            if row.get("type") not in TYPES or row.get("documentId") not in texts:
                continue
            text = texts[row["documentId"]]["text"]
            begin, end, value = int(row["begin"]), int(row["end"]), row.get("value") or ""
            if text[begin:end] != value:
                # five values differ from the text only in quote marks or a line break: keep them
                if _loose(text[begin:end]) != _loose(value):
                    stats["dropped"] += 1
                    continue
                stats["repaired"] += 1
            mentions[row["documentId"]].add((begin, end, row["type"]))
        for doc_id, row in texts.items():
            docs.append(GoldDoc(doc_id, doc_file.parent.name, row.get("title") or "", row["text"],
                                frozenset(mentions[doc_id])))
    return docs, stats


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    # mongoexport files may open with a byte-order mark
    with path.open(encoding="utf-8-sig") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _loose(text: str) -> str:
    return " ".join(text.translate(_QUOTES).split())


def _documents(docs: list[GoldDoc], settings: Settings) -> Iterator[Any]:
    from ..runner import documents

    raws = (RawDoc(origin=f"re3d/{d.folder}/{d.id}", content=d.text, format="text",
                   meta={"title": d.title} if d.title else {}) for d in docs)
    return documents(raws, settings=settings)


def record_mentions(document: Document) -> set[Mention]:
    """Actor mentions typed by actor kind, plus place mentions as Location, in article offsets."""
    out: set[Mention] = set()
    for actor in document.actors:
        kind = ACTOR_TYPES.get(actor.kind)
        if kind:
            out.update((m.start, m.end, kind) for m in actor.mentions)
    for place in document.places:
        out.update((m.start, m.end, "Location") for m in place.mentions)
    return out


def spacy_mentions(texts: list[str], model: str) -> Iterator[set[Mention]]:
    """The named entities of the bare spaCy model, typed as re3d types."""
    import spacy

    nlp = spacy.load(model)
    for doc in nlp.pipe(texts):
        yield {(e.start_char, e.end_char, SPACY_TYPES[e.label_]) for e in doc.ents if e.label_ in SPACY_TYPES}


def aligner(original: str, text: str) -> Aligner:
    """Map a span of the article text back to the gold text, token by token.

    The article reader may drop lines (furniture) and fold whitespace, so spans are carried over
    through the runs of identical non-space tokens the two texts share; None when a span's
    tokens are not one unbroken run in the original.
    """
    if text == original:
        return lambda s, e: (s, e)
    shift = original.find(text) if text else -1
    if shift >= 0:
        return lambda s, e: (s + shift, e + shift)
    ours = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    theirs = [(m.start(), m.end()) for m in _TOKEN.finditer(original)]
    matcher = SequenceMatcher(None, [text[a:b] for a, b in ours], [original[a:b] for a, b in theirs],
                              autojunk=False)
    to_original: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            to_original[a + k] = b + k
    starts = [a for a, _ in ours]

    def align(start: int, end: int) -> tuple[int, int] | None:
        i = bisect_right(starts, start) - 1
        j = bisect_right(starts, end - 1) - 1
        if i < 0 or j < i or start >= ours[i][1] or i not in to_original or j not in to_original:
            return None
        if to_original[j] - to_original[i] != j - i:
            return None
        return theirs[to_original[i]][0] + start - ours[i][0], theirs[to_original[j]][0] + end - ours[j][0]

    return align


def _mapped(mentions: set[Mention], align: Aligner) -> tuple[set[Mention], int]:
    out: set[Mention] = set()
    lost = 0
    for start, end, kind in mentions:
        span = align(start, end)
        if span is None:
            lost += 1
        else:
            out.add((span[0], span[1], kind))
    return out, lost


def _inside(mention: Mention, body: str, original: str) -> bool:
    return original[mention[0]:mention[1]] in body


def score(docs: list[GoldDoc], predictions: list[set[Mention]]) -> tuple[dict[str, float], dict[str, int]]:
    """Exact and overlap P/R/F1 per type and micro-averaged, plus recall on capitalised gold mentions."""
    measures: dict[str, float] = {}
    counts: dict[str, int] = {}
    for mode in ("exact", "overlap"):
        totals = [0, 0, 0]
        names_tp = names_n = 0
        for kind in TYPES:
            tp = fp = fn = 0
            for doc, pred in zip(docs, predictions, strict=True):
                g = [m for m in doc.mentions if m[2] == kind]
                p = [m for m in pred if m[2] == kind]
                t, f_p, f_n, pairs = match_spans(g, p, mode=mode)
                tp, fp, fn = tp + t, fp + f_p, fn + f_n
                names = {m for m in g if _CAPITALISED.search(doc.text[m[0]:m[1]])}
                names_n += len(names)
                names_tp += sum(1 for gm, _ in pairs if gm in names)
            measures.update(prf_dict(tp, fp, fn, prefix=f"{mode}/{kind}/"))
            if mode == "exact":
                counts.update({f"{kind} tp": tp, f"{kind} fp": fp, f"{kind} fn": fn})
            totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        measures.update(prf_dict(*totals, prefix=f"{mode}/all/"))
        measures[f"{mode}/names/recall"] = names_tp / names_n if names_n else 0.0
    return measures, counts


def _doc_error(doc: GoldDoc, pred: set[Mention]) -> dict[str, Any]:
    tp, fp, fn, pairs = match_spans(doc.mentions, pred, mode="overlap")
    f = prf_dict(tp, fp, fn)["f1"] if doc.mentions or pred else 1.0
    matched_g = {g for g, _ in pairs}
    matched_p = {p for _, p in pairs}
    missed = [f"{doc.text[s:e]!r}/{k}" for s, e, k in sorted(doc.mentions - matched_g)][:6]
    spurious = [f"{doc.text[s:e]!r}/{k}" for s, e, k in sorted(pred - matched_p)][:6]
    return {"item": f"{doc.folder}/{doc.id}", "score": f,
            "detail": f"missed {fn}: {', '.join(missed)}; spurious {fp}: {', '.join(spurious)}"}


__all__ = ["evaluate", "load_gold", "record_mentions", "spacy_mentions", "aligner", "score"]
