"""The validate stage: its mojibake check gives ftfy's answer; reasons are named."""

import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW, sample_texts
from cleaners.config import DEFAULT_CONFIG
from cleaners.document import Document
from cleaners.repair import has_mojibake
from cleaners.rules import word_count
from cleaners.validate import fewer_words, validate

TEXTS = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*"))] + list(sample_texts())
TEXTS += ["caf\u00c3\u00a9", "\u00c3 starts", "x \u00c3 y", "ab\n\u00c0\u00a3", "\u0153\n", "\u0152x", "plain ascii", ""]
MOJIBAKE_ALPHABET = list("aZ .\n\t\u00a0") + list("\u00c3\u00c2\u00e2\u20ac\u2122\u0153\u0152\u00a3\u00c0\u00a6\u00b8\u00e9\u0413\u045e\u0412\u0402\u00ba\u00b0\u00c9")


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_mojibake_check_agrees_with_ftfy(text):
    assert has_mojibake(text) == is_bad(text)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(MOJIBAKE_ALPHABET), max_size=60))
def test_mojibake_check_agrees_with_ftfy_on_arbitrary_text(text):
    assert has_mojibake(text) == is_bad(text)


def document(text: str, language: str | None = "en") -> Document:
    return Document(id="x", source="x", source_sha256="x", text=text, language=language)


@pytest.mark.parametrize(
    ("text", "language", "reasons"),
    [
        ("", "en", ["no_text_after_stripping"]),
        ("Too short to keep.", "en", ["too_short"]),
        ("word " * 50, None, ["language_unknown"]),
        ("word " * 50, "fr", ["language_not_allowed"]),
        ("caf\u00c3\u00a9 " + "word " * 50, "en", ["residual_mojibake"]),
        ("word " * 50, "en", []),
    ],
)
def test_reasons(text, language, reasons):
    assert validate(document(text, language), DEFAULT_CONFIG).reasons == reasons


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("ab ,.\n_9\u00e9\u2019")), max_size=200), st.integers(0, 60))
def test_fewer_words_is_a_word_count_below(text, count):
    assert fewer_words(text, count) == (word_count(text) < count)
