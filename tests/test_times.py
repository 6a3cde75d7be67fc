"""Temporal expressions: candidates, tense, resolution against the publication date, offsets."""

from __future__ import annotations

from datetime import date

import pytest

from communique.records import Article
from communique.times import find_times, parse_published, resolve

TUE = "2024-06-25T10:11"  # Tuesday
NEW_YEAR = "2024-01-01"  # Monday
LEAP = "2024-03-01"  # Friday, after 29 February


def _times(nlp, text: str, published: str | None):
    article = Article(id="t", title=None, published=published, source=None, url=None, language="en", text=text)
    return find_times(nlp(text), article)


def _one(nlp, text: str, published: str | None, needle: str):
    found = [t for t in _times(nlp, text, published) if needle in t.text]
    assert found, f"no time containing {needle!r} in {[t.text for t in _times(nlp, text, published)]}"
    return found[0]


@pytest.mark.parametrize("text, published, needle, value, granularity", [
    # weekdays: past tense looks back (the same weekday is the publication day), future looks forward
    ("The two men met in Moscow on Monday evening.", TUE, "Monday", "2024-06-24", "day"),
    ("The minister spoke to reporters on Tuesday.", TUE, "Tuesday", "2024-06-25", "day"),
    ("Talks collapsed on Wednesday.", TUE, "Wednesday", "2024-06-19", "day"),
    ("The delegation will travel to Cairo on Wednesday.", TUE, "Wednesday", "2024-06-26", "day"),
    ("Parliament is expected to vote on Friday.", TUE, "Friday", "2024-06-28", "day"),
    ("The envoy will return next Monday.", TUE, "next Monday", "2024-07-01", "day"),
    ("Protesters gathered last Friday.", NEW_YEAR, "last Friday", "2023-12-29", "day"),
    # deictic words
    ("Rockets were fired yesterday.", TUE, "yesterday", "2024-06-24", "day"),
    ("Rockets were fired yesterday.", LEAP, "yesterday", "2024-02-29", "day"),
    ("The talks resume tomorrow.", TUE, "tomorrow", "2024-06-26", "day"),
    ("Shelling continued last night.", TUE, "last night", "2024-06-24", "day"),
    # relative periods
    ("Fighting intensified last week.", TUE, "last week", "2024-W25", "week"),
    ("Fighting intensified last week.", NEW_YEAR, "last week", "2023-W52", "week"),
    ("Prices rose last month.", NEW_YEAR, "last month", "2023-12", "month"),
    ("The ceasefire collapsed last year.", TUE, "last year", "2023", "year"),
    ("He was released earlier this month.", TUE, "earlier this month", "2024-06-01/2024-06-25", "range"),
    ("The bill passed two days ago.", TUE, "two days ago", "2024-06-23", "day"),
    ("The bill passed two days ago.", LEAP, "two days ago", "2024-02-28", "day"),
    ("The strike began three years ago.", TUE, "three years ago", "2021", "year"),
    ("Aid deliveries fell over the past three days.", TUE, "the past three days", "2024-06-22/2024-06-25", "range"),
    # absolute dates
    ("The agreement was signed on 14 May 2018.", TUE, "14 May 2018", "2018-05-14", "day"),
    ("The agreement was signed on May 14, 2018.", TUE, "May 14, 2018", "2018-05-14", "day"),
    ("Elections are due in June 2025.", TUE, "June 2025", "2025-06", "month"),
    ("The war began in 2014.", TUE, "2014", "2014", "year"),
    ("Exports fell in the third quarter of 2023.", TUE, "third quarter of 2023", "2023-07-01/2023-09-30", "range"),
    ("The city was rebuilt in the 1990s.", TUE, "1990s", "1990/1999", "range"),
    # a year-less date takes the year the tense points to
    ("The accord was signed on 11 December.", "2010-01-25", "11 December", "2009-12-11", "day"),
    ("The summit will open on 11 December.", TUE, "11 December", "2024-12-11", "day"),
    ("Inflation peaked in December.", NEW_YEAR, "December", "2023-12", "month"),
    # ranges
    ("The group controlled the town between 2010 and 2012.", TUE, "between 2010 and 2012", "2010/2012", "range"),
    ("Fighting raged from May to July.", TUE, "from May to July", "2024-05/2024-07", "range"),
    ("The trial ran from May 5-7, 2024.", TUE, "May 5-7, 2024", "2024-05-05/2024-05-07", "range"),
])
def test_resolves(nlp, text, published, needle, value, granularity):
    t = _one(nlp, text, published, needle)
    assert (t.value, t.granularity) == (value, granularity)


@pytest.mark.parametrize("text, published, needle", [
    ("Relations have recently improved.", TUE, "recently"),
    ("A few days ago, the convoy arrived.", TUE, "few days ago"),
    ("The army withdrew on Monday.", None, "Monday"),  # relative, and no publication date
])
def test_unresolvable_has_no_value(nlp, text, published, needle):
    assert _one(nlp, text, published, needle).value is None


def test_absolute_dates_resolve_without_publication_date(nlp):
    assert _one(nlp, "The accord was signed on 14 May 2018.", None, "14 May 2018").value == "2018-05-14"


@pytest.mark.parametrize("text", [
    "The siege lasted three years.",
    "He served 12 years in prison.",
    "The report is published weekly.",
])
def test_durations_and_frequencies_are_not_times(nlp, text):
    assert _times(nlp, text, TUE) == []


def test_offsets_exact(nlp):
    text = ("Officials met in Moscow on Monday evening.\n\nThe next round is due next week, "
            "after talks in June 2024 and between 2010 and 2012.")
    found = _times(nlp, text, TUE)
    assert len(found) >= 4
    for t in found:
        assert text[t.start:t.end] == t.text


def test_caption_date_flagged_as_furniture(nlp):
    text = ("Senior leader Mousa Abu Marzook, on 14 May 2018 [Reuters/Mohammed Salem]\n\n"
            "He met the deputy minister in Moscow on Monday evening.")
    found = {t.text: t for t in _times(nlp, text, TUE)}
    assert found["14 May 2018"].approximate
    assert not found["Monday evening"].approximate


@pytest.mark.parametrize("raw, day", [
    ("2024-06-25T10:11", date(2024, 6, 25)),
    ("2024-06-25T10:11:00Z", date(2024, 6, 25)),
    ("2024-06-25", date(2024, 6, 25)),
    (None, None),
])
def test_parse_published(raw, day):
    assert parse_published(raw) == day


def test_resolve_without_doc():
    assert resolve("last Friday", date(2024, 1, 1)) == ("2023-12-29", "day")
    assert resolve("three years", date(2024, 1, 1)) is None


@pytest.mark.parametrize(("text", "published", "value"), [
    ("last winter", "2016-01-20", "2014-12-01/2015-02-28"),
    ("last winter", "2016-06-20", "2015-12-01/2016-02-29"),
    ("last summer", "2016-01-20", "2015-06-01/2015-08-31"),
])
def test_last_season_before_a_season_that_spans_new_year(text, published, value):
    assert resolve(text, parse_published(published), "past")[0] == value
