"""Source and target of a trigger from the parse, mapped to the actors whose mentions cover them."""

from __future__ import annotations

import bisect
from collections.abc import Container, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..nlp import token_spans
from ..records import Actor, Quote
from .triggers import Trigger

SUBJECTS = frozenset({"nsubj", "csubj"})
# clause links through which a verb shares the subject of its head ("agreed to *provide*", "arrested
# X and *deported* Y")
CONTROL = frozenset({"xcomp", "conj", "advcl", "pcomp", "acomp"})
PERSONAL = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
IMPERSONAL = frozenset({"it", "its", "they", "them", "their", "itself", "themselves"})
# in a quote, the speaker (or the body the speaker speaks for)
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "we", "us", "our", "ourselves"})
# do not look for an argument's actor inside these: relative clauses and the like name others
OPAQUE = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "appos_skip", "punct"})
NEAR_DEPS = ("appos", "compound", "amod", "poss", "nmod")
# prepositions that aim any act at someone ("refused entry *to* X", "fired *at* Y")
DIRECTED = ("to", "against", "at", "with")
# heads that only count what their "of" phrase names: "scores of refugees", "thousands of protesters"
QUANTITIES = frozenset({"score", "dozen", "hundred", "thousand", "million", "number", "group", "band", "lot",
                        "some", "many", "most", "all", "several", "few", "couple", "handful"})
# people defined by whom they stand against: "her rivals" are not her, "Russia's enemies" not Russia
ADVERSARIES = frozenset({"rival", "opponent", "critic", "enemy", "adversary", "challenger", "foe", "detractor",
                         "accuser", "attacker", "assailant", "killer", "victim", "competitor", "opposition"})
# heads whose "of"/"from" phrase says whom they belong to: "members of the council", "troops from the north"
GROUPS = QUANTITIES | frozenset({
    "member", "leader", "head", "chief", "official", "representative", "delegation", "envoy", "minister",
    "spokesman", "spokeswoman", "spokesperson", "soldier", "troop", "force", "unit", "fighter", "militant",
    "officer", "commander", "army", "police", "government", "ministry", "office", "department", "wing",
    "faction", "branch", "arm", "body", "team", "president", "director", "secretary", "ambassador", "agent",
    "staff", "personnel", "supporter", "people", "citizen", "resident", "national", "activist", "protester",
    "demonstrator", "student", "worker", "farmer", "villager", "refugee", "follower", "loyalist", "rebel",
    "gunman", "militiaman", "insurgent", "lawmaker", "legislator", "deputy", "senator", "diplomat", "judge",
    "prosecutor", "negotiator", "mediator", "observer", "monitor", "inspector", "expert", "group", "coalition",
    "alliance", "bloc", "party", "movement", "union", "association", "council", "committee", "commission"})
RELATIVE = frozenset({"who", "whom", "which", "that"})
PAIR_NOUNS = frozenset({"side", "party", "country", "nation", "leader", "government", "delegation", "state",
                        "neighbour", "neighbor", "rival", "foe", "enemy", "ally", "camp", "army", "president"})


