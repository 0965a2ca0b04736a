#!/usr/bin/env python3
"""Where the direct cleaner spends its time, on plain text and on HTML.

    python bench/profile_cleaner.py                       # cProfile: top costs per format, grouped by library
    python bench/profile_cleaner.py --pyinstrument        # pyinstrument call trees instead of cProfile tables
    python bench/profile_cleaner.py --code bench/out/code/<key>   # the code snapshot run_bench.py measured

Documents come from a benchmark corpus (bench/make_corpus.py; built under bench/out/ if missing).
Timings are CPU time of this process (time.process_time), so other load on the machine matters less.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(1, str(Path(__file__).resolve().parent))

import make_corpus  # noqa: E402

LIBRARIES = ("langdetect", "ftfy", "dateparser", "trafilatura", "htmldate", "justext", "courlan", "lxml", "charset_normalizer",
             "pydantic", "regex", "cleaners", "json", "re")


def load_docs(corpus: Path, text_docs: int, html_docs: int) -> dict[str, list[tuple[str, bytes]]]:
    files = sorted(p for p in corpus.glob("*/*") if p.is_file())
    files.sort(key=lambda p: p.name)  # by document index, across source folders
    text = [(str(p), p.read_bytes()) for p in files if p.suffix == ".txt"][:text_docs]
    html = [(str(p), p.read_bytes()) for p in files if p.suffix == ".html"][:html_docs]
    return {"text": text, "html": html}


def library_of(filename: str) -> str:
    for name in LIBRARIES[:-2]:
        if f"/{name}/" in filename or f"/site-packages/{name}" in filename:
            return name
    if "/cleaners/" in filename:
        return "cleaners (own code)"
    if filename.startswith("~") or "{" in filename:
        return "builtins (re, str, ...)"
    return "python stdlib"


def run_profile(docs, clean, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for source, data in docs:
        clean(data, source)
    profiler.disable()
    stats = pstats.Stats(profiler)
    out = io.StringIO()
    total = stats.total_tt
    by_library: dict[str, float] = defaultdict(float)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        by_library[library_of(filename)] += tottime
    out.write(f"  own time by library (cProfile, {total:.2f} s profiled for {len(docs)} docs):\n")
    for name, seconds in sorted(by_library.items(), key=lambda kv: -kv[1])[:10]:
        out.write(f"    {name:<28} {seconds:7.2f} s  {100 * seconds / total:5.1f}%\n")
    out.write(f"  top {top} functions by own time:\n")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (filename, line, name), (_, calls, tottime, cumtime, _) in rows:
        short = filename.split("site-packages/")[-1].replace(str(REPO) + "/", "")
        out.write(f"    {100 * tottime / total:5.1f}% own {100 * cumtime / total:5.1f}% cum {calls:>8} calls  {short}:{line}({name})\n")
    return out.getvalue()


def run_pyinstrument(docs, clean) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for source, data in docs:
        clean(data, source)
    profiler.stop()
    return profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True)


def stage_shares(docs, clean_bytes) -> str:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for source, data in docs:
        clean_bytes(data, source, timings=timings)
    total = time.perf_counter() - started
    return "  stages: " + ", ".join(f"{k} {100 * v / total:.1f}%" for k, v in sorted(timings.items(), key=lambda kv: -kv[1]))


def cpu_per_doc(docs, clean, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for source, data in docs:
            clean(data, source)
        best = min(best, time.process_time() - started)
    return best / len(docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile the direct cleaner on plain text and HTML.")
    parser.add_argument("--corpus", type=Path, help="a corpus folder (default: build/reuse bench/out/corpus/n1000-s1-h0.25)")
    parser.add_argument("--text-docs", type=int, default=300)
    parser.add_argument("--html-docs", type=int, default=60)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--pyinstrument", action="store_true", help="pyinstrument call trees instead of cProfile tables")
    parser.add_argument("--code", type=Path, help="import cleaners/ from this folder (e.g. bench/out/code/<key>, what run_bench measured)")
    args = parser.parse_args(argv)
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))  # e.g. the snapshot run_bench.py measured

    corpus = args.corpus or REPO / "bench" / "out" / "corpus" / "n1000-s1-h0.25"
    if not args.corpus:
        make_corpus.build(corpus, 1000, 1, 0.25)
    docs = load_docs(corpus, args.text_docs, args.html_docs)

    started = time.perf_counter()
    import cleaners.warm  # noqa: F401
    from cleaners.pipeline import clean_bytes

    print(f"import + warm-up of the pipeline: {time.perf_counter() - started:.2f} s (once per process; the batch forkserver does it once per run)")
    for kind, items in docs.items():
        if not items:
            continue
        mean = sum(len(data) for _, data in items) / len(items)
        print(f"\n=== {kind}: {len(items)} docs, mean {mean:.0f} bytes ===")
        per_doc = cpu_per_doc(items, clean_bytes, 1)
        print(f"  clean_bytes: {1000 * per_doc:.2f} ms CPU per doc = {1 / per_doc:.1f} docs per CPU-second")
        print(stage_shares(items, clean_bytes))
        if kind == "html":
            import trafilatura

            extract = cpu_per_doc(items, lambda data, source: trafilatura.extract(data), 1)
            print(f"  trafilatura.extract alone: {1000 * extract:.2f} ms CPU per doc; ours / it = {extract / per_doc:.2f}x its speed")
        print(run_pyinstrument(items, clean_bytes) if args.pyinstrument else run_profile(items, clean_bytes, args.top))

    return 0


if __name__ == "__main__":
    sys.exit(main())
