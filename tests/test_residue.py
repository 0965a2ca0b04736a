"""Scraper residue that its neighbours give away (`residue.py`).

Each test is a layout an extractor leaves (lines as real pages give them, names changed), with the
lines that must go and the body lines beside them that must stay.
"""

import pytest

from cleaners import residue, rules
from cleaners.strip import Block
from conftest import PROSE as BODY


def labelled(lines: list[str]) -> list[str | None]:
    """The rules, then the context labels, on one paragraph per line."""
    blocks = [Block(line, rules.first_rule(line)) for line in lines]
    residue.label_residue(blocks)
    return [block.rule for block in blocks]


def test_an_embedded_tweet_goes_with_its_text_and_a_quoted_tweet_stays():
    lines = [
        BODY[0],
        "Some criticized the city's decision to push the alert to the entire city.",
        'I didn\'t sign up for the emergency alert system to be woken up by "join our paranoia."',
        "\u2014 Jane Roe (@janeroe) September 19, 2016",
        "@someone SEVEN!",
        "3 were replaced.https://t.co/hcKsDsaEMc @JessKane11 pic.twitter.com/6Yc99kYnbZ",
        "\u2014 John Doe (@johndoe) December 19, 2016",
        'The tweet read, "This is a disgrace," Conway tweeted.',
    ]
    assert labelled(lines) == [None, None] + ["social_embed"] * 5 + [None]


def test_a_share_bar_of_one_word_lines_goes_and_a_lone_subhead_stays():
    lines = [BODY[0], "Share", "Tweet", "LinkedIn", "Email", "Print", BODY[1], "Email", BODY[2]]
    assert labelled(lines) == [None] + ["social_share"] * 5 + [None, None, None]


def test_a_counter_goes_with_the_line_before_it():
    assert labelled([BODY[0], "Advert", "10", BODY[1]]) == [None, "advertisement", "advertisement", None]


def test_tags_listed_one_a_line_after_their_label():
    lines = BODY + ["Tags:", "roger ailes", "fox news", "cover story"]
    assert labelled(lines) == [None] * 3 + ["tag_list"] * 4


def test_a_related_box_ends_at_the_body_and_leaves_the_subhead_before_it():
    lines = [
        BODY[0], BODY[1], "Recommended", "Remembering Pittsburgh's Most Mesmerizing Sign", "Jane Roe", "Jul 17, 2014", BODY[2],
        "Related", "This Retired Exec Just Resurfaced With a New Gig", "Watch What You Say", BODY[0],
    ]
    assert labelled(lines) == [None, None] + ["also_read"] * 4 + [None] + ["also_read"] * 2 + [None, None]


def test_a_related_label_before_the_body_opens_no_box():
    """A page's menus and head come before two paragraphs of prose: `More` there is a menu item."""
    lines = ["Institutes get behind IFRS big bang", "by Rose Orlik", "More from this author", "26 Sep 2011"] + BODY
    assert labelled(lines)[3] is None
    lines = [BODY[0], "More", "Kids", "Attractions", "The best certificate programs in NYC", "Tuesday February 11 2025"] + BODY[1:]
    assert labelled(lines)[2:6] == [None] * 4


def test_a_video_title_between_the_player_and_its_duration():
    lines = [BODY[0], "Video Ad Feedback", "Watch what he did when asked a question outside the courtroom", "02:12 - Source: CNN", BODY[1]]
    assert labelled(lines) == [None, "advertisement", "video_player", "video_player", None]
    lines = [BODY[0], "We apologize, this video has expired.", "Star dies at 99: fans remember her", "Dec. 19, 201602:46", BODY[1]]
    assert labelled(lines) == [None] + ["video_player"] * 3 + [None]


def test_a_caption_before_its_credit_leading_or_closing_the_text_but_not_a_paragraph_before_a_chart():
    lead = ["Facebook CEO Mark Zuckerberg, the man with the acquisition plan.", "Photo by James Martin/CNET"] + BODY
    assert labelled(lead)[:2] == ["caption", "photo_credit"]
    chart = [BODY[0], BODY[1], "The same can't be said of gas-powered cars, for the moment.", "(Credit: Jane Roe / Grist)", BODY[2]]
    assert labelled(chart)[2:4] == [None, "photo_credit"]
    courtesy = ["A short first paragraph of the body, about the house.", "Courtesy of Zillow"] + BODY
    assert labelled(courtesy)[:2] == [None, "photo_credit"]


def test_an_author_box_under_the_body():
    lines = BODY + ["Bushrod Washington", "Bushrod Washington is a political commentator and has over 15 years of journalism experience."]
    assert labelled(lines)[3:] == ["byline", "author_bio"]
    lines = BODY + ["By Devindra Hardawar @devindra", "Devindra has been obsessed with technology for as long as he can remember."]
    assert labelled(lines)[3:] == ["byline", "author_bio"]


def test_subheads_that_are_names_stay():
    lines = [BODY[0], "Elton John", "Elton John played the hall twice in 1976, and both nights sold out within an hour.", BODY[1]]
    assert labelled(lines) == [None] * 4


def test_a_pull_quote_repeats_a_sentence_of_the_body():
    quote = "The very quality that made neon fixtures a poor choice for interior lighting made them perfect for signs."
    lines = [BODY[0], quote, BODY[1], "Of course, the very quality that made neon fixtures a poor choice for interior lighting made them perfect for signs, he notes."]
    assert labelled(lines) == [None, "pull_quote", None, None]


def test_a_data_card_before_the_article_and_a_table_inside_it():
    card = ["NASDAQ: AMZN", "Amazon.com, Inc.", "Market Cap", "$1,404B", "Today's Change", "(3.60%) $4.96", "Current Price", "$142.79"]
    assert labelled(card + BODY) == ["data_widget"] * 8 + [None] * 3
    table = ["Candidate", "Votes", "Jane Roe", "12,345", "John Doe", "11,002"]
    assert labelled(BODY[:2] + table + BODY[2:]) == [None] * 9


def test_a_counter_card_after_the_article_and_the_sentence_that_spells_it_out():
    lines = BODY + ["World", "28,25,140Cases", "18,29,648Active", "7,97,826Recovered", "1,97,666Deaths",
                    "The total confirmed cases worldwide are 28,25,140 and 1,97,666 have died; 18,29,648 are active cases."]
    assert labelled(lines) == [None] * 3 + ["data_widget"] * 6


@pytest.mark.parametrize(
    "line",
    ["Email", "Facebook", "Twitter", "Elton John", "Not a campaign", "10:30", "1. Finland", "Tags",
     "In a Facebook video posted after the killings, Mateen said:"],
)
def test_lone_lines_between_paragraphs_stay(line):
    assert labelled([BODY[0], line, BODY[1]]) == [None, rules.first_rule(line), None]