@dataclass
class ActorIndex:
    """Token index -> actor id over a Doc, built once per document (and told the story's last dyad)."""

    by_token: dict[int, str]
    kinds: dict[str, str]
    starts: list[int]  # sorted token indices that have an actor, for "nearest before"
    voices: tuple[tuple[int, int, str], ...] = ()  # token ranges of quotes with their speaker
    agents: frozenset[str] = frozenset()  # nouns for doers the knowledge base does not name
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # actor id -> lowercased words of its names
    sectors: dict[str, str] = field(default_factory=dict)  # actor id -> sector code
    countries: dict[str, str] = field(default_factory=dict)  # actor id -> country code
    dyad: tuple[str, str] | None = None  # the last pair an event set against each other, for "the two sides"

    @classmethod
    def build(cls, doc: Doc, actors: Sequence[Actor], quotes: Sequence[Quote] = (),
              agents: frozenset[str] = frozenset()) -> ActorIndex:
        """Map every token inside an actor mention to that actor, and every quoted token to its speaker."""
        by_token: dict[int, str] = {}
        for actor in actors:
            for span in token_spans(doc, actor.mentions):
                for tok in span:
                    # the shorter (more specific) mention wins where two overlap
                    by_token.setdefault(tok.i, actor.id)
        voices = []
        for q in quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand") if q.speaker else None
            if span is not None and q.speaker:
                voices.append((span.start, span.end, q.speaker))
        words = {a.id: frozenset(w.lower() for n in (a.name, *a.aliases, a.role or "") for w in n.split())
                 for a in actors}
        return cls(by_token, {a.id: a.kind for a in actors}, sorted(by_token), tuple(voices), agents, words,
                   {a.id: a.sector or "" for a in actors}, {a.id: (a.country or "").upper() for a in actors})

    def described(self, tok: Token) -> str | None:
        """"The council", "the court": the nearest actor before whose names hold the noun."""
        head = tok.lemma_.lower()
        pos = bisect.bisect_left(self.starts, tok.i) - 1
        floor = max(0, tok.sent.start - 400)
        while pos >= 0 and self.starts[pos] >= floor:
            aid = self.by_token[self.starts[pos]]
            if head in self.words.get(aid, ()) or tok.lower_ in self.words.get(aid, ()):
                return aid
            pos -= 1
        return None

    def pair(self, tok: Token, exclude: Container[str] = ()) -> list[str]:
        """"Both sides", "the two parties": the first two actors of the nearest sentence that names two.

        Actors in `exclude` (the act's own doers: "X called on both sides") and actors of one country
        ("the Turkish leader" beside Turkey) do not make a pair. The last pair an event of the story set
        against each other comes first ("A met B ... the two leaders agreed").
        """
        if self.dyad is not None and not set(self.dyad) & set(exclude):
            return list(self.dyad)
        sent = tok.sent
        for _ in range(3):
            seen: list[str] = []
            for t in sent:
                if t.i >= tok.i:
                    break
                aid = self.by_token.get(t.i)
                if aid and aid not in seen and aid not in exclude and not any(
                        self.countries.get(aid) and self.countries.get(aid) == self.countries.get(o) for o in seen):
                    seen.append(aid)
            if len(seen) >= 2:
                return seen[:2]
            if sent.start == 0:
                break
            sent = sent.doc[sent.start - 1].sent
        return []

    def forget(self, doc: Doc, start: int, end: int) -> None:
        """Drop the actor mentions between two character offsets (a dateline's place names no actor)."""
        for i in [i for i in self.by_token if start <= doc[i].idx < end]:
            del self.by_token[i]
        self.starts[:] = sorted(self.by_token)

    def speaker(self, tok: Token) -> str | None:
        """Who "I" and "we" are in the quote that holds `tok`: its speaker."""
        return next((who for start, end, who in self.voices if start <= tok.i < end), None)

    def at(self, tok: Token) -> str | None:
        """The actor whose mention covers this token."""
        return self.by_token.get(tok.i)

    def before(self, tok: Token, *, person: bool | None, floor: int) -> str | None:
        """The nearest actor mentioned before `tok` (not before token `floor`), of the asked kind."""
        pos = bisect.bisect_left(self.starts, tok.i) - 1
        while pos >= 0 and self.starts[pos] >= floor:
            aid = self.by_token[self.starts[pos]]
            is_person = self.kinds.get(aid) == "person"
            if person is None or is_person == person:
                return aid
            pos -= 1
        return None


@dataclass
class Args:
    """The argument tokens of one trigger and the actors they resolve to."""

    sources: list[str]
    targets: list[str]
    source_tokens: list[Token]
    target_tokens: list[Token]
    fallback: bool = False  # the source came from a wider clause, not the trigger's own frame
    paired: bool = False  # a coordinated subject of a symmetric trigger split into source and target
    agent: Token | None = None  # a doer the knowledge base does not name ("police", "gunmen")


def arguments(trig: Trigger, index: ActorIndex) -> Args:
    """Source and target tokens of a trigger, expanded over coordination and resolved to actors."""
    src_tokens, tgt_tokens, fallback = _tokens(trig)
    sources = _resolve_all(src_tokens, index)
    targets = [a for a in _resolve_all(tgt_tokens, index, loose=True, exclude=sources) if a not in sources]
    if not targets and not trig.is_noun and trig.entry.pos != "adj" and not (trig.entry.symmetric
                                                                              and len(sources) > 1):
        # "refused visas to the reporters": the object names no one, a directed phrase does
        more = _expand(_marked(trig.token, [m for m in (*trig.entry.targets, *DIRECTED)
                                            if m not in ("dobj", "dative")], noun=False))
        found = [a for a in _resolve_all(more, index, loose=True) if a not in sources]
        if found:
            targets, tgt_tokens = found, more
    paired = trig.entry.symmetric and len(sources) > 1 and not targets
    if paired:
        # "the two envoys met": a pair acting on each other
        sources, targets = sources[:1], sources[1:]
    agent = None
    if not sources and not fallback:
        # "raiders, who burned the depot": the relative pronoun is the noun it describes
        heads = [t.head.head if t.lower_ in RELATIVE and t.head.dep_ == "relcl" else t for t in src_tokens]
        agent = next((t for t in heads if t.lemma_.lower() in index.agents), None)
    return Args(sources, targets, src_tokens, tgt_tokens, fallback, paired, agent)


