"""Boilerplate rules: every rule has paragraphs it must remove and real paragraphs it must keep."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW, load_cases, sample_texts
from cleaners import rules

CASES = load_cases("rules.json")


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}:{c['text'][:40]}" for c in CASES])
def test_rule(case):
    assert rules.LINE_RULES[case["rule"]](case["text"]) is case["expect"]


def test_every_rule_has_positive_and_negative_cases():
    for name in rules.LINE_RULES:
        expectations = {case["expect"] for case in CASES if case["rule"] == name}
        assert expectations == {True, False}, name


@pytest.mark.parametrize(
    "paragraph",
    [
        "By far the largest protest in years took place on Sunday, organisers said.",
        "PTI and Reuters both reported the story, citing officials in Delhi.",
        "Download speeds doubled last year, the regulator said in its annual report.",
        "Share this: the phrase became a slogan of the campaign, printed on thousands of posters.",
        "Visit https://example.org for the full text of the ruling, the court said in a statement.",
        "It was short.",
        "\"Subscribe to peace\" was the slogan on the banners, which the police confiscated on Sunday.",
        "Follow the money.",
        "Advertising revenue fell by a third, the company said.",
    ],
)
def test_real_paragraphs_match_no_rule(paragraph):
    assert rules.first_rule(paragraph) is None


@pytest.mark.parametrize(
    "line, agencies",
    [("PTI", ["PTI"]), ("(With inputs from PTI and Reuters)", ["PTI", "Reuters"]), ("(With inputs from agencies)", []),
     ("Associated Press", ["AP"])],
)
def test_agencies_in_credit_lines(line, agencies):
    assert rules.agencies_in(line) == agencies


@pytest.mark.parametrize(
    "previous, following, broken",
    [("calls for Assad", "to step down, insisting", True), ("what to do,\" Putin said", "He said Russia", False),
     ("It ended.", "then it began", False), ("A line without end", "Another line", False)],
)
def test_broken_continuation(previous, following, broken):
    assert rules.is_broken_continuation(previous, following) is broken


GUARDED = {name: rule for name, rule in rules.LINE_RULES.items() if rule.needs}
RULE_TEXT = st.lists(st.sampled_from(list("aeo ,.:-\n©()") + ["\u0130", "\u212a", "\u017f", "app ", "play store ", "cookie ",
    "COOKIE ", "co\u212aie ", "we use ", "newsletter ", "e-mail updates ", "sign up for ", "no spam", "opt out at any time",
    "all rights reserved", "RIGHTS ", "copyright ", "(c) ", "google play", "Download the ", "our "]), max_size=40).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(RULE_TEXT)
def test_needed_words_never_skip_a_match(text):
    for name, rule in GUARDED.items():
        assert rule(text) == (rules.word_count(text) <= rule.max_words and rule.found(text)), name


@pytest.mark.parametrize("case", [case for case in CASES if case["rule"] in GUARDED and case["expect"]], ids=lambda case: case["text"][:40])
def test_needed_words_are_in_every_positive_case(case):
    folded = rules.folded(case["text"])
    assert any(need in folded for need in rules.LINE_RULES[case["rule"]].needs)


URL_TEXT = st.lists(st.sampled_from(list("aw.:/@ -)\n") + ["http", "HTTPS", "://", "www.", "WwW.", "ww", "W.", "example.com", "\u0130",
    "\u0131", "\u017f", "\u212a", "\u1e9e"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(URL_TEXT)
def test_url_check_gives_the_search(text):
    assert rules.has_url(text) == (rules.URL.search(text) is not None)


def test_url_check_gives_the_search_on_real_paragraphs():
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*"))] + list(sample_texts())
    lines = {line for text in texts for line in text.splitlines()}
    assert any(rules.has_url(line) for line in lines)
    for line in lines:
        assert rules.has_url(line) == (rules.URL.search(line) is not None), line
