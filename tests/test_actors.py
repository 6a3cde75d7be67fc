"""Actor finding, merging and coding on sentences written for these tests."""

from __future__ import annotations

import pytest

from communique.actors import find_actors
from communique.actors.knowledge import load_kb
from communique.actors.names import name_tokens, same_person
from communique.records import Article, Furniture


def actors_of(nlp, text: str, furniture: tuple[Furniture, ...] = (), kb_paths=(), published=None):
    article = Article(id="t", title=None, published=published, source=None, url=None, language="en", text=text,
                      furniture=furniture)
    return find_actors(nlp(text), article, kb_paths=kb_paths)


def by_name(actors, fragment: str):
    hits = [a for a in actors if fragment.lower() in (a.name + " " + " ".join(a.aliases)).lower()]
    assert len(hits) == 1, f"{fragment!r}: {[(a.name, a.aliases) for a in actors]}"
    return hits[0]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Mousa Abu Marzouk", "Musa Abu Marzouq", True),
    ("Mousa Abu Marzouk", "Abu Marzook", True),
    ("Mikhail Bogdanov", "Bogdanov", True),
    ("Volodymyr Zelensky", "Zelenskyy", True),
    ("Mohammed bin Salman", "Muhammad bin Salman", True),
    ("Joe Biden", "Hunter Biden", False),
    ("Ali Khamenei", "Ali Larijani", False),
    ("Mr. Sergei Lavrov", "Lavrov", True),
    ("Marta J. Kellerby", "Marta Kellerby", True),
    ("Harold Vinn Jr.", "Harold Vinn", True),
    ("Harold Vinn Jr.", "Vinn", True),
    ("Marta J. Kellerby", "Ivo Kellerby", False),
])
def test_person_names_match_across_spellings(a, b, same):
    assert same_person(name_tokens(a), name_tokens(b)) is same


def test_spelling_variants_and_surnames_merge(nlp):
    text = ("Musa Abu Marzouq arrived in Cairo on Sunday for talks.\n\n"
            "Abu Marzouk told reporters the talks were useful. Later, Abu Marzook left the city.")
    actors = actors_of(nlp, text)
    person = by_name(actors, "Marzouq")
    assert {m.text for m in person.mentions} == {"Musa Abu Marzouq", "Abu Marzouk", "Abu Marzook"}


def test_two_people_with_one_surname_stay_apart(nlp):
    actors = actors_of(nlp, "Senator John Carver and his sister Helen Carver visited the border on Friday.")
    carvers = [a for a in actors if a.kind == "person"]
    assert {a.name for a in carvers} == {"John Carver", "Helen Carver"}


def test_role_and_demonym_code_a_person(nlp):
    actors = actors_of(nlp, "Russian Deputy Foreign Minister Sergei Ryabkov warned on Tuesday that talks "
                            "could stall. Ryabkov said Moscow was ready to wait.")
    person = by_name(actors, "Ryabkov")
    assert (person.kind, person.country, person.sector) == ("person", "RUS", "GOV")
    assert len(person.mentions) == 2
    assert person.role and "Foreign Minister" in person.role


def test_appositive_description_gives_country(nlp):
    text = ("Ministers met the Special Envoy of the Government of Norway for the Horn of Africa, "
            "Ambassador Kari Lund, in Nairobi.")
    person = by_name(actors_of(nlp, text), "Kari Lund")
    assert person.country == "NOR"
    assert person.sector == "GOV"


def test_role_only_lede_merges_with_the_named_person(nlp):
    text = ("The leader of the Islamic Resistance Movement, Hamas, has rejected the proposal. "
            "Yahya Qassem made the remarks in a televised address.")
    actors = actors_of(nlp, text)
    person = by_name(actors, "Qassem")
    hamas = by_name(actors, "Hamas")
    assert person.affiliation == hamas.id
    assert person.country == "PSE"
    assert any(m.text == "The leader" for m in person.mentions)


