"""The Prefect flow around the cleaners: same documents as the CLI, reports as artifacts, retries, Dask.

Real flow runs use one Prefect test server for the whole session (`prefect_test`); plain logic is
tested without Prefect (`flows.report`, `flows.settings`) or through `clean_batch.fn`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import flows  # noqa: F401  (quiet Prefect defaults before Prefect is imported)

import pytest

from cleaners.config import DEFAULT_CONFIG, ConfigError
from cleaners.store import CleanStore
from cleaners.corpus import RunReport, prepare_run
from flows import report as report_module
from flows.settings import cleaner_config, flow_settings

ROOT = Path(__file__).resolve().parent.parent


def documents(clean_dir: Path) -> dict[str, bytes]:
    """Every document file of a clean folder (accepted and rejected), by relative path."""
    return {
        str(path.relative_to(clean_dir)): path.read_bytes()
        for path in sorted(clean_dir.rglob("*.json"))
        if not path.relative_to(clean_dir).parts[0].startswith(".")
    }


def quiet_env(tmp_path: Path) -> dict[str, str]:
    """An environment for a child process: embedded Prefect mode, Prefect's files under tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    return env


def make_report(**changes) -> RunReport:
    values = dict(
        files_seen=5,
        accepted=2,
        rejected=2,
        skipped_unchanged=1,
        duplicates=1,
        failed=0,
        missing=[],
        seconds=1.5,
        docs_per_second=2.7,
        rejections=[("raw/b.txt", ["too_short"]), ("raw/c|d.txt", ["duplicate"])],
        rules={"byline": 3, "title": 5, "app_promo": 1},
        timings={"decode": 0.01, "strip": 0.2},
    )
    values.update(changes)
    return RunReport(**values)


# --- no Prefect in the library ------------------------------------------------------------------


