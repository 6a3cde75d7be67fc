"""Casualty and arrest figures read from the parse, and given to the hostile event they count."""

from __future__ import annotations

import pytest

from communique import extract
from communique.figures import _value, find_figures


@pytest.mark.parametrize(("text", "expected"), [
    ("At least five soldiers and three civilians were killed in the attack.", [("killed", 8, "at_least")]),
    ("Gunmen killed 12 people and wounded dozens more.", [("killed", 12, None), ("injured", 24, "vague")]),
    ("The death toll rose to 23, officials said.", [("killed", 23, None)]),
    ("Police arrested more than 40 protesters.", [("arrested", 40, "more_than")]),
    ("A policeman was killed and two others were injured.", [("killed", 1, None), ("injured", 2, None)]),
    ("The blast left seven people dead.", [("killed", 7, None)]),
    ("Dozens of people were detained.", [("arrested", 24, "vague")]),
    ("Militants killed nearly two dozen people.", [("killed", 24, "about")]),
    ("Hundreds were arrested after the rally.", [("arrested", 200, "vague")]),
    ("The attack killed at least 1,200 people.", [("killed", 1200, "at_least")]),
    ("Eleven people are still missing after the raid.", [("missing", 11, None)]),
    ("Gunmen kidnapped 20 students from a school.", [("abducted", 20, None)]),
    ("The minister praised the police for their work.", []),
    ("Police said the attack killed people in the market.", []),  # no count given
])
def test_figures_in_a_sentence(nlp, text: str, expected: list) -> None:
    got = [(f.kind, f.value, f.qualifier) for f, _ in find_figures(nlp(text))]
    assert got == expected
    for f, _ in find_figures(nlp(text)):
        assert text[f.span.start:f.span.end] == f.span.text


@pytest.mark.parametrize(("words", "value"), [
    (["five"], 5), (["two", "dozen"], 24), (["1,200"], 1200), (["1.5", "million"], 1_500_000),
    (["twenty-five"], 25), (["three", "hundred"], 300), (["dozen"], 12),
])
def test_number_words(words: list[str], value: int) -> None:
    assert _value(words) == value


def test_a_figure_goes_to_the_attack_it_counts_and_a_toll_to_the_attack_before_it() -> None:
    doc = extract("Gunmen attacked a village in Zamfara State on Saturday, killing at least 15 people, police said.\n\n"
                  "The minister condemned the attack.\n\nThe death toll later rose to 18.\n\n"
                  "A bomb in another town left two people dead.", published="2025-01-12")
    counted = {e.id: [(f.kind, f.value) for f in e.figures] for e in doc.events if e.figures}
    attack = [e for e in doc.events if e.type == "ASSAULT" and "Zamfara" in e.evidence.text]
    assert attack and all(("killed", 15) in counted.get(e.id, ()) for e in attack if e.figures)
    tolls = [v for figs in counted.values() for v in figs]
    assert ("killed", 18) in tolls  # the toll in a sentence of its own joins the attack above
    assert all(f.span.text == doc.article.text[f.span.start:f.span.end] for e in doc.events for f in e.figures)
    # "a bomb ... left two people dead" names its own cause: not the Zamfara attack's figure
    assert all(("killed", 2) not in counted.get(e.id, ()) for e in attack)
