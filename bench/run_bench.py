#!/usr/bin/env python3
"""newsclean benchmark (issues 5 and 12): one run, one table, every figure measured in that run.

    python bench/run_bench.py --wcxb /work/shared/wcxb-dev --repeat 3   # the full run of BENCHMARKS.md (about 25 min)
    python bench/run_bench.py --quick                                   # smoke run on the 40-page sample, a few minutes
    python bench/run_bench.py --wcxb DIR --phases direct                # in-process figures only

What it does, in order (see BENCHMARKS.md for the targets and the latest results):
 1. builds (or reuses) the corpus of real-length plain-text news files made of real article text
    (bench/make_corpus.py: --docs files, and --rerun-docs and --big files for the re-run and memory
    points; all prefixes of one sequence) and the set of real HTML pages (the WCXB pages as fetched);
 2. direct cleaner in this process, one core: on a sample of the text corpus, read + clean_bytes
    (per-stage timings) + write (the batch run's writes); on the HTML pages, newsclean with
    html_fast = false and with html_fast = true, trafilatura.extract() at its defaults and
    trafilatura.extract(fast=True), interleaved page by page; --repeat rounds;
 3. --repeat rounds of: the command line (`python -m cleaners`) with 1 worker, with --workers,
    the same with `near_duplicates = "off"`, and the Prefect flow (`python -m flows.clean_corpus`)
    with --workers against a `prefect server` started here; each into a fresh clean folder, with
    the CPU time and peak memory of the whole process tree;
 4. at --rerun-docs files: a full flow run and a full command-line run, then --repeat unchanged
    re-runs of each;
 5. the command line on --big files, for peak memory at that size.
Ratios are computed within each round (the runs they compare alternate, minutes apart) and given
with their spread over the rounds. Results: a table on stdout, OUT/results.json and OUT/results.md.
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
import statistics
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

STAGES = ("read", "decode", "html", "repair", "strip", "metadata", "language", "validate", "write", "near_duplicates")
TARGETS = {
    "text_per_core": 300.0,
    "html_vs_trafilatura": 0.8,
    "flow_vs_direct": 0.9,
    "scaling": 1.85,
    "rerun_fraction": 0.05,
    "memory_mb": 400.0,
}


def log(message: str) -> None:
    load = os.getloadavg()[0]
    print(f"[{time.strftime('%H:%M:%S')} load {load:.2f}] {message}", file=sys.stderr, flush=True)


CODE = REPO  # where the measured code is imported from: a snapshot of cleaners/ and flows/ once main() has made it


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(CODE) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update({"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
                "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL"})
    env.update(extra)
    return env


# --- machine and code -----------------------------------------------------------------------------


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=True).stdout.rstrip()
    except (OSError, subprocess.CalledProcessError):
        return ""


SOURCE = REPO  # where the measured cleaners/ and flows/ come from (--code: another version's)


def source_key() -> str:
    """A hash of the measured code (cleaners/ and flows/), to notice edits made while the benchmark runs."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted([*SOURCE.glob("cleaners/*.py"), *SOURCE.glob("flows/*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def snapshot_code(out: Path) -> Path:
    """A copy of cleaners/ and flows/ as they are now, which every run of this benchmark imports.

    Other people edit the working tree while a long benchmark runs; without a snapshot, runs of one
    invocation could measure different code (and an edit to cleaners/ makes the "unchanged" re-run
    clean everything again). The diff against the commit is saved beside the copy.
    """
    key = source_key()
    dest = out / "code" / key
    if not (dest / ".complete").exists():
        shutil.rmtree(dest, ignore_errors=True)
        for package in ("cleaners", "flows"):
            shutil.copytree(SOURCE / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        if SOURCE == REPO:
            (dest / "diff.patch").write_text(git("diff", "HEAD", "--", "cleaners", "flows") + "\n")
        (dest / ".complete").write_text((git("rev-parse", "HEAD") if SOURCE == REPO else str(SOURCE)) + "\n")
    return dest


def code_state() -> dict:
    """The commit, and whether the measured code (cleaners/, flows/) differs from it."""
    from cleaners.corpus import PIPELINE_KEY

    if SOURCE != REPO:
        return {"commit": f"code of {SOURCE}", "dirty": [], "pipeline_key": PIPELINE_KEY, "source_key": source_key()}
    dirty = [line[3:] for line in git("status", "--porcelain", "--", "cleaners", "flows").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD"), "dirty": dirty, "pipeline_key": PIPELINE_KEY, "source_key": source_key()}


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


def cpu_idle_share(seconds: float = 3.0) -> float:
    """The share of all cores' time spent idle over the next `seconds` (from /proc/stat)."""
    def sample():
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        return fields[3] + fields[4], sum(fields[:8])
    idle0, total0 = sample()
    time.sleep(seconds)
    idle1, total1 = sample()
    return (idle1 - idle0) / max(1, total1 - total0)


QUIET = {"timeout": 0.0, "idle": 0.85}


def wait_for_quiet() -> dict:
    """Before a timed run: wait (at most QUIET['timeout'] s) until other processes leave the cores idle."""
    started = time.monotonic()
    idle = cpu_idle_share()
    while idle < QUIET["idle"] and time.monotonic() - started < QUIET["timeout"]:
        idle = cpu_idle_share()
    return {"idle_before": round(idle, 2), "waited_s": round(time.monotonic() - started, 1), "quiet": idle >= QUIET["idle"]}


def run_measured(command: list[str], log_path: Path, env: dict | None = None, interval: float = 0.5, pss_every: int = 4) -> dict:
    """Run a command; wall time, CPU time of the whole tree, and peak memory of the process tree.

    Memory, sampled every `interval` over the command's process and all its descendants (the
    forkserver and the workers it forks):
      pss:  the largest sum of PSS (every `pss_every` samples) (proportional set size: a page shared by k processes counts 1/k;
            forked workers share the libraries they inherit), what the tree really holds in RAM;
      rss:  the largest sum of RSS (counts every shared page once per process: an upper bound);
      hwm:  the parent's own peak RSS (VmHWM) plus the largest descendant's, like
            getrusage(RUSAGE_SELF).maxrss + getrusage(RUSAGE_CHILDREN).maxrss (a lower bound).
    PSS by role (see `process_role`), to tell which process grows: each role's share at the moment
    of the tree's peak (`pss_at_peak_mb`) and each role's own peak (`pss_role_peaks_mb`, with the
    largest single worker).
    CPU: user+system of every process of the tree, last sample of each (the final < interval of a
    process may be missed), or the RUSAGE_CHILDREN delta when larger.
    """
    quiet = wait_for_quiet()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with open(log_path, "w") as output:
        # cwd is the code snapshot: `python -m` puts the working directory first on sys.path
        process = subprocess.Popen(command, cwd=CODE, env=env or child_env(), stdout=output, stderr=subprocess.STDOUT)
        root = psutil.Process(process.pid)
        peak_rss = peak_pss = 0
        roles: dict[int, str] = {}
        at_peak: Counter = Counter()
        role_peaks: Counter = Counter()
        hwm: dict[int, int] = {}
        cpu: dict[int, float] = {}
        sample = 0
        sampler_cpu = time.process_time()
        while process.poll() is None:
            try:
                tree = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            rss = pss = 0
            by_role: Counter = Counter()
            with_pss = sample % pss_every == 0  # PSS reads smaps_rollup: costly, so less often
            for proc in tree:
                try:
                    if with_pss:
                        full = proc.memory_full_info()
                        rss += full.rss
                        pss += full.pss
                        role = process_role(proc, root.pid, roles)
                        by_role[role] += full.pss
                        if role == "workers":
                            by_role["largest worker"] = max(by_role["largest worker"], full.pss)
                    else:
                        rss += proc.memory_info().rss
                    hwm[proc.pid] = max(hwm.get(proc.pid, 0), vm_hwm(proc.pid))
                    times = proc.cpu_times()
                    cpu[proc.pid] = times.user + times.system
                except (psutil.NoSuchProcess, psutil.AccessDenied, FileNotFoundError, ProcessLookupError):
                    pass
            if pss > peak_pss:
                at_peak = by_role
            for role, value in by_role.items():
                role_peaks[role] = max(role_peaks[role], value)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
            sample += 1
            try:  # (not a sleep: the wall time ends when the command does, not at the next sample)
                process.wait(timeout=interval)
            except subprocess.TimeoutExpired:
                pass
        process.wait()
        sampler_cpu = time.process_time() - sampler_cpu
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    parent = hwm.pop(process.pid, 0)
    return {
        "returncode": process.returncode,
        "wall": round(wall, 3),
        "cpu": round(max(waited, sum(cpu.values())), 3),
        "peak_pss_mb": round(peak_pss / 2**20, 1),
        "peak_rss_mb": round(peak_rss / 2**20, 1),
        "pss_at_peak_mb": {role: round(at_peak[role] / 2**20, 1) for role in ROLES if role in at_peak},
        "pss_role_peaks_mb": {role: round(role_peaks[role] / 2**20, 1) for role in ROLES if role in role_peaks},
        "parent_plus_max_child_hwm_mb": round((parent + max(hwm.values(), default=0)) / 2**20, 1),
        "processes": len(hwm) + 1,
        "sampler_cpu": round(sampler_cpu, 2),
        "load_at_start": round(load, 2),
        **quiet,
        "log": str(log_path.relative_to(REPO) if log_path.is_relative_to(REPO) else log_path),
    }


ROLES = ("parent", "forkserver", "workers", "largest worker", "other")


def process_role(proc: psutil.Process, root_pid: int, roles: dict[int, str]) -> str:
    """The command's process is the parent; its child running multiprocessing's forkserver is the
    forkserver, whose children are the workers; any other descendant (the resource tracker, ...) is
    other. Remembered per pid in `roles` (a parent is always seen before its children)."""
    if proc.pid not in roles:
        above = None if proc.pid == root_pid else roles.get(proc.ppid(), "other")
        if above is None:
            roles[proc.pid] = "parent"
        elif above == "parent":
            roles[proc.pid] = "forkserver" if any("forkserver" in part for part in proc.cmdline()) else "other"
        else:
            roles[proc.pid] = "workers" if above in ("forkserver", "workers") else "other"
    return roles[proc.pid]


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


def run_cli(corpus: Path, clean_dir: Path, workers: int, batch_size: int, fresh: bool = True, config: Path | None = None) -> dict:
    if fresh and clean_dir.exists():
        shutil.rmtree(clean_dir)
    command = [sys.executable, "-m", "cleaners", str(corpus), "--out", str(clean_dir), "--workers", str(workers),
               "--batch-size", str(batch_size)] + (["--config", str(config)] if config else [])
    result = run_measured(command, clean_dir.parent / f"{clean_dir.name}{'' if fresh else '-rerun'}.log")
    result["command"] = " ".join(command[1:])
    result["report"] = last_run(clean_dir)
    if result["returncode"] != 0:
        log(f"command failed ({result['returncode']}): see {result['log']}")
    return result


# --- 2. the direct cleaner in this process --------------------------------------------------------


def spread(items: list, count: int) -> list:
    """`count` items evenly spaced over the list (the work is sorted by source folder)."""
    step = max(1, len(items) // max(1, count))
    return items[::step][:count]


def measure_text(plan, sample: int) -> dict:
    """One core: read + clean_bytes + write per document, per-stage timings."""
    from cleaners.pipeline import clean_bytes
    from cleaners.runner import record

    settings = plan.settings
    items = spread(plan.work, sample)
    timings: Counter = Counter()
    statuses: Counter = Counter()
    size = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for item in items:
        t0 = time.perf_counter()
        with open(settings.path_of(item), "rb") as handle:
            data = handle.read()
        t1 = time.perf_counter()
        doc = clean_bytes(data, item.source, settings.config, settings.learned.get(item.group, frozenset()), timings)
        t2 = time.perf_counter()
        record(plan.store, item, doc, settings)
        timings["read"] += t1 - t0
        timings["write"] += time.perf_counter() - t2
        statuses[doc.status] += 1
        size += len(data)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return {"docs": len(items), "mean_bytes": round(size / len(items)), "wall": round(wall, 3), "cpu": round(cpu, 3),
            "docs_per_s": round(len(items) / wall, 1), "docs_per_cpu_s": round(len(items) / cpu, 1),
            "ms_per_doc": {k: round(1000 * timings[k] / len(items), 3) for k in STAGES if k in timings},
            "statuses": dict(statuses)}


def measure_html(pages: list[Path]) -> dict:
    """On the same pages, interleaved page by page, CPU time of: newsclean with html_fast = false and with
    html_fast = true (clean_bytes), trafilatura.extract() at its defaults and trafilatura.extract(fast=True)."""
    import trafilatura

    from cleaners.config import CleanConfig
    from cleaners.pipeline import clean_bytes

    configs = {"slow": CleanConfig(html_fast=False), "fast": CleanConfig(html_fast=True)}
    cpu: Counter = Counter()
    stages = {mode: Counter() for mode in configs}
    statuses = {mode: Counter() for mode in configs}
    empty = 0
    for path in pages:
        data = path.read_bytes()
        for mode, config in configs.items():
            started = time.process_time()
            doc = clean_bytes(data, str(path), config, timings=stages[mode])
            cpu[mode] += time.process_time() - started
            statuses[mode][doc.status] += 1
        started = time.process_time()
        extracted = trafilatura.extract(data)
        cpu["extract"] += time.process_time() - started
        empty += not extracted
        started = time.process_time()
        trafilatura.extract(data, fast=True)
        cpu["extract_fast"] += time.process_time() - started
    count = len(pages)
    return {"docs": count, "cpu": {k: round(v, 3) for k, v in cpu.items()},
            "docs_per_cpu_s": {k: round(count / v, 1) for k, v in cpu.items()},
            "ratio_slow": round(cpu["extract"] / cpu["slow"], 3), "ratio_fast": round(cpu["extract"] / cpu["fast"], 3),
            "ratio_fast_vs_extract_fast": round(cpu["extract_fast"] / cpu["fast"], 3),
            "ms_per_doc": {mode: {k: round(1000 * v / count, 3) for k, v in stages[mode].items()} for mode in configs},
            "statuses": {mode: dict(v) for mode, v in statuses.items()}, "extract_empty": empty}


def measure_direct(corpus: Path, pages_dir: Path, scratch: Path, text_sample: int, html_sample: int, rounds: int) -> dict:
    import trafilatura

    try:
        import cleaners.warm_dates  # noqa: F401  (loads every library's data, as the batch workers' forkserver does for HTML)
    except ImportError:  # code from before cleaners/warm_dates.py: cleaners.warm loaded everything
        import cleaners.warm  # noqa: F401
    from cleaners.config import DEFAULT_CONFIG
    from cleaners.corpus import prepare_run

    if scratch.exists():
        shutil.rmtree(scratch)
    started = time.perf_counter()
    plan = prepare_run([str(corpus)], scratch, DEFAULT_CONFIG)  # learns each source folder, like a batch run
    results: dict = {"prepare_run_seconds": round(time.perf_counter() - started, 2), "text": [], "html": []}
    log(f"prepare_run (scan, hash, learn; serial in every batch run): {results['prepare_run_seconds']} s")
    pages = spread(sorted(p for p in pages_dir.glob("*/*.html")), html_sample)
    trafilatura.extract(pages[0].read_bytes()) if pages else None
    measure_text(plan, min(300, text_sample))  # warm every cache before anything is timed
    for number in range(1, rounds + 1):
        wait_for_quiet()
        results["text"].append(measure_text(plan, text_sample))
        log(f"direct text, round {number}: {results['text'][-1]['docs_per_cpu_s']} docs per CPU-s")
        if pages:
            wait_for_quiet()
            results["html"].append(measure_html(pages))
            log(f"direct HTML, round {number}: {results['html'][-1]['ratio_slow']}x extract (html_fast=false), {results['html'][-1]['ratio_fast']}x (fast)")
    shutil.rmtree(scratch, ignore_errors=True)
    return results


