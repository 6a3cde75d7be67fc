"""Event coding: trigger patterns, arguments, modality, dates, places, the seed and the tables."""

from __future__ import annotations

import re

import pytest

from communique.events import find_events
from communique.events.lexicon import TYPES, load
from communique.records import Actor, Article, Event, Place, Quote, Span, TimeExpr

# name -> (kind, country, aliases); stand-ins for the actors stage, found by exact words
ACTORS = {
    "Egypt": ("state", "EGY", ["Egypt", "Egyptian"]),
    "Qatar": ("state", "QAT", ["Qatar", "Qatari"]),
    "Israel": ("state", "ISR", ["Israel", "Israeli"]),
    "Hamas": ("organisation", "PSE", ["Hamas"]),
    "Russia": ("state", "RUS", ["Russia", "Russian"]),
    "Ukraine": ("state", "UKR", ["Ukraine", "Ukrainian"]),
    "Armenia": ("state", "ARM", ["Armenia"]),
    "Azerbaijan": ("state", "AZE", ["Azerbaijan"]),
    "Iran": ("state", "IRN", ["Iran"]),
    "United States": ("state", "USA", ["American", "Washington"]),
    "China": ("state", "CHN", ["China", "Chinese"]),
    "North Korea": ("state", "PRK", ["North Korea"]),
    "Japan": ("state", "JPN", ["Japan", "Japanese"]),
    "Turkey": ("state", "TUR", ["Turkey", "Ankara"]),
    "Sweden": ("state", "SWE", ["Sweden", "Swedish"]),
    "Poland": ("state", "POL", ["Poland", "Polish"]),
    "Belarus": ("state", "BLR", ["Belarus"]),
    "Kenya": ("state", "KEN", ["Kenya", "Kenyan"]),
    "Somalia": ("state", "SOM", ["Somali"]),
    "Syria": ("state", "SYR", ["Syria"]),
    "KNUT": ("organisation", "KEN", ["KNUT"]),
    "Qatari envoys": ("organisation", "QAT", ["envoys"]),
    "United Nations": ("igo", "IGO", ["UN"]),
    "Xi Jinping": ("person", "CHN", ["Xi Jinping", "Xi"]),
    "Lula": ("person", "BRA", ["Lula"]),
    "Putin": ("person", "RUS", ["Putin"]),
    "Erdogan": ("person", "TUR", ["Erdogan"]),
    "Macron": ("person", "FRA", ["Macron"]),
    "Zelensky": ("person", "UKR", ["Zelensky"]),
    "Lavrov": ("person", "RUS", ["Lavrov"]),
}
PLACES = {"Geneva": "CH", "Vienna": "AT", "Brasilia": "BR", "Moscow": "RU", "Beijing": "CN", "Leningrad": "RU",
          "Doha": "QA", "Gaza": "PS", "Kharkiv": "UA", "Eldoret": "KE"}


def spans_of(text: str, word: str) -> tuple[Span, ...]:
    """Every whole-word occurrence of `word` in `text`."""
    return tuple(Span(m.start(), m.end(), m.group()) for m in re.finditer(rf"\b{re.escape(word)}\b", text))


def stand_in_actors(text: str) -> list[Actor]:
    """Actors for the names that occur in `text`, longest alias first so "North Korea" beats "Korea"."""
    out = []
    for i, (name, (kind, country, aliases)) in enumerate(ACTORS.items()):
        mentions = tuple(s for alias in aliases for s in spans_of(text, alias))
        if mentions:
            out.append(Actor(id=f"a{i}", name=name, kind=kind, country=country,
                             mentions=tuple(sorted(mentions, key=lambda s: s.start))))
    return out


def stand_in_places(text: str) -> list[Place]:
    """Places for the toponyms that occur in `text`."""
    return [Place(id=f"p{i}", name=name, geonameid=1000 + i, lat=None, lon=None, country=cc,
                  mentions=spans_of(text, name))
            for i, (name, cc) in enumerate(PLACES.items()) if spans_of(text, name)]