def test_cleaners_never_import_prefect():
    for path in sorted((ROOT / "cleaners").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "import prefect" not in text and "from prefect" not in text, path.name
    code = (
        "import importlib, pkgutil, sys, cleaners\n"
        "for module in pkgutil.iter_modules(cleaners.__path__):\n"
        "    if module.name != '__main__':\n"
        "        importlib.import_module('cleaners.' + module.name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'prefect' or m.startswith('prefect.'))\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=120)


# --- report formatting (plain functions) ---------------------------------------------------------


def test_summary_markdown_has_the_counts():
    text = report_module.summary_markdown(make_report(), "raw", "clean", batches=3, batch_size=200, runner="2 worker threads")
    for row in ("| files seen | 5 |", "| accepted | 2 |", "| skipped as unchanged | 1 |", "| failed | 0 |", "| docs/s | 2.7 |"):
        assert row in text
    assert "1 duplicates" in text and "3 of up to 200 files, 2 worker threads" in text
    assert "Every raw file is accounted for." in text
    assert "| strip | 0.200 |" in text


def test_summary_markdown_lists_missing_files_and_unaccounted_runs():
    missing = [f"raw/gone{i}.txt" for i in range(report_module.MAX_MISSING_LINES + 3)]
    text = report_module.summary_markdown(make_report(missing=missing, accepted=1), "raw", "clean")
    assert "## Missing raw files (53)" in text and "- `raw/gone0.txt`" in text and "and 3 more" in text
    assert "not accounted for" in text


def test_rejection_rows_are_capped_and_say_so():
    rejections = [(f"raw/{i}.txt", ["too_short", "no_language"]) for i in range(7)]
    rows, description = report_module.rejection_rows(make_report(rejections=rejections), limit=5)
    assert len(rows) == 5
    assert rows[0] == {"file": "raw/0.txt", "reasons": "too_short, no_language"}
    assert "first 5 of 7" in description
    rows, description = report_module.rejection_rows(make_report(rejections=[]))
    assert rows == [] and description == "No rejected files."
    rows, description = report_module.rejection_rows(make_report())
    assert len(rows) == 2 and "all 2" in description


def test_rule_rows_most_frequent_first():
    rows, description = report_module.rule_rows(make_report(), limit=2)
    assert rows == [{"rule": "title", "count": 5}, {"rule": "byline", "count": 3}]
    assert "top 2 of 3" in description


def test_artifacts_say_when_the_rejections_table_is_capped():
    rejections = [(f"raw/{i}.txt", ["too_short"]) for i in range(4)]
    content = report_module.artifacts(make_report(rejections=rejections), "raw", "clean", max_rejection_rows=3)
    assert len(content.rejections) == 3 and "first 3 of 4" in content.rejections_description
    assert "first 3 of 4 rejected files" in content.summary
    assert content.rules[0] == {"rule": "title", "count": 5}
    assert "first" not in report_module.artifacts(make_report(), "raw", "clean").summary.split("accounted for")[1]


def test_near_duplicate_table_and_summary_rows():
    largest = [{"kept": "69fe78634727dafa", "source": "raw/a.html", "title": "A", "copies": 3, "lowest_similarity": 0.61}]
    report = make_report(near_duplicate_clusters=2, near_duplicate_copies=4, near_duplicates_rewritten=1, near_duplicate_largest=largest)
    content = report_module.artifacts(report, "raw", "clean")
    assert content.near_duplicates == [{"kept": "69fe78634727dafa", "source": "raw/a.html", "title": "A", "copies": 3, "lowest similarity": 0.61}]
    assert "1 of 2" in content.near_duplicates_description
    assert "| near-duplicate clusters (whole folder) | 2 (4 copies) |" in content.summary
    assert report.summary_line().endswith("; near-duplicates: 4 copies in 2 clusters")
    assert report_module.artifacts(make_report(), "raw", "clean").near_duplicates_description == "No near-duplicates."


def test_summary_line_and_accounting():
    report = make_report()
    assert report.summary_line() == (
        "5 files: 2 accepted, 2 rejected (1 duplicates), 1 unchanged, 0 failed; 2.7 docs/s"
    )
    assert report_module.accounted_for(report)
    assert not report_module.accounted_for(make_report(files_seen=6))


def test_markdown_cells_cannot_break_the_table():
    text = report_module.summary_markdown(make_report(missing=["raw/a|b.txt"]), "raw|x", "clean")
    assert "raw\\|x" in text and "raw/a\\|b.txt" in text


# --- settings file ---------------------------------------------------------------------------------


def test_flow_settings_from_the_project_file():
    settings = flow_settings(ROOT / "flows" / "newsclean.toml")
    assert settings["raw_dir"] == "raw" and settings["clean_dir"] == "clean"
    assert settings["cron"] == "0 * * * *" and settings["batch_size"] >= 1 and settings["workers"] >= 1
    assert cleaner_config(ROOT / "flows" / "newsclean.toml") == DEFAULT_CONFIG


def test_flow_settings_errors_and_cleaner_overrides(tmp_path):
    only_flow = tmp_path / "flow.toml"
    only_flow.write_text('[flow]\nraw_dir = "in"\nbatch_size = 7\n')
    assert flow_settings(only_flow)["batch_size"] == 7
    assert cleaner_config(only_flow) == DEFAULT_CONFIG  # no [cleaners]: the defaults, not an error
    both = tmp_path / "both.toml"
    both.write_text('[flow]\nworkers = 3\n[cleaners]\nmin_words = 5\n')
    assert cleaner_config(both).min_words == 5 and flow_settings(both)["workers"] == 3
    bad = tmp_path / "bad.toml"
    bad.write_text("[flow]\nbatch = 3\n")
    with pytest.raises(ConfigError, match="unknown"):
        flow_settings(bad)
    bad.write_text("[flow]\nworkers = 0\n")
    with pytest.raises(ConfigError, match="workers"):
        flow_settings(bad)


# --- the task's logic without Prefect -------------------------------------------------------------


def test_clean_batch_fn_writes_documents_and_returns_counts(raw_copy, tmp_path):
    from flows.clean_corpus import clean_batch

    clean = tmp_path / "clean"
    plan = prepare_run([str(raw_copy)], clean, DEFAULT_CONFIG)
    result = clean_batch.fn(plan.work, plan.settings, 1, 1)
    assert result.accepted + result.rejected == len(plan.work) > 0
    assert documents(clean)
    assert len(CleanStore(clean).recorded_keys()) == plan.seen  # every file recorded
    json.dumps(result.rejections)  # counts and paths only: small and serialisable


# --- real flow runs against a test server -------------------------------------------------------


@pytest.fixture(scope="session")
def prefect_test():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


def run_flow(**parameters):
    from flows.clean_corpus import clean_corpus

    state = clean_corpus(return_state=True, **parameters)
    assert state.is_completed(), state.message
    return state.result(), state.state_details.flow_run_id


def flow_run_artifacts(flow_run_id):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])))
    return {artifact.key: artifact for artifact in found}