# --- 5. the flow against a Prefect server ----------------------------------------------------------


def flow_available() -> tuple[bool, str]:
    probe = subprocess.run([sys.executable, "-c", "import flows.clean_corpus"], cwd=CODE, env=child_env(),
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




def run_flow(corpus: Path, clean_dir: Path, workers: int, batch_size: int | None, server: PrefectServer, fresh: bool = True) -> dict:
    """The flow as users run it; without `batch_size`, with the flow's own default (one task per batch)."""
    if fresh and clean_dir.exists():
        shutil.rmtree(clean_dir)
    command = [sys.executable, "-m", "flows.clean_corpus", "--raw-dir", str(corpus), "--clean-dir", str(clean_dir),
               "--workers", str(workers)] + (["--batch-size", str(batch_size)] if batch_size else [])
    result = run_measured(command, clean_dir.parent / f"{clean_dir.name}{'' if fresh else '-rerun'}.log", env=server.env())
    result["command"] = " ".join(command[1:])
    result["report"] = last_run(clean_dir)
    if result["returncode"] != 0:
        log(f"flow failed ({result['returncode']}): see {result['log']}")
    return result


# --- the table --------------------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def summary(values: list[float], digits: int = 2, unit: str = "") -> str:
    """Median with the range over the rounds: `1.87x (1.81-1.92, 3 rounds)`."""
    if not values:
        return "-"
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}{unit} (1 round)"
    return f"{middle:.{digits}f}{unit} ({min(values):.{digits}f}-{max(values):.{digits}f}, {len(values)} rounds)"


