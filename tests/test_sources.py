"""Per-source figures, their history and the decision that a source changed (cleaners.sources), no Prefect."""

from __future__ import annotations

import json
import os
import random
import re

import pytest

from conftest import ROOT, bench_module
from cleaners.cli import main
from cleaners.config import ConfigError
from cleaners.document import Document, RemovedBlock
from cleaners.sources import (
    DEFAULT_MONITOR,
    MonitorConfig,
    SourceTallies,
    compare,
    history_path,
    load_monitor,
    observe,
    read_history,
    record_run,
    source_name,
    worst_first,
)
from cleaners.store import CleanStore

sources_corpus = bench_module("sources_corpus")


def outcome(group="raw/a", status="accepted", reasons=(), text=90, removed=10, title=True, date=True, authors=True, publisher=None, rules=()):
    return {
        "source": f"{group}/x.txt",
        "status": status,
        "reasons": list(reasons),
        "rules": {rule: 1 for rule in rules},
        "group": group,
        "figures": {"publisher": publisher, "text_chars": text, "removed_chars": removed, "title": title, "date": date, "authors": authors},
    }


def entry(files=40, accepted=None, **figures):
    """A history entry: steady figures unless given."""
    accepted = files if accepted is None else accepted
    values = {"rejection_rate": 0.05, "boilerplate_share": 0.2, "title_rate": 1.0, "date_rate": 0.9, "authors_rate": 0.8, "rules": {"copyright": 0.9}}
    values.update(figures)
    return {"files": files, "accepted": accepted, **values, "moved": []}


# --- what each file brings and how it adds up ---------------------------------------------------------


def test_observe_takes_what_the_figures_need_from_a_document():
    doc = Document(id="x", source="raw/a/x.txt", source_sha256="0" * 64, text="a" * 80, title="T", authors=["A B"], publisher="P")
    doc.removed = [RemovedBlock(text="b" * 15, rule="title"), RemovedBlock(text="c" * 5, rule="copyright")]
    assert observe(doc) == {"publisher": "P", "text_chars": 80, "removed_chars": 20, "title": True, "date": False, "authors": True}


def test_tallies_give_each_source_its_figures():
    tallies = SourceTallies()
    tallies.add(outcome("raw/a/", text=50, removed=50, publisher="Ledger", rules=("copyright", "title")))  # boilerplate 0.5
    tallies.add(outcome("raw/a", text=90, removed=10, authors=False, publisher="Ledger", rules=("title",)))  # 0.1
    tallies.add(outcome("raw/a", text=100, removed=0, date=False, publisher="Other"))  # 0.0
    tallies.add(outcome("raw/a", status="rejected", reasons=("too_short",)))
    tallies.add(outcome("raw/b", status="rejected", reasons=("too_short", "language_not_allowed")))
    tallies.add({**outcome("raw/a"), "group": None})  # settled while planning: not counted
    assert set(tallies) == {"raw/a", "raw/b"}  # `raw/a/` and `raw/a` are one source
    a = tallies["raw/a"].figures()
    assert (a["files"], a["accepted"], a["rejected"], a["reasons"]) == (4, 3, 1, {"too_short": 1})
    assert a["rejection_rate"] == 0.25
    assert a["boilerplate_share"] == pytest.approx((0.5 + 0.1 + 0.0) / 3, abs=1e-4)
    assert (a["title_rate"], a["date_rate"], a["authors_rate"]) == (1.0, 0.6667, 0.6667)
    assert (a["publisher"], a["publisher_share"]) == ("Ledger", 0.6667)
    assert a["rules"] == {"copyright": 0.3333, "title": 0.6667}
    assert a["near_duplicates"] == 0
    b = tallies["raw/b"].figures()
    assert b["reasons"] == {"language_not_allowed": 1, "too_short": 1} and b["rejection_rate"] == 1.0
    assert b["boilerplate_share"] is None and b["title_rate"] is None and b["rules"] == {}


def test_tallies_do_not_depend_on_batches_or_their_order():
    rng = random.Random(3)
    outcomes = [
        outcome(rng.choice(["raw/a", "raw/b"]), text=rng.randint(1, 999), removed=rng.randint(0, 999), title=rng.random() < 0.5,
                rules=rng.sample(["copyright", "byline", "also_read"], rng.randint(0, 3)))
        for _ in range(200)
    ]
    whole = SourceTallies()
    for item in outcomes:
        whole.add(item)
    rng.shuffle(outcomes)
    merged = SourceTallies()
    for start in range(0, len(outcomes), 7):
        batch = SourceTallies()
        for item in outcomes[start : start + 7]:
            batch.add(item)
        merged.merge(batch)
    assert {name: t.figures() for name, t in merged.items()} == {name: t.figures() for name, t in whole.items()}


