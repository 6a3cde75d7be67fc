"""Quotes and speakers on sentences written for these tests, unbalanced marks included, and the seed."""

from __future__ import annotations

import random
import re

import pytest

from communique.quotes import find_quotes
from communique.quotes.marks import quoted_spans
from communique.records import Actor, Span


def actor(text: str, aid: str, name: str, kind: str, *phrases: str, **fields) -> Actor:
    """A stand-in actor with a mention at every occurrence of each phrase (whole words)."""
    spans = sorted({(m.start(), m.end()) for p in phrases or (name,)
                    for m in re.finditer(r"\b" + re.escape(p) + r"\b", text)})
    return Actor(id=aid, name=name, kind=kind, mentions=tuple(Span(s, e, text[s:e]) for s, e in spans), **fields)


def quotes_of(nlp, text: str, actors=()):
    return find_quotes(nlp(text), list(actors))


def only(quotes, fragment: str):
    hits = [q for q in quotes if fragment in q.text]
    assert len(hits) == 1, f"{fragment!r} in {[(q.kind, q.text) for q in quotes]}"
    return hits[0]


# -- quote forms -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "fragment", "kind", "cue", "speaker_text"), [
    # straight double marks, cue after
    ('"We will rebuild the port before winter," the governor said.',
     "We will rebuild the port before winter", "direct", "said", "the governor"),
    # curly double marks, inverted cue
    ("“The talks are over for this year,” said Maria Lopez.",
     "The talks are over for this year", "direct", "said", "Maria Lopez"),
    # curly single marks
    ("‘We are ready to defend the town,’ the colonel told reporters.",
     "We are ready to defend the town", "direct", "told", "the colonel"),
    # straight single marks
    ("'There is no deal on the table yet,' a spokesman said.",
     "There is no deal on the table yet", "direct", "said", "a spokesman"),
    # cue before, with a colon
    ("The mayor said: “Every family will get water by Friday.”",
     "Every family will get water by Friday.", "direct", "said", "The mayor"),
    # partial quote inside a report, object cue
    ("The council expressed concern about “a dangerous escalation in the north.”",
     "a dangerous escalation in the north.", "partial", "expressed concern", "The council"),
    # indirect speech with "that"
    ("Petrov said that the pipeline would reopen next week.",
     "the pipeline would reopen next week", "indirect", "said", "Petrov"),
    # indirect speech without "that"
    ("Okafor warned the ceasefire could collapse within days.",
     "the ceasefire could collapse within days", "indirect", "warned", "Okafor"),
    ("The ministry denied that its troops had crossed the river.",
     "its troops had crossed the river", "indirect", "denied", "The ministry"),
    ("The envoy confirmed that the prisoners had been released on Sunday.",
     "the prisoners had been released on Sunday", "indirect", "confirmed", "The envoy"),
    ("Lindqvist stressed that no deal would be signed without parliament.",
     "no deal would be signed without parliament", "indirect", "stressed", "Lindqvist"),
    # "X told Y that"
    ("Sources told Reuters that the negotiations had stalled again.",
     "the negotiations had stalled again", "indirect", "told", "Sources"),
    # "according to X", after and before the report
    ("The convoy was attacked near the border, according to a senior military official.",
     "The convoy was attacked near the border", "indirect", "according to", "a senior military official"),
    ("According to the health ministry, forty people were wounded in the blast.",
     "forty people were wounded in the blast", "indirect", "According to", "the health ministry"),
    # a cue clause set off by commas
    ("The next round, Haddad said, will take place in Doha.",
     "The next round, Haddad said, will take place in Doha", "indirect", "said", "Haddad"),
    # mixed: reported speech holding a quoted fragment
    ("Okafor said the offer was “a trap for fools” and would be rejected.",
     "the offer was “a trap for fools” and would be rejected", "mixed", "said", "Okafor"),
])
def test_quote_forms(nlp, text, fragment, kind, cue, speaker_text):
    q = only(quotes_of(nlp, text), fragment)
    assert (q.kind, q.cue, q.speaker_text) == (kind, cue, speaker_text)
    assert text[q.start:q.end] == q.text
    assert q.cue_span is not None and text[q.cue_span.start:q.cue_span.end] == q.cue


