"""What counts as an event: the conditions a trigger's event must meet once its arguments are known."""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import ActorIndex, Args
from .lexicon import Lexicon
from .triggers import Trigger

SPEECH = frozenset({"REQUEST", "ACCUSE", "REJECT", "THREATEN", "SUPPORT", "AGREE", "CONSULT", "CONCEDE",
                    "COOPERATE", "AID", "SANCTION"})

ARMED_SECTORS = frozenset({"MIL", "REB", "COP", "SPY", "INS", "UAF", "TER", "IMG"})

VIOLENT = frozenset({"ASSAULT", "COERCE"})

MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "AID", "PROTEST", "SANCTION", "RETREAT", "COOPERATE"})

def kept(trig: Trigger, args: Args, lex: Lexicon, index: ActorIndex, *, reported: bool = False) -> bool:
    need = trig.entry.require
    if _charge(trig.token, lex):
        return False  # "charged with kidnapping": the charge is the event, the kidnapping an allegation
    if ("source" in need and not args.sources and args.agent is None) or ("target" in need and not args.targets):
        return False
    if trig.entry.type in SPEECH and args.source_tokens and not args.sources and args.agent is None \
            and not any(t.pos_ == "PRON" for t in args.source_tokens) and not (
                trig.entry.type in ("ACCUSE", "REQUEST") and any(index.kinds.get(a) in ("state", "igo")
                                                                 for a in args.targets)):
        # "the slump threatened more losses", "the report praised": only an actor speaks or deals
        # (anyone may sue or petition a state)
        return False
    if trig.entry.stance and not reported and (trig.token.dep_ in ("acl", "relcl") or (
            trig.token.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "aux" for c in trig.token.children))):
        # "a fund backing the mayor", "she supports the plan": a standing view, not an act
        return False
    if trig.entry.type == "CONSULT" and args.targets and all(index.sectors.get(a) == "MED" for a in args.targets):
        return False  # "spoke to CNN", "an interview with Reuters": talking to the press is no consultation
    if (trig.entry.type == "PROTEST" and trig.entry.lemma in lex.words.get("campaign_gatherings", ()) and args.sources
            and not args.targets and all(index.kinds.get(a) == "person" for a in args.sources)):
        return False  # "the senator held a rally in Denver": a campaign stop, not a protest
    if trig.is_noun:
        if trig.entry.light and trig.anchor.i == trig.token.i:
            return False
        if trig.anchor.i != trig.token.i:
            # "held talks", "imposed sanctions": the light verb's subject does the act
            return bool(args.sources or args.agent is not None) or (bool(args.targets) and not args.source_tokens)
        # a bare nominal names an event only with both its parties ("the army's raid on the camp"),
        # a doer named by "by", or a toll ("the blast killed four", "were hurt in the bombing"):
        # "the war" and "the talks" are background
        if args.sources and args.targets and not args.fallback:
            return True
        if _dated(trig.token):
            return True  # "the beating of the clerks on Friday"
        if trig.entry.light:
            return False
        if trig.entry.type == "CONSULT":
            return False  # "at a town hall meeting in Ohio": a meeting with no one named to meet is a setting
        by = any(c.dep_ == "prep" and c.lower_ == "by" for c in trig.token.children)
        return (by and bool(args.source_tokens)) or _toll(trig.token, lex) or _placed(trig.token)
    tok = trig.token
    # "stayed home to protest the tax": a protest named as the purpose of an act is that act
    if trig.entry.type != "PROTEST" and any(c.tag_ == "TO" for c in tok.children) and (tok.dep_ == "advcl" or (
            tok.dep_ == "acl" and tok.head.lemma_.lower() in lex.words.get("purpose_heads", ()))):
        # "efforts to stop the fighting", "flew there to meet": a purpose names an aim, not an act
        return False
    if _statistic(tok, lex) or _habitual(trig) or _held(trig) or _natural(tok, lex) or _generic(tok, lex):
        return False
    if tok.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children):
        return False  # "as agreed in the resolution": a reference to an earlier act
    if not args.sources and args.agent is None and _describes_someone(tok, lex):
        # "the poet, who was jailed in 2009": a description of someone, not a report of the act
        return False
    # an act by or on no actor at all is no political event ("the van was hit", "he was hurt");
    # "police", "gunmen" and the like act politically though the knowledge base names no one, and a
    # state act in the passive ("the poet was detained") has the state as its doer
    return bool(args.sources or args.targets or args.agent is not None or state_passive(trig, args, lex)
                or (trig.entry.type in VIOLENT and _victims(args, lex))
                or (trig.entry.type == "PROTEST" and _crowd(args, lex)))


