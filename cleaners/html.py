"""Stage 3a, strip for HTML: trafilatura finds the main text and the page's metadata.

What trafilatura drops is not itemised in `removed` (it works on the tree, not on lines); what it
keeps then goes through the same text rules as plain text.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

import trafilatura
from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import (
    META_URL,
    Document as PageMetadata,
    examine_meta,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
    normalize_authors,
)
from trafilatura.settings import DEFAULT_CONFIG as TRAFILATURA_DEFAULTS
from trafilatura.utils import load_html
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from cleaners import bylines, dates, head, rules
from cleaners.config import CleanConfig
from cleaners.document import Document
from cleaners.render import WHITE_SPACE, page_lines

STAGE = "html"
TRAFILATURA_CONFIG = deepcopy(TRAFILATURA_DEFAULTS)
TRAFILATURA_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", "200000")  # bigger trees are pruned, not parsed whole
TRAFILATURA_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # the batch runner enforces the time limit


def page_metadata(tree: HtmlElement, date_params: dict) -> PageMetadata:
    """trafilatura's `extract_metadata`, step for step, for the fields newsclean keeps (title,
    description, author, site name, date, URL). It leaves out categories, tags and license, a quarter
    of that function's time, and searches for an author last, in `tree` itself rather than in a copy:
    the tree is pruned in place, so it is of no use afterwards. Two choices differ, both measured on the
    WCXB dev pages: an author of one word (`Swoogo`, an organisation) is kept (author accuracy 0.707 ->
    0.718), and the date is htmldate's without its extensive search of the page's text (`date_params`).
    A test checks the other fields against `extract_metadata` on real pages."""
    metadata = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - trafilatura guards its JSON-LD reader the same way
        pass
    metadata.title = metadata.title or extract_title(tree)
    metadata.url = metadata.url or extract_url(tree)
    metadata.date = find_date(tree, **{**date_params, "url": metadata.url})
    metadata.sitename = metadata.sitename or extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (site := META_URL.match(metadata.url)):
        metadata.sitename = site[1]
    if not metadata.author:  # trafilatura's extract_author, without its deepcopy of the tree
        author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
        metadata.author = normalize_authors(None, author) if author else None
    metadata.clean_and_trim()
    return metadata


MAX_CREDIT_LINE_WORDS = 15  # a line under the headline this short may carry its date with other credits
HEADLINE_REACH = (3, 12)  # lines before and after the headline searched for its byline and date line


@dataclass
class VisibleHead:
    """What the page shows a reader above the article: its headline, the byline's names, the dates."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updates_only: bool = False  # every date the head shows is labelled an update (`Last updated: ...`)


def headline(tree: HtmlElement, meta_title: str | None) -> HtmlElement | None:
    """The page's headline element: the `h1` the page's own title names (`Headline | Site`), else the
    first `h1` in its article or main element, else its first `h1`."""
    found = [h1 for h1 in tree.iter("h1") if 0 < len(WHITE_SPACE.sub(" ", h1.text_content()).split()) <= head.MAX_TITLE_WORDS]
    if not found:
        return None
    named = rules.fingerprint(meta_title or "")
    for h1 in found:
        text = rules.fingerprint(h1.text_content())
        if named and text and (text in named or named in text):
            return h1
    return next((h1 for h1 in found if any(tag_of(parent) in ("article", "main") for parent in h1.iterancestors())), found[0])


def tag_of(element) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


HEAD_REGION_CHARS = 3000  # text an ancestor of the headline holds before it is taken as the head's region


def head_region(h1: HtmlElement) -> HtmlElement:
    """The headline's nearest ancestor that holds the article (`article`, `main`) or enough text to
    hold its byline and date: rendering it, not the whole page, is what reading the head costs."""
    region = h1
    for parent in h1.iterancestors():
        region = parent
        if tag_of(parent) in ("article", "main", "body") or len(parent.text_content()) >= HEAD_REGION_CHARS:
            break
    return region


def visible_head(tree: HtmlElement, meta_title: str | None) -> VisibleHead:
    """The headline and, among the lines around it, the byline and date lines the head parser reads."""
    h1 = headline(tree, meta_title)
    if h1 is None:
        return VisibleHead()
    marks = {h1: None}
    lines = page_lines(head_region(h1), marks)
    start = marks[h1]
    if start is None or start >= len(lines):
        return VisibleHead()
    zone = lines[max(0, start - HEADLINE_REACH[0]) : start + HEADLINE_REACH[1]]
    names, found = [], []
    for position, role in head.credit_roles(zone).items():
        found += dates.find_dates(zone[position])
        if role == "byline":
            text = zone[position]
            after_label = position > 0 and bylines.is_credit_label(zone[position - 1])  # `Written by` / `Edzel Tabing`
            credited = bylines.read_byline(f"By {text}" if after_label else text)
            names += credited.names if credited else bylines.name_line(text)
    under = lines[start + 1] if start + 1 < len(lines) else ""
    if not names:  # a line of names right under the headline is its byline
        names = list(bylines.name_line(under))
    if not found and rules.word_count(under) <= MAX_CREDIT_LINE_WORDS:  # `Dec 26, 2025 • Mahua Das in Project Management`
        found = list(dates.find_dates(under))
    updates_only = bool(found) and all(date.kind == "updated" for date in found)
    return VisibleHead(lines[start], list(dict.fromkeys(names)), dates.publication_date(found), updates_only)


def publication_date(shown: VisibleHead, page_date: str | None) -> tuple[str | None, str | None]:
    """The date the page shows, unless it shows only when it was updated and its metadata (htmldate, the
    original date) has an earlier one: then that. Returns the date and where it came from."""
    if shown.published and shown.updates_only and page_date and page_date[:10] < shown.published[:10]:
        return page_date, "published_from_metadata_not_update"
    if shown.published:
        return shown.published, "published_from_page_head"
    return page_date or None, None


def extract_html(doc: Document, config: CleanConfig) -> Document:
    """Replace the HTML in `text` by trafilatura's main text; fill the metadata it found."""
    tree = load_html(doc.text)
    result = tree is not None and trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=config.html_include_tables,
        favor_precision=config.html_favor_precision,
        favor_recall=config.html_favor_recall,
        fast=config.html_fast,
        config=TRAFILATURA_CONFIG,
    )
    if not result or not (result.text or "").strip():
        doc.text = ""
        doc.reject("extraction_failed")
        return doc
    meta_title = extract_title(tree)
    shown = visible_head(tree, meta_title)
    # after the extraction and the visible head: page_metadata prunes the tree
    page = page_metadata(tree, {"original_date": True, "min_date": config.earliest_date, "extensive_search": False})
    doc.record(STAGE, "trafilatura_extract")
    doc.text = "\n\n".join(line for line in result.text.split("\n") if line.strip())
    doc.title = shown.title or page.title or None
    doc.description = page.description or None
    doc.authors = bylines.tidy_credited_names(shown.authors or [name.strip() for name in (page.author or "").split(";")])
    doc.publisher = page.sitename or None
    doc.published, date_source = publication_date(shown, page.date)
    doc.url = page.url or None
    for field_name, value in (("title", shown.title), ("authors", shown.authors)):
        if value:
            doc.record(STAGE, f"{field_name}_from_page_head")
    if date_source:
        doc.record(STAGE, date_source)
    return doc
