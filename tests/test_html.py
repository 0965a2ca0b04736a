"""The HTML path: trafilatura's metadata, as newsclean asks for it, equals what trafilatura gives
(but for the one-word authors newsclean keeps); the page's visible head (headline, byline, date)."""

import pytest
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from conftest import RAW, SAMPLE_PAGES, read_sample_page
from cleaners.config import DEFAULT_CONFIG
from cleaners.document import Document
from cleaners.html import extract_html, page_metadata

PAGES = sorted(RAW.glob("*.html")) + SAMPLE_PAGES
DATE_PARAMS = {"original_date": True, "min_date": DEFAULT_CONFIG.earliest_date, "extensive_search": True}
KEPT_FIELDS = ("title", "description", "author", "sitename", "date", "url")


@pytest.mark.parametrize("page", PAGES, ids=[page.parent.name + "/" + page.name for page in PAGES])
def test_page_metadata_equals_trafilatura_extract_metadata(page):
    data = read_sample_page(page) if page.name.endswith(".gz") else page.read_bytes()
    html = data.decode("utf-8", errors="replace")
    ours = page_metadata(load_html(html), DATE_PARAMS)
    theirs = extract_metadata(load_html(html), date_config=DATE_PARAMS)
    if ours.author and " " not in ours.author and theirs.author is None:
        ours.author = None  # trafilatura drops one-word authors; newsclean keeps them (organisations)
    assert {field: getattr(ours, field) for field in KEPT_FIELDS} == {field: getattr(theirs, field) for field in KEPT_FIELDS}


def test_page_metadata_fills_the_document():
    html = "<html><head><title>A Headline | Example Times</title><meta name='author' content='Jane Doe'></head><body>" \
        + "<article><p>" + "Words of a real article body go here. " * 20 + "</p></article></body></html>"
    doc = extract_html(Document(id="x", source="x", source_sha256="x", format="html", text=html), DEFAULT_CONFIG)
    assert doc.status != "rejected" and doc.authors == ["Jane Doe"] and doc.title.startswith("A Headline")


def test_html_without_a_body_is_rejected():
    doc = extract_html(Document(id="x", source="x", source_sha256="x", format="html", text="<html></html>"), DEFAULT_CONFIG)
    assert doc.reasons == ["extraction_failed"]


def test_the_visible_head_gives_the_headline_byline_and_date():
    html = ("<html><head><title>Talks resume | Example Times</title><meta name='author' content='Desk'></head><body>"
            "<nav><a>Home</a><a>World</a></nav><article><h1>Talks resume</h1><p>By Jane Doe and John Roe</p>"
            "<p>Published: March 3, 2021</p>" + "<p>Words of a real article body go here, long enough to count.</p>" * 12
            + "</article></body></html>")
    doc = extract_html(Document(id="x", source="x", source_sha256="x", format="html", text=html), DEFAULT_CONFIG)
    assert (doc.title, doc.authors, doc.published) == ("Talks resume", ["Jane Doe", "John Roe"], "2021-03-03")
    assert [change.step for change in doc.changes if change.step.endswith("_from_page_head")] == [
        "title_from_page_head", "authors_from_page_head", "published_from_page_head"]


def page_with_head(date_lines: str, meta: str = "") -> str:
    return ("<html><head><title>Talks resume | Example Times</title>" + meta + "</head><body><article><h1>Talks resume</h1>"
            + date_lines + "<p>Words of a real article body go here, long enough to count.</p>" * 12 + "</article></body></html>")


PUBLISHED_META = "<meta property='article:published_time' content='2019-05-02T10:00:00+00:00'>"


@pytest.mark.parametrize(
    "date_lines, meta, published, step",
    [
        # the head shows only when the page was updated: the metadata's earlier (original) date
        ("<p>Last updated: March 3, 2021</p>", PUBLISHED_META, "2019-05-02", "published_from_metadata_not_update"),
        # negative: an update and no earlier date in the metadata: the update is all there is
        ("<p>Last updated: March 3, 2021</p>", "", "2021-03-03", "published_from_page_head"),
        # negative: a publication date shown beside the update wins over the metadata
        ("<p>Published March 1, 2021. Updated March 3, 2021</p>", PUBLISHED_META, "2021-03-01", "published_from_page_head"),
        # negative: an unlabelled date shown is the publication date
        ("<p>March 3, 2021</p>", PUBLISHED_META, "2021-03-03", "published_from_page_head"),
        # a short line right under the headline with a date among other credits
        ("<p>Dec 26, 2025 \u2022 Mahua Das in Project Management</p>", "", "2025-12-26", "published_from_page_head"),
    ],
)
def test_a_head_showing_only_an_update_takes_the_original_date_from_the_metadata(date_lines, meta, published, step):
    doc = extract_html(Document(id="x", source="x", source_sha256="x", format="html", text=page_with_head(date_lines, meta)), DEFAULT_CONFIG)
    assert doc.published[:10] == published
    assert step in [change.step for change in doc.changes]


@pytest.mark.parametrize(
    "head_lines, authors",
    [
        ("<p>Written by</p><p>Edzel Tabing</p>", ["Edzel Tabing"]),  # the label's line, then the names it credits
        ("<p>By</p><p>The Meetingnotes Team</p>", ["The Meetingnotes Team"]),
        ("<p>Julia Gralberg</p><p>Hotel Travel Hacks</p>", ["Julia Gralberg"]),  # a line of names right under the headline
        # negative: a role after the names is no label for the next line; a topic under the headline is no name
        ("<p>By</p><p>Meghan Holmes</p><p>Writer</p><p>University of Mississippi</p>", ["Meghan Holmes"]),
        ("<p>Hotel Travel Hacks</p><p>Julia Gralberg</p>", []),
    ],
)
def test_the_visible_head_reads_names_under_a_label_or_the_headline(head_lines, authors):
    doc = extract_html(Document(id="x", source="x", source_sha256="x", format="html", text=page_with_head(head_lines)), DEFAULT_CONFIG)
    assert doc.authors == authors