def code(nlp, text: str, *, quotes: tuple[Quote, ...] = (), times: tuple[TimeExpr, ...] = (),
         paragraphs: tuple[tuple[int, int], ...] = (), published: str | None = "2024-03-05T09:00") -> list[Event]:
    """Run find_events over `text` with stand-in actors and places."""
    doc = nlp(text)
    article = Article(id="t", title=None, published=published, source=None, url=None, language="en", text=text,
                      paragraphs=paragraphs or ((0, len(text)),))
    return find_events(doc, article, stand_in_actors(text), list(times), stand_in_places(text), list(quotes))


def names(events: list[Event], text: str) -> list[tuple[str, str | None, str | None]]:
    """(type, source name, target name) of each event."""
    by_id = {a.id: a.name for a in stand_in_actors(text)}
    return [(e.type, by_id.get(e.source or ""), by_id.get(e.target or "")) for e in events]


# (sentence, an event that must be there as (type, source, target))
PATTERNS = [
    # verbal triggers
    ("Egypt condemned Israel on Tuesday.", ("ACCUSE", "Egypt", "Israel")),
    ("Kenyan police arrested three Somali fishermen.", ("COERCE", "Kenya", "Somalia")),
    ("Russia shelled Ukrainian positions overnight.", ("ASSAULT", "Russia", "Ukraine")),
    ("Poland called for talks with Belarus.", ("REQUEST", "Poland", "Belarus")),
    ("Turkey signed a trade agreement with Azerbaijan.", ("AGREE", "Turkey", "Azerbaijan")),
    ("Qatar praised Egypt for its efforts.", ("SUPPORT", "Qatar", "Egypt")),
    ("Iran rejected the American proposal.", ("REJECT", "Iran", "United States")),
    # nominal triggers
    ("Xi Jinping discussed trade during his meeting with Lula in Brasilia.", ("CONSULT", "Xi Jinping", "Lula")),
    ("Talks between Armenia and Azerbaijan resumed in Vienna.", ("CONSULT", "Armenia", "Azerbaijan")),
    ("Russia's attack on Ukraine drew wide criticism.", ("ASSAULT", "Russia", "Ukraine")),
    ("Hamas expressed its appreciation for the Egyptian mediation.", ("SUPPORT", "Hamas", "Egypt")),
    ("Iran held talks with Qatar on Sunday.", ("CONSULT", "Iran", "Qatar")),
    # passive voice
    ("The Chinese envoy was received by Putin.", ("CONSULT", "Putin", "China")),
    ("Two Ukrainian soldiers were killed by Russian artillery.", ("ASSAULT", "Russia", "Ukraine")),
    # coordination
    ("Egypt and Qatar mediated between Israel and Hamas.", ("CONSULT", "Egypt", "Israel")),
    ("Egypt and Qatar mediated between Israel and Hamas.", ("CONSULT", "Qatar", "Hamas")),
    ("Armenia and Azerbaijan met in Geneva.", ("CONSULT", "Armenia", "Azerbaijan")),
    ("Armenia and Azerbaijan met in Geneva.", ("CONSULT", "Azerbaijan", "Armenia")),
    ("Sweden accused Russia and Belarus of hacking.", ("ACCUSE", "Sweden", "Belarus")),
    # calls and requests
    ("The UN called on Israel to allow aid into Gaza.", ("REQUEST", "United Nations", "Israel")),
    ("Poland demanded that Belarus release the journalists.", ("REQUEST", "Poland", "Belarus")),
    ("Egypt urged Hamas to accept the ceasefire.", ("REQUEST", "Egypt", "Hamas")),
]


@pytest.mark.parametrize(("text", "wanted"), PATTERNS)
def test_patterns(nlp, text, wanted):
    events = code(nlp, text)
    assert wanted in names(events, text), names(events, text)


@pytest.mark.parametrize(("text", "lemma", "negated"), [
    ("Iran did not meet the American delegation.", "meet", True),
    ("Iran met the American delegation.", "met", False),
    ("Russia never attacked Ukraine.", "attacked", True),
    ("Russia denied attacking the convoy in Syria.", "attacking", True),
    ("Armenia failed to sign the agreement with Azerbaijan.", "agreement", True),
])
def test_negation(nlp, text, lemma, negated):
    events = [e for e in code(nlp, text) if e.trigger and e.trigger.text.startswith(lemma)]
    assert events, names(code(nlp, text), text)
    assert all(e.negated is negated for e in events)


