"""Metadata: dates, bylines, publishers, and repairs of what HTML extractors get wrong."""

import dateparser
import pytest

from cleaners.bylines import tidy_credited_names
from cleaners.config import DEFAULT_CONFIG
from cleaners.document import Document
from cleaners.dates import find_dates, label_kind
from cleaners.metadata import byline_names, credit_lines, extract_metadata, split_title_credit, strip_site_suffix


@pytest.mark.parametrize(
    "line, iso",
    [("April 06, 2013", "2013-04-06"), ("Published: 12 March 2019", "2019-03-12"), ("2013-04-06", "2013-04-06"),
     ("Updated: March 3, 2021 10:45 GMT", "2021-03-03T10:45:00+00:00"), ("Friday, April 5, 2013", "2013-04-05")],
)
def test_parse_date(line, iso):
    assert [found.iso for found in find_dates(line)] == [iso]


@pytest.mark.parametrize(
    "line, found",
    [  # a page's published and updated elements rendered without a space between them
        ("Posted on June 29, 2020November 12, 2021", [("2020-06-29", "published"), ("2021-11-12", None)]),
        ("Mental HealthDECEMBER 22, 2022Updated: JANUARY 02, 2026", [("2022-12-22", None), ("2026-01-02", "updated")]),
        ("May 5, 2021Apple unveiled", [("2021-05-05", None)]),
        # negative: a year that runs into digits or lower-case letters is no year
        ("May 5, 20211", []), ("In May 5, 2021s", []),
    ],
)
def test_a_year_may_run_into_the_next_date(line, found):
    assert [(date.iso, date.kind) for date in find_dates(line)] == found


@pytest.mark.parametrize(
    "line",
    ["April 06, 2013", "Apr 6, 2013", "6 April 2013", "06 Apr 2013", "2013-04-06", "February 29, 2016", "december 31, 1999",
     "Sept 5, 2013", "February 30, 2016", "April 6 2013", "2013-4-6"],
)
def test_plain_dates_agree_with_dateparser(line):
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"]}
    parsed = dateparser.parse(line, languages=["en"], settings=settings)
    assert [found.iso for found in find_dates(line)] == ([parsed.date().isoformat()] if parsed else [])


@pytest.mark.parametrize(
    "line, names",
    [("By The Moscow Times", ["The Moscow Times"]), ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
     ("BY JANE DOE, JOHN ROE", ["Jane Doe", "John Roe"]), ("By far the largest", []),
     # an honorific stays as written (in the name's case), a parenthesis goes
     ("By Dr. Vahid Osman", ["Dr. Vahid Osman"]), ("BY DR. JANE DOE", ["Dr. Jane Doe"]), ("By Paramita (Guha) Ghosh", ["Paramita Ghosh"]),
     # handles and e-mail addresses beside the name, glued or not
     ("By Harry Bullmore @HarryBullmore Reporter", ["Harry Bullmore"]), ("By Mike Cason | mcason@al.com", ["Mike Cason"]),
     ("Follow @jdoe on Twitter", []),
     # a name run into its outlet's; negative: names of three words, and a surname that is no outlet
     ("By Paul Steinhauser Fox News", ["Paul Steinhauser"]), ("By Orhan Coskun and Suleiman Al-Khalidi Reuters", ["Orhan Coskun", "Suleiman Al-Khalidi"]),
     ("By Mary Ann Evans", ["Mary Ann Evans"]), ("By John Paul Jones", ["John Paul Jones"]),
     ("By Hillel ItalieThe Associated Press", ["Hillel Italie"]),
     # a date, then the name and its category (the category is no second name)
     ("Dec 26, 2025 \u2022 Mahua Das in Project Management", ["Mahua Das"]),
     ("March 3, 2021 | Jane Doe | Politics and world affairs news", []),
     # a line of names with its role run into it; negative: a name beside a section is no line of names
     ("Marla MillingContributor", ["Marla Milling"]), ("Jane Doe | Politics", []),
     # headings whose first word is also a given name somewhere are no names; real names are
     ("Case Study", []), ("General Assignment Reporter, HuffPost", []), ("Grant Smith", ["Grant Smith"]),
     # a social link run into the name
     ("By Jane DoeTwitter", ["Jane Doe"]), ("Andrew HusbandTwitterNews & Culture Writer", ["Andrew Husband"])],
)
def test_byline_names(line, names):
    assert byline_names(line) == names


