"""Stage 6, validate: accept or reject with named reasons. Validation never edits text."""

from __future__ import annotations

from itertools import islice

from cleaners.config import CleanConfig
from cleaners.document import Document
from cleaners.repair import has_mojibake
from cleaners.rules import WORD


def fewer_words(text: str, count: int) -> bool:
    """`rules.word_count(text) < count`, counting no further than `count` (and without caching the whole
    text in word_count's cache, which is meant for paragraphs)."""
    return sum(1 for _ in islice(WORD.finditer(text), count)) < count


def validate(doc: Document, config: CleanConfig) -> Document:
    """Add every reason that applies; a document with none is accepted."""
    if doc.status == "rejected":
        return doc
    if not doc.text.strip():
        doc.reject("no_text_after_stripping")
        return doc
    if fewer_words(doc.text, config.min_words):
        doc.reject("too_short")
    elif doc.language is None:
        doc.reject("language_unknown")
    if doc.language is not None and config.allowed_languages and doc.language not in config.allowed_languages:
        doc.reject("language_not_allowed")
    if has_mojibake(doc.text):
        doc.reject("residual_mojibake")
    return doc