def _tokens(trig: Trigger) -> tuple[list[Token], list[Token], bool]:
    tok, entry = trig.token, trig.entry
    src: list[Token] = []
    tgt: list[Token] = []
    fallback = False
    if trig.is_noun:
        for child in tok.children:
            if child.dep_ == "poss":
                (tgt if entry.poss == "target" else src).append(child)
            elif child.dep_ == "prep" and child.lower_ == "by":
                src.extend(_objects(child))
            elif child.dep_ == "prep" and child.lower_ == "between":
                pair = _objects(child)
                src.extend(pair[:1])
                tgt.extend(pair[1:])
            elif child.dep_ == "prep" and child.lower_ == "of" and entry.of == "source":
                src.extend(_objects(child))
        if trig.anchor.i != tok.i:
            # "gave the province a loan", "paid a visit to the capital": the light verb carries the arguments
            src_anchor, tgt_anchor = _verb_args(trig.anchor, ("dative", *entry.targets))
            if trig.extras.get("engaged"):
                # "the militia was engaged in looting": passive in form, the subject acts
                src_anchor = [c for c in trig.anchor.children if c.dep_ in ("nsubj", "nsubjpass")]
                tgt_anchor = [t for t in tgt_anchor if t.dep_ != "nsubjpass"]
            src = src or src_anchor
            tgt.extend(t for t in tgt_anchor if t.i != tok.i)
        if not src:
            # "the Ostranian raid", "the French visit": an adjectival or compound actor
            # ("naval blockade" names no one: only a capitalised modifier can be an actor)
            src.extend(c for c in tok.children if c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN")
                       and c.text[:1].isupper())
        if not src:
            gov = governor(tok)
            if gov is not None:
                src = subject(gov)
                # "came out in support of X", "rallied in protest": a stance taken by the clause's subject
                fallback = bool(src) and not (tok.dep_ == "pobj" and tok.head.lower_ == "in")
        tgt.extend(_marked(tok, entry.targets, noun=True))
    else:
        # an adjective frame ("is prepared to") takes its arguments from its copula
        src, tgt2 = _verb_args(trig.anchor if entry.pos == "adj" else tok, entry.targets)
        if not tgt2 and "dobj" in entry.targets and not any(c.dep_ == "dobj" for c in tok.children):
            # "stormed and burned the depot": the first verb shares its conjunct's object
            tgt2 = [o for c in tok.children if c.dep_ == "conj" and c.pos_ == "VERB"
                    for o in c.children if o.dep_ == "dobj"][:1]
        if not src and entry.frame == "intent":
            # "the cabinet is committed to easing the curfew": a passive-looking state of mind is its subject's own
            src = [t for t in tgt2 if t.dep_ == "nsubjpass"]
            tgt2 = [t for t in tgt2 if t not in src]
        tgt.extend(tgt2)
    if not src and trig.frame_source is not None:
        src = [trig.frame_source]
    return _expand(src), _expand([t for t in tgt if t not in src]), fallback


def _verb_args(verb: Token, markers: Sequence[str]) -> tuple[list[Token], list[Token]]:
    src: list[Token] = []
    tgt: list[Token] = []
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for child in verb.children:
        if child.dep_ == "agent":
            src.extend(_objects(child))
        elif child.dep_ == "nsubjpass":
            tgt.append(child)
    if not passive:
        src = subject(verb)
    tgt.extend(_marked(verb, markers, noun=False))
    return src, tgt


