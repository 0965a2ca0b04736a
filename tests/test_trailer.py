"""The end matter after an article's last paragraph (`trailer.py`): its comment thread, the author's bio
closing the text, and the short lines left among the trailer lines; a list closing the article stays."""

from cleaners import residue, rules, trailer
from cleaners.strip import Block
from conftest import PROSE as BODY


def labelled(lines: list[str]) -> list[str | None]:
    """The rules, the context labels, then the end matter, on one paragraph per line."""
    blocks = [Block(line, rules.first_rule(line)) for line in lines]
    residue.label_residue(blocks)
    trailer.label_end_matter(blocks)
    return [block.rule for block in blocks]


def test_the_comment_thread_after_the_article():
    lines = BODY + ["Leave a Reply Cancel reply", "Jane says:", "December 20, 2016 at 12:37 pm",
                    "Remember, a few short years ago when we lost to them and they gave us a dressing down?"]
    assert labelled(lines) == [None] * 3 + ["comment_prompt", "comments", "comments", "comments"]
    lines = BODY + ["Marilyn says:", "December 20, 2016 at 12:37 pm", "I agree with every word of this article, and so does my husband."]
    assert labelled(lines) == [None] * 3 + ["comments"] * 3


def test_short_lines_among_the_trailer_lines_go():
    lines = BODY + ["---", "Jane Roe and John Doe in Kabul contributed to this report.", "Author", "Patrick Frye",
                    "Tags: Germany, ISIS", "Careers"]
    assert labelled(lines) == [None] * 3 + ["end_matter", "wire_credit", "end_matter", "end_matter", "tag_list", "end_matter"]


def test_a_list_closing_the_article_stays_before_the_trailer():
    lines = BODY + ["In a wide-ranging interview, the president also said:", "The UK must stay in the EU",
                    "He is confident the deal will be passed", "Tags: Politics, UK"]
    assert labelled(lines) == [None] * 6 + ["tag_list"]


def test_an_author_bio_closing_the_text_goes():
    lines = BODY + ["Laura E. Adkins is Opinion Editor of the Forward.", "Engage", "SHARE YOUR FEEDBACK"]
    assert labelled(lines) == [None] * 3 + ["author_bio", "end_matter", "contribute_prompt"]
