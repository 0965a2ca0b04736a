"""The corpus run as a Prefect flow: `python -m flows.clean_corpus --raw-dir raw --clean-dir clean`.

The same run as `python -m cleaners raw --out clean` (cleaners.cli.clean_into), with Prefect around it:
`prepare_run` plans the work, each batch of files is one Prefect task (`run_batch` cleans it in a
child process and writes the documents itself; only paths go in and counts come back), a batch that
still fails after its retries is recorded with `fail_batch`, and `finish_run` writes the report,
which the flow publishes as artifacts (summary, rejections, removal rules, the largest near-duplicate
clusters, and each source's figures beside its history: flows/monitor.py, which also sends a
`newsclean.source.changed` event for every source whose figures moved past the `[monitor]`
thresholds). `finish_run` also settles near-duplicate clusters (cleaners.near_duplicates), in this
process, after every batch, from the signatures the batches sent back.

Where batches run: `--workers N` threads in this process (ThreadPoolTaskRunner; every thread's batch
runs in its own child process, so threads use all cores), `--dask-local N` a local Dask cluster of N
worker processes, or `--dask-address tcp://host:8786` an existing Dask cluster (prefect-dask).

Without PREFECT_API_URL the run uses Prefect's embedded local server (started and stopped with the
run); with PREFECT_API_URL pointing at `prefect server start`, runs, logs and artifacts show in the UI.
Workers on other machines (`--dask-address`) need a server they can reach: set PREFECT_API_URL, and
start them with DASK_DISTRIBUTED__WORKER__DAEMON=False so each batch can run in its own child process.
Every worker needs the same paths to the raw and clean folders.
Exit status: 0 when every raw file is accounted for, 1 otherwise, 2 for wrong arguments.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import time
from pathlib import Path

import flows  # noqa: F401  (quiet Prefect defaults, set before Prefect is imported)

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import MissingContextError
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from cleaners.config import ConfigError
from cleaners.corpus import RunLocked, RunReport, export_jsonl, finish_run, locked, prepare_run
from cleaners.runner import BatchResult, BatchSettings, WorkItem, can_isolate, fail_batch, run_batch
from flows.monitor import publish_sources
from flows.report import MAX_REJECTION_ROWS, accounted_for, artifacts
from flows.settings import DEFAULT_BATCH_SIZE, DEFAULT_WORKERS, FLOW_DEFAULTS, cleaner_config, flow_settings, monitor_config

EXIT_OK, EXIT_UNACCOUNTED, EXIT_USAGE = 0, 1, 2
TASK_RETRIES = 2
TASK_RETRY_DELAY_SECONDS = 1


@task(
    name="clean-batch",
    task_run_name="batch {number}/{total}",
    retries=TASK_RETRIES,
    retry_delay_seconds=TASK_RETRY_DELAY_SECONDS,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def clean_batch(items: list[WorkItem], settings: BatchSettings, number: int, total: int) -> BatchResult:
    """Clean one batch of raw files; the documents are written by the child process, counts come back."""
    logger = run_logger()
    logger.info("batch %d/%d: %d files, first %s", number, total, len(items), items[0].source if items else "-")
    if not can_isolate():
        logger.warning(
            "batch %d/%d runs in a daemonic worker process: cleaned in-process, without the per-document "
            "time limit (start Dask workers with DASK_DISTRIBUTED__WORKER__DAEMON=False)",
            number,
            total,
        )
    started = time.monotonic()
    result = run_batch(items, settings)
    logger.info(
        "batch %d/%d done: %d accepted, %d rejected in %.2f s",
        number,
        total,
        result.accepted,
        result.rejected,
        time.monotonic() - started,
    )
    return result


def run_logger():
    """The Prefect run logger (its records go to the UI), or a plain logger outside a run (`clean_batch.fn`)."""
    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger(__name__)


def task_runner(workers: int, dask_address: str | None, dask_local: int):
    """The task runner for the batches, and a short description of it for logs and the summary."""
    if dask_address or dask_local:
        from prefect_dask import DaskTaskRunner

        if dask_address:
            return DaskTaskRunner(address=dask_address), f"Dask cluster at {dask_address}"
        cluster = {
            "n_workers": dask_local,
            "threads_per_worker": 1,
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,
        }
        return DaskTaskRunner(cluster_class="distributed.LocalCluster", cluster_kwargs=cluster), f"local Dask cluster of {dask_local} workers"
    return ThreadPoolTaskRunner(max_workers=workers), f"{workers} worker threads"


@contextlib.contextmanager
def dask_context(dask: bool):
    """For Dask: worker processes that may start children, and a server address the workers can reach.

    Dask workers are daemonic by default, and a daemonic process cannot start the child process that
    enforces the per-document time limit. In embedded mode the local server's address is only known
    inside this process; without it, every Dask worker process would start a temporary server of its
    own and its task runs would be lost.
    """
    if not dask:
        yield
        return
    import dask.config
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    with contextlib.ExitStack() as stack:
        stack.enter_context(dask.config.set({"distributed.worker.daemon": False}))
        if not get_current_settings().api.url:
            from prefect.server.api.server import SubprocessASGIServer

            server = SubprocessASGIServer()
            if server.running:
                stack.enter_context(temporary_settings({PREFECT_API_URL: server.api_url}))
        yield


@contextlib.contextmanager
def hold_lock(clean_dir: str, logger):
    """The clean folder's lock for the whole run; say so when another run holds it and we wait."""
    try:
        with locked(clean_dir, wait=False):
            yield
        return
    except RunLocked:
        logger.warning("another run is writing %s: waiting for it to finish", clean_dir)
    with locked(clean_dir):
        yield


