#!/usr/bin/env python3
"""Score newsclean and its peers on a dataset in WCXB layout: article body, snippets, metadata.

    .venv/bin/python bench/evaluate.py /work/shared/wcxb-dev --jobs 2 --json bench/out/run.json
    .venv/bin/python bench/evaluate.py --systems newsclean --json after.json      # the repo's sample
    .venv/bin/python bench/evaluate.py DATASET --systems newsclean --config variant.toml
    .venv/bin/python bench/evaluate.py --compare before.json after.json
    .venv/bin/python bench/evaluate.py --show run.json --markdown                 # tables of a saved run

DATASET (positional or --dataset; default bench/eval/wcxb-sample) holds html/<id>.html.gz and
ground-truth/<id>.json (bench/wcxb.py). Inputs: `html` (the page bytes) and `dump-ours`,
`dump-inscriptis`, `dump-html2text` (the page rendered by bench/dumpers.py, given to the system as
UTF-8 plain text). Systems: bench/systems.py. Scores: bench/scoring.py (body = the ScrapingHub
article-extraction-benchmark shingle metric; `with`/`without` snippets; title, author, date).
Every figure is given for all pages and for odd and even page ids (a change that helps one half
only is fitted to those pages).

Dumps and peer outputs never change for the same bytes and library version, so they are cached in
bench/out/cache/<dataset>/<page id>/ (git-ignored), named by input kind or system, library version,
a digest of the module that makes them (dumpers.py, systems.py) and a digest of the input bytes:
re-scoring newsclean costs one pass of newsclean. `--no-cache` recomputes everything.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from statistics import fmean

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(BENCH)]  # `cleaners`, and the bench modules beside this file

import dumpers  # noqa: E402
import report  # noqa: E402
import scoring  # noqa: E402
import systems  # noqa: E402
import wcxb  # noqa: E402

from cleaners.config import DEFAULT_CONFIG, CleanConfig, load_config  # noqa: E402

DEFAULT_DATASET = BENCH / "eval" / "wcxb-sample"
CACHE_ROOT = BENCH / "out" / "cache"
INPUTS = ("html",) + tuple(f"dump-{name}" for name in dumpers.DUMPERS)
HALVES = ("all", "odd", "even")
METADATA_CHECKS = {  # row key -> (field, lenient)
    "title_ok": ("title", False), "author_ok": ("author", False), "date_ok": ("date", False),
    "title_lenient_ok": ("title", True), "author_lenient_ok": ("author", True),
}
LIBRARIES = ("newsclean", "trafilatura", "jusText", "boilerpy3", "inscriptis", "html2text", "lxml", "charset-normalizer")


# --------------------------------------------------------------------------- cache
def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def module_digest(module) -> str:
    """A digest of a module's source: its outputs are cached per version of the code that made them."""
    return digest(Path(module.__file__).read_bytes())[:8]


class Cache:
    """JSON entries under `root/<dataset>/<page id>/<name>.json`; no root, no cache."""

    def __init__(self, root: Path | None, dataset: str):
        self.folder = root / dataset if root is not None else None

    def fetch(self, page_id: str, name: str, make) -> dict:
        """The entry `name` of page `page_id`, made by `make()` and stored when missing."""
        if self.folder is None:
            return make()
        path = self.folder / page_id / f"{name}.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        entry = make()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
        return entry


# --------------------------------------------------------------------------- one page
@dataclass(frozen=True)
class Job:
    """What a run scores: the dataset, the systems by name, the input kinds, newsclean's config."""

    dataset: Path
    system_names: tuple[str, ...]
    inputs: tuple[str, ...]
    config: CleanConfig = DEFAULT_CONFIG
    cache_root: Path | None = CACHE_ROOT


def make_dump(dumper: str, html: bytes) -> dict:
    try:
        return {"text": dumpers.dump(dumper, html), "error": None}
    except Exception as exc:  # noqa: BLE001 - a page a dumper cannot render is an empty input
        return {"text": "", "error": f"dump failed: {type(exc).__name__}: {exc}"[:300]}


