"""Dates found in lines: the shortcut `find_dates` takes never hides a date the forms would read."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import CASES, RAW, sample_texts
from cleaners import dates

HEAD_INPUTS = [json.loads(path.read_text(encoding="utf-8")).get("input", "") for path in sorted((CASES / "heads").glob("*/*.json"))]
REAL_TEXTS = [path.read_text(encoding="utf-8", errors="replace") for path in sorted(RAW.glob("*.txt"))] + HEAD_INPUTS + list(sample_texts())
REAL_LINES = sorted({line.strip() for text in REAL_TEXTS for line in text.splitlines() if line.strip()})
DATE_TEXT = st.lists(st.sampled_from(list("0123456789 ,.:/-T") + ["19", "20", "2019", "1999", "June ", "Dec. ", "Mon, ", "13th ",
    "of ", "Published ", "Updated: ", "10:45 ", "PM EST", "\u0661\u0669", "\uff12\uff10"]), max_size=30).map("".join)


def test_every_date_form_needs_a_year():
    assert all(f"(?P<y>{dates.YEAR})" in form for form in dates.DATE_FORMS)
    assert dates.YEAR.startswith(f"(?:{'|'.join(dates.CENTURIES)})")


def test_real_lines_without_a_century_hold_no_date():
    assert any(dates.read_dates(line) for line in REAL_LINES)  # the lines do hold dates
    for line in REAL_LINES:
        if not any(century in line for century in dates.CENTURIES):
            assert dates.read_dates(line) == (), line


def test_shortcut_gives_what_the_forms_read_on_real_lines():
    for line in REAL_LINES:
        if not dates.SHORT_NUMERIC_DATE.match(line):
            assert dates.find_dates(line) == dates.read_dates(line), line


@settings(max_examples=500, deadline=None, derandomize=True)
@given(DATE_TEXT)
def test_shortcut_gives_what_the_forms_read(text):
    if not dates.SHORT_NUMERIC_DATE.match(text.strip()):
        assert dates.find_dates(text) == dates.read_dates(text)
