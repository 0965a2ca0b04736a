"""The command line: one file to stdout, or many files into a clean folder with progress and a summary.

Exit status: 0 accepted (or, with --out, every file accounted for), 1 rejected, 2 unreadable input
or wrong arguments (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from cleaners import __version__
from cleaners.config import ConfigError, load_config
from cleaners.document import Document, json_schema
from cleaners.reasons import REASONS

EXIT_ACCEPTED, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Wrong arguments or an input that cannot be read."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        raise UsageError(message)


def build_parser() -> Parser:
    parser = Parser(
        prog="newsclean",
        description="Clean raw news files (plain text or HTML) into canonical JSON documents.",
    )
    parser.add_argument("inputs", nargs="*", help="raw files or folders")
    parser.add_argument("--format", choices=("json", "text"), default="json", help="json document (default) or the clean text only")
    parser.add_argument("--explain", action="store_true", help="show every change and every removed block with its rule")
    parser.add_argument("--out", metavar="DIR", help="write one JSON per document into DIR (batch mode, incremental)")
    parser.add_argument("--config", metavar="TOML", help="options overriding the defaults ([cleaners] table)")
    parser.add_argument("--learned-from", metavar="DIR", help="use the boilerplate a batch run learned into DIR")
    parser.add_argument("--workers", type=int, default=1, help="parallel workers in batch mode (default 1)")
    parser.add_argument("--batch-size", type=int, default=100, help="files per batch in batch mode (default 100)")
    parser.add_argument("--force", action="store_true", help="clean every file again, even unchanged ones")
    parser.add_argument("--export-jsonl", metavar="FILE", help="after a batch run, write accepted documents as JSONL")
    parser.add_argument("--export-near-duplicates", action="store_true", help="with --export-jsonl: also write near-duplicate copies")
    parser.add_argument("--schema", action="store_true", help="print the document's JSON Schema and exit")
    parser.add_argument("--version", action="version", version=f"newsclean {__version__}")
    return parser


def explain(doc: Document, kept_source: str | None = None) -> str:
    """A readable account of what happened to one document, rule names as in the JSON (and, for a
    near-duplicate, the kept document: its id, and its source when known)."""
    lines = [f"{doc.source}  id={doc.id}  format={doc.format}  encoding={doc.encoding}  status={doc.status}"]
    for reason in doc.reasons:
        lines.append(f"  rejected: {reason} ({REASONS.get(reason, '')})")
    if doc.near_duplicate_of is not None:
        shown = f" ({kept_source})" if kept_source else ""
        lines.append(f"near duplicate of: {doc.near_duplicate_of}{shown}, similarity {doc.near_duplicate_similarity}")
    lines.append("changes:")
    lines += [f"  {change.stage:<9} {change.step:<28} x{change.count}" for change in doc.changes] or ["  (none)"]
    lines.append("removed blocks:")
    lines += [f"  [{block.rule}] {block.text}" for block in doc.removed] or ["  (none)"]
    fields = ("title", "description", "authors", "publisher", "published", "url", "dateline", "agency", "language")
    lines.append("metadata:")
    lines += [f"  {name}: {getattr(doc, name)}" for name in fields]
    lines.append("text:")
    lines += [f"  | {paragraph}" for paragraph in doc.text.split("\n\n")] if doc.text else ["  (empty)"]
    return "\n".join(lines) + "\n"


def render(doc: Document, args) -> str:
    if args.explain:
        return explain(doc, kept_source(args.learned_from, doc.near_duplicate_of))
    return doc.text + "\n" if args.format == "text" else doc.to_json()


def learned_lines(clean_dir: str | None, source: str) -> frozenset[str]:
    """What a batch run learned for the file's source folder, if asked to use it."""
    if not clean_dir:
        return frozenset()
    from cleaners.store import CleanStore, path_key

    store = CleanStore(clean_dir)
    group = str(Path(source).parent) if "/" in source else ""
    learned = store.read_json(store.learned / f"{path_key(group)}.json")
    return frozenset(learned["lines"]) if learned else frozenset()


def with_recorded_cluster(doc: Document, clean_dir: str | None, config) -> Document:
    """With --learned-from: the near-duplicate cluster the batch run settled this document in."""
    if not clean_dir:
        return doc
    from cleaners.near_duplicates import apply_recorded

    return apply_recorded(doc, clean_dir, config)