def page_input(page: wcxb.Page, html: bytes, kind: str, cache: Cache) -> tuple[bytes, str | None]:
    """The bytes a system gets for input `kind`, and the dumper's error if it failed."""
    if kind == "html":
        return html, None
    dumper = kind.removeprefix("dump-")
    name = f"{kind}-{dumpers.dumper_version(dumper)}-{module_digest(dumpers)}-{digest(html)}"
    entry = cache.fetch(page.id, name, lambda: make_dump(dumper, html))
    return entry["text"].encode("utf-8"), entry["error"]


def system_output(system: systems.System, kind: str, data: bytes, page_id: str, cache: Cache) -> dict:
    """The system's output on `data` as a dict (text, metadata, seconds, error), cached for peers."""

    def make() -> dict:
        output, seconds, error = systems.timed(system, data, kind)
        return asdict(output) | {"seconds": seconds, "error": error}

    if not system.cacheable:
        return make()
    name = f"{system.name}-{kind}-{system.version()}-{module_digest(systems)}-{digest(data)}"
    return cache.fetch(page_id, name, make)


def score_row(page: wcxb.Page, system: systems.System, kind: str, output: dict) -> dict:
    """One page's scores for one system and input kind, with what the system predicted."""
    gold, text = page.gold, output["text"]
    row = {"id": page.id, "half": page.half, "system": system.name, "input": kind}
    row |= scoring.body_scores(text, gold.get("main_content"))
    row["with"] = scoring.snippet_share(text, gold.get("with") or [], present=True)
    row["without"] = scoring.snippet_share(text, gold.get("without") or [], present=False)
    checks = {
        "title": lambda lenient: scoring.title_ok(output["title"], gold.get("title"), lenient),
        "author": lambda lenient: scoring.author_ok(output["authors"], gold.get("author"), lenient),
        "date": lambda lenient: scoring.date_ok(output["date"], gold.get("publish_date")),
    }
    for key, (field, lenient) in METADATA_CHECKS.items():
        row[key] = checks[field](lenient) if field in system.fields else None
    row |= {"title": output["title"], "author": "; ".join(output["authors"]) or None, "date": output["date"]}
    row |= {"seconds": round(output["seconds"], 4), "error": output["error"], "status": output["status"]}
    return row


_worker: dict = {}  # what init_worker built for score_page, in each worker process


def init_worker(job: Job) -> None:
    _worker.update(job=job, systems=systems.build_systems(list(job.system_names), job.config),
                   cache=Cache(job.cache_root, job.dataset.name))


def score_page(page_id: str) -> list[dict]:
    """Every selected system on every selected input of one page."""
    job, cache = _worker["job"], _worker["cache"]
    page = wcxb.load_page(job.dataset, page_id)
    html = page.html()
    rows = []
    for kind in job.inputs:
        data, dump_error = page_input(page, html, kind, cache)
        for system in _worker["systems"]:
            row = score_row(page, system, kind, system_output(system, kind, data, page_id, cache))
            row["error"] = row["error"] or dump_error
            rows.append(row)
    return rows


# --------------------------------------------------------------------------- a run
def score_pages(job: Job, page_ids: list[str], jobs: int = 1, progress: bool = False) -> list[dict]:
    """Rows of scores for every page, system and input (`jobs` worker processes when above 1)."""
    rows: list[dict] = []
    with report.progress_bar(len(page_ids), enabled=progress) as advance:
        if jobs <= 1:
            init_worker(job)
            for page_id in page_ids:
                rows += score_page(page_id)
                advance()
        else:
            with ProcessPoolExecutor(jobs, initializer=init_worker, initargs=(job,)) as pool:
                for future in as_completed([pool.submit(score_page, page_id) for page_id in page_ids]):
                    rows += future.result()
                    advance()
    order = {name: i for i, name in enumerate(job.system_names)} | {kind: i for i, kind in enumerate(job.inputs)}
    return sorted(rows, key=lambda row: (order[row["system"]], order[row["input"]], row["id"]))


def mean_of(values) -> float | None:
    present = [value for value in values if value is not None]
    return fmean(present) if present else None


def summary_of(rows: list[dict]) -> dict:
    """Body, snippet and metadata figures of a set of rows (one system, one input kind)."""
    summary = scoring.summarize_body(rows)
    summary |= {"with": mean_of(row["with"] for row in rows), "without": mean_of(row["without"] for row in rows)}
    summary |= {key.removesuffix("_ok"): mean_of(row[key] for row in rows) for key in METADATA_CHECKS}
    summary |= {"pages": len(rows), "errors": sum(1 for row in rows if row["error"]),
                "seconds": mean_of(row["seconds"] for row in rows) or 0.0}
    return summary


