"""Claims (actor, issue, stance, terms) on sentences written for these tests, and on the seed."""

from __future__ import annotations

import re

import pytest

from communique.claims import find_claims
from communique.claims.codebook import load
from communique.quotes import find_quotes
from communique.records import Actor, Span


def actor(text: str, aid: str, name: str, kind: str, *phrases: str, **fields) -> Actor:
    """A stand-in actor with a mention at every occurrence of each phrase (whole words)."""
    spans = sorted({(m.start(), m.end()) for p in phrases or (name,)
                    for m in re.finditer(r"\b" + re.escape(p) + r"\b", text)})
    return Actor(id=aid, name=name, kind=kind, mentions=tuple(Span(s, e, text[s:e]) for s, e in spans), **fields)


def claims_of(nlp, text: str, actors, codebook=None):
    doc = nlp(text)
    return find_claims(doc, find_quotes(doc, actors), actors, codebook=codebook)


def test_codebook_has_the_issues_asked_for():
    book = load()
    for issue in ("ceasefire", "troop_withdrawal", "humanitarian_aid", "prisoner_exchange", "hostage_release",
                  "reconstruction", "sanctions", "state_recognition", "annexation", "negotiations", "elections",
                  "two_state_solution", "self_determination", "territorial_integrity", "arms_supplies",
                  "military_aid", "return_of_displaced", "occupation", "settlements", "nuclear_programme"):
        assert issue in book.issues
    assert len(book.issues) >= 20


# Statements outside quotes: the subject actor holds the position.
@pytest.mark.parametrize(("text", "issue", "stance"), [
    ("Norway supports the two-state solution.", "two_state_solution", "support"),
    ("Norway welcomed the humanitarian truce in the south.", "ceasefire", "support"),
    ("Norway backs new sanctions against the junta.", "sanctions", "support"),
    ("Norway condemns the annexation of the region.", "annexation", "oppose"),
    ("Norway opposes any settlement expansion.", "settlements", "oppose"),
    ("Norway called for humanitarian aid to reach the city.", "humanitarian_aid", "demand"),
    ("Norway urges the release of the hostages.", "hostage_release", "demand"),
    ("Norway demands a complete withdrawal of foreign troops.", "troop_withdrawal", "demand"),
    ("Norway rejected the peace talks.", "negotiations", "reject"),
    ("Norway refuses to accept the annexation.", "annexation", "reject"),
    ("Norway does not support new sanctions.", "sanctions", "oppose"),
])
def test_statement_stances(nlp, text, issue, stance):
    actors = [actor(text, "s1", "Norway", "state", country="NOR")]
    claims = claims_of(nlp, text, actors)
    assert [(c.actor, c.issue, c.stance) for c in claims] == [("s1", issue, stance)]
    c = claims[0]
    assert text[c.evidence.start:c.evidence.end] == c.evidence.text and c.quote is None


def test_no_issue_no_claim(nlp):
    text = "Norway supports its athletes at the games."
    assert claims_of(nlp, text, [actor(text, "s1", "Norway", "state")]) == []


def test_statement_without_actor_subject_is_no_claim(nlp):
    text = "Many people support a ceasefire."
    assert claims_of(nlp, text, [actor(text, "s1", "Norway", "state")]) == []


def test_claim_in_quote_belongs_to_the_speaker_not_the_actor_named(nlp):
    text = "“Israel rejects the truce,” said Ivan Petrov."
    actors = [actor(text, "a1", "Ivan Petrov", "person"), actor(text, "s1", "Israel", "state")]
    claims = claims_of(nlp, text, actors)
    assert [(c.actor, c.issue, c.stance) for c in claims] == [("a1", "ceasefire", "reject")]
    assert claims[0].quote == "q1"


def test_position_holder_named_by_its_spokesman(nlp):
    text = "“The position of the Union is consistent with a permanent ceasefire,” said Nora Vik."
    actors = [actor(text, "o1", "Union", "organisation"),
              actor(text, "a1", "Nora Vik", "person", affiliation="o1")]
    claims = claims_of(nlp, text, actors)
    assert [(c.actor, c.issue, c.stance) for c in claims] == [("o1", "ceasefire", "support")]
    assert claims[0].terms == ("permanent ceasefire",)


def test_his_country_is_the_speakers_state(nlp):
    text = "Petrov said that his country's position is in support of the legitimate rights of the Kurdish people."
    actors = [actor(text, "s1", "Russia", "state", "Moscow", country="RUS"),
              actor(text, "a1", "Ivan Petrov", "person", "Petrov", country="RUS")]
    claims = claims_of(nlp, text, actors)
    assert [(c.actor, c.issue, c.stance) for c in claims] == [("s1", "peoples_rights", "support")]


def test_terms_from_an_enumeration(nlp):
    text = ("“We accept the ceasefire proposal, which includes the withdrawal of troops from the city, "
            "the release of prisoners, and the provision of urgent medical aid,” said Salem Haddad.")
    actors = [actor(text, "a1", "Salem Haddad", "person")]
    claims = claims_of(nlp, text, actors)
    c = next(c for c in claims if c.issue == "ceasefire")
    assert (c.actor, c.stance) == ("a1", "support")
    assert c.terms == ("withdrawal of troops", "release of prisoners", "urgent medical aid")


def test_collective_speakers_each_hold_the_claim(nlp):
    text = ("Lena Moss met Ivan Petrov in Geneva on Monday.\n\n"
            "The two sides said that they support a humanitarian corridor for the city.")
    actors = [actor(text, "a1", "Lena Moss", "person"), actor(text, "a2", "Ivan Petrov", "person")]
    claims = claims_of(nlp, text, actors)
    assert {(c.actor, c.issue, c.stance) for c in claims} == {("a1", "humanitarian_aid", "support"),
                                                              ("a2", "humanitarian_aid", "support")}


def test_codebook_is_extensible(nlp, tmp_path):
    extra = tmp_path / "more.yaml"
    extra.write_text("issues:\n  - id: water_rights\n    label: water rights\n"
                     "    keywords: [water sharing, dam filling]\n"
                     "stances:\n  reject: [frown upon]\n", encoding="utf-8")
    text = "Egypt rejects the dam filling schedule. Sudan will frown upon water sharing plans."
    actors = [actor(text, "s1", "Egypt", "state"), actor(text, "s2", "Sudan", "state")]
    claims = claims_of(nlp, text, actors, codebook=load([extra]))
    assert {(c.actor, c.issue, c.stance) for c in claims} == {("s1", "water_rights", "reject"),
                                                              ("s2", "water_rights", "reject")}


def test_seed_claims(seed_doc):
    if not seed_doc.actors:
        pytest.skip("pending: the actors stage returns no actors for the seed yet")
    names = {a.id: " ".join((a.name, *a.aliases)) for a in seed_doc.actors}
    hamas = [c for c in seed_doc.claims if "Hamas" in names.get(c.actor or "", "") and c.issue == "ceasefire"]
    assert len(hamas) == 1 and hamas[0].stance == "support"
    terms = " | ".join(hamas[0].terms)
    for term in ("complete withdrawal", "permanent ceasefire", "urgent humanitarian relief", "return of the displaced",
                 "reconstruction of the Gaza Strip", "prisoner exchange deal"):
        assert term in terms
    russia = [c for c in seed_doc.claims if "Russia" in names.get(c.actor or "", "") and c.stance == "support"]
    assert {c.issue for c in russia} >= {"peoples_rights"}
    text = seed_doc.article.text
    assert all(text[c.evidence.start:c.evidence.end] == c.evidence.text for c in seed_doc.claims)