def docs_of(run: dict) -> int:
    report = run.get("report", {})
    return report.get("accepted", 0) + report.get("rejected", 0) - report.get("duplicates", 0) if report else 0


def evaluate(res: dict) -> list[dict]:
    """Each target with its measured value (median and range over the rounds) and pass/fail on the median."""
    rows = []
    direct, rounds, docs = res["direct"], res["rounds"], res["docs"]
    cli1 = [r["cli_w1"] for r in rounds if "cli_w1" in r]
    if cli1:
        per_cpu = [docs_of(run) / run["cpu"] for run in cli1]
        per_wall = [docs_of(run) / run["wall"] for run in cli1]
        rows.append({"row": "plain text, 1 worker", "target": f">= {TARGETS['text_per_core']:.0f} docs/s per core",
                     "measured": f"{summary(per_cpu, 0)} docs per CPU-second of the whole command (wall: {summary(per_wall, 0)} docs/s; {docs} files)",
                     "ok": statistics.median(per_cpu) >= TARGETS["text_per_core"]})
    if direct.get("text"):
        values = [entry["docs_per_cpu_s"] for entry in direct["text"]]
        rows.append({"row": "plain text, in process (read, clean, write; one core)", "target": f">= {TARGETS['text_per_core']:.0f} docs per CPU-second",
                     "measured": f"{summary(values, 0)} docs per CPU-second", "ok": statistics.median(values) >= TARGETS["text_per_core"]})
    pairs = [(r["cli_w1"], r[f"cli_w{res['workers']}"]) for r in rounds if "cli_w1" in r and f"cli_w{res['workers']}" in r]
    if pairs and res["workers"] > 1:
        values = [one["wall"] / wide["wall"] for one, wide in pairs]
        rows.append({"row": f"{res['workers']} workers vs 1", "target": f">= {TARGETS['scaling']}x",
                     "measured": summary(values, 2, "x") + f" (wall; {docs} files)", "ok": statistics.median(values) >= TARGETS["scaling"]})
    if direct.get("html"):
        slow = [entry["ratio_slow"] for entry in direct["html"]]
        fast = [entry["ratio_fast"] for entry in direct["html"]]
        fast_fast = [entry["ratio_fast_vs_extract_fast"] for entry in direct["html"]]
        pages = direct["html"][0]["docs"]
        rows.append({"row": "HTML vs trafilatura.extract (defaults), same pages, 1 core, html_fast = false", "target": f">= {TARGETS['html_vs_trafilatura']}x",
                     "measured": summary(slow, 2, "x") + f" (CPU time, {pages} pages)", "ok": statistics.median(slow) >= TARGETS["html_vs_trafilatura"]})
        rows.append({"row": "(fast mode) HTML with html_fast = true vs trafilatura.extract (defaults) / vs extract(fast=True)", "target": "-",
                     "measured": f"{summary(fast, 2, 'x')} / {summary(fast_fast, 2, 'x')}", "ok": None})
    flows = [(r[f"cli_w{res['workers']}"], r["flow"]) for r in rounds if "flow" in r and f"cli_w{res['workers']}" in r and r["flow"].get("returncode") == 0]
    if flows:
        values = [cli["wall"] / flow["wall"] for cli, flow in flows]
        rows.append({"row": f"flow vs command line, {res['workers']} workers each, Prefect server", "target": f">= {TARGETS['flow_vs_direct']}x",
                     "measured": summary(values, 2, "x") + f" ({docs} files)", "ok": statistics.median(values) >= TARGETS["flow_vs_direct"]})
    elif res.get("flow_skipped"):
        rows.append({"row": "flow vs command line", "target": f">= {TARGETS['flow_vs_direct']}x", "measured": res["flow_skipped"], "ok": None})
    rerun = res.get("rerun", {})
    for kind in ("flow", "cli"):
        full, again = rerun.get(f"{kind}_full"), rerun.get(f"{kind}_reruns", [])
        if full and again:
            values = [100 * run["wall"] / full["wall"] for run in again]
            skipped = again[-1]["report"].get("skipped_unchanged")
            rows.append({"row": f"unchanged re-run vs full run ({'flow' if kind == 'flow' else 'command line'}, {res['rerun_docs']} files)",
                         "target": f"<= {TARGETS['rerun_fraction']:.0%}" if kind == "flow" else "-",
                         "measured": summary(values, 1, "%") + f" ({statistics.median(r['wall'] for r in again):.2f} s vs {full['wall']:.1f} s; {skipped} unchanged)",
                         "ok": statistics.median(values) <= 100 * TARGETS["rerun_fraction"] if kind == "flow" else None})
    big = res.get("big_run")
    if big:
        rows.append({"row": f"peak memory at {res['big']} files (PSS of the whole process tree, command line, {res['workers']} workers)",
                     "target": f"< {TARGETS['memory_mb']:.0f} MB",
                     "measured": f"{big['peak_pss_mb']} MB (RSS sum {big['peak_rss_mb']} MB; parent + largest child {big['parent_plus_max_child_hwm_mb']} MB)",
                     "ok": big["peak_pss_mb"] < TARGETS["memory_mb"]})
    return rows