def test_demonyms_and_possessive_home_reference(nlp):
    text = ("Ambassador Tomas Berg of Sweden met the Russians in Geneva. Berg said his country "
            "supported Russian efforts.")
    actors = actors_of(nlp, text)
    russia = by_name(actors, "Russia")
    assert russia.kind == "state" and russia.country == "RUS"
    assert {m.text for m in russia.mentions} >= {"Russians", "Russian"}
    sweden = [a for a in actors if a.country == "SWE" and a.kind == "state"]
    assert sweden and "his country" in {m.text for m in sweden[0].mentions}
    assert by_name(actors, "Tomas Berg").country == "SWE"


def test_people_and_international_bodies(nlp):
    text = ("The U.N. Security Council met after Palestinian groups appealed for aid. "
            "The European Union and NATO issued statements.")
    actors = actors_of(nlp, text)
    assert by_name(actors, "Security Council").country == "IGO"
    assert by_name(actors, "Palestinian").kind == "people"
    assert by_name(actors, "European Union").sector == "IGO"
    assert by_name(actors, "NATO").kind == "igo"


def test_lowercase_words_are_not_names(nlp):
    actors = actors_of(nlp, "Tell us what you think about the plan, he said to us.")
    assert not [a for a in actors if a.country == "USA"]


def test_caption_spelling_becomes_an_alias_not_a_mention(nlp):
    text = "Saeb Erakat spoke to the press in Ramallah on Thursday."
    caption = Furniture("caption", "Chief negotiator Saeb Ereikat in 2019 [AFP/Staff]")
    person = by_name(actors_of(nlp, text, (caption,)), "Erakat")
    assert "Saeb Ereikat" in person.aliases
    assert all(m.text != "Saeb Ereikat" for m in person.mentions)


def test_offsets_are_exact(nlp):
    text = ("Iran's foreign minister met Omani officials in Muscat.\n\n"
            "The Iranians said the Sultanate of Oman would host further talks with the United States.")
    for actor in actors_of(nlp, text):
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text


def test_user_knowledge_base_extends_the_shipped_one(nlp, tmp_path):
    (tmp_path / "groups.tsv").write_text("id\tname\taliases\tcountry\tsector\n"
                                         "zlf\tZaria Liberation Front\tZLF\tNGA\tREB\n", encoding="utf-8")
    load_kb.cache_clear()
    actors = actors_of(nlp, "Fighters of the ZLF attacked a convoy.", kb_paths=(tmp_path,))
    zlf = by_name(actors, "Zaria Liberation Front")
    assert (zlf.country, zlf.sector, zlf.kb_id) == ("NGA", "REB", "zlf")


def test_seed_actors(seed_doc):
    actors = seed_doc.actors
    marzouk = by_name(actors, "Marzouk")
    assert "Mousa Abu Marzook" in marzouk.aliases
    hamas = by_name(actors, "Hamas")
    assert marzouk.affiliation == hamas.id
    bogdanov = by_name(actors, "Bogdanov")
    assert (bogdanov.country, bogdanov.sector) == ("RUS", "GOV")
    russia = [a for a in actors if a.kind == "state" and a.country == "RUS"]
    assert len(russia) == 1
    assert {"Russian Federation", "Russian", "his country"} <= {m.text for m in russia[0].mentions}
    assert by_name(actors, "Security Council").country == "IGO"


def test_state_organs_are_their_own_actors(nlp):
    text = ("Ugandan police dispersed a march in Kampala on Friday. The police said 40 people were held, "
            "and Uganda's foreign ministry summoned the Rwandan ambassador.")
    actors = actors_of(nlp, text)
    police = by_name(actors, "Ugandan police")
    assert (police.kind, police.country, police.sector) == ("organisation", "UGA", "COP")
    assert [m.text for m in police.mentions] == ["Ugandan police", "The police"]
    ministry = by_name(actors, "foreign ministry")
    assert (ministry.country, ministry.sector) == ("UGA", "GOV")