def _crowd(args: Args, lex: Lexicon) -> bool:
    """"Hundreds of people protested", "thousands marched": a protest's doers are people in numbers."""
    crowds = lex.words.get("objects:crowds", frozenset())
    return any(t.lemma_.lower() in crowds for t in args.source_tokens)

def figurative(trig: Trigger, args: Args, lex: Lexicon, index: ActorIndex) -> bool:
    """True when an attack is one of words: its doer neither carries arms nor is a state, and nothing
    material (a weapon, a place, a building) is involved ("the senator attacked her opponent")."""
    armed = lex.words.get("objects:armed", frozenset()) | lex.words.get("objects:crowds", frozenset())
    if any(index.kinds.get(a) == "state" or index.sectors.get(a) in ARMED_SECTORS for a in args.sources):
        return False
    if any(index.sectors.get(a) in ARMED_SECTORS for a in args.targets):
        return False  # "clashed with the police", "shot back at the rebels"
    if any(t.lemma_.lower() in armed for t in (*args.source_tokens, *args.target_tokens)):
        return False
    material = lex.words.get("objects:targets", frozenset()) | lex.words.get("objects:weapons", frozenset())
    if any(t.lemma_.lower() in material for t in (*args.target_tokens, *trig.token.subtree)):
        return False
    forums = lex.words.get("objects:forums", frozenset())
    if any(t.lemma_.lower() in forums for t in trig.token.sent if t.pos_ in ("NOUN", "PROPN")):
        return True  # "was attacked in ads", "beating her in the primary", "clashed at the debate"
    if not args.source_tokens and not args.sources:
        return False  # "the depot was attacked": no one to speak
    if any(index.kinds.get(a) == "state" for a in args.targets) and any(
            index.sectors.get(a) == "GOV" for a in args.sources):
        return False  # "the president attacked the neighbouring state"
    return True

def _describes_someone(verb: Token, lex: Lexicon) -> bool:
    """A relative clause or participle about a person ("the poet, who was jailed in 2009")."""
    if verb.dep_ != "relcl" and not (verb.dep_ == "acl" and verb.tag_ == "VBN"
                                      and not any(c.dep_ == "dobj" for c in verb.children)):
        return False
    head = verb.head
    return head.pos_ == "PROPN" or head.lemma_.lower() in lex.words.get("objects:persons", ()) or head.pos_ == "PRON"

def _dated(noun: Token) -> bool:
    """An event noun with a day of its own ("Friday's raid", "the bombing on Monday"): a report of it."""
    for c in noun.children:
        if c.ent_type_ in ("DATE", "TIME") and c.dep_ in ("poss", "npadvmod", "nmod"):
            return True
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "at") and any(
                o.ent_type_ in ("DATE", "TIME") for o in c.children if o.dep_ == "pobj"):
            return True
    return False

def _placed(noun: Token) -> bool:
    """An event noun set somewhere ("marches in the capital", "a blast at a depot") as a subject
    or as where something happened: a report of that event, not background."""
    if noun.dep_ not in ("nsubj", "nsubjpass", "ROOT", "pobj"):
        return False
    return any(c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside", "across") and any(
        o.ent_type_ in ("GPE", "LOC", "FAC") for o in c.children if o.dep_ == "pobj") for c in noun.children)

def _toll(noun: Token, lex: Lexicon) -> bool:
    """"The blast killed four", "were hurt in the bombing": an event told by what it did."""
    verbs = lex.words.get("toll_verbs", frozenset())
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in verbs:
        return noun.dep_ == "nsubj"
    return (noun.dep_ == "pobj" and head.lower_ in ("in", "during", "by") and head.head.lemma_.lower() in verbs
            and any(c.dep_ in ("auxpass", "nsubjpass") for c in head.head.children))