@flow(name="clean-corpus", persist_result=False, log_prints=False)
def clean_corpus(
    raw_dir: str = "raw",
    clean_dir: str = "clean",
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = DEFAULT_WORKERS,
    config_path: str | None = None,
    force: bool = False,
    export_jsonl_path: str | None = None,
    export_near_duplicates: bool = False,
    dask_address: str | None = None,
    dask_local: int = 0,
    max_rejection_rows: int = MAX_REJECTION_ROWS,
) -> RunReport:
    """Clean every raw file under `raw_dir` into `clean_dir` (incremental), publish the run report."""
    logger = run_logger()
    if not Path(raw_dir).is_dir():
        raise FileNotFoundError(f"raw folder {raw_dir} does not exist (relative to {os.getcwd()})")
    if batch_size < 1 or workers < 1 or dask_local < 0:
        raise ValueError("batch_size and workers must be at least 1, dask_local at least 0")
    config = cleaner_config(config_path)
    monitor = monitor_config(config_path)
    runner, runner_label = task_runner(workers, dask_address, dask_local)
    dask = bool(dask_address or dask_local)

    with hold_lock(clean_dir, logger):
        plan = prepare_run([raw_dir], clean_dir, config, force=force, workers=dask_local or workers)
        settings, batches = plan.settings, plan.batches(batch_size, dask_local or workers)  # settings.path_of: workers may run elsewhere
        total = len(batches)
        logger.info(
            "%d files in %s: %d to clean in %d batches of up to %d (%s), %d unchanged, %d duplicates, %d missing",
            plan.seen,
            raw_dir,
            len(plan.work),
            total,
            batch_size,
            runner_label,
            plan.skipped,
            plan.duplicates,
            len(plan.missing),
        )
        results: list[BatchResult] = []
        failed = 0
        if batches:
            with dask_context(dask), runner:
                # quote(): Prefect need not look inside the batch for futures (saves ~10 ms per 500 files);
                # Dask takes quote's tuple apart, so there the values go as they are.
                wrap = (lambda value: value) if dask else quote
                futures = [
                    runner.submit(
                        clean_batch,
                        {"items": wrap(batch), "settings": wrap(settings), "number": number, "total": total},
                    )
                    for number, batch in enumerate(batches, 1)
                ]
                for number, (future, batch) in enumerate(zip(futures, batches), 1):
                    try:
                        results.append(future.result())
                    except Exception as error:  # noqa: BLE001 - a broken batch is reported, never lost
                        logger.error(
                            "batch %d/%d failed after %d retries (%s: %s): its %d files are recorded as batch_failed",
                            number,
                            total,
                            TASK_RETRIES,
                            type(error).__name__,
                            error,
                            len(batch),
                        )
                        results.append(fail_batch(batch, settings))
                        failed += len(batch)
        report = finish_run(plan, results, failed, monitor, run=run_label())

    if report.missing:
        shown = ", ".join(report.missing[:10]) + (f" and {len(report.missing) - 10} more" if len(report.missing) > 10 else "")
        logger.info("%d raw files cleaned before are missing now (their documents were kept): %s", len(report.missing), shown)
    if export_jsonl_path:
        rows = export_jsonl(clean_dir, export_jsonl_path, export_near_duplicates)
        logger.info("exported %d accepted documents to %s", rows, export_jsonl_path)
    publish(report, raw_dir, clean_dir, total, batch_size, runner_label, max_rejection_rows)
    logger.info(report.summary_line())
    return report


def run_label() -> str:
    """How the sources' history names this run."""
    from prefect.runtime import flow_run

    return f"flow run {flow_run.name} {flow_run.id}" if flow_run.id else "flow run"


