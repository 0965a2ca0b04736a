"""Stage 6, validate: accept or reject with named reasons. Validation never edits text."""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE

from cleaners.config import CleanConfig
from cleaners.document import Document
from cleaners.rules import word_count

NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
MOJIBAKE_REACH = 8  # longer than any match of ftfy's badness patterns (at most 7 characters)


def has_mojibake(text: str) -> bool:
    """ftfy's `is_bad`, searching only near non-ASCII characters: every one of its patterns needs one,
    and no match is longer than MOJIBAKE_REACH, so the answer is the same at a fraction of the cost."""
    start = end = None
    for run in NON_ASCII_RUN.finditer(text):
        if end is not None and run.start() - MOJIBAKE_REACH <= end:
            end = run.end() + MOJIBAKE_REACH
            continue
        if end is not None and BADNESS_RE.search(text, start, end):
            return True
        start, end = max(0, run.start() - MOJIBAKE_REACH), run.end() + MOJIBAKE_REACH
    return end is not None and BADNESS_RE.search(text, start, end) is not None


def validate(doc: Document, config: CleanConfig) -> Document:
    """Add every reason that applies; a document with none is accepted."""
    if doc.status == "rejected":
        return doc
    if not doc.text.strip():
        doc.reject("no_text_after_stripping")
        return doc
    if word_count(doc.text) < config.min_words:
        doc.reject("too_short")
    elif doc.language is None:
        doc.reject("language_unknown")
    if doc.language is not None and config.allowed_languages and doc.language not in config.allowed_languages:
        doc.reject("language_not_allowed")
    if has_mojibake(doc.text):
        doc.reject("residual_mojibake")
    return doc