def _victims(args: Args, lex: Lexicon) -> bool:
    """"Four guards were shot", "shelled the villages": people or places acted upon, though no actor is named."""
    wanted = lex.words.get("objects:persons", frozenset()) | lex.words.get("objects:targets", frozenset())
    return any(t.lemma_.lower() in wanted for t in args.target_tokens)

def state_passive(trig: Trigger, args: Args, lex: Lexicon) -> bool:
    """"She was detained", "the poet was sentenced": a state act in the passive with no doer named."""
    tok = trig.token
    captives = lex.words.get("objects:captives", frozenset())
    return (not args.source_tokens and tok.lemma_.lower() in lex.words.get("state_acts", ())
            and any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            and not any(t.lemma_.lower() in captives for t in args.target_tokens))

def _habitual(trig: Trigger) -> bool:
    """"The gang robs lorries at night": a material act in the simple present is a habit, not an event."""
    tok = trig.token
    return (trig.entry.type in MATERIAL and tok.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children))

def _charge(tok: Token, lex: Lexicon) -> bool:
    """An act named as what someone is blamed or punished for: "charged with robbing and kidnapping",
    "sanctioned for undermining democracy, including by targeting journalists", "jailed for the killing"."""
    heads = lex.words.get("blame_heads", frozenset())
    node = tok
    for _ in range(6):
        listed = node.dep_ == "advcl" and node.tag_ == "VBG" and node.head.tag_ == "VBG"  # "robbing X, kidnapping Y"
        if (node.dep_ not in ("pcomp", "pobj", "conj", "prep") and not listed) or node.head.i == node.i:
            return False
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in ("for", "with", "of") and \
                node.head.head.lemma_.lower() in heads:
            return True
        if node.dep_ == "prep" and node.lower_ == "including" and node.head.lemma_.lower() in heads:
            return True
        node = node.head
    return False


def _held(trig: Trigger) -> bool:
    """"The plotters are detained there", "the party is banned": a material act in the present passive is a state."""
    tok = trig.token
    return (trig.entry.type in MATERIAL and tok.tag_ == "VBN"
            and any(c.dep_ == "auxpass" and c.lower_ in ("is", "are", "am", "'re") for c in tok.children)
            and not any(c.dep_ == "aux" for c in tok.children))


def _natural(verb: Token, lex: Lexicon) -> bool:
    """"The storm killed twelve", "died in a crash", "were hurt in the stampede": no one did it."""
    natural = lex.words.get("natural", frozenset())
    doers = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    doers += [o for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in", "during")
              for o in c.children if o.dep_ == "pobj"]
    return any(t.lemma_.lower() in natural for t in doers)

def _generic(verb: Token, lex: Lexicon) -> bool:
    """"Governments often blame their neighbours": a bare plural subject in the present speaks of a kind."""
    if verb.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return any(s.dep_ == "nsubj" and s.tag_ == "NNS" and s.lemma_.lower() in lex.words.get("generic", ())
               and not any(c.dep_ in ("det", "poss", "compound", "amod", "nummod") for c in s.children)
               for s in verb.children)

def _statistic(verb: Token, lex: Lexicon) -> bool:
    """Counts over a period ("shot 90 people in 40 raids", "have been detained over the past year")."""
    periods = lex.words.get("periods", frozenset())
    spans = lex.words.get("period_modifiers", frozenset())
    # a count is what makes a statistic: "800 people were detained in this decade" (not "have fought for a decade")
    counted = any(c.dep_ == "nummod" or (c.dep_ == "quantmod") for a in verb.children
                  if a.dep_ in ("nsubj", "nsubjpass", "dobj") for c in a.children)
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            mods = {c.lower_ for c in obj.children}
            long = obj.lemma_.lower() in ("year", "decade") or any(c.dep_ == "nummod" for c in obj.children)
            if obj.lemma_.lower() in periods and mods & spans and counted and long:
                return True  # "in the past 18 months", "over the last year" (not "over the past week")
            if obj.tag_ == "NNS" and any(c.dep_ == "nummod" for c in obj.children) and prep.lower_ in ("in", "over"):
                return True  # "in some 70 raids", "in 12 ambushes"
    return False
