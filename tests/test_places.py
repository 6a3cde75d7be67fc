"""Toponyms: recognition, gazetteer, transliteration, disambiguation by context, offsets."""

from __future__ import annotations

import pytest

from communique.places import find_places
from communique.places.gazetteer import fold, lookup, skeleton
from communique.records import Actor, Article


def _places(nlp, text: str, actors: tuple[Actor, ...] = ()):
    article = Article(id="t", title=None, published=None, source=None, url=None, language="en", text=text)
    return find_places(nlp(text), article, list(actors))


def _by_mention(places, surface: str):
    for p in places:
        if any(m.text == surface for m in p.mentions):
            return p
    raise AssertionError(f"{surface!r} not among {[m.text for p in places for m in p.mentions]}")


@pytest.mark.parametrize("text, surface, geonameid, country", [
    ("Russian diplomats hosted the delegation in Moscow, where Russia's deputy foreign minister spoke.",
     "Moscow", 524901, "RU"),
    ("The delegation flew to Paris for talks with French officials.", "Paris", 2988507, "FR"),
    ("He grew up in Paris, Texas, before moving to Dallas.", "Paris", 4717560, "US"),
    ("Protesters marched in Jerusalem.", "Jerusalem", 281184, "IL"),
])
def test_resolved_by_context(nlp, text, surface, geonameid, country):
    place = _by_mention(_places(nlp, text), surface)
    assert (place.geonameid, place.country) == (geonameid, country)


@pytest.mark.parametrize("text, name, country", [
    ("Israeli strikes continued across the Gaza Strip overnight.", "Gaza Strip", "PS"),
    ("Settlers attacked a village in the occupied West Bank.", "West Bank", "PS"),
    ("Shelling was reported in Donbas and in Crimea.", "Donbas", "UA"),
    ("Aid groups warned of famine in Darfur.", "Darfur", "SD"),
    ("The Houthis attacked ships in the Red Sea.", "Red Sea", None),
])
def test_gazetteer_regions(nlp, text, name, country):
    place = next(p for p in _places(nlp, text) if p.name == name)
    assert place.country == country and place.lat is not None and place.lon is not None


def test_transliteration_khan_younis(nlp):
    place = _by_mention(_places(nlp, "Residents fled Khan Younis in the southern Gaza Strip on Monday."),
                        "Khan Younis")
    assert place.geonameid == 281124 and place.country == "PS"
    assert skeleton("Khan Younis") == skeleton("Khān Yūnis")
    assert fold("Khān Yūnis") == "khan yunis"


@pytest.mark.parametrize("text, country", [
    ("Israeli tanks pushed into Khan Younis and Rafah in the Gaza Strip.", "PS"),
    ("Egyptian officials at the Rafah crossing in Egypt's North Sinai said trucks were waiting.", "EG"),
])
def test_rafah_by_context(nlp, text, country):
    assert _by_mention(_places(nlp, text), "Rafah").country == country


def test_actor_country_is_context(nlp):
    egypt = Actor(id="a1", name="Egypt", kind="state", country="EGY")
    place = _by_mention(_places(nlp, "Trucks waited near Rafah for days.", (egypt,)), "Rafah")
    assert place.country == "EG"


def test_demonyms_are_not_places(nlp):
    places = _places(nlp, "Hamas appreciates Russian efforts and Israeli restraint, the spokesman said in Russia.")
    mentions = {m.text for p in places for m in p.mentions}
    assert "Russian" not in mentions and "Israeli" not in mentions
    assert "Russia" in mentions


def test_one_place_per_location_with_all_mentions(nlp):
    text = "Aid reached the Gaza Strip. The Gaza Strip needs more, said officials in Cairo."
    places = _places(nlp, text)
    gaza = [p for p in places if p.name == "Gaza Strip"]
    assert len(gaza) == 1 and len(gaza[0].mentions) == 2
    assert [p.id for p in places] == [f"p{n}" for n in range(1, len(places) + 1)]


def test_offsets_exact(nlp):
    text = ("Talks in Moscow on the Gaza Strip and the West Bank.\n\n"
            "Officials from Khan Younis, Rafah and Jerusalem attended, as did envoys from Paris.")
    places = _places(nlp, text)
    assert places
    for p in places:
        for m in p.mentions:
            assert text[m.start:m.end] == m.text


def test_lookup_countries_and_aliases():
    assert any(e.feature == "country" and e.country == "US" for e in lookup("U.S."))
    assert any(e.feature == "country" and e.country == "GB" for e in lookup("Britain"))
    assert any(e.name == "Golan Heights" for e in lookup("the Golan Heights"))