# -- attributions beyond verbs of saying: PolNeAR's wider notion (beliefs, intents, topics) -------

@pytest.mark.parametrize(("text", "content", "cue", "speaker_text"), [
    # intent verbs take their infinitive
    ("The governor wants to close the coal plants by 2030.",
     "to close the coal plants by 2030", "wants", "The governor"),
    ("The senator declined to comment on the indictment.",
     "to comment on the indictment", "declined", "The senator"),
    # a belief verb with an object and an infinitive
    ("Voters expect the incumbent to win the runoff easily.",
     "the incumbent to win the runoff easily", "expect", "Voters"),
    # speech verbs whose object is what was said; "during ..." is when, not what
    ("The union attacked the new pension rules during the rally.",
     "the new pension rules", "attacked", "The union"),
    ("The mayor mentioned the housing shortage during her speech.",
     "the housing shortage", "mentioned", "The mayor"),
    # the topic of a speech verb
    ("The candidate complained about the debate moderators.",
     "the debate moderators", "complained", "The candidate"),
    # an adjective's clause, held by the copula's subject
    ("The minister was confident that the treaty would be ratified.",
     "the treaty would be ratified", "confident", "The minister"),
    # a noun's clause, held by its possessor
    ("Ortiz's claim that the vote was rigged drew ridicule from election officials.",
     "the vote was rigged", "claim", "Ortiz's"),
    # "according to" in mid-sentence reports both sides of it
    ("Exports fell by a third, according to the central bank, and imports rose slightly.",
     "Exports fell by a third, according to the central bank, and imports rose slightly",
     "according to", "the central bank"),
    # a participle inside the reported clause stays in it
    ("The ministry said the port had reopened, allowing ships to unload grain again.",
     "the port had reopened, allowing ships to unload grain again", "said", "The ministry"),
    # an unnamed pronoun source keeps its words
    ("Some say the reform came too late for the farmers.",
     "the reform came too late for the farmers", "say", "Some"),
    # a passive report: its subject is what was reported, its agent the source
    ("The merger was first reported by the Financial Times.", "The merger", "reported", "the Financial Times"),
    # topics and stands: "spoke about", "voted against", "backed"
    ("The president spoke about the drought.", "the drought", "spoke", "The president"),
    ("Ten senators voted against the budget.", "the budget", "voted", "Ten senators"),
    ("The council backed the new stadium.", "the new stadium", "backed", "The council"),
])
def test_wider_attributions(nlp, text, content, cue, speaker_text):
    q = only(quotes_of(nlp, text), content)
    assert (q.text, q.kind, q.cue, q.speaker_text) == (content, "indirect", cue, speaker_text)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize(("text", "content", "cue"), [
    ("The bill is expected to pass the Senate next week.",
     "The bill is expected to pass the Senate next week", "expected"),
    ("It is widely believed that the ceasefire will not hold.", "the ceasefire will not hold", "believed"),
])
def test_impersonal_beliefs_have_no_speaker(nlp, text, content, cue):
    q = only(quotes_of(nlp, text, [actor(text, "a1", "Senate", "organisation")]), content)
    assert (q.text, q.cue, q.speaker, q.speaker_text) == (content, cue, None, None)


@pytest.mark.parametrize("text", [
    "The committee tried to finish the report before the recess.",  # trying is no attribution
    "The so-called “peace plan” was discussed on the show “Morning Politics” yesterday.",
    "It was clear that the bridge had collapsed.",  # no one holds it
])
def test_wider_attributions_stay_narrow(nlp, text):
    assert quotes_of(nlp, text) == []