def subject(verb: Token) -> list[Token]:
    """The subject of a verb, or of the verb that controls it ("agreed to provide", "X and deported Y")."""
    seen = 0
    while verb is not None and seen < 6:
        subj = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subj:
            return subj
        agent = [o for c in verb.children if c.dep_ == "agent" for o in _objects(c)]
        if agent:
            return agent
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN") \
                and verb.head.dep_ != "dobj":
            return [verb.head]  # "strikers demanding wages": the noun does what its participle says
        if verb.dep_ == "acl" and verb.head.dep_ == "ROOT" and verb.head.pos_ == "PROPN" \
                and any(c.dep_ == "dobj" for c in verb.children):
            return [verb.head]  # a main verb parsed as a participle of the name before it
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return []  # "the migrants expelled last year": the noun is acted upon, the doer unnamed
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "the junta's plans to annex": the possessor of the noun does the act
            poss = [c for c in verb.head.children if c.dep_ == "poss"]
            if poss or verb.head.dep_ not in ("dobj", "pobj"):
                return poss
            # "issued a note demanding ...", "met for a vigil to protest": the one who did that
            gov = governor(verb.head)
            if gov is None:
                return []
            verb = gov
            seen += 1
            continue
        if verb.dep_ not in CONTROL or verb.head.i == verb.i:
            return []
        if verb.dep_ == "xcomp":
            # "is expected to meet", "was asked to mediate": the passive subject of the raising verb acts
            raised = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
            if raised and not any(c.dep_ in SUBJECTS for c in verb.head.children):
                return raised
        # "turned to burning tyres": through the preposition to the verb that governs it
        verb = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else verb.head
        seen += 1
    return []


def _marked(head: Token, markers: Sequence[str], *, noun: bool) -> list[Token]:
    out: list[Token] = []
    # "granted asylum to X", "lifted the ban on X": the marker may hang from the verb's object
    objects = [] if noun else [c for c in head.children if c.dep_ == "dobj"]
    for marker in markers:
        for child in head.children:
            if marker == "dobj" and child.dep_ in ("dobj",) and not noun:
                out.append(child)
            elif marker == "dative" and child.dep_ == "dative" and not noun:
                out.append(child)
            elif child.dep_ in ("prep", "dative") and child.lower_ == marker:
                out.extend(_objects(child))
        if not out and marker == "dobj" and not noun:
            out.extend(_controlled(head))
        if not out and marker not in ("dobj", "dative"):
            out.extend(o for obj in objects for c in obj.children
                       if c.dep_ == "prep" and c.lower_ == marker for o in _objects(c))
        if out:
            return out
    return out


def _controlled(verb: Token) -> list[Token]:
    """"Allowed the monk to leave", "asked the junta to stop": the one told to act is the verb's object."""
    return [s for c in verb.children if c.dep_ in ("ccomp", "xcomp") and any(a.tag_ == "TO" for a in c.children)
            for s in c.children if s.dep_ == "nsubj"]


def _objects(prep: Token) -> list[Token]:
    return [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]


def _expand(tokens: list[Token]) -> list[Token]:
    """Coordinated arguments: "the police and the army" is two arguments; "scores of X and Y" names X and Y."""
    out: list[Token] = []
    for tok in tokens:
        inner = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in _objects(c)] \
            if tok.lemma_.lower() in QUANTITIES or tok.like_num else []
        for t in (tok, *tok.conjuncts, *(x for o in inner for x in (o, *o.conjuncts))):
            if t not in out:
                out.append(t)
    return out


def governor(tok: Token) -> Token | None:
    """The verb a nominal hangs from ("spoke *during* her visit" -> spoke)."""
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _both(tok: Token) -> bool:
    """"Both sides", "the two parties", "both countries": a noun standing for a pair named before."""
    if tok.lemma_.lower() not in PAIR_NOUNS or tok.tag_ != "NNS":
        return False
    return any(c.lower_ in ("both", "two") for c in tok.children if c.dep_ in ("det", "nummod", "predet"))


def _resolve_all(tokens: list[Token], index: ActorIndex, *, loose: bool = False,
                 exclude: Sequence[str] = ()) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        if _both(tok) and not index.at(tok):
            out.extend(a for a in index.pair(tok, exclude) if a not in out)
            continue
        aid = resolve(tok, index, loose=loose)
        if aid and aid not in out:
            out.append(aid)
        if aid:
            # "Polish and Czech envoys": coordinated modifiers name several actors
            for child in tok.children:
                if child.dep_ in NEAR_DEPS and child.conjuncts:
                    for other in (child, *child.conjuncts):
                        more = index.at(other)
                        if more and more not in out:
                            out.append(more)
    return out


