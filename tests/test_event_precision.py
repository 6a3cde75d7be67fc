"""What is not an event stays out, through the whole pipeline: words and ballots said as force, campaign
stops said as protests, interviews said as consultations, acts not done said as done. Each case beside
one that must still be coded, so a rule that only deletes cannot pass. Sentences are our own."""

from __future__ import annotations

import pytest

from communique import extract


def coded(text: str) -> list[tuple[str, str | None, str | None, bool]]:
    """(type, source name, target name, negated) of every event of `text`."""
    doc = extract(text, published="2024-03-05")
    names = {a.id: a.name for a in doc.actors}
    return [(e.type, names.get(e.source or ""), names.get(e.target or ""), e.negated) for e in doc.events]


def done(text: str, type_: str) -> list[tuple[str, str | None, str | None, bool]]:
    """The events of `type_` told as done (not negated)."""
    return [e for e in coded(text) if e[0] == type_ and not e[3]]


@pytest.mark.parametrize(("text", "type_"), [
    ("Asked about the plan, Tom Ridley shot back that it was a fantasy.", "ASSAULT"),
    ("Polls show Mayor Dan Whitcombe has the best chance of beating Senator Mara Quellin in November.", "ASSAULT"),
    ("Tom Ridley and Mara Quellin clashed at Thursday's debate over taxes.", "ASSAULT"),
    ("Tom Ridley was attacked in ads paid for by a group close to Mara Quellin.", "ASSAULT"),
    ("Tom Ridley will hold a rally in Denver on Friday.", "PROTEST"),
    ("Tom Ridley will hold a rally in Denver on Friday.", "THREATEN"),
    ("Tom Ridley accepted large donations from Wall Street banks.", "AGREE"),
    ("Ana Forsyth offered a halting response to questions about the leak.", "AGREE"),
    ("Tom Ridley spoke to CNN at a town hall meeting in Ohio.", "CONSULT"),
    ("Mara Quellin is pulling out her New York credentials.", "RETREAT"),
    ("Governor Tom Ridley refrained from attacking Senator Mara Quellin during the interview.", "ACCUSE"),
    ("Instead of complying with the court's order, Governor Tom Ridley filed an appeal.", "CONCEDE"),
    ("The Kenyan government delayed lifting the ban on imports.", "CONCEDE"),
    ("Kenya did meet the deadline for the loan repayment.", "CONSULT"),
    ("The president signed an executive order on imports from Russia.", "AGREE"),
    ("The mayor was charged with robbing a bank, kidnapping a guard and attacking police officers.", "ASSAULT"),
    ("The minister was sanctioned by the European Union for undermining democracy, including by jailing "
     "journalists.", "COERCE"),
    ("The journalist was jailed for the killing of a police officer.", "ASSAULT"),
    ("Japan will certainly be interested in encouraging Kenya to join the pact.", "REQUEST"),
    ("Kenya's foreign minister expressed concern.", "ACCUSE"),
    ("The president of Kenya welcomed the new trucks.", "SUPPORT"),
    ("\"I would like to thank Kenya for its support,\" the minister said.", "AGREE"),
    ("\"I hope the charges against him will be dropped,\" his lawyer said.", "AGREE"),
    ("The alleged plotters are detained in a military prison.", "COERCE"),
])
def test_not_an_event(text: str, type_: str) -> None:
    assert not done(text, type_), coded(text)


@pytest.mark.parametrize(("text", "type_"), [
    ("Soldiers shot back at the gunmen near the border.", "ASSAULT"),
    ("Police beat protesters in the capital on Monday.", "ASSAULT"),
    ("Thousands of protesters clashed with police in Nairobi on Tuesday.", "ASSAULT"),
    ("Japan offered $5 million in aid to the Philippines.", "AGREE"),
    ("Kenya offered to mediate between Ethiopia and Eritrea.", "AGREE"),
    ("The opposition held a rally against the government in Nairobi.", "PROTEST"),
    ("Governor Tom Ridley criticized Senator Mara Quellin for skipping the debate.", "ACCUSE"),
    ("Russian Foreign Minister Sergei Lavrov spoke with his Chinese counterpart on Monday.", "CONSULT"),
    ("Iran met the American delegation in Oman.", "CONSULT"),
    ("The president signed an executive order banning imports from Russia.", "SANCTION"),
    ("Washington announced export controls on advanced chips to China.", "SANCTION"),
    ("Hundreds of people protested in Nairobi against the new tax law.", "PROTEST"),
    ("Thousands marched through the capital to demand the president's resignation.", "PROTEST"),
    ("The mayor was charged with robbing a bank.", "ACCUSE"),
    ("Kenya's foreign minister expressed concern over the arrests in Uganda.", "ACCUSE"),
    ("Kenya welcomed the decision by Uganda.", "SUPPORT"),
    ("Ugandan police detained three opposition activists on Monday.", "COERCE"),
])
def test_still_an_event(text: str, type_: str) -> None:
    assert done(text, type_), coded(text)


def test_a_name_spelt_with_capitals_is_not_found_in_lowercase_words() -> None:
    # the broadcaster "Russia Today" is not "Russia today"
    events = done("Taiwan's foreign minister visited Russia today, the first such trip in years.", "CONSULT")
    assert events and events[0][2] == "Russia", events


def test_her_rivals_are_not_her() -> None:
    events = done("Senator Mara Quellin has been criticized by some of her rivals for skipping the debate.", "ACCUSE")
    assert events and all(e[1] != "Mara Quellin" for e in events) and events[0][2] == "Mara Quellin", events


@pytest.mark.parametrize(("text", "type_"), [
    ("Tom Ridley was arrested in 2011. He was released in May 2017.", "CONCEDE"),
    ("Tom Ridley met the governor in 2011. He was rearrested in May 2017.", "COERCE"),
    ("Tom Ridley was arrested in 2011. Police charged him with fraud in 2012.", "ACCUSE"),
])
def test_a_pronoun_names_the_one_acted_upon_in_the_passive(text: str, type_: str) -> None:
    events = done(text, type_)
    assert events and events[0][2] == "Tom Ridley", coded(text)


def test_sent_to_prison_is_a_coercion() -> None:
    assert done("A court in Nairobi sent the opposition leader Tom Ridley to prison for five years.", "COERCE")