def test_denied_act_keeps_its_doer(nlp):
    text = "Russia denied attacking the convoy in Syria."
    assert ("ASSAULT", "Russia", None) in names(code(nlp, text), text)


@pytest.mark.parametrize(("text", "type_", "modality"), [
    # a future or conditional cooperative act is an intent to cooperate (CAMEO 03: AGREE)
    ("Macron will visit Beijing next month.", "AGREE", "future"),
    ("Putin is expected to meet Erdogan in Ankara.", "AGREE", "future"),
    # a future or conditional hostile act is a threat (CAMEO 13: THREATEN)
    ("Ankara said it would impose sanctions on Sweden if it refused.", "THREATEN", "conditional"),
    ("Macron visited Beijing last month.", "CONSULT", "asserted"),
])
def test_future_and_conditional(nlp, text, type_, modality):
    events = code(nlp, text)
    assert [(e.type, e.modality) for e in events][:1] == [(type_, modality)]


@pytest.mark.parametrize(("text", "type_", "source", "target"), [
    # an adjective frames the act: being ready to act is an intent
    ("Iran is prepared to meet the American delegation.", "AGREE", "Iran", "United States"),
    # a reporting verb over "must" is a demand on the clause's subject
    ("Egypt said that Israel must withdraw from Gaza.", "REQUEST", "Egypt", "Israel"),
    # "unless" turns a promised act into a threat
    ("Turkey will withdraw its envoy from Sweden unless Sweden apologises.", "THREATEN", "Turkey", "Sweden"),
    # the light verb carries the nominal's arguments
    ("Poland staged a protest against Belarus.", "PROTEST", "Poland", "Belarus"),
    ("Qatar gave Egypt a loan.", "AID", "Qatar", "Egypt"),
])
def test_frames_and_light_verbs(nlp, text, type_, source, target):
    events = code(nlp, text)
    assert (type_, source, target) in names(events, text), names(events, text)


@pytest.mark.parametrize("text", [
    "North Korea threatened to strike Japan.",
    "North Korea threatened to attack Japan with missiles.",
])
def test_threat_is_not_assault(nlp, text):
    events = code(nlp, text)
    assert [e.type for e in events] == ["THREATEN"]
    assert events[0].cameo == "138" and events[0].modality == "threat"
    assert names(events, text)[0] == ("THREATEN", "North Korea", "Japan")


def test_call_is_request_with_embedded_code(nlp):
    text = "Poland called for talks with Belarus."
    [event] = code(nlp, text)
    assert (event.type, event.cameo, event.modality) == ("REQUEST", "026", "call")


def _quoted(text: str, speaker: str) -> Quote:
    start, end = text.index('"') + 1, text.rindex('"')
    who = next(a for a in stand_in_actors(text) if a.name == speaker)
    return Quote(id="q1", text=text[start:end], start=start, end=end, kind="direct", speaker=who.id, cue="said")


@pytest.mark.parametrize(("text", "accused"), [
    # a plain report of an act is the speaker's claim, not an accusation
    ('Zelensky said: "Russia attacked our hospitals again."', False),
    # told in words of blame it is also the speaker's accusation of the doer
    ('Zelensky said: "Russia brutally attacked our hospitals again."', True),
])
def test_quote_embedded_event_is_a_claim(nlp, text, accused):
    quote = _quoted(text, "Zelensky")
    events = code(nlp, text, quotes=(quote,))
    assault = [e for e in events if e.type == "ASSAULT"]
    assert assault and assault[0].claimed_by == quote.speaker and assault[0].modality == "claimed"
    assert (("ACCUSE", "Zelensky", "Russia") in names(events, text)) is accused


def test_several_events_in_one_sentence(nlp):
    text = "Israel struck Gaza overnight and Hamas fired rockets at Israel."
    got = names(code(nlp, text), text)
    assert ("ASSAULT", "Israel", None) in got or ("ASSAULT", "Israel", "Hamas") in got
    assert ("ASSAULT", "Hamas", "Israel") in got


def test_bare_nominal_is_no_event(nlp):
    text = "The war has changed the region."
    assert code(nlp, text) == []


