"""Find actor mentions in a Doc: names, knowledge-base aliases, demonyms, roles, possessive references."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..nlp import doc_text
from .knowledge import Entry, KnowledgeBase, Role, fold

# spaCy labels that can name an actor; GPE and LOC count only when the knowledge base knows a state
NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
POSSESSIVES = {"his", "her", "its", "their"}
HOME_NOUNS = {"country", "government", "nation", "state", "homeland", "administration"}
# "rebels in Mali", "Greeks of southern Albania": where a group lives or acts codes its country
# "western Ukraine", "northern Syria": a part of a state named by direction is still that state
DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                        "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
                        "south-east", "south-west", "northeastern", "northwestern", "southeastern",
                        "southwestern", "upper", "lower"})
# "the Ukraine countryside", "the Kosovo province": a state's name with a word for one of its parts
PART_NOUNS = frozenset({"province", "region", "territory", "enclave", "countryside", "interior"})
LOCATING = {"in", "of", "throughout", "across", "from", "inside"}
# prepositions after which a capital is where something happens, not its government: "met in Oslo"
WHERE = frozenset({"in", "at", "near", "outside", "around", "across", "throughout", "inside", "into", "via"})
# prepositions inside a capitalised title: "Secretary of State", "Minister for Health"
ROLE_LINKS = frozenset({"of", "for"})


@dataclass
class Candidate:
    """One mention before merging: where it is and what it seems to refer to."""

    start: int  # token index
    end: int
    kind: str  # person | organisation | state | people | igo | role | home
    entry: Entry | None = None
    role: Role | None = None
    role_text: str | None = None
    role_tokens: tuple[int, int] | None = None  # token span of a role phrase attached to a name
    context: list[Candidate] = field(default_factory=list)  # KB/demonym candidates in the role's context
    refers_to: Candidate | None = None  # for role-only and possessive mentions
    subject: bool = False  # a role-only mention that is its clause's subject
    hint_country: str | None = None  # the country every known person of this name shares
    unnamed: bool = False  # a person known only by role: "a Kenyan lawmaker"
    seat: bool = False  # a member of a legislature by the text's own notation ("Sen. X (D-Ore.)")
    cluster: int = -1


def find_candidates(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """All candidate mentions in order, overlapping ones resolved in favour of the more specific."""
    taken = [False] * len(doc)
    found: list[Candidate] = []

    def claim(c: Candidate) -> None:
        for i in range(c.start, c.end):
            taken[i] = True
        found.append(c)

    for c in _kb_matches(doc, kb):
        if not (c.kind == "state" and _dateline(doc, c.start, c.end)):
            claim(c)
    _demonym_pairs(doc, kb, found, taken, claim)
    surnames = _surnames(doc)
    shouted = _capital_lines(doc)
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        start, end = _trim(ent)
        if start >= end or any(taken[start:end]) or start in shouted or _not_a_name(doc, kb, start, end, ent.label_):
            continue
        if end - start == 1 and ent.label_ in ("ORG", "GPE") and _name_cased(doc[start].text) and \
                fold(doc[start].text) in surnames and kb.lookup(doc[start].text) is None:
            claim(Candidate(start, end, "person"))  # "Trump said", "Sanders won": a surname the model took for a body
            continue
        c = _entity_candidate(doc, kb, start, end, ent.label_)
        if c:
            claim(c)
    for tok in doc:
        if taken[tok.i] or not tok.text[:1].isupper():
            continue
        entry = kb.demonym(tok.text)
        if entry:
            claim(Candidate(tok.i, tok.i + 1, entry.kind, entry))
    found.sort(key=lambda c: c.start)
    found = _compounds(doc, kb, found, taken)
    found = _located(doc, kb, found, taken)
    _attach_roles(doc, kb, found, taken)
    found.extend(_role_only(doc, kb, taken, found))
    found.extend(_home_references(doc, taken))
    found.sort(key=lambda c: c.start)
    return found


def _name_cased(word: str) -> bool:
    """Written as a name is: "Moss", "McKay", "DuPont", not "MOSS" or "moss"."""
    return word[:1].isupper() and not word.isupper() and word.isalpha()


def _surnames(doc: Doc) -> set[str]:
    """Folded surnames of the people named in full in the text."""
    out = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            words = fold(ent.text).split()
            if len(words) >= 2:
                out.add(words[-1])
    return out


def _not_a_name(doc: Doc, kb: KnowledgeBase, start: int, end: int, label: str) -> bool:
    """Entities that name no actor: diseases and programmes, natural features, a stage direction in a
    transcript ("(END VIDEO CLIP)"), words of a headline set in capitals, codes with digits as people."""
    span = doc[start:end]
    before = doc[start - 1].text if start > 0 else ""
    if kb.never_actor(span.text, before):
        return True
    if label == "PERSON" and (not span.text[:1].isalpha() or any(ch.isdigit() or ch in "[]{}<>|@#"
                                                                   for ch in span.text)):
        return True  # "H5N1", "F-16", "W]e": a code or a broken word, not a person
    line_start = _line_start(doc, start)
    opening = next((t for t in reversed(doc[line_start:start]) if t.text in ("(", ")", "[", "]")), None)
    if opening is not None and opening.text in ("(", "["):
        inside = doc[opening.i + 1:_line_end(doc, start)]
        closing = next((t.i for t in inside if t.text in (")", "]")), None)
        words = [t for t in doc[opening.i + 1:closing or end] if t.is_alpha]
        if closing is not None and len(words) >= 2 and all(t.is_upper for t in words):
            return True  # "(BEGIN VIDEO CLIP)", "(LAUGHTER)"
    return False


def _capital_lines(doc: Doc) -> set[int]:
    """Token indices of lines set in capitals (a headline, a stage direction): no running text there."""
    out: set[int] = set()
    start = 0
    for i, t in enumerate(doc):
        if "\n" in t.text or "\n" in t.whitespace_ or i == len(doc) - 1:
            letters = [x for x in doc[start:i + 1] if x.is_alpha]
            if len(letters) >= 3 and sum(x.is_upper for x in letters) >= 0.8 * len(letters):
                out.update(range(start, i + 1))
            start = i + 1
    return out


def _line_start(doc: Doc, i: int) -> int:
    """Token index where the line holding token i begins."""
    while i > 0 and "\n" not in doc[i - 1].text and "\n" not in doc[i - 1].whitespace_:
        i -= 1
    return i


def _line_end(doc: Doc, i: int) -> int:
    while i < len(doc) and "\n" not in doc[i].text and "\n" not in doc[i].whitespace_:
        i += 1
    return min(i + 1, len(doc))


def _dateline(doc: Doc, start: int, end: int) -> bool:
    """A place opening a paragraph as its dateline ("CAIRO —", "GAZA CITY, Jan. 3 (Reuters) -")."""
    if start != _line_start(doc, start):
        return False
    nxt = doc[end] if end < len(doc) else None
    return nxt is not None and nxt.text in ("—", "–", "-", "--", ",", "(") and (
        doc[start:end].text.isupper() or nxt.text in ("—", "–", "--"))


def _demonym_pairs(doc: Doc, kb: KnowledgeBase, found: list[Candidate], taken: list[bool],
                   claim: Callable[[Candidate], None]) -> None:
    """Two-word demonyms ("South Sudanese") and a people named by its state ("Bosnian Croats", "Syrian Kurds")."""
    peoples = {c.start: c for c in found if c.kind == "people" and c.end == c.start + 1}
    words = [t.text for t in doc]
    for i in range(len(words) - 1):
        if not (words[i][:1].isupper() and words[i + 1][:1].isupper()):
            continue
        if i + 1 in peoples and not taken[i] and kb.demonym(words[i]) is not None:
            found.remove(peoples[i + 1])  # "Iraqi Kurds": the pair below says who they are
            taken[i + 1] = False
        if taken[i] or taken[i + 1]:
            continue
        entry = kb.demonym(f"{words[i]} {words[i + 1]}")
        if entry:
            claim(Candidate(i, i + 2, entry.kind, entry))
            continue
        home, people = kb.demonym(words[i]), kb.demonym(words[i + 1])
        if home is not None and people is not None and home.kind == "state" and home is not people \
                and doc[i + 1].tag_ in ("NNS", "NNPS", "NNP", "NN"):
            claim(Candidate(i, i + 2, "people", context=[Candidate(i, i + 1, "state", home)]))


def _kb_matches(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """Longest knowledge-base alias matches, left to right; all-lowercase matches are words, not names."""
    folded = [fold(t.text) for t in doc]
    out: list[Candidate] = []
    i = 0
    while i < len(doc):
        if folded[i] not in kb.first_words or doc[i].lower_ == "the":
            i += 1
            continue
        # grow the key word by word while it still begins some alias; remember each full alias on the way
        keys: list[tuple[int, str]] = []
        key, j = "", i
        while j < len(doc) and j - i < kb.max_alias_words:
            if folded[j]:
                key = f"{key} {folded[j]}" if key else folded[j]
                if key not in kb.prefixes:
                    break
                if key in kb.by_alias:
                    keys.append((j + 1 - i, key))
            j += 1
        hit = None
        for n, key in reversed(keys):  # the longest usable alias wins
            span = doc[i:i + n]
            if span[-1].is_punct or span[-1].text in ("'s", "’s") or "\n" in span.text:
                continue
            if _case_ok(span, key in kb.acronyms) and _capitals_kept(span, kb.capitals.get(key)) \
                    and not _inside_other_name(span):
                hit = (n, kb.entries[kb.by_alias[key]])
                break
        if hit:
            n, entry = hit
            out.append(Candidate(i, i + n, entry.kind, entry))
            i += n
        else:
            i += 1
    return out


def _case_ok(span: Span, acronym: bool) -> bool:
    """Acronyms match only in capitals ("WHO", not "Who"); names need a capital somewhere ("al-Qaeda")."""
    text = span.text.replace(".", "").replace(" ", "")
    return text.isupper() if acronym else any(ch.isupper() for ch in text)


def _capitals_kept(span: Span, capitals: tuple[bool, ...] | None) -> bool:
    """A word the name always spells with a capital keeps it in the text ("Russia today" is no broadcaster)."""
    words = [t for t in span if fold(t.text)]
    if capitals is None or len(words) != len(capitals):
        return True
    return not any(cap and t.text[:1].islower() for t, cap in zip(words, capitals, strict=True))


def _inside_other_name(span: Span) -> bool:
    """A match inside a longer person or place name: "America" in "Latin America", "Jordan" in "Jordan Bardella"."""
    doc = span.doc
    for tok in (span[0], span[-1]):
        if tok.ent_type_ not in ("PERSON", "LOC", "FAC", "GPE"):
            continue
        start = tok.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        lead = {t.lower_ for t in doc[start:span.start]}
        tail = {t.lower_ for t in doc[span.end:end]}
        if (start < span.start and doc[start].lower_ != "the" and not lead <= DIRECTIONS) or (
                end > span.end and not (tok.ent_type_ in ("GPE", "LOC") and tail <= PART_NOUNS)):
            return True
    return False


def _trim(ent: Span) -> tuple[int, int]:
    """Entity token range without a leading "the" and trailing possessive or punctuation."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and (ent.doc[end - 1].is_punct or ent.doc[end - 1].text in ("'s", "’s")):
        end -= 1
    return start, end


