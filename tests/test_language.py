"""The language stage: QuickDetector finds exactly what langdetect's own Detector finds."""

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

from conftest import RAW, sample_texts
from cleaners.config import DEFAULT_CONFIG
from cleaners.document import Document
from cleaners.language import SEED, QuickDetector, detect_language, profiles

REAL_TEXTS = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*.txt"))] + list(sample_texts())
MIXED = [
    "Die Bundesregierung hat am Mittwoch beschlossen, die Steuern zu senken.",
    "Le gouvernement a annoncé mercredi une baisse des impôts pour les ménages modestes.",
    "Chính phủ Việt Nam công bố kế hoạch mới về kinh tế trong năm nay.",
    "\u6771\u4eac\u90fd\u306f\u6c34\u66dc\u65e5\u3001\u65b0\u3057\u3044\u8a08\u753b\u3092\u767a\u8868\u3057\u305f\u3002 NASA and the ESA said so.",
    "\u0627\u0644\u062d\u0643\u0648\u0645\u0629 \u0623\u0639\u0644\u0646\u062a \u064a\u0648\u0645 \u0627\u0644\u0623\u0631\u0628\u0639\u0627\u0621 USA UN",
    "NATO   and the EU   said  the  PRESIDENT's USA-visit https://example.com/x mail me@example.org ȘȚ șț",
    "  leading spaces, trailing spaces   ",
    "\u0412\u043b\u0430\u0441\u0442\u0438 \u041c\u043e\u0441\u043a\u0432\u044b \u0437\u0430\u044f\u0432\u0438\u043b\u0438 \u0432 \u0441\u0440\u0435\u0434\u0443 \u041e\u041e\u041d",
]


LANGDETECT = DetectorFactory()
LANGDETECT.load_profile(PROFILES_DIRECTORY)
LANGDETECT.set_seed(SEED)


def both(text: str) -> tuple[Detector, QuickDetector]:
    reference, quick = Detector(LANGDETECT), QuickDetector(profiles())
    for detector in (reference, quick):
        detector.n_trial = DEFAULT_CONFIG.language_trials
        detector.append(text)
    return reference, quick


def test_profiles_are_langdetects_own():
    packed = profiles()
    assert list(packed.languages) == LANGDETECT.langlist
    assert list(packed.rows) == list(LANGDETECT.word_lang_prob_map)
    assert (packed.table == np.array(list(LANGDETECT.word_lang_prob_map.values()))).all()


def assert_same(text: str) -> None:
    reference, quick = both(text)
    assert quick.text == reference.text
    reference.cleaning_text()
    quick.cleaning_text()
    assert quick.text == reference.text
    assert quick.langlist == reference.langlist
    assert quick._extract_ngrams() == reference._extract_ngrams()
    assert quick._extract_rows() == [quick.word_lang_prob_map[gram] for gram in reference._extract_ngrams()]
    if reference._extract_ngrams():
        assert [(l.lang, l.prob) for l in quick.get_probabilities()] == [
            (l.lang, l.prob) for l in reference.get_probabilities()
        ]


@pytest.mark.parametrize("text", REAL_TEXTS + MIXED, ids=range(len(REAL_TEXTS + MIXED)))
def test_same_ngrams_and_probabilities_as_langdetect(text):
    assert_same(text[:3000])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("aBcDE xyZ  ÉéßøŁ\u0219\u1ea1\u3042\u30a2\u4e00\uac00\u0627.,\n-'")), max_size=200))
def test_same_ngrams_on_arbitrary_text(text):
    assert_same(text)


@pytest.mark.parametrize("text", REAL_TEXTS[:3] + MIXED[:2], ids=range(5))
def test_same_answer_at_every_text_length(text):
    """Prefixes of every length: the letter count's shortcut, the Latin count's prefix bound and the last
    token's padding all meet their edge cases."""
    for end in range(0, min(len(text), 400), 7):
        assert_same(text[:end])


def reference_language(text: str) -> tuple[str | None, float | None]:
    """detect_language's answer computed with langdetect itself and a plain letter count."""
    sample = text[: DEFAULT_CONFIG.language_sample_chars]
    if sum(map(str.isalpha, sample)) < DEFAULT_CONFIG.min_language_letters:
        return None, None
    detector = Detector(LANGDETECT)
    detector.n_trial = DEFAULT_CONFIG.language_trials
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except Exception:  # noqa: BLE001 - no features: no language
        return None, None
    return (best.lang, round(float(best.prob), 4)) if best.prob >= DEFAULT_CONFIG.min_language_probability else (None, None)


@pytest.mark.parametrize("text", REAL_TEXTS[:4] + MIXED, ids=range(4 + len(MIXED)))
def test_detect_language_gives_langdetects_answer(text):
    for end in list(range(40, 400, 11)) + [1000, 3000]:
        doc = detect_language(Document(id="x", source="x", source_sha256="x", text=text[:end]), DEFAULT_CONFIG)
        assert (doc.language, doc.language_probability) == reference_language(text[:end])


def test_language_is_set_only_with_enough_text():
    english = Document(id="x", source="x", source_sha256="x", text=REAL_TEXTS[0])
    assert detect_language(english, DEFAULT_CONFIG).language == "en"
    thin = Document(id="x", source="x", source_sha256="x", text="Yes. No. Maybe.")
    assert detect_language(thin, DEFAULT_CONFIG).language is None