def test_purpose_clause_is_no_event(nlp):
    text = "Egypt is making efforts to stop its war with Israel."
    assert all(e.type != "RETREAT" and e.type != "SANCTION" for e in code(nlp, text))


def test_trigger_inside_an_actor_name_is_no_event(nlp):
    text = "Iran met the Islamic Resistance Movement."
    doc = nlp(text)
    start = text.index("Islamic")
    actors = stand_in_actors(text) + [Actor(id="h", name="Hamas", kind="organisation", country="PSE",
                                            mentions=(Span(start, len(text) - 1, text[start:-1]),))]
    article = Article(id="t", title=None, published=None, source=None, url=None, language="en", text=text)
    events = find_events(doc, article, actors, [], [], [])
    assert [e.type for e in events] == ["CONSULT"]


def test_offsets_and_codes(nlp):
    text = "Egypt condemned Israel on Tuesday. Qatar praised Egypt."
    for e in code(nlp, text):
        assert text[e.evidence.start:e.evidence.end] == e.evidence.text
        assert e.trigger and text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert e.goldstein is not None and e.quad_class in (1, 2, 3, 4) and e.cameo
    assert [e.id for e in code(nlp, text)] == ["e1", "e2"]


# -- dates -----------------------------------------------------------------------------------------

def _time(text: str, phrase: str, value: str) -> TimeExpr:
    start = text.index(phrase)
    return TimeExpr(text=phrase, start=start, end=start + len(phrase), value=value, granularity="day")


def test_date_order_sentence_paragraph_publication(nlp):
    text = ("Egypt condemned Israel on Monday. Qatar praised Egypt.\n\n"
            "Iran met Qatar on Friday.\n\nRussia shelled Ukrainian positions.")
    p1 = (0, text.index("\n\n"))
    p2 = (text.index("Iran"), text.index("Iran") + len("Iran met Qatar on Friday."))
    p3 = (text.index("Russia"), len(text))
    times = (_time(text, "Monday", "2024-03-04"), _time(text, "Friday", "2024-03-01"))
    events = {e.trigger.text: e for e in code(nlp, text, times=times, paragraphs=(p1, p2, p3))}
    assert events["condemned"].date.value == "2024-03-04"  # its own sentence
    assert events["praised"].date.value == "2024-03-04"  # its paragraph's
    assert events["met"].date.value == "2024-03-01"
    shelled = events["shelled"].date
    assert (shelled.value, shelled.approximate) == ("2024-03-05", True)  # the publication date


def test_approximate_times_do_not_date_events(nlp):
    text = "Egypt condemned Israel on Monday."
    stale = TimeExpr(text="Monday", start=text.index("Monday"), end=text.index("Monday") + 6,
                     value="2018-05-14", granularity="day", approximate=True)
    [event] = code(nlp, text, times=(stale,))
    assert event.date.value == "2024-03-05" and event.date.approximate


# -- places ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "trigger", "place"), [
    ("Armenia and Azerbaijan met in Geneva.", "met", "Geneva"),
    ("Xi Jinping discussed trade during his meeting with Lula in Brasilia.", "meeting", "Brasilia"),
    ("Macron visited Beijing last month.", "visited", "Beijing"),
    ("Putin, who was born in Leningrad, met Erdogan.", "met", None),
    ("Qatar praised Egypt, whose envoy lives in Doha.", "praised", None),
])
def test_place_attachment(nlp, text, trigger, place):
    events = [e for e in code(nlp, text) if e.trigger and e.trigger.text == trigger]
    assert events
    assert (events[0].place.name if events[0].place else None) == place


# -- the seed article --------------------------------------------------------------------------------

def _actor(document, *keys: str) -> set[str]:
    return {a.id for a in document.actors
            if any(k.lower() in (a.name + " " + " ".join(a.aliases)).lower() for k in keys)
            or (a.country or "") in keys}