@pytest.mark.parametrize(
    "title, publisher, expected",
    [("Big news today | Example Times", "Example Times", "Big news today"),
     ("Big news today - Example Times", "The Example Times", "Big news today"),
     ("Rock - paper - scissors", "Example Times", "Rock - paper - scissors"),
     ("Big news today", None, "Big news today")],
)
def test_site_suffix(title, publisher, expected):
    assert strip_site_suffix(title, publisher) == expected


def html_doc(**fields) -> Document:
    doc = Document(id="x", source="x", source_sha256="x", format="html", text="Body.", **fields)
    return extract_metadata(doc, DEFAULT_CONFIG)


def test_an_organisation_credited_as_author_stays_even_when_it_is_the_publisher():
    doc = html_doc(authors=["Swoogo"], publisher="Swoogo")
    assert doc.authors == ["Swoogo"]


@pytest.mark.parametrize(
    "names, tidy",
    [
        (["Luke Kim December"], ["Luke Kim"]), (["Supermove February 8"], ["Supermove"]),
        (["Cazzy Magennis Last Updated August 1"], ["Cazzy Magennis"]), (["Shelby Loos", "DVM Reviewed by Molly Price"], ["Shelby Loos", "DVM"]),
        (["View all posts by Ray Ansari"], ["Ray Ansari"]), (["Recipe by PJ Hamel"], ["PJ Hamel"]),
        (["Read more about The Upwork Team"], ["The Upwork Team"]), (["Colin Gray Colin Gray"], ["Colin Gray"]),
        (["Admin"], []), (["Undefined"], []), (["Written By"], []), (["Updated March"], []),
        # negative: surnames that are months, names that start with one, organisations, roles, two different names
        (["Tom May"], ["Tom May"]), (["Theresa May", "Grace March"], ["Theresa May", "Grace March"]), (["April Fulton"], ["April Fulton"]),
        (["Team SimplyThrilled"], ["Team SimplyThrilled"]), (["Luxury Travel Expert"], ["Luxury Travel Expert"]),
        (["Jane Doe", "Jane Doe"], ["Jane Doe"]), (["Anna Anna Smith"], ["Anna Anna Smith"]),
    ],
)
def test_credited_names_lose_labels_glued_dates_repeats_and_placeholders(names, tidy):
    assert tidy_credited_names(names) == tidy


@pytest.mark.parametrize("published", ["1970-01-01", "2999-05-01", "not a date"])
def test_implausible_dates_are_dropped(published):
    assert html_doc(published=published).published is None


def test_plausible_date_is_kept():
    assert html_doc(published="2013-04-06").published == "2013-04-06"


def test_publisher_from_a_copyright_line_or_a_url():
    doc = Document(id="x", source="x", source_sha256="x", format="text", text="Body.")
    doc.remove("\u00a9 2021 Example Daily. All rights reserved.", "copyright")
    assert extract_metadata(doc, DEFAULT_CONFIG).publisher == "Example Daily"
    doc = Document(id="x", source="x", source_sha256="x", format="text", text="Body.")
    doc.remove("https://www.example.org/a/b", "trailing_url")
    doc = extract_metadata(doc, DEFAULT_CONFIG)
    assert (doc.url, doc.publisher) == ("https://www.example.org/a/b", "example.org")


@pytest.mark.parametrize(
    "title_line, title, authors",
    [
        ("Why Startups Fail by Jessica Livingston", "Why Startups Fail", ["Jessica Livingston"]),
        ("Zero-Waste for Beginners by Marketing Team", "Zero-Waste for Beginners", ["Marketing Team"]),
        # negative: `by` in the headline itself, before what is no person's name
        ("Here Are 6 Gadgets Powered by Amazon's Alexa Assistant", "Here Are 6 Gadgets Powered by Amazon's Alexa Assistant", []),
        ("Arsenal set transfer deadline by Real Madrid", "Arsenal set transfer deadline by Real Madrid", []),
    ],
)
def test_a_name_after_by_at_the_end_of_a_title_line_is_its_byline(title_line, title, authors):
    doc = Document(id="x", source="x", source_sha256="x", format="text", text="Body.")
    doc.remove(title_line, "title")
    doc = extract_metadata(doc, DEFAULT_CONFIG)
    assert (doc.title, doc.authors) == (title, authors)


@pytest.mark.parametrize(
    "label, kind", [("Updated:", "updated"), ("Last updated on", "updated"), ("Original:", "published"), ("Published", "published"),
                    ("Updated: March 3", None), ("Reviewed by", None), ("Politics", None)],
)
def test_a_label_line_announces_the_kind_of_the_date_under_it(label, kind):
    assert label_kind(label) == kind


