#!/usr/bin/env python3
"""newsclean benchmark (issue 5): one run, one table, every figure measured in that run.

    python bench/run_bench.py                      # 10k documents, memory point at 100k
    python bench/run_bench.py --quick              # 1-2 minute smoke run
    python bench/run_bench.py --docs 10000 --big 0 # skip the 100k memory point

What it does, in order (see BENCHMARKS.md for the targets and the latest results):
 1. builds (or reuses) a corpus of --docs distinct documents, plain text and HTML, varied from
    raw/* and bench/eval/pages/*/source.html (bench/make_corpus.py);
 2. direct cleaner in this process on a sample of the corpus, one core: read, clean_bytes (with
    its per-stage timings), write (the same store writes as a batch run); trafilatura.extract on the
    same HTML bytes, interleaved document by document;
 3. the batch command line (`python -m cleaners`) with 1 worker and with --workers, each into a
    fresh clean folder, with peak memory of the whole process tree;
 4. the same command again with nothing changed (the incremental re-run);
 5. the Prefect flow (`python -m flows.clean_corpus`) against a `prefect server` started here
    (skipped with a message when flows.clean_corpus cannot be imported yet);
 6. the command line on a --big corpus, for peak memory at that size.
Results: a table on stdout, OUT/results.json and OUT/results.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the editable install may not resolve `cleaners` from outside the repo
sys.path.insert(1, str(Path(__file__).resolve().parent))

import psutil  # noqa: E402

import make_corpus  # noqa: E402

STAGES = ("read", "decode", "html", "repair", "strip", "metadata", "language", "validate", "write")
TARGETS = {
    "text_per_core": 300.0,
    "html_vs_trafilatura": 0.8,
    "flow_vs_direct": 0.9,
    "scaling": 1.8,
    "rerun_fraction": 0.10,
    "memory_mb": 400.0,
    "memory_growth": 1.2,  # "flat": peak at the big size at most 20% above the peak at --docs
}


def log(message: str) -> None:
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:.2f}] {message}", file=sys.stderr, flush=True)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update({"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
                "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL"})
    env.update(extra)
    return env


# --- machine and code -----------------------------------------------------------------------------


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def code_state() -> dict:
    """The commit, and whether the measured code (cleaners/, flows/) differs from it."""
    dirty = [line[3:] for line in git("status", "--porcelain", "--", "cleaners", "flows").splitlines()]
    from cleaners.corpus import PIPELINE_KEY

    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": dirty, "pipeline_key": PIPELINE_KEY}


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    versions = {}
    for name in ("trafilatura", "prefect", "ftfy", "langdetect", "dateparser", "lxml", "charset-normalizer", "pydantic", "htmldate"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "kernel": platform.release(), "versions": versions}


# --- child processes with memory sampling --------------------------------------------------------


def run_measured(command: list[str], log_path: Path, env: dict | None = None, interval: float = 0.2) -> dict:
    """Run a command; wall time, CPU time of the whole tree, and peak memory of the process tree.

    Memory: the largest sum over the tree's processes of RSS (and of PSS, which counts pages
    shared by forked workers once) seen at any sample, and the sum of each process's own peak
    (VmHWM, an upper bound whatever the sampling interval).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with open(log_path, "w") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env or child_env(), stdout=output, stderr=subprocess.STDOUT)
        root = psutil.Process(process.pid)
        peak_rss = peak_pss = 0
        hwm: dict[int, int] = {}
        samples = 0
        while process.poll() is None:
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            rss = pss = 0
            for proc in tree:
                try:
                    rss += proc.memory_info().rss
                    if samples % 5 == 0:
                        pss += proc.memory_full_info().pss
                    hwm[proc.pid] = max(hwm.get(proc.pid, 0), vm_hwm(proc.pid))
                except (psutil.NoSuchProcess, psutil.AccessDenied, FileNotFoundError, ProcessLookupError):
                    pass
            peak_rss = max(peak_rss, rss)
            if samples % 5 == 0:
                peak_pss = max(peak_pss, pss)
            samples += 1
            time.sleep(interval)
        process.wait()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "returncode": process.returncode,
        "wall": round(wall, 3),
        "cpu": round((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), 3),
        "peak_rss_mb": round(peak_rss / 2**20, 1),
        "peak_pss_mb": round(peak_pss / 2**20, 1),
        "sum_hwm_mb": round(sum(hwm.values()) / 2**20, 1),
        "max_process_hwm_mb": round(max(hwm.values(), default=0) / 2**20, 1),
        "processes": len(hwm),
        "load_at_start": round(load, 2),
        "log": str(log_path),
    }


