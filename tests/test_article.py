"""article/: scraped text and HTML -> Article (title, dateline, furniture, body, offsets, language, id)."""

from __future__ import annotations

import pytest
from conftest import shared_path

from communique.article import article_id, read_article
from communique.article.furniture import classify_line, find_credit
from communique.article.html import parse_html
from communique.article.language import detect_language
from communique.errors import InputError
from communique.records import Article, RawDoc
from communique.settings import Settings

SETTINGS = Settings()


def read(text: str, fmt: str = "text", **meta: str) -> Article:
    return read_article(RawDoc(origin="test", content=text, format=fmt, meta=meta), SETTINGS)


def furniture(article: Article) -> set[tuple[str, str]]:
    return {(f.kind, f.text) for f in article.furniture}


def page(*blocks: str) -> str:
    """A scraped page: blocks separated by blank lines (a block may hold single-newline lines)."""
    return "\n\n".join(blocks) + "\n"


STRIKE = page(
    "The Harbour Times",
    "Dockers end three-day strike in Valdora",
    "25 June 2024 10:11 GMT",
    "By Jane Doe, Reuters",
    "Dockers march past the harbour gates on 12 May 2023 (Photo: Ana Ruiz/AFP)",
    "Port workers in Valdora ended a three-day strike on Tuesday after the transport ministry agreed to "
    "review their pay, union leaders said.",
    "Advertisement",
    "On 3 June 2024 the union's secretary, Marco Lenz, said: \"We will not return until the ministry "
    "signs.\" He repeated the demand at a rally.",
    "Share this article\nFollow us on Twitter @harbourtimes",
)

GRAIN = page(
    "Ministers meet in Brussels over grain deal\nUpdated 3 hours ago\n"
    "Farm ministers arrive for talks on grain imports in Brussels. REUTERS/Yves Herman",
    "Farm ministers from five member states met in Brussels on Wednesday to discuss limits on grain imports "
    "that farmers say are pushing down prices at home.",
    "Related: Farmers block roads near the border for a second day",
    "\"We cannot let our farmers pay for this war,\" the Polish minister told reporters after the meeting, "
    "adding that talks would continue on 14 July.",
    "The vote is set for 14 July.",
    "Read more: What the grain corridor means for Black Sea ports\n"
    "© 2024 Example Media. All rights reserved.",
)

ELECTION = page(
    "Opposition wins the vote in Lindmark",
    "Published: Tuesday, 25 June 2024",
    "Voters queue at a polling station in the capital. Photo by Erik Sand",
    "The opposition Green Alliance won Sunday's parliamentary election in Lindmark, the electoral "
    "commission said on Monday, ending twelve years of centre-right rule.",
    "Also read: Who is Lindmark's next prime minister?",
    "Turnout reached 71 percent, the highest since the election of 2 October 1994, the commission said "
    "in a statement.",
    "Subscribe to our newsletter for daily updates",
)

SUMMIT = page(
    "Leaders agree to meet again in Geneva\nPosted on March 3, 2023 at 2:05 pm\nBy Omar Haddad and Lena Fischer",
    "Delegations from both countries said on Friday that their leaders would meet again in Geneva next month "
    "to continue talks on the border dispute.",
    "\"Nobody expected a deal on 3 March,\" one diplomat said, \"but the tone has changed.\"",
    "See also: A timeline of the border dispute",
)

NO_HEADLINE = ("Health officials in the region have confirmed that a new strain of avian flu has been found in "
               "turkeys on a farm near the coast. Officials also say that the European Commission has been "
               "notified.\n\nIn April 2006 the virus was found in the remains of a wild swan in a nearby "
               "village, officials said.")


