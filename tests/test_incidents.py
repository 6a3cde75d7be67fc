"""Incidents: one act, every report of it, in one article and across outlets; stable, incremental, rebuildable."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from communique import extract
from communique.incidents import article_reports, block_keys, document_facts, same_act, same_act_within, score
from communique.records import Actor, Article, Document, Event, EventDate, EventPlace, Figure, Place, Span
from communique.store import Store

DATA = Path(__file__).parent / "data" / "incidents"

# actors by short name: (name, kind, country, kb id, affiliation short name)
ACTORS = {
    "fidan": ("Hakan Fidan", "person", "TUR", "hakan_fidan", "turkey"),
    "turkey": ("Turkey", "state", "TUR", "TUR", None),
    "araghchi": ("Abbas Araghchi", "person", "IRN", "abbas_araghchi", "iran"),
    "iran": ("Iran", "state", "IRN", "IRN", None),
    "iraq": ("Iraq", "state", "IRQ", "IRQ", None),
    "police": ("police", "organisation", "GEO", None, None),
    "protesters": ("protesters", "people", "GEO", None, None),
    "gunmen": ("gunmen", "organisation", "NGA", None, None),
    # two made-up envoys of one state, both in the knowledge base
    "vell": ("Dario Vell", "person", "IRN", "dario_vell", "iran"),
    "sorel": ("Mina Sorel", "person", "IRN", "mina_sorel", "iran"),
    "tarin": ("Omar Tarin", "person", "IRQ", "omar_tarin", "iraq"),
}
PLACES = {"Ankara": (323786, 39.92, 32.85, "TR"), "Tehran": (112931, 35.69, 51.42, "IR"),
          "Tbilisi": (611717, 41.69, 44.83, "GE"), "Gusau": (2339354, 12.17, 6.66, "NG")}


def report(article_id: str, *, source: str | None, published: str, events: list[dict],
           url: str | None = None) -> Document:
    """A hand-built article: one sentence per event, the actors it names, dates and places as given.

    Each event dict has type, cameo, source, target (ACTORS names or None), and optionally date
    ("2025-02-10", or None for the publication date standing in), place, trigger, words, modality,
    figures [(kind, value, qualifier)].
    """
    text, spans = "", []
    for e in events:
        sentence = e.get("words", f"{e.get('trigger', 'met')} {e['type'].lower()}") + ". "
        spans.append(Span(len(text), len(text) + len(sentence) - 1, sentence[:-1]))
        text += sentence
    names = sorted({n for e in events for n in (e.get("source"), e.get("target")) if n}
                   | {ACTORS[n][4] for e in events for n in (e.get("source"), e.get("target"))
                      if n and ACTORS[n][4]})
    ids = {n: f"a{i + 1}" for i, n in enumerate(names)}
    actors = tuple(Actor(ids[n], ACTORS[n][0], ACTORS[n][1], ACTORS[n][2], None,
                         ids.get(ACTORS[n][4] or ""), kb_id=ACTORS[n][3]) for n in names)
    places = tuple(Place(f"p{i}", name, *PLACES[name], feature="city")
                   for i, name in enumerate(sorted({e["place"] for e in events if e.get("place") in PLACES})))
    evs = []
    for i, (e, sp) in enumerate(zip(events, spans, strict=True)):
        day = e.get("date")
        date = EventDate(day, "day", "on the day") if day else EventDate(published[:10], "day", None, True)
        where = e.get("place")
        # a place not in PLACES is one the gazetteer does not know: a name only
        place = EventPlace(where, *PLACES.get(where, (None, None, None, None))) if where else None
        trig = e.get("trigger", "met")
        evs.append(Event(f"e{i + 1}", e["type"], e.get("mode"), e.get("cameo", "040"), 1.0, 1,
                         ids.get(e.get("source") or ""), ids.get(e.get("target") or ""), date, place, False, 0.9,
                         sp, trigger=Span(sp.start, sp.start + len(trig), trig) if sp.text.startswith(trig) else None,
                         modality=e.get("modality", "asserted"),
                         figures=tuple(Figure(k, v, q, sp) for k, v, q in e.get("figures", ()))))
    article = Article(article_id, f"report {article_id}", published, source, url, "en", text.strip())
    return Document(article, actors, tuple(evs), places=places)


def facts(doc: Document) -> list:
    from communique.store.rows import actor_key

    return document_facts(doc, {a.id: actor_key(a) for a in doc.actors})


MEETING = {"type": "CONSULT", "source": "fidan", "target": "araghchi", "date": "2025-02-10", "place": "Ankara",
           "trigger": "met", "words": "met Iranian Foreign Minister Abbas Araghchi in Ankara for talks on Syria"}


# -- the decision ------------------------------------------------------------------------------------------

def test_one_meeting_reported_by_two_outlets_in_their_own_words_is_one_act() -> None:
    a = facts(report("a", source="Wire One", published="2025-02-10T18:00", events=[MEETING]))[0]
    b = facts(report("b", source="Daily Two", published="2025-02-11T07:00", events=[{
        **MEETING, "source": "araghchi", "target": "turkey", "trigger": "held",  # crossed sides, the state
        "words": "held talks with Turkey's top diplomat Hakan Fidan in Ankara about Syria"}]))[0]
    assert set(block_keys(a)) & set(block_keys(b))
    assert same_act(a, b) and same_act(b, a) and score(a, b) == score(b, a)


@pytest.mark.parametrize(("change", "why"), [
    ({"date": "2025-02-24", "place": "Tehran"}, "the same two ministers, two weeks later, elsewhere"),
    ({"date": "2025-02-13"}, "same dyad and place, three days later"),
    ({"target": "iraq", "words": "met Iraq's foreign minister in Ankara for talks on water"},
     "same day and place, another counterpart"),
    ({"type": "ASSAULT", "cameo": "190"}, "another family of act"),
])
def test_look_alike_acts_stay_apart(change: dict, why: str) -> None:
    a = facts(report("a", source="Wire One", published="2025-02-10T18:00", events=[MEETING]))[0]
    b = facts(report("b", source="Daily Two", published="2025-02-25T09:00", events=[{**MEETING, **change}]))[0]
    assert not same_act(a, b), why


def visit(article: str, outlet: str, envoy: str, name: str, asked: str | None = None, again: bool = False) -> Document:
    """A host receiving an envoy in Ankara on one day; a later sentence gives a request, its asker
    unnamed ("he asked Turkey ...") unless `asked` names one; `again`: another outlet's wording."""
    meeting = (f"hosted envoy {name} in Ankara for talks on Syria and on trade" if again else
               f"received visiting envoy {name} in Ankara for talks on trade and Syria")
    request = ("asked Turkey to reopen border crossings to trade" if again else
               "asked Turkey to reopen the border crossings for trade")
    return report(article, source=outlet, published="2025-02-10T18:00", events=[
        {**MEETING, "target": envoy, "trigger": "received", "words": meeting},
        {"type": "REQUEST", "cameo": "020", "source": asked, "target": "turkey", "date": "2025-02-10",
         "trigger": "asked", "words": request}])


