"""Trigger words in a sentence: lexicon lookup by lemma, light verbs, and frames that embed events."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .lexicon import Entry, Lexicon

VERB_POS = frozenset({"VERB"})
NOUN_POS = frozenset({"NOUN"})
# dependents through which a frame reaches the event it embeds
EMBED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "acl", "pcomp", "advcl", "attr", "oprd", "conj", "nsubjpass"})
EMBED_PREPS = frozenset({"for", "of", "to", "on", "from", "with", "against"})


@dataclass(eq=False)
class Trigger:
    """A trigger token with its lexicon entry and what the sentence does with it."""

    token: Token
    entry: Entry
    anchor: Token  # the verb whose subject, auxiliaries and negation apply (a light verb for nouns)
    extra: tuple[Token, ...] = ()  # tokens of the trigger phrase besides `token` (call *for*, *open* fire)
    embedded: Trigger | None = None
    absorbed: bool = False  # part of a frame's event, not an event of its own
    negated: bool = False
    frame_source: Token | None = None  # the frame's subject, for embedded events that lack one
    extras: dict[str, object] = field(default_factory=dict)

    @property
    def is_noun(self) -> bool:
        """True for nominal triggers ("the attack on", "talks between")."""
        return self.entry.pos == "noun"

    @property
    def start(self) -> int:
        """First character of the trigger phrase."""
        return min(t.idx for t in (self.token, *self.extra))

    @property
    def end(self) -> int:
        """End character of the trigger phrase."""
        return max(t.idx + len(t.text) for t in (self.token, *self.extra))


def find_triggers(sent: SpacySpan, lex: Lexicon, names: Container[int] = ()) -> list[Trigger]:
    """Trigger tokens of one sentence, light verbs resolved and frames linked to what they embed.

    `names` holds the indices of tokens inside actor mentions: "the Ostranian occupation force" or "the
    Popular Resistance Front" name an actor and announce no event.
    """
    found: dict[int, Trigger] = {}
    for token in sent:
        if token.i in names:
            continue
        trig = _match(token, lex, names)
        if trig is not None:
            found[token.i] = trig
    for trig in list(found.values()):
        _light_verb(trig, found, lex)
    for trig in sorted(found.values(), key=lambda t: t.token.i):
        if trig.entry.frame and trig.token.i in found:
            trig.embedded = _embedded(trig, found)
    return [t for t in sorted(found.values(), key=lambda t: t.token.i)]


def _match(token: Token, lex: Lexicon, names: Container[int] = ()) -> Trigger | None:
    if token.pos_ in VERB_POS:
        table = lex.verbs
    elif token.pos_ in NOUN_POS and token.dep_ != "compound":
        table = lex.nouns
    elif token.pos_ == "PROPN" and not token.ent_type_ and token.dep_ != "compound" and not token.is_sent_start:
        table = lex.nouns  # a common noun capitalised for emphasis ("raised the Tariffs")
    elif token.pos_ == "ADJ" and token.dep_ in ("acomp", "amod", "oprd", "xcomp"):
        table = lex.adjectives
    else:
        return None
    entries = next((table[k] for k in lemmas(token) if k in table), None)
    if not entries:
        return None
    # the infinitive's "to" ("to protest") is no preposition ("protested to the embassy")
    kids = {c.lemma_.lower(): c for c in token.children if not (c.tag_ == "TO" and c.dep_ == "aux")}
    # "hunger strike", "air strike": the modifier may be a compound or amod child
    has_object = any(c.dep_ in ("dobj", "dative") for c in token.children)
    objects = _objects(token)
    # a noun's clause is its acl: "a rally to demand his release", "a rally demanding his release"
    has_clause = any(c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "acl" and table is lex.nouns)
                     for c in token.children)
    for entry in entries:
        on = token.dep_ == "pobj" and token.head.lower_ == "on"
        if any(n not in kids and not (n == "@obj" and has_object) and not (n == "@clause" and has_clause)
               and not (n == "@on" and on) for n in entry.needs):
            continue
        if entry.pps and not all(any(_selects(o, wanted, ()) or ("@place" in wanted and o.ent_type_ in PLACES)
                                     for p in token.children if p.lower_ == prep
                                     for o in p.children if o.dep_ == "pobj")
                                 for prep, wanted in entry.pps):
            continue
        if any(c.dep_ == "prt" and c.lower_ in PARTICLES and c.lower_ not in entry.needs for c in token.children):
            continue  # "shelled out", "blew off": a particle that makes another verb
        if entry.bare and has_object:
            continue
        if entry.active and any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
            continue
        if entry.objects is not None and not any(_selects(o, entry.objects, names) for o in objects):
            continue
        if entry.excludes and (any(c.lemma_.lower() in entry.excludes for c in _near(token))
                               or ("@clause" in entry.excludes and has_clause)):
            continue
        extra = tuple(kids[n] for n in entry.needs if n in kids and abs(kids[n].i - token.i) <= 3)
        # "stands ready to ease": the adjective's clause is its copula's
        anchor = token.head if entry.pos == "adj" and token.dep_ == "acomp" else token
        return Trigger(token=token, entry=entry, anchor=anchor, extra=extra)
    return None


def _near(token: Token) -> list[Token]:
    """The words an entry's `not` list is checked against: objects, modifiers and prepositional objects."""
    kids = [c for c in token.children if c.dep_ in ("dobj", "compound", "amod", "nsubjpass", "pobj", "attr", "prep",
                                                    "prt", "advmod", "xcomp")]
    return kids + [o for c in token.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]