@pytest.mark.parametrize("text, title, published, expected_furniture, body_start, body_end", [
    (STRIKE, "Dockers end three-day strike in Valdora", "2024-06-25T10:11+00:00",
     {("tagline", "The Harbour Times"), ("byline", "By Jane Doe, Reuters"),
      ("caption", "Dockers march past the harbour gates on 12 May 2023 (Photo: Ana Ruiz/AFP)"),
      ("credit", "Ana Ruiz/AFP"), ("other", "Advertisement"), ("share", "Share this article"),
      ("share", "Follow us on Twitter @harbourtimes")},
     "Port workers in Valdora", "He repeated the demand at a rally."),
    (GRAIN, "Ministers meet in Brussels over grain deal", None,
     {("caption", "Farm ministers arrive for talks on grain imports in Brussels. REUTERS/Yves Herman"),
      ("credit", "REUTERS/Yves Herman"),
      ("related", "Related: Farmers block roads near the border for a second day"),
      ("related", "Read more: What the grain corridor means for Black Sea ports"),
      ("other", "© 2024 Example Media. All rights reserved."), ("other", "Updated 3 hours ago")},
     "Farm ministers from five member states", "The vote is set for 14 July."),
    (ELECTION, "Opposition wins the vote in Lindmark", "2024-06-25",
     {("caption", "Voters queue at a polling station in the capital. Photo by Erik Sand"),
      ("credit", "Erik Sand"), ("related", "Also read: Who is Lindmark's next prime minister?"),
      ("share", "Subscribe to our newsletter for daily updates")},
     "The opposition Green Alliance", "the commission said in a statement."),
    (SUMMIT, "Leaders agree to meet again in Geneva", "2023-03-03T14:05",
     {("byline", "By Omar Haddad and Lena Fischer"),
      ("related", "See also: A timeline of the border dispute")},
     "Delegations from both countries", "\"but the tone has changed.\""),
    (NO_HEADLINE, None, None, set(), "Health officials in the region", "village, officials said."),
])
def test_plain_text_furniture(text: str, title: str | None, published: str | None,
                              expected_furniture: set[tuple[str, str]], body_start: str, body_end: str) -> None:
    article = read(text)
    assert article.title == title
    assert article.published == published
    assert expected_furniture <= furniture(article)
    assert article.text.startswith(body_start)
    assert article.text.endswith(body_end)
    for kind, piece in expected_furniture:
        if kind != "credit":
            assert piece not in article.text


@pytest.mark.parametrize("text, kept", [
    (STRIKE, 'On 3 June 2024 the union\'s secretary, Marco Lenz, said: "We will not return'),
    (GRAIN, '"We cannot let our farmers pay for this war," the Polish minister told reporters'),
    (GRAIN, "The vote is set for 14 July."),
    (ELECTION, "the highest since the election of 2 October 1994"),
    (SUMMIT, '"Nobody expected a deal on 3 March," one diplomat said'),
])
def test_body_paragraph_with_date_or_quote_stays(text: str, kept: str) -> None:
    article = read(text)
    assert kept in article.text
    assert not any(kept in f.text for f in article.furniture)


@pytest.mark.parametrize("text", [STRIKE, GRAIN, ELECTION, SUMMIT, NO_HEADLINE])
def test_paragraph_offsets(text: str) -> None:
    article = read(text)
    assert article.paragraphs
    pieces = [article.text[start:end] for start, end in article.paragraphs]
    assert "\n\n".join(pieces) == article.text
    assert all(p and p == p.strip() for p in pieces)


def test_author_from_byline() -> None:
    assert read(STRIKE).author == "Jane Doe"


@pytest.mark.parametrize("line, kind", [
    ("By Monday, the talks had stalled", None),
    ("Follow the money, he said.", None),
    ("Related to this, the minister said the talks would resume.", None),
    ("The position of Hamas, along with the [other] resistance factions", None),
    ("Reporting by Jane Doe; Editing by John Roe", "byline"),
    ("RELATED", "related"),
    ("ADVERTISEMENT", "other"),
    ("We use cookies to improve your experience on our site.", "share"),
    ("AFP via Getty Images", "credit"),
])
def test_classify_line(line: str, kind: str | None) -> None:
    found = classify_line(line)
    assert (found[0].kind if found else None) == kind


@pytest.mark.parametrize("line, credit", [
    ("Senior leader at a rally on 14 May 2018 [Reuters/Mohammed Salem]", "Reuters/Mohammed Salem"),
    ("Rescuers search the rubble in Gaza City. AFP via Getty Images", "AFP via Getty Images"),
    ("The minister arrives in Rome (AP Photo/Luca Bruno)", "AP Photo/Luca Bruno"),
    ("The minister arrives in Rome (Credit: Luca Bruno)", "Luca Bruno"),
    ("The minister said he would go to Rome (on Monday).", None),
])
def test_find_credit(line: str, credit: str | None) -> None:
    assert find_credit(line)[0] == credit