def test_one_host_meeting_two_envoys_of_one_state_on_one_day_is_two_acts(tmp_path: Path) -> None:
    # the same host, city, day and wording; the counterparts are two known people of one country
    one, two = visit("a", "Wire One", "vell", "Dario Vell"), visit("b", "Daily Two", "sorel", "Mina Sorel")
    assert not same_act(facts(one)[0], facts(two)[0]) and not same_act(facts(two)[0], facts(one)[0])
    again = visit("c", "Gazette", "vell", "Dario Vell", again=True)  # another outlet's report of the first visit
    assert same_act(facts(one)[0], facts(again)[0])
    with Store(tmp_path / "s.duckdb") as store:
        for doc in (one, two, again):
            store.add(doc)
        meetings = {e["article_id"]: e["incident_id"] for e in store.events(type="CONSULT", min_confidence=0)}
    assert meetings["a"] == meetings["c"] != meetings["b"]


def test_a_side_one_story_leaves_unnamed_is_not_filled_by_an_actor_it_never_names(tmp_path: Path) -> None:
    # one story's request has no asker; another story's has its own envoy, from a state the first never names
    one = visit("a", "Wire One", "vell", "Dario Vell")
    other = visit("b", "Daily Two", "tarin", "Omar Tarin", asked="tarin")
    assert not same_act(facts(one)[1], facts(other)[1])
    named = visit("c", "Gazette", "vell", "Dario Vell", asked="vell", again=True)  # the first envoy's: it may be
    assert same_act(facts(one)[1], facts(named)[1])
    with Store(tmp_path / "s.duckdb") as store:
        for doc in (one, other, named):
            store.add(doc)
        by_article: dict[str, set[str]] = {}
        for ref, iid in assignment(store).items():
            by_article.setdefault(ref.split("/")[0], set()).add(iid)
    assert not by_article["a"] & by_article["b"] and by_article["a"] == by_article["c"]


