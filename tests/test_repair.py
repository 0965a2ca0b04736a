"""Repair fixes: case tables of text that must change and text that must not."""

from collections import Counter

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW, load_cases, sample_texts
from cleaners.repair import apply_ftfy, fix_quiet_line, ftfy_config, looks_like_code, repair_text, step_name

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


REAL_TEXTS = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*"))] + list(sample_texts())
FTFY_TEXTS = [case["original"] for case in CASES] + [case["text"] for case in NEGATIVE] + REAL_TEXTS + [
    "caf\u00c3\u00a9 &amp; bar\r\nline two \ufb01ne\x1b[31m red\x1b[0m\n\uff21\uff22 \u2028 next\x0bend",
    "<p>a &amp; b</p>\n\u00e2\u20ac\u0153quoted\u00e2\u20ac\x9d\n",
]


def reference_ftfy(text: str) -> str:
    """ftfy's own line-by-line entry point, with the same choice about entities in markup."""
    return ftfy.fix_text(text, unescape_html=False if "<" in text else "auto")


@pytest.mark.parametrize("text", FTFY_TEXTS, ids=range(len(FTFY_TEXTS)))
def test_ftfy_stage_equals_ftfy_fix_text(text):
    assert apply_ftfy(text)[0] == reference_ftfy(text)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list("ab &;<\n\r\t\x0b\x1b\u00c3\u00a9\u00e2\u20ac\u2122\u201c\u201d\ufb01\uff21\u0085\u00a0")), max_size=80))
def test_ftfy_stage_equals_ftfy_fix_text_on_arbitrary_text(text):
    assert apply_ftfy(text)[0] == reference_ftfy(text)


def ftfy_on_every_line(text: str) -> tuple[str, Counter]:
    """ftfy.fix_and_explain on each line, no shortcut: what apply_ftfy must give, text and steps."""
    config, fixed, steps = ftfy_config(text), [], Counter()
    lines = text.split("\n")
    for index, line in enumerate(lines):
        result = ftfy.fix_and_explain(line + "\n" if index < len(lines) - 1 else line, config)
        fixed.append(result.text)
        steps.update(dict.fromkeys(step_name(action, name) for action, name in result.explanation).keys())
    return "".join(fixed), steps


@pytest.mark.parametrize("text", FTFY_TEXTS, ids=range(len(FTFY_TEXTS)))
def test_shortcuts_give_ftfy_text_and_steps(text):
    assert apply_ftfy(text) == ftfy_on_every_line(text)


QUOTES_AND_MOJIBAKE = list("ab ,.'\"\n&\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u02bc\u00c3\u00a9\u00e2\u20ac\u2122\u0301\u00a0\u2014\u00c2\u0153")


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(QUOTES_AND_MOJIBAKE), max_size=60))
def test_shortcuts_give_ftfy_text_and_steps_on_arbitrary_text(text):
    assert apply_ftfy(text) == ftfy_on_every_line(text)


ASCII_AND_ENTITIES = ["a", "B", " ", "&", ";", "#", "3", "x", "amp", "&amp;", "&#39;", "&#x27;", "&nbsp;", "&AMP;", "\n", "\t", "\u2019", "\u00e9"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(ASCII_AND_ENTITIES), max_size=40).map("".join))
def test_lines_with_ampersands_but_no_entity_are_left_alone(text):
    """A line of printable ASCII with "&" but no entity skips ftfy: what ftfy gives, text and steps."""
    assert apply_ftfy(text) == ftfy_on_every_line(text)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(QUOTES_AND_MOJIBAKE + ["\r\n", "\r", "\r\n\r\n", "&amp;"]), max_size=40).map("".join))
def test_windows_line_ends_give_ftfy_text_and_steps_in_order(text):
    fixed, steps = apply_ftfy(text)
    expected, expected_steps = ftfy_on_every_line(text)
    assert (fixed, list(steps.items())) == (expected, list(expected_steps.items()))


@pytest.mark.parametrize(
    "line, expected",
    [
        ("He said \u201cno\u201d and left.", ('He said "no" and left.', ("uncurl_quotes",))),
        ("An em dash \u2014 and caf\u00e9.", ("An em dash \u2014 and caf\u00e9.", ())),
        ("caf\u00c3\u00a9 is mojibake", None),  # ftfy must decode it
        ("a &amp; b", None),  # an entity
        ("\u201cQ&A\u201d", ('"Q&A"', ("uncurl_quotes",))),  # an ampersand, no entity
        ("cafe\u0301 not composed", None),  # NFC changes it
    ],
)
def test_quiet_line_shortcut(line, expected):
    assert fix_quiet_line(line) == expected