def test_meta_wins_and_title_line_is_dropped() -> None:
    text = "All eggs in two baskets.\n\n" + NO_HEADLINE
    article = read(text, title="All eggs in two baskets", published="June 25, 2024", source="The Post",
                   url="https://example.org/eggs")
    assert article.title == "All eggs in two baskets"
    assert article.published == "2024-06-25"
    assert article.source == "The Post"
    assert article.url == "https://example.org/eggs"
    assert article.text.startswith("Health officials")


def test_meta_published_wins_over_dateline() -> None:
    article = read(STRIKE, published="2024-06-26T08:00:00", title="Another title")
    assert article.published == "2024-06-26T08:00"
    assert article.title == "Another title"
    assert article.text.startswith("Port workers in Valdora")


@pytest.mark.parametrize("a, b, same", [
    ("The talks  resumed.\n\nBoth sides  agreed.", "The talks resumed.\n\n\n  Both sides agreed.  ", True),
    ("The talks resumed.", "THE TALKS RESUMED.", True),
    ("The talks resumed.", "The talks failed.", False),
])
def test_id_stability(a: str, b: str, same: bool) -> None:
    assert (read(a).id == read(b).id) is same


def test_id_includes_url() -> None:
    text = "The talks resumed in Geneva on Monday, officials said."
    assert read(text).id == article_id(text)
    assert read(text, url="https://example.org/a").id != read(text).id
    assert len(read(text).id) == 16


@pytest.mark.parametrize("text, language", [
    ("The foreign ministers of both countries met in the capital on Monday to discuss the ceasefire and "
     "the release of prisoners, officials said after the talks.", "en"),
    ("Les ministres des Affaires étrangères des deux pays se sont réunis lundi dans la capitale pour "
     "discuter du cessez-le-feu et de la libération des prisonniers.", "fr"),
    ("Die Außenminister beider Länder trafen sich am Montag in der Hauptstadt, um über die Waffenruhe und "
     "die Freilassung der Gefangenen zu sprechen.", "de"),
])
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language
    assert read(text).language == language


def test_a_long_text_is_told_by_its_start_middle_and_end() -> None:
    english = ("The foreign ministers of both countries met in the capital on Monday to discuss the ceasefire "
               "and the release of prisoners, officials said after the talks. ") * 60
    french = ("Les ministres des Affaires étrangères des deux pays se sont réunis lundi dans la capitale pour "
              "discuter du cessez-le-feu et de la libération des prisonniers. ") * 60
    assert len(english) > 6000
    assert detect_language(english) == "en" and detect_language(french) == "fr"
    # a French body with a short English byline at the end stays French
    assert detect_language(french + "Reporting by the Paris bureau; editing by the desk.") == "fr"


def test_short_unsure_ascii_text_defaults_to_english() -> None:
    assert detect_language("Putin met Xi in Beijing") == "en"


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Share this article\n\nAdvertisement\n\n---"])
def test_no_body(text: str) -> None:
    with pytest.raises(InputError, match="no article body"):
        read(text)


PAGE = """<!DOCTYPE html><html lang="en"><head><title>Dockers end strike | The Harbour Times</title>
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:title" content="Dockers end three-day strike in Valdora">
<meta property="article:published_time" content="2024-06-25T10:11:00">
<meta name="author" content="Jane Doe"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Dockers end three-day strike in Valdora</h1>
<figure><img src="dock.jpg" alt="Dockers at the gate"><figcaption>Dockers march past the harbour gates on
12 May 2023. <span class="credit">Ana Ruiz/AFP</span></figcaption></figure>
<p>Port workers in Valdora ended a three-day strike on Tuesday after the transport ministry agreed to review
their pay, union leaders said at a news conference in the harbour district.</p>
<p>On 3 June 2024 the union's secretary, Marco Lenz, said: "We will not return until the ministry signs."
He repeated the demand at a rally in the city centre on Monday evening.</p>
<div class="wp-caption"><img src="b.jpg"><p class="wp-caption-text">Marco Lenz at the rally (Photo: Tom Berg)</p>
</div>
<p>The ministry said the review would be finished by the end of July and that wages in the port had risen by
four percent since last year, according to its own figures.</p>
</article><footer>Copyright 2024 The Harbour Times</footer></body></html>"""

BROKEN = ("<html><body><div><p>Port workers in Valdora ended a three-day strike on Tuesday after the ministry "
          "agreed to review pay.<p>Union leaders said the deal would be signed next week in the capital, "
          "officials said.</div></span></b><p>A third paragraph that has enough words to count as body text")