def test_look_alike_visits_make_the_same_incidents_in_any_order(tmp_path: Path) -> None:
    docs = [visit("a", "Wire One", "vell", "Dario Vell"), visit("b", "Daily Two", "sorel", "Mina Sorel"),
            visit("c", "Gazette", "vell", "Dario Vell", again=True),
            visit("d", "Daily Two", "tarin", "Omar Tarin", asked="tarin")]
    orders = [docs, docs[::-1], [docs[2], docs[0], docs[3], docs[1]], [docs[1], docs[3], docs[0], docs[2]]]
    seen = []
    for n, order in enumerate(orders):
        with Store(tmp_path / f"o{n}.duckdb") as store:
            for doc in order:
                assert store.add(doc)
            groups = partition(store)
            store.reincident()
            assert partition(store) == groups
            seen.append(groups)
    assert all(g == seen[0] for g in seen)
    assert len(seen[0]) < sum(len(d.events) for d in docs)


def test_a_report_keeps_the_place_only_a_later_sentence_names() -> None:
    # the lede gives the toll and no place; a later sentence places the raid, by a name the gazetteer
    # lacks. The report keeps that name, so a school raid the same day in a known town is another act.
    raid = report("a", source="Wire One", published="2025-01-12T09:00", events=[
        {"type": "ASSAULT", "cameo": "190", "source": "gunmen", "target": None, "date": "2025-01-11",
         "trigger": "killed", "words": "gunmen killed at least nine villagers in a night raid on a farming village",
         "figures": [("killed", 9, "at_least")]},
        {"type": "ASSAULT", "cameo": "190", "source": "gunmen", "target": None, "date": "2025-01-11",
         "place": "Dutsen Hills", "trigger": "attacked", "words": "gunmen raided the village in Dutsen Hills"}])
    [one] = article_reports(facts(raid))
    assert one.facts.place == "Dutsen Hills"
    school = report("b", source="Daily Two", published="2025-01-12T10:00", events=[
        {"type": "ASSAULT", "cameo": "181", "source": "gunmen", "target": None, "date": "2025-01-11",
         "place": "Gusau", "trigger": "abducted", "words": "gunmen abducted pupils at night from a school in Gusau"}])
    assert not same_act(one.facts, facts(school)[0])


def test_one_outlets_stories_on_consecutive_days_are_two_acts_unless_they_agree_closely() -> None:
    day1 = {"type": "COERCE", "cameo": "173", "mode": "arrest", "source": "police", "target": "protesters",
            "date": "2025-03-03", "place": "Tbilisi", "trigger": "arrested",
            "words": "arrested dozens of protesters outside parliament in Tbilisi"}
    day2 = {**day1, "date": "2025-03-04", "words": "arrested protesters again outside parliament in Tbilisi"}
    a = facts(report("a", source="City Post", published="2025-03-03T22:00", events=[day1]))[0]
    b = facts(report("b", source="City Post", published="2025-03-04T22:00", events=[day2]))[0]
    other = facts(report("c", source="Other Wire", published="2025-03-04T08:00", events=[day1]))[0]
    assert not same_act(a, b)
    assert same_act(a, other)