def test_officials_take_the_story_country_when_one_dominates(nlp):
    text = ("Kenyan police arrested 30 protesters in Nairobi. Kenya has seen weeks of unrest.\n\n"
            "Interior Minister Amos Kiprono said the police had acted lawfully.")
    person = by_name(actors_of(nlp, text), "Kiprono")
    assert (person.country, person.sector) == ("KEN", "GOV")


def test_no_story_country_when_two_compete(nlp):
    text = "Chad and Niger traded accusations. Defence Minister Idriss Saleh said talks would resume."
    assert by_name(actors_of(nlp, text), "Idriss Saleh").country is None


@pytest.mark.parametrize(("text", "fragment", "country"), [
    # a known person named by surname alone or spelt another way
    ("Gorbachev told reporters the reforms would go on.", "Gorbachev", "RUS"),
    ("Chancellor Kohl flew home on Sunday.", "Kohl", "DEU"),
    ("Gorbatchev told reporters the reforms would go on.", "Gorbachev", "RUS"),
    # a capital standing for its government
    ("Moscow rejected the proposal within hours.", "Russia", "RUS"),
    ("Rebels shelled Kabul overnight.", "Afghanistan", "AFG"),
    # a people in a state: coded by the state it lives in
    ("Ethnic Hungarians in Slovakia staged a rally.", "Hungarians", "SVK"),
    ("The Kurds of northern Iraq held a vote.", "Kurds", "IRQ"),
    ("Thousands of ethnic Serbs marched through Kosovo on Friday.", "Serbs", "XKX"),
    ("Bosnian Croats boycotted the vote.", "Bosnian Croats", "BIH"),
    # unnamed groups placed by a phrase or by the one country of their sentence
    ("Rebels in Chad attacked a convoy.", "Rebels", "TCD"),
    ("Students throughout Kenya boycotted classes.", "Students", "KEN"),
    ("Nigerian soldiers dispersed demonstrators near the stadium.", "demonstrators", "NGA"),
    # a state named by one of its parts, and two-word demonyms
    ("Turkish jets struck targets in northern Iraq.", "Iraq", "IRQ"),
    ("Serbian forces withdrew from Kosovo province.", "Kosovo", "XKX"),
    ("Sierra Leonean troops crossed the river.", "Sierra Leone", "SLE"),
    # a description takes the name in its apposition
    ("The main rebel group, the Lord's Resistance Army, rejected the offer.", "rebel group", "UGA"),
    # an unknown body in a sentence about one country is that country's
    ("The Taraba Farmers Association protested against Nigeria's new levy.", "Farmers Association", "NGA"),
])
def test_actor_country_from_general_rules(nlp, text, fragment, country):
    assert by_name(actors_of(nlp, text), fragment).country == country


@pytest.mark.parametrize(("text", "fragment"), [
    ("Chad and Niger traded accusations as demonstrators gathered.", "demonstrators"),
    ("Dozens of people were killed in the blast in Kenya.", "people"),
])
def test_unnamed_group_without_one_country_is_no_actor(nlp, text, fragment):
    assert not [a for a in actors_of(nlp, text) if fragment in a.name.lower()]


def test_a_real_name_near_a_state_is_no_misspelling(nlp):
    assert not [a for a in actors_of(nlp, "Columbia rose in the rankings.") if a.kind == "state"]


def test_capital_inside_a_name_is_not_the_state(nlp):
    actors = actors_of(nlp, "The Washington Post published the letter.")
    assert not [a for a in actors if a.kind == "state"]


def test_surname_shared_by_two_countries_stays_uncoded(nlp):
    # Hussein: a king of Jordan and a president of Iraq
    assert by_name(actors_of(nlp, "Hussein spoke to the crowd."), "Hussein").country is None