def vm_hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def last_run(clean_dir: Path) -> dict:
    try:
        return json.loads((clean_dir / ".state" / "last_run.json").read_text())
    except (OSError, ValueError):
        return {}


def run_cli(corpus: Path, clean_dir: Path, workers: int, batch_size: int, fresh: bool = True) -> dict:
    if fresh and clean_dir.exists():
        shutil.rmtree(clean_dir)
    command = [sys.executable, "-m", "cleaners", str(corpus), "--out", str(clean_dir), "--workers", str(workers),
               "--batch-size", str(batch_size)]
    result = run_measured(command, clean_dir.parent / f"{clean_dir.name}{'' if fresh else '-rerun'}.log")
    result["command"] = " ".join(command[1:])
    result["report"] = last_run(clean_dir)
    if result["returncode"] != 0:
        log(f"command failed ({result['returncode']}): see {result['log']}")
    return result


# --- 2. the direct cleaner in this process --------------------------------------------------------


def measure_direct(corpus: Path, scratch: Path, text_sample: int, html_sample: int) -> dict:
    """One core: read + clean_bytes + write per document, per format; trafilatura.extract interleaved on HTML."""
    import trafilatura

    import cleaners.warm  # noqa: F401  (loads every library's data, as the batch workers' forkserver does)
    from cleaners.config import DEFAULT_CONFIG
    from cleaners.corpus import prepare_run
    from cleaners.pipeline import clean_bytes
    from cleaners.runner import record

    if scratch.exists():
        shutil.rmtree(scratch)
    plan = prepare_run([str(corpus)], scratch, DEFAULT_CONFIG)  # learns each source folder, like a batch run
    settings = plan.settings
    by_kind = {"text": [w for w in plan.work if not w.path.endswith(".html")][:text_sample],
               "html": [w for w in plan.work if w.path.endswith(".html")][:html_sample]}
    trafilatura.extract(Path(by_kind["html"][0].path).read_bytes()) if by_kind["html"] else None
    results = {}
    for kind, items in by_kind.items():
        if not items:
            continue
        timings: Counter = Counter()
        statuses: Counter = Counter()
        reasons: Counter = Counter()
        trafilatura_seconds = trafilatura_cpu = 0.0
        trafilatura_empty = 0
        size = 0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        excluded_wall = excluded_cpu = 0.0
        for item in items:
            t0 = time.perf_counter()
            with open(item.path, "rb") as handle:
                data = handle.read()
            t1 = time.perf_counter()
            doc = clean_bytes(data, item.source, settings.config, settings.learned.get(item.group, frozenset()), timings)
            t2 = time.perf_counter()
            record(plan.store, item, doc, settings)
            t3 = time.perf_counter()
            timings["read"] += t1 - t0
            timings["write"] += t3 - t2
            statuses[doc.status] += 1
            reasons.update(doc.reasons)
            size += len(data)
            if kind == "html":  # the baseline on the same bytes, right after ours (excluded from our time)
                c0, w0 = time.process_time(), time.perf_counter()
                extracted = trafilatura.extract(data)
                w1, c1 = time.perf_counter(), time.process_time()
                trafilatura_seconds += w1 - w0
                trafilatura_cpu += c1 - c0
                trafilatura_empty += not extracted
                excluded_wall += w1 - w0
                excluded_cpu += c1 - c0
        wall = time.perf_counter() - wall0 - excluded_wall
        cpu = time.process_time() - cpu0 - excluded_cpu
        clean_seconds = sum(v for k, v in timings.items() if k not in ("read", "write"))
        entry = {
            "docs": len(items),
            "mean_bytes": round(size / len(items)),
            "wall": round(wall, 3),
            "cpu": round(cpu, 3),
            "docs_per_s": round(len(items) / wall, 1),
            "docs_per_cpu_s": round(len(items) / cpu, 1),
            "clean_bytes_docs_per_s": round(len(items) / clean_seconds, 1),
            "timings": {k: round(timings.get(k, 0.0), 4) for k in STAGES},
            "statuses": dict(statuses),
            "reasons": dict(reasons.most_common()),
        }
        if kind == "html":
            entry["trafilatura"] = {"wall": round(trafilatura_seconds, 3), "cpu": round(trafilatura_cpu, 3),
                                    "docs_per_s": round(len(items) / trafilatura_seconds, 1), "empty": trafilatura_empty}
        results[kind] = entry
        log(f"direct {kind}: {entry['docs_per_s']} docs/s ({entry['docs_per_cpu_s']} per CPU s), {dict(statuses)}")
    shutil.rmtree(scratch, ignore_errors=True)
    return results