def test_within_an_article_the_later_mention_joins_the_dated_act_but_an_earlier_meeting_does_not() -> None:
    doc = report("a", source="Wire One", published="2025-02-10T18:00", events=[
        MEETING,
        {"type": "CONSULT", "source": "fidan", "target": "araghchi", "trigger": "discussed",
         "words": "discussed trade"},  # no date of its own: the publication date stands in
        {"type": "CONSULT", "source": None, "target": None, "trigger": "talks", "words": "talks lasted two hours"},
        {"type": "CONSULT", "source": "fidan", "target": "araghchi", "date": "2024-11-01", "trigger": "met",
         "words": "met last in November"},
    ])
    meet, later, bare, earlier = facts(doc)
    assert same_act_within(meet, later) and same_act_within(meet, bare)
    assert not same_act_within(meet, earlier) and not same_act_within(later, earlier)


# -- the store ------------------------------------------------------------------------------------------

def partition(store: Store) -> set[frozenset[str]]:
    """The incidents as sets of event refs, whatever their ids."""
    groups: dict[str, set[str]] = {}
    for e in store.events(min_confidence=0, limit=None):
        groups.setdefault(e["incident_id"], set()).add(f"{e['article_id']}/{e['id']}")
    return {frozenset(g) for g in groups.values()}


def assignment(store: Store) -> dict[str, str]:
    return {f"{e['article_id']}/{e['id']}": e["incident_id"] for e in store.events(min_confidence=0, limit=None)}


def meeting_reports() -> list[Document]:
    return [
        report("a", source="Wire One", published="2025-02-10T18:00", url="https://one.example/a", events=[MEETING]),
        report("b", source="Daily Two", published="2025-02-11T07:00", events=[
            {**MEETING, "source": "araghchi", "target": "turkey", "trigger": "held",
             "words": "held talks with Turkey's top diplomat Hakan Fidan in Ankara about Syria"}]),
        report("c", source=None, published="2025-02-11T09:00", url="https://www.three.example/c", events=[
            {**MEETING, "words": "met Araghchi in Ankara for Syria talks",
             "figures": []},
            {"type": "CONSULT", "source": "fidan", "target": "araghchi", "date": "2025-02-24", "place": "Tehran",
             "trigger": "will", "words": "will meet again in Tehran later this month", "modality": "future"}]),
    ]


