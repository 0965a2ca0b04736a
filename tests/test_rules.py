"""Boilerplate rules: every rule has paragraphs it must remove and real paragraphs it must keep."""

import pytest

from conftest import load_cases
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
