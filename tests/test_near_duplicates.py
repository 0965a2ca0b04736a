"""Near-duplicates (issue 15): the decision, the kept-copy rule, incremental runs, the three modes, export, the CLI.

Stories are real: the seed PTI story (raw/000_...) and articles of the WCXB dev sample in
tests/data/near_duplicates/ (WCXB v1.0 dev split, Murrough Foley 2026, CC-BY-4.0).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import RAW, ROOT
from cleaners import near_duplicates as nd
from cleaners import rules
from cleaners.cli import main
from cleaners.config import CleanConfig
from cleaners.corpus import export_jsonl, finish_run, locked, prepare_run
from cleaners.document import Document
from cleaners.runner import run_batch
from cleaners.store import CleanStore

SAMPLE = Path(__file__).resolve().parent / "data" / "near_duplicates" / "wcxb_dev_sample.json"
ARTICLES = json.loads(SAMPLE.read_text(encoding="utf-8"))["articles"]
SEED = (RAW / "000_99aef4c9488a004f.txt").read_text(encoding="utf-8")
SEED_BODY = SEED.split("\n\n")[3:-2]  # the PTI story's paragraphs, without Zee News's head and trailer
OTHER_STORY = (RAW / "001_23da6c00baa58b1d.txt").read_text(encoding="utf-8")  # Putin on Syria: same topic, another story


def body(article: dict, paragraphs: int = 12) -> list[str]:
    return [p for p in article["text"].split("\n\n") if len(p.split()) >= 15][:paragraphs]


def doc(text: str, doc_id: str, published: str | None = "2024-03-01") -> Document:
    return Document(id=doc_id, source=f"raw/{doc_id}.txt", source_sha256=doc_id * 4, text=text, published=published)


def clusters(*docs: Document, threshold: float = 0.5) -> dict[str, str]:
    """Each document's kept document, by id, as the finishing step settles them."""
    rows = nd.rows_from([nd.sketch(d) for d in docs])
    kept, _ = nd.assign(rows, threshold, 2)
    return {nd.id_text(rows["id"][i]): nd.id_text(rows["id"][kept[i]]) for i in range(len(rows))}


def trimmed(paragraphs: list[str], share: float) -> list[str]:
    budget = sum(len(p.split()) for p in paragraphs) * share
    kept = []
    for paragraph in paragraphs:
        budget -= len(paragraph.split())
        if budget < 0:
            break
        kept.append(paragraph)
    return kept


# --- the decision ---------------------------------------------------------------------------------

STORY = body(ARTICLES[0])
NEW_REPORTING = body(ARTICLES[1])
BOILERPLATE = [s for a in ARTICLES[5:15] for s in a["without"]]


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(trimmed(STORY, 0.45), id="trimmed_to_45_percent"),
        pytest.param(trimmed(STORY, 0.5) + [" ".join(BOILERPLATE)[:700]], id="half_and_a_long_boilerplate_block"),
        pytest.param(STORY[:3] + STORY[4:], id="paragraph_cut_from_the_middle"),
        pytest.param([STORY[0].replace(STORY[0].split()[3], "whereas", 1)] + STORY[1:-1], id="word_changed_last_paragraph_cut"),
        pytest.param(["The minister did not answer questions, officials said on Friday."] + STORY[1:], id="sentence_rewritten"),
    ],
)
def test_copies_of_a_story_are_one_cluster(copy):
    original, other = doc("\n\n".join(STORY), "a" * 16), doc("\n\n".join(copy), "b" * 16)
    assert clusters(original, other) == {"a" * 16: "a" * 16, "b" * 16: "a" * 16}


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(NEW_REPORTING[:2] + STORY[3:5] + NEW_REPORTING[2:], id="follow_up_reusing_two_background_paragraphs"),
        pytest.param(
            [f"{p} {s}" for p, s in zip(NEW_REPORTING, [x for x in " ".join(STORY).split(". ") if len(x.split()) > 8][:3])] + NEW_REPORTING[3:],
            id="another_report_sharing_three_sentences",
        ),
        pytest.param(body(ARTICLES[2]), id="another_article"),
    ],
)
def test_distinct_stories_that_share_text_stay_apart(other):
    original, second = doc("\n\n".join(STORY), "a" * 16), doc("\n\n".join(other), "b" * 16)
    assert clusters(original, second) == {"a" * 16: "a" * 16, "b" * 16: "b" * 16}


