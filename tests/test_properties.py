"""Invariants over arbitrary input: never raises, idempotent, validation never edits text."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RAW
from cleaners.config import DEFAULT_CONFIG
from cleaners.pipeline import clean_bytes
from cleaners.repair import repair_text
from cleaners.validate import validate

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
WORDS = st.sampled_from(
    "the minister said on Friday that talks would resume By Moscow: PTI Reuters Share this Also Read "
    "Original url: https://example.com/x won`t Russia`s `quote` \u00a9 2013 April 06, 2013 \u00e2\u20ac\u2122 "
    "Advertisement he she to step down . , ! ? \" ' ( ) - \u2014 : ; \n \n\n".split(" ")
)
PARAGRAPH = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
NEWSISH = st.lists(PARAGRAPH, min_size=1, max_size=12).map("\n\n".join)
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=400)
SAMPLES = [path.read_bytes() for path in sorted(RAW.iterdir()) if path.is_file()]


def cleaned_text(text: str) -> str:
    return clean_bytes(text.encode("utf-8"), "t").text


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(data):
    doc = clean_bytes(data, "fuzz")
    assert doc.status in ("accepted", "rejected")
    assert doc.status == "accepted" or doc.reasons
    doc.to_json()


@SETTINGS
@given(st.sampled_from(SAMPLES), st.integers(0, 5000), st.binary(max_size=50))
def test_damaged_samples_never_raise(sample, position, noise):
    doc = clean_bytes(sample[:position] + noise + sample[position:], "damaged")
    assert doc.status == "accepted" or doc.reasons


@SETTINGS
@given(st.one_of(NEWSISH, ANY_TEXT))
def test_cleaning_is_idempotent(text):
    once = cleaned_text(text)
    assert cleaned_text(once) == once


@SETTINGS
@given(st.one_of(NEWSISH, ANY_TEXT))
def test_repair_is_idempotent(text):
    once, _ = repair_text(text)
    assert repair_text(once)[0] == once


@SETTINGS
@given(st.one_of(NEWSISH, ANY_TEXT))
def test_validation_never_edits_text(text):
    doc = clean_bytes(text.encode("utf-8"), "t")
    before = doc.model_copy(deep=True)
    doc.status, doc.reasons = "accepted", []
    after = validate(doc, DEFAULT_CONFIG)
    assert after.text == before.text and after.removed == before.removed and after.title == before.title


def test_samples_are_idempotent():
    for sample in SAMPLES:
        once = clean_bytes(sample, "s").text
        assert cleaned_text(once) == once
