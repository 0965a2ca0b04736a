"""Finding the article inside a plain-text dump of a whole page, and what must never be taken for furniture."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW, sample_texts
from cleaners import article, head
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


@pytest.mark.parametrize(
    ("headline", "share"),
    [
        ("Bridge closed to cars after cracks found", 0.67),  # bridge, cars, after, found; not closed, cracks
        ("Council votes to close the bridge", 0.75),  # council, votes, close, bridge: votes is not in the lede
        ("Subscribe to our newsletter", 0.0),  # a menu item shares nothing with the article
        ("Mayor Opens New Park In The North", 0.0),  # another story's link
        ("2021", 0.0),  # no longer words at all
    ],
)
def test_lede_share(headline, share):
    lede = head.content_words(" ".join(BODY[:2]))
    assert head.lede_share(headline, lede) == pytest.approx(share, abs=0.01)


@pytest.mark.parametrize(("line", "filler"), [("Listen", True), ("Share", True), ("18", True), ("--", True), ("·", True),
                                              ("6 min read", True), ("Bridge closed to cars", False), ("Jane Doe", False)])
def test_head_filler(line, filler):
    assert head.is_filler(line) is filler


BLURB = "Our newsroom has covered the town and the river valley for more than a century, and we are proud of every story we tell."


def test_the_title_shares_the_ledes_words_where_another_headline_is_closer():
    """A promo headline sits between the title and the prose: the title is the one the lede is about."""
    page = MENU + ["Bridge closed to cars after cracks found", "March 3, 2021", "Get Our Morning Newsletter Today"] + BODY + ["Share this article"] + FOOTER
    result = dict(zip(page, labels(page)))
    assert result["Bridge closed to cars after cracks found"] == "title"
    assert result["Get Our Morning Newsletter Today"] != "title"
    assert result["March 3, 2021"] == "date_line"


def test_a_title_glued_to_its_breadcrumb_is_taken_without_it():
    """`HomeBridge closed ...`: a dump joins a breadcrumb to the headline it ends with; the headline alone is the title."""
    page = MENU + ["HomeBridge closed to cars after cracks found", "Bridge closed to cars after cracks found"] + BODY + ["Share this article"] + FOOTER
    assert clean_bytes("\n\n".join(page).encode(), "page.txt").title == "Bridge closed to cars after cracks found"


def test_a_title_inside_the_articles_span_is_labelled():
    """The span may open above the title (a site's blurb over it): the title is still the title, not body text."""
    page = MENU + [BLURB, "Advice", "Call us", "Bridge closed to cars after cracks found"] + BODY + ["Share this article"] + FOOTER
    doc = clean_bytes("\n\n".join(page).encode(), "page.txt")
    assert doc.title == "Bridge closed to cars after cracks found"
    assert "Bridge closed to cars after cracks found" not in doc.text.split("\n\n")


@pytest.mark.parametrize(
    ("between", "dated"),
    [
        (["Listen", "Share", "18", "--"], True),  # buttons and counters do not count as distance
        ([], True),
    ],
)
def test_a_date_above_the_title_is_read_over_buttons(between, dated):
    page = MENU + ["Jane Doe", "Dec 1, 2025"] + between + ["Bridge closed to cars after cracks found"] + BODY + ["Share this article"] + FOOTER
    assert (clean_bytes("\n\n".join(page).encode(), "page.txt").published == "2025-12-01") is dated


def test_no_date_line_no_date():
    page = MENU + ["Bridge closed to cars after cracks found"] + BODY + ["Share this article"] + FOOTER
    assert clean_bytes("\n\n".join(page).encode(), "page.txt").published is None


LONG_TITLE = "The council has decided that the old bridge over the river will be closed to all cars for a year"


@pytest.mark.parametrize(
    ("line", "is_prose"),
    [
        (LONG_TITLE, False),  # stopword-dense, but not closed: a long headline, read with the head
        (LONG_TITLE + ".", True),  # closed by a period: the lede
        (LONG_TITLE + " after engineers found cracks in two of its supports during the floods", True),  # too long for a headline
    ],
)
def test_a_long_headline_is_not_the_first_paragraph(line, is_prose):
    page = MENU + ["Local news", line] + BODY + ["Share this article"] + FOOTER
    doc = clean_bytes("\n\n".join(page).encode(), "page.txt")
    assert any(change.step == "find_article_in_page_dump" for change in doc.changes)
    assert (line in doc.text.split("\n\n")) is is_prose
    assert (doc.title == line) is not is_prose


@pytest.mark.parametrize(
    ("under", "dated", "authors"),
    [
        (["Jane Doe"], False, ["Jane Doe"]),  # a known given name alone under the headline
        (["Kelia Losa Reinoso", "•"], True, ["Kelia Losa Reinoso"]),  # any name between the headline and the date
        (["Kelia Losa Reinoso"], False, []),  # an unknown given name without a date: not read
        (["Local Sport"], False, []),  # a label under the headline is no name
    ],
)
def test_the_name_under_the_title(under, dated, authors):
    page = MENU + ["Local news", "Bridge closed to cars after cracks found"] + under + (["March 3, 2021"] if dated else []) + BODY + ["Share this article"] + FOOTER
    doc = clean_bytes("\n\n".join(page).encode(), "page.txt")
    assert any(change.step == "find_article_in_page_dump" for change in doc.changes)
    assert doc.authors == authors


@pytest.mark.parametrize(
    ("beside", "published"),
    [
        (["Travel September 8, 2021 -- min read"], "2021-09-08"),  # a date in a kicker's line above the title
        (["Bridge closed to cars after cracks found", "Dec. 19, 2025 · Jane Doe on behalf of the council"], "2025-12-19"),  # below it
        (["Bridge closed to cars after cracks found", "Read our guide to every closure in the valley since March 3, 2021, with maps of the roads that stay open"], None),  # too long
    ],
)
def test_a_date_beside_the_title(beside, published):
    title = "Bridge closed to cars after cracks found"
    head_lines = beside if title in beside else beside + [title]
    page = MENU + ["Local news"] + head_lines + BODY + ["Share this article"] + FOOTER
    doc = clean_bytes("\n\n".join(page).encode(), "page.txt")
    assert doc.title == title
    assert (doc.published or "")[:10] == (published or "")


@pytest.mark.parametrize(
    ("notice", "title"),
    [
        ("Pack Hacker is reader-supported. When you buy through links on our site, we may earn an affiliate commission.", "Bridge closed to cars after cracks found"),
        (None, "Bridge closed to cars after cracks found"),
    ],
)
def test_an_affiliate_notice_is_not_the_first_paragraph(notice, title):
    """A disclosure over the headline is prose but not the article: the title under it is still in the head."""
    page = MENU + ["Local news"] + ([notice] if notice else []) + [title] + BODY + ["Share this article"] + FOOTER
    doc = clean_bytes("\n\n".join(page).encode(), "page.txt")
    assert doc.title == title
    assert doc.text == "\n\n".join(BODY)


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