def kept_source(clean_dir: str | None, kept_id: str | None) -> str | None:
    """The source of a kept document in a clean folder, for --explain."""
    if not clean_dir or not kept_id:
        return None
    from cleaners.store import CleanStore

    kept = CleanStore.read_json(Path(clean_dir) / f"{kept_id}.json")
    return kept.get("source") if kept else None


def clean_one(path: str, args, config) -> int:
    from cleaners.pipeline import clean_file

    if not Path(path).is_file():
        raise UsageError(f"cannot read {path}: not a file")
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from error
    doc = with_recorded_cluster(clean_file(path, path, config, learned_lines(args.learned_from, path)), args.learned_from, config)
    if doc.reasons and doc.reasons[0] in ("unreadable", "vanished"):
        raise UsageError(f"cannot read {path}: {doc.reasons[0]}")
    sys.stdout.write(render(doc, args))
    return EXIT_ACCEPTED if doc.status == "accepted" else EXIT_REJECTED


def clean_many_to_stdout(args, config) -> int:
    """Several inputs without --out: one compact JSON document per line."""
    from cleaners.corpus import scan
    from cleaners.pipeline import clean_file

    status = EXIT_ACCEPTED
    items, _ = scan(args.inputs)
    for item in items:
        doc = with_recorded_cluster(clean_file(item.path, item.source, config, learned_lines(args.learned_from, item.source)), args.learned_from, config)
        sys.stdout.write(render(doc, args) if args.explain or args.format == "text" else doc.model_dump_json() + "\n")
        status = max(status, EXIT_ACCEPTED if doc.status == "accepted" else EXIT_REJECTED)
    return status


def clean_into(args, config) -> int:
    """Batch mode: every file ends as a document or a rejection in the clean folder."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from cleaners.corpus import export_jsonl, finish_run, locked, prepare_run
    from cleaners.runner import fail_batch, run_batch
    from cleaners.sources import changed_lines, load_monitor

    monitor = load_monitor(args.config)

    console = Console(stderr=True)
    with locked(args.out):
        plan = prepare_run(args.inputs, args.out, config, force=args.force, workers=args.workers)
        results, failed = [], 0
        columns = (TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=True) as progress, ThreadPoolExecutor(args.workers) as pool:
            task = progress.add_task("clean", total=len(plan.work))
            futures = {pool.submit(run_batch, batch, plan.settings): batch for batch in plan.batches(args.batch_size, args.workers)}
            for future in as_completed(futures):
                batch = futures[future]
                try:
                    results.append(future.result())
                except Exception as error:  # noqa: BLE001 - a broken batch is reported, never lost
                    console.print(f"batch of {len(batch)} files failed: {error}")
                    results.append(fail_batch(batch, plan.settings))
                    failed += len(batch)
                progress.advance(task, len(batch))
        report = finish_run(plan, results, failed, monitor, run="cli")
    exported = export_jsonl(args.out, args.export_jsonl, args.export_near_duplicates) if args.export_jsonl else None
    print(report.summary_line())
    for source in report.missing:
        print(f"missing: {source} (cleaned before, no longer in the raw folder; its document was kept)")
    if report.rules:
        print("removed blocks by rule: " + ", ".join(f"{rule} {count}" for rule, count in report.rules.items()))
    if report.near_duplicate_largest:
        largest = report.near_duplicate_largest[0]
        print(f"largest near-duplicate cluster: {largest['copies']} copies of {largest['kept']} ({largest['source']})")
    for line in changed_lines(report.sources):
        print(line)
    if exported is not None:
        print(f"exported {exported} accepted documents to {args.export_jsonl}")
    return EXIT_ACCEPTED


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        if args.schema:
            print(json.dumps(json_schema(), indent=2))
            return EXIT_ACCEPTED
        if not args.inputs:
            raise UsageError("no input: give raw files or folders (see --help)")
        if args.workers < 1 or args.batch_size < 1:
            raise UsageError("--workers and --batch-size must be at least 1")
        config = load_config(args.config)
        for given in args.inputs:
            if not Path(given).exists():
                raise UsageError(f"cannot read {given}: no such file or folder")
        if args.out:
            return clean_into(args, config)
        if len(args.inputs) == 1 and not Path(args.inputs[0]).is_dir():
            return clean_one(args.inputs[0], args, config)
        return clean_many_to_stdout(args, config)
    except (UsageError, ConfigError) as error:
        print(f"newsclean: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("newsclean: interrupted", file=sys.stderr)
        return 130