def test_split_quote_is_one_quote(nlp):
    text = "“The army will stay in the valley,” declared General Okafor, “until the border is secure.”"
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    q = quotes[0]
    assert q.text.startswith("The army will stay") and q.text.endswith("until the border is secure.")
    assert (q.kind, q.cue, q.speaker_text) == ("direct", "declared", "General Okafor")


def test_quote_resumed_after_its_cue_joins_the_first(nlp):
    text = "“We are not leaving,” she said. “This is our land and we will farm it.”"
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1 and quotes[0].text.endswith("we will farm it.”"[:-1])


def test_quote_running_over_paragraphs(nlp):
    text = ("Holt said: “We will open every road in the north before the rains.\n\n"
            "“Then we will rebuild the bridges, one by one.”\n\n"
            "The plan was welcomed by farmers.")
    q = only(quotes_of(nlp, text), "every road")
    assert "rebuild the bridges" in q.text and "welcomed" not in q.text
    assert q.speaker_text == "Holt"


def test_nested_quotes_stay_inside(nlp):
    text = "“He told me ‘leave now’ and I left the same night,” the farmer said."
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    assert "‘leave now’" in quotes[0].text and quotes[0].speaker_text == "the farmer"


def test_scare_quotes_and_titles_are_not_speech(nlp):
    text = "The so-called “peace plan” was discussed on the show “Morning Politics” yesterday."
    assert quotes_of(nlp, text) == []


# -- unbalanced marks ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # an opening mark never closed: the quote ends with its paragraph
    "“This sentence never closes and goes on.\n\nThe harbour reopened on Monday.\n\nThe port is busy, officials said.",
    # a stray closing mark
    "The plan” was approved by the assembly.\n\nNobody objected, the speaker said.",
    # a stray straight mark in the middle
    'The 6" pipe burst near the station.\n\nWorkers said that repairs would take a week.',
    # the last paragraph opens a quote
    "The vote was held on Monday.\n\n“Nothing will change",
    # only marks
    "“”‘’\"'\n\n“\n\n”",
])
def test_unbalanced_marks_never_swallow_the_article(nlp, text):
    quotes = quotes_of(nlp, text)
    for q in quotes:
        assert text[q.start:q.end] == q.text
        assert "\n" not in q.text


def test_unclosed_quote_does_not_hide_later_reports(nlp):
    text = "“This sentence never closes and goes on.\n\nThe port is busy, officials said."
    q = only(quotes_of(nlp, text), "The port is busy")
    assert q.kind == "indirect" and q.speaker_text == "officials"


def test_random_marks_never_cross_paragraphs_without_the_convention():
    rng = random.Random(7)
    words = ["the", "port", "said", "“", "”", "‘", "’", '"', "'", "talks", "\n\n", "we", "end."]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 60)))
        for q in quoted_spans(text):
            assert 0 <= q.start <= q.end <= len(text)
            if "\n" in text[q.start:q.end]:
                # only the convention may join paragraphs: each later paragraph reopens the quote
                for para in text[q.start:q.end].split("\n")[1:]:
                    assert not para.strip() or para.lstrip()[0] in "“\""


def test_double_apostrophes_pair_as_double_marks(nlp):
    text = "''We expect a long winter,'' said Tomas Berg, an economist."
    q = only(quotes_of(nlp, text), "We expect a long winter")
    assert q.speaker_text == "Tomas Berg" and q.kind == "direct"


def test_transcript_turns(nlp):
    text = "HOST: Will the ministers meet again in Vienna?\n\nLINDQVIST: We expect so, next month."
    quotes = quotes_of(nlp, text)
    assert [(q.speaker_text, q.cue) for q in quotes] == [("HOST", ":"), ("LINDQVIST", ":")]


# -- speakers -------------------------------------------------------------------------------------

def test_named_speaker_resolves_to_actor(nlp):
    text = "Petrov said that the pipeline would reopen next week."
    q = quotes_of(nlp, text, [actor(text, "a1", "Ivan Petrov", "person", "Petrov")])[0]
    assert (q.speaker, q.speakers) == ("a1", ("a1",))


