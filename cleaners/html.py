"""Stage 3a, strip for HTML: trafilatura finds the main text and the page's metadata.

What trafilatura drops is not itemised in `removed` (it works on the tree, not on lines); what it
keeps then goes through the same text rules as plain text.
"""

from __future__ import annotations

from copy import deepcopy

import trafilatura
from trafilatura.settings import DEFAULT_CONFIG as TRAFILATURA_DEFAULTS

from cleaners.config import CleanConfig
from cleaners.document import Document

STAGE = "html"
TRAFILATURA_CONFIG = deepcopy(TRAFILATURA_DEFAULTS)
TRAFILATURA_CONFIG.set("DEFAULT", "MAX_TREE_SIZE", "200000")  # bigger trees are pruned, not parsed whole
TRAFILATURA_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # the batch runner enforces the time limit


def extract_html(doc: Document, config: CleanConfig) -> Document:
    """Replace the HTML in `text` by trafilatura's main text; fill the metadata it found."""
    result = trafilatura.bare_extraction(
        doc.text,
        with_metadata=True,
        include_comments=False,
        include_tables=config.html_include_tables,
        favor_precision=config.html_favor_precision,
        fast=config.html_fast,
        config=TRAFILATURA_CONFIG,
        date_extraction_params={"original_date": True, "min_date": config.earliest_date, "extensive_search": True},
    )
    if result is None or not (result.text or "").strip():
        doc.text = ""
        doc.reject("extraction_failed")
        return doc
    doc.record(STAGE, "trafilatura_extract")
    doc.text = "\n\n".join(line for line in result.text.split("\n") if line.strip())
    doc.title = result.title or None
    doc.description = result.description or None
    doc.authors = [name.strip() for name in (result.author or "").split(";") if name.strip()]
    doc.publisher = result.sitename or None
    doc.published = result.date or None
    doc.url = result.url or None
    return doc