def stage_table(res: dict) -> list[str]:
    """Milliseconds per document by stage: in process (text; HTML both modes) and in the command line's workers."""
    columns: list[tuple[str, dict]] = []
    if res["direct"].get("text"):
        last = res["direct"]["text"]
        columns.append(("text, in process", {k: statistics.median(e["ms_per_doc"].get(k, 0) for e in last) for k in STAGES}))
    for name in ("cli_w1", f"cli_w{res['workers']}"):
        runs = [r[name] for r in res["rounds"] if name in r]
        if runs:
            per = [{k: 1000 * v / max(1, docs_of(run)) for k, v in run["report"].get("timings", {}).items()} for run in runs]
            columns.append((f"text, command line {name.removeprefix('cli_w')} worker(s)", {k: statistics.median(p.get(k, 0) for p in per) for k in STAGES}))
    if res["direct"].get("html"):
        last = res["direct"]["html"]
        for mode in ("slow", "fast"):
            columns.append((f"HTML, in process, html_fast={'false' if mode == 'slow' else 'true'}",
                            {k: statistics.median(e["ms_per_doc"][mode].get(k, 0) for e in last) for k in STAGES}))
    if not columns:
        return []
    lines = ["", "Milliseconds per document by stage (median over the rounds; command line: summed in the workers):", "",
             "| stage | " + " | ".join(name for name, _ in columns) + " |", "| --- |" + " --- |" * len(columns)]
    for stage in STAGES:
        lines.append(f"| {stage} | " + " | ".join(f"{values.get(stage, 0):.2f}" if values.get(stage) else "-" for _, values in columns) + " |")
    lines.append("| **total** | " + " | ".join(f"**{sum(values.values()):.2f}**" for _, values in columns) + " |")
    return lines


