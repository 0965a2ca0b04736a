"""Repair fixes: case tables of text that must change and text that must not."""

import pytest

from conftest import load_cases
from cleaners.repair import looks_like_code, repair_text

CASES = load_cases("repair.json")
NEGATIVE = load_cases("repair_negative.json")


@pytest.mark.parametrize("case", CASES, ids=[case["label"] for case in CASES])
def test_repair_fixes(case):
    fixed, steps = repair_text(case["original"])
    assert fixed == case["fixed"]
    assert steps, "a change must be recorded"


@pytest.mark.parametrize("case", NEGATIVE, ids=[case["label"] for case in NEGATIVE])
def test_repair_leaves_alone(case):
    fixed, steps = repair_text(case["text"])
    assert fixed == case["text"]
    assert not steps


@pytest.mark.parametrize("case", CASES + [{"original": c["text"]} for c in NEGATIVE])
def test_repair_is_idempotent(case):
    once, _ = repair_text(case["original"])
    twice, steps = repair_text(once)
    assert twice == once and not steps


def test_steps_are_named_and_counted():
    _, steps = repair_text("won`t and can`t, `Quote me on this.`")
    assert steps == {"fix_inword_apostrophes": 2, "fix_backtick_quotes": 2}


@pytest.mark.parametrize("span", ["ls -la", "os.path", "x = 1", "grep", "foo()", "a_b", "--force", "C:\\temp"])
def test_code_spans(span):
    assert looks_like_code(span)


@pytest.mark.parametrize("span", ["What do we have to do with it?", "Hello", "no way, he said."])
def test_quotations_are_not_code(span):
    assert not looks_like_code(span)