def test_inverted_speaker_resolves_to_actor(nlp):
    text = "“The talks are over for this year,” said Maria Lopez."
    q = quotes_of(nlp, text, [actor(text, "a1", "Maria Lopez", "person")])[0]
    assert q.speaker == "a1"


def test_pronoun_speaker_is_the_earlier_person(nlp):
    text = ("Dana Holt arrived in Kyiv on Monday with Ivan Petrov's letter.\n\n"
            "“We came to listen to the mayors first,” she said.")
    actors = [actor(text, "a1", "Dana Holt", "person"), actor(text, "a2", "Ivan Petrov", "person")]
    q = only(quotes_of(nlp, text, actors), "We came to listen")
    assert q.speaker == "a1" and q.speaker_text == "she"


def test_pronoun_prefers_subject_of_previous_sentence(nlp):
    text = ("Foreign Minister Lena Moss received Ivan Petrov in Oslo.\n\n"
            "He said that the border crossings would reopen.")
    actors = [actor(text, "a1", "Lena Moss", "person"), actor(text, "a2", "Ivan Petrov", "person")]
    q = only(quotes_of(nlp, text, actors), "border crossings")
    assert q.speaker == "a1"  # the subject, although Petrov is mentioned last


@pytest.mark.parametrize(("text", "noun"), [
    ("The Ministry of Defence published new figures on Tuesday. The ministry said that 40 drones were "
     "shot down overnight.", "ministry"),
    ("The Freedom Movement held a rally in the capital. The movement said that it would contest the "
     "elections.", "movement"),
])
def test_role_noun_resolves_to_organisation(nlp, text, noun):
    name = "Ministry of Defence" if noun == "ministry" else "Freedom Movement"
    actors = [actor(text, "o1", name, "organisation"), actor(text, "s1", "Norway", "state", "Oslo")]
    q = [q for q in quotes_of(nlp, text, actors) if q.speaker_text and noun in q.speaker_text.lower()][0]
    assert q.speaker == "o1"


def test_role_noun_resolves_to_person_holding_the_role(nlp):
    text = ("Lena Moss flew to Ankara on Sunday.\n\n"
            "The minister said that the talks had been frank.")
    actors = [actor(text, "a1", "Lena Moss", "person", role="Foreign Minister of Norway")]
    q = only(quotes_of(nlp, text, actors), "talks had been frank")
    assert q.speaker == "a1" and q.speaker_text == "The minister"


def test_collective_speaker_is_both_parties_of_the_meeting(nlp):
    text = ("Lena Moss met Ivan Petrov in Geneva on Monday.\n\n"
            "Officials prepared the hall.\n\n"
            "The two sides said that the talks had been useful.")
    actors = [actor(text, "a1", "Lena Moss", "person"), actor(text, "a2", "Ivan Petrov", "person")]
    q = only(quotes_of(nlp, text, actors), "talks had been useful")
    assert q.speaker is None and set(q.speakers) == {"a1", "a2"} and q.speaker_text == "The two sides"


@pytest.mark.parametrize(("text", "speaker_text"), [
    ("A senior official said that the offer would be rejected.", "A senior official"),
    ("Sources told Reuters that the offer would be rejected.", "Sources"),
    ("Two diplomats said that the offer would be rejected.", "Two diplomats"),
])
def test_unnamed_sources_have_text_but_no_actor(nlp, text, speaker_text):
    actors = [actor(text, "a1", "Reuters", "organisation")]
    q = only(quotes_of(nlp, text, actors), "the offer would be rejected")
    assert q.speaker is None and q.speakers == () and q.speaker_text == speaker_text


