"""Find actor mentions in a Doc: names, knowledge-base aliases, demonyms, roles, possessive references."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .knowledge import Entry, KnowledgeBase, Role, fold

# spaCy labels that can name an actor; GPE and LOC count only when the knowledge base knows a state
NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
POSSESSIVES = {"his", "her", "its", "their"}
HOME_NOUNS = {"country", "government", "nation", "state", "homeland", "administration"}


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
        claim(c)
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        start, end = _trim(ent)
        if start >= end or any(taken[start:end]):
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
    _attach_roles(doc, kb, found, taken)
    found.extend(_role_only(doc, kb, taken, found))
    found.extend(_home_references(doc, taken))
    found.sort(key=lambda c: c.start)
    return found


def _kb_matches(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """Longest knowledge-base alias matches, left to right; all-lowercase matches are words, not names."""
    folded = [fold(t.text) for t in doc]
    out: list[Candidate] = []
    i = 0
    while i < len(doc):
        if folded[i] not in kb.first_words or doc[i].lower_ == "the":
            i += 1
            continue
        hit = None
        for n in range(min(kb.max_alias_words, len(doc) - i), 0, -1):
            span = doc[i:i + n]
            if span[-1].is_punct or span[-1].text in ("'s", "’s") or "\n" in span.text:
                continue
            key = " ".join(w for w in folded[i:i + n] if w)
            entry_id = kb.by_alias.get(key)
            if entry_id and _case_ok(span, key in kb.acronyms) and not _inside_other_name(span):
                hit = (n, kb.entries[entry_id])
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


def _inside_other_name(span: Span) -> bool:
    """A match inside a longer person or place name: "America" in "Latin America", "Jordan" in "Jordan Bardella"."""
    for tok in (span[0], span[-1]):
        if tok.ent_type_ in ("PERSON", "LOC", "FAC", "GPE") and tok.ent_iob_:
            ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
            if ent is not None and (ent.start < span.start and tok.doc[ent.start].lower_ != "the"
                                    or ent.end > span.end):
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
    entry = kb.lookup(span.text)
    if entry:
        return Candidate(start, end, entry.kind, entry)
    if label == "NORP":
        entry = kb.demonym(span.text)
        return Candidate(start, end, entry.kind, entry) if entry else None
    if label == "GPE":
        return None  # a city or region: the places stage takes it
    if label == "PERSON":
        # a role phrase the model swallowed into the name ("Foreign Minister Lavrov")
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
        # "[British Defence] Secretary Tom King": the model cut a role; keep only the nationality
        return Candidate(start, start + 1, demonym.kind, demonym)
    if any(kb.role(span[:n].text) for n in range(1, min(4, len(span)) + 1)):
        return None  # "the Special Representative of ...": a role description, not a body's name
    return Candidate(start, end, "organisation")


def _compounds(doc: Doc, kb: KnowledgeBase, found: list[Candidate], taken: list[bool]) -> list[Candidate]:
    """A state's organ or group named by demonym and role: "Kenyan police", "Russia's foreign ministry".

    The state mention becomes part of a new organisation actor coded with the state's country and the
    role's sector; a role followed by a name ("Iraqi Prime Minister X") is left to that person.
    """
    starts = {c.start for c in found}
    out: list[Candidate] = []
    for c in found:
        if c.kind not in ("state", "people") or c.entry is None:
            out.append(c)
            continue
        i = c.end + (1 if c.end < len(doc) and doc[c.end].text in ("'s", "’s") else 0)
        best = None
        for n in range(min(kb.max_role_words, 4), 0, -1):
            if i + n > len(doc) or any(taken[i:i + n]) or doc[i + n - 1].is_punct or "\n" in doc[i:i + n].text:
                continue
            role = kb.role(doc[i:i + n].text)
            if role and role.kind in ("organisation", "collective") and (i + n) not in starts:
                best = (n, role)
                break
        if best is None:
            out.append(c)
            continue
        n, role = best
        compound = Candidate(c.start, i + n, "organisation" if role.sector != "CVL" else "people", role=role,
                             role_text=doc[c.start:i + n].text, context=[c])
        for k in range(c.start, i + n):
            taken[k] = True
        out.append(compound)
    return out


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
        if c.kind == "person" and c.role_tokens:
            lo, hi = _window_start(doc, c.role_tokens[0]), c.role_tokens[1]
            c.context.extend(o for o in found if lo <= o.start < hi and o.kind != "person")
            # "the Special Representative of the President of the Russian Federation, Deputy Minister X"
            c.context.extend(_appositive_context(doc, found, lo))


def _window_start(doc: Doc, i: int) -> int:
    """Where the modifiers before token i begin: "former British Defence Secretary" before a name."""
    lo = i
    while lo > 0 and i - lo < 8:
        t = doc[lo - 1]
        if t.is_space or (t.is_punct and t.text not in ("-", "'s", "’s")) or t.pos_ in ("VERB", "AUX", "ADP"):
            break
        lo -= 1
    return lo


def _role_before(doc: Doc, kb: KnowledgeBase, c: Candidate, taken: list[bool]) -> None:
    """A role phrase right before a name: "Deputy Foreign Minister Mikhail Bogdanov", "Hamas leader X"."""
    lo = _window_start(doc, c.start)
    # the role phrase ending closest to the name, longest first
    for finish in range(c.start, lo, -1):
        for begin in range(lo, finish):
            role = kb.role(doc[begin:finish].text)
            if role:
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
    """Definite role descriptions with no name: "the head of the ... Office of Hamas", "the minister"."""
    out = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if taken[root.i] or chunk[0].lower_ not in ("the", "this", "that"):
            continue
        role = None
        for begin in range(chunk.start + 1, root.i + 1):
            role = kb.role(doc[begin:root.i + 1].text)
            if role:
                break
        if not role or (role.kind == "person" and root.tag_ in ("NNS", "NNPS")):
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