def _entity_candidate(doc: Doc, kb: KnowledgeBase, start: int, end: int, label: str) -> Candidate | None:
    span = doc[start:end]
    if label != "PERSON" and _inside_role(doc, kb, start, end):
        return None  # "Secretary of [State]", "Minister of [Defence]": part of a title, not a body
    entry = kb.lookup(span.text)
    if entry:
        return Candidate(start, end, entry.kind, entry)
    if label == "NORP" or end - start == 1:
        # a lone demonym is a nationality whatever label the model gave it ("Ugandan" as ORG)
        entry = kb.demonym(span.text)
        if entry or label == "NORP":
            return Candidate(start, end, entry.kind, entry) if entry else None
    capital = kb.capital(span.text)
    if capital is not None and label in ("GPE", "ORG", "PERSON") and not _compound_head(doc, end) and \
            not _dateline(doc, start, end) and not (start > 0 and doc[start - 1].lower_ in WHERE):
        # "Moscow rejected", "shelled Kabul": news names a government and its state by its seat
        return Candidate(start, end, capital.kind, capital)
    if label == "GPE":
        return None  # a city or region: the places stage takes it
    if label == "PERSON":
        # a role phrase the model swallowed into the name ("Foreign Minister Wang")
        for cut in range(end - 1, start, -1):
            role = kb.role(doc[start:cut].text)
            if role:
                c = Candidate(cut, end, "person")
                c.role, c.role_text, c.role_tokens = role, doc[start:cut].text, (start, cut)
                return c
        if not any(t.text[:1].isupper() for t in span):
            return None
        return Candidate(start, end, "person")
    if not any(t.text[:1].isupper() for t in span) or span[-1].pos_ in ("ADP", "DET", "CCONJ"):
        return None
    demonym = kb.demonym(doc[start].text)
    if demonym and end < len(doc) and (doc[end].ent_type_ == "PERSON" or doc[end].text[:1].isupper()):
        # "[Danish Defence] Minister Lars Holm": the model cut a role; keep only the nationality
        return Candidate(start, start + 1, demonym.kind, demonym)
    if any(kb.role(span[:n].text) for n in range(1, min(4, len(span)) + 1)):
        return None  # "the Special Representative of ...": a role description, not a body's name
    return Candidate(start, end, "organisation")


