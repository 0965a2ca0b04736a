"""The strip stage: head, dateline, trailers, broken paragraphs, learned lines; and what it must keep."""

import pytest

from cleaners.config import DEFAULT_CONFIG
from cleaners.document import Document
from cleaners.bylines import read_byline
from cleaners.dates import date_line
from cleaners.datelines import strip_dateline
from cleaners.strip import split_paragraphs, strip

BODY = (
    "The minister said on Friday that the talks would resume next week, after a pause of several months.\n\n"
    "Officials from both sides are expected to attend the meeting in Geneva, according to a statement."
)


def stripped(text: str, learned=frozenset(), title=None) -> Document:
    doc = Document(id="x", source="x", source_sha256="x", text=text, title=title)
    return strip(doc, DEFAULT_CONFIG, frozenset(learned))


def rules_of(doc: Document) -> list[str]:
    return [block.rule for block in doc.removed]


def test_head_title_byline_date():
    doc = stripped("Talks To Resume\n\nBy Jane Doe and John Roe\n\nApril 06, 2013\n\n" + BODY)
    assert rules_of(doc) == ["title", "byline", "date_line"]
    assert doc.text == BODY


def test_a_head_may_open_with_its_date_line():
    doc = stripped("May 15, 2020, 07:02pm EDT\n\nDrunkorexia On The Rise Among Female Students\n\nBy Marla Milling\n\n" + BODY)
    assert rules_of(doc) == ["date_line", "title", "byline"]
    assert doc.text == BODY


def test_a_headline_written_twice_is_the_title_not_a_repeated_standfirst():
    title = "Odisha reports first Covid-19 death: 72-year-old man dies"
    doc = stripped(f"{title}\n\n{title}\n\nAshok Pradhan | TNN | Apr 7, 2020, 15:43 IST\n\nBHUBANESWAR: {BODY}")
    assert rules_of(doc) == ["title", "header_line", "byline", "dateline_prefix"]
    assert doc.text == BODY


def test_a_byline_with_one_name_a_line():
    doc = stripped("Talks To Resume\n\nBy\n\nJim Rutenberg\n\n,\n\nLisa Lerer\n\nand\n\nKENNETH P. VOGEL\n\n" + BODY)
    assert rules_of(doc) == ["title"] + ["byline"] * 6 and doc.text == BODY
    # negative: a lone `and` in the body is no byline
    doc = stripped(f"Talks To Resume\n\nBy Jim Rutenberg\n\n{BODY}\n\nand\n\nLisa Lerer said so.\n\n{BODY}")
    assert rules_of(doc) == ["title", "byline"]


def test_repeated_standfirst_is_removed_but_a_new_first_paragraph_is_not():
    standfirst = "The minister said on Friday that the talks would resume next week."
    doc = stripped(f"Talks To Resume\n\n{standfirst}\n\nGENEVA (Reuters) - {BODY}")
    assert rules_of(doc) == ["title", "repeated_standfirst", "dateline_prefix"]
    assert doc.text == BODY
    other = "Nobody expected the announcement, which came late in the evening after a long day."
    doc = stripped(f"Talks To Resume\n\n{other}\n\n{BODY}")
    assert rules_of(doc) == ["title"]
    assert doc.text.startswith(other)


def test_no_head_when_nothing_follows():
    doc = stripped("Just A Title\n\nAnother short line")
    assert doc.removed == [] and doc.text == "Just A Title\n\nAnother short line"


def test_html_title_is_only_removed_where_it_repeats():
    doc = stripped("Talks To Resume\n\nA Subheading\n\n" + BODY, title="Talks To Resume")
    assert rules_of(doc) == ["title"]
    assert doc.text.startswith("A Subheading")


@pytest.mark.parametrize(
    "paragraph, rest",
    [
        ("Moscow: Russia's foreign minister said", "Russia's foreign minister said"),
        ("MOSCOW (Reuters) - Russia's foreign minister said", "Russia's foreign minister said"),
        ("NEW DELHI, Dec 5 (PTI): The government said", "The government said"),
        ("WASHINGTON \u2014 The president said", "The president said"),
    ],
)
def test_dateline_prefix(paragraph, rest):
    assert strip_dateline(paragraph)[0] == rest


@pytest.mark.parametrize(
    "paragraph",
    ["Update: the talks were cancelled", "Putin - who rarely speaks to the press - said", "he said: It is over",
     "Analysis: What the deal means", "The vote - a landslide - surprised everyone"],
)
def test_not_a_dateline(paragraph):
    assert strip_dateline(paragraph)[0] == paragraph


def test_broken_paragraph_is_joined():
    doc = stripped(BODY + "\n\nIt has refused to back calls for Assad\n\nto step down, insisting on talks.")
    assert doc.text.endswith("It has refused to back calls for Assad to step down, insisting on talks.")
    assert any(change.step == "join_broken_paragraphs" for change in doc.changes)


def test_trailers_and_credits():
    doc = stripped(BODY + "\n\nPTI\n\nOriginal url:\n\nhttps://example.com/a/b\n\nShare this article")
    assert rules_of(doc) == ["agency_credit", "original_url_trailer", "original_url_trailer", "social_share"]
    assert doc.text == BODY


