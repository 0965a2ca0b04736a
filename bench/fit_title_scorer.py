#!/usr/bin/env python3
"""Fit the weights of the page-dump title scorer (`cleaners.head.TITLE_WEIGHTS`) on a WCXB-layout set.

For every page and dumper, the page is dumped, its lines labelled as the strip stage does, its
article span found (`cleaners.article.page_layout`), and every headline before the article's prose
described by `cleaners.head.title_features`; a candidate is positive when it is the gold title.
A logistic regression (numpy, L2) is fitted on the odd page ids and checked on the even ones, then
the other way round (a gain on one half only is noise), then on all pages; the weights printed last
go into TITLE_WEIGHTS.

    .venv/bin/python bench/fit_title_scorer.py /work/shared/wcxb-dev --dumpers ours,inscriptis
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from cleaners import article, head  # noqa: E402
from cleaners.strip import first_blocks  # noqa: E402
from dumpers import dump  # noqa: E402
from scoring import normalize_title  # noqa: E402
from wcxb import load_pages  # noqa: E402

FEATURES = [name for name in head.TITLE_WEIGHTS if name != "bias"]


def page_candidates(text: str, gold_title: str | None) -> tuple[np.ndarray, np.ndarray]:
    """The candidates' feature rows and labels (1: the gold title) for one dump."""
    blocks, _ = first_blocks(text)
    texts, rules_of = [block.text for block in blocks], [block.rule for block in blocks]
    layout = article.page_layout(texts, rules_of, ("en",))
    if layout is None:
        return np.zeros((0, len(FEATURES))), np.zeros(0)
    zone = [index for index in range(max(0, layout.prose - 4 * head.TITLE_WINDOW), layout.prose) if not layout.removed[index]]
    zone = zone[-head.TITLE_WINDOW:]
    after = [index for index in range(layout.prose, min(len(texts), layout.prose + 4)) if not layout.removed[index]]
    lines = zone + after
    credits = {lines[position]: role for position, role in head.credit_roles([texts[index] for index in lines]).items()}
    prints = head.page_fingerprints(texts, layout.removed, layout.prose)
    rows, labels = [], []
    for position in head.title_candidates(texts, zone, credits):
        features = head.title_features(texts, zone, position, credits, prints)
        rows.append([float(features[name]) for name in FEATURES])
        labels.append(float(normalize_title(texts[zone[position]]) == normalize_title(gold_title)))
    return np.array(rows).reshape(-1, len(FEATURES)), np.array(labels)


def fit(pages: list[tuple[np.ndarray, np.ndarray]], l2: float = 1.0, steps: int = 3000, rate: float = 0.5) -> np.ndarray:
    """A ranking model: per page, the softmax of the candidates' scores should put the gold title first
    (pages whose gold title is no candidate teach nothing). Gradient descent with an L2 penalty; the
    last weight is the bias (it cannot change a ranking, so it is fitted as a logistic offset after)."""
    taught = [(rows, labels) for rows, labels in pages if labels.sum() == 1]
    weights = np.zeros(len(FEATURES))
    for _ in range(steps):
        gradient = l2 * weights
        for rows, labels in taught:
            scores = rows @ weights
            chances = np.exp(scores - scores.max())
            chances /= chances.sum()
            gradient += rows.T @ (chances - labels)
        weights -= rate * gradient / len(taught)
    return np.r_[weights, 0.0]


def top1(pages: list[tuple[np.ndarray, np.ndarray]], weights: np.ndarray) -> float:
    """The share of pages whose best-scored candidate is the gold title."""
    hits = 0
    for rows, labels in pages:
        if len(rows):
            scores = np.hstack([rows, np.ones((len(rows), 1))]) @ weights
            hits += labels[int(np.argmax(scores))] == 1
    return hits / len(pages) if pages else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", help="a folder in WCXB layout (html/, ground-truth/)")
    parser.add_argument("--dumpers", default="ours,inscriptis")
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args(argv)
    by_half: dict[str, list] = {"odd": [], "even": []}
    for page in load_pages(Path(args.dataset)):
        for dumper in args.dumpers.split(","):
            by_half[page.half].append(page_candidates(dump(dumper, page.html()), page.gold.get("title")))
    for train, test in (("odd", "even"), ("even", "odd")):
        weights = fit(by_half[train], args.l2)
        print(f"fit on {train}: top-1 {top1(by_half[train], weights):.3f} on {train}, {top1(by_half[test], weights):.3f} on {test}")
    weights = fit(by_half["odd"] + by_half["even"], args.l2)
    print(f"fit on all: top-1 {top1(by_half['odd'] + by_half['even'], weights):.3f}")
    current = np.array([head.TITLE_WEIGHTS[name] for name in FEATURES] + [head.TITLE_WEIGHTS["bias"]])
    print(f"current TITLE_WEIGHTS: top-1 {top1(by_half['odd'], current):.3f} odd, {top1(by_half['even'], current):.3f} even")
    print("TITLE_WEIGHTS = {")
    print(f'    "bias": {weights[-1]:.2f},')
    for name, value in zip(FEATURES, weights):
        print(f'    "{name}": {value:.2f},')
    print("}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
