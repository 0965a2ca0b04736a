"""Finding the article inside a plain-text dump of a whole page, and what must never be taken for furniture."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW, sample_texts
from cleaners import article
from cleaners.pipeline import clean_bytes
from cleaners.repair import repair_text
from cleaners.strip import split_paragraphs

MENU = ["Home", "World", "Business", "Sport", "Opinion", "Video", "Sign in", "Subscribe"]
BODY = [
    "The council voted on Tuesday to close the old bridge to cars, after engineers found that two of its supports had cracked during the winter floods.",
    "Residents who cross the river every day will have to use the ferry or drive twenty minutes to the motorway bridge, which the council said would be free for the next six months.",
    "Budget",
    "The repairs are expected to cost more than four million euros, and the work could take until the end of next year, according to the report the engineers presented to the council.",
    "Shopkeepers on both banks said they feared a drop in trade, and asked the council for help with their rents while the bridge is closed.",
]
FOOTER = ["Most Read Stories", "Mayor Opens New Park In The North", "Football Club Signs Striker", "About us", "Contact", "Privacy", "Terms"]
PAGE = MENU + ["Bridge closed to cars after cracks found", "By Jane Doe - March 3, 2021"] + BODY + ["Share this article"] + FOOTER


def labels(paragraphs):
    return article.label_page_dump(paragraphs, [None] * len(paragraphs), ("en",))


def test_the_article_is_found_and_its_head_labelled():
    result = dict(zip(PAGE, labels(PAGE)))
    assert all(result[line] == "outside_article" for line in MENU + FOOTER)
    assert result["Bridge closed to cars after cracks found"] == "title"
    assert result["By Jane Doe - March 3, 2021"] == "byline"
    assert [line for line in BODY if result[line] is None] == BODY  # the lone heading "Budget" stays


def test_a_whole_page_dump_is_cleaned_to_its_article():
    doc = clean_bytes("\n\n".join(PAGE).encode(), "page.txt")
    assert doc.text == "\n\n".join(BODY)
    assert (doc.title, doc.authors, doc.published) == ("Bridge closed to cars after cracks found", ["Jane Doe"], "2021-03-03")
    assert any(change.step == "find_article_in_page_dump" for change in doc.changes)


@pytest.mark.parametrize("name", ["000_99aef4c9488a004f.txt", "001_23da6c00baa58b1d.txt", "wire_cp1252.txt"])
def test_articles_are_not_taken_for_page_dumps(name):
    text, _ = repair_text((RAW / name).read_bytes().decode("utf-8", "replace"))
    assert not article.looks_like_page_dump(split_paragraphs(text))


@pytest.mark.parametrize(
    "line, kind",
    [("Home", "weak"), ("Official links:", "weak"), ("Mayor Opens New Park In The North", "strong"),
     ("Read the full story here https://example.com/x", "strong"),
     ("int add(int x, int y) {", None), ("The council voted to close the bridge.", None),
     ("Kylie Jenner -- When I Was 17 ...", "strong")],
)
def test_chrome_kinds(line, kind):
    assert article.chrome_kind(line, None) == kind


@pytest.mark.parametrize(
    "line, plain", [("+ Added Slime Block", "Added Slime Block"), ("* Home", "Home"), ("2) Google it", "Google it"), ("Plain line", "Plain line")]
)
def test_list_marks_are_ignored(line, plain):
    assert article.unmarked(line) == plain


@pytest.mark.parametrize("line", ["Other Opinion Columns", "Most Popular Stories", "Related Articles", "More from Example News",
                                  "You may also like"])
def test_section_breaks(line):
    assert article.is_section_break(line)


@pytest.mark.parametrize("line", ["More on this later", "Other voices", "Top", "The latest figures show a rise."])
def test_not_section_breaks(line):
    assert not article.is_section_break(line)


def furniture_share(part):
    return sum(article.chrome_kind(text, None) is not None for text in part) / len(part)


EDGE_LINES = st.lists(st.sampled_from(MENU + BODY + FOOTER + ["Kylie Jenner -- When I Was 17 ...", "int add(int x, int y) {"]),
                      min_size=1, max_size=20)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(EDGE_LINES)
def test_reading_edges_until_the_share_is_certain_gives_the_share_test(lines):
    assert article.mostly_furniture(lines) == (furniture_share(lines) >= article.MIN_EDGE_FURNITURE)


def test_reading_edges_until_the_share_is_certain_on_real_texts():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*.txt"))] + list(sample_texts())
    for text in texts:
        lines = [article.unmarked(line) for line in split_paragraphs(text)]
        for start in range(0, len(lines)):
            for size in (5, 6, 7, 10, 13, 20):
                part = lines[start : start + size]
                assert article.mostly_furniture(part) == (furniture_share(part) >= article.MIN_EDGE_FURNITURE)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(list("a.@_-+ \n") + ["jane", "example.com", "@x.", "\u0131", "\u0130"]), max_size=30).map("".join))
def test_email_check_gives_the_search(text):
    assert article.has_email(text) == (article.EMAIL.search(text) is not None)


def test_email_check_gives_the_search_on_real_paragraphs():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*"))] + list(sample_texts())
    lines = {line for text in texts for line in text.splitlines()}
    for line in lines:
        assert article.has_email(line) == (article.EMAIL.search(line) is not None), line


SEPARATED_TEXT = st.lists(st.sampled_from(list("a /|-\n\u2022\u00b7\u00bb\u2013\u2014\u203a") + ["Home", "//", " -", " \u2014\n", "News"]),
                          max_size=30).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(SEPARATED_TEXT)
def test_separator_count_gives_the_search(text):
    assert article.separators(text) == len(article.SEPARATORS.findall(text))


def test_separator_count_gives_the_search_on_real_paragraphs():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*"))] + list(sample_texts())
    lines = {line for text in texts for line in text.splitlines(keepends=True)}
    assert any(article.separators(line) for line in lines)
    for line in lines:
        assert article.separators(line) == len(article.SEPARATORS.findall(line)), line
