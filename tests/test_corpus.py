"""Corpus runs: incremental skipping, duplicates, disappeared files, the lock, per-document time limits."""

import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from conftest import ROOT
from cleaners.cli import main
from cleaners.config import CleanConfig
from cleaners.corpus import RunPlan, finish_run, learn_group, locked, prepare_run
from cleaners.runner import run_batch


def run(raw, clean, config=CleanConfig(), force=False):
    with locked(clean):
        plan = prepare_run([str(raw)], clean, config, force=force)
        results = [run_batch(batch, plan.settings) for batch in plan.batches(3)]
        return finish_run(plan, results)


def documents(clean):
    """Every document file under the clean folder, by relative path, with its bytes."""
    return {
        str(path.relative_to(clean)): path.read_bytes()
        for path in sorted(clean.rglob("*.json"))
        if ".state" not in path.parts
    }


def test_every_file_is_accounted_for(raw_copy, tmp_path):
    report = run(raw_copy, tmp_path / "clean")
    assert report.accepted + report.rejected == report.files_seen == len(list(raw_copy.iterdir()))


def test_unchanged_files_are_skipped_and_changed_ones_cleaned_again(raw_copy, tmp_path):
    clean = tmp_path / "clean"
    first = run(raw_copy, clean)
    before = documents(clean)
    second = run(raw_copy, clean)
    assert second.skipped_unchanged == first.files_seen and second.accepted == second.rejected == 0
    assert documents(clean) == before
    changed = raw_copy / "short_brief.txt"
    changed.write_text(changed.read_text() + "\nAnother sentence, added later, that makes the brief a little longer.\n")
    third = run(raw_copy, clean)
    assert third.skipped_unchanged == first.files_seen - 1 and third.accepted + third.rejected == 1


def test_a_new_option_cleans_everything_again(raw_copy, tmp_path):
    clean = tmp_path / "clean"
    first = run(raw_copy, clean)
    again = run(raw_copy, clean, CleanConfig(min_words=5))
    assert again.skipped_unchanged == 0 and again.accepted > first.accepted


def test_duplicates_give_one_document_and_name_it(raw_copy, tmp_path):
    clean = tmp_path / "clean"
    shutil.copy(raw_copy / "000_99aef4c9488a004f.txt", raw_copy / "zz copy.txt")
    shutil.copy(raw_copy / "000_99aef4c9488a004f.txt", raw_copy / "aa copy.txt")
    report = run(raw_copy, clean)
    assert report.duplicates == 2
    kept = json.loads((clean / "5fc526f1b8ebd9a9.json").read_text())
    assert kept["source"].endswith("000_99aef4c9488a004f.txt")
    copies = [json.loads(p.read_text()) for p in (clean / "rejected").glob("5fc526f1b8ebd9a9.dup-*.json")]
    assert sorted(c["source"].rsplit("/", 1)[1] for c in copies) == ["aa copy.txt", "zz copy.txt"]
    assert all(c["reasons"] == ["duplicate"] and c["duplicate_of"] == kept["source"] for c in copies)


def test_disappeared_raw_file_is_reported_and_its_document_kept(raw_copy, tmp_path):
    clean = tmp_path / "clean"
    run(raw_copy, clean)
    (raw_copy / "000_99aef4c9488a004f.txt").unlink()
    report = run(raw_copy, clean)
    assert report.missing == [str(raw_copy / "000_99aef4c9488a004f.txt")]
    assert (clean / "5fc526f1b8ebd9a9.json").exists()


def test_a_slow_document_times_out_and_the_batch_carries_on(raw_copy, tmp_path):
    # 9.9 MB of text, just under max_bytes: about 1.4 s to clean here, every other file a few milliseconds
    (raw_copy / "huge.txt").write_bytes((raw_copy / "001_23da6c00baa58b1d.txt").read_bytes() * 3800)
    clean = tmp_path / "clean"
    report = run(raw_copy, clean, CleanConfig(doc_timeout_seconds=0.4))
    assert ("huge.txt", ["timeout"]) in [(source.rsplit("/", 1)[1], reasons) for source, reasons in report.rejections]
    assert report.accepted + report.rejected == report.files_seen
    assert report.accepted >= 3


