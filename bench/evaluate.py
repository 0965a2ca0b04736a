#!/usr/bin/env python3
"""Score an article-body extractor on the dev evaluation set in bench/eval/pages.

For every page and every input kind

    html   bench/eval/pages/<name>/source.html  (raw page bytes)
    dump   bench/eval/pages/<name>/dump.txt     (plain-text dump of the whole page)

the extracted body is compared with ``gold.txt`` on lowercased word tokens
(bag of words with multiplicity, i.e. Counter intersection):

    precision = |out & gold| / |out|        recall = |out & gold| / |gold|
    f1        = harmonic mean
    boilerplate_dropped = 1 - |(out - gold) & junk| / |junk|
        where junk = Counter(input words) - Counter(gold words); for html input
        the dump's words stand for the input word population.

Extractors (``--extractor``):
    trafilatura  trafilatura.extract(html, include_comments=False) on source.html;
                 on dump input trafilatura cannot work on plain text, so the
                 baseline there is "keep everything" (the dump itself).
    newsclean    cleaners.pipeline.clean_bytes(data: bytes, source: str) -> doc.text
    keep_all     the input text itself (for html: the dump) - no cleaning.

Targets (judged on dump input): mean recall >= 0.95 and mean
boilerplate_dropped >= 0.90.

Examples:
    .venv/bin/python bench/evaluate.py --extractor trafilatura
    .venv/bin/python bench/evaluate.py --extractor newsclean --kinds dump --json out.json
    .venv/bin/python bench/evaluate.py --extractor newsclean --config variant.toml   # a setting to compare
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent          # repository root
PAGES = Path(__file__).resolve().parent / "eval" / "pages"
KINDS = ("html", "dump")
TARGETS = {  # metric -> minimum mean, judged on dump input
    "recall": 0.95,
    "boilerplate_dropped": 0.90,
}

_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str | None) -> list[str]:
    return _WORD.findall(text.lower()) if text else []


def score(out_text: str | None, gold_text: str, input_text: str) -> dict:
    out, gold, inp = Counter(words(out_text)), Counter(words(gold_text)), Counter(words(input_text))
    hit = sum((out & gold).values())
    n_out, n_gold = sum(out.values()), sum(gold.values())
    p = hit / n_out if n_out else 0.0
    r = hit / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    junk = inp - gold                      # non-gold words present in the input
    n_junk = sum(junk.values())
    kept_junk = sum(((out - gold) & junk).values())
    dropped = 1.0 - kept_junk / n_junk if n_junk else 1.0
    return {
        "precision": p, "recall": r, "f1": f1, "boilerplate_dropped": dropped,
        "out_words": n_out, "gold_words": n_gold, "input_words": sum(inp.values()),
        "junk_words": n_junk, "junk_kept": kept_junk,
    }


# --------------------------------------------------------------------------- extractors
Extractor = Callable[[str, bytes, Path], object]  # (kind, data, page_dir) -> text | (text, status)


def make_trafilatura() -> Extractor:
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover
        sys.exit(f"error: trafilatura is not importable ({exc})")

    def run(kind: str, data: bytes, page: Path) -> str | None:
        if kind == "dump":  # trafilatura returns None on plain text: keep everything
            return data.decode("utf-8")
        return trafilatura.extract(data.decode("utf-8", errors="replace"), include_comments=False)

    return run


def make_newsclean(config_path: str | None = None) -> Extractor:
    sys.path.insert(0, str(ROOT))
    try:
        from cleaners.config import load_config  # type: ignore
        from cleaners.pipeline import clean_bytes  # type: ignore
    except Exception as exc:
        sys.exit(f"error: newsclean extractor unavailable: cannot import cleaners.pipeline.clean_bytes ({type(exc).__name__}: {exc})")
    config = load_config(config_path)

    def run(kind: str, data: bytes, page: Path) -> str | None:
        source = str(page / ("source.html" if kind == "html" else "dump.txt"))
        doc = clean_bytes(data, source, config)
        status = getattr(doc, "status", None)
        status = getattr(status, "value", status)  # enum -> value
        return getattr(doc, "text", None), (None if status is None else str(status))

    return run


def make_keep_all() -> Extractor:
    def run(kind: str, data: bytes, page: Path) -> str | None:
        if kind == "html":
            return (page / "dump.txt").read_text(encoding="utf-8")
        return data.decode("utf-8")

    return run


EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": make_trafilatura,
    "newsclean": make_newsclean,
    "keep_all": make_keep_all,
}


def score_pages(extract: Extractor, pages: list[Path], kinds: list[str]) -> list[dict]:
    """One row of scores per page and input kind (an extractor error is a row with "error")."""
    rows: list[dict] = []
    for page in pages:
        gold = (page / "gold.txt").read_text(encoding="utf-8")
        dump = (page / "dump.txt").read_text(encoding="utf-8")
        for kind in kinds:
            data = (page / ("source.html" if kind == "html" else "dump.txt")).read_bytes()
            row: dict = {"page": page.name, "kind": kind}
            t0 = time.perf_counter()
            try:
                out = extract(kind, data, page)
            except Exception as exc:  # keep going; count as error
                row["error"] = f"{type(exc).__name__}: {exc}"
                rows.append(row)
                continue
            if isinstance(out, tuple):  # (text, status)
                out, row["status"] = out
            row["seconds"] = round(time.perf_counter() - t0, 4)
            row.update(score(out, gold, dump))  # dump = input word population for both kinds
            row["empty"] = row["out_words"] == 0
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- reporting
METRICS = ("precision", "recall", "f1", "boilerplate_dropped")
SHORT = {"precision": "P", "recall": "R", "f1": "F1", "boilerplate_dropped": "BPdrop"}


def summarize(rows: list[dict], kind: str) -> dict:
    sel = [r for r in rows if r["kind"] == kind and "error" not in r]
    out = {"n": len(sel), "errors": sum(1 for r in rows if r["kind"] == kind and "error" in r),
           "empty_outputs": sum(1 for r in sel if r.get("empty"))}
    for m in METRICS:
        vals = [r[m] for r in sel]
        out[m] = {"mean": statistics.fmean(vals) if vals else 0.0,
                  "median": statistics.median(vals) if vals else 0.0}
    return out


def print_table(rows: list[dict], summary: dict, kinds: list[str], extractor: str) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        Console = None  # type: ignore

    header = ["page"] + [f"{k}:{SHORT[m]}" for k in kinds for m in METRICS]
    by_page: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_page.setdefault(r["page"], {})[r["kind"]] = r

    def cell(r: dict | None, m: str) -> str:
        if r is None:
            return "-"
        if "error" in r:
            return "ERR"
        return f"{r[m]:.3f}"

    body = []
    for page in sorted(by_page):
        body.append([page] + [cell(by_page[page].get(k), m) for k in kinds for m in METRICS])
    foot = []
    for stat in ("mean", "median"):
        foot.append([stat.upper()] + [f"{summary[k][m][stat]:.3f}" for k in kinds for m in METRICS])

    title = f"extractor = {extractor}   ({len(by_page)} pages)"
    if Console is not None:
        t = Table(title=title)
        for h in header:
            t.add_column(h, justify="left" if h == "page" else "right")
        for row in body:
            t.add_row(*row)
        t.add_section()
        for row in foot:
            t.add_row(*row, style="bold")
        Console(width=max(120, 14 + 10 * len(header))).print(t)
    else:
        widths = [max(len(str(row[i])) for row in [header] + body + foot) for i in range(len(header))]
        fmt = lambda row: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
        print(title)
        print(fmt(header))
        print("-" * len(fmt(header)))
        for row in body:
            print(fmt(row))
        print("-" * len(fmt(header)))
        for row in foot:
            print(fmt(row))


def check_targets(summary: dict) -> list[dict]:
    res = []
    if "dump" not in summary:
        return res
    for m, thr in TARGETS.items():
        val = summary["dump"][m]["mean"]
        res.append({"metric": m, "input": "dump", "mean": val, "target": thr, "pass": val >= thr})
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Score an extractor on bench/eval/pages.")
    ap.add_argument("--extractor", choices=sorted(EXTRACTORS), default="trafilatura")
    ap.add_argument("--kinds", default="html,dump", help="comma list of input kinds: html,dump")
    ap.add_argument("--pages", default="", help="comma list of page names (default: all)")
    ap.add_argument("--json", metavar="OUT", help="also write per-page rows + summary as JSON")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target fails")
    ap.add_argument("--config", metavar="TOML", help="newsclean options to score instead of the defaults "
                    "([cleaners] table, e.g. html_fast = false), to choose settings by measurement")
    args = ap.parse_args(argv)

    kinds = [k for k in args.kinds.split(",") if k]
    for k in kinds:
        if k not in KINDS:
            ap.error(f"unknown kind {k!r}")
    wanted = {p for p in args.pages.split(",") if p}
    pages = sorted(p for p in PAGES.iterdir() if (p / "gold.txt").exists() and (not wanted or p.name in wanted))
    if not pages:
        sys.exit(f"error: no pages with gold.txt under {PAGES} (run bench/eval/make_dumps.py)")

    extract = make_newsclean(args.config) if args.extractor == "newsclean" else EXTRACTORS[args.extractor]()
    rows = score_pages(extract, pages, kinds)
    summary = {k: summarize(rows, k) for k in kinds}
    print_table(rows, summary, kinds, args.extractor)
    errors = [r for r in rows if "error" in r]
    for r in errors:
        print(f"ERROR {r['page']} [{r['kind']}]: {r['error']}")
    for k in kinds:
        if summary[k]["empty_outputs"]:
            st = sorted({str(r.get("status")) for r in rows if r["kind"] == k and r.get("empty")})
            print(f"WARNING [{k}] {summary[k]['empty_outputs']}/{summary[k]['n']} outputs are empty "
                  f"(status: {', '.join(st)}); boilerplate_dropped is trivially 1.0 for them")

    targets = check_targets(summary)
    if targets:
        print("\nTargets (dump input):")
        for t in targets:
            print(f"  {'PASS' if t['pass'] else 'FAIL'}  mean {t['metric']} = {t['mean']:.3f}  (target >= {t['target']:.2f})")

    if args.json:
        Path(args.json).write_text(json.dumps(
            {"extractor": args.extractor, "kinds": kinds, "rows": rows,
             "summary": summary, "targets": targets}, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    if args.strict and any(not t["pass"] for t in targets):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