def test_quote_without_speaker_gets_none(nlp):
    text = ("Crowds gathered in the square after the vote.\n\n"
            "“Nothing will ever change in this town, nothing at all.”")
    q = only(quotes_of(nlp, text, [actor(text, "a1", "Lena Moss", "person")]), "Nothing will ever change")
    assert (q.speaker, q.speakers, q.speaker_text, q.cue) == (None, (), None, None)


def test_ids_are_in_text_order(nlp):
    text = ('"First," said Lena Moss. Petrov said that the second would follow.\n\n'
            '“Third of all, we wait,” the colonel said.')
    quotes = quotes_of(nlp, text)
    assert [q.id for q in quotes] == [f"q{i + 1}" for i in range(len(quotes))]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


# -- the seed article ------------------------------------------------------------------------------

def _actor_named(doc, fragment):
    hits = [a for a in doc.actors if fragment in " ".join((a.name, *a.aliases, *(m.text for m in a.mentions)))]
    assert hits, fragment
    return hits[0].id


def test_seed_quotes_and_speakers(seed_doc):
    if not seed_doc.actors:
        pytest.skip("pending: the actors stage returns no actors for the seed yet")
    marzouk = _actor_named(seed_doc, "Marzouk")
    bogdanov = _actor_named(seed_doc, "Bogdanov")
    quotes = seed_doc.quotes
    text = seed_doc.article.text
    assert all(text[q.start:q.end] == q.text for q in quotes)

    q = only(quotes, "strengthening stability in the region")
    assert q.kind == "partial" and q.speaker == marzouk
    q = only(quotes, "a systematic genocidal war")
    assert q.kind == "direct" and q.speaker == marzouk and q.cue == "briefed"
    q = only(quotes, "healing the internal Palestinian rift")
    assert set(q.speakers) == {marzouk, bogdanov} and q.cue == "exchanged views"
    q = only(quotes, "position is firm on the Palestinian issue")
    assert q.kind == "indirect" and q.speaker == bogdanov and q.cue == "said"
    q = only(quotes, "The position of Hamas")
    assert q.kind == "direct" and q.speaker == marzouk and q.cue == "confirmed"
    assert "prisoner exchange deal" in q.text


# -- evaluation on PolNeAR's format ---------------------------------------------------------------

def test_brat_attributions_are_parsed_and_scored(nlp):
    from communique.evaluate.quotes import GoldArticle, parse_ann, score_article
    from communique.records import Article, Document

    text = "“We will stay,” said Lena Moss. “No one leaves.”\nThe port is closed, officials said."
    ann = ("T1\tContent 0 15;32 48\t“We will stay,” “No one leaves.”\n"
           "T2\tCue 16 20\tsaid\nT3\tSource 21 30\tLena Moss\n"
           "T4\tAttribution 16 20\tsaid\nE1\tAttribution:T4 Content:T1 Cue:T2 Source:T3\n"
           "T5\tContent 49 67\tThe port is closed\nT6\tCue 79 83\tsaid\n"
           "T7\tAttribution-no-source 79 83\tsaid\nE2\tAttribution-no-source:T7 Content:T5 Cue:T6\n")
    gold = list(parse_ann(ann))
    assert [g.span for g in gold] == [(0, 48), (49, 67)]
    assert gold[0].source == ((21, 30),) and gold[1].source == ()

    article = Article(id="t", title=None, published=None, source=None, url=None, language="en", text=text)
    document = Document(article=article, quotes=tuple(find_quotes(nlp(text), [])))
    counts = score_article(GoldArticle("t", "a", text, tuple(gold)), document)["counts"]
    assert counts["gold"] == 2 and counts["overlap tp"] == 2 and counts["cue right"] == 2
    # "officials" is named while gold has no source there, so one speaker is right
    assert counts["speaker right"] == 1


