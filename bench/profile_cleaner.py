#!/usr/bin/env python3
"""Where the direct cleaner spends its time, on real-length plain text and on real HTML pages.

    python bench/profile_cleaner.py --wcxb /work/shared/wcxb-dev                 # cProfile: top costs per format, by library
    python bench/profile_cleaner.py --wcxb /work/shared/wcxb-dev --pyinstrument  # call trees instead
    python bench/profile_cleaner.py --wcxb /work/shared/wcxb-dev --lines cleaners.strip,cleaners.head   # line-level hot spots
    python bench/profile_cleaner.py --code bench/out/code/<key>                  # the code snapshot run_bench.py measured

Documents come from the benchmark corpus (bench/make_corpus.py: real article text, built under
bench/out/corpus/ if missing) and its HTML pages set. HTML is cleaned with `html_fast = false`
(the accuracy setting) unless `--html-fast`. Timings are CPU time of this process
(time.process_time), so other load on the machine matters less; every cache is warm (a first pass
runs before anything is timed).

`--lines MODULES` times every line of every function defined in those modules (line_profiler) while
the text documents are cleaned, and prints each module's costliest lines with their share of the
whole `clean_bytes` time.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
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

LIBRARIES = ("langdetect", "ftfy", "dateparser", "trafilatura", "htmldate", "justext", "readability", "courlan", "lxml",
             "charset_normalizer", "pydantic", "regex", "rensa", "numpy", "cleaners", "json", "re")


def load_docs(corpus: Path, pages: Path | None, text_docs: int, html_docs: int) -> dict[str, list[tuple[str, bytes]]]:
    """Every n-th file, so that each kind and source is represented."""
    def spread(paths: list[Path], count: int) -> list[Path]:
        step = max(1, len(paths) // max(1, count))
        return paths[::step][:count]

    text = spread(sorted(p for p in corpus.glob("*/*") if p.is_file()), text_docs)
    html = spread(sorted(p for p in pages.glob("*/*") if p.is_file()), html_docs) if pages else []
    return {"text": [(str(p), p.read_bytes()) for p in text], "html": [(str(p), p.read_bytes()) for p in html]}


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
    for name, seconds in sorted(by_library.items(), key=lambda kv: -kv[1])[:12]:
        out.write(f"    {name:<28} {seconds:7.2f} s  {100 * seconds / total:5.1f}%\n")
    out.write(f"  top {top} functions by own time:\n")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:top]
    for (filename, line, name), (_, calls, tottime, cumtime, _) in rows:
        short = filename.split("site-packages/")[-1].replace(str(REPO) + "/", "")
        out.write(f"    {100 * tottime / total:5.1f}% own {100 * cumtime / total:5.1f}% cum {calls:>8} calls  {short}:{line}({name})\n")
    out.write(f"  top {top} functions by cumulative time (own code):\n")
    rows = sorted(((k, v) for k, v in stats.stats.items() if "/cleaners/" in k[0]), key=lambda kv: -kv[1][3])[:top]
    for (filename, line, name), (_, calls, tottime, cumtime, _) in rows:
        short = filename.replace(str(REPO) + "/", "")
        out.write(f"    {100 * cumtime / total:5.1f}% cum {1000 * cumtime / len(docs):6.3f} ms/doc {calls:>8} calls  {short}:{line}({name})\n")
    return out.getvalue()


def run_pyinstrument(docs, clean) -> str:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    profiler.start()
    for source, data in docs:
        clean(data, source)
    profiler.stop()
    return profiler.output_text(unicode=False, color=False, show_all=False, short_mode=True)


def line_costs(docs, clean, modules: list[str], top: int) -> str:
    """Line-level hot spots of every function defined in `modules` (line_profiler)."""
    import importlib

    from line_profiler import LineProfiler

    profiler = LineProfiler()
    for name in modules:
        module = importlib.import_module(name)
        for _, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == name:
                profiler.add_function(function)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == name:
                for _, method in inspect.getmembers(cls, inspect.isfunction):
                    profiler.add_function(method)
    started = time.perf_counter()
    profiler.runcall(lambda: [clean(data, source) for source, data in docs])
    total = time.perf_counter() - started
    stats = profiler.get_stats()
    rows, by_function = [], {}
    for (filename, first, function), lines in stats.timings.items():
        module = next((m for m in modules if filename.endswith(m.replace(".", "/") + ".py")), None)
        if module is None or not lines:
            continue
        source = Path(filename).read_text().splitlines()
        own = sum(t for _, _, t in lines) * stats.unit
        by_function[(module, function, first)] = own
        for number, hits, spent in lines:
            rows.append((spent * stats.unit, module, number, hits, source[number - 1].strip()[:110]))
    out = io.StringIO()
    out.write(f"  line_profiler over {len(docs)} docs ({total:.2f} s with the profiler's overhead; shares of that)\n")
    for module in modules:
        functions = sorted(((f, first, t) for (m, f, first), t in by_function.items() if m == module), key=lambda x: -x[2])
        if not functions:
            continue
        spent = sum(t for _, _, t in functions)
        out.write(f"  {module}: {100 * spent / total:.1f}% in its functions' own lines (nested calls to other profiled functions counted in both)\n")
        for function, first, seconds in functions[:6]:
            out.write(f"    {100 * seconds / total:5.1f}%  {function} (line {first})\n")
        for seconds, _, number, hits, text in sorted((r for r in rows if r[1] == module), key=lambda r: -r[0])[:top]:
            out.write(f"      {100 * seconds / total:5.1f}% {1e6 * seconds / len(docs):7.1f} us/doc {hits:>8} hits  {number:>4}: {text}\n")
    return out.getvalue()


def stage_costs(docs, clean_bytes, config) -> str:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    for source, data in docs:
        clean_bytes(data, source, config, timings=timings)
    total = time.perf_counter() - started
    return "  stages (ms per doc): " + ", ".join(
        f"{k} {1000 * v / len(docs):.2f} ({100 * v / total:.0f}%)" for k, v in sorted(timings.items(), key=lambda kv: -kv[1]) if v
    )


def cpu_per_doc(docs, clean, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for source, data in docs:
            clean(data, source)
        best = min(best, time.process_time() - started)
    return best / len(docs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile the direct cleaner on real-length plain text and real HTML pages.")
    parser.add_argument("--wcxb", type=Path, help="a folder in WCXB layout to build the corpus from (default: the 40-page sample)")
    parser.add_argument("--corpus", type=Path, help="a corpus folder (default: build/reuse bench/out/corpus/real-6000, or sample-6000 without --wcxb)")
    parser.add_argument("--pages", type=Path, help="an HTML pages folder (default: build/reuse bench/out/corpus/pages-real, or pages-sample)")
    parser.add_argument("--text-docs", type=int, default=1000)
    parser.add_argument("--html-docs", type=int, default=150)
    parser.add_argument("--html-fast", action="store_true", help="HTML in trafilatura's fast mode (html_fast = true)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--pyinstrument", action="store_true", help="pyinstrument call trees instead of cProfile tables")
    parser.add_argument("--lines", help="comma-separated modules to profile line by line on the text documents (e.g. cleaners.strip,cleaners.head)")
    parser.add_argument("--only", choices=("text", "html"), help="one format only")
    parser.add_argument("--code", type=Path, help="import cleaners/ from this folder (e.g. bench/out/code/<key>, what run_bench measured)")
    args = parser.parse_args(argv)
    if args.code:
        sys.path.insert(0, str(args.code.resolve()))

    tag = "real" if args.wcxb else "sample"  # the same folders as run_bench.py's
    corpus = args.corpus or REPO / "bench" / "out" / "corpus" / f"{tag}-6000"
    pages = args.pages or REPO / "bench" / "out" / "corpus" / f"pages-{tag}"
    if not args.corpus:
        make_corpus.build(corpus, 6000, args.wcxb, quiet=True)
    if not args.pages:
        make_corpus.build_pages(pages, args.wcxb, quiet=True)
    docs = load_docs(corpus, pages, args.text_docs if args.only != "html" else 0, args.html_docs if args.only != "text" else 0)

    started = time.perf_counter()
    import cleaners.warm_dates  # noqa: F401  (every library's data, as the forkserver loads it for HTML)
    from cleaners.config import CleanConfig
    from cleaners.pipeline import clean_bytes

    print(f"import + warm-up of the pipeline: {time.perf_counter() - started:.2f} s (once per process; the batch forkserver does it once per run)")
    if args.lines:
        items = docs["text"]
        for source, data in items:  # warm every cache first
            clean_bytes(data, source)
        print(line_costs(items, clean_bytes, args.lines.split(","), args.top))
        return 0
    for kind, items in docs.items():
        if not items:
            continue
        config = CleanConfig(html_fast=args.html_fast)
        clean = lambda data, source: clean_bytes(data, source, config)  # noqa: E731
        mean = sum(len(data) for _, data in items) / len(items)
        print(f"\n=== {kind}: {len(items)} docs, mean {mean:.0f} bytes" + (f", html_fast={args.html_fast}" if kind == "html" else "") + " ===")
        cpu_per_doc(items, clean, 1)  # warm
        per_doc = cpu_per_doc(items, clean, 1)
        print(f"  clean_bytes: {1000 * per_doc:.2f} ms CPU per doc = {1 / per_doc:.1f} docs per CPU-second")
        print(stage_costs(items, clean_bytes, config))
        if kind == "html":
            import trafilatura

            extract = cpu_per_doc(items, lambda data, source: trafilatura.extract(data, fast=args.html_fast), 1)
            print(f"  trafilatura.extract(fast={args.html_fast}) alone: {1000 * extract:.2f} ms CPU per doc; ours / it = {extract / per_doc:.2f}x its speed")
        print(run_pyinstrument(items, clean) if args.pyinstrument else run_profile(items, clean, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