def role_table(runs: dict) -> list[str]:
    """PSS by process role, per run: each role's share at the moment of the tree's peak / the role's own peak."""
    rows = [f"| {name} | {run['peak_pss_mb']} | "
            + " | ".join(f"{run['pss_at_peak_mb'].get(role, '-')} / {run['pss_role_peaks_mb'].get(role, '-')}" for role in ROLES) + " |"
            for name, run in runs.items() if "pss_at_peak_mb" in run]
    if not rows:
        return []
    return ["", "PSS MB by process role: at the tree's peak / the role's own peak (workers: all at once; largest worker: one)", "",
            "| run | tree peak | " + " | ".join(ROLES) + " |", "| --- | --- | " + " | ".join("---" for _ in ROLES) + " |", *rows]


def run_rows(res: dict) -> list[tuple[str, dict]]:
    named = []
    for number, round_ in enumerate(res["rounds"], 1):
        named += [(f"round {number}: {name}", run) for name, run in round_.items()]
    rerun = res.get("rerun", {})
    for kind in ("flow", "cli"):
        if f"{kind}_full" in rerun:
            named.append((f"{kind}, {res['rerun_docs']} files, full", rerun[f"{kind}_full"]))
            named += [(f"{kind}, {res['rerun_docs']} files, unchanged re-run {n}", run) for n, run in enumerate(rerun.get(f"{kind}_reruns", []), 1)]
    if res.get("big_run"):
        named.append((f"command line, {res['big']} files", res["big_run"]))
    return named