def test_a_date_under_an_update_label_is_not_the_publication_date():
    doc = Document(id="x", source="x", source_sha256="x", format="text", text="Body.")
    for text, rule in (("Updated:", "header_line"), ("Mar 6, 2018", "date_line"), ("Original:", "header_line"), ("Dec 21, 2016", "date_line")):
        doc.remove(text, rule)
    assert extract_metadata(doc, DEFAULT_CONFIG).published == "2016-12-21"


@pytest.mark.parametrize(
    "lines, joined",
    [
        (["By", "The Investopedia Team"], ["By The Investopedia Team"]),  # the label's names are on the next line
        (["Written by:", "Darya Efimova"], ["Written by: Darya Efimova"]),
        (["Author:", "Gokul Sarkar", "Editor"], ["Author: Gokul Sarkar", "Editor"]),
        (["Meghan Holmes", "Writer", "University of Mississippi"], ["Meghan Holmes", "Writer", "University of Mississippi"]),  # a role, not a label
        (["By Jane Doe", "March 3, 2021"], ["By Jane Doe", "March 3, 2021"]),
    ],
)
def test_credit_lines(lines, joined):
    assert credit_lines(lines) == joined


@pytest.mark.parametrize(
    "line, over_date, names",
    [
        ("Kelia Losa Reinoso", True, ["Kelia Losa Reinoso"]),  # any given name, over the date line
        ("Kelia Losa Reinoso", False, []),  # an unknown given name alone is no byline
        ("Jane Doe", False, ["Jane Doe"]),  # a known given name needs no date
        ("Digital OrganizationOfficeOrganizingPapers", True, []),  # words a dump glued together
        ("Kelia Losa Reinoso Garcia Lopez", True, []),  # too long for a name read this way
    ],
)
def test_a_name_over_the_date(line, over_date, names):
    assert byline_names(line, over_date) == names


@pytest.mark.parametrize(
    "line, title, names, dates",
    [
        ("Bridge closed to cars by Jane Doe", "Bridge closed to cars", ("Jane Doe",), []),
        ("Bridge closed to cars by Jane Doe on March 3, 2021", "Bridge closed to cars", ("Jane Doe",), ["2021-03-03"]),
        ("Best laptops of the year written by Our Editors", "Best laptops of the year", ("Our Editors",), []),
        ("Best laptops of the year by", "Best laptops of the year", None, None),  # an empty credit
        ("Four book subscriptions, Tested by Bibliophiles", "Four book subscriptions, Tested by Bibliophiles", None, None),  # the title's own agent
        ("Stand by me: a review", "Stand by me: a review", None, None),  # not a byline after it
        ("Killed by police in the city", "Killed by police in the city", None, None),
    ],
)
def test_a_byline_glued_to_the_title(line, title, names, dates):
    split, credit = split_title_credit(line)
    assert split == title
    assert (credit.names if credit else None) == names
    assert ([found.iso[:10] for found in credit.dates] if credit else None) == dates


@pytest.mark.parametrize(
    "line, title",
    [
        ("How meditation rewires brains | Opinion", "How meditation rewires brains"),  # a section after a bar
        ("Best movers in New York City 2025 | Top 19 Companies", "Best movers in New York City 2025"),
        ("Mirrorless | The Best Mirrorless Cameras on the Market Today", "Mirrorless | The Best Mirrorless Cameras on the Market Today"),  # too long for a site
        ("A look at bridges - Part 1", "A look at bridges - Part 1"),  # a dash may start a subtitle: kept
        ("Opinion | Bridges", "Opinion | Bridges"),  # too short before the bar to be a title
    ],
)
def test_a_site_after_a_bar_leaves_a_text_title(line, title):
    doc = Document.for_bytes(b"", "x.txt")
    doc.remove(line, "title")
    assert extract_metadata(doc, DEFAULT_CONFIG).title == title


@pytest.mark.parametrize(
    "byline, authors, publisher",
    [
        ("By KentNews", ["KentNews"], "KentNews"),  # an outlet's name run together
        ("By Politics.co.uk staff", ["Politics.co.uk staff"], "Politics.co.uk"),  # the outlet, not its staff
        ("By The Moscow Times", ["The Moscow Times"], "The Moscow Times"),
        # negative: a person is no publisher
        ("By McDonald Smith", ["McDonald Smith"], None),
    ],
)
def test_an_outlet_credited_as_author_is_the_publisher(byline, authors, publisher):
    doc = Document(id="x", source="x", source_sha256="x", format="text", text="Body.")
    doc.remove(byline, "byline")
    doc = extract_metadata(doc, DEFAULT_CONFIG)
    assert (doc.authors, doc.publisher) == (authors, publisher)