def test_same_topic_is_not_the_same_story():
    seed, putin = doc("\n\n".join(SEED_BODY), "a" * 16), doc(OTHER_STORY, "b" * 16)
    assert clusters(seed, putin) == {"a" * 16: "a" * 16, "b" * 16: "b" * 16}


def test_containment_of_the_shorter_text():
    full, half = nd.sketch(doc("\n\n".join(STORY), "a" * 16)), nd.sketch(doc("\n\n".join(trimmed(STORY, 0.5)), "b" * 16))
    rows = nd.rows_from([full, half])
    jaccard = float(nd.jaccard(rows["signature"][:1], rows["shingles"][:1], rows["signature"][1], int(rows["shingles"][1]))[0])
    contained = float(nd.containment(rows["signature"][:1], rows["shingles"][:1], rows["signature"][1], int(rows["shingles"][1]))[0])
    assert jaccard < 0.6 and contained > 0.9  # plain MinHash would miss it


def test_kept_copy_rule_earliest_then_longest_then_id():
    full, half = "\n\n".join(STORY), "\n\n".join(trimmed(STORY, 0.6))
    assert clusters(doc(full, "a" * 16, "2024-03-02"), doc(half, "b" * 16, "2024-03-01T08:00:00+00:00"))["a" * 16] == "b" * 16
    assert clusters(doc(full, "a" * 16, None), doc(half, "b" * 16, "2024-03-05"))["a" * 16] == "b" * 16  # undated last
    assert clusters(doc(full, "b" * 16), doc(half, "a" * 16))["a" * 16] == "b" * 16  # same day: the longest
    assert clusters(doc(full, "b" * 16), doc(full + " ", "a" * 16))["b" * 16] == "a" * 16  # same length: the smallest id


def test_clusters_do_not_depend_on_the_order_of_documents():
    docs = [doc("\n\n".join(trimmed(body(a), share)), f"{i:016x}") for i, a in enumerate(ARTICLES[:12]) for share in (1.0, 0.5)]
    rows = nd.rows_from([nd.sketch(d) for d in docs])
    expected = clusters(*docs)
    for seed in range(3):
        shuffled = rows[np.random.default_rng(seed).permutation(len(rows))]
        kept, _ = nd.assign(shuffled, 0.5, 2)
        assert {nd.id_text(shuffled["id"][i]): nd.id_text(shuffled["id"][kept[i]]) for i in range(len(rows))} == expected
    assert len(set(expected.values())) == 12


WORDY = list("aZ09_ .,;:'\"-\n\t") + ["\u2019", "\u201c", "\u2014", "\u00a0", "\u00e9", "\u0130", "\u0301", "\u00b2", "\u00bd",
                                       "\u03a3", "\u4e00", "\u0660", "\u2028", "\x1c", "\x85", "\u00df", "\ufb01", "\U0001d400"]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(WORDY), max_size=60).map("".join))
def test_words_are_the_regex_words(text):
    assert nd.words_of(text) == nd.WORD.findall(text.lower())
    assert " ".join(nd.words_of(text)) == rules.fingerprint(text)  # what learning counts (cleaners.corpus.learn_group)


def test_words_are_the_regex_words_in_real_texts():
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_bytes().decode("utf-8", "replace")
        assert nd.words_of(text) == nd.WORD.findall(text.lower())


