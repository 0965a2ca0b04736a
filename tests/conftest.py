"""Shared test helpers: paths to the project's raw samples and goldens, and JSON case tables."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = Path(__file__).resolve().parent / "cases"


def bench_module(name: str):
    """A script of bench/ imported as a module (registered, so its dataclasses work)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


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