def test_a_verdict_changed_after_the_workers_is_taken_back_and_counted_again():
    """What a near-duplicate step in finish_run does: the reason shows up as near_duplicates."""
    tallies = SourceTallies()
    first = outcome(rules=("copyright",))
    tallies.add(first)
    tallies.add(outcome(authors=False))
    tallies.add(first, -1)
    tallies.add(outcome(status="rejected", reasons=("near_duplicate",)))
    figures = tallies["raw/a"].figures()
    assert (figures["files"], figures["accepted"], figures["near_duplicates"]) == (2, 1, 1)
    assert figures["authors_rate"] == 0.0 and figures["rules"] == {} and figures["reasons"] == {"near_duplicate": 1}


def test_source_names_are_normalised_folders():
    assert source_name("raw/") == source_name("./raw") == "raw"
    assert source_name("") == "."


# --- comparing with the trailing average -------------------------------------------------------------------


def test_the_trailing_average_is_over_the_last_runs_with_enough_files():
    earlier = [entry(boilerplate_share=0.9), entry(boilerplate_share=0.1), entry(files=5, boilerplate_share=0.7), entry(boilerplate_share=0.3)]
    comparisons = compare(entry(boilerplate_share=0.2), earlier, MonitorConfig(window=2, min_runs=2))
    assert comparisons["boilerplate_share"].before == 0.2  # (0.1 + 0.3) / 2: the run of 5 files and the oldest left out
    assert comparisons["boilerplate_share"].runs == 2 and comparisons["boilerplate_share"].compared


def test_the_rejection_rate_must_double_and_rise_by_enough_points():
    earlier = [entry(rejection_rate=0.05)] * 3
    assert not compare(entry(rejection_rate=0.12), earlier)["rejection_rate"].moved  # doubled, only 7 points
    assert compare(entry(rejection_rate=0.2), earlier)["rejection_rate"].moved
    higher = [entry(rejection_rate=0.3)] * 3
    assert not compare(entry(rejection_rate=0.45), higher)["rejection_rate"].moved  # 15 points, not doubled
    assert compare(entry(rejection_rate=0.61), higher)["rejection_rate"].moved
    assert not compare(entry(rejection_rate=0.0), higher)["rejection_rate"].moved  # fewer rejections is no alarm


def test_shares_move_past_their_points_either_way():
    earlier = [entry()] * 3
    moved = lambda **figures: sorted(name for name, c in compare(entry(**figures), earlier).items() if c.moved)  # noqa: E731
    assert moved() == []
    assert moved(boilerplate_share=0.05, authors_rate=0.75) == []  # 15 and 5 points
    assert moved(boilerplate_share=0.45) == ["boilerplate_share"]
    assert moved(authors_rate=0.5, date_rate=0.6) == ["authors_rate", "date_rate"]  # 30 points each
    assert moved(title_rate=0.75) == []  # 25 points: not more than 25
    assert moved(title_rate=0.7) == ["title_rate"]
    assert moved(rules={}) == ["rule:copyright"]  # the rule that removed the trailer stopped firing
    assert moved(rules={"copyright": 0.9, "header_line": 0.85}) == ["rule:header_line"]  # a rule the source never fired
    assert moved(rules={"copyright": 0.6}) == []  # 30 points


def test_no_comparison_without_enough_files_or_earlier_runs():
    config = MonitorConfig(min_files=20, min_runs=3)
    changed = dict(boilerplate_share=0.9, rejection_rate=0.9)
    few_files = compare(entry(files=19, **changed), [entry()] * 3, config)
    assert not any(c.moved or c.compared for c in few_files.values())
    few_runs = compare(entry(**changed), [entry()] * 2, config)
    assert not any(c.moved or c.compared for c in few_runs.values())
    thin_history = compare(entry(**changed), [entry(files=10)] * 5 + [entry()] * 2, config)  # runs of 10 files do not count
    assert not thin_history["boilerplate_share"].compared
    enough = compare(entry(**changed), [entry()] * 3, config)
    assert enough["boilerplate_share"].moved and enough["rejection_rate"].moved
    # the shares of accepted documents need that many accepted documents
    mostly_rejected = compare(entry(files=40, accepted=10, boilerplate_share=0.9), [entry()] * 3, config)
    assert mostly_rejected["rejection_rate"].compared and not mostly_rejected["boilerplate_share"].compared