def _inside_role(doc: Doc, kb: KnowledgeBase, start: int, end: int) -> bool:
    """Whether the entity ends a role phrase that begins before it ("Secretary of State")."""
    for begin in range(max(0, start - 3), start):
        if doc[begin].text[:1].isupper() and kb.role(doc[begin:end].text) is not None:
            return True
    return False


def _compound_head(doc: Doc, end: int) -> bool:
    """A name that modifies a following capitalised noun ("Washington Post", "Moscow State University")."""
    return end < len(doc) and doc[end].text[:1].isupper() and doc[end].pos_ in ("PROPN", "NOUN") \
        and doc[end - 1].dep_ == "compound"


def _compounds(doc: Doc, kb: KnowledgeBase, found: list[Candidate], taken: list[bool]) -> list[Candidate]:
    """A state's organ or group named by demonym and role ("Kenyan police", "Russia's foreign ministry"),
    and an unnamed person of a state or body ("a Kenyan lawmaker", "a Pakistani military spokesman").

    The state mention becomes part of a new actor coded with the state's (or body's) country and the
    role's sector; a role followed by a name ("Iraqi Prime Minister X") is left to that person.
    """
    starts = {c.start for c in found}
    out: list[Candidate] = []
    for c in found:
        if c.kind not in ("state", "people", "organisation", "igo") or c.entry is None:
            out.append(c)
            continue
        body = c.kind in ("organisation", "igo")
        i = c.end + (1 if c.end < len(doc) and doc[c.end].text in ("'s", "’s") else 0)
        best = None
        for n in range(min(kb.max_role_words, 4), 0, -1):
            if i + n > len(doc) or any(taken[i:i + n]) or doc[i + n - 1].is_punct or "\n" in doc[i:i + n].text:
                continue
            role = kb.role(doc[i:i + n].text)
            if role is None or (i + n) in starts:
                continue
            if role.kind == "person" and doc[i + n - 1].tag_ == "NN" and not _name_follows(doc, i + n):
                best = (n, role)
                break
            if role.kind in ("organisation", "collective") and not body:
                best = (n, role)
                break
        if best is None:
            out.append(c)
            continue
        n, role = best
        kind = "person" if role.kind == "person" else "organisation" if role.sector != "CVL" else "people"
        compound = Candidate(c.start, i + n, kind, role=role, role_text=doc[c.start:i + n].text, context=[c],
                             role_tokens=(c.start, i + n) if kind == "person" else None, unnamed=kind == "person")
        for k in range(c.start, i + n):
            taken[k] = True
        out.append(compound)
    return out


