"""Stage 3a, strip for HTML: trafilatura finds the main text and the page's metadata.

What trafilatura drops is not itemised in `removed` (it works on the tree, not on lines); what it
keeps then goes through the same text rules as plain text.
"""

from __future__ import annotations

from copy import deepcopy

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

from cleaners.config import CleanConfig
from cleaners.document import Document

STAGE = "html"
TRAFILATURA_CONFIG = deepcopy(TRAFILATURA_DEFAULTS)
TRAFILATURA_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", "200000")  # bigger trees are pruned, not parsed whole
TRAFILATURA_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # the batch runner enforces the time limit


def page_metadata(tree: HtmlElement, date_params: dict) -> PageMetadata:
    """trafilatura's `extract_metadata`, step for step, for the fields newsclean keeps (title,
    description, author, site name, date, URL). It leaves out categories, tags and license, a quarter
    of that function's time, and searches for an author last, in `tree` itself rather than in a copy:
    the tree is pruned in place, so it is of no use afterwards. A test checks these fields against
    `extract_metadata` on real pages."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
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
    # after the extraction: page_metadata prunes the tree
    page = page_metadata(tree, {"original_date": True, "min_date": config.earliest_date, "extensive_search": True})
    doc.record(STAGE, "trafilatura_extract")
    doc.text = "\n\n".join(line for line in result.text.split("\n") if line.strip())
    doc.title = page.title or None
    doc.description = page.description or None
    doc.authors = [name.strip() for name in (page.author or "").split(";") if name.strip()]
    doc.publisher = page.sitename or None
    doc.published = page.date or None
    doc.url = page.url or None
    return doc
