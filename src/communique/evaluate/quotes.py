"""Score quotes and speakers on PolNeAR (BRAT attribution relations), dev compartment by default.

Gold quotes are the Content spans of PolNeAR's attribution relations (direct, partial, indirect
and mixed alike), each taken as the range from its first to its last fragment. A prediction
matches one gold quote one-to-one by character Jaccard >= 0.5 ("overlap") or by identical
offsets once both sides are trimmed of quotation marks, edge punctuation and a leading "that"
("exact"; PolNeAR keeps the marks and "that" inside Content, our records keep them out).
A matched quote's speaker is right when the predicted speaker's actor mentions or the words
naming it (`speaker_text`, found next to the cue) overlap the gold Source; when gold has no
Source (Attribution-no-source), when neither names one. End-to-end counts a quote only when
both hold. Cue accuracy: the predicted cue overlaps the gold Cue, over matched quotes with one.
Named speakers resolved to an actor (the issue's measure): of the matched quotes whose gold
Source names someone (holds a capitalised word that the article never writes in lower case and
that is not a pronoun or determiner, so "he" and "the senator" do not count), the share whose
`speaker` (or one of `speakers`) is an actor with a mention overlapping the gold Source. "Our
named speaker words given an actor" asks, of the matched quotes whose speaker words are right and
name someone, whether any actor was given, and "the right actor" whether its mention overlaps
the gold Source.
Articles annotated by several annotators are scored against the annotator whose id sorts
first, so every article counts once. `--gold` may name a compartment folder itself (one holding
text/ and attributions/, e.g. data/train with `--limit`) to score other than dev. Every report
gives the whole compartment and its two halves: tune on the even-position articles, report on
the odd ones; `--show-errors` lists tuning-half articles only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GoldMissing
from ..records import Document, Quote, RawDoc
from ..settings import Settings
from . import gold_path, worst
from .scoring import match_spans, prf_dict

BUILT = True
COMPARTMENT = "dev"
_T_LINE = re.compile(r"^(T\d+)\t([\w-]+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(\S+)((?: \S+)*)\s*$")
_EDGE = "\"'“”‘’«»,.;:!?—–- \n\t"
RELATIVES = ("who", "which", "that")
RELATIVE_GAP = 80  # chars between an antecedent's end and its relative pronoun
SPEAKER_BEFORE, SPEAKER_AFTER = 150, 100  # chars around the cue searched for the speaker's words
# Gold cues that are plain verbs of saying: PolNeAR also attributes beliefs, perceptions and
# findings ("saw", "respect", "expectations"); recall on this subset shows how much of what
# reporters present as speech is found.
SPEECH_CUE = re.compile(r"\b(?:say|says|said|saying|tell|tells|told|telling|add|adds|added|adding|according|"
                        r"write|writes|wrote|written|state|states|stated|note|notes|noted|ask|asks|asked|"
                        r"claim|claims|claimed|argue|argues|argued|explain|explains|explained|insist|insists|"
                        r"insisted|announce|announces|announced|report|reports|reported)\b|^\W*[:―—–-]\W*$")

COUNTS = ("gold", "predicted", "overlap tp", "exact tp", "speaker right", "cue gold", "cue right",
          "named speakers", "named resolved", "named resolved right", "gold named sources",
          "gold named resolved right", "gold direct", "direct found", "gold speech", "speech found",
          "gold outside article text", "predictions unmapped")

Frag = tuple[int, int]
Aligner = Callable[[int, int], Frag | None]


@dataclass(frozen=True)
class GoldQuote:
    """One PolNeAR attribution: content fragments, and the source and cue fragments when given."""

    content: tuple[Frag, ...]
    source: tuple[Frag, ...]
    cue: tuple[Frag, ...]

    @property
    def span(self) -> Frag:
        return min(s for s, _ in self.content), max(e for _, e in self.content)


@dataclass(frozen=True)
class GoldArticle:
    """One PolNeAR article and the attributions of the annotator chosen for it."""

    name: str
    annotator: str
    text: str
    quotes: tuple[GoldQuote, ...]


def evaluate(gold: Path | None, settings: Settings, show_errors: int, limit: int | None) -> dict[str, Any]:
    """Quote P/R/F1 (overlap and exact), speaker and cue accuracy, end-to-end F1 on PolNeAR.

    The report covers the whole compartment and, under "sets", its tuning half (articles at even
    positions in name order) and its report half (odd positions); the worst errors listed come
    from the tuning half only, so the report half stays unread.
    """
    root = gold_path(gold, "quotes", "polnear")
    folder = compartment(root)
    articles = load_gold(folder)[:limit] if limit is not None else load_gold(folder)
    if not articles:
        raise GoldMissing(str(folder), "no PolNeAR text/ and attributions/ found; pass --gold PATH")

    rows: list[tuple[int, dict[str, int], dict[str, Any] | None]] = []
    warnings: list[str] = []
    for i, (art, result) in enumerate(zip(articles, _documents(articles, settings), strict=True)):
        if not isinstance(result, Document):
            warnings.append(f"{art.name}: {result}")
            failed = dict.fromkeys(COUNTS, 0) | {"gold": len(art.quotes), "failed articles": 1}
            rows.append((i, failed, None))
            continue
        scored = score_article(art, result)
        rows.append((i, scored["counts"], scored["error"]))

    tune_errors = [e for i, _, e in rows if e is not None and i % 2 == 0 and e["score"] < 1.0]
    whole = summarise([c for _, c, _ in rows])
    sets = {f"{folder.name}": whole | {"gold": f"{folder}, every article"},
            f"{folder.name}/tune": summarise([c for i, c, _ in rows if i % 2 == 0])
            | {"gold": f"{folder}, tuning half: articles at even positions"},
            f"{folder.name}/report": summarise([c for i, c, _ in rows if i % 2 == 1])
            | {"gold": f"{folder}, report half: articles at odd positions"}}
    return {"stage": "quotes", "gold": str(folder), "n": whole["n"], "measures": whole["measures"],
            "counts": whole["counts"], "sets": sets, "errors": worst(tune_errors, show_errors),
            "warnings": warnings}


def summarise(counts: list[dict[str, int]]) -> dict[str, Any]:
    """The measures over some articles' counts: {"n", "measures", "counts"}."""
    totals: dict[str, int] = dict.fromkeys((*COUNTS, "failed articles"), 0)
    for c in counts:
        for key, value in c.items():
            totals[key] += value
    totals["articles"] = len(counts)
    tp, n_gold, n_pred = totals["overlap tp"], totals["gold"], totals["predicted"]

    def share(part: str, whole: str) -> float:
        return totals[part] / totals[whole] if totals[whole] else 0.0

    measures: dict[str, float] = {}
    measures.update(prf_dict(tp, n_pred - tp, n_gold - tp, prefix="quote (overlap>=0.5)/"))
    ex = totals["exact tp"]
    measures.update(prf_dict(ex, n_pred - ex, n_gold - ex, prefix="quote (exact)/"))
    measures["speaker on matched quotes/accuracy"] = share("speaker right", "overlap tp")
    e2e = totals["speaker right"]
    measures.update(prf_dict(e2e, n_pred - e2e, n_gold - e2e, prefix="end-to-end (quote+speaker)/"))
    measures["named speakers resolved to an actor/accuracy"] = share("gold named resolved right",
                                                                     "gold named sources")
    measures["our named speaker words given an actor/accuracy"] = share("named resolved", "named speakers")
    measures["our named speaker words given the right actor/accuracy"] = share("named resolved right",
                                                                             "named speakers")
    measures["cue on matched quotes/accuracy"] = share("cue right", "cue gold")
    measures["direct quotes (gold opens with a mark)/recall"] = share("direct found", "gold direct")
    measures["speech attributions (gold cue say/tell/according to/...)/recall"] = share("speech found",
                                                                                       "gold speech")
    return {"n": n_gold, "measures": measures, "counts": totals}