def run_figures(store: CleanStore, figures: list[dict], config: MonitorConfig = DEFAULT_MONITOR):
    """Record one run per entry of `figures` for source raw/a; each entry's outcomes are built to match it."""
    statuses = []
    for number, wanted in enumerate(figures):
        tallies = SourceTallies()
        for index in range(wanted.get("files", 30)):
            trailer = index < wanted.get("trailer", 27)
            tallies.add(outcome(text=900, removed=100 if trailer else 0, rules=("copyright",) if trailer else ()))
        statuses.append(record_run(store, tallies, config, run=f"run {number}", now=1_700_000_000 + number)[0])
    return statuses


def test_a_change_is_reported_once_and_the_history_catches_up(tmp_path):
    store = CleanStore(tmp_path / "clean")
    statuses = run_figures(store, [{}, {}, {}, {"trailer": 0}, {"trailer": 0}, {"trailer": 0}, {"trailer": 0}, {"trailer": 0}])
    assert [s.status for s in statuses] == [
        "learning", "learning", "learning", "changed", "still changed", "still changed", "steady", "steady",
    ]
    changed = statuses[3]
    assert changed.changed == ["rule:copyright"]
    assert changed.comparisons["rule:copyright"].before == 0.9 and changed.comparisons["rule:copyright"].now == 0.0
    assert changed.comparisons["rule:copyright"].change == -90.0
    runs = read_history(store, "raw/a")
    assert [run["moved"] for run in runs][3:6] == [["rule:copyright"]] * 3
    assert runs[0]["run"] == "run 0" and runs[0]["at"] == "2023-11-14T22:13:20Z"


def test_a_source_with_few_files_is_kept_but_not_compared(tmp_path):
    store = CleanStore(tmp_path / "clean")
    statuses = run_figures(store, [{}, {}, {}, {"files": 5, "trailer": 0}])
    assert statuses[-1].status == "too few files" and not statuses[-1].changed
    assert len(read_history(store, "raw/a")) == 4


