"""The head/trailer case corpus (tests/cases/heads): every expected key and substring list of every case.

Cases the pipeline fails today are listed in `tests/cases/heads/known_failures.txt` and marked
xfail(strict=True): a case that starts to pass fails the run until its id is taken off the list
(`python bench/score_cases.py --write-known-failures` rewrites the list from a fresh run).
"""

import importlib.util
import json

import pytest

from conftest import CASES, ROOT

spec = importlib.util.spec_from_file_location("score_cases", ROOT / "bench" / "score_cases.py")
score_cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score_cases)

HEADS = CASES / "heads"
HEAD_CASES = score_cases.load_cases(HEADS)
KNOWN_FAILURES = score_cases.read_known_failures(HEADS)
FAMILIES = {"head_order", "date_lines", "datelines", "bylines", "trailers", "scraper_residue", "decoding", "negative"}


def case_param(case: dict):
    known = case["id"] in KNOWN_FAILURES
    marks = [pytest.mark.xfail(strict=True, reason="in known_failures.txt")] if known else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [case_param(case) for case in HEAD_CASES])
def test_case(case):
    result = score_cases.judge(case)
    for field, judged in result["fields"].items():
        assert judged["got"] == judged["expected"], field
    assert result["removed_left"] == [], "boilerplate left in the text"
    assert result["kept_lost"] == [], "body lines lost"


def test_case_files_are_well_formed():
    for path in sorted(HEADS.glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        assert case["family"] in FAMILIES and path.parent.name == case["family"], path
        assert path.stem == case["id"] and case["id"].startswith(f"{case['family']}-"), path
        assert case["outlet"] and case["origin"] and case["notes"] and case["expect"], path
        assert set(case["expect"]) <= set(score_cases.FIELDS), path


def test_known_failures_name_existing_cases():
    assert KNOWN_FAILURES <= {case["id"] for case in HEAD_CASES}