def render(res: dict) -> str:
    code, mach = res["code"], res["machine"]
    dirty = f" + uncommitted changes in {', '.join(code['dirty'])}" if code["dirty"] else ""
    corpus = res["corpus"]
    lines = [
        f"newsclean benchmark, commit {code['commit']}{dirty} (pipeline key {code['pipeline_key']}), {res['started']}",
        f"machine: {mach['nproc']} x {mach['cpu']}, {mach['ram_gib']} GiB, Python {mach['python']}; "
        + ", ".join(f"{k} {v}" for k, v in mach["versions"].items() if v),
        f"corpus: {res['docs']} plain-text files ({corpus['kinds']}; bytes median {corpus['bytes']['median']}, mean {corpus['bytes']['mean']}, "
        f"p90 {corpus['bytes']['p90']}, p99 {corpus['bytes']['p99']}, {corpus['bytes']['over_20k']} over 20 KB), material {corpus['wcxb']}",
        f"HTML pages: {res.get('pages', {}).get('files', 0)} pages (median {res.get('pages', {}).get('median_bytes', 0)} bytes), {res['html_sample']} measured",
        f"measured code: snapshot {res['code_snapshot']} (source key {code['source_key']})",
        f"load average at start {res['load_at_start']:.2f}, at end {res['load_at_end']:.2f}"
        + (f"; prepare_run on the corpus (serial part of every batch run) {res['direct']['prepare_run_seconds']} s" if "prepare_run_seconds" in res["direct"] else ""),
        "",
        "| measure | goal | measured: median (range over rounds) | result |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {row['row']} | {row['target']} | {row['measured']} | {verdict(row['ok'])} |" for row in res["targets"]]
    lines += stage_table(res)
    lines += ["", "| run | files | wall s | CPU s (tree) | docs/s | cores idle before | peak PSS MB (tree) | peak RSS sum MB | accepted/rejected/unchanged | near-duplicate copies |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, run in run_rows(res):
        report = run.get("report", {})
        files = report.get("files_seen", "?")
        cleaned = docs_of(run)
        rate = round(cleaned / run["wall"], 1) if cleaned and run["wall"] else "-"
        lines.append(f"| {name} | {files} | {run['wall']} | {run['cpu']} | {rate} | {run.get('idle_before', 0):.0%} | {run['peak_pss_mb']} | {run['peak_rss_mb']} | "
                     f"{report.get('accepted', '?')}/{report.get('rejected', '?')}/{report.get('skipped_unchanged', '?')} | {report.get('near_duplicate_copies', '-')} |")
    lines += role_table(dict(run_rows(res)))
    if res["direct"].get("html"):
        lines += ["", "HTML in process, docs per CPU-second per round (newsclean html_fast=false / true, trafilatura.extract() / extract(fast=True)): "
                  + "; ".join(f"{e['docs_per_cpu_s']['slow']} / {e['docs_per_cpu_s']['fast']}, {e['docs_per_cpu_s']['extract']} / {e['docs_per_cpu_s']['extract_fast']}"
                              for e in res["direct"]["html"])]
    if res["direct"].get("text"):
        lines += ["Text in process, docs per CPU-second per round: " + ", ".join(str(e["docs_per_cpu_s"]) for e in res["direct"]["text"])]
    if res.get("notes"):
        lines += [""] + [f"note: {note}" for note in res["notes"]]
    return "\n".join(lines) + "\n"


# --- main -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsclean benchmark: one table, all figures from one run.")
    parser.add_argument("--wcxb", type=Path, help="a folder in WCXB layout, the material of the corpus (default: the 40-page sample, a smoke run)")
    parser.add_argument("--docs", type=int, default=6000, help="files for the throughput runs (default 6000)")
    parser.add_argument("--rerun-docs", type=int, default=10000, help="files for the full run and its unchanged re-runs (default 10000; 0 skips)")
    parser.add_argument("--big", type=int, default=100000, help="files for the memory point; 0 skips it (default 100000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="workers for the parallel runs (default: nproc)")
    parser.add_argument("--batch-size", type=int, default=100, help="files per batch of the command-line runs (default 100, the CLI's)")
    parser.add_argument("--flow-batch-size", type=int, help="files per task of the flow runs (default: the flow's own)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--text-sample", type=int, default=2000, help="text files for the in-process figure (default 2000)")
    parser.add_argument("--html-sample", type=int, default=400, help="HTML pages for the in-process figures (default 400)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="work folder (default bench/out, git-ignored)")
    parser.add_argument("--no-flow", action="store_true", help="skip the Prefect flow")
    parser.add_argument("--quiet-timeout", type=float, default=120.0,
                        help="before each timed run, wait up to this many seconds for the cores to be >= 85%% idle (default 120; 0: do not wait)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--phases", default="direct,scaling,flow,rerun,memory",
                        help="what to measure, comma-separated (default all: direct,scaling,flow,rerun,memory)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 600 files, re-run at 800, memory at 2000, small samples, 1 round")
    parser.add_argument("--code", type=Path, help="measure the cleaners/ and flows/ of this folder instead of this checkout's "
                                                   "(e.g. `git archive main cleaners flows | tar -x -C /tmp/main`)")
    parser.add_argument("--corpus-dir", type=Path, help="where corpora are built and reused (default OUT/corpus)")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.rerun_docs, args.big = 600, 800, (2000 if args.big else 0)
        args.text_sample, args.html_sample, args.repeat = 300, 40, 1
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    runs_dir = out / "runs"
    runs_dir.mkdir(exist_ok=True)

    global CODE, SOURCE
    SOURCE = args.code.resolve() if args.code else REPO
    QUIET["timeout"] = args.quiet_timeout
    CODE = snapshot_code(out)
    sys.path.insert(0, str(CODE))  # this process measures the same snapshot (imported below, after this line)
    res: dict = {"code_snapshot": str(CODE.relative_to(REPO) if CODE.is_relative_to(REPO) else CODE),
                 "docs": args.docs, "rerun_docs": args.rerun_docs, "big": args.big, "workers": args.workers, "batch_size": args.batch_size,
                 "html_sample": args.html_sample, "argv": sys.argv[1:], "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                 "load_at_start": os.getloadavg()[0], "machine": machine(), "code": code_state(), "rounds": [], "notes": []}
    if res["code"]["dirty"]:
        res["notes"].append("measured code has uncommitted changes: " + ", ".join(res["code"]["dirty"]))
    log(f"commit {res['code']['commit']} dirty={res['code']['dirty']}")

    corpus_root = args.corpus_dir.resolve() if args.corpus_dir else out / "corpus"
    material = (args.wcxb.resolve() if args.wcxb else make_corpus.SAMPLE_WCXB)
    tag = "real" if args.wcxb else "sample"
    corpus = corpus_root / f"{tag}-{args.docs}"
    res["corpus"] = make_corpus.build(corpus, args.docs, material, args.seed)
    pages = corpus_root / f"pages-{tag}"
    res["pages"] = make_corpus.build_pages(pages, material)
    if not args.wcxb:
        res["notes"].append("material: the 40-page sample (no --wcxb): most documents are recombined, indicative only")
    off_config = out / "near_duplicates_off.toml"
    off_config.write_text('[cleaners]\nnear_duplicates = "off"\n')

    phases = set(args.phases.split(","))
    res["phases"] = sorted(phases)
    res["direct"] = {}
    if "direct" in phases:
        log("direct cleaner, in process")
        res["direct"] = measure_direct(corpus, pages, runs_dir / "direct", args.text_sample, args.html_sample, args.repeat)

    server = None
    if not phases & {"flow", "rerun"}:
        res["flow_skipped"] = "not measured in this run"
    elif args.no_flow:
        res["flow_skipped"] = "skipped (--no-flow)"
    else:
        ok, why = flow_available()
        if ok:
            try:
                server = PrefectServer(runs_dir).__enter__()
                res["prefect_server_startup_s"] = server.startup
                log(f"Prefect server healthy after {server.startup} s on {server.url}")
            except RuntimeError as error:
                res["flow_skipped"] = f"failed: {error}"
        else:
            res["flow_skipped"] = f"skipped: flows.clean_corpus not importable ({why})"
        if "flow_skipped" in res:
            log(res["flow_skipped"])

    wide = f"cli_w{args.workers}"
    try:
        # the runs compared with each other alternate, round after round: a burst of other load on the
        # machine then hits one round, not one kind of run
        for number in range(1, args.repeat + 1):
            round_: dict = {}
            res["rounds"].append(round_)
            if "scaling" in phases:
                log(f"round {number}/{args.repeat}: command line, 1 worker")
                round_["cli_w1"] = run_cli(corpus, runs_dir / "cli-w1", 1, args.batch_size)
                shutil.rmtree(runs_dir / "cli-w1", ignore_errors=True)
            if phases & {"scaling", "flow"}:
                log(f"round {number}/{args.repeat}: command line, {args.workers} workers")
                round_[wide] = run_cli(corpus, runs_dir / f"cli-w{args.workers}", args.workers, args.batch_size)
                shutil.rmtree(runs_dir / f"cli-w{args.workers}", ignore_errors=True)
            if "scaling" in phases:
                log(f"round {number}/{args.repeat}: command line, {args.workers} workers, near_duplicates = off")
                round_[f"{wide}_near_duplicates_off"] = run_cli(corpus, runs_dir / "cli-off", args.workers, args.batch_size, config=off_config)
                shutil.rmtree(runs_dir / "cli-off", ignore_errors=True)
            if server is not None and "flow" in phases:
                log(f"round {number}/{args.repeat}: flow, {args.workers} workers, against the Prefect server")
                round_["flow"] = run_flow(corpus, runs_dir / "flow", args.workers, args.flow_batch_size, server)
                shutil.rmtree(runs_dir / "flow", ignore_errors=True)
        if "rerun" in phases and args.rerun_docs:
            rerun_corpus = corpus_root / f"{tag}-{args.rerun_docs}"
            res["rerun_corpus"] = make_corpus.build(rerun_corpus, args.rerun_docs, material, args.seed)
            res["rerun"] = {}
            kinds = (["flow"] if server is not None else []) + ["cli"]
            for kind in kinds:
                folder = runs_dir / f"rerun-{kind}"
                measure = (lambda fresh: run_flow(rerun_corpus, folder, args.workers, args.flow_batch_size, server, fresh)) if kind == "flow" else \
                          (lambda fresh: run_cli(rerun_corpus, folder, args.workers, args.batch_size, fresh))
                log(f"{kind}, {args.rerun_docs} files: full run")
                res["rerun"][f"{kind}_full"] = measure(True)
                res["rerun"][f"{kind}_reruns"] = []
                for number in range(1, args.repeat + 1):
                    log(f"{kind}, {args.rerun_docs} files: unchanged re-run {number}")
                    res["rerun"][f"{kind}_reruns"].append(measure(False))
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if server is not None:
            server.__exit__(None, None, None)

    if args.big and "memory" in phases:
        big_corpus = corpus_root / f"{tag}-{args.big}"
        res["big_corpus"] = make_corpus.build(big_corpus, args.big, material, args.seed)
        log(f"command line, {args.workers} workers, {args.big} files (memory point)")
        res["big_run"] = run_cli(big_corpus, runs_dir / "cli-big", args.workers, args.batch_size)
        shutil.rmtree(runs_dir / "cli-big", ignore_errors=True)

    res["load_at_end"] = os.getloadavg()[0]
    res["targets"] = evaluate(res)
    if res["code"]["source_key"] != source_key():
        res["notes"].append(f"cleaners/ or flows/ were edited while this benchmark ran; every run measured the snapshot {res['code_snapshot']}")
    for name, run in run_rows(res):
        if not run.get("quiet", True):
            res["notes"].append(f"{name}: the cores were only {run['idle_before']:.0%} idle when it started (other work on the machine, "
                                f"waited {run['waited_s']} s): its wall time is contended")
    table = render(res)
    (out / "results.json").write_text(json.dumps(res, indent=1, default=str))
    (out / "results.md").write_text(table)
    print(table)
    log(f"wrote {out / 'results.json'} and {out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