@pytest.mark.parametrize("text, surface, country", [
    # a country spaCy tags as an organisation or a person
    ("The engineer, born in Cameroon, settled in France in 1998.", "Cameroon", "CM"),
    ("Floods hit Mali, Chad, Niger, and Sudan this year.", "Niger", "NE"),
    # a place that opens an organisation's name
    ("The Kenya Navy said the port would stay closed.", "Kenya", "KE"),
    ("The Lima City Health Secretary closed markets.", "Lima", "PE"),
    # a region after a direction word, tagged as an organisation
    ("Troops shelled eastern Aleppo again.", "Aleppo", "SY"),
    # a state's abbreviation tagged as an organisation, a country's left untagged
    ("The NSW premier reopened the border with Victoria.", "NSW", "AU"),
    ("Aid reached the Democratic Republic of the Congo (DRC) on Monday.", "DRC", "CD"),
])
def test_places_spacy_tags_as_something_else(nlp, text, surface, country):
    assert _by_mention(_places(nlp, text), surface).country == country


@pytest.mark.parametrize("text, surface", [
    ("Miss Abdou, a teacher, was not hurt.", "Miss"),  # "Miss." is Mississippi, "Miss" a title
    ("Cheese made by Lyon Dairy LLC was recalled.", "Lyon"),  # a firm, not a place's
    ("Kazakhstan's role in the Commonwealth of Independent States grew.", "Commonwealth"),
])
def test_not_places(nlp, text, surface):
    assert surface not in {m.text for p in _places(nlp, text) for m in p.mentions}


def test_a_list_is_not_city_state(nlp):
    places = _places(nlp, "The senator toured Washington, New York and Boston last week.")
    assert _by_mention(places, "Washington").geonameid == 4140963  # not a Washington in New York state
    assert _by_mention(places, "Boston").geonameid == 4930956  # New York City is no reason for Boston, NY


def test_capital_is_one_town():
    capitals = [e for e in lookup("Washington") if e.feature == "city" and e.capital]
    assert [e.geonameid for e in capitals] == [4140963]


def test_index_cache(tmp_path, monkeypatch):
    from communique.places import gazetteer

    rows = [("Testville", 1, 1.0, 2.0, "XX", "city", 5000, None, False),
            ("Test Strip", None, 3.0, 4.0, "XX", "territory", 0, None, False)]
    table = gazetteer._Table.pack({"testville": [0], "test strip": [1], "both": [0, 1]})
    data = (table, gazetteer._Table.pack({}), gazetteer._columns(rows), {}, ["Test Strip"])
    monkeypatch.setattr(gazetteer, "_build", lambda: data)
    built = gazetteer.load_index(tmp_path)
    assert len(list(tmp_path.glob("places-*.marshal"))) == 1

    def no_build():
        raise AssertionError("built again")

    monkeypatch.setattr(gazetteer, "_build", no_build)
    cached = gazetteer.load_index(tmp_path)
    assert cached.named("testville") == built.named("testville")
    assert cached.named("testville")[0].key == "gn:1" and cached.phrases.search("in Test Strip")
    assert [e.key for e in cached.named("both")] == ["gn:1", "gz:Test Strip|XX"]
    assert cached.named("test") == () and cached.named("zzz") == () and cached.loose("tstvl") == ()

    # a cache directory that cannot be written: built in memory, silently
    monkeypatch.setattr(gazetteer, "_build", lambda: data)
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert gazetteer.load_index(blocker / "cache").named("testville")


def test_abbreviation_keeps_its_last_dot(nlp):
    text = "Officials in the U.S. said talks were held in Washington, D.C."
    spans = {m.text for p in _places(nlp, text) for m in p.mentions}
    assert "U.S." in spans and "D.C." in spans


def test_disease_named_after_a_place(nlp):
    places = _places(nlp, "Health workers in Uganda tracked the Marburg virus.")
    assert {m.text for p in places for m in p.mentions} == {"Uganda"}


def test_unplaceable_name_of_a_person(nlp):
    oksana = Actor(id="a1", name="Oksana Petrenko", kind="person")
    assert _places(nlp, "The clinic said Oksana was getting better.", (oksana,)) == []


def test_gazetteer_region_tagged_as_plural_noun(nlp):
    place = _by_mention(_places(nlp, "Flights to the Americas were cancelled."), "Americas")
    assert place.lat is not None


def test_generic_last_word_is_not_a_town(nlp):
    place = _by_mention(_places(nlp, "She farmed in the Mekong Delta, south of Saigon."), "Mekong Delta")
    assert place.country != "CA"  # Delta, British Columbia