def publish(report: RunReport, raw_dir: str, clean_dir: str, batches: int, batch_size: int, runner: str, max_rows: int) -> None:
    """The run report as artifacts on the flow run (Artifacts tab in the UI); events for sources that changed."""
    sources = publish_sources(report.sources, clean_dir, run_logger())  # first: the summary links its table
    content = artifacts(report, raw_dir, clean_dir, batches, batch_size, runner, max_rejection_rows=max_rows, sources=sources)
    create_markdown_artifact(content.summary, key="corpus-run-summary", description=report.summary_line())
    create_table_artifact(content.rejections, key="corpus-rejections", description=content.rejections_description)
    create_table_artifact(content.rules, key="corpus-removal-rules", description=content.rules_description)
    create_table_artifact(content.near_duplicates, key="corpus-near-duplicates", description=content.near_duplicates_description)


class UsageError(Exception):
    """Wrong arguments: one line on stderr, exit status 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise UsageError(message)


def build_parser() -> Parser:
    parser = Parser(
        prog="python -m flows.clean_corpus",
        description="Clean a raw folder into a clean folder as a Prefect flow run (incremental; reports as artifacts).",
    )
    parser.add_argument("--raw-dir", help=f"raw files (default {FLOW_DEFAULTS['raw_dir']})")
    parser.add_argument("--clean-dir", help=f"clean folder (default {FLOW_DEFAULTS['clean_dir']})")
    parser.add_argument("--config", metavar="TOML", help="[flow] defaults for these options and [cleaners] overrides (e.g. flows/newsclean.toml)")
    parser.add_argument("--batch-size", type=int, help=f"files per task (default {FLOW_DEFAULTS['batch_size']})")
    parser.add_argument("--workers", type=int, help=f"worker threads, each batch in its own process (default {FLOW_DEFAULTS['workers']}, the CPU count)")
    dask = parser.add_mutually_exclusive_group()
    dask.add_argument("--dask-address", metavar="TCP", help="run batches on an existing Dask cluster (tcp://host:8786)")
    dask.add_argument("--dask-local", metavar="N", type=int, default=0, help="run batches on a local Dask cluster of N worker processes")
    parser.add_argument("--force", action="store_true", help="clean every file again, even unchanged ones")
    parser.add_argument("--export-jsonl", metavar="FILE", help="after the run, write the accepted documents as JSONL")
    parser.add_argument("--export-near-duplicates", action="store_true", help="with --export-jsonl: also write near-duplicate copies")
    parser.add_argument("--max-rejection-rows", type=int, default=MAX_REJECTION_ROWS, help=f"rows in the rejections artifact (default {MAX_REJECTION_ROWS})")
    parser.add_argument("-v", "--verbose", action="store_true", help="show Prefect's INFO logs (batches) on the console")
    return parser


def show_info_logs() -> None:
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        defaults = flow_settings(args.config)
        raw_dir = args.raw_dir or defaults["raw_dir"]
        clean_dir = args.clean_dir or defaults["clean_dir"]
        batch_size = args.batch_size if args.batch_size is not None else defaults["batch_size"]
        workers = args.workers if args.workers is not None else defaults["workers"]
        export = args.export_jsonl or defaults["export_jsonl"]
        if batch_size < 1 or workers < 1 or args.dask_local < 0:
            raise UsageError("--batch-size and --workers must be at least 1")
        if not Path(raw_dir).is_dir():
            raise UsageError(f"cannot read {raw_dir}: no such folder")
        cleaner_config(args.config)  # a bad [cleaners] table is a usage error, before any flow run
        monitor_config(args.config)  # and so is a bad [monitor] table
    except (UsageError, ConfigError) as error:
        print(f"clean_corpus: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.verbose:
        show_info_logs()
    try:
        state = clean_corpus(
            raw_dir=raw_dir,
            clean_dir=clean_dir,
            batch_size=batch_size,
            workers=workers,
            config_path=args.config,
            force=args.force,
            export_jsonl_path=export,
            export_near_duplicates=args.export_near_duplicates or bool(defaults["export_near_duplicates"]),
            dask_address=args.dask_address,
            dask_local=args.dask_local,
            max_rejection_rows=args.max_rejection_rows,
            return_state=True,
        )
    except KeyboardInterrupt:
        print("clean_corpus: interrupted", file=sys.stderr)
        return 130
    if not state.is_completed():
        print(f"clean_corpus: flow run ended {state.type.value}: {state.message}", file=sys.stderr)
        return EXIT_UNACCOUNTED
    report: RunReport = state.result()
    print(report.summary_line())
    for source in report.missing:
        print(f"missing: {source} (cleaned before, no longer in the raw folder; its document was kept)")
    if report.rules:
        print("removed blocks by rule: " + ", ".join(f"{rule} {count}" for rule, count in report.rules.items()))
    if export:
        print(f"exported accepted documents to {export}")
    if not accounted_for(report):
        print("clean_corpus: some raw files are not accounted for", file=sys.stderr)
        return EXIT_UNACCOUNTED
    return EXIT_OK


if __name__ == "__main__":
    # Run the module's own import (flows.clean_corpus), not this __main__ copy, so that the flow and
    # its task have an importable name for Dask workers and deployments.
    from flows.clean_corpus import main as _main

    raise SystemExit(_main())