@pytest.mark.parametrize(("first", "second", "same"), [
    # one person spelt or transliterated two ways in two articles
    ("Local organiser Mohamed Qadiri spoke to the crowd.", "Muhammad Kadiri addressed the rally on Friday.", True),
    ("Dr. Anneliese Vogt chaired the hearing.", "Ms. Anneliese Vogt chaired the hearing.", True),
    ("Police said Ilya Sorokin was detained.", "The court freed Ilia Sorokin.", True),
    # two people who share a surname
    ("Senator Mark Adeyemi spoke first.", "Grace Adeyemi spoke first.", False),
])
def test_one_person_gets_one_key_across_articles(nlp, first, second, same):
    def key(text):
        return next(a.key for a in actors_of(nlp, text) if a.kind == "person")
    assert (key(first) == key(second)) is same


def test_keys_of_known_actors_and_state_organs(nlp):
    one = actors_of(nlp, "Kenyan police fired tear gas as Vladimir Putin spoke.")
    two = actors_of(nlp, "Kenya's police made arrests while Putin flew home.")
    assert by_name(one, "police").key == by_name(two, "police").key == "o:KEN:police"
    assert by_name(one, "Putin").key == by_name(two, "Putin").key == "vladimir_putin"


def test_surname_key_blocks_full_and_surname_only_mentions():
    from communique.actors.keys import person_key, surname_key
    assert surname_key(person_key("Musa Abu Marzuq")) == surname_key(person_key("Marzouk")) == "marzuk"
    assert surname_key("n:hamas") is None


@pytest.fixture()
def quill_kb(tmp_path):
    """An invented minister with dated roles, and two invented people sharing a surname."""
    (tmp_path / "persons.tsv").write_text(
        "id\tname\taliases\tcountry\tsector\taffiliation\trole\tas_of\tgender\n"
        "marta_quill\tMarta Quill\t\tNOR\tPTY\tNOR\t\t2025-10\tf\n"
        "anna_veltri\tAnna Veltri\t\tITA\tPTY\tITA\t\t2025-10\tf\n"
        "paolo_veltri\tPaolo Veltri\t\tITA\tBUS\tITA\t\t2025-10\tm\n", encoding="utf-8")
    (tmp_path / "tenures.tsv").write_text(
        "person\trole\tsector\taffiliation\tstart\tend\n"
        "marta_quill\tForeign Minister of Norway\tGOV\tNOR\t2014-02-01\t2019-06-30\n"
        "marta_quill\tMember of the Storting\tLEG\tNOR\t2009-10-01\t2014-02-01\n", encoding="utf-8")
    load_kb.cache_clear()
    yield (tmp_path,)
    load_kb.cache_clear()


@pytest.mark.parametrize(("published", "role", "sector"), [
    ("2010-05-02", "Member of the Storting", "LEG"),
    ("2016-03-10T09:00:00", "Foreign Minister of Norway", "GOV"),
    ("2021-06-01", "Former Foreign Minister of Norway", "PTY"),
    (None, "Former Foreign Minister of Norway", "PTY"),  # no date: as of the knowledge base
])
def test_a_known_person_takes_the_role_of_the_publication_date(nlp, quill_kb, published, role, sector):
    quill = by_name(actors_of(nlp, "Marta Quill spoke to reporters in Oslo.", kb_paths=quill_kb,
                              published=published), "Quill")
    assert (quill.role, quill.sector, quill.country) == (role, sector, "NOR")


def test_a_role_stated_in_the_text_wins(nlp, quill_kb):
    text = "Former Foreign Minister Marta Quill spoke to reporters in Oslo."
    quill = by_name(actors_of(nlp, text, kb_paths=quill_kb, published="2016-03-10"), "Quill")
    assert quill.sector == "ELI" and "Foreign Minister" in (quill.role or "")


def test_gendered_titles_keep_two_people_of_one_surname_apart(nlp, quill_kb):
    text = ("Anna Veltri and Paolo Veltri arrived in Rome on Monday. Mrs. Veltri spoke first, "
            "and Mr. Veltri answered questions later.")
    actors = actors_of(nlp, text, kb_paths=quill_kb)
    anna, paolo = by_name(actors, "Anna Veltri"), by_name(actors, "Paolo Veltri")
    assert len(anna.mentions) == 2 and len(paolo.mentions) == 2
    assert text[anna.mentions[1].start - 5:anna.mentions[1].start] == "Mrs. "
    assert text[paolo.mentions[1].start - 4:paolo.mentions[1].start] == "Mr. "


