#!/usr/bin/env python3
"""How often would the monitoring thresholds fire on ordinary run-to-run noise, and on real layout changes?

Six plain-text "sources" (bench/sources_corpus.py layouts: title, byline, date line, trailer lines),
each dressing its own share of real article bodies (the WCXB development split's gold text, or
generated text with --synthetic). Every run replaces each source's files with a fresh random sample
of its articles (`--files LO:HI` files per source per run), cleans them with the library exactly as
the command line does (incremental runs into one clean folder, so the real history is written), and
keeps each source's figures. After `--steady` runs, three sources change layout (ledger: its
trailer, metro: its byline form, herald: its files become teasers that are rejected) and the
remaining runs go on with the changed layouts.

The figures are then replayed through `cleaners.sources.compare` under a grid of thresholds: for
each figure, how often it would fire on the unchanged sources (noise: every comparison of every
run), and whether the change runs fire. Results: OUT/records.jsonl (per run and source) and
OUT/results.json, and a markdown summary on stdout (what BENCHMARKS.md quotes).

    python bench/monitor_noise.py --wcxb /work/shared/wcxb-dev/ground-truth --out /tmp/monitor-noise
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import sources_corpus as corpus  # noqa: E402

from cleaners.config import CleanConfig  # noqa: E402
from cleaners.corpus import finish_run, locked, prepare_run  # noqa: E402
from cleaners.runner import run_batch  # noqa: E402
from cleaners.sources import COMPARED, MonitorConfig, compare  # noqa: E402

CHANGES = {"ledger": "trailer", "metro": "byline", "herald": "rejected"}


def run_once(raw: Path, clean: Path, monitor: MonitorConfig, label: str, workers: int = 2) -> dict[str, dict]:
    with locked(clean):
        plan = prepare_run([str(raw)], clean, CleanConfig())
        with ThreadPoolExecutor(workers) as pool:
            results = list(pool.map(lambda batch: run_batch(batch, plan.settings), plan.batches(50, workers)))
        report = finish_run(plan, results, monitor=monitor, run=label)
    return {status["source"].rsplit("/", 1)[-1]: status for status in report.sources}


def simulate(articles: list, out: Path, runs: int, steady: int, files: tuple[int, int], seed: int) -> list[dict]:
    rng = random.Random(seed)
    pools = {layout.folder: [] for layout in corpus.LAYOUTS}
    shuffled = articles[:]
    rng.shuffle(shuffled)
    for number, article in enumerate(shuffled):
        pools[corpus.LAYOUTS[number % len(corpus.LAYOUTS)].folder].append(article)
    raw, clean = out / "raw", out / "clean"
    for folder in (raw, clean):
        shutil.rmtree(folder, ignore_errors=True)
    records = []
    record_everything = MonitorConfig(min_files=1, min_runs=1)  # the replay decides; the run only records
    for run in range(runs):
        started = time.monotonic()
        for layout in corpus.LAYOUTS:
            if run >= steady and layout.folder in CHANGES:
                layout = layout.changed(CHANGES[layout.folder])
            folder = raw / layout.folder
            shutil.rmtree(folder, ignore_errors=True)
            count = min(rng.randint(*files), len(pools[layout.folder]))
            corpus.write_files(folder, layout, rng.sample(pools[layout.folder], count), rng, f"r{run:03d}")
        statuses = run_once(raw, clean, record_everything, f"run {run}")
        for source, status in sorted(statuses.items()):
            records.append({"run": run, "source": source, "changed_layout": run >= steady and source in CHANGES, **status["figures"]})
        print(f"run {run}: {sum(s['figures']['files'] for s in statuses.values())} files in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return records


def replay(records: list[dict], config: MonitorConfig) -> list[dict]:
    """Every source's runs in order, compared as `record_run` would with `config`; one row per comparison."""
    rows = []
    for source in sorted({r["source"] for r in records}):
        history: list[dict] = []
        for record in sorted((r for r in records if r["source"] == source), key=lambda r: r["run"]):
            comparisons = compare(record, history, config)
            history.append({**record, "moved": [n for n, c in comparisons.items() if c.moved]})
            for group in GROUPS:
                compared = [c for name, c in comparisons.items() if c.compared and group_of(name) == group]
                if compared:
                    worst = max(compared, key=lambda c: abs(c.change))
                    rows.append({"source": source, "run": record["run"], "figure": group, "changed_layout": record["changed_layout"],
                                 "new": any(c.new for c in compared), "change": worst.change,
                                 "fired": sorted(c.figure for c in compared if c.new)})
    return rows


GROUPS = [*COMPARED, "rules"]


def group_of(figure: str) -> str:
    """The rules' shares are one family: a run fires "rules" when any rule's share moved."""
    return "rules" if figure.startswith("rule:") else figure


