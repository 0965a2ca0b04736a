"""Stage 5, language: langdetect on a bounded prefix of the text, made deterministic by a fixed seed."""

from __future__ import annotations

from functools import lru_cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from cleaners.config import CleanConfig
from cleaners.document import Document


@lru_cache(maxsize=1)
def detector_factory() -> DetectorFactory:
    """langdetect's profiles, loaded once per process, with a fixed seed so results never vary."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


def detect_language(doc: Document, config: CleanConfig) -> Document:
    """Set `language` and `language_probability`, or leave both null when the text is too thin to tell."""
    sample = doc.text[: config.language_sample_chars]
    if sum(char.isalpha() for char in sample) < config.min_language_letters:
        return doc
    detector = detector_factory().create()
    detector.n_trial = config.language_trials
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return doc
    if best.prob >= config.min_language_probability:
        doc.language = best.lang
        doc.language_probability = round(best.prob, 4)
    return doc
