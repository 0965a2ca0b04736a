"""Stage 5, language: langdetect on a bounded prefix of the text, made deterministic by a fixed seed."""

from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from cleaners.config import CleanConfig
from cleaners.document import Document

DetectorFactory.seed = 0


def detect_language(doc: Document, config: CleanConfig) -> Document:
    """Set `language` and `language_probability`, or leave both null when the text is too thin to tell."""
    sample = doc.text[: config.language_sample_chars]
    if sum(char.isalpha() for char in sample) < config.min_language_letters:
        return doc
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return doc
    if best.prob >= config.min_language_probability:
        doc.language = best.lang
        doc.language_probability = round(best.prob, 4)
    return doc
