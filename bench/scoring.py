"""Scores of one extraction against WCXB gold: body shingles, snippets, metadata.

Body: the ScrapingHub article-extraction-benchmark metric. Tokens are `\\w+` (case kept); the
shingles of a text are the multiset of its word 4-grams (a text of fewer than 4 tokens is one
shingle of all of them, an empty text has none); per page tp = |pred & gold|, fp = |pred - gold|,
fn = |gold - pred|. Page precision tp/(tp+fp) and recall tp/(tp+fn), both 1.0 when fp = fn = 0 and
0.0 when tp = 0; `summarize_body` averages them as that benchmark does (see its docstring).

Snippets: WCXB's `with` snippets must be in the output, its `without` snippets must not; both sides
normalised first (`normalize`), then a plain substring test, as WCXB's own evaluate.py does.

Metadata: title equal after normalisation (trailing punctuation dropped); author the same set of
names; date the predicted date's first characters equal to the gold `publish_date`. A null gold is
correct when the system gives nothing. Lenient variants (secondary): titles one inside the other,
any gold author name found.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable
from statistics import fmean

SHINGLE_SIZE = 4
_TOKEN = re.compile(r"\w+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"'})
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_WHITE_SPACE = re.compile(r"\s+")
_AUTHOR_SEPARATORS = re.compile(r",|;|&| and ")
_TRAILING = string.punctuation + " "


# --------------------------------------------------------------------------- body
def shingles(text: str | None, size: int = SHINGLE_SIZE) -> Counter:
    """The multiset of word `size`-grams of `text`, each joined by spaces."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([" ".join(tokens)])
    return Counter(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def body_counts(predicted: str | None, gold: str | None) -> tuple[int, int, int]:
    """(tp, fp, fn) of the predicted shingles against the gold ones."""
    pred, true = shingles(predicted), shingles(gold)
    return sum((pred & true).values()), sum((pred - true).values()), sum((true - pred).values())


def page_precision(tp: int, fp: int, fn: int) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: int, fp: int, fn: int) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def harmonic_mean(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def body_scores(predicted: str | None, gold: str | None) -> dict:
    """One page's tp, fp, fn, precision, recall and F1."""
    tp, fp, fn = body_counts(predicted, gold)
    p, r = page_precision(tp, fp, fn), page_recall(tp, fp, fn)
    return {"tp": tp, "fp": fp, "fn": fn, "p": p, "r": r, "f1": harmonic_mean(p, r)}


def summarize_body(rows: list[dict]) -> dict:
    """Mean P, mean R, their harmonic mean F1, and the mean of per-page F1 over `rows`.

    As in the benchmark's evaluate.py, mean precision is over the pages where the system output
    something (tp + fp > 0) and mean recall over the pages with a gold body (tp + fn > 0): an empty
    output costs recall and per-page F1, not precision. `empty` counts those pages.
    """
    precisions = [row["p"] for row in rows if row["tp"] + row["fp"] > 0]
    recalls = [row["r"] for row in rows if row["tp"] + row["fn"] > 0]
    p = fmean(precisions) if precisions else 0.0
    r = fmean(recalls) if recalls else 0.0
    return {"P": p, "R": r, "F1": harmonic_mean(p, r), "meanF1": fmean(row["f1"] for row in rows) if rows else 0.0,
            "empty": sum(1 for row in rows if row["tp"] + row["fp"] == 0)}


# --------------------------------------------------------------------------- snippets
def normalize(text: str | None) -> str:
    """NFKC, curly quotes straight, every dash a hyphen, white space runs one space, casefolded."""
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES).translate(_DASHES)
    return _WHITE_SPACE.sub(" ", text).strip().casefold()


def snippet_share(output: str | None, snippets: Iterable[str], present: bool) -> float | None:
    """Share of `snippets` found in `output` (present=True) or absent from it (present=False);
    None when there is no snippet to check."""
    wanted = [s for s in map(normalize, snippets) if s]
    if not wanted:
        return None
    text = normalize(output)
    return sum((s in text) == present for s in wanted) / len(wanted)


# --------------------------------------------------------------------------- metadata
def normalize_title(title: str | None) -> str:
    return normalize(title).rstrip(_TRAILING)


def author_names(authors: str | Iterable[str] | None) -> set[str]:
    """The set of normalised names in an author string (or list of strings): split on , ; & and."""
    if authors is None:
        return set()
    texts = [authors] if isinstance(authors, str) else list(authors)
    names = (name.strip() for text in texts for name in _AUTHOR_SEPARATORS.split(normalize(text)))
    return {name for name in names if name}


def title_ok(predicted: str | None, gold: str | None, lenient: bool = False) -> bool:
    pred, true = normalize_title(predicted), normalize_title(gold)
    if not true or not pred:
        return pred == true
    return pred == true or (lenient and (pred in true or true in pred))


def author_ok(predicted: Iterable[str] | None, gold: str | None, lenient: bool = False) -> bool:
    pred, true = author_names(predicted), author_names(gold)
    if not true or not pred:
        return pred == true
    if lenient:
        joined = " ; ".join(sorted(pred))
        return any(name in joined for name in true)
    return pred == true


def date_ok(predicted: str | None, gold: str | None) -> bool:
    """The predicted date starts with the gold date (YYYY-MM-DD; two gold dates are only YYYY-MM)."""
    if not gold:
        return not predicted
    return bool(predicted) and predicted[: len(gold)] == gold
