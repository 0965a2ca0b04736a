#!/usr/bin/env python3
"""newsclean benchmark (issue 5): one run, one table, every figure measured in that run.

    python bench/run_bench.py                      # 10k documents, memory point at 100k
    python bench/run_bench.py --quick              # 1-2 minute smoke run
    python bench/run_bench.py --docs 10000 --big 0 # skip the 100k memory point

What it does, in order (see BENCHMARKS.md for the targets and the latest results):
 1. builds (or reuses) a corpus of --docs distinct documents, plain text and HTML, varied from
    raw/* and bench/eval/wcxb-sample/html/*.html.gz (bench/make_corpus.py);
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
    "memory_growth": 1.2,  # "flat": peak PSS at the big size at most 20% above the peak at --docs
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


def source_key() -> str:
    """A hash of the measured code (cleaners/ and flows/), to notice edits made while the benchmark runs."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted([*REPO.glob("cleaners/*.py"), *REPO.glob("flows/*.py")]):
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
            shutil.copytree(REPO / package, dest / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        (dest / "diff.patch").write_text(git("diff", "HEAD", "--", "cleaners", "flows") + "\n")
        (dest / ".complete").write_text(git("rev-parse", "HEAD") + "\n")
    return dest


def code_state() -> dict:
    """The commit, and whether the measured code (cleaners/, flows/) differs from it."""
    dirty = [line[3:] for line in git("status", "--porcelain", "--", "cleaners", "flows").splitlines()]
    from cleaners.corpus import PIPELINE_KEY

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
            time.sleep(interval)
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


def spread(items: list, count: int) -> list:
    """`count` items evenly spaced over the list (the work is sorted by source folder, i.e. by seed)."""
    step = max(1, len(items) // max(1, count))
    return items[::step][:count]


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
    started = time.perf_counter()
    plan = prepare_run([str(corpus)], scratch, DEFAULT_CONFIG)  # learns each source folder, like a batch run
    results = {"prepare_run_seconds": round(time.perf_counter() - started, 2)}
    log(f"prepare_run (scan, hash, learn; serial in every batch run): {results['prepare_run_seconds']} s")
    settings = plan.settings
    by_kind = {"text": spread([w for w in plan.work if not w.name.endswith(".html")], text_sample),
               "html": spread([w for w in plan.work if w.name.endswith(".html")], html_sample)}
    trafilatura.extract(Path(settings.path_of(by_kind["html"][0])).read_bytes()) if by_kind["html"] else None
    for kind, items in by_kind.items():
        if not items:
            continue
        timings: Counter = Counter()
        statuses: Counter = Counter()
        reasons: Counter = Counter()
        trafilatura_seconds = trafilatura_cpu = trafilatura_metadata_cpu = 0.0
        trafilatura_empty = 0
        size = 0
        clean_cpu = 0.0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        excluded_wall = excluded_cpu = 0.0
        for item in items:
            t0 = time.perf_counter()
            with open(settings.path_of(item), "rb") as handle:
                data = handle.read()
            t1 = time.perf_counter()
            c_start = time.process_time()
            doc = clean_bytes(data, item.source, settings.config, settings.learned.get(item.group, frozenset()), timings)
            t2 = time.perf_counter()
            clean_cpu += time.process_time() - c_start
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
                trafilatura.bare_extraction(data, with_metadata=True)  # trafilatura with the metadata we ask of it
                w2, c2 = time.perf_counter(), time.process_time()
                trafilatura_seconds += w1 - w0
                trafilatura_cpu += c1 - c0
                trafilatura_metadata_cpu += c2 - c1
                trafilatura_empty += not extracted
                excluded_wall += w2 - w0
                excluded_cpu += c2 - c0
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
            "clean_cpu": round(clean_cpu, 3),
            "timings": {k: round(timings.get(k, 0.0), 4) for k in STAGES},
            "statuses": dict(statuses),
            "reasons": dict(reasons.most_common()),
        }
        if kind == "html":
            entry["trafilatura"] = {"wall": round(trafilatura_seconds, 3), "cpu": round(trafilatura_cpu, 3),
                                    "docs_per_s": round(len(items) / trafilatura_seconds, 1), "empty": trafilatura_empty,
                                    "with_metadata_cpu": round(trafilatura_metadata_cpu, 3)}
        results[kind] = entry
        log(f"direct {kind}: {entry['docs_per_s']} docs/s ({entry['docs_per_cpu_s']} per CPU s), {dict(statuses)}")
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


def run_flow(corpus: Path, clean_dir: Path, workers: int, batch_size: int | None, server: PrefectServer) -> dict:
    """The flow as users run it; without `batch_size`, with the flow's own default (one task per batch)."""
    if clean_dir.exists():
        shutil.rmtree(clean_dir)
    command = [sys.executable, "-m", "flows.clean_corpus", "--raw-dir", str(corpus), "--clean-dir", str(clean_dir),
               "--workers", str(workers)] + (["--batch-size", str(batch_size)] if batch_size else [])
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
    # per core = per CPU-second of the one process doing the work (robust to other load on the machine);
    # the wall-clock figure is shown beside it
    text = direct.get("text")
    if direct:
        rows.append({"target": f"plain text >= {TARGETS['text_per_core']:.0f} docs/s per core (direct, docs per CPU-second)",
                     "measured": f"{text['docs_per_cpu_s']} docs/s per core ({text['docs_per_s']} docs/s wall)" if text else "no text docs",
                     "ok": text["docs_per_cpu_s"] >= TARGETS["text_per_core"] if text else None})
    html = direct.get("html")
    if html:
        ours_cpu = html["clean_cpu"]
        ratio = html["trafilatura"]["cpu"] / ours_cpu
        wall_ratio = html["trafilatura"]["wall"] / sum(v for k, v in html["timings"].items() if k not in ("read", "write"))
        res["html_ratio"] = round(ratio, 3)
        accepted = html["statuses"].get("accepted", 0) / html["docs"]
        note = f" [HTML path accepted only {accepted:.0%}: {html['reasons']}]" if accepted < 0.5 else ""
        rows.append({"target": f"HTML >= {TARGETS['html_vs_trafilatura']}x trafilatura.extract (same bytes, CPU time)",
                     "measured": f"{ratio:.2f}x ({html['docs'] / ours_cpu:.1f} vs {html['docs'] / html['trafilatura']['cpu']:.1f} docs per CPU-s; "
                                 f"wall {wall_ratio:.2f}x){note}",
                     "ok": ratio >= TARGETS["html_vs_trafilatura"] and not note})
        with_metadata = html["trafilatura"].get("with_metadata_cpu")
        if with_metadata:
            rows.append({"target": "(not a target) HTML vs trafilatura.bare_extraction(with_metadata=True), the extraction our path asks for",
                         "measured": f"{with_metadata / ours_cpu:.2f}x ({html['docs'] / ours_cpu:.1f} vs {html['docs'] / with_metadata:.1f} docs per CPU-s)",
                         "ok": None})
    elif direct:
        rows.append({"target": "HTML vs trafilatura", "measured": "no HTML docs", "ok": None})
    runs = res["runs"]
    flow = runs.get("flow")
    wide = runs.get(f"cli_w{res['workers']}")
    if "flow" not in res["phases"]:
        pass
    elif flow and flow.get("returncode") == 0 and wide:
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
    small = wide or one
    if big and small:
        rows.append({"target": f"peak memory < {TARGETS['memory_mb']:.0f} MB at {res['big']} docs (PSS of the whole process tree)",
                     "measured": f"{big['peak_pss_mb']} MB PSS (RSS sum {big['peak_rss_mb']} MB; parent+largest child {big['parent_plus_max_child_hwm_mb']} MB)",
                     "ok": big["peak_pss_mb"] < TARGETS["memory_mb"]})
        growth = big["peak_pss_mb"] / small["peak_pss_mb"] if small["peak_pss_mb"] else None
        parents = [run.get("pss_at_peak_mb", {}).get("parent") for run in (big, small)]
        parent = f"; parent at the peak {parents[0]} vs {parents[1]} MB" if None not in parents else ""
        rows.append({"target": f"peak memory flat in N: {res['big']} vs {docs} docs <= {TARGETS['memory_growth']}x",
                     "measured": f"{growth:.2f}x ({big['peak_pss_mb']} vs {small['peak_pss_mb']} MB PSS{parent})" if growth else "n/a",
                     "ok": growth <= TARGETS["memory_growth"] if growth else None})
    elif small:
        rows.append({"target": f"peak memory < {TARGETS['memory_mb']:.0f} MB (big point skipped; at {docs} docs)",
                     "measured": f"{small['peak_pss_mb']} MB PSS (RSS sum {small['peak_rss_mb']} MB)", "ok": small["peak_pss_mb"] < TARGETS["memory_mb"]})
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


def role_table(runs: dict) -> list[str]:
    """PSS by process role, per run: each role's share at the moment of the tree's peak / the role's own peak."""
    rows = [f"| {name} | {run['peak_pss_mb']} | "
            + " | ".join(f"{run['pss_at_peak_mb'].get(role, '-')} / {run['pss_role_peaks_mb'].get(role, '-')}" for role in ROLES) + " |"
            for name, run in runs.items() if "pss_at_peak_mb" in run]
    if not rows:
        return []
    return ["", "PSS MB by process role: at the tree's peak / the role's own peak (workers: all at once; largest worker: one)", "",
            "| run | tree peak | " + " | ".join(ROLES) + " |", "| --- | --- | " + " | ".join("---" for _ in ROLES) + " |", *rows]


def render(res: dict) -> str:
    code, mach = res["code"], res["machine"]
    dirty = f" + uncommitted changes in {', '.join(code['dirty'])}" if code["dirty"] else ""
    lines = [
        f"newsclean benchmark, commit {code['commit']}{dirty} (pipeline key {code['pipeline_key']})",
        f"machine: {mach['nproc']} x {mach['cpu']}, {mach['ram_gib']} GiB, Python {mach['python']}; "
        + ", ".join(f"{k} {v}" for k, v in mach["versions"].items() if v),
        f"corpus: {res['docs']} docs ({res['corpus']['counts']['text']} text, mean {res['corpus']['mean_bytes']['text']} B; "
        f"{res['corpus']['counts']['html']} HTML, mean {res['corpus']['mean_bytes']['html']} B), seeds: {', '.join(res['corpus']['seed_names'])}",
        f"measured code: snapshot {res['code_snapshot']} (source key {code['source_key']}; diff against the commit in diff.patch there)",
        f"load average at start {res['load_at_start']:.2f}, at end {res['load_at_end']:.2f}"
        + (f"; prepare_run (serial part of every batch run) {res['direct']['prepare_run_seconds']} s" if "prepare_run_seconds" in res["direct"] else ""),
        "",
        "| target | measured | result |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {row['target']} | {row['measured']} | {verdict(row['ok'])} |" for row in res["targets"]]
    lines += ["", "| run | docs | wall s | CPU s | docs/s | cores idle before | peak PSS MB (tree) | peak RSS sum MB | accepted/rejected/unchanged |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for kind, entry in res["direct"].items():
        if not isinstance(entry, dict):
            continue
        statuses = entry["statuses"]
        lines.append(f"| direct in-process, {kind}, 1 core | {entry['docs']} | {entry['wall']} | {entry['cpu']} | {entry['docs_per_s']} | - | - | - | "
                     f"{statuses.get('accepted', 0)}/{statuses.get('rejected', 0)} |")
        if kind == "html":
            t = entry["trafilatura"]
            lines.append(f"| trafilatura.extract, same HTML | {entry['docs']} | {t['wall']} | {t['cpu']} | {t['docs_per_s']} | - | - | - | {entry['docs'] - t['empty']} non-empty |")
            if "with_metadata_cpu" in t:
                lines.append(f"| trafilatura.bare_extraction(with_metadata=True), same HTML | {entry['docs']} | - | {t['with_metadata_cpu']} | - | - | - | - | - |")
    for name, run in res["runs"].items():
        report = run.get("report", {})
        docs = report.get("files_seen", "?")
        rate = round(docs / run["wall"], 1) if isinstance(docs, int) and run["wall"] else "-"
        command = run["command"].replace(str(REPO) + "/", "")
        walls = run.get("walls", [])
        wall = f"{run['wall']}" + (f" (best of {', '.join(map(str, walls))})" if len(walls) > 1 else "")
        lines.append(f"| {name}: `{command}` | {docs} | {wall} | {run['cpu']} | {rate} | {run.get('idle_before', 0):.0%} | {run['peak_pss_mb']} | {run['peak_rss_mb']} | "
                     f"{report.get('accepted', '?')}/{report.get('rejected', '?')}/{report.get('skipped_unchanged', '?')} |")
    lines += role_table(res["runs"])
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
    parser.add_argument("--batch-size", type=int, default=100, help="files per batch of the CLI runs (default 100, the CLI's)")
    parser.add_argument("--flow-batch-size", type=int, help="files per task of the flow runs (default: the flow's own, 500)")
    parser.add_argument("--html-share", type=float, default=0.25, help="share of HTML documents in the corpus (default 0.25)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--text-sample", type=int, default=2000, help="plain-text docs for the in-process figure (default 2000)")
    parser.add_argument("--html-sample", type=int, default=400, help="HTML docs for the in-process figures (default 400)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out", help="work folder (default bench/out, git-ignored)")
    parser.add_argument("--no-flow", action="store_true", help="skip the Prefect flow")
    parser.add_argument("--quiet-timeout", type=float, default=120.0,
                        help="before each timed run, wait up to this many seconds for the cores to be >= 85%% idle (default 120; 0: do not wait)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of the 1-worker, N-worker and flow runs; the fastest of each is kept (default 2)")
    parser.add_argument("--phases", default="direct,scaling,rerun,flow,memory",
                        help="what to measure, comma-separated (default all: direct,scaling,rerun,flow,memory); "
                             "e.g. --phases memory for the memory points alone")
    parser.add_argument("--quick", action="store_true", help="smoke run: 600 docs, memory point at 2000, small samples")
    args = parser.parse_args(argv)
    if args.quick:
        args.docs, args.big = 600, (2000 if args.big else 0)
        args.text_sample, args.html_sample = 300, 60
        args.repeat = 1
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    runs_dir = out / "runs"
    runs_dir.mkdir(exist_ok=True)

    global CODE
    QUIET["timeout"] = args.quiet_timeout
    CODE = snapshot_code(out)
    sys.path.insert(0, str(CODE))  # this process measures the same snapshot (imported below, after this line)
    res: dict = {"code_snapshot": str(CODE.relative_to(REPO) if CODE.is_relative_to(REPO) else CODE),
                 "docs": args.docs, "big": args.big, "workers": args.workers, "batch_size": args.batch_size,
                 "argv": sys.argv[1:], "started": time.strftime("%Y-%m-%d %H:%M:%S"), "load_at_start": os.getloadavg()[0],
                 "machine": machine(), "code": code_state(), "runs": {}, "notes": []}
    if res["code"]["dirty"]:
        res["notes"].append("measured code has uncommitted changes: " + ", ".join(res["code"]["dirty"]))
    log(f"commit {res['code']['commit']} dirty={res['code']['dirty']}")

    seeds = make_corpus.find_seeds()
    tag = f"s{args.seed}-h{args.html_share}"
    corpus = out / "corpus" / f"n{args.docs}-{tag}"
    res["corpus"] = make_corpus.build(corpus, args.docs, args.seed, args.html_share, seeds)

    phases = set(args.phases.split(","))
    res["phases"] = sorted(phases)
    res["direct"] = {}
    if "direct" in phases:
        log("direct cleaner, in process")
        res["direct"] = measure_direct(corpus, runs_dir / "direct", args.text_sample, args.html_sample)

    wide_dir = runs_dir / f"cli-w{args.workers}"
    wide = f"cli_w{args.workers}"
    server = None
    if "flow" not in phases:
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

    def keep_best(name: str, run: dict) -> None:
        """Repeated runs: keep the fastest (the least disturbed by other load), list every wall time."""
        walls = res["runs"].get(name, {}).get("walls", []) + [run["wall"]]
        if name not in res["runs"] or run["wall"] < res["runs"][name]["wall"]:
            res["runs"][name] = run
        res["runs"][name]["walls"] = walls

    try:
        # the runs compared with each other alternate, repeated --repeat times: a burst of other load
        # on the machine then hits one round, not one kind of run
        for round_ in range(1, args.repeat + 1):
            last = round_ == args.repeat
            if "scaling" in phases and args.workers > 1:
                log(f"round {round_}/{args.repeat}: CLI, 1 worker")
                keep_best("cli_w1", run_cli(corpus, runs_dir / "cli-w1", 1, args.batch_size))
                shutil.rmtree(runs_dir / "cli-w1", ignore_errors=True)
            if phases & {"scaling", "rerun", "flow", "memory"}:
                log(f"round {round_}/{args.repeat}: CLI, {args.workers} workers")
                keep_best(wide, run_cli(corpus, wide_dir, args.workers, args.batch_size))
            if "rerun" in phases and last:
                log("CLI, unchanged re-run")
                res["runs"]["cli_rerun"] = run_cli(corpus, wide_dir, args.workers, args.batch_size, fresh=False)
            shutil.rmtree(wide_dir, ignore_errors=True)
            if server is not None:
                log(f"round {round_}/{args.repeat}: flow, {args.workers} workers, against the Prefect server")
                keep_best("flow", run_flow(corpus, runs_dir / "flow", args.workers, args.flow_batch_size, server))
                shutil.rmtree(runs_dir / "flow", ignore_errors=True)
    finally:
        if server is not None:
            server.__exit__(None, None, None)

    if args.big and "memory" in phases:
        big_corpus = out / "corpus" / f"n{args.big}-{tag}"
        res["big_corpus"] = make_corpus.build(big_corpus, args.big, args.seed, args.html_share, seeds)
        log(f"CLI, {args.workers} workers, {args.big} docs (memory point)")
        res["runs"]["cli_big"] = run_cli(big_corpus, runs_dir / "cli-big", args.workers, args.batch_size)
        shutil.rmtree(runs_dir / "cli-big", ignore_errors=True)

    res["load_at_end"] = os.getloadavg()[0]
    res["targets"] = evaluate(res)
    if res["code"]["source_key"] != source_key():
        res["notes"].append(f"cleaners/ or flows/ were edited while this benchmark ran; every run measured the snapshot {res['code_snapshot']}")
    for name, run in res["runs"].items():
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