# --- 5. the flow against a Prefect server ----------------------------------------------------------


def flow_available() -> tuple[bool, str]:
    probe = subprocess.run([sys.executable, "-c", "import flows.clean_corpus"], cwd=REPO, env=child_env(),
                           capture_output=True, text=True, timeout=120)
    if probe.returncode == 0:
        return True, ""
    lines = probe.stderr.strip().splitlines()
    return False, lines[-1] if lines else f"exit {probe.returncode}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrefectServer:
    """`prefect server start` on a free port with a throw-away PREFECT_HOME; stopped on exit."""

    def __init__(self, workdir: Path):
        self.home = Path(tempfile.mkdtemp(prefix="prefect-home-", dir=workdir))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.process: subprocess.Popen | None = None
        self.log_path = workdir / "prefect-server.log"

    def env(self) -> dict:
        return child_env(PREFECT_HOME=str(self.home), PREFECT_API_URL=self.url)

    def __enter__(self) -> "PrefectServer":
        prefect = Path(sys.executable).with_name("prefect")
        env = child_env(PREFECT_HOME=str(self.home), PREFECT_SERVER_API_HOST="127.0.0.1",
                        PREFECT_SERVER_API_PORT=str(self.port), PREFECT_UI_ENABLED="false")
        env.pop("PREFECT_API_URL", None)
        started = time.monotonic()
        self.process = subprocess.Popen([str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=self.home, env=env, stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT,
                                        start_new_session=True)
        while time.monotonic() - started < 90:
            if self.process.poll() is not None:
                raise RuntimeError(f"prefect server exited ({self.process.returncode}): see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if response.status == 200:
                        self.startup = round(time.monotonic() - started, 1)
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"prefect server not healthy after 90 s: see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
        shutil.rmtree(self.home, ignore_errors=True)


def run_flow(corpus: Path, clean_dir: Path, workers: int, batch_size: int, server: PrefectServer) -> dict:
    if clean_dir.exists():
        shutil.rmtree(clean_dir)
    command = [sys.executable, "-m", "flows.clean_corpus", "--raw-dir", str(corpus), "--clean-dir", str(clean_dir),
               "--workers", str(workers), "--batch-size", str(batch_size)]
    result = run_measured(command, clean_dir.parent / f"{clean_dir.name}.log", env=server.env())
    result["command"] = " ".join(command[1:])
    result["report"] = last_run(clean_dir)
    if result["returncode"] != 0:
        log(f"flow failed ({result['returncode']}): see {result['log']}")
    return result


# --- the table --------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def evaluate(res: dict) -> list[dict]:
    """Each target with its measured value and pass/fail."""
    rows = []
    direct, docs = res["direct"], res["docs"]
    text = direct.get("text")
    rows.append({"target": f"plain text >= {TARGETS['text_per_core']:.0f} docs/s per core (direct, 1 core)",
                 "measured": f"{text['docs_per_s']} docs/s ({text['docs_per_cpu_s']} per CPU-s)" if text else "no text docs",
                 "ok": text["docs_per_s"] >= TARGETS["text_per_core"] if text else None})
    html = direct.get("html")
    if html:
        ratio = html["trafilatura"]["wall"] / sum(v for k, v in html["timings"].items() if k not in ("read", "write"))
        res["html_ratio"] = round(ratio, 3)
        accepted = html["statuses"].get("accepted", 0) / html["docs"]
        note = f" [HTML path accepted only {accepted:.0%}: {html['reasons']}]" if accepted < 0.5 else ""
        rows.append({"target": f"HTML >= {TARGETS['html_vs_trafilatura']}x trafilatura.extract (same bytes)",
                     "measured": f"{ratio:.2f}x ({html['clean_bytes_docs_per_s']} vs {html['trafilatura']['docs_per_s']} docs/s){note}",
                     "ok": ratio >= TARGETS["html_vs_trafilatura"] and not note})
    else:
        rows.append({"target": "HTML vs trafilatura", "measured": "no HTML docs", "ok": None})
    runs = res["runs"]
    flow = runs.get("flow")
    wide = runs.get(f"cli_w{res['workers']}")
    if flow and flow.get("returncode") == 0 and wide:
        ratio = wide["wall"] / flow["wall"]
        same = flow["report"].get("accepted") == wide["report"].get("accepted")
        rows.append({"target": f"flow >= {TARGETS['flow_vs_direct']}x direct CLI ({res['workers']} workers, {docs} docs, Prefect server)",
                     "measured": f"{ratio:.2f}x ({wide['wall']:.1f} s vs {flow['wall']:.1f} s)" + ("" if same else " [accepted counts differ]"),
                     "ok": ratio >= TARGETS["flow_vs_direct"]})
    else:
        rows.append({"target": f"flow >= {TARGETS['flow_vs_direct']}x direct CLI", "measured": res.get("flow_skipped", "flow failed"), "ok": None})
    one = runs.get("cli_w1")
    if one and wide and res["workers"] > 1:
        ratio = one["wall"] / wide["wall"]
        rows.append({"target": f"{res['workers']} workers >= {TARGETS['scaling']}x 1 worker (CLI, {docs} docs)",
                     "measured": f"{ratio:.2f}x ({one['wall']:.1f} s vs {wide['wall']:.1f} s)", "ok": ratio >= TARGETS["scaling"]})
    rerun = runs.get("cli_rerun")
    if rerun and wide:
        fraction = rerun["wall"] / wide["wall"]
        skipped = rerun["report"].get("skipped_unchanged")
        rows.append({"target": f"unchanged re-run <= {TARGETS['rerun_fraction']:.0%} of the full run ({docs} docs)",
                     "measured": f"{fraction:.1%} ({rerun['wall']:.1f} s vs {wide['wall']:.1f} s; {skipped} skipped)",
                     "ok": fraction <= TARGETS["rerun_fraction"]})
    big = runs.get("cli_big")
    small_mb = wide["peak_rss_mb"] if wide else None
    if big:
        rows.append({"target": f"peak memory < {TARGETS['memory_mb']:.0f} MB at {res['big']} docs (RSS, whole tree)",
                     "measured": f"{big['peak_rss_mb']} MB RSS ({big['peak_pss_mb']} MB PSS; {docs} docs: {small_mb} MB RSS)",
                     "ok": big["peak_rss_mb"] < TARGETS["memory_mb"]})
        growth = big["peak_rss_mb"] / small_mb if small_mb else None
        rows.append({"target": f"peak memory flat in N ({res['big']} vs {docs} docs, <= {TARGETS['memory_growth']}x)",
                     "measured": f"{growth:.2f}x" if growth else "n/a",
                     "ok": growth <= TARGETS["memory_growth"] if growth else None})
    elif wide:
        rows.append({"target": f"peak memory < {TARGETS['memory_mb']:.0f} MB (big point skipped; at {docs} docs)",
                     "measured": f"{wide['peak_rss_mb']} MB RSS ({wide['peak_pss_mb']} MB PSS)", "ok": wide["peak_rss_mb"] < TARGETS["memory_mb"]})
    if docs < 10000:
        res["notes"].append(f"targets are set at 10k documents; this run used {docs}: indicative only")
    return rows


def stage_table(res: dict) -> list[tuple[str, str, str, str]]:
    """Share of time per stage: direct text, direct HTML (read and write included), and the CLI run's workers."""
    columns = []
    for kind in ("text", "html"):
        timings = res["direct"].get(kind, {}).get("timings", {})
        columns.append((timings, sum(timings.values())))
    wide = res["runs"].get(f"cli_w{res['workers']}", {})
    cli = wide.get("report", {}).get("timings", {})
    columns.append((cli, sum(cli.values())))
    rows = []
    for stage in STAGES:
        cells = []
        for timings, total in columns:
            cells.append(f"{100 * timings[stage] / total:.1f}%" if total and stage in timings else "-")
        rows.append((stage, *cells))
    return rows


def render(res: dict) -> str:
    code, mach = res["code"], res["machine"]
    dirty = f" + uncommitted changes in {', '.join(code['dirty'])}" if code["dirty"] else ""
    lines = [
        f"newsclean benchmark, commit {code['commit']}{dirty} (pipeline key {code['pipeline_key']})",
        f"machine: {mach['nproc']} x {mach['cpu']}, {mach['ram_gib']} GiB, Python {mach['python']}; "
        + ", ".join(f"{k} {v}" for k, v in mach["versions"].items() if v),
        f"corpus: {res['docs']} docs ({res['corpus']['counts']['text']} text, mean {res['corpus']['mean_bytes']['text']} B; "
        f"{res['corpus']['counts']['html']} HTML, mean {res['corpus']['mean_bytes']['html']} B), seeds: {', '.join(res['corpus']['seed_names'])}",
        f"load average at start {res['load_at_start']:.2f}, at end {res['load_at_end']:.2f}",
        "",
        "| target | measured | result |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {row['target']} | {row['measured']} | {verdict(row['ok'])} |" for row in res["targets"]]
    lines += ["", "| run | docs | wall s | CPU s | docs/s | peak RSS MB (tree) | peak PSS MB | accepted/rejected |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind, entry in res["direct"].items():
        statuses = entry["statuses"]
        lines.append(f"| direct in-process, {kind}, 1 core | {entry['docs']} | {entry['wall']} | {entry['cpu']} | {entry['docs_per_s']} | - | - | "
                     f"{statuses.get('accepted', 0)}/{statuses.get('rejected', 0)} |")
        if kind == "html":
            t = entry["trafilatura"]
            lines.append(f"| trafilatura.extract, same HTML | {entry['docs']} | {t['wall']} | {t['cpu']} | {t['docs_per_s']} | - | - | {entry['docs'] - t['empty']} non-empty |")
    for name, run in res["runs"].items():
        report = run.get("report", {})
        docs = report.get("files_seen", "?")
        rate = round(docs / run["wall"], 1) if isinstance(docs, int) and run["wall"] else "-"
        lines.append(f"| {name}: `{run['command']}` | {docs} | {run['wall']} | {run['cpu']} | {rate} | {run['peak_rss_mb']} | {run['peak_pss_mb']} | "
                     f"{report.get('accepted', '?')}/{report.get('rejected', '?')} |")
    lines += ["", "| stage | direct text | direct HTML | CLI workers (no read/write) |", "| --- | --- | --- | --- |"]
    lines += [f"| {' | '.join(row)} |" for row in stage_table(res)]
    if res.get("notes"):
        lines += [""] + [f"note: {note}" for note in res["notes"]]
    return "\n".join(lines) + "\n"


# --- main -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsclean benchmark: one table, all figures from one run.")
    parser.add_argument("--docs", type=int, default=10000, help="corpus size for the throughput runs (default 10000)")
    parser.add_argument("--big", type=int, default=100000, help="corpus size for the memory point; 0 skips it (default 100000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="workers for the parallel runs (default: nproc)")
    parser.add_argument("--batch-size", type=int, default=100, help="files per batch (default 100, the CLI's)")
    parser.add_argument("--html-share", type=float, default=0.25, help="share of HTML documents in the corpus (default 0.25)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--text-sample", type=int, default=2000, help="plain-text docs for the in-process figure (default 2000)")
    parser.add_argument("--html-sample", type=int, default=400, help="HTML docs for the in-process figures (default 400)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="work folder (default bench/out, git-ignored)")
    parser.add_argument("--no-flow", action="store_true", help="skip the Prefect flow")
    parser.add_argument("--quick", action="store_true", help="smoke run: 600 docs, memory point at 2000, small samples")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.big = 600, (2000 if args.big else 0)
        args.text_sample, args.html_sample = 300, 60
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    runs_dir = out / "runs"
    runs_dir.mkdir(exist_ok=True)

    res: dict = {"docs": args.docs, "big": args.big, "workers": args.workers, "batch_size": args.batch_size,
                 "argv": sys.argv[1:], "started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_at_start": os.getloadavg()[0],
                 "machine": machine(), "code": code_state(), "runs": {}, "notes": []}
    if res["code"]["dirty"]:
        res["notes"].append("measured code has uncommitted changes: " + ", ".join(res["code"]["dirty"]))
    log(f"commit {res['code']['commit']} dirty={res['code']['dirty']}")

    seeds = make_corpus.find_seeds()
    tag = f"s{args.seed}-h{args.html_share}"
    corpus = out / "corpus" / f"n{args.docs}-{tag}"
    res["corpus"] = make_corpus.build(corpus, args.docs, args.seed, args.html_share, seeds)

    log("direct cleaner, in process")
    res["direct"] = measure_direct(corpus, runs_dir / "direct", args.text_sample, args.html_sample)

    log("CLI, 1 worker")
    res["runs"]["cli_w1"] = run_cli(corpus, runs_dir / "cli-w1", 1, args.batch_size)
    shutil.rmtree(runs_dir / "cli-w1", ignore_errors=True)
    if args.workers > 1:
        log(f"CLI, {args.workers} workers")
        res["runs"][f"cli_w{args.workers}"] = run_cli(corpus, runs_dir / f"cli-w{args.workers}", args.workers, args.batch_size)
    log("CLI, unchanged re-run")
    res["runs"]["cli_rerun"] = run_cli(corpus, runs_dir / f"cli-w{args.workers}", args.workers, args.batch_size, fresh=False)
    shutil.rmtree(runs_dir / f"cli-w{args.workers}", ignore_errors=True)

    if args.no_flow:
        res["flow_skipped"] = "skipped (--no-flow)"
    else:
        ok, why = flow_available()
        if not ok:
            res["flow_skipped"] = f"skipped: flows.clean_corpus not importable ({why})"
            log(res["flow_skipped"])
        else:
            try:
                with PrefectServer(runs_dir) as server:
                    log(f"Prefect server healthy after {server.startup} s on {server.url}; flow, {args.workers} workers")
                    res["prefect_server_startup_s"] = server.startup
                    res["runs"]["flow"] = run_flow(corpus, runs_dir / "flow", args.workers, args.batch_size, server)
            except RuntimeError as error:
                res["flow_skipped"] = f"failed: {error}"
                log(res["flow_skipped"])
            shutil.rmtree(runs_dir / "flow", ignore_errors=True)

    if args.big:
        big_corpus = out / "corpus" / f"n{args.big}-{tag}"
        res["big_corpus"] = make_corpus.build(big_corpus, args.big, args.seed, args.html_share, seeds)
        log(f"CLI, {args.workers} workers, {args.big} docs (memory point)")
        res["runs"]["cli_big"] = run_cli(big_corpus, runs_dir / "cli-big", args.workers, args.batch_size)
        shutil.rmtree(runs_dir / "cli-big", ignore_errors=True)

    res["load_at_end"] = os.getloadavg()[0]
    res["targets"] = evaluate(res)
    table = render(res)
    (out / "results.json").write_text(json.dumps(res, indent=1, default=str))
    (out / "results.md").write_text(table)
    print(table)
    log(f"wrote {out / 'results.json'} and {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