def test_the_history_is_bounded_and_written_atomically(tmp_path, monkeypatch):
    store = CleanStore(tmp_path / "clean")
    store.prepare()
    run_figures(store, [{}] * 5, MonitorConfig(history_runs=3))
    runs = read_history(store, "raw/a")
    assert [run["run"] for run in runs] == ["run 2", "run 3", "run 4"]
    path = history_path(store, "raw/a")
    before = path.read_bytes()
    assert json.loads(before)["source"] == "raw/a"

    def killed(src, dst):
        raise KeyboardInterrupt("killed mid-run")

    monkeypatch.setattr(os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        run_figures(store, [{}])
    monkeypatch.undo()
    assert path.read_bytes() == before  # the history a reader sees is whole: the old one
    assert list((store.root / ".tmp").iterdir())  # the new one never left .tmp/ (cleared by the next run's prepare)
    store.prepare()
    assert not list((store.root / ".tmp").iterdir())


def test_an_unreadable_history_starts_again(tmp_path):
    store = CleanStore(tmp_path / "clean")
    run_figures(store, [{}])
    history_path(store, "raw/a").write_text("{not json")
    status = run_figures(store, [{}])[0]
    assert status.status == "learning" and len(read_history(store, "raw/a")) == 1


def test_sources_are_ordered_worst_first(tmp_path):
    store = CleanStore(tmp_path / "clean")
    tallies = SourceTallies()
    # three earlier runs of five sources, all alike
    for _ in range(3):
        for name in ("raw/steady", "raw/small", "raw/big-change", "raw/change", "raw/new"):
            if name != "raw/new":
                for _ in range(30):
                    tallies.add(outcome(name, rules=("copyright",)))
        record_run(store, tallies)
        tallies = SourceTallies()
    for _ in range(30):
        tallies.add(outcome("raw/steady", rules=("copyright",)))
        tallies.add(outcome("raw/big-change", status="rejected", reasons=("too_short",)))  # everything rejected
        tallies.add(outcome("raw/change", rules=("copyright",), authors=False))  # bylines lost
        tallies.add(outcome("raw/new"))
    for _ in range(5):
        tallies.add(outcome("raw/small"))
    statuses = record_run(store, tallies)
    assert [(s.source, s.status) for s in statuses] == [
        ("raw/big-change", "changed"),
        ("raw/change", "changed"),
        ("raw/steady", "steady"),
        ("raw/new", "learning"),
        ("raw/small", "too few files"),
    ]
    assert statuses[0].severity > statuses[1].severity >= 1 > statuses[2].severity
    assert worst_first(list(reversed(statuses))) == statuses


# --- configuration ------------------------------------------------------------------------------------------


def test_monitor_thresholds_from_toml(tmp_path):
    assert load_monitor(None) == DEFAULT_MONITOR
    path = tmp_path / "run.toml"
    path.write_text("[flow]\nworkers = 1\n[monitor]\nmin_files = 5\nmetadata_points = 30\n")
    config = load_monitor(path)
    assert (config.min_files, config.metadata_points, config.min_runs) == (5, 30.0, DEFAULT_MONITOR.min_runs)
    path.write_text("[monitor]\nmin_file = 5\n")
    with pytest.raises(ConfigError, match=r"unknown \[monitor\] keys min_file"):
        load_monitor(path)
    path.write_text("[monitor]\nrejection_ratio = 0.5\n")
    with pytest.raises(ConfigError, match="rejection_ratio"):
        load_monitor(path)
    project = load_monitor(ROOT / "flows" / "newsclean.toml")
    assert project == DEFAULT_MONITOR  # the project's file spells the defaults out


# --- the command line: same history, a line when a source changed -------------------------------------------------


def write_run(raw, run: int, layouts, articles, rng):
    for layout in layouts:
        folder = raw / layout.folder
        for old in folder.glob("*.txt") if folder.exists() else []:
            old.unlink()
        sources_corpus.write_files(folder, layout, rng.sample(articles, 8), rng, f"r{run}")


def test_the_command_line_records_the_history_and_says_when_a_source_changed(tmp_path, capsys):
    config = tmp_path / "newsclean.toml"
    config.write_text("[monitor]\nmin_files = 5\nmin_runs = 2\n")
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    ledger, metro = sources_corpus.LAYOUTS[:2]
    articles = sources_corpus.synthetic_articles(60, seed=5)
    rng = random.Random(5)
    outputs = []
    for run, layouts in enumerate([(ledger, metro), (ledger, metro), (ledger, metro), (ledger.changed("trailer"), metro)]):
        write_run(raw, run, layouts, articles, rng)
        assert main([str(raw), "--out", str(clean), "--config", str(config)]) == 0
        outputs.append(capsys.readouterr().out)
    assert not any("source changed" in out for out in outputs[:3])
    changed = [line for line in outputs[3].splitlines() if line.startswith("source changed")]
    assert len(changed) == 1 and changed[0].startswith(f"source changed: {raw}/ledger (The Daily Ledger): ")
    assert re.search(r": rule copyright \d+\.\d% -> 0\.0%, .* \(average of 3 runs\)$", changed[0]), changed[0]
    runs = read_history(CleanStore(clean), f"{raw}/ledger")
    assert [r["run"] for r in runs] == ["cli"] * 4 and runs[-1]["files"] == 8
    report = json.loads((clean / ".state" / "last_run.json").read_text())
    assert [s["source"] for s in report["sources"]] == [f"{raw}/ledger", f"{raw}/metro"]


def test_only_new_and_changed_files_count(raw_copy, tmp_path):
    """Files cleaned again with the same bytes (new options, new learned lines, --force) are not counted."""
    from cleaners.config import CleanConfig
    from cleaners.corpus import finish_run, locked, prepare_run
    from cleaners.runner import run_batch

    clean = tmp_path / "clean"

    def run(config=CleanConfig(), force=False):
        with locked(clean):
            plan = prepare_run([str(raw_copy)], clean, config, force=force)
            return finish_run(plan, [run_batch(batch, plan.settings) for batch in plan.batches(4)])

    first = run()
    assert [(s["source"], s["figures"]["files"]) for s in first.sources] == [(str(raw_copy), first.files_seen)]
    assert run(force=True).sources == []  # every file cleaned again, none of them new
    assert run(CleanConfig(min_words=5)).sources == []  # new options: the same
    changed = raw_copy / "short_brief.txt"
    changed.write_text(changed.read_text() + "\nA sentence added later, which makes the brief longer.\n")
    (raw_copy / "new.txt").write_bytes((raw_copy / "000_99aef4c9488a004f.txt").read_bytes() + b"\nOne more line.\n")
    again = run()
    assert [s["figures"]["files"] for s in again.sources] == [2]
    assert len(read_history(CleanStore(clean), str(raw_copy))) == 2