def test_learning_counts_documents_not_lines_and_ignores_order(tmp_path):
    promo = "Read the Planet every morning on your tablet with our new edition."
    paths = []
    for number in range(4):
        path = tmp_path / f"{number}.txt"
        body = f"Story number {number} is about something else entirely, with its own words."
        path.write_text(f"{body}\n\n{promo}\n\nA line only this file has {number}.\n\n{promo}")
        paths.append(str(path))
    learned = learn_group(paths, CleanConfig())
    assert learned == {"read the planet every morning on your tablet with our new edition"}
    assert learn_group(list(reversed(paths)), CleanConfig()) == learned
    assert learn_group(paths[:2], CleanConfig()) == frozenset()  # two documents are not enough


def test_a_second_run_waits_for_the_lock(raw_copy, tmp_path):
    clean = tmp_path / "clean"
    command = [sys.executable, "-m", "cleaners", str(raw_copy), "--out", str(clean)]
    with locked(clean):
        waiting = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        assert waiting.poll() is None, "the second run must wait while the first holds the lock"
        assert not list(clean.glob("*.json"))
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert len(list(clean.glob("*.json"))) >= 3


def test_raw_files_are_never_modified(raw_copy, tmp_path):
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw_copy.iterdir()}
    main([str(raw_copy), "--out", str(tmp_path / "clean")])
    assert before == {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in raw_copy.iterdir()}
    assert not os.listdir(tmp_path / "clean" / ".tmp")