def test_seed_events(seed_doc):
    d = seed_doc
    marzouk, bogdanov = _actor(d, "Marzouk"), _actor(d, "Bogdanov")
    hamas, russia = _actor(d, "Hamas"), _actor(d, "RUS", "Russia")
    israel, palestinians = _actor(d, "ISR", "Israel"), _actor(d, "Palestinian")
    if not (marzouk and bogdanov and russia and israel):
        pytest.skip("the actors stage does not find the seed's actors yet")
    meeting = [e for e in d.events if e.type == "CONSULT" and e.source in marzouk | hamas
               and e.target in bogdanov | russia]
    assert meeting
    assert any(e.date and e.date.value.startswith("2024-06-24") for e in meeting)
    assert any(e.place and (e.place.geonameid == 524901 or e.place.name == "Moscow") for e in meeting)
    assert [e for e in d.events if e.type == "SUPPORT" and e.source in marzouk | hamas and e.target in russia]
    assert [e for e in d.events if e.type == "ACCUSE" and e.target in israel]
    assert [e for e in d.events if e.type == "SUPPORT" and e.source in bogdanov | russia
            and e.target in palestinians]


def test_seed_furniture_never_coded(seed_doc):
    for e in seed_doc.events:
        assert "Saudi" not in e.evidence.text and "Creating new perspectives" not in e.evidence.text
        assert not (e.date and e.date.value and e.date.value.startswith("2018"))
        assert seed_doc.article.text[e.evidence.start:e.evidence.end] == e.evidence.text


# -- the tables ------------------------------------------------------------------------------------

def test_lexicon_covers_every_type_with_known_codes():
    lex = load()
    entries = [e for table in (lex.verbs, lex.nouns, lex.adjectives) for es in table.values() for e in es]
    assert len(entries) >= 300
    assert {e.type for e in entries if e.type} == set(TYPES)
    for e in entries:
        assert e.cameo is None or e.cameo in lex.codes, (e.lemma, e.cameo)
        assert e.frame in (None, "intent", "threat", "request", "reject", "accuse", "deny", "fail", "halt",
                           "report", "accept", "judge", "own"), e.lemma
    for frame, table in lex.compose.items():
        for inner, (type_, cameo) in table.items():
            assert type_ in TYPES and cameo in lex.codes, (frame, inner)


def test_cameo_table_facts():
    lex = load()
    assert lex.code("042").plover == "CONSULT" and lex.code("042").quad == 1
    assert lex.code("190").goldstein == -10.0 and lex.code("190").quad == 4
    assert lex.code("1123").plover == "ACCUSE" and lex.code("1123").quad == 3
    assert all(c.quad in (1, 2, 3, 4) and -10 <= c.goldstein <= 10 for c in lex.codes.values())


# -- evaluation helpers ----------------------------------------------------------------------------