@pytest.mark.parametrize("html, meta, title, published, source, expected_furniture, kept, dropped", [
    (PAGE, {}, "Dockers end three-day strike in Valdora", "2024-06-25T10:11", "The Harbour Times",
     {("caption", "Dockers march past the harbour gates on 12 May 2023. Ana Ruiz/AFP"), ("credit", "Ana Ruiz/AFP"),
      ("caption", "Marco Lenz at the rally (Photo: Tom Berg)"), ("credit", "Tom Berg")},
     ['said: "We will not return until the ministry signs."', "according to its own figures."],
     ["Dockers march past", "Marco Lenz at the rally", "Home"]),
    (PAGE[:PAGE.index("The ministry said") + 40], {}, "Dockers end three-day strike in Valdora",
     "2024-06-25T10:11", "The Harbour Times", {("credit", "Ana Ruiz/AFP")},
     ["Port workers in Valdora", "The ministry said"], ["Dockers march past"]),
    (PAGE, {"title": "Given title", "source": "Wire", "published": "2024-07-01"}, "Given title", "2024-07-01",
     "Wire", {("credit", "Ana Ruiz/AFP")}, ["Port workers in Valdora"], []),
    (BROKEN, {}, None, None, None, set(),
     ["Port workers in Valdora", "signed next week", "A third paragraph"], []),
])
def test_html(html: str, meta: dict[str, str], title: str | None, published: str | None, source: str | None,
              expected_furniture: set[tuple[str, str]], kept: list[str], dropped: list[str]) -> None:
    article = parse_html(html, origin="page.html", meta=meta)
    assert article.title == title
    assert article.published == published
    assert article.source == source
    assert expected_furniture <= furniture(article)
    for piece in kept:
        assert piece in article.text
    for piece in dropped:
        assert piece not in article.text
    assert article.language == "en"
    assert all(article.text[s:e] == article.text[s:e].strip() != "" for s, e in article.paragraphs)


def test_read_article_dispatches_html() -> None:
    assert read(PAGE, fmt="html").source == "The Harbour Times"


@pytest.mark.parametrize("html", [
    "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
    "<html><body></body></html>",
    "<div></div>",
])
def test_html_without_body(html: str) -> None:
    with pytest.raises(InputError, match="no article body found in HTML"):
        parse_html(html, origin="empty.html", meta={})


def test_seed() -> None:
    path = shared_path("examples", "seed", "article.txt")
    article = read_article(RawDoc(origin=str(path), content=path.read_text(encoding="utf-8")), SETTINGS)
    assert article.title == "Hamas ‘appreciates’ Russian efforts to strengthen regional stability"
    assert article.published == "2024-06-25T10:11"
    assert {("tagline", "Creating new perspectives since 2009"),
            ("caption", "Senior Hamas leader Mousa Abu Marzook, on 14 May 2018 [Reuters/Mohammed Salem]"),
            ("credit", "Reuters/Mohammed Salem")} <= furniture(article)
    assert any(f.kind == "related" and "Saudi Arabia says" in f.text for f in article.furniture)
    assert article.text.startswith("The head of the International Relations Office")
    assert article.text.endswith("prisoner exchange deal.”")
    assert article.language == "en"
    assert len(article.paragraphs) == 5


def test_hard_wrapped_paragraph_is_one_paragraph() -> None:
    text = page("Talks resume in Geneva",
                "The foreign ministers of both countries met in Geneva on\n"
                "Monday to discuss the ceasefire and the release of prisoners,\n"
                "officials said after the talks, which lasted for six hours\n"
                "and ended without a joint statement.",
                "Advertisement",
                "A second paragraph that is not wrapped and runs long on one line, as most scraped text does.")
    article = read(text)
    assert article.title == "Talks resume in Geneva"
    assert len(article.paragraphs) == 2
    assert "met in Geneva on Monday to discuss" in article.text


def test_html_bytes_with_declared_charset() -> None:
    html = PAGE.replace("<head>", '<head><meta charset="windows-1252">').replace("Marco Lenz", "Marco Lenz’")
    article = read_article(RawDoc(origin="page.html", content=html.encode("cp1252"), format="html"),  # type: ignore[arg-type]
                           SETTINGS)
    assert "Lenz’" in article.text