def _name_follows(doc: Doc, i: int) -> bool:
    """Whether a name begins at token i ("... spokesman John Kirby")."""
    return i < len(doc) and (doc[i].ent_type_ == "PERSON" or (doc[i].pos_ == "PROPN" and doc[i].is_title))


def _located(doc: Doc, kb: KnowledgeBase, found: list[Candidate], taken: list[bool]) -> list[Candidate]:
    """Groups coded by the state they live or act in: "rebels in northern Mali", "ethnic Greeks"."""
    # CAMEO codes a group by its state of residence: "Greeks of southern Albania" or "ethnic Russians" (a
    # minority, by the word) belong to the state they live in, not to the one their demonym names
    states = {i: c for c in found if c.kind == "state" and c.entry is not None for i in range(c.start, c.end)}
    out: list[Candidate] = []
    for c in found:
        head = doc[c.end - 1]
        demonym = c.entry is not None and c.kind in ("state", "people") and head.tag_ in ("NNS", "NNPS")
        compound = c.entry is None and c.kind in ("organisation", "people") and c.role is not None and c.context
        if demonym or compound:
            own = c.entry.country if c.entry is not None else c.context[0].entry.country \
                if c.context[0].entry is not None else None
            where = _state_after(head, states, own)
            if where is None and c.start > 0 and doc[c.start - 1].lower_ == "ethnic":
                where = _other_state(doc, c, found, own)
            if where is not None:
                c = Candidate(c.start, c.end, "people" if demonym else c.kind, role=c.role, role_text=c.role_text,
                              context=[where])
        out.append(c)
    for tok in doc:
        if taken[tok.i] or not _plural(tok):
            continue
        where = _state_after(tok, states, None)
        if where is None:
            continue
        for begin in range(max(0, tok.i - 2), tok.i + 1):
            role = kb.role(doc[begin:tok.i + 1].text)
            if role and role.kind in ("collective", "organisation") and not any(taken[begin:tok.i + 1]):
                out.append(Candidate(begin, tok.i + 1, "people" if role.sector == "CVL" else "organisation",
                                     role=role, role_text=doc[begin:tok.i + 1].text, context=[where]))
                for k in range(begin, tok.i + 1):
                    taken[k] = True
                break
    out.sort(key=lambda c: c.start)
    return out