def _brat(text: str, *relations: tuple[str, str | None, str]) -> str:
    """A BRAT .ann of (content, source or None, cue) phrases, each found at its first occurrence."""
    lines, t = [], 0
    for n, (content, source, cue) in enumerate(relations, 1):
        ids = []
        for kind, phrase in (("Content", content), ("Cue", cue), ("Source", source)):
            if phrase is None:
                continue
            t += 1
            s = text.index(phrase)
            lines.append(f"T{t}\t{kind} {s} {s + len(phrase)}\t{phrase}")
            ids.append(f"{kind}:T{t}")
        lines.append(f"E{n}\tAttribution:T{t} {' '.join(ids)}")
    return "\n".join(lines) + "\n"


def test_named_speakers_resolved_counts_gold_names_with_an_actor_at_the_source():
    from communique.evaluate.quotes import GoldArticle, parse_ann, score_article
    from communique.records import Article, Document, Quote

    text = ("Ivo Brandt said the dam was safe. Brandt added that repairs would start soon. "
            "He said the money was there. Tara Lind said the report was late.")
    ann = _brat(text, ("the dam was safe", "Ivo Brandt", "said"),
                ("that repairs would start soon", "Brandt", "added"),
                ("the money was there", "He", "said"), ("the report was late", "Tara Lind", "said"))
    brandt = actor(text, "a1", "Ivo Brandt", "person", "Ivo Brandt", "Brandt", "He")
    lind = actor(text, "a2", "Tara Lind", "person", "Tara Lind")

    def quote(i: str, content: str, speaker: str | None, words: str) -> Quote:
        s = text.index(content)
        return Quote(id=i, text=content, start=s, end=s + len(content), kind="indirect", speaker=speaker,
                     cue=None, speaker_text=words)

    quotes = (quote("q1", "the dam was safe", "a1", "Ivo Brandt"),
              quote("q2", "repairs would start soon", "a1", "Brandt"),
              quote("q3", "the money was there", "a1", "He"),
              quote("q4", "the report was late", None, "Tara Lind"))
    article = Article(id="t", title=None, published=None, source=None, url=None, language="en", text=text)
    document = Document(article=article, actors=(brandt, lind), quotes=quotes)
    scored = score_article(GoldArticle("t", "a", text, tuple(parse_ann(ann))), document)
    counts = scored["counts"]
    # "He" names no one; of the three named sources, Tara Lind's quote has no actor
    assert counts["overlap tp"] == 4 and counts["gold named sources"] == 3
    assert counts["gold named resolved right"] == 2
    assert "'Tara Lind' ours 'Tara Lind'" in scored["error"]["detail"]
    # an actor whose mentions lie elsewhere is no resolution of the named source
    elsewhere = actor(text, "a3", "Tara Lind", "person", "the report")
    document = Document(article=article, actors=(brandt, elsewhere),
                        quotes=(*quotes[:3], quote("q4", "the report was late", "a3", "Tara Lind")))
    counts = score_article(GoldArticle("t", "a", text, tuple(parse_ann(ann))), document)["counts"]
    assert counts["gold named resolved right"] == 2