PLACES = frozenset({"GPE", "LOC", "FAC"})
PARTICLES = frozenset({"out", "off", "down", "away"})
# verbs a frame looks through to the event they carry ("promised to keep up the aid")
THROUGH = frozenset({"continue", "keep", "resume", "begin", "start", "maintain", "expand", "increase", "boost",
                     "step", "provide", "offer", "give", "send", "deliver", "extend", "renew", "hold", "conduct",
                     "launch", "carry", "make", "take", "stage", "impose", "pay", "sign", "reach", "declare"})
# people as objects, and as the subjects of a passive ("he was released", "they were detained")
PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "each", "one", "he", "she", "they", "we", "i"})


def _objects(token: Token) -> list[Token]:
    """What a verb acts on: its direct objects, or its passive subject, with their conjuncts."""
    direct = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
    if not direct and token.dep_ in ("acl", "relcl") and token.tag_ == "VBN":
        direct = [token.head]  # "the sanctions imposed on X": the noun the participle modifies
    return [t for d in direct for t in (d, *d.conjuncts)]


def _selects(obj: Token, wanted: frozenset[str], names: Container[int]) -> bool:
    """True when an object is of the kind an entry selects: one of its lemmas, or an actor for "@actor".

    A measure or a part stands for what its "of" phrase names ("tons of food aid", "part of the programme").
    """
    inner = [o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children
             if o.dep_ == "pobj"] + [c for c in obj.children if c.dep_ == "compound"]
    if any(k in wanted for t in (obj, *inner) for k in lemmas(t)):
        return True
    if "@place" in wanted and obj.ent_type_ in PLACES:
        return True
    if "@actor" not in wanted:
        return False
    return obj.i in names or obj.lower_ in PRONOUNS


def lemmas(token: Token) -> tuple[str, ...]:
    """The token's lemma, then guesses from its form, for when the lemmatiser errs ("staged" -> "stag")."""
    low = token.lower_
    guesses = [token.lemma_.lower(), low]
    for suffix, repl in (("ied", "y"), ("ed", "e"), ("ed", ""), ("d", ""), ("ing", "e"), ("ing", ""), ("es", ""),
                         ("s", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            guesses.append(low[: -len(suffix)] + repl)
    return tuple(dict.fromkeys(guesses))


def _light_verb(trig: Trigger, found: dict[int, Trigger], lex: Lexicon) -> None:
    """A noun trigger that is the object of a light verb takes that verb as its anchor."""
    tok = trig.token
    if not trig.is_noun:
        return
    if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "into", "on") and tok.head.head.pos_ in ("VERB", "ADJ", "AUX"):
        # "engaged in looting", "entered into negotiations", "went on strike"
        verb = tok.head.head
        light = lex.light_verbs | ({"go", "be", "remain", "stay"} if tok.head.lower_ == "on" else frozenset())
        if any(k in light for k in lemmas(verb)) and verb.i not in found:
            trig.anchor = verb
            trig.extras["engaged"] = True
        return
    if tok.dep_ not in ("dobj", "nsubjpass", "attr") or tok.head.pos_ not in ("VERB", "AUX"):
        return
    verb = tok.head
    vtrig = found.get(verb.i)
    if vtrig is not None and (tok.lemma_.lower() in vtrig.entry.needs or tok.lower_ in vtrig.entry.needs
                              or (vtrig.entry.type and not vtrig.entry.frame and vtrig.entry.objects
                                  and not any(k in lex.light_verbs for k in lemmas(verb)))):
        # "reach an agreement", "declare a ceasefire", "provided aid": the verb entry already says it all
        found.pop(tok.i, None)
        return
    if any(k in lex.light_verbs for k in lemmas(verb)):
        if vtrig is not None and not vtrig.entry.frame:
            found.pop(verb.i, None)
        elif vtrig is not None and vtrig.entry.frame in ("intent", "halt"):
            # "offer support", "stop the shelling": the frame keeps the noun as what it embeds
            return
        trig.anchor = verb


def _embedded(frame: Trigger, found: dict[int, Trigger]) -> Trigger | None:
    """The event a frame embeds: "threatened to *strike*", "called for *talks*", "plans to *annex*"."""
    tok = frame.token
    for child in tok.children:
        inner = None
        if child.dep_ in EMBED_DEPS and child.i in found and child.i != tok.i:
            inner = found[child.i]
            if child.dep_ == "conj" and not inner.is_noun:
                continue
        elif child.dep_ == "prep" and child.lower_ in EMBED_PREPS:
            for grand in child.children:
                if grand.dep_ in ("pobj", "pcomp") and grand.i in found:
                    inner = found[grand.i]
                    break
        elif child.dep_ in ("dobj", "nsubjpass") and frame.entry.frame in ("accuse", "request", "own"):
            # "accused the army of looting", "asked the junta to talk": the event hangs under the object
            for grand in child.children:
                if grand.dep_ in ("prep", "acl", "xcomp", "relcl") and grand.i in found:
                    inner = found[grand.i]
                for great in grand.children:
                    if grand.dep_ == "prep" and great.dep_ in ("pobj", "pcomp") and great.i in found:
                        inner = found[great.i]
                if inner:
                    break
        if inner is not None and inner is not frame and not _blocked(inner, frame):
            return inner
    for child in tok.children:
        # "promised to keep up the loans": look through an aspect or light verb that is no trigger
        if (child.dep_ in ("xcomp", "ccomp") and child.i not in found and frame.entry.frame != "report"
                and child.lemma_.lower() in THROUGH):
            for grand in child.children:
                if grand.dep_ in ("dobj", "xcomp", "ccomp") and grand.i in found and found[grand.i] is not frame:
                    return found[grand.i]
    return None


def _blocked(inner: Trigger, frame: Trigger) -> bool:
    """A report frame only embeds clauses, never objects; nothing embeds its own frame."""
    return inner.embedded is frame or (frame.entry.frame == "report" and inner.token.dep_ != "ccomp")