def _plural(tok: Token) -> bool:
    """A plural common noun, also when a capital at the start of a sentence makes the tagger call it a name."""
    return tok.tag_ in ("NNS", "NNPS") or (tok.tag_ == "NNP" and tok.is_sent_start and tok.lower_.endswith("s"))


def _state_after(head: Token, states: dict[int, Candidate], own: str | None) -> Candidate | None:
    """The state in a locating phrase hanging from a noun: "in (southern) Serbia", "throughout Indonesia"."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in LOCATING:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.i in states and states[obj.i].entry.country != own:
                return states[obj.i]
    return None


def _other_state(doc: Doc, c: Candidate, found: list[Candidate], own: str | None) -> Candidate | None:
    """The first state named in the sentence other than the one a minority's demonym names."""
    sent = doc[c.start].sent
    return next((o for o in found if o.kind == "state" and o.entry is not None and o.entry.country != own
                 and sent.start <= o.start < sent.end and not (c.start <= o.start < c.end)), None)


def _attach_roles(doc: Doc, kb: KnowledgeBase, found: list[Candidate], taken: list[bool]) -> None:
    """Give each person and organisation the role phrase and context written beside it."""
    for c in found:
        if c.kind == "person" and c.role is None:
            _role_before(doc, kb, c, taken)
            if c.role is None:
                _role_after(doc, kb, c)
        if c.kind == "organisation":
            # the state or group inside an organisation's name ("Russian Foreign Ministry")
            c.context.extend(o for o in found if o is not c and c.start <= o.start and o.end <= c.end)
            if c.role is None:
                role = kb.role(doc[c.end - 2:c.end].text) or kb.role(doc[c.end - 1].text)
                if role and role.kind == "organisation":
                    c.role = role
        if c.kind == "person":
            c.context.extend(_of_state_after(doc, found, c))
            c.context.extend(_party(doc, kb, c))
        if c.kind == "person" and c.role_tokens:
            lo, hi = _window_start(doc, c.role_tokens[0]), c.role_tokens[1]
            c.context.extend(o for o in found if lo <= o.start < hi and o.kind != "person")
            # "the Special Representative of the President of the Russian Federation, Deputy Minister X"
            c.context.extend(_appositive_context(doc, found, lo))