def summarize(rows: list[dict]) -> list[dict]:
    """One summary per system, input kind and half (all pages, odd ids, even ids), in row order."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["system"], row["input"]), []).append(row)
    summaries = []
    for (system, kind), group in groups.items():
        for half in HALVES:
            selected = [row for row in group if half == "all" or row["half"] == half]
            summaries.append({"system": system, "input": kind, "half": half} | summary_of(selected))
    return summaries


def provenance(job: Job, config_path: str | None) -> dict:
    """Where the figures come from: dataset, commit, versions, date, newsclean's config."""

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
        return result.stdout.strip()

    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "dataset": job.dataset.name, "dataset_path": str(job.dataset),
        "commit": git("rev-parse", "--short", "HEAD"), "dirty": bool(git("status", "--porcelain", "--", "cleaners", "bench")),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "python": sys.version.split()[0],
        "versions": versions, "systems": list(job.system_names), "inputs": list(job.inputs),
        "config": config_path, "config_values": job.config.model_dump(mode="json"),
    }


# --------------------------------------------------------------------------- command line
def comma_list(text: str, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = [name for name in names if name not in allowed]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown {what} {', '.join(unknown) or '(none)'}; choose from {', '.join(allowed)}")
    return names


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("dataset", nargs="?", type=Path, help="folder in WCXB layout (default: bench/eval/wcxb-sample)")
    parser.add_argument("--dataset", dest="dataset_option", type=Path, metavar="DATASET", help="the same, as an option")
    parser.add_argument("--systems", default=",".join(systems.SYSTEM_NAMES),
                        type=lambda text: comma_list(text, systems.SYSTEM_NAMES, "system"), help="comma list (default: all)")
    parser.add_argument("--inputs", default=",".join(INPUTS), type=lambda text: comma_list(text, INPUTS, "input"),
                        help="comma list (default: all)")
    parser.add_argument("--ids", default="", help="comma list of page ids (e.g. 0001,0002)")
    parser.add_argument("--limit", type=int, help="only the first N pages (by id)")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--config", metavar="TOML", help="newsclean options to score instead of the defaults ([cleaners] table)")
    parser.add_argument("--json", metavar="OUT", type=Path, help="write per-page rows and the summaries as JSON")
    parser.add_argument("--no-cache", action="store_true", help="recompute dumps and peer outputs")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--show", metavar="RESULTS", type=Path, help="print the tables of a saved --json run, run nothing")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"), type=Path, help="compare two saved --json runs")
    parser.add_argument("--top", type=int, default=10, help="with --compare: pages listed per system and input (default 10)")
    return parser.parse_args(argv)


def load_results(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.compare:
        report.print_comparison(load_results(args.compare[0]), load_results(args.compare[1]), args.top, args.markdown)
        return 0
    if args.show:
        results = load_results(args.show)
        report.print_summaries(results["summaries"], results["provenance"], args.markdown)
        return 0

    dataset = args.dataset_option or args.dataset or DEFAULT_DATASET
    if not (dataset / "ground-truth").is_dir():
        print(f"error: {dataset} is not a folder in WCXB layout (no ground-truth/)", file=sys.stderr)
        return 2
    job = Job(dataset, args.systems, args.inputs, load_config(args.config), None if args.no_cache else CACHE_ROOT)
    ids = [page_id.strip() for page_id in args.ids.split(",") if page_id.strip()]
    try:
        pages = [page.id for page in wcxb.load_pages(dataset, ids, args.limit)]
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    about = provenance(job, args.config) | {"pages": len(pages), "jobs": args.jobs}  # the code as the run starts
    started = time.perf_counter()
    rows = score_pages(job, pages, args.jobs, progress=True)
    summaries = summarize(rows)
    results = {"provenance": about | {"wall_seconds": round(time.perf_counter() - started, 1)},
               "summaries": summaries, "rows": rows}
    report.print_summaries(summaries, results["provenance"], args.markdown)
    report.print_errors(rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