def test_signatures_are_the_same_in_every_process():
    code = "from cleaners.near_duplicates import sketch; from cleaners.pipeline import clean_file; import sys; sys.stdout.write(sketch(clean_file(sys.argv[1])).hex())"
    outputs = {
        subprocess.run([sys.executable, "-c", code, str(RAW / "000_99aef4c9488a004f.txt")], cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": seed}, check=True).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1 and len(next(iter(outputs))) == nd.ROW.itemsize * 2


# --- corpus runs ---------------------------------------------------------------------------------


def outlet_copy(paragraphs: list[str], title: str, outlet: str) -> str:
    """The story as another outlet runs it: its own head and byline, a promo trailer (undated, as the seed)."""
    return "\n\n".join([title, f"By {outlet} Staff", *paragraphs, f"Download the {outlet} app: App Store | Google Play"]) + "\n"


def put(raw: Path, name: str, text: str) -> None:
    """One folder per outlet, as a crawl stores them (boilerplate is learned per folder: three copies of one
    story in one small folder would make its paragraphs that folder's boilerplate)."""
    (raw / name).parent.mkdir(parents=True, exist_ok=True)
    (raw / name).write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    """The seed story as Zee News ran it, a trimmed copy by another outlet, and two other stories."""
    raw = tmp_path / "raw"
    put(raw, "zee/000.txt", SEED)
    put(raw, "ledger/010.txt", outlet_copy(trimmed(SEED_BODY, 0.55), "Moscow will not shelter Assad, says Lavrov", "Daily Ledger"))
    put(raw, "moscow-times/020.txt", OTHER_STORY)
    put(raw, "metro/030.txt", outlet_copy(body(ARTICLES[3]), ARTICLES[3]["title"], "Metro Wire"))
    return raw


def run(raw: Path, clean: Path, config: CleanConfig = CleanConfig(), force: bool = False):
    with locked(clean):
        plan = prepare_run([str(raw)], clean, config, force=force)
        return finish_run(plan, [run_batch(batch, plan.settings) for batch in plan.batches(2)])


def by_name(clean: Path) -> dict[str, dict]:
    """Every raw file's current document (the one its state entry names), by folder and name ("zee/000.txt").

    A raw file that changed leaves the document of its earlier bytes in the folder (as it always did);
    that one is no longer in the near-duplicate index."""
    found = {}
    for _, text in sorted(CleanStore(clean).load_states().items()):
        state = json.loads(text)
        data = json.loads((clean / state["output"]).read_text(encoding="utf-8"))
        found["/".join(data["source"].rsplit("/", 2)[1:])] = data | {"_path": state["output"]}
    return found


def test_a_copy_is_rejected_with_its_text_and_names_the_kept_document(corpus, tmp_path):
    clean = tmp_path / "clean"
    report = run(corpus, clean)
    docs = by_name(clean)
    kept, copy = docs["zee/000.txt"], docs["ledger/010.txt"]
    assert kept["status"] == "accepted" and kept["near_duplicate_of"] is None and kept["schema_version"] == 2
    assert copy["_path"] == f"rejected/{copy['id']}.json" and copy["reasons"] == ["near_duplicate"]
    assert copy["near_duplicate_of"] == kept["id"] and 0.8 <= copy["near_duplicate_similarity"] <= 1.0
    assert "Lavrov" in copy["text"]  # nothing is lost
    assert docs["moscow-times/020.txt"]["status"] == docs["metro/030.txt"]["status"] == "accepted"
    assert docs["moscow-times/020.txt"]["near_duplicate_of"] is None
    assert (report.accepted, report.rejected, report.near_duplicate_clusters, report.near_duplicate_copies) == (3, 1, 1, 1)
    assert (str(corpus / "ledger" / "010.txt"), ["near_duplicate"]) in report.rejections
    assert report.summary_line().endswith("near-duplicates: 1 copies in 1 clusters")
    assert report.near_duplicate_largest == [
        {"kept": kept["id"], "source": kept["source"], "title": kept["title"], "copies": 1, "lowest_similarity": copy["near_duplicate_similarity"]}
    ]
    state = CleanStore(clean).read_state(copy["source"])
    assert (state["status"], state["output"]) == ("rejected", f"rejected/{copy['id']}.json")
    last_run = json.loads((clean / ".state" / "last_run.json").read_text())
    assert (last_run["near_duplicate_clusters"], last_run["near_duplicate_copies"]) == (1, 1)


def test_an_unchanged_rerun_computes_no_signature_and_rewrites_nothing(corpus, tmp_path, monkeypatch):
    clean = tmp_path / "clean"
    run(corpus, clean)
    before = {path: path.read_bytes() for path in sorted(clean.rglob("*.json")) if ".state" not in path.parts}
    index_before = (clean / ".state" / "near_duplicates" / "index.npz").stat().st_mtime_ns
    calls = []
    monkeypatch.setattr(nd, "sketch", lambda doc: calls.append(doc) or pytest.fail("sketched again"))
    again = run(corpus, clean)
    assert again.skipped_unchanged == 4 and again.near_duplicates_rewritten == 0 and not calls
    assert (again.near_duplicate_clusters, again.near_duplicate_copies) == (1, 1)
    assert {path: path.read_bytes() for path in before} == before
    assert (clean / ".state" / "near_duplicates" / "index.npz").stat().st_mtime_ns == index_before


def test_a_new_file_joins_a_cluster_of_an_earlier_run(corpus, tmp_path):
    clean = tmp_path / "clean"
    run(corpus, clean)
    put(corpus, "courier/040.txt", outlet_copy(SEED_BODY[:-1], "Russia says it won't host Assad | The Courier", "The Courier"))
    report = run(corpus, clean)
    docs = by_name(clean)
    assert report.skipped_unchanged == 4 and report.rejected == 1
    assert docs["courier/040.txt"]["near_duplicate_of"] == docs["zee/000.txt"]["id"]
    assert (report.near_duplicate_clusters, report.near_duplicate_copies) == (1, 2)


def test_an_earlier_copy_arriving_later_becomes_the_kept_one(corpus, tmp_path):
    clean = tmp_path / "clean"
    run(corpus, clean)
    agency = "\n\n".join(["Russia says it won`t host Assad", "By PTI", "December 21, 2012", *SEED_BODY]) + "\n"
    put(corpus, "agency/050.txt", agency)
    report = run(corpus, clean)
    docs = by_name(clean)
    first = docs["agency/050.txt"]
    assert first["status"] == "accepted" and first["published"] == "2012-12-21"
    for name in ("zee/000.txt", "ledger/010.txt"):  # the earlier kept document is now a copy, rewritten
        assert docs[name]["near_duplicate_of"] == first["id"] and docs[name]["reasons"] == ["near_duplicate"]
    assert report.near_duplicates_rewritten == 2 and report.skipped_unchanged == 4


def test_a_kept_document_that_changes_or_goes_settles_its_cluster_again(corpus, tmp_path):
    clean = tmp_path / "clean"
    run(corpus, clean)
    copy_id = by_name(clean)["ledger/010.txt"]["id"]
    kept = corpus / "zee" / "000.txt"
    kept.write_text(SEED.replace("Lavrov", "the minister"), encoding="utf-8")  # edited: still the same story
    run(corpus, clean)
    docs = by_name(clean)
    assert docs["ledger/010.txt"]["near_duplicate_of"] == docs["zee/000.txt"]["id"] != copy_id
    kept.write_text(outlet_copy(body(ARTICLES[4]), ARTICLES[4]["title"], "Zee News"), encoding="utf-8")  # now another story
    report = run(corpus, clean)
    docs = by_name(clean)
    copy = docs["ledger/010.txt"]
    assert copy["status"] == "accepted" and copy["reasons"] == [] and copy["near_duplicate_of"] is None
    assert copy["_path"] == f"{copy['id']}.json" and not (clean / "rejected" / f"{copy['id']}.json").exists()
    assert (report.near_duplicate_clusters, report.near_duplicate_copies) == (0, 0)
    state = CleanStore(clean).read_state(copy["source"])
    assert (state["status"], state["output"]) == ("accepted", f"{copy['id']}.json")
    assert run(corpus, clean).skipped_unchanged == 4  # the released copy is not cleaned again


def test_mark_keeps_copies_accepted_and_modes_switch_without_cleaning_again(corpus, tmp_path, monkeypatch):
    clean = tmp_path / "clean"
    report = run(corpus, clean, CleanConfig(near_duplicates="mark"))
    copy = by_name(clean)["ledger/010.txt"]
    assert copy["status"] == "accepted" and copy["near_duplicate_of"] == by_name(clean)["zee/000.txt"]["id"]
    assert (report.accepted, report.near_duplicate_copies) == (4, 1)
    monkeypatch.setattr(nd, "sketch", lambda doc: pytest.fail("sketched again"))
    report = run(corpus, clean, CleanConfig(near_duplicates="reject"))
    assert report.skipped_unchanged == 4 and report.near_duplicates_rewritten == 1
    assert by_name(clean)["ledger/010.txt"]["reasons"] == ["near_duplicate"]
    report = run(corpus, clean, CleanConfig(near_duplicates="off"))
    copy = by_name(clean)["ledger/010.txt"]
    assert copy["status"] == "accepted" and copy["near_duplicate_of"] is None and report.near_duplicate_copies == 0
    assert not (clean / ".state" / "near_duplicates" / "index.npz").exists()


def test_off_computes_nothing(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(nd, "sketch", lambda doc: pytest.fail("no signature when off"))
    report = run(corpus, tmp_path / "clean", CleanConfig(near_duplicates="off"))
    assert report.accepted == 4 and report.near_duplicate_clusters == 0
    assert not (tmp_path / "clean" / ".state" / "near_duplicates").exists()


def test_a_lost_index_is_rebuilt_from_the_documents(corpus, tmp_path):
    clean = tmp_path / "clean"
    run(corpus, clean, CleanConfig(near_duplicates="off"))  # documents without any index (or a run killed before its end)
    report = run(corpus, clean)
    assert report.skipped_unchanged == 4 and report.near_duplicate_copies == 1
    assert by_name(clean)["ledger/010.txt"]["reasons"] == ["near_duplicate"]
    (clean / ".state" / "near_duplicates" / "index.npz").write_bytes(b"garbage")
    assert run(corpus, clean).near_duplicate_copies == 1


def test_export_leaves_near_duplicates_out_unless_asked(corpus, tmp_path):
    for mode in ("reject", "mark"):
        clean = tmp_path / mode
        run(corpus, clean, CleanConfig(near_duplicates=mode))
        assert export_jsonl(clean, tmp_path / "a.jsonl") == 3
        rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
        assert all(row["metadata"]["near_duplicate_of"] is None for row in rows)
        assert export_jsonl(clean, tmp_path / "b.jsonl", include_near_duplicates=True) == 4
        copies = [json.loads(line) for line in (tmp_path / "b.jsonl").read_text().splitlines() if '"near_duplicate_of": "' in line]
        assert len(copies) == 1 and "Lavrov" in copies[0]["text"]


def test_cli_batch_summary_and_explain_with_learned_from(corpus, tmp_path, capsys):
    clean = tmp_path / "clean"
    assert main([str(corpus), "--out", str(clean), "--export-jsonl", str(tmp_path / "c.jsonl"), "--export-near-duplicates"]) == 0
    out = capsys.readouterr().out
    assert "near-duplicates: 1 copies in 1 clusters" in out and "largest near-duplicate cluster: 1 copies of" in out
    assert len((tmp_path / "c.jsonl").read_text().splitlines()) == 4
    copy = str(corpus / "ledger" / "010.txt")
    assert main([copy, "--learned-from", str(clean), "--explain"]) == 1
    explained = capsys.readouterr().out
    kept = by_name(clean)["zee/000.txt"]
    assert f"near duplicate of: {kept['id']} ({kept['source']}), similarity" in explained
    assert "rejected: near_duplicate" in explained
    assert main([copy, "--learned-from", str(clean)]) == 1
    single = capsys.readouterr().out
    assert single == (clean / "rejected" / f"{json.loads(single)['id']}.json").read_text()  # as the batch wrote it
    assert main([copy]) == 0  # a single file alone: no corpus, no near-duplicate step
    assert json.loads(capsys.readouterr().out)["near_duplicate_of"] is None


# --- the known-answer set, test-sized ------------------------------------------------------------------

_spec = importlib.util.spec_from_file_location("near_duplicate_set", ROOT / "bench" / "near_duplicate_set.py")
near_duplicate_set = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(near_duplicate_set)


def test_pairs_on_the_known_answer_sample(tmp_path):
    built = near_duplicate_set.build(near_duplicate_set.load_articles(SAMPLE), tmp_path, seed=3)
    truth = json.loads((tmp_path / "truth.json").read_text())
    os.chdir(tmp_path)
    try:
        run(Path("raw"), tmp_path / "clean")
    finally:
        os.chdir(ROOT)
    docs = [json.loads(path.read_text()) for path in sorted((tmp_path / "clean").rglob("*.json")) if ".state" not in path.parts]
    found, labels = {}, {}
    for d in docs:
        if d["status"] == "accepted" or d["reasons"] == ["near_duplicate"]:
            kept = d["near_duplicate_of"] or d["id"]
            found.setdefault(kept, []).append(d["source"])
            labels.setdefault(truth[d["source"]]["label"], []).append(d["source"])
    pairs = lambda groups: {tuple(sorted((a, b))) for g in groups for a in g for b in g if a < b}  # noqa: E731
    found_pairs, true_pairs = pairs(found.values()), pairs(labels.values())
    assert built["kinds"]["copy"] >= 20 and len(true_pairs) >= 30
    precision = len(found_pairs & true_pairs) / len(found_pairs)
    recall = len(found_pairs & true_pairs) / len(true_pairs)
    assert precision >= 0.98 and recall >= 0.9, (precision, recall)