# "(R-Texas)", ", D-Calif.,": the US Congress's notation of a member's party and state after the name
_SEAT_NOTE = re.compile(r"^\s*[(,]\s*([A-Z])\s*[-–]\s*[A-Z][A-Za-z.]*\.?\s*[),]")


def _party(doc: Doc, kb: KnowledgeBase, c: Candidate) -> list[Candidate]:
    """The party an adjective before a person's name or role ("Republican Senator X") or a seat note
    after it ("X (R-Texas)") names, as context that codes the person."""
    lo = _window_start(doc, c.role_tokens[0] if c.role_tokens else c.start)
    for t in doc[lo:c.start]:
        party = kb.adjective(t.text) if len(t) > 1 and t.text[:1].isupper() else None
        if party is not None:
            return [Candidate(t.i, t.i + 1, party.kind, party)]
    end = doc[c.end - 1].idx + len(doc[c.end - 1])
    note = _SEAT_NOTE.match(doc_text(doc)[end:end + 20]) if c.end < len(doc) else None
    party = kb.adjective(note.group(1)) if note else None
    if party is None:
        return []
    c.seat = True
    return [Candidate(c.end, c.end, party.kind, party)]


def _window_start(doc: Doc, i: int) -> int:
    """Where the modifiers before token i begin: "former Danish Defence Minister" before a name."""
    lo = i
    while lo > 0 and i - lo < 8:
        t = doc[lo - 1]
        if t.is_space or (t.is_punct and t.text not in ("-", "'s", "’s")) or t.pos_ in ("VERB", "AUX") or (
                t.pos_ == "ADP" and not (t.lower_ in ROLE_LINKS and lo - 1 > 0 and doc[lo - 2].text[:1].isupper())):
            break  # "Secretary of State X" runs on through its "of"; "met with X" stops at "with"
        lo -= 1
    return lo


def _role_before(doc: Doc, kb: KnowledgeBase, c: Candidate, taken: list[bool]) -> None:
    """A role phrase right before a name: "Deputy Foreign Minister Mikhail Bogdanov", "Hamas leader X"."""
    lo = _window_start(doc, c.start)
    # the role phrase ending closest to the name, longest first
    for finish in range(c.start, lo, -1):
        for begin in range(lo, finish):
            role = kb.role(doc[begin:finish].text)
            if role and role.kind == "person":
                c.role, c.role_text, c.role_tokens = role, doc[begin:finish].text, (lo, c.start)
                return


def _role_after(doc: Doc, kb: KnowledgeBase, c: Candidate) -> None:
    """An appositive after a name: "X, Russia's foreign minister," or "X, the head of ..."."""
    i = c.end
    if i >= len(doc) or doc[i].text != ",":
        return
    hi = i + 1
    while hi < len(doc) and hi - i < 14 and doc[hi].text not in (",", ".", ";", "(", ")") \
            and doc[hi].pos_ not in ("VERB", "AUX") and not doc[hi].is_space:
        hi += 1
    for begin in range(i + 1, hi):
        for finish in range(hi, begin, -1):
            role = kb.role(doc[begin:finish].text)
            if role and role.kind == "person":
                c.role, c.role_text, c.role_tokens = role, doc[i + 1:hi].text, (i + 1, hi)
                return