def test_evaluate_quotes_reports_both_halves_and_named_speakers(tmp_path):
    from communique.evaluate import format_report
    from communique.evaluate.quotes import evaluate
    from communique.settings import Settings

    texts = {
        "a_first": ("Mayor Ivo Brandt said on Monday that the bridge would reopen in May. "
                    "“We are nearly done,” Brandt told reporters at the site."),
        "b_second": "The ministry said the talks with the union had failed.",
    }
    anns = {
        "a_first": _brat(texts["a_first"], ("that the bridge would reopen in May", "Mayor Ivo Brandt", "said"),
                         ("“We are nearly done,”", "Brandt", "told")),
        "b_second": _brat(texts["b_second"], ("the talks with the union had failed", "The ministry", "said")),
    }
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for name, text in texts.items():
        (tmp_path / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        (tmp_path / "attributions" / f"{name}_x1.ann").write_text(anns[name], encoding="utf-8")
    report = evaluate(tmp_path, Settings(), show_errors=5, limit=None)
    tune, half = (report["sets"][k] for k in list(report["sets"])[1:])
    assert report["counts"]["articles"] == 2 and tune["counts"]["articles"] == 1
    assert report["counts"]["gold"] == 3 and tune["n"] == 2 and half["n"] == 1
    # the mayor is named twice, the second time by surname alone; the ministry is no name
    assert tune["counts"]["gold named sources"] == 2 and half["counts"]["gold named sources"] == 0
    assert tune["measures"]["named speakers resolved to an actor/accuracy"] == 1.0
    assert report["measures"]["quote (overlap>=0.5)/recall"] == 1.0
    assert all(e["item"].startswith("a_first") for e in report["errors"])
    assert "named speakers resolved to an actor" in format_report(report)


# -- speakers through the shared resolver (actors.refer) ----------------------------------------

def _pipeline_quotes(nlp, text: str, published: str | None = None):
    from communique.actors import find_actors
    from communique.records import Article

    doc = nlp(text)
    article = Article(id="t", title=None, published=published, source=None, url=None, language="en", text=text)
    actors = find_actors(doc, article)
    return actors, find_quotes(doc, actors)


def test_a_role_noun_speaker_is_the_holder_the_story_names_not_the_last_person(nlp):
    text = ("Prime Minister Lena Dahl met Finance Minister Jonas Berg in Oslo on Monday. "
            "The prime minister said the budget talks had gone well.")
    actors, quotes = _pipeline_quotes(nlp, text)
    q = only(quotes, "budget talks")
    assert q.speaker == next(a.id for a in actors if a.name == "Lena Dahl")


def test_a_role_noun_with_no_holder_in_the_story_stays_unresolved(nlp):
    text = "Lena Dahl met Jonas Berg in Oslo on Monday. The ambassador said the talks had gone well."
    _, quotes = _pipeline_quotes(nlp, text)
    q = only(quotes, "talks had gone well")
    assert q.speaker is None and q.speaker_text == "The ambassador"


def test_a_pronoun_speaker_agrees_in_gender(nlp):
    text = ("Lena Dahl met Jonas Berg in Oslo on Monday to discuss the budget. "
            "Berg arrived late, and she said the delay had cost them a day.")
    actors, quotes = _pipeline_quotes(nlp, text)
    q = only(quotes, "the delay had cost them a day")
    assert q.speaker == next(a.id for a in actors if a.name == "Lena Dahl")


def test_a_surname_speaker_the_model_left_untagged_is_the_person_named_before(nlp):
    text = ("Senator Marta Kellerby questioned the bank's chief, Owen Pradd, on Tuesday. The hearing grew "
            "tense. Pradd said on Wednesday that the lowest-paid staff were not to blame.")
    actors, quotes = _pipeline_quotes(nlp, text)
    q = only(quotes, "lowest-paid staff")
    assert q.speaker_text == "Pradd" and q.speaker == next(a.id for a in actors if a.name == "Owen Pradd")


@pytest.mark.parametrize(("text", "content", "speaker"), [
    # the parse finds no subject for "said"; the name right before it is who speaks
    ("In a May meeting with the editorial board of the Dunmore Herald Lena Moss said that the port may need to "
     "close for a year.", "the port may need to close for a year", "Lena Moss"),
    # the parse hangs the reported clause on "after" as an adverbial clause
    ("Lena Moss said after the vote she would not run again.", "she would not run again", "Lena Moss"),
])
def test_reported_clauses_survive_a_parse_that_loses_their_subject_or_complement(nlp, text, content, speaker):
    _, quotes = _pipeline_quotes(nlp, text)
    q = only(quotes, content)
    assert q.text == content and q.speaker_text.endswith(speaker) and q.speaker is not None


def test_an_adverbial_clause_with_its_own_subordinator_is_not_what_was_said(nlp):
    _, quotes = _pipeline_quotes(nlp, "Lena Moss spoke to reporters after the vote ended. She said nothing "
                                      "because the count was still open.")
    assert not [q for q in quotes if "count was still open" in q.text]
