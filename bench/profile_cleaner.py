#!/usr/bin/env python3
"""Where the direct cleaner spends its time, on plain text and on HTML, and what candidate fixes would gain.

    python bench/profile_cleaner.py                       # cProfile: top costs per format, grouped by library
    python bench/profile_cleaner.py --pyinstrument        # pyinstrument call trees instead of cProfile tables
    python bench/profile_cleaner.py --experiments         # + before/after of candidate fixes (monkeypatched here,
                                                  #   cleaners/ is not edited), with output changes counted

Documents come from a benchmark corpus (bench/make_corpus.py; built under bench/out/ if missing).
Timings are CPU time of this process (time.process_time), so other load on the machine matters less.
"""

from __future__ import annotations

import argparse
import contextlib
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


# --- experiments: candidate fixes, applied by monkeypatching this process only ----------------------


def cpu_per_doc(docs, clean, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for source, data in docs:
            clean(data, source)
        best = min(best, time.process_time() - started)
    return best / len(docs)


def outputs(docs, clean) -> list[dict]:
    return [clean(data, source).model_dump() for source, data in docs]


def differences(before: list[dict], after: list[dict]) -> str:
    fields: dict[str, int] = defaultdict(int)
    changed = 0
    for a, b in zip(before, after):
        keys = [k for k in a if a[k] != b[k]]
        changed += bool(keys)
        for key in keys:
            fields[key] += 1
    if not changed:
        return "identical output"
    return f"{changed}/{len(before)} docs differ (" + ", ".join(f"{k} {n}" for k, n in sorted(fields.items())) + ")"


@contextlib.contextmanager
def patched(obj, name, value):
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def experiments():
    """(name, applies to, context manager factory) for each candidate fix."""
    import functools
    import re
    from datetime import datetime

    import ftfy
    import trafilatura

    import cleaners.language as language
    import cleaners.metadata as metadata
    import cleaners.repair as repair
    import cleaners.rules as rules
    import cleaners.validate as validate
    from cleaners.config import DEFAULT_CONFIG

    found = []

    def sample_chars(chars):
        @contextlib.contextmanager
        def apply():
            config = DEFAULT_CONFIG.model_copy(update={"language_sample_chars": chars})
            original = language.detect_language
            with patched(language, "detect_language", lambda doc, _config: original(doc, config)):
                import cleaners.pipeline as pipeline
                with patched(pipeline, "detect_language", language.detect_language):
                    yield
        return apply

    now = DEFAULT_CONFIG.language_sample_chars
    for chars in (1000, 500):
        if chars < now:
            found.append((f"language_sample_chars {now} -> {chars}", "both", sample_chars(chars)))

    def fewer_trials(trials):
        @contextlib.contextmanager
        def apply():
            from langdetect.detector import Detector

            original = Detector.__init__

            def init(self, factory):
                original(self, factory)
                self.n_trial = trials

            with patched(Detector, "__init__", init):
                yield
        return apply

    found.append(("langdetect n_trial 7 -> 3", "both", fewer_trials(3)))

    try:
        import pycld2

        @contextlib.contextmanager
        def cld2():
            def detect(doc, config):
                sample = doc.text[: config.language_sample_chars]
                if sum(char.isalpha() for char in sample) < config.min_language_letters:
                    return doc
                try:
                    reliable, _, details = pycld2.detect(sample)
                except pycld2.error:
                    return doc
                code, percent = details[0][1], details[0][2]
                if reliable and code != "un":
                    doc.language = code.split("-")[0]
                    doc.language_probability = round(percent / 100, 4)
                return doc

            import cleaners.pipeline as pipeline
            with patched(pipeline, "detect_language", detect):
                yield

        found.append(("pycld2 instead of langdetect (new dependency)", "both", cld2))
    except ImportError:
        pass

    try:
        import py3langid

        @contextlib.contextmanager
        def langid():
            identifier = py3langid.langid._load_identifier(norm_probs=True)

            def detect(doc, config):
                sample = doc.text[: config.language_sample_chars]
                if sum(char.isalpha() for char in sample) < config.min_language_letters:
                    return doc
                code, probability = identifier.classify(sample)
                if probability >= config.min_language_probability:
                    doc.language, doc.language_probability = code, round(float(probability), 4)
                return doc

            import cleaners.pipeline as pipeline
            with patched(pipeline, "detect_language", detect):
                yield

        found.append(("py3langid instead of langdetect (new dependency)", "both", langid))
    except ImportError:
        pass

    @contextlib.contextmanager
    def ascii_badness():
        original = validate.is_bad
        with patched(validate, "is_bad", lambda text: False if text.isascii() else original(text)):
            yield

    found.append(("validate: skip ftfy is_bad on ASCII text", "both", ascii_badness))

    ASCII_FTFY_WORK = re.compile(r"[&\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

    @contextlib.contextmanager
    def ascii_ftfy():
        original = repair.apply_ftfy
        with patched(repair, "apply_ftfy", lambda text: (text, []) if text.isascii() and not ASCII_FTFY_WORK.search(text) else original(text)):
            yield

    found.append(("repair: skip ftfy on ASCII text without &, CR or controls", "both", ascii_ftfy))

    @contextlib.contextmanager
    def cached_word_count():
        import cleaners.pipeline as pipeline

        cached = functools.lru_cache(maxsize=8192)(lambda text: len(rules.WORD.findall(text)))
        original_strip = pipeline.strip

        def strip_clearing(*args, **kwargs):  # only reuse within one document counts
            cached.cache_clear()
            return original_strip(*args, **kwargs)

        with patched(rules, "word_count", cached), patched(pipeline, "strip", strip_clearing):
            yield

    found.append(("strip: word_count memoised (rules recount each paragraph)", "both", cached_word_count))

    FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d")

    @contextlib.contextmanager
    def strptime_first():
        original = metadata.parse_date

        def parse_date(text, languages):
            candidate = metadata.strip.DATE_PREFIX.sub("", text).strip(" ()")
            if not metadata.TIME.search(candidate):
                for fmt in FORMATS:
                    try:
                        return datetime.strptime(candidate, fmt).date().isoformat()
                    except ValueError:
                        continue
            return original(text, languages)

        with patched(metadata, "parse_date", parse_date):
            yield

    found.append(("metadata: strptime for common date formats before dateparser", "text", strptime_first))

    def traf_kwargs(**changes):
        @contextlib.contextmanager
        def apply():
            original = trafilatura.bare_extraction

            def wrapper(*args, **kwargs):
                for key, value in changes.items():
                    if key == "extensive_search":
                        kwargs["date_extraction_params"] = dict(kwargs.get("date_extraction_params") or {}, extensive_search=value)
                    else:
                        kwargs[key] = value
                return original(*args, **kwargs)

            import cleaners.html as html
            with patched(html.trafilatura, "bare_extraction", wrapper):
                yield
        return apply

    found.append(("html: htmldate extensive_search False", "html", traf_kwargs(extensive_search=False)))
    found.append(("html: trafilatura fast=True (no fallback extractors)", "html", traf_kwargs(fast=True)))

    def combined(*names):
        chosen = [factory for name, _, factory in found if name in names]

        @contextlib.contextmanager
        def apply():
            with contextlib.ExitStack() as stack:
                for factory in chosen:
                    stack.enter_context(factory())
                yield
        return apply

    same_output = (f"language_sample_chars {now} -> 500", "langdetect n_trial 7 -> 3", "validate: skip ftfy is_bad on ASCII text",
                   "repair: skip ftfy on ASCII text without &, CR or controls", "strip: word_count memoised (rules recount each paragraph)",
                   "metadata: strptime for common date formats before dateparser")
    found.append(("combined: the six above that keep langdetect", "both", combined(*same_output)))
    if any(name.startswith("pycld2") for name, _, _ in found):
        found.append(("combined: pycld2 + ftfy/is_bad/word_count/strptime", "both",
                      combined("pycld2 instead of langdetect (new dependency)", *same_output[2:])))
    del ftfy
    return found


def self_strip(items, rounds: int) -> None:
    """The strip stage alone, as is and with rules.word_count memoised (every rule recounts the words)."""
    import functools

    from cleaners import rules, strip
    from cleaners.config import DEFAULT_CONFIG
    from cleaners.decode import decode
    from cleaners.document import Document
    from cleaners.html import extract_html
    from cleaners.repair import repair

    prepared = []
    for source, data in items:
        doc = decode(Document.for_bytes(data, source), data, DEFAULT_CONFIG)
        if doc.format == "html":
            doc = extract_html(doc, DEFAULT_CONFIG)
        if doc.status == "accepted":
            prepared.append(repair(doc, DEFAULT_CONFIG))

    def timed(per_doc=lambda: None) -> float:
        times = []
        for _ in range(rounds):
            copies = [doc.model_copy(deep=True) for doc in prepared]
            started = time.process_time()
            for doc in copies:
                per_doc()
                strip.strip(doc, DEFAULT_CONFIG)
            times.append(time.process_time() - started)
        return min(times) / len(prepared)

    now = timed()
    original = rules.word_count
    cached = functools.lru_cache(maxsize=8192)(lambda text: len(rules.WORD.findall(text)))
    rules.word_count = cached
    try:
        memo = timed(cached.cache_clear)  # cleared before every document: only reuse within a document counts
    finally:
        rules.word_count = original
    print(f"  strip stage                          {1000 * now:6.2f} ms/doc   with word_count memoised: {1000 * memo:.2f} ms/doc")


def micro(docs: dict[str, list[tuple[str, bytes]]], rounds: int) -> None:
    """Time the expensive pieces alone on the inputs they get in the pipeline (less noisy than whole runs)."""
    from langdetect import detect_langs
    from langdetect.detector_factory import init_factory

    from cleaners import metadata, validate
    from cleaners.pipeline import clean_bytes

    def best(fn, inputs) -> float:
        times = []
        for _ in range(rounds):
            started = time.process_time()
            for value in inputs:
                fn(value)
            times.append(time.process_time() - started)
        return min(times) / len(inputs)

    init_factory()
    from langdetect import detector_factory

    def trials(n):
        def detect(text):
            detector = detector_factory._factory.create()
            detector.n_trial = n
            detector.append(text)
            return detector.get_probabilities()
        return detect

    detectors = {"langdetect, 2000 chars (now)": lambda t: detect_langs(t[:2000]),
                 "langdetect, 1000 chars": lambda t: detect_langs(t[:1000]),
                 "langdetect, 500 chars": lambda t: detect_langs(t[:500]),
                 "langdetect, 2000 chars, n_trial 3": lambda t: trials(3)(t[:2000])}
    codes = {"langdetect, 2000 chars (now)": lambda r: r[0].lang, "langdetect, 1000 chars": lambda r: r[0].lang,
             "langdetect, 500 chars": lambda r: r[0].lang, "langdetect, 2000 chars, n_trial 3": lambda r: r[0].lang}
    try:
        import pycld2

        detectors["pycld2, 2000 chars"] = lambda t: pycld2.detect(t[:2000])
        codes["pycld2, 2000 chars"] = lambda r: r[2][0][1]
    except ImportError:
        pass
    try:
        import py3langid

        identifier = py3langid.langid._load_identifier(norm_probs=True)
        detectors["py3langid, 2000 chars"] = lambda t: identifier.classify(t[:2000])
        codes["py3langid, 2000 chars"] = lambda r: r[0]
    except ImportError:
        pass
    for kind, items in docs.items():
        if not items:
            continue
        cleaned = [clean_bytes(data, source) for source, data in items]
        texts = [doc.text for doc in cleaned if sum(c.isalpha() for c in doc.text[:2000]) >= 60]
        print(f"\n{kind}: language detection alone on {len(texts)} cleaned texts (best of {rounds} rounds, CPU time)")
        reference = [codes["langdetect, 2000 chars (now)"](detect_langs(t[:2000])) for t in texts]
        for name, fn in detectors.items():
            per = best(fn, texts)
            agree = sum(codes[name](fn(t)) == ref for t, ref in zip(texts, reference))
            print(f"  {name:<36} {1000 * per:6.2f} ms/doc   same language as now: {agree}/{len(texts)}")
        bad = best(validate.is_bad, texts)
        ascii_share = sum(t.isascii() for t in texts) / len(texts)
        print(f"  ftfy is_bad (validate)               {1000 * bad:6.2f} ms/doc   ASCII-only texts: {ascii_share:.0%}")
        from cleaners import repair as repair_module
        from cleaners.decode import decode_bytes

        raw = [decoded[0] for _, data in items if (decoded := decode_bytes(data))]
        if kind == "text":
            ftfy_time = best(repair_module.apply_ftfy, raw)
            share = sum(t.isascii() for t in raw) / len(raw)
            print(f"  ftfy fix_and_explain (repair)        {1000 * ftfy_time:6.2f} ms/doc   ASCII-only inputs: {share:.0%}")
            repair_time = best(repair_module.repair_text, raw)
            print(f"  repair_text (ftfy + own fixes)       {1000 * repair_time:6.2f} ms/doc")
        self_strip(items, rounds)
        lines = sorted({b.text for doc in cleaned for b in doc.removed if b.rule == "date_line"})
        if lines:
            parse = metadata.parse_date.__wrapped__
            slow = best(lambda line: parse(line, ("en",)), lines)
            print(f"  dateparser on {len(lines)} distinct date lines     {1000 * slow:6.2f} ms/line (lru_cache only helps repeated lines)")
            from datetime import datetime

            def fast(line):
                candidate = metadata.strip.DATE_PREFIX.sub("", line).strip(" ()")
                for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y-%m-%d"):
                    try:
                        return datetime.strptime(candidate, fmt).date().isoformat()
                    except ValueError:
                        continue
                return parse(line, ("en",))

            quick = best(fast, lines)
            same = sum(fast(line) == parse(line, ("en",)) for line in lines)
            print(f"  strptime first, dateparser fallback  {1000 * quick:6.2f} ms/line   same result: {same}/{len(lines)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile the direct cleaner on plain text and HTML.")
    parser.add_argument("--corpus", type=Path, help="a corpus folder (default: build/reuse bench/out/corpus/n1000-s1-h0.25)")
    parser.add_argument("--text-docs", type=int, default=300)
    parser.add_argument("--html-docs", type=int, default=60)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--pyinstrument", action="store_true", help="pyinstrument call trees instead of cProfile tables")
    parser.add_argument("--experiments", action="store_true", help="measure candidate fixes (monkeypatched) before/after")
    parser.add_argument("--code", type=Path, help="import cleaners/ from this folder (e.g. bench/out/code/<key>, what run_bench measured)")
    parser.add_argument("--micro", action="store_true", help="time language detection, is_bad and date parsing alone")
    parser.add_argument("--only", help="run only experiments whose name contains this text")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per experiment measurement (best is kept)")
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

    if args.micro:
        print("\n=== the expensive pieces alone ===")
        micro(docs, max(args.rounds, 5))
    if args.experiments:
        print("\n=== candidate fixes (monkeypatched in this process; cleaners/ unchanged) ===")
        for kind, items in docs.items():
            if not items:
                continue
            base_out = outputs(items, clean_bytes)
            print(f"\n{kind}: each fix timed against a baseline measured right before it (best of {args.rounds} alternating rounds, CPU time)")
            for name, applies, factory in experiments():
                if applies not in ("both", kind) or (args.only and args.only not in name):
                    continue
                base_time = new_time = float("inf")
                for _ in range(args.rounds):
                    base_time = min(base_time, cpu_per_doc(items, clean_bytes, 1))
                    with factory():
                        new_time = min(new_time, cpu_per_doc(items, clean_bytes, 1))
                try:
                    with factory():
                        new_out = outputs(items, clean_bytes)
                except AttributeError as error:  # the code changed under this experiment
                    print(f"  {name:<62} skipped: {error}")
                    continue
                gain = base_time / new_time
                print(f"  {name:<62} {1000 * base_time:6.2f} -> {1000 * new_time:6.2f} ms/doc  {gain:5.2f}x  {differences(base_out, new_out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
