"""Shared test helpers: paths to the project's raw samples, real pages and goldens, and JSON case tables."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = Path(__file__).resolve().parent / "cases"
SAMPLE = ROOT / "bench" / "eval" / "wcxb-sample"  # 40 real pages with gold (WCXB dev split, CC-BY-4.0)
SAMPLE_PAGES = sorted((SAMPLE / "html").glob("*.html.gz"))
PROSE = [  # three paragraphs of an article's body, for the tests of what surrounds it
    "The minister said on Friday that the talks would resume next week, after a pause of several months.",
    "Officials from both sides are expected to attend the meeting in Geneva, according to a statement.",
    "The last round ended without an agreement on the border, and both delegations left a day early.",
]


def bench_module(name: str):
    """A module of bench/ (not a package), loaded once from its file under its own name, as the
    bench scripts import each other."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_sample_page(path: Path) -> bytes:
    """A sample page's bytes, as fetched."""
    return gzip.decompress(path.read_bytes())


@cache
def sample_texts() -> tuple[str, ...]:
    """Real plain texts: the whole-page text dump of each sample page (bench/dumpers.py `ours`:
    menus, footers and all) and its gold article body."""
    dumpers = bench_module("dumpers")
    dumps = [dumpers.dump("ours", read_sample_page(path)) for path in SAMPLE_PAGES]
    bodies = [json.loads((SAMPLE / "ground-truth" / f"{path.name.removesuffix('.html.gz')}.json").read_text(encoding="utf-8"))
              ["ground_truth"]["main_content"] for path in SAMPLE_PAGES]
    return tuple(dumps + bodies)


def load_cases(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of raw/, so tests never write next to the project's files."""
    target = tmp_path / "raw"
    target.mkdir()
    for path in sorted(RAW.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            (target / path.name).write_bytes(path.read_bytes())
    return target