def _reporter(tok: Token, index: ActorIndex, person: bool | None) -> str | None:
    """"The strikers said they would ...": a pronoun subject of a reported clause is the reporter."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ccomp" or tok.head.head.i >= tok.i:
        return None
    subj = subject(tok.head.head)  # "the union spurned the offer and said it ...": the shared subject too
    aid = resolve(subj[0], index) if subj and subj[0].pos_ != "PRON" else None
    if aid is None or (person is not None and (index.kinds.get(aid) == "person") != person):
        return None
    return aid


def resolve(tok: Token, index: ActorIndex, depth: int = 0, *, loose: bool = False) -> str | None:
    """The actor an argument token stands for: its own mention, a pronoun's antecedent, or a modifier's.

    Only the words that name who the phrase is count: its modifiers, possessor and apposition, and
    the "of" phrase of a group or a quantity ("members of the council", "dozens of soldiers"), never
    the things it is about ("a crate of the kingdom's oranges" is no kingdom). With `loose`
    (for targets: what an act is done to), the whole phrase counts: "the camp for Sudanese refugees"
    is attacked when the refugees are.
    """
    aid = index.at(tok)
    if aid or depth > 3:
        return aid
    low = tok.lower_
    if low in RELATIVE and tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.dep_ == "relcl":
        # "the poet, who was detained": the relative pronoun is the noun the clause describes
        return resolve(tok.head.head, index, depth + 1)
    if low in FIRST_PERSON:
        return index.speaker(tok)
    if low in PERSONAL or low in IMPERSONAL:
        return _antecedent(tok, index)
    if tok.pos_ == "PRON" or tok.pos_ == "DET":
        return None  # "this", "everyone", "what": no one in particular
    if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
        aid = index.described(tok)  # "the council" after "the Regional Security Council"
        if aid and index.kinds.get(aid) != "person":  # "the president" may be anyone's
            return aid
    adversary = tok.lemma_.lower() in ADVERSARIES
    near = [c for c in tok.children if c.dep_ in NEAR_DEPS and not (adversary and c.dep_ == "poss")]
    # a name in the phrase beats a pronoun's guess: "its Gulf partners" are the Gulf states named
    for child in sorted(near, key=lambda c: c.pos_ == "PRON"):
        aid = index.at(child) or (resolve(child, index, depth + 1) if child.dep_ in ("poss", "appos") else None)
        if aid:
            return aid
    if tok.lemma_.lower() in GROUPS or tok.like_num:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
                for obj in prep.children:
                    aid = resolve(obj, index, depth + 1) if obj.dep_ == "pobj" else None
                    if aid:
                        return aid
    if loose:
        # breadth first through the phrase, not into clauses that name other people
        frontier = [c for c in tok.children if c.dep_ not in OPAQUE and not (adversary and c.dep_ == "poss")]
        for _ in range(4):
            nxt: list[Token] = []
            for node in frontier:
                aid = index.at(node)
                if aid:
                    return aid
                nxt.extend(c for c in node.children if c.dep_ not in OPAQUE)
            frontier = nxt
    return None


def _antecedent(tok: Token, index: ActorIndex) -> str | None:
    low = tok.lower_
    person: bool | None = True if low in PERSONAL else (False if low in IMPERSONAL else None)
    bound = _reporter(tok, index, person)
    if bound is not None:
        return bound
    topic = _topic(tok, index, person)
    if topic is not None:
        return topic
    floor = max(0, tok.sent.start - 80)
    return index.before(tok, person=person, floor=floor) or (index.before(tok, person=None, floor=floor)
                                                            if person is False else None)


def _topic(tok: Token, index: ActorIndex, person: bool | None) -> str | None:
    """The subject of the previous sentence, when a pronoun opens its own: "The envoy ... She also plans to"."""
    if person is None or tok.dep_ not in ("nsubj", "nsubjpass") or tok.sent.start == 0:
        return None
    if any(index.at(t) for t in tok.sent if t.i < tok.i):
        return None  # an actor named earlier in the same sentence is nearer
    prev = tok.doc[tok.sent.start - 1].sent
    for t in prev:
        aid = index.at(t)
        head = t if t.dep_ in ("nsubj", "nsubjpass") else t.head
        if aid and head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ROOT" \
                and (index.kinds.get(aid) == "person") == person:
            return aid
    return None
