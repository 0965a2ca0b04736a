"""Whole documents: every sample in raw/ that has a golden gives exactly the expected fields."""

import json

import pytest

from conftest import GOLDEN, RAW
from cleaners.pipeline import clean_file

GOLDENS = sorted(GOLDEN.glob("*.json"))


def raw_for(golden: dict):
    return RAW / golden["source"]


@pytest.mark.parametrize("path", GOLDENS, ids=[path.stem for path in GOLDENS])
def test_golden_document(path):
    golden = json.loads(path.read_text(encoding="utf-8"))
    doc = clean_file(raw_for(golden), f"raw/{golden['source']}")
    assert doc.source.endswith(golden["source"])
    for field, expected in golden.items():
        if field in ("source", "removed_must_include"):
            continue
        assert getattr(doc, field) == expected, field
    removed = [block.text for block in doc.removed]
    for boilerplate in golden["removed_must_include"]:
        assert boilerplate not in doc.text
        assert any(boilerplate in block for block in removed), f"{boilerplate!r} was not recorded as removed"


def test_every_raw_sample_has_a_golden():
    samples = {path.name for path in RAW.iterdir() if path.is_file() and not path.name.startswith(".")}
    covered = {json.loads(path.read_text(encoding="utf-8"))["source"] for path in GOLDENS}
    assert samples <= covered, f"samples without a golden: {sorted(samples - covered)}"