def firing(rows: list[dict], steady: int) -> dict:
    """Per figure: comparisons on unchanged sources and how many fired; the first change run per changed source."""
    result = {}
    for figure in GROUPS:
        noise = [r for r in rows if r["figure"] == figure and not r["changed_layout"] and not (r["source"] in CHANGES and r["run"] >= steady)]
        result[figure] = {
            "noise_comparisons": len(noise),
            "noise_fired": sum(r["new"] for r in noise),
            "largest_noise_change": max((abs(r["change"]) for r in noise), default=None),
            "p99_noise_change": percentile([abs(r["change"]) for r in noise], 0.99),
        }
    detected = {}
    for source, kind in CHANGES.items():
        at_change = [r for r in rows if r["source"] == source and r["run"] == steady]
        later = [r for r in rows if r["source"] == source and r["run"] > steady]
        detected[f"{source} ({kind})"] = {
            "fired": sorted(name for r in at_change for name in r["fired"]),
            "changes": {r["figure"]: r["change"] for r in at_change},
            "fired_again_later": sorted({r["figure"] for r in later if r["new"]}),
        }
    return {"figures": result, "changes": detected}


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


GRID = [
    ("defaults", {}),
    ("min_files 10", {"min_files": 10}),
    ("min_files 30", {"min_files": 30}),
    ("window 3", {"window": 3}),
    ("window 10", {"window": 10}),
    ("metadata 20 (the issue's example)", {"metadata_points": 20.0}),
    ("metadata 20, min_files 30", {"metadata_points": 20.0, "min_files": 30}),
    ("metadata 30", {"metadata_points": 30.0}),
    ("rules 40", {"rule_points": 40.0}),
    ("metadata 15, rules 30", {"metadata_points": 15.0, "rule_points": 30.0}),
    ("boilerplate 10 points", {"boilerplate_points": 10.0}),
    ("boilerplate 5 points", {"boilerplate_points": 5.0}),
    ("rejection x1.5, 5 points", {"rejection_ratio": 1.5, "rejection_points": 5.0}),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--wcxb", type=Path, help="the WCXB dev split's ground-truth folder (real article bodies)")
    source.add_argument("--synthetic", type=int, metavar="N", help="N generated articles instead")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=45)
    parser.add_argument("--steady", type=int, default=40, help="runs before the layout changes")
    parser.add_argument("--files", default="15:60", help="files per source per run, LO:HI (default 15:60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--replay", action="store_true", help="only replay OUT/records.jsonl")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    records_path = args.out / "records.jsonl"
    if not args.replay:
        articles = corpus.wcxb_articles(args.wcxb) if args.wcxb else corpus.synthetic_articles(args.synthetic, args.seed)
        lo, hi = (int(part) for part in args.files.split(":"))
        records = simulate(articles, args.out, args.runs, args.steady, (lo, hi), args.seed)
        records_path.write_text("".join(json.dumps(r) + "\n" for r in records))
    records = [json.loads(line) for line in records_path.read_text().splitlines()]
    results = {}
    for name, overrides in GRID:
        config = replace_config(overrides)
        results[name] = {"config": config.model_dump(), **firing(replay(records, config), args.steady)}
    (args.out / "results.json").write_text(json.dumps(results, indent=1))
    print(markdown(results, records, args))
    return 0


def replace_config(overrides: dict) -> MonitorConfig:
    return MonitorConfig(**overrides)


def markdown(results: dict, records: list[dict], args) -> str:
    sizes = [r["files"] for r in records]
    lines = [
        f"{len({r['run'] for r in records})} runs x {len({r['source'] for r in records})} sources, {min(sizes)}-{max(sizes)} files per source per run "
        f"(median {sorted(sizes)[len(sizes) // 2]}); layouts change at run {args.steady}.",
        "",
        "| thresholds | " + " | ".join(GROUPS) + " | " + " | ".join(f"{s} ({k})" for s, k in CHANGES.items()) + " |",
        "|---|" + "---:|" * len(GROUPS) + "---|" * len(CHANGES),
    ]
    for name, result in results.items():
        cells = []
        for figure in GROUPS:
            f = result["figures"][figure]
            cells.append(f"{f['noise_fired']}/{f['noise_comparisons']}")
        for key, change in result["changes"].items():
            fired = ", ".join(change["fired"]) or "**none**"
            again = f" (again later: {', '.join(change['fired_again_later'])})" if change["fired_again_later"] else ""
            cells.append(fired + again)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "Largest and 99th-percentile change on unchanged sources (points), defaults:", ""]
    for figure, f in results["defaults"]["figures"].items():
        lines.append(f"- {figure}: largest {f['largest_noise_change']}, p99 {f['p99_noise_change']}")
    lines += ["", "Change at the layout change (points), defaults:", ""]
    for key, change in results["defaults"]["changes"].items():
        lines.append(f"- {key}: " + ", ".join(f"{n} {v:+}" for n, v in change["changes"].items() if v is not None))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
