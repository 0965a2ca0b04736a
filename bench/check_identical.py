#!/usr/bin/env python3
"""Do the documents stay byte-identical? Clean a fixed set of files, hash every output document, compare.

    python bench/check_identical.py --corpus bench/out/corpus/real-6000 --save before   # before a change
    python bench/check_identical.py --corpus bench/out/corpus/real-6000 --against before  # after it: exit 1 on any difference
    python bench/check_identical.py --corpus ... --code /tmp/main-code --save main           # another version's code
                                                     # (e.g. `git archive main cleaners | tar -x -C /tmp/main-code`)

The set (paths relative to the repository, so every run names the sources alike):
- the benchmark corpus (`--corpus`, bench/make_corpus.py), cleaned by the command line
  (`python -m cleaners ... --out DIR --workers 2`: learning, batches, writes and near-duplicates, as a user runs it);
- raw/ (every sample: text, page dumps, HTML), in the same run;
- the evaluation sample's 40 real pages (bench/eval/wcxb-sample: the HTML, and its dumps by
  bench/dumpers.py in the `ours` and `inscriptis` styles), in the same run;
- raw/'s and the sample's HTML pages again with the other `html_fast` than the default (trafilatura
  with or without its fallback extractors), in a second run;
- every input of the head/trailer case corpus (tests/cases/heads), with `clean_bytes` in process.

Every file of the clean folders but `.state/`, `.tmp/` and `.lock` is hashed (documents, rejections,
byte-identical copies); the hashes go to `bench/out/identical/<name>.json`. `--against NAME` lists
the documents that differ, appeared or went, and exits 1 when any did.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "bench" / "out" / "identical"
SAMPLE = REPO / "bench" / "eval" / "wcxb-sample"


def relative(path: Path) -> str:
    return os.path.relpath(path, REPO)


def eval_inputs() -> Path:
    """The sample's pages and their two dumps, written once under bench/out/identical/eval/."""
    folder = OUT / "eval"
    marker = folder / ".complete"
    if marker.exists():
        return folder
    sys.path.insert(0, str(REPO / "bench"))
    sys.path.insert(0, str(REPO))
    import dumpers

    shutil.rmtree(folder, ignore_errors=True)
    (folder / "html").mkdir(parents=True)
    (folder / "dumps").mkdir()
    for page in sorted((SAMPLE / "html").glob("*.html.gz")):
        data = gzip.decompress(page.read_bytes())
        stem = page.name.removesuffix(".html.gz")
        (folder / "html" / f"{stem}.html").write_bytes(data)
        for style in ("ours", "inscriptis"):
            (folder / "dumps" / f"{stem}.{style}.txt").write_text(dumpers.dump(style, data), encoding="utf-8")
    marker.write_text("")
    return folder


def code_env(code: Path | None) -> dict:
    """The environment that makes `import cleaners` load `code`'s copy (this checkout's without it)."""
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = str(code.resolve()) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def clean(inputs: list[str], clean_dir: Path, config: Path | None = None, code: Path | None = None) -> float:
    shutil.rmtree(clean_dir, ignore_errors=True)
    # -P: the working directory (this checkout) is not put first on sys.path, so PYTHONPATH's copy is found
    command = [sys.executable, "-P", "-m", "cleaners", *inputs, "--out", relative(clean_dir), "--workers", "2"]
    command += ["--config", relative(config)] if config else []
    started = time.monotonic()
    subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL, env=code_env(code))
    return time.monotonic() - started


def hashes_of(clean_dir: Path, prefix: str) -> dict[str, str]:
    found = {}
    for path in sorted(clean_dir.rglob("*")):
        parts = path.relative_to(clean_dir).parts
        if path.is_file() and parts[0] not in (".state", ".tmp", ".lock"):
            found[f"{prefix}/{'/'.join(parts)}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def head_cases(code: Path | None = None) -> dict[str, str]:
    """Each case's document hashed, cleaned in a child process that imports `code`'s cleaners."""
    command = [sys.executable, "-P", __file__, "--cases-only"]
    return json.loads(subprocess.run(command, cwd=REPO, check=True, capture_output=True, text=True, env=code_env(code)).stdout)


def head_cases_here() -> dict[str, str]:
    from cleaners.pipeline import clean_bytes

    found = {}
    for path in sorted((REPO / "tests" / "cases" / "heads").glob("*/*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        data = case["input"].encode(case.get("input_encoding", "utf-8"))
        found[f"cases/{case['id']}"] = hashlib.sha256(clean_bytes(data, case["id"]).to_json().encode()).hexdigest()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="the benchmark corpus folder (bench/make_corpus.py); without it, only raw/, the sample and the cases")
    parser.add_argument("--save", metavar="NAME", help="write the hashes to bench/out/identical/NAME.json")
    parser.add_argument("--against", metavar="NAME", help="compare with bench/out/identical/NAME.json; exit 1 on any difference")
    parser.add_argument("--code", type=Path, help="a folder holding the cleaners/ package to run instead of this checkout's")
    parser.add_argument("--cases-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.cases_only:
        print(json.dumps(head_cases_here()))
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    evaluation = eval_inputs()
    inputs = ([relative(args.corpus.resolve())] if args.corpus else []) + ["raw", relative(evaluation)]
    sys.path.insert(0, str(args.code.resolve() if args.code else REPO))
    from cleaners.config import DEFAULT_CONFIG

    other = "false" if DEFAULT_CONFIG.html_fast else "true"  # the setting the default run does not use
    slow = OUT / f"html_fast_{other}.toml"
    slow.write_text(f"[cleaners]\nhtml_fast = {other}\n")
    pages = OUT / "pages"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir()
    for page in [*sorted((REPO / "raw").glob("*.html")), *sorted((evaluation / "html").glob("*.html"))]:
        shutil.copy(page, pages / page.name)

    seconds = {}
    seconds["default"] = clean(inputs, OUT / "clean-default", code=args.code)
    seconds[f"html_fast_{other}"] = clean([relative(pages)], OUT / "clean-other", slow, code=args.code)
    hashes = hashes_of(OUT / "clean-default", "default") | hashes_of(OUT / "clean-other", f"html_fast_{other}")
    started = time.monotonic()
    hashes |= head_cases(args.code)
    seconds["cases"] = time.monotonic() - started
    summary = {"documents": len(hashes), "corpus": relative(args.corpus.resolve()) if args.corpus else None, "code": str(args.code) if args.code else "this checkout",
               "seconds": {k: round(v, 1) for k, v in seconds.items()},
               "digest": hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:16]}
    print(json.dumps(summary))
    if args.save:
        (OUT / f"{args.save}.json").write_text(json.dumps({"summary": summary, "hashes": hashes}, indent=0, sort_keys=True))
    if args.against:
        before = json.loads((OUT / f"{args.against}.json").read_text())["hashes"]
        changed = sorted(k for k in before.keys() & hashes.keys() if before[k] != hashes[k])
        gone, new = sorted(before.keys() - hashes.keys()), sorted(hashes.keys() - before.keys())
        for label, names in (("differs", changed), ("gone", gone), ("new", new)):
            for name in names[:20]:
                print(f"{label}: {name}")
            if len(names) > 20:
                print(f"{label}: ... {len(names) - 20} more")
        print(f"against {args.against}: {len(before)} documents before, {len(hashes)} now; "
              f"{len(changed)} differ, {len(gone)} gone, {len(new)} new")
        return 1 if changed or gone or new else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