def test_reports_of_one_meeting_make_one_incident_with_counts(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        for doc in meeting_reports():
            assert store.add(doc)
        rows = store.incidents(min_confidence=0, limit=None)
        meeting = next(r for r in rows if r["date"] == "2025-02-10")
        assert (meeting["num_mentions"], meeting["num_articles"], meeting["num_sources"]) == (3, 3, 3)
        assert (meeting["type"], meeting["place"], meeting["source_key"], meeting["target_key"]) == (
            "CONSULT", "Ankara", "hakan_fidan", "abbas_araghchi")
        assert meeting["first_report"] == "2025-02-10T18:00" and meeting["last_report"] == "2025-02-11T09:00"
        assert len(rows) == 2  # the meeting announced for Tehran is another act
        reports = store.incident_articles([meeting["id"]])[meeting["id"]]
        assert [(r["id"], r["events"]) for r in reports] == [("a", ["e1"]), ("b", ["e1"]), ("c", ["e1"])]
        assert store.incidents(dyad="Abbas Araghchi,Hakan Fidan", since="2025-02-11", min_confidence=0) == [
            r for r in rows if r["date"] == "2025-02-24"]


def test_counts_agree_with_the_event_rows(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        for doc in meeting_reports():
            store.add(doc)
        for inc in store.incidents(min_confidence=0, limit=None):
            events = store.events(incident=inc["id"], min_confidence=0, limit=None)
            assert inc["num_mentions"] == len(events)
            assert inc["num_articles"] == len({e["article_id"] for e in events})


def test_adding_again_changes_no_incident(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        for doc in meeting_reports():
            store.add(doc)
        before = (store.incidents(min_confidence=0, limit=None), assignment(store))
        for doc in meeting_reports():
            assert store.add(doc) is False
        assert (store.incidents(min_confidence=0, limit=None), assignment(store)) == before


def test_a_report_that_links_two_incidents_merges_them_and_the_younger_id_lives_on_as_an_alias(tmp_path: Path) -> None:
    # two terse reports that do not say enough to be linked to each other; a full one links both
    left = report("l", source="Wire One", published="2025-02-10T18:00", events=[
        {"type": "CONSULT", "source": "fidan", "target": None, "date": "2025-02-10", "place": "Ankara",
         "trigger": "hosted", "words": "hosted talks"}])
    right = report("r", source="Daily Two", published="2025-02-11T08:00", events=[
        {"type": "CONSULT", "source": "araghchi", "target": None, "date": "2025-02-10", "place": "Ankara",
         "trigger": "visited", "words": "visited Ankara"}])
    full = report("f", source="Gazette", published="2025-02-11T10:00", events=[
        {"type": "CONSULT", "source": "araghchi", "target": "fidan", "date": "2025-02-10", "place": "Ankara",
         "trigger": "visited", "words": "visited Ankara and hosted talks with Fidan"}])
    fl, fr, ff = facts(left)[0], facts(right)[0], facts(full)[0]
    assert not same_act(fl, fr) and same_act(ff, fl) and same_act(ff, fr)
    with Store(tmp_path / "s.duckdb") as store:
        store.add(left)
        store.add(right)
        older, younger = store.events(article="l")[0]["incident_id"], store.events(article="r")[0]["incident_id"]
        assert older != younger
        store.add(full)
        assert set(assignment(store).values()) == {older}
        merged = store.incident(younger)
        assert merged["id"] == older and merged["asked_for"] == younger and merged["aliases"] == [younger]
        assert merged["num_articles"] == 3 and len(merged["reports"]) == 3


def test_rebuild_gives_back_the_same_incidents_and_ids(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        for doc in meeting_reports():
            store.add(doc)
        before, rows = assignment(store), store.incidents(min_confidence=0, limit=None)
        done = store.reincident()
        assert done["incidents"] == len(rows) and done["articles"] == 3
        assert assignment(store) == before
        assert [{k: v for k, v in r.items()} for r in store.incidents(min_confidence=0, limit=None)] == rows


def test_figures_are_kept_per_report_and_reconciled(tmp_path: Path) -> None:
    attack = {"type": "ASSAULT", "cameo": "190", "source": "gunmen", "target": None, "date": "2025-01-12",
              "place": "Gusau", "trigger": "killed", "words": "killed villagers near Gusau"}
    docs = [report(n, source=n.upper(), published="2025-01-12T20:00",
                   events=[{**attack, "figures": f, "words": f"{attack['words']} ({n})"}])
            for n, f in [("x", [("killed", 5, "at_least")]), ("y", [("killed", 7, None), ("injured", 24, "vague")]),
                         ("z", [("killed", 5, None)]), ("w", [("killed", 4, None), ("killed", 7, None)])]]
    with Store(tmp_path / "s.duckdb") as store:
        for doc in docs:
            store.add(doc)
        [inc] = store.incidents(min_confidence=0)
        assert inc["figures"] == {"killed": {"lowest": 5, "highest": 7, "most_reported": 5, "reports": 4},
                                  "injured": {"lowest": 24, "highest": 24, "most_reported": 24, "reports": 1}}
        full = store.incident(inc["id"])
        by_report = {r["article_id"]: r["figures"] for r in full["reports"]}
        assert by_report["w"]["killed"]["value"] == 7 and by_report["y"]["injured"]["qualifier"] == "vague"
        assert by_report["x"]["killed"]["spans"][0]["text"] == "killed villagers near Gusau (x)."
        assert store.counts()["figures"] == 6


# -- real reports, end to end ---------------------------------------------------------------------------

def dev_reports() -> list[dict]:
    return [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def dev_docs() -> list[Document]:
    return [extract(r["text"], title=r.get("title"), published=r["published"], url=r.get("url"),
                    source=r.get("source"), origin=r["url"]) for r in dev_reports()]


def test_incremental_ingest_in_any_order_equals_a_rebuild(dev_docs: list[Document], tmp_path: Path) -> None:
    orders = [list(dev_docs), list(reversed(dev_docs))]
    shuffled = list(dev_docs)
    random.Random(7).shuffle(shuffled)
    orders.append(shuffled)
    seen = []
    for n, docs in enumerate(orders):
        with Store(tmp_path / f"order{n}.duckdb") as store:
            for doc in docs:
                assert store.add(doc)
            groups = partition(store)
            ids = assignment(store)
            store.reincident()
            assert partition(store) == groups and assignment(store) == ids
            seen.append(groups)
    assert seen[0] == seen[1] == seen[2]
    assert len(seen[0]) < sum(len(d.events) for d in dev_docs)  # reports were linked at all


def test_the_seed_meeting_is_one_incident_and_a_second_outlet_joins_it(seed_doc: Document, tmp_path: Path) -> None:
    consult = [e.id for e in seed_doc.events if e.type == "CONSULT"]
    assert len(consult) >= 2
    second = extract((DATA / "seed-second-report.txt").read_text(encoding="utf-8"),
                     title="Russia's Bogdanov hosts Hamas delegation in Moscow",
                     published="2024-06-24T18:30:00+03:00", source="Example Wire",
                     url="https://example.org/wire/bogdanov-hamas", origin="seed-second-report.txt")
    with Store(tmp_path / "s.duckdb") as store:
        store.add(seed_doc)
        ids = {e["incident_id"] for e in store.events(article=seed_doc.article.id, type="CONSULT", min_confidence=0)}
        assert len(ids) == 1
        [iid] = ids
        assert store.incident(iid)["num_sources"] == 1
        store.add(second)
        inc = store.incident(iid)
        assert inc["id"] == iid and inc["num_sources"] == 2 and inc["num_articles"] == 2
        joined = [e for e in store.events(article=second.article.id, min_confidence=0) if e["incident_id"] == iid]
        assert joined and {e["type"] for e in joined} == {"CONSULT"}
        # the passing mention of earlier visits ("have visited Moscow several times since ... October") is not it
        assert all(e["incident_id"] != iid for e in store.events(article=second.article.id, min_confidence=0)
                   if "several times" in e["evidence"])


def test_candidates_are_found_whatever_characters_their_ids_hold(tmp_path: Path) -> None:
    # the candidate lookups quote ids and keys as SQL literals (so an index answers them): a quote must survive
    docs = [Document(replace(d.article, id=f"it's-{d.article.id}"), d.actors, d.events, places=d.places)
            for d in meeting_reports()[:2]]
    with Store(tmp_path / "s.duckdb") as store:
        for doc in docs:
            store.add(doc)
        assert len(set(assignment(store).values())) == 1


def test_a_store_from_before_incidents_gets_them_when_migrated(tmp_path: Path) -> None:
    from test_migrations import v1_store

    path = v1_store(tmp_path)
    with Store(path) as store:
        events = store.events(min_confidence=0, limit=None)
        assert events and all(e["incident_id"] for e in events)
        assert sum(i["num_mentions"] for i in store.incidents(min_confidence=0, limit=None)) == len(events)



# -- evaluation -----------------------------------------------------------------------------------------

def test_pairwise_and_bcubed_scorers() -> None:
    from communique.evaluate.incidents import bcubed, pairwise

    ids = ["a", "b", "c", "d"]
    gold = {"a": {1}, "b": {1}, "c": {1, 2}, "d": {2}}  # c also mentions incident 2 in passing
    pred = {"a": {"x"}, "b": {"y"}, "c": {"x", "z"}, "d": {"z"}}
    measures, counts, wrong = pairwise(ids, gold, pred)
    assert counts == {"tp": 2, "fp": 0, "fn": 2}
    assert measures["precision"] == 1.0 and measures["recall"] == 0.5
    assert sorted(wrong) == [("a", "b", False), ("b", "c", False)]
    b3 = bcubed(ids, {"a": 1, "b": 1, "c": 1, "d": 2}, {"a": "x", "b": "y", "c": "x", "d": "z"})
    assert b3["precision"] == 1.0 and abs(b3["recall"] - (2 / 3 + 1 / 3 + 2 / 3 + 1) / 4) < 1e-9


def test_evaluate_incidents_scores_us_beside_both_baselines(tmp_path: Path) -> None:
    from communique.evaluate import run
    from communique.settings import Settings

    rows = [r for r in dev_reports() if r["incident"] in ("tbilisi-mar2", "tbilisi-mar3")]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report = run("incidents", gold=gold, settings=Settings(), show_errors=5)
    assert report["n"] == len(rows) == 4
    assert set(report["baselines"]) == {"exact duplicates (GDELT)", "type+dyad+date"}
    assert report["baselines"]["exact duplicates (GDELT)"]["pairwise/recall"] == 0.0
    assert report["counts"]["gold incidents"] == 2
    assert all(0.0 <= v <= 1.0 for v in report["measures"].values())
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(Exception, match="missing incident"):
        run("incidents", gold=bad, settings=Settings())


# -- clustering and naming -------------------------------------------------------------------------------

def test_a_terse_report_cannot_chain_two_acts_into_one() -> None:
    from communique.incidents.cluster import clusters

    iran = facts(report("a", source="Wire One", published="2025-02-10T18:00", events=[MEETING]))[0]
    iraq = facts(report("b", source="Daily Two", published="2025-02-10T19:00", events=[
        {**MEETING, "target": "iraq", "words": "received Iraq's foreign minister in Ankara on water"}]))[0]
    terse = facts(report("c", source="Brief", published="2025-02-11T09:00", events=[
        {**MEETING, "target": None, "words": "met in Ankara on February 10"}]))[0]
    # the terse report links to both, but Iran's and Iraq's ministers are never one counterpart
    links = [("a/e1", "c/e1", 5.0), ("b/e1", "c/e1", 4.0)]
    groups = clusters({"a/e1": iran, "b/e1": iraq, "c/e1": terse}, links)
    assert groups == [["a/e1", "c/e1"], ["b/e1"]]
    # the order links are given in does not matter, only their strength
    assert clusters({"a/e1": iran, "b/e1": iraq, "c/e1": terse}, links[::-1]) == groups


def test_naming_keeps_the_oldest_id_and_never_gives_one_id_twice() -> None:
    from communique.incidents import incident_id
    from communique.incidents.cluster import name

    ages = {"iOLD": (1, "iOLD"), "iNEW": (2, "iNEW"), incident_id("r1"): (0, incident_id("r1"))}

    def age(i: str) -> tuple:
        return ages.get(i, (9, i))

    # two stored incidents joined by a new report: the older id stays, the other becomes its alias
    joined = name([["n1", "r1", "r2"]], {"r1": "iOLD", "r2": "iNEW"}, age, incident_id)
    assert joined.ids == ["iOLD"] and joined.aliases == {"iNEW": "iOLD"} and not joined.created
    # a split: the senior part keeps the id; the other may not take the id its first report founded
    # when that id is the one kept, and is named after its next report instead
    split = name([["r1"], ["r2", "r3"]], {"r1": incident_id("r1"), "r2": incident_id("r1"), "r3": incident_id("r1")},
                 age, incident_id)
    assert split.ids[0] == incident_id("r1") and split.ids[1] == incident_id("r2") and split.created == [split.ids[1]]
    assert len(set(split.ids)) == 2
