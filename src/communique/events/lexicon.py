"""The trigger lexicon (triggers.yaml) and CAMEO table (cameo.tsv), loaded once into lookup dicts."""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..records import EVENT_TYPES

HERE = Path(__file__).parent
TYPES = EVENT_TYPES


@dataclass(frozen=True, slots=True)
class Entry:
    """One trigger: a lemma (plus required child lemmas) and what it codes."""

    lemma: str
    pos: str  # verb | noun
    type: str | None
    cameo: str | None
    mode: str | None = None
    targets: tuple[str, ...] = ()
    of: str = "target"
    symmetric: bool = False
    frame: str | None = None
    weight: float = 0.8
    needs: tuple[str, ...] = ()
    excludes: frozenset[str] = frozenset()
    objects: frozenset[str] | None = None  # lemmas the object must have ("@actor": an actor); None: any
    bare: bool = False  # only without a direct object ("protesters rallied", not "rallied support")
    active: bool = False  # only in the active voice
    require: frozenset[str] = frozenset()  # arguments that must resolve to actors: source, target
    poss: str = "source"  # nouns: whether "X's <noun>" names the doer or the one acted on
    light: bool = False  # nouns: an event only as the object of a light verb ("waged war")
    blame: bool = False  # wrongdoing: reported by someone, the report is that someone's accusation
    figurative: str | None = None  # ASSAULT said of words: the type to code without an armed doer, or "drop"
    stance: bool = False  # a standing opinion: an event only when done or said
    pps: tuple[tuple[str, frozenset[str]], ...] = ()  # required prepositions with the classes of their objects


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code with its Goldstein score, quad class and PLOVER type and mode."""

    code: str
    name: str
    goldstein: float
    quad: int
    plover: str | None
    mode: str | None


@dataclass(frozen=True)
class Lexicon:
    """Everything the events stage looks up, keyed for O(1) access per token."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    adjectives: dict[str, tuple[Entry, ...]]
    light_verbs: frozenset[str]
    compose: dict[str, dict[str, tuple[str, str]]]
    acts: frozenset[str]
    codes: dict[str, Code]
    words: dict[str, frozenset[str]] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)  # weights of the confidence model

    def code(self, code: str | None) -> Code | None:
        """The CAMEO entry for a code, falling back to its parent (1234 -> 123 -> 12x0)."""
        while code:
            if code in self.codes:
                return self.codes[code]
            code = code[:-1] if len(code) > 3 else (code[:2] + "0" if code[2:] != "0" else "")
        return None

    def composed(self, frame: str, inner: str | None) -> tuple[str, str] | None:
        """(type, CAMEO code) of a frame over an embedded event of type `inner`."""
        table = self.compose.get(frame) or {}
        return table.get(inner or "*") or table.get("*")


class _Loader(yaml.SafeLoader):
    """YAML without the 1.1 booleans: "on", "off" and "no" are words here, not True and False."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


@functools.cache
def load(path: Path | None = None, cameo: Path | None = None) -> Lexicon:
    """Read triggers.yaml and cameo.tsv (the shipped ones unless paths are given)."""
    data = yaml.load((path or HERE / "triggers.yaml").read_text(encoding="utf-8"), Loader=_Loader)
    classes = {str(k): [str(w).lower() for w in v] for k, v in (data.get("objects") or {}).items()}
    verbs = _entries(data.get("verbs") or {}, "verb", 0.8, classes)
    nouns = _entries(data.get("nouns") or {}, "noun", 0.65, classes)
    compose = {frame: {inner: (pair[0], str(pair[1])) for inner, pair in table.items()}
               for frame, table in (data.get("compose") or {}).items()}
    words = {k: frozenset(str(w).lower() for w in v) for k, v in (data.get("modality") or {}).items()}
    words.update({f"objects:{k}": frozenset(v) for k, v in classes.items()})
    adjectives = _entries(data.get("adjectives") or {}, "adj", 0.6, classes)
    return Lexicon(verbs=verbs, nouns=nouns, adjectives=adjectives,
                   light_verbs=frozenset(data.get("light_verbs") or ()),
                   compose=compose, acts=frozenset(data.get("acts") or ()),
                   codes=_codes(cameo or HERE / "cameo.tsv"), words=words,
                   confidence={str(k): float(v) for k, v in (data.get("confidence") or {}).items()})


def _entries(section: dict[str, Any], pos: str, weight: float,
             classes: dict[str, list[str]]) -> dict[str, tuple[Entry, ...]]:
    out: dict[str, list[Entry]] = {}
    for key, value in section.items():
        head, *needs = str(key).split()
        for row in value if isinstance(value, list) else [value]:
            if row.get("t") and row["t"] not in TYPES:
                raise ValueError(f"triggers.yaml: {key}: unknown PLOVER type {row['t']!r}")
            unknown = set(row.get("need") or ()) - {"source", "target"}
            if unknown:
                raise ValueError(f"triggers.yaml: {key}: need takes source and target, not {sorted(unknown)}")
            objects = None
            if row.get("obj") is not None:
                objects = frozenset(w for name in row["obj"] for w in
                                    (["@actor", *classes.get("persons", ())] if name == "actor"
                                     else classes.get(name, [str(name).lower()])))
            plain = [n for n in (*needs, *(row.get("needs") or ())) if "=" not in n]
            pps = tuple((n.split("=")[0], frozenset(classes.get(n.split("=")[1], [n.split("=")[1]])))
                        for n in (*needs, *(row.get("needs") or ())) if "=" in n)
            entry = Entry(lemma=head, pos=pos, type=row.get("t"), cameo=row.get("c"), mode=row.get("m"),
                          targets=tuple(row.get("tgt") or ()), of=row.get("of", "target"),
                          symmetric=bool(row.get("sym")), frame=row.get("frame"),
                          weight=float(row.get("w", weight)),
                          needs=tuple(plain), excludes=frozenset(row.get("not") or ()), objects=objects,
                          bare=bool(row.get("bare")), active=bool(row.get("active")),
                          require=frozenset(row.get("need") or ()),
                          poss=row.get("poss", "source"), light=bool(row.get("light")),
                          pps=pps, blame=bool(row.get("blame")), figurative=row.get("figurative"),
                          stance=bool(row.get("stance")))
            out.setdefault(head, []).append(entry)
    # most specific first, so the first entry whose conditions hold is the one to use
    return {k: tuple(sorted(v, key=lambda e: (-len(e.needs) - len(e.pps), e.objects is None, not e.bare)))
            for k, v in out.items()}


def _codes(path: Path) -> dict[str, Code]:
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {r["code"]: Code(r["code"], r["name"], float(r["goldstein"]), int(r["quad"]),
                                r["plover"] or None, r["mode"] or None) for r in rows}
