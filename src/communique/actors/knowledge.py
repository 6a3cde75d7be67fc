"""The actor knowledge base: TSV files in kb/ (and user folders), loaded once into lookup tables."""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

KB_DIR = Path(__file__).parent / "kb"

# file stem -> the kind of entry it holds; roles.tsv is read separately
KINDS = {"states": "state", "igos": "igo", "groups": "organisation", "peoples": "people",
         "persons": "person", "organisations": "organisation"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One known actor: a state, body, group, people or person."""

    id: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    iso2: str | None = None
    parent: str | None = None  # organ -> body (unsc -> un); person -> affiliation
    role: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A role word or phrase and what it says about who holds it."""

    term: str
    sector: str | None  # None: the holder's sector comes from the affiliation
    kind: str  # person | organisation | collective
    rank: int = 0


@dataclass(eq=False)
class KnowledgeBase:
    """Lookup tables over all entries: by folded alias, by demonym, by role."""

    entries: dict[str, Entry] = field(default_factory=dict)
    by_alias: dict[str, str] = field(default_factory=dict)
    by_demonym: dict[str, str] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    max_role_words: int = 1
    acronyms: set[str] = field(default_factory=set)  # keys written in capitals: match capitals only
    first_words: set[str] = field(default_factory=set)  # first word of every alias, to skip hopeless tokens
    prefixes: set[str] = field(default_factory=set)  # every leading run of words of an alias, to stop early
    max_alias_words: int = 1
    by_surname: dict[str, list[str]] = field(default_factory=dict)  # last name word -> person ids
    by_capital: dict[str, str] = field(default_factory=dict)  # folded capital -> state id
    surname_prefix: dict[str, list[str]] = field(default_factory=dict)  # first 3 letters -> surnames
    state_words: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # initial -> (1-word name, id)

    def add(self, entry: Entry) -> None:
        self.entries[entry.id] = entry
        if entry.kind == "person":
            for name in (entry.name, *entry.aliases):
                words = fold(name).split()
                if len(words) > 1:
                    if words[-1] not in self.by_surname:
                        self.surname_prefix.setdefault(words[-1][:3], []).append(words[-1])
                    ids = self.by_surname.setdefault(words[-1], [])
                    if entry.id not in ids:
                        ids.append(entry.id)
        if entry.kind == "state":
            if entry.capital:
                self.by_capital[fold(entry.capital)] = entry.id
            for name in (entry.name, *entry.aliases):
                key = fold(name)
                if len(key) >= 7 and " " not in key:
                    self.state_words.setdefault(key[0], []).append((key, entry.id))
        for name in (entry.name, *entry.aliases):
            key = _strip_article(fold(name))  # "the Kremlin" is found from "Kremlin"
            if key:
                self.by_alias[key] = entry.id
                if name.replace(".", "").replace(" ", "").isupper():
                    self.acronyms.add(key)
                words = key.split()
                self.first_words.add(words[0])
                self.prefixes.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
                self.max_alias_words = max(self.max_alias_words, len(words))
        for dem in entry.demonyms:
            # a people's demonym ("Palestinian") wins over its state's
            if entry.kind == "people" or fold(dem) not in self.by_demonym:
                self.by_demonym[fold(dem)] = entry.id

    def lookup(self, name: str) -> Entry | None:
        """The entry a name or alias refers to, if any ("the Kremlin" and "Kremlin" alike)."""
        hit = self.by_alias.get(_strip_article(fold(name)))
        return self.entries.get(hit) if hit else None

    def demonym(self, word: str) -> Entry | None:
        """The state or people a demonym names ("Russian", "Russians" -> Russia)."""
        key = fold(word)
        hit = self.by_demonym.get(key) or self.by_demonym.get(_strip_article(key))
        return self.entries.get(hit) if hit else None

    def role(self, phrase: str) -> Role | None:
        return self.roles.get(fold(phrase))

    def capital(self, name: str) -> Entry | None:
        """The state whose seat of government this is ("Moscow" -> Russia), if any."""
        hit = self.by_capital.get(fold(name))
        return self.entries.get(hit) if hit else None

    def surnames_like(self, surname: str) -> list[str]:
        """Known surnames sharing the first three letters of this one (for misspelt names)."""
        return self.surname_prefix.get(fold(surname)[:3], [])

    def misspelt_state(self, word: str) -> Entry | None:
        """The state a long one-word name misspells by one letter ("Ethopia", "Afganistan"), if just one."""
        key = fold(word)
        if len(key) < 7 or " " in key:
            return None
        hits = {i for name, i in self.state_words.get(key[0], ()) if Levenshtein.distance(key, name) <= 1}
        return self.entries[hits.pop()] if len(hits) == 1 else None

    def surnamed(self, surname: str) -> list[Entry]:
        """Known persons whose name (or a full-name alias) ends in this word."""
        return [self.entries[i] for i in self.by_surname.get(fold(surname), ())]


@functools.lru_cache(maxsize=262144)
def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key for names."""
    text = anyascii(text).lower().replace("'s", "")
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _strip_article(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split("|") if v.strip())


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = (line for line in f if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


@functools.cache
def load_kb(extra: Sequence[Path] = ()) -> KnowledgeBase:
    """Read the shipped TSV files, then each extra folder's (later entries override earlier ones)."""
    kb = KnowledgeBase()
    for folder in (KB_DIR, *extra):
        for path in sorted(Path(folder).glob("*.tsv")):
            if path.stem == "roles":
                for row in _rows(path):
                    role = Role(term=row["term"].strip(), sector=(row.get("sector") or "").strip() or None,
                                kind=(row.get("kind") or "person").strip(), rank=int(row.get("rank") or 0))
                    kb.roles[fold(role.term)] = role
                    kb.max_role_words = max(kb.max_role_words, len(fold(role.term).split()))
            elif path.stem in KINDS:
                for row in _rows(path):
                    kb.add(_entry(row, KINDS[path.stem]))
    return kb


def _entry(row: dict[str, str], default_kind: str) -> Entry:
    def get(key: str) -> str | None:
        v = (row.get(key) or "").strip()
        return v or None

    kind = get("kind") or default_kind
    country = get("country") or (get("id") if kind == "state" else None) or ("IGO" if kind == "igo" else None)
    sector = get("sector") or ("IGO" if kind == "igo" else "GOV" if kind == "state" else None)
    return Entry(id=get("id") or fold(get("name") or ""), name=get("name") or "", kind=kind, country=country,
                 sector=sector, aliases=_split(get("aliases")), demonyms=_split(get("demonyms")),
                 capital=get("capital"), iso2=get("iso2"), parent=get("parent") or get("affiliation"),
                 role=get("role"))