def flow_run_logs(flow_run_id, until=lambda messages: True, timeout: float = 20) -> list[str]:
    """The run's log messages on the server, once `until(messages)` holds (logs are sent in batches)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.handlers import APILogHandler

    APILogHandler().flush()
    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            logs = client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
            messages = [log.message for log in logs]
            if until(messages) or time.monotonic() > deadline:
                return messages
            time.sleep(0.5)


def test_flow_publishes_artifacts_and_runs_incrementally(prefect_test, raw_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    report, flow_run_id = run_flow(raw_dir="raw", clean_dir="clean", batch_size=2, workers=2, max_rejection_rows=1)
    assert report.files_seen == len(list(raw_copy.iterdir()))
    assert report_module.accounted_for(report) and report.failed == 0 and report.skipped_unchanged == 0

    artifacts = flow_run_artifacts(flow_run_id)
    assert set(artifacts) == {"corpus-run-summary", "corpus-rejections", "corpus-removal-rules", "corpus-near-duplicates", "corpus-sources"}
    summary = artifacts["corpus-run-summary"].data
    assert f"| files seen | {report.files_seen} |" in summary and f"| accepted | {report.accepted} |" in summary
    rejections = json.loads(artifacts["corpus-rejections"].data)
    assert len(rejections) == min(1, report.rejected)
    if report.rejected > 1:
        assert f"first 1 of {report.rejected}" in artifacts["corpus-rejections"].description
    rules = json.loads(artifacts["corpus-removal-rules"].data)
    assert rules and rules[0]["count"] == max(report.rules.values())
    clusters = json.loads(artifacts["corpus-near-duplicates"].data)  # raw/ holds a page and its text dump
    assert clusters == [{"kept": row["kept"], "source": row["source"], "title": row["title"], "copies": 1, "lowest similarity": row["lowest_similarity"]} for row in report.near_duplicate_largest]
    assert clusters and clusters[0]["source"] == "raw/html_ars-1.html"
    sources = json.loads(artifacts["corpus-sources"].data)  # one source, 10 files: recorded, too few to compare
    assert [(row["source"], row["status"]) for row in sources] == [("raw", "too few files")]
    assert "No source changed (1 cleaned, 0 compared" in summary

    first_batch = re.compile(r"batch 1/\d+: 2 files, first raw/")
    logs = flow_run_logs(flow_run_id, until=lambda messages: any(first_batch.match(m) for m in messages))
    assert any(first_batch.match(message) for message in logs)

    again, _ = run_flow(raw_dir="raw", clean_dir="clean", batch_size=2, workers=2)
    assert again.skipped_unchanged == report.files_seen and again.accepted == again.rejected == 0
    gone = sorted(raw_copy.iterdir())[0]
    gone.unlink()
    before = documents(tmp_path / "clean")
    third, _ = run_flow(raw_dir="raw", clean_dir="clean", batch_size=2, workers=2)
    assert third.missing == [f"raw/{gone.name}"]
    assert documents(tmp_path / "clean") == before  # reported, never deleted


def test_failed_batch_is_retried_then_reported(prefect_test, raw_copy, tmp_path, monkeypatch):
    import flows.clean_corpus as module
    from cleaners.runner import run_batch

    monkeypatch.chdir(tmp_path)
    files = sorted(raw_copy.iterdir())
    bad = f"raw/{files[0].name}"
    calls = []

    def flaky(items, settings):
        calls.append(items[0].source)
        if any(item.source == bad for item in items):
            raise RuntimeError("worker lost")
        return run_batch(items, settings)

    monkeypatch.setattr(module, "run_batch", flaky)
    monkeypatch.setattr(module, "clean_batch", module.clean_batch.with_options(retry_delay_seconds=0))
    report, flow_run_id = run_flow(raw_dir="raw", clean_dir="clean", batch_size=2, workers=1)
    assert calls.count(bad) == 1 + module.TASK_RETRIES
    assert report.failed == 2
    assert (bad, ["batch_failed"]) in report.rejections
    assert report_module.accounted_for(report)
    failed_batch = lambda messages: any("batch 1/" in m and "batch_failed" in m for m in messages)  # noqa: E731
    assert failed_batch(flow_run_logs(flow_run_id, until=failed_batch))


def test_flow_on_a_local_dask_cluster(prefect_test, raw_copy, tmp_path, monkeypatch):
    add_outlet_copy(raw_copy)
    monkeypatch.chdir(tmp_path)
    report, flow_run_id = run_flow(raw_dir="raw", clean_dir="dask", batch_size=3, dask_local=2)
    assert report_module.accounted_for(report) and report.failed == 0

    def all_done(messages):  # as many "batch i/n done" logs as batches
        totals = {m.split(":")[0].split("/")[1] for m in messages if m.startswith("batch 1/") and " files, first " in m}
        return len(totals) == 1 and sum(" done: " in m for m in messages) == int(totals.pop())

    logs = flow_run_logs(flow_run_id, until=all_done)
    assert all_done(logs)  # every batch's log, sent from the Dask workers, reached the one server
    assert not any("daemonic" in message for message in logs)  # batches ran in child processes, under the time limit
    threads, _ = run_flow(raw_dir="raw", clean_dir="threads", batch_size=3, workers=2)
    assert documents(tmp_path / "dask") == documents(tmp_path / "threads")
    assert len(near_duplicate_copies(documents(tmp_path / "dask"))) == 2  # signatures computed in the Dask workers
    assert (report.accepted, report.rejected) == (threads.accepted, threads.rejected)
    assert (report.near_duplicate_clusters, report.near_duplicate_copies) == (threads.near_duplicate_clusters, threads.near_duplicate_copies) == (2, 2)


def test_main_exports_jsonl_and_prints_the_summary(prefect_test, raw_copy, tmp_path, monkeypatch, capsys):
    from flows.clean_corpus import main

    monkeypatch.chdir(tmp_path)
    assert main(["--raw-dir", "raw", "--clean-dir", "clean", "--batch-size", "3", "--export-jsonl", "out.jsonl"]) == 0
    out = capsys.readouterr().out
    accepted = len([p for p in (tmp_path / "clean").glob("*.json")])
    assert out.startswith(f"{len(list(raw_copy.iterdir()))} files: {accepted} accepted")
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == accepted and set(rows[0]) == {"id", "text", "metadata"}


def test_main_usage_errors(tmp_path, monkeypatch, capsys):
    from flows.clean_corpus import main

    monkeypatch.chdir(tmp_path)
    assert main(["--raw-dir", "nowhere"]) == 2
    assert main(["--raw-dir", ".", "--batch-size", "0"]) == 2
    (tmp_path / "bad.toml").write_text("[cleaners]\nno_such_option = 1\n")
    assert main(["--raw-dir", ".", "--config", "bad.toml"]) == 2
    assert "clean_corpus:" in capsys.readouterr().err


# --- the command itself, embedded mode, next to the CLI ---------------------------------------------


def add_outlet_copy(raw: Path) -> None:
    """The seed PTI story as another outlet runs it (own head, trimmed, a promo): a near-duplicate to settle."""
    paragraphs = (raw / "000_99aef4c9488a004f.txt").read_text(encoding="utf-8").split("\n\n")[3:10]
    text = "\n\n".join(["Moscow will not shelter Assad, Lavrov says", "By Ledger Staff", *paragraphs, "Download the Daily Ledger app now"])
    (raw / "ledger_copy.txt").write_text(text + "\n", encoding="utf-8")


def near_duplicate_copies(docs: dict[str, bytes]) -> list[str]:
    return sorted(name for name, data in docs.items() if json.loads(data)["reasons"] == ["near_duplicate"])


def test_command_matches_the_cli_byte_for_byte_and_is_quiet(raw_copy, tmp_path):
    add_outlet_copy(raw_copy)
    env = quiet_env(tmp_path)
    commands = {
        "cli": [sys.executable, "-m", "cleaners", "raw", "--out", "clean_cli"],
        "flow": [sys.executable, "-m", "flows.clean_corpus", "--raw-dir", "raw", "--clean-dir", "clean_flow", "--batch-size", "2", "--workers", "2"],
    }
    running = {
        name: subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name, command in commands.items()
    }
    done = {name: subprocess.CompletedProcess(p.args, 0, *p.communicate(timeout=300)) for name, p in running.items()}
    cli, flow = done["cli"], done["flow"]
    assert running["cli"].returncode == 0, cli.stderr
    assert running["flow"].returncode == 0, flow.stderr
    assert flow.stderr == ""  # no warnings, no tracebacks at the end of a successful run
    assert flow.stdout.splitlines()[0].split(";")[0] == cli.stdout.splitlines()[0].split(";")[0]
    flow_docs, cli_docs = documents(tmp_path / "clean_flow"), documents(tmp_path / "clean_cli")
    assert flow_docs and flow_docs == cli_docs
    assert len(near_duplicate_copies(flow_docs)) == 2  # the outlet's copy and the text dump of the ars page
    for done_run in (cli, flow):
        assert done_run.stdout.splitlines()[0].endswith("; near-duplicates: 2 copies in 2 clusters")
    assert '"source": "raw/' in next(iter(flow_docs.values())).decode()