def compartment(root: Path) -> Path:
    """The folder holding text/ and attributions/: `root` itself, or its data/dev compartment."""
    for folder in (root, root / "data" / COMPARTMENT, root / COMPARTMENT):
        if (folder / "text").is_dir() and (folder / "attributions").is_dir():
            return folder
    raise GoldMissing(str(root), f"no text/ and attributions/ under it or under data/{COMPARTMENT}")


def load_gold(folder: Path) -> list[GoldArticle]:
    """Every article of a compartment with the attributions of its first annotator."""
    files: dict[str, list[Path]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        name, _, annotator = ann.stem.rpartition("_")
        files.setdefault(name, []).append(ann)
    out: list[GoldArticle] = []
    for name, anns in sorted(files.items()):
        text_file = folder / "text" / f"{name}.txt"
        if not text_file.exists():
            continue
        ann = anns[0]
        out.append(GoldArticle(name, ann.stem.rpartition("_")[2], text_file.read_text(encoding="utf-8"),
                               tuple(parse_ann(ann.read_text(encoding="utf-8")))))
    return out


def parse_ann(ann: str) -> Iterator[GoldQuote]:
    """The attribution relations of one BRAT .ann file."""
    spans: dict[str, tuple[Frag, ...]] = {}
    for line in ann.splitlines():
        m = _T_LINE.match(line)
        if m:
            spans[m.group(1)] = tuple((int(a), int(b)) for a, b in
                                      (frag.split() for frag in m.group(3).strip().split(";")))
    for line in ann.splitlines():
        m = _E_LINE.match(line)
        if not m:
            continue
        args: dict[str, list[Frag]] = {}
        for arg in m.group(3).split():
            role, _, tid = arg.partition(":")
            args.setdefault(re.sub(r"\d+$", "", role), []).extend(spans.get(tid, ()))
        if args.get("Content"):
            yield GoldQuote(tuple(args["Content"]), tuple(args.get("Source", ())), tuple(args.get("Cue", ())))


def _documents(articles: list[GoldArticle], settings: Settings) -> Iterator[Any]:
    from ..runner import documents

    raws = (RawDoc(origin=f"polnear/{a.name}", content=a.text, format="text") for a in articles)
    return documents(raws, settings=settings)


def score_article(art: GoldArticle, document: Document) -> dict[str, Any]:
    """Counts for one article, and its error row."""
    body = document.article.text
    align = aligner(art.text, body)
    counts = dict.fromkeys(COUNTS, 0)
    preds: dict[Frag, Quote] = {}
    for q in document.quotes:
        span = align(q.start, q.end)
        if span is None:
            counts["predictions unmapped"] += 1
            continue
        preds[span] = q
    golds = {g.span: g for g in art.quotes}
    counts["gold"], counts["predicted"] = len(golds), len(preds)
    flat = " ".join(body.split())
    counts["gold outside article text"] = sum(1 for s, e in golds if " ".join(art.text[s:e].split()) not in flat)
    tp, _, _, pairs = match_spans(golds, preds, mode="overlap")
    counts["overlap tp"] = tp
    counts["exact tp"] = match_spans({_trim(art.text, *s) for s in golds},
                                     {_trim(art.text, *s) for s in preds}, mode="exact")[0]
    direct = {s for s in golds if art.text[s[0]:s[0] + 1] in "\"“'‘"}
    counts["gold direct"] = len(direct)
    counts["direct found"] = sum(1 for g, _ in pairs if g in direct)
    speech = {s for s, g in golds.items() if SPEECH_CUE.search(" ".join(art.text[a:b] for a, b in g.cue).lower())}
    counts["gold speech"] = len(speech)
    counts["speech found"] = sum(1 for g, _ in pairs if g in speech)
    wrong: list[str] = []
    unresolved: list[str] = []
    gold_unresolved: list[str] = []
    lower = set(re.findall(r"\b[a-z][a-z'’-]*\b", body))
    for g_span, p_span in pairs:
        g, q = golds[g_span], preds[p_span]
        if g.source and names_someone(" ".join(art.text[a:b] for a, b in g.source), lower):
            counts["gold named sources"] += 1
            ids = set(q.speakers) | ({q.speaker} if q.speaker else set())
            if ids and _actor_at_source(ids, g, document, align):
                counts["gold named resolved right"] += 1
            elif len(gold_unresolved) < 4:
                src = "; ".join(art.text[s:e] for s, e in g.source)
                gold_unresolved.append(f"{src!r} ours {q.speaker_text!r}{' (an actor elsewhere)' if ids else ''}")
        if speaker_right(g, q, document, align, art.text):
            counts["speaker right"] += 1
            if names_someone(q.speaker_text, lower):
                counts["named speakers"] += 1
                ids = set(q.speakers) | ({q.speaker} if q.speaker else set())
                if ids:
                    counts["named resolved"] += 1
                    if _actor_at_source(ids, g, document, align):
                        counts["named resolved right"] += 1
                elif len(unresolved) < 4:
                    unresolved.append(str(q.speaker_text))
        elif len(wrong) < 4:
            src = "; ".join(art.text[s:e] for s, e in g.source) or "(none)"
            wrong.append(f"{art.text[g_span[0]:g_span[0] + 40]!r}… gold {src!r} ours {q.speaker_text!r}")
        if g.cue:
            counts["cue gold"] += 1
            cue = align(q.cue_span.start, q.cue_span.end) if q.cue_span else None
            if cue and any(s < cue[1] and cue[0] < e for s, e in g.cue):
                counts["cue right"] += 1
    f = prf_dict(tp, len(preds) - tp, len(golds) - tp)["f1"] if golds or preds else 1.0
    matched_g, matched_p = {g for g, _ in pairs}, {p for _, p in pairs}
    missed = [art.text[s:min(e, s + 50)] for s, e in sorted(golds) if (s, e) not in matched_g][:3]
    spurious = [q.text[:50] for s, q in sorted(preds.items()) if s not in matched_p][:3]
    detail = (f"missed {len(golds) - tp}: {missed}; spurious {len(preds) - tp}: {spurious}; "
              f"speaker wrong: {wrong}; named speaker with no actor: {unresolved}; "
              f"gold named source not resolved: {gold_unresolved}")
    return {"counts": counts, "error": {"item": f"{art.name} ({art.annotator})", "score": f, "detail": detail}}


def speaker_right(g: GoldQuote, q: Quote, document: Document, align: Aligner, original: str) -> bool:
    """Whether the predicted speaker overlaps the gold Source (or both name none)."""
    spans = speaker_spans(q, document)
    if not g.source:
        return not spans
    for s, e in spans:
        mapped = align(s, e)
        if mapped and any(a < mapped[1] and mapped[0] < b for a, b in g.source):
            return True
        # PolNeAR marks a relative pronoun as the source ("Smith, who said"); we name its antecedent
        if mapped and any(original[a:b].lower() in RELATIVES and 0 <= a - mapped[1] <= RELATIVE_GAP
                          and "." not in original[mapped[1]:a] for a, b in g.source):
            return True
    return False


# words that open a speaker phrase in capitals without naming anyone
_NOT_NAMES = frozenset("the a an he she it they we i you his her its their our my your this that these those "
                       "some many most several both each one two all another other such no".split())


def names_someone(speaker_text: str | None, lower_words: set[str]) -> bool:
    """Whether the speaker words hold a name: a capitalised word the article never writes in lower case."""
    for word in re.findall(r"[A-Z][\w'’.-]*", speaker_text or ""):
        w = word.rstrip(".'’").removesuffix("'s").removesuffix("’s")
        if w and w.lower() not in _NOT_NAMES and w.lower() not in lower_words:
            return True
    return False


def _actor_at_source(ids: set[str], g: GoldQuote, document: Document, align: Aligner) -> bool:
    """Whether one of the actors' mentions overlaps the gold Source."""
    for actor in document.actors:
        if actor.id not in ids:
            continue
        for m in actor.mentions:
            mapped = align(m.start, m.end)
            if mapped and any(a < mapped[1] and mapped[0] < b for a, b in g.source):
                return True
    return False


def speaker_spans(q: Quote, document: Document) -> list[Frag]:
    """Where the text names the quote's speaker: its actors' mentions and the speaker words by the cue."""
    out: list[Frag] = []
    ids = set(q.speakers) | ({q.speaker} if q.speaker else set())
    for actor in document.actors:
        if actor.id in ids:
            out.extend((m.start, m.end) for m in actor.mentions)
    if q.speaker_text:
        # the record gives the speaker's words, not their offsets: take each place they occur
        # near the cue, outside what was said (unless the cue itself sits inside a split quote)
        text = document.article.text
        anchor = q.cue_span.start if q.cue_span else q.start
        lo = max(0, anchor - SPEAKER_BEFORE)
        cue_inside = q.cue_span is not None and q.start <= q.cue_span.start < q.end
        for m in re.finditer(re.escape(q.speaker_text), text[lo:anchor + SPEAKER_AFTER]):
            s = lo + m.start()
            if not (q.start <= s < q.end) or cue_inside:
                out.append((s, s + len(q.speaker_text)))
    return out


def aligner(original: str, body: str) -> Aligner:
    """Map a span of the article text back to the gold text, across the article stage's normalising."""
    if body == original:
        return lambda s, e: (s, e)
    shift = original.find(body) if body else -1
    if shift >= 0:
        return lambda s, e: (s + shift, e + shift)
    # the article stage turns no-break spaces into spaces and re-flows line breaks: map char by char
    table = [-1] * (len(body) + 1)
    matcher = difflib.SequenceMatcher(None, original, body, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(j2 - j1):
            table[j1 + k] = i1 + min(k, max(i2 - i1 - 1, 0)) if tag != "insert" else i1
    table[len(body)] = len(original)

    def align(start: int, end: int) -> Frag | None:
        if not (0 <= start < end <= len(body)):
            return None
        a, b = table[start], table[end - 1] + 1
        return (a, b) if 0 <= a < b else None

    return align


def _trim(text: str, start: int, end: int) -> Frag:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    if text[start:start + 5].lower() == "that ":
        start += 5
    return start, end


__all__ = ["evaluate", "load_gold", "parse_ann", "score_article", "speaker_right", "BUILT"]