def test_learned_boilerplate_end_to_end(tmp_path, capsys):
    raw, clean = tmp_path / "raw", tmp_path / "clean"
    raw.mkdir()
    promo = "Read the Planet every morning on your tablet, with puzzles and our weekend edition."
    towns = ["Arles", "Bergen", "Cork", "Delft", "Evora", "Faro"]
    for number, town in enumerate(towns):
        body = "\n\n".join(
            f"In {town}, the council met for the {ordinal} time this year to discuss plan {number * 10 + ordinal}, "
            f"which would change how {town} pays for its {ordinal} new school and its roads."
            for ordinal in range(1, 6)
        )
        (raw / f"{number}.txt").write_text(f"{body}\n\nItem {number} of the archive.\n\n{promo}\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text('near_duplicates = "off"\n')  # six stories from one template are near-duplicates of each other
    assert main([str(raw), "--out", str(clean), "--config", str(config)]) == 0
    assert "repeated_in_source 6" in capsys.readouterr().out
    docs = [json.loads(path.read_text()) for path in clean.glob("*.json")]
    assert len(docs) == 6
    for doc in docs:
        assert promo not in doc["text"]
        assert {"text": promo, "rule": "repeated_in_source"} in doc["removed"]
        assert "Item" in doc["text"]  # a line seen once is never learned
    learned = json.loads(next((clean / ".state" / "learned").glob("*.json")).read_text())
    assert learned["lines"] == ["read the planet every morning on your tablet with puzzles and our weekend edition"]
    source = str(raw / "3.txt")
    main([source, "--learned-from", str(clean)])
    single = capsys.readouterr().out
    assert single == (clean / f"{json.loads(single)['id']}.json").read_text()


def test_a_first_run_warms_a_worker_while_it_plans_and_a_rerun_does_not(raw_copy, tmp_path, monkeypatch):
    from cleaners import corpus

    started = []
    monkeypatch.setattr(corpus, "prestart_worker", lambda: started.append(True))
    clean = tmp_path / "clean"
    run(raw_copy, clean)
    assert started == [True]
    run(raw_copy, clean)  # everything unchanged: no worker needed, none started
    assert started == [True]


def test_relative_inputs_keep_their_sources_and_workers_find_the_files_from_anywhere(raw_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    single = "raw//short_brief.txt"  # a file given by its path is named exactly as given
    sources = sorted([f"raw/{name}" for name in os.listdir(raw_copy)] + [single])
    plan = prepare_run(["raw", single], "clean", CleanConfig())
    assert plan.duplicates == 1 and sorted(item.source for item in plan.work) == [s for s in sources if s != "raw/short_brief.txt"]
    assert all(os.path.isabs(plan.settings.path_of(item)) for item in plan.work)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # a Dask worker may run in another folder
    report = finish_run(plan, [run_batch(batch, plan.settings) for batch in plan.batches(4)])
    assert report.accepted + report.rejected == len(sources)
    docs = [json.loads(path.read_text()) for path in (tmp_path / "clean").rglob("*.json") if ".state" not in path.parts]
    assert sorted(doc["source"] for doc in docs) == sources
    assert not [doc for doc in docs if {"vanished", "unreadable"} & set(doc["reasons"])]
    monkeypatch.chdir(tmp_path)
    again = prepare_run(["raw", single], "clean", CleanConfig())
    assert again.work == [] and again.skipped == len(plan.work)


@pytest.mark.parametrize("files, size, workers", [(0, 100, 2), (10_000, 500, 2), (1_234, 100, 4), (999, 100, 1), (60, 500, 2)])
def test_batches_keep_every_file_in_order_and_shrink_at_the_end(files, size, workers):
    plan = RunPlan(store=None, settings=None, work=list(range(files)))
    batches = plan.batches(size, workers)
    assert [item for batch in batches for item in batch] == list(range(files))
    assert all(0 < len(batch) <= size for batch in batches)
    if workers == 1:
        assert all(len(batch) == size for batch in batches[:-1])
    elif files >= 4 * size:
        sizes = [len(batch) for batch in batches]
        assert sizes[0] == size and sizes == sorted(sizes, reverse=True)
        assert sizes[-2] == size // 10 and sizes[-1] <= size // 10  # the tail is fine-grained


def test_state_entries_go_to_journals_and_a_run_folds_them_into_one_table(raw_copy, tmp_path):
    from cleaners.store import CleanStore

    clean = tmp_path / "clean"
    report = run(raw_copy, clean)
    store = CleanStore(clean)
    assert store.table.is_file() and not list(store.journals.glob("*.tsv"))  # folded at the run's end
    assert len(store.load_states()) == report.files_seen
    lines = store.table.read_text(encoding="utf-8").splitlines()
    assert [line.split("\t")[0] for line in lines] == sorted(store.load_states())


def test_a_state_line_cut_short_is_left_out(tmp_path):
    from cleaners.store import CleanStore

    store = CleanStore(tmp_path / "clean")
    store.prepare()
    store.write_state("raw/a.txt", {"source": "raw/a.txt", "output": "a.json"})
    store.write_state("raw/b.txt", {"source": "raw/b.txt", "output": "b.json"})
    store.close_journal()
    journal = next(store.journals.glob("*.tsv"))
    with open(journal, "ab") as handle:  # a writer killed in the middle of a line
        handle.write(b'0123456789abcdef\t{"source": "raw/c.t')
    assert {json.loads(text)["source"] for text in CleanStore(tmp_path / "clean").load_states().values()} == {"raw/a.txt", "raw/b.txt"}


def test_a_clean_folder_of_an_earlier_version_is_read_and_folded(raw_copy, tmp_path):
    """Before journals, each raw file's state was a file of its own (.state/files/<key>.json)."""
    from cleaners.store import CleanStore

    clean = tmp_path / "clean"
    run(raw_copy, clean)
    store = CleanStore(clean)
    (clean / ".state" / "files").mkdir()
    for key, text in store.load_states().items():
        (clean / ".state" / "files" / f"{key}.json").write_text(text.strip(), encoding="utf-8")
    store.table.unlink()
    again = run(raw_copy, clean)
    assert again.skipped_unchanged + again.duplicates == again.files_seen  # nothing cleaned again
    assert store.table.is_file() and not (clean / ".state" / "files").exists()


def test_sources_learned_in_workers_learn_the_same_lines(tmp_path):
    promos = ["Read the Planet every morning on your tablet with our new edition.", "Subscribe to the Ledger for a dollar a week!"]
    raw = tmp_path / "raw"
    for site, promo in enumerate(promos):
        for number in range(5):
            path = raw / f"site{site}" / f"{number}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"Story {number} of site {site} says something of its own, at some length.\n\n{promo}\n")
    one = prepare_run([str(raw)], tmp_path / "one", CleanConfig(), workers=1)
    two = prepare_run([str(raw)], tmp_path / "two", CleanConfig(), workers=2)
    assert one.settings.learned == two.settings.learned and len(one.settings.learned) == 2
    assert all(len(lines) == 1 for lines in one.settings.learned.values())
    assert one.settings.state_keys == two.settings.state_keys