def _of_state_after(doc: Doc, found: list[Candidate], c: Candidate) -> list[Candidate]:
    """ "Ambassador Tomas Berg of Sweden": the state or body named right after the name."""
    if c.end + 1 >= len(doc) or doc[c.end].lower_ != "of":
        return []
    nxt = c.end + 2 if doc[c.end + 1].lower_ == "the" else c.end + 1
    return [o for o in found if o.start == nxt and o.kind in ("state", "igo", "organisation")]


def _appositive_context(doc: Doc, found: list[Candidate], lo: int) -> list[Candidate]:
    """States and groups in a comma-joined description just before a role phrase, with no verb between."""
    if lo < 2 or doc[lo - 1].text != ",":
        return []
    out = []
    i = lo - 2
    while i >= 0 and lo - i < 30:
        t = doc[i]
        if t.pos_ in ("VERB", "AUX") or t.is_space or t.text in (".", ";"):
            break
        i -= 1
    for o in found:
        if i < o.start < lo and o.kind in ("state", "igo", "organisation", "people"):
            out.append(o)
    return out


def _role_only(doc: Doc, kb: KnowledgeBase, taken: list[bool], found: list[Candidate]) -> list[Candidate]:
    """Role descriptions with no name: "the head of the ... Office of Hamas", "the minister", "demonstrators".

    A definite description may name a person or a body; a bare plural ("Moslem demonstrators",
    "thousands of students") names an unnamed group.
    """
    out = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        definite = chunk[0].lower_ in ("the", "this", "that")
        if taken[root.i] or not (definite or _plural(root)):
            continue
        role = None
        for begin in range(max(chunk.start + (1 if definite else 0), root.i - 2), root.i + 1):
            role = kb.role(doc[begin:root.i + 1].text)
            if role:
                break
        if not role or (role.kind == "person" and root.tag_ in ("NNS", "NNPS")):
            continue
        if not definite:
            if role.kind == "person" or any(taken[begin:root.i + 1]):
                continue
            # "Syrian Kurd fighters", "new NATO members": named modifiers describe the group; its own
            # "of"/"from" phrase too, but not a relative clause ("refugees who have stayed in Jordan")
            after = [t.i for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                     for t in c.subtree]
            end = max(after, default=root.i) + 1
            c = Candidate(begin, root.i + 1, "role", role=role, role_text=doc[begin:end].text,
                          role_tokens=(root.i + 1, end), subject=root.dep_ in ("nsubj", "nsubjpass"))
            c.context = [o for o in found if (chunk.start <= o.start < begin or root.i < o.start < end)
                         and o.kind != "person"]
            out.append(c)
            for i in range(begin, root.i + 1):
                taken[i] = True
            continue
        # the description runs on through "of ..." phrases: "the head of the office of the movement"
        end = max(t.i for t in root.subtree if t.i >= root.i and not t.is_space) + 1
        while end > root.i + 1 and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc",)):
            end -= 1
        c = Candidate(chunk.start, root.i + 1, "role", role=role, role_text=doc[chunk.start + 1:end].text,
                      role_tokens=(root.i + 1, end), subject=root.dep_ in ("nsubj", "nsubjpass"))
        c.context = [o for o in found if root.i < o.start < end and o.kind != "person"]
        out.append(c)
        for i in range(chunk.start, root.i + 1):
            taken[i] = True
    return out


def _home_references(doc: Doc, taken: list[bool]) -> list[Candidate]:
    """ "his country", "her government": the home state of the person just mentioned."""
    out = []
    for tok in doc:
        if tok.lower_ in POSSESSIVES and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in HOME_NOUNS \
                and not taken[tok.i]:
            out.append(Candidate(tok.i, tok.i + 2, "home"))
    return out