def test_tail_bylines_and_rows_of_links():
    doc = stripped(BODY + "\n\nPosted by Alon Zakai.\n\nRetweet this article!\n\nBranding \u00b7 Terms \u00b7 Privacy \u00b7 Twitter")
    assert rules_of(doc) == ["byline", "social_share", "navigation"]
    assert doc.text == BODY


def test_separators_inside_the_body_or_in_long_paragraphs_stay():
    inside = "Scores: Arsenal 2 | Chelsea 1 | Spurs 0"
    long_tail = (
        "The vote split three ways | for | against | abstaining, and the minister said the count would be "
        "repeated on Monday because several ballots were unclear."
    )
    doc = stripped(f"{BODY}\n\n{inside}\n\n{BODY}\n\n{long_tail}")
    assert rules_of(doc) == []


def test_a_table_at_the_end_is_no_row_of_links():
    table = "| 1 | UC Berkeley Haas | 59% / 38% |\n\n| 2 | Chicago Booth | 17% / 30% |"
    assert rules_of(stripped(f"{BODY}\n\n{table}")) == []


LONG_PARAGRAPH = " ".join(["The delegations went on talking through the night about the terms of the ceasefire."] * 6)


@pytest.mark.parametrize(
    "after_heading, removed",
    [
        # teasers under the heading: other stories
        ("Editorial Fraser's lasting legacy\n\nMALCOLM Fraser, an effective prime minister, was soundly elected.", 3),
        # negative: a paragraph too long for a teaser: the heading was a box inside the article
        (f"Editorial Fraser's lasting legacy\n\n{LONG_PARAGRAPH}", 0),
    ],
)
def test_a_related_heading_ends_the_article_only_over_teasers(after_heading, removed):
    doc = stripped(f"{BODY}\n\nOther Opinion Columns\n\n{after_heading}")
    assert rules_of(doc).count("related_section") == removed


def test_a_long_paragraph_before_a_datelined_one_is_no_standfirst():
    long_first = " ".join(["Understanding wine regions is very helpful to the beginner, and we include it early."] * 8)
    doc = stripped(f"{long_first}\n\nBordeaux: One of the most famous wine regions in the world.\n\n{BODY}", title="Wine Regions")
    assert "standfirst" not in rules_of(doc) and doc.text.startswith(long_first[:40])


def test_a_share_card_repeating_title_and_standfirst_is_no_body():
    head = "Men chased her, shot her at front door\n\nShe was shot through her front door after she is chased from a store, police say"
    card = ("Men chased her, shot her at front door She was shot through her front door after she is chased from a store, "
            "police say Check out this story on example.com: https://www.example.com/story/2020/03/17/x/5073935002/")
    doc = stripped(f"{head}\n\n{BODY}\n\n{card}")
    assert rules_of(doc)[-1] == "repeated_head" and doc.text == BODY
    # negative: the title alone again in the body may be a subheading
    doc = stripped(f"{head}\n\n{BODY}\n\nMen chased her, shot her at front door\n\n{BODY}")
    assert "repeated_head" not in rules_of(doc)


def test_learned_lines_are_removed_except_metadata_lines():
    promo = "Read the Planet every morning on your tablet with our edition."
    doc = stripped(BODY + "\n\n" + promo, learned={"read the planet every morning on your tablet with our edition"})
    assert rules_of(doc) == ["repeated_in_source"]


def test_learned_lines_never_take_most_of_a_document():
    learned = {"the minister said on friday that the talks would resume next week after a pause of several months"}
    learned |= {"officials from both sides are expected to attend the meeting in geneva according to a statement"}
    assert stripped(BODY, learned=learned).text == BODY


def test_hard_wrapped_text_is_unwrapped():
    wrapped = (
        "The minister said on Friday that the talks would resume next\n"
        "week, after a pause of several months in which neither side\n"
        "had moved.\n"
        "Officials would meet in Geneva, where the last round of talks\n"
        "ended."
    )
    assert split_paragraphs(wrapped) == [
        "The minister said on Friday that the talks would resume next week, after a pause of several months "
        "in which neither side had moved.",
        "Officials would meet in Geneva, where the last round of talks ended.",
    ]


@pytest.mark.parametrize("line", ["By The Moscow Times", "By Jane Doe", "BY JANE DOE, JOHN ROE", "by Jane Doe and John Roe", "Posted by Alon Zakai."])
def test_bylines(line):
    assert read_byline(line)


@pytest.mark.parametrize("line", ["By far the largest protest in years took place.", "By Sunday", "By the way, he said"])
def test_not_bylines(line):
    assert read_byline(line) is None


@pytest.mark.parametrize("line", ["April 06, 2013", "Published: 12 March 2019 10:32 IST", "2013-04-06", "Updated: Dec 5, 2012"])
def test_date_lines(line):
    assert date_line(line)


@pytest.mark.parametrize("line", ["In April 2013 the talks failed after months of work.", "2013 was a hard year for everyone."])
def test_not_date_lines(line):
    assert not date_line(line)
