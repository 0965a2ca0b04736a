#!/usr/bin/env python3
"""Near-duplicate detection measured on a set with known answers (issue 15).

    python bench/near_duplicates.py /path/to/wcxb-dev                 # the full dev-set-based measurement
    python bench/near_duplicates.py tests/data/near_duplicates/wcxb_dev_sample.json --out /tmp/nd

1. Builds the known-answer set (bench/near_duplicate_set.py) from the articles given.
2. Cleans it with the command line, default options (`python -m cleaners raw --out clean`): the
   pairs it finds are the pairs of documents in one cluster (a kept document and its copies).
3. Sweeps the decision on the signatures that run stored (clean/.state/near_duplicates/): containment
   thresholds, LSH band widths, and plain MinHash Jaccard as the baseline, with the library's own
   `assign`; recall of copies by transformation, merged negatives by kind.
4. Cost of a signature per document on the cleaned texts (real length): rensa, as the workers compute
   it, and datasketch on the same shingles, with the pairs each one finds.

Pairs are counted over the documents that were accepted (a document rejected for another reason,
say too short, is in no cluster). Writes `results.json` and prints a markdown report.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from cleaners import near_duplicates as nd  # noqa: E402
from cleaners.document import Document  # noqa: E402
from cleaners.store import CleanStore  # noqa: E402

_spec = importlib.util.spec_from_file_location("near_duplicate_set", REPO / "bench" / "near_duplicate_set.py")
near_duplicate_set = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(near_duplicate_set)

THRESHOLDS = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9]


def clean(set_dir: Path, workers: int, config: str | None = None) -> dict:
    """Run the command line on the set's raw folder (fresh clean folder); return its report."""
    clean_dir = set_dir / "clean"
    if clean_dir.exists():
        subprocess.run(["rm", "-rf", str(clean_dir)], check=True)
    command = [sys.executable, "-m", "cleaners", "raw", "--out", "clean", "--workers", str(workers)]
    if config:
        command += ["--config", config]
    started = time.monotonic()
    subprocess.run(command, cwd=set_dir, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    report = json.loads((clean_dir / ".state" / "last_run.json").read_text())
    report["wall_seconds"] = round(time.monotonic() - started, 2)
    return report


def documents(clean_dir: Path) -> dict[str, dict]:
    """Every document of the clean folder (accepted and rejected), by id."""
    found = {}
    for path in sorted(clean_dir.glob("*.json")) + sorted((clean_dir / "rejected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["id"]] = data
    return found


def pair_scores(clusters: dict[str, str], truth: dict[str, dict]) -> dict:
    """Precision and recall of same-cluster pairs against same-label pairs, over the documents given
    (`clusters`: source -> the source of its kept document)."""
    members = defaultdict(list)
    for source, kept in clusters.items():
        members[kept].append(source)
    found = {tuple(sorted(pair)) for group in members.values() for pair in itertools.combinations(group, 2)}
    labels = defaultdict(list)
    for source in clusters:
        labels[truth[source]["label"]].append(source)
    true = {tuple(sorted(pair)) for group in labels.values() for pair in itertools.combinations(group, 2)}
    hits = len(found & true)
    return {
        "true_pairs": len(true),
        "found_pairs": len(found),
        "correct": hits,
        "precision": round(hits / len(found), 4) if found else 1.0,
        "recall": round(hits / len(true), 4) if true else 1.0,
    }


def by_kind(clusters: dict[str, str], truth: dict[str, dict]) -> tuple[dict, dict]:
    """Copies found with their story, by transformation; negatives merged with any other story, by kind."""
    original = {entry["label"]: source for source, entry in truth.items() if entry["kind"] == "original" and source in clusters}
    copies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for source, entry in truth.items():
        if source not in clusters or not entry["kind"].startswith("copy:") or entry["label"] not in original:
            continue
        hit = clusters[source] == clusters[original[entry["label"]]]
        for change in entry["kind"][5:].split(","):
            copies[change][0] += hit
            copies[change][1] += 1
        copies["all copies"][0] += hit
        copies["all copies"][1] += 1
    members = defaultdict(set)
    for source, kept in clusters.items():
        members[kept].add(truth[source]["label"])
    merged: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for source, entry in truth.items():
        if source not in clusters or entry["kind"] in ("original",) or entry["kind"].startswith("copy:"):
            continue
        merged[entry["kind"]][0] += len(members[clusters[source]]) > 1
        merged[entry["kind"]][1] += 1
    return (
        {k: {"found": v[0], "of": v[1], "recall": round(v[0] / v[1], 4)} for k, v in sorted(copies.items())},
        {k: {"merged": v[0], "of": v[1]} for k, v in sorted(merged.items())},
    )


def clusters_of(rows: np.ndarray, kept: np.ndarray, source_of: dict[int, str]) -> dict[str, str]:
    return {source_of[int(rows["id"][i])]: source_of[int(rows["id"][kept[i]])] for i in range(len(rows))}


def signature_costs(texts: list[str], repeat: int = 3) -> dict:
    """Milliseconds per document: shingling alone, rensa as the workers run it, datasketch on the same shingles."""
    import rensa
    from datasketch import MinHash

    def timed(function) -> float:
        best = float("inf")
        for _ in range(repeat):
            started = time.process_time()
            for text in texts:
                function(text)
            best = min(best, time.process_time() - started)
        return round(best / len(texts) * 1000, 4)

    template = MinHash(num_perm=nd.NUM_PERM, seed=nd.MINHASH_SEED)

    def rensa_signature(text):
        minhash = rensa.RMinHash(nd.NUM_PERM, nd.MINHASH_SEED)
        minhash.update(nd.shingles(text))
        return minhash.digest()

    def datasketch_signature(text):
        minhash = MinHash(num_perm=nd.NUM_PERM, seed=nd.MINHASH_SEED, permutations=template.permutations, scheme=template.scheme)
        minhash.update_batch([gram.encode("utf-8") for gram in nd.shingles(text)])
        return minhash.digest()

    return {
        "documents": len(texts),
        "median_chars": int(statistics.median(len(t) for t in texts)),
        "shingles_only_ms": timed(nd.shingles),
        "rensa_ms": timed(rensa_signature),
        "sketch_ms": timed(lambda text: nd.sketch(Document(id="0" * 16, source="", source_sha256="", text=text))),
        "datasketch_ms": timed(datasketch_signature),
        "versions": {"rensa": nd.version("rensa"), "datasketch": nd.version("datasketch")},
        "datasketch_signature": datasketch_signature,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path, help="a WCXB-style folder (ground-truth/*.json) or a JSON file of articles")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "near_duplicates")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=0, help="only the cost at scale: a corpus of about N documents (synthetic stories of real sentences, 37%% copies), near-duplicates on vs off")
    args = parser.parse_args(argv)
    if args.scale:
        print(json.dumps(scale(args), indent=1))
        return 0
    set_dir = args.out / f"set-{args.seed}"
    set_dir.mkdir(parents=True, exist_ok=True)
    built = near_duplicate_set.build(near_duplicate_set.load_articles(args.articles), set_dir, args.seed)
    truth = json.loads((set_dir / "truth.json").read_text())
    report = clean(set_dir, args.workers)
    docs = documents(set_dir / "clean")
    in_index = {doc["source"]: doc for doc in docs.values() if doc["status"] == "accepted" or doc["reasons"] == [nd.REASON]}
    shipped = {source: docs[doc["near_duplicate_of"]]["source"] if doc["near_duplicate_of"] else source for source, doc in in_index.items()}
    results = {"set": built, "run": {k: report[k] for k in ("files_seen", "accepted", "rejected", "near_duplicate_clusters", "near_duplicate_copies", "near_duplicate_seconds", "wall_seconds")}}
    results["shipped"] = pair_scores(shipped, truth)
    results["copies_by_change"], results["negatives_merged"] = by_kind(shipped, truth)

    index = nd.NearDuplicateIndex(CleanStore(set_dir / "clean"))
    assert index.load(), "the run left no index"
    rows = index.rows
    source_of = {int(doc_id, 16): doc["source"] for doc_id, doc in docs.items()}
    sweep = []
    for band_rows in (1, 2, 3, 4):
        for threshold in THRESHOLDS:
            kept, _ = nd.assign(rows, threshold, band_rows)
            sweep.append({"measure": "containment", "band_rows": band_rows, "threshold": threshold, **pair_scores(clusters_of(rows, kept, source_of), truth)})
    for threshold in (0.3, 0.5, 0.8):
        kept, _ = nd.assign(rows, threshold, 2, measure=nd.jaccard)
        sweep.append({"measure": "jaccard", "band_rows": 2, "threshold": threshold, **pair_scores(clusters_of(rows, kept, source_of), truth)})
    results["sweep"] = sweep

    texts = [doc["text"] for doc in in_index.values()]
    costs = signature_costs(texts)
    datasketch_signature = costs.pop("datasketch_signature")
    other = rows.copy()
    by_id = {int(doc["id"], 16): doc["text"] for doc in in_index.values()}
    for i in range(len(other)):
        other["signature"][i] = np.asarray(datasketch_signature(by_id[int(other["id"][i])]), dtype=np.uint64).astype("<u2")
    kept, _ = nd.assign(other, 0.5, 2)
    costs["datasketch_pairs_at_default"] = pair_scores(clusters_of(other, kept, source_of), truth)
    results["signature_cost"] = costs
    size = index.path.stat().st_size
    results["index"] = {"rows": len(rows), "bytes": size, "bytes_per_document": round(size / max(1, len(rows)), 1), "mb_per_million": round(size / max(1, len(rows)) * 1e6 / 2**20, 1)}
    (args.out / f"results-{args.seed}.json").write_text(json.dumps(results, indent=1))
    print(render(results))
    return 0


def scale(args) -> dict:
    """Time and peak memory (PSS of the process tree, bench/run_bench.py's sampler) of the command line on
    about `args.scale` documents with near-duplicates on (default) and off, and an unchanged re-run."""
    sys.path.insert(0, str(REPO / "bench"))
    import run_bench

    corpus = args.out / f"scale-{args.scale}"
    if not (corpus / "truth.json").exists():
        articles = near_duplicate_set.synthetic_articles(near_duplicate_set.load_articles(args.articles), int(args.scale / 1.72), args.seed)
        built = near_duplicate_set.build(articles, corpus, args.seed, copy_weights=(70, 15, 8, 4, 3))
        (corpus / "built.json").write_text(json.dumps(built))
    built = json.loads((corpus / "built.json").read_text())
    off = corpus / "off.toml"
    off.write_text('near_duplicates = "off"\n')
    results = {"corpus": built}
    for name, extra in (("near_duplicates_off", ["--config", str(off)]), ("near_duplicates_on", []), ("near_duplicates_on_rerun", [])):
        clean_dir = corpus / ("clean-off" if name.endswith("off") else "clean-on")
        if not name.endswith("rerun") and clean_dir.exists():
            subprocess.run(["rm", "-rf", str(clean_dir)], check=True)
        command = [sys.executable, "-m", "cleaners", str(corpus / "raw"), "--out", str(clean_dir), "--workers", str(args.workers), *extra]
        run = run_bench.run_measured(command, corpus / f"{name}.log")
        report = json.loads((clean_dir / ".state" / "last_run.json").read_text())
        run["report"] = {k: report.get(k) for k in ("files_seen", "accepted", "rejected", "skipped_unchanged", "near_duplicate_clusters", "near_duplicate_copies", "near_duplicates_rewritten", "near_duplicate_seconds")}
        run["near_duplicates_worker_seconds"] = report["timings"].get("near_duplicates", 0.0)
        results[name] = run
    index = corpus / "clean-on" / ".state" / "near_duplicates" / "index.npz"
    rows = results["near_duplicates_on"]["report"]["accepted"] + results["near_duplicates_on"]["report"]["near_duplicate_copies"]
    results["index"] = {"bytes": index.stat().st_size, "rows": rows, "mb_per_million": round(index.stat().st_size / rows * 1e6 / 2**20, 1)}
    (args.out / f"scale-{args.scale}.json").write_text(json.dumps(results, indent=1))
    return results


def render(results: dict) -> str:
    run, shipped = results["run"], results["shipped"]
    lines = [
        f"Set: {results['set']['documents']} documents from {results['set']['articles']} articles ({results['set']['kinds']}).",
        f"Run (defaults): {run['accepted']} accepted, {run['rejected']} rejected, {run['near_duplicate_copies']} copies in {run['near_duplicate_clusters']} clusters; finishing step {run['near_duplicate_seconds']} s.",
        f"Pairs (defaults): precision {shipped['precision']}, recall {shipped['recall']} ({shipped['correct']} of {shipped['true_pairs']} true pairs; {shipped['found_pairs']} found).",
        "",
        "| measure | band rows | threshold | precision | recall | pairs found |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [f"| {r['measure']} | {r['band_rows']} | {r['threshold']} | {r['precision']} | {r['recall']} | {r['found_pairs']} |" for r in results["sweep"]]
    lines += ["", "| copies with this change | found with their story | recall |", "| --- | --- | --- |"]
    lines += [f"| {k} | {v['found']} / {v['of']} | {v['recall']} |" for k, v in results["copies_by_change"].items()]
    lines += ["", "| distinct stories sharing text | merged with another story |", "| --- | --- |"]
    lines += [f"| {k} | {v['merged']} / {v['of']} |" for k, v in results["negatives_merged"].items()]
    cost = results["signature_cost"]
    lines += [
        "",
        f"Signature per document ({cost['documents']} cleaned texts, median {cost['median_chars']} characters, CPU ms, best of 3): "
        f"shingles alone {cost['shingles_only_ms']}, rensa {cost['rensa_ms']} (the workers' whole `sketch`: {cost['sketch_ms']}), datasketch {cost['datasketch_ms']} "
        f"(rensa {cost['versions']['rensa']}, datasketch {cost['versions']['datasketch']}); datasketch's signatures at the defaults: "
        f"precision {cost['datasketch_pairs_at_default']['precision']}, recall {cost['datasketch_pairs_at_default']['recall']}.",
        f"Index: {results['index']['bytes_per_document']} bytes per document ({results['index']['mb_per_million']} MB per million documents).",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