def test_shipped_tenures_follow_the_date(nlp):
    # a head of government's role is the one held on the publication day
    text = "Angela Merkel met the press in Berlin."
    assert by_name(actors_of(nlp, text, published="2010-01-05"), "Merkel").role == "Chancellor of Germany"
    assert by_name(actors_of(nlp, text, published="2023-01-05"), "Merkel").role == "Former Chancellor of Germany"


@pytest.mark.parametrize(("text", "not_actor"), [
    ("(BEGIN VIDEO CLIP)\n\nThe governor said the roads were open.", "BEGIN"),
    ("MAYOR WINS THIRD TERM\n\nVoters in the city backed the mayor again.", "MAYOR"),
    ("Doctors tracked the H7N9 strain in two provinces.", "H7N9"),
    ("Fishermen said the Tana River had flooded.", "Tana River"),
    ("Barges moved slowly up the river Danube on Friday.", "Danube"),
    ("Officials said Medicare would cover the new drug.", "Medicare"),
    ("NAIROBI — Lawmakers voted on the budget on Tuesday.", "Kenya"),
    ("The Secretary of State flew to Lima on Monday.", "State"),
])
def test_things_that_are_not_actors(nlp, text, not_actor):
    names = [a.name for a in actors_of(nlp, text)]
    assert not [n for n in names if not_actor in n], names


def test_a_surname_the_model_took_for_a_body_is_the_person(nlp):
    text = "Senator Rosa Delgado visited the plant. Delgado said the jobs would stay."
    actors = actors_of(nlp, text)
    people = [a for a in actors if a.kind == "person"]
    assert len(people) == 1 and len(people[0].mentions) == 2


def test_a_lone_first_name_joins_the_one_person_so_named(nlp):
    text = "Rosa Delgado and Tomas Ferreira met voters. Later, Rosa told the crowd she would run."
    rosa = by_name(actors_of(nlp, text), "Rosa Delgado")
    assert [m.text for m in rosa.mentions] == ["Rosa Delgado", "Rosa"]


@pytest.mark.parametrize(("text", "fragment", "country", "sector"), [
    ("Republican Representative Dale Whitcomb said the bill would pass.", "Whitcomb", "USA", "LEG"),
    ("Sen. Irene Castell (D-Ore.) voted against it.", "Castell", "USA", "LEG"),
    ("A Kenyan lawmaker said the vote was rigged.", "Kenyan lawmaker", "KEN", "LEG"),
    ("A Pakistani military spokesman denied the report.", "military spokesman", "PAK", "MIL"),
    ("Labour MP Helen Marsh called for an inquiry.", "Helen Marsh", "GBR", "LEG"),
])
def test_party_chamber_and_nationality_phrases_code_a_person(nlp, text, fragment, country, sector):
    person = by_name(actors_of(nlp, text), fragment)
    assert (person.kind, person.country, person.sector) == ("person", country, sector)


def test_unnamed_people_are_not_merged_by_their_description(nlp):
    text = "A Kenyan lawmaker said the vote was rigged. A Kenyan lawmaker from another party disagreed."
    assert len([a for a in actors_of(nlp, text) if a.name == "Kenyan lawmaker"]) == 2


def test_user_tenures_replace_the_shipped_ones(nlp, tmp_path):
    (tmp_path / "tenures.tsv").write_text("person\trole\tsector\taffiliation\tstart\tend\n"
                                          "angela_merkel\tSpecial Envoy for Rivers\tGOV\tDEU\t2014-01-01\t\n",
                                          encoding="utf-8")
    load_kb.cache_clear()
    text = "Angela Merkel met the press in Berlin."
    assert by_name(actors_of(nlp, text, kb_paths=(tmp_path,), published="2014-03-10"),
                   "Merkel").role == "Special Envoy for Rivers"
    # the shipped chancellorship is gone: before the user's tenure she is the row's party politician
    early = by_name(actors_of(nlp, text, kb_paths=(tmp_path,), published="2010-03-10"), "Merkel")
    assert early.role is None and early.sector == "PTY"
    load_kb.cache_clear()


