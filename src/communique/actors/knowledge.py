"""The actor knowledge base: TSV files in kb/ (and user folders), loaded once into lookup tables."""

from __future__ import annotations

import csv
import dataclasses
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .names import fold, skeleton

KB_DIR = Path(__file__).parent / "kb"

# file stem -> the kind of entry it holds; roles.tsv is read separately
KINDS = {"states": "state", "igos": "igo", "groups": "organisation", "peoples": "people",
         "persons": "person", "organisations": "organisation"}


@dataclass(frozen=True, slots=True)
class Tenure:
    """A role a known person held from `start` (inclusive) to `end` (exclusive); ISO dates, "" for open."""

    role: str
    sector: str | None
    affiliation: str | None
    start: str = ""
    end: str = ""

    def holds(self, day: str) -> bool:
        return self.start <= day and (not self.end or day < self.end)


@dataclass(frozen=True, slots=True)
class Holding:
    """What a known person was on a given day: role, sector and the id of the body it acts for."""

    role: str | None
    sector: str | None
    affiliation: str | None
    former: bool = False  # no longer in the role named


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
    gender: str | None = None  # persons: "f" or "m"
    as_of: str | None = None  # persons: when role, sector and affiliation were last known to hold
    tenures: tuple[Tenure, ...] = ()  # persons: dated roles, in order of precedence

    def holding(self, date: str | None) -> Holding:
        """The person's role on `date` (ISO; None: as of the knowledge base's own date).

        A tenure covering the day wins (the first listed, where several do); after the last one
        ended the person is its former holder, with the row's own sector (ELI where it has none);
        before the first began, the row's own role, sector and affiliation stand, as they do for
        an entry with no tenures.
        """
        if not self.tenures:
            return Holding(self.role, self.sector, self.parent)
        day = (date or self.as_of or "9999")[:10]
        for t in self.tenures:
            if t.holds(day):
                return Holding(t.role, t.sector or self.sector, t.affiliation or self.parent)
        ended = [t for t in self.tenures if t.end and t.end <= day]
        if ended:
            last = max(ended, key=lambda t: t.end)
            return Holding(f"Former {last.role}", self.sector or "ELI", self.parent, former=True)
        return Holding(self.role, self.sector, self.parent)


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
    by_adjective: dict[str, str] = field(default_factory=dict)  # a party's adjective -> its id ("Republican")
    roles: dict[str, Role] = field(default_factory=dict)
    max_role_words: int = 1
    acronyms: set[str] = field(default_factory=set)  # keys written in capitals: match capitals only
    first_words: set[str] = field(default_factory=set)  # first word of every alias, to skip hopeless tokens
    prefixes: set[str] = field(default_factory=set)  # every leading run of words of an alias, to stop early
    max_alias_words: int = 1
    # per key, which of its words every alias spelt with a capital: "Russia Today" is not "Russia today"
    capitals: dict[str, tuple[bool, ...]] = field(default_factory=dict)
    by_surname: dict[str, list[str]] = field(default_factory=dict)  # last name word's skeleton -> person ids
    by_capital: dict[str, str] = field(default_factory=dict)  # folded capital -> state id
    non_actors: dict[str, set[str]] = field(default_factory=dict)  # kind (name, last, before) -> folded terms

    def add(self, entry: Entry) -> None:
        self.entries[entry.id] = entry
        if entry.kind == "person":
            for name in (entry.name, *entry.aliases):
                words = fold(name).split()
                if len(words) > 1:
                    ids = self.by_surname.setdefault(skeleton(words[-1]), [])
                    if entry.id not in ids:
                        ids.append(entry.id)
        if entry.kind == "state":
            if entry.capital:
                self.by_capital[fold(entry.capital)] = entry.id
        for name in (entry.name, *entry.aliases):
            key = _strip_article(fold(name))  # "the Kremlin" is found from "Kremlin"
            if key:
                self.by_alias[key] = entry.id
                if name.replace(".", "").replace(" ", "").isupper():
                    self.acronyms.add(key)
                words = key.split()
                spelt = name.split()
                if spelt and spelt[0].lower() == "the" and len(spelt) == len(words) + 1:
                    spelt = spelt[1:]
                if len(spelt) == len(words):
                    caps = tuple(w[:1].isupper() for w in spelt)
                    old = self.capitals.get(key, caps)
                    self.capitals[key] = tuple(a and b for a, b in zip(old, caps, strict=True))
                self.first_words.add(words[0])
                self.prefixes.update(" ".join(words[:k]) for k in range(1, len(words) + 1))
                self.max_alias_words = max(self.max_alias_words, len(words))
        for dem in entry.demonyms:
            if entry.kind not in ("state", "people"):
                self.by_adjective[dem] = entry.id  # case kept: "D" and "R" only in capitals
                continue
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

    def adjective(self, word: str) -> Entry | None:
        """The party a capitalised adjective names in front of a role or name ("Republican", "Labour")."""
        hit = self.by_adjective.get(word)
        return self.entries.get(hit) if hit else None

    def role(self, phrase: str) -> Role | None:
        return self.roles.get(fold(phrase))

    def never_actor(self, name: str, before: str = "") -> bool:
        """Whether a name is never an actor: a disease, a programme, a feature ("Tigris River", "river X")."""
        key = fold(name)
        words = key.split()
        return bool(words) and (key in self.non_actors.get("name", ()) or (
            len(words) > 1 and words[-1] in self.non_actors.get("last", ())) or fold(before) in self.non_actors.get(
            "before", ()))

    def capital(self, name: str) -> Entry | None:
        """The state whose seat of government this is ("Moscow" -> Russia), if any."""
        hit = self.by_capital.get(fold(name))
        return self.entries.get(hit) if hit else None

    def surnamed(self, surname: str) -> list[Entry]:
        """Known persons whose name (or a full-name alias) ends in this word or a spelling variant of it."""
        key = fold(surname).split()
        return [self.entries[i] for i in self.by_surname.get(skeleton(key[-1]) if key else "", ())]


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
    """Read the shipped TSV files, then each extra folder's (later entries override earlier ones).

    tenures.tsv rows attach dated roles to persons; a folder's tenures of a person replace the
    tenures earlier folders gave that person.
    """
    kb = KnowledgeBase()
    tenures: dict[str, list[Tenure]] = {}
    for folder in (KB_DIR, *extra):
        mine: dict[str, list[Tenure]] = {}
        for path in sorted(Path(folder).glob("*.tsv")):
            if path.stem == "non_actors":
                for row in _rows(path):
                    kb.non_actors.setdefault(row["kind"].strip(), set()).add(fold(row["term"]))
            elif path.stem == "tenures":
                for row in _rows(path):
                    mine.setdefault(row["person"].strip(), []).append(_tenure(row))
            elif path.stem == "roles":
                for row in _rows(path):
                    role = Role(term=row["term"].strip(), sector=(row.get("sector") or "").strip() or None,
                                kind=(row.get("kind") or "person").strip(), rank=int(row.get("rank") or 0))
                    kb.roles[fold(role.term)] = role
                    kb.max_role_words = max(kb.max_role_words, len(fold(role.term).split()))
            elif path.stem in KINDS:
                for row in _rows(path):
                    kb.add(_entry(row, KINDS[path.stem]))
        tenures.update(mine)
    for pid, held in tenures.items():
        if pid in kb.entries:
            kb.entries[pid] = dataclasses.replace(kb.entries[pid], tenures=tuple(held))
    return kb


def _tenure(row: dict[str, str]) -> Tenure:
    def get(key: str) -> str:
        return (row.get(key) or "").strip()

    return Tenure(role=get("role"), sector=get("sector") or None, affiliation=get("affiliation") or None,
                  start=get("start"), end=get("end"))


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
                 role=get("role"), gender=get("gender"), as_of=get("as_of"))