def test_plover_v05_mapping():
    from communique.evaluate.events import ACLED, PLOVER_V05

    assert PLOVER_V05 == {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
    assert set(ACLED.values()) <= set(TYPES)


def test_reciprocal_pair_scores_as_compound_source():
    from communique.evaluate.events import countries
    from communique.records import Document

    text = "Armenia and Azerbaijan met."
    actors = stand_in_actors(text)
    arm, aze = (a.id for a in actors)
    ev = Span(0, len(text), text)

    def event(s: str, t: str) -> Event:
        return Event(id="e", type="CONSULT", mode=None, cameo="040", goldstein=1.0, quad_class=1, source=s,
                     target=t, date=None, place=None, negated=False, confidence=0.9, evidence=ev)

    document = Document(article=Article(id="x", title=None, published=None, source=None, url=None,
                                        language="en", text=text), actors=tuple(actors))
    assert countries([event(arm, aze), event(aze, arm)], document) == (frozenset({"ARM", "AZE"}), frozenset())
    assert countries([event(arm, aze)], document) == (frozenset({"ARM"}), frozenset({"AZE"}))


@pytest.mark.parametrize(("text", "wanted"), [
    # an act done to a place, with no one named, is done to the place's state
    ("Ukraine appealed for help. Russia ordered a curfew across Kharkiv.", ("COERCE", "Russia", "Ukraine")),
    # a protest naming no target is aimed at the protesters' own state
    ("KNUT staged a general strike on Monday while Kenya debated the budget.", ("PROTEST", "KNUT", "Kenya")),
    # "allowed X to ...": the one allowed is the target
    ("Egypt allowed Hamas to open an office.", ("CONCEDE", "Egypt", "Hamas")),
    # the object names no one, a directed phrase does
    ("Sweden refused entry to Russian diplomats.", ("REJECT", "Sweden", "Russia")),
    # "scores of X and Y" names X and Y
    ("Russia detained dozens of Ukrainian and Chinese sailors.", ("COERCE", "Russia", "Ukraine")),
    ("Russia detained dozens of Ukrainian and Chinese sailors.", ("COERCE", "Russia", "China")),
    # a demand whose clause the parser hangs on the verb
    ("Poland repeated its demand that Belarus free the prisoners.", ("REQUEST", "Poland", "Belarus")),
    # seeking refuge is asking the host state
    ("Hundreds of Somali families sought refuge in Kenya.", ("REQUEST", "Somalia", "Kenya")),
    # freeing places is taking them by force; freeing people is releasing them, a concession
    ("Ukraine freed two villages from Russian troops.", ("ASSAULT", "Ukraine", "Russia")),
    ("Russia freed two Ukrainian sailors.", ("CONCEDE", "Russia", "Ukraine")),
])
def test_targets_from_general_rules(nlp, text, wanted):
    events = code(nlp, text)
    assert wanted in names(events, text), names(events, text)


def test_located_target_only_for_acts_done_to_a_place(nlp):
    # a meeting in a city is not a meeting with its state
    text = "Kenya protested. Egypt met Qatar in Eldoret."
    assert ("CONSULT", "Egypt", "Kenya") not in names(code(nlp, text), text)


@pytest.mark.parametrize(("text", "wanted"), [
    # a protest given as the purpose of an act is the act ("to" is no preposition here)
    ("Kenya shut its schools to protest the new tariffs.", ("PROTEST", "Kenya", None)),
    # "X said they ...": the pronoun is the speaker
    ("The envoys said they would meet Hamas, which Egypt also hosts.", ("AGREE", "Qatari envoys", "Hamas")),
    # a participle hanging from its doer
    ("The envoys demanding that Iran free the sailors met in Vienna.", ("REQUEST", "Qatari envoys", "Iran")),
    # a state of mind in passive form belongs to its subject
    ("Lavrov said Russia is committed to meeting Ukraine.", ("AGREE", "Russia", "Ukraine")),
    # a name in the phrase beats the possessive pronoun's guess
    ("Poland demanded that its Ukrainian partners close the border.", ("REQUEST", "Poland", "Ukraine")),
    # the one asked is the subject of the demanded clause, not of a nominal inside it
    ("Egypt demanded that Israel match China's support for Syria.", ("REQUEST", "Egypt", "Israel")),
])
def test_arguments_from_general_rules(nlp, text, wanted):
    events = code(nlp, text)
    assert wanted in names(events, text), names(events, text)


def test_domestic_protest_targets_the_state_organs(nlp):
    text = "The teachers' union staged a general strike as the police watched."
    doc = nlp(text)
    article = Article(id="t", title=None, published=None, source=None, url=None, language="en", text=text,
                      paragraphs=((0, len(text)),))
    union = Actor(id="a1", name="teachers' union", kind="organisation", country="KEN", sector="LAB",
                  mentions=spans_of(text, "teachers' union"))
    police = Actor(id="a2", name="police", kind="organisation", country="KEN", sector="COP",
                   mentions=spans_of(text, "police"))
    events = find_events(doc, article, [union, police], [], [], [])
    assert [(e.type, e.source, e.target) for e in events] == [("PROTEST", "a1", "a2")]


# -- what is not an event ----------------------------------------------------------------------------
# Sentences written for these tests. None of them reports a political act that happened; a coder would
# code nothing (negated acts may be kept, marked negated, so only unnegated events count here).

NOT_EVENTS = [
    # idioms and light verbs whose object is no act
    "The committee met the deadline for its report.",
    "Kenya cut its number of road deaths by a third.",
    "We ended up adding more seats to the hall.",
    "Turkey struck a balance between cost and speed.",
    "Poland gave a long speech about the economy.",
    "The bank shelled out millions for the new tower.",
    "Sweden released its annual report on Tuesday.",
    "Japan shared its worries about the harvest.",
    "Iran reached the final of the chess tournament.",
    "China took part in a cooking contest in Vienna.",
    # figurative attacks and contests
    "The nomination battle between the two senators heated up in March.",
    "The election is a battle for every single vote.",
    "The coach vowed to crush the visiting team in the final.",
    "Critics fired off angry letters to the newspaper.",
    "The ads attacked the budget as wasteful.",
    # statistics and counts over long periods
    "Police detained more than 2,000 people over the past three years.",
    "Gunmen killed 300 villagers in 120 raids across the region.",
    "Unemployment fell by two percent in March.",
    # nature, accidents and illness
    "The storm killed twelve people in the coastal towns.",
    "Four miners were hurt in the collapse of the shaft.",
    # hypotheticals, possibilities and conditions in the writer's voice
    "If Russia attacks Ukraine again, Poland would impose new sanctions.",
    "The talks between Armenia and Azerbaijan could resume next month.",
    "Analysts say Turkey may launch an offensive in the spring.",
    "Egypt might host the summit.",
    # expectations and forecasts
    "Analysts expect Iran to reject the offer.",
    "The truce is likely to collapse within weeks.",
    # wishes
    "Japan wants to end its dispute with China.",
    "Sweden hopes the two sides will sign the accord soon.",
    # negations
    "Russia did not attack the convoy.",
    "Qatar never met the envoys.",
    "Kenya has not imposed any tariffs on Somali goods.",
    # generic and habitual statements
    "Governments often blame their neighbours for their troubles.",
    # standing views and descriptions
    "A fund supporting Xi Jinping spent heavily on ads.",
    "Lavrov, who supports closer ties with Belarus, spoke about history.",
    # background nominals
    "The war has changed the region.",
    "The talks are a sign of hope.",
    "Ukraine's war with Russia dominates the news.",
    # aims, purposes and terms of a demand
    "Egypt is making efforts to stop its war with Israel.",
    # non-political subjects of speech acts
    "The slump in prices threatened further losses for Kenya.",
    "The report praised the new museum.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_not_an_event(nlp, text):
    events = [e for e in code(nlp, text) if not e.negated]
    assert events == [], names(events, text)


def test_terms_of_a_demand_are_no_events(nlp):
    text = "Egypt demanded the withdrawal of all Israeli troops from Gaza."
    assert [e.type for e in code(nlp, text) if not e.negated] == ["REQUEST"], names(code(nlp, text), text)


# -- what is an event, by the rules that decide ------------------------------------------------------

RULES = [
    # verbal attacks with as/for/over, and attacks by people on people, are accusations
    ("Putin attacked Macron as naive about the war.", ("ACCUSE", "Putin", "Macron")),
    ("Erdogan attacked Macron over his remarks.", ("ACCUSE", "Erdogan", "Macron")),
    # an attack by a state or with weapons is force
    ("Russia attacked Ukrainian positions with drones.", ("ASSAULT", "Russia", "Ukraine")),
    # light verbs take their type from their noun
    ("Turkey imposed new tariffs on Swedish steel.", ("SANCTION", "Turkey", "Sweden")),
    ("China doubled its tariffs on Japanese cars.", ("SANCTION", "China", "Japan")),
    ("Egypt announced sanctions against Israel.", ("SANCTION", "Egypt", "Israel")),
    # objects select the sense
    ("Poland cut ties with Belarus.", ("SANCTION", "Poland", "Belarus")),
    ("Iran met the Qatari delegation.", ("CONSULT", "Iran", "Qatar")),
    ("Kenya lifted the ban on Somali imports.", ("CONCEDE", "Kenya", "Somalia")),
    ("Russia sent troops to Belarus.", ("MOBILIZE", "Russia", "Belarus")),
    ("Japan sent aid to Turkey.", ("AID", "Japan", "Turkey")),
    # releases are concessions; apologies too
    ("Iran released two Swedish sailors.", ("CONCEDE", "Iran", "Sweden")),
    ("Japan apologised to China for the remarks.", ("CONCEDE", "Japan", "China")),
    # judge frames: called X a crime, described X as shameful
    ("Egypt called the Israeli raid a crime.", ("ACCUSE", "Egypt", "Israel")),
    ("Lavrov described the Polish decision as shameful.", ("ACCUSE", "Lavrov", "Poland")),
    # a denial rejects the charge; the one who made it is the target
    ("Iran rejected the allegations made by Sweden.", ("REJECT", "Iran", "Sweden")),
    # "both sides" is the pair the sentence named before
    ("Armenia and Azerbaijan traded fire, and the UN said both sides broke the truce.",
     ("ASSAULT", "Armenia", "Azerbaijan")),
    # a threat by first person in a quote, with the negation inside the phrase
    ("Erdogan said Turkey will not hesitate to strike Syria.", ("THREATEN", "Turkey", "Syria")),
    # wishes are no acts, but would in reported speech is a plan
    ("Japan said it would send aid to Turkey.", ("AGREE", "Japan", "Turkey")),
]


@pytest.mark.parametrize(("text", "wanted"), RULES)
def test_event_rules(nlp, text, wanted):
    events = [e for e in code(nlp, text) if not e.negated]
    assert wanted in names(events, text), names(events, text)


def test_verdict_in_a_quote_accuses(nlp):
    text = 'Zelensky said: "The Russian raid was cruel and lawless."'
    events = code(nlp, text, quotes=(_quoted(text, "Zelensky"),))
    assert ("ACCUSE", "Zelensky", None) in names(events, text) or ("ACCUSE", "Zelensky", "Russia") in names(
        events, text)


def test_reported_wrongdoing_is_the_reporters_accusation(nlp):
    text = "Egypt fought Israel, and the UN says both sides committed abuses."
    got = names(code(nlp, text), text)
    assert ("ACCUSE", "United Nations", "Egypt") in got and ("ACCUSE", "United Nations", "Israel") in got
    assert not [g for g in got if g[0] == "ASSAULT" and g[1] == "United Nations"]


def test_state_acts_in_the_passive_are_the_states(nlp):
    # "was arrested": no doer named, the state of the one arrested
    text = "Kenya closed the border. A Kenyan reporter was arrested on Monday."
    got = names(code(nlp, text), text)
    assert ("COERCE", "Kenya", None) in got or any(g[0] == "COERCE" and g[1] == "Kenya" for g in got), got


# -- precision on whole stories --------------------------------------------------------------------------

def test_voa_dev_precision_floor():
    """A precision regression on the VOA-PLOVER dev stories fails here (floors a little under today's)."""
    from conftest import shared_path

    from communique.evaluate import run

    gold = shared_path("gold", "events", "voa_plover")
    report = run("events", gold=gold, show_errors=0)
    whole, tune = report["sets"]["voa_plover"]["measures"], report["sets"]["voa_plover/tune"]["measures"]
    assert whole["type/precision"] >= 0.62, whole["type/precision"]
    assert tune["type/precision"] >= 0.75, tune["type/precision"]
    assert whole["type/recall"] >= 0.42 and tune["type/recall"] >= 0.55, (whole["type/recall"], tune["type/recall"])
    assert whole["story/macro_f1"] >= 0.65


# -- dates from the trigger's clause, places from the dateline ----------------------------------------

def test_date_of_a_neighbouring_clause_is_not_borrowed(nlp):
    text = "Kenya, which detained the editor in May, freed him on Friday."
    times = (_time(text, "May", "2024-05-01"), _time(text, "Friday", "2024-03-01"))
    events = {e.trigger.text: e for e in code(nlp, text, times=times)}
    assert events["freed"].date.value == "2024-03-01"
    assert events["detained"].date.value == "2024-05-01"


def test_reported_act_takes_the_date_of_the_clause_above(nlp):
    text = "Kenya said on Friday that Somali gunmen attacked a Kenyan convoy."
    times = (_time(text, "Friday", "2024-03-01"),)
    [attack] = [e for e in code(nlp, text, times=times) if e.type == "ASSAULT"]
    assert attack.date.value == "2024-03-01" and not attack.date.approximate


def test_dateline_places_the_lead_and_names_no_actor(nlp):
    text = "Geneva — Iran met Qatar on Monday.\n\nLater, Egypt condemned Israel."
    p1 = (0, text.index("\n\n"))
    events = code(nlp, text, paragraphs=(p1, (text.index("Later"), len(text))))
    met = [e for e in events if e.trigger and e.trigger.text == "met"]
    assert met and met[0].place and met[0].place.name == "Geneva"
    condemned = [e for e in events if e.trigger and e.trigger.text == "condemned"]
    assert condemned and condemned[0].place is None