def test_a_capital_where_something_happens_is_a_place_not_its_state(nlp):
    assert not [a for a in actors_of(nlp, "The two ministers met in Oslo on Monday.") if a.kind == "state"]
    assert by_name(actors_of(nlp, "Oslo rejected the offer on Monday."), "Norway").kind == "state"


def test_a_bare_surname_the_model_left_untagged_joins_the_person_named_in_full(nlp):
    text = ("Senator Marta Kellerby questioned the bank's chief, Owen Pradd, on Tuesday. The hearing grew "
            "tense. “Is the bank too big to run?” Kellerby demanded. Pradd said on Wednesday that the "
            "lowest-paid staff were not to blame.")
    actors = actors_of(nlp, text)
    assert [m.text for m in by_name(actors, "Pradd").mentions] == ["Owen Pradd", "Pradd"]
    assert [m.text for m in by_name(actors, "Marta Kellerby").mentions] == ["Marta Kellerby", "Kellerby"]


def test_transcript_labels_are_mentions_of_the_people_introduced(nlp):
    text = ("Host Peter Walsh spoke with Senator Gail Morrow on Sunday.\n\nWALSH: Will you back down?\n\n"
            "MORROW: No. We will not back down.")
    actors = actors_of(nlp, text)
    assert [m.text for m in by_name(actors, "Walsh").mentions] == ["Peter Walsh", "WALSH"]
    assert [m.text for m in by_name(actors, "Morrow").mentions] == ["Gail Morrow", "MORROW"]


def test_a_full_name_does_not_join_a_person_through_a_shared_surname(nlp):
    text = ("Governor Ansel Wickett met the union on Monday.\n\n"
            "Wickett has said about 30 people have asked for the job. Dora Wickett, his sister, disagreed.")
    actors = actors_of(nlp, text)
    assert [m.text for m in by_name(actors, "Ansel").mentions] == ["Ansel Wickett", "Wickett"]
    assert [m.text for m in by_name(actors, "Dora").mentions] == ["Dora Wickett"]


def test_a_bare_surname_two_people_share_is_left_alone(nlp):
    text = ("Senator Owen Pradd and his sister, Lena Pradd, questioned the bank's chief on Tuesday. The hearing "
            "grew tense. Pradd said on Wednesday that the lowest-paid staff were not to blame.")
    actors = actors_of(nlp, text)
    for person in ("Owen Pradd", "Lena Pradd"):
        assert [m.text for m in by_name(actors, person).mentions] == [person]


@pytest.mark.parametrize(("text", "full"), [
    # tagged as a place
    ("Governor Terrence Hallorand met the union on Monday. In the capital, Hallorand has said the deal is done.",
     "Terrence Hallorand"),
    # tagged as a body
    ("Chief executive Odell Farrand spoke on Monday. Farrand said the firm would sell its mines.",
     "Odell Farrand"),
    # a name with an inner capital, tagged as a body
    ("Governor Terrence McCandless spoke on Monday. The Democratic National Convention cheered when McCandless "
     "walked in the room.", "Terrence McCandless"),
    # a namesake introduced only later does not make the earlier bare surname ambiguous
    ("Senator Rhoda Vantreece met the union on Monday. Vantreece beamed and asked the crowd to welcome the "
     "mayor. Later her cousin Tom Vantreece spoke.", "Rhoda Vantreece"),
])
def test_a_bare_surname_the_model_tagged_otherwise_is_the_person_named_before(nlp, text, full):
    actors = actors_of(nlp, text)
    surname = full.split()[-1]
    assert [m.text for m in by_name(actors, full).mentions] == [full, surname]
    assert not [a for a in actors if a.name == surname]
