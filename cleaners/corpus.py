"""A corpus run: which raw files to clean, which to skip, what each source has learned, and the report.

`prepare_run` lists the raw files, accounts for the ones that need no cleaning (unchanged since the
last run, byte-identical copies, links out of the raw folder, unreadable files), learns each source
folder's repeated lines, and returns the work as batches. `finish_run` adds the batch results up,
notices raw files that disappeared, and writes the report. The command line and the flows both
call these; only how batches are executed differs.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import attrgetter
from pathlib import Path

from cleaners import __version__, near_duplicates
from cleaners.config import CleanConfig
from cleaners.document import Document, file_digest, rejected_file
from cleaners.runner import (
    BatchResult,
    BatchSettings,
    WorkItem,
    display_source,
    expect_files,
    learn_in_worker,
    outcome_of,
    prestart_worker,
    record,
    stop_idle_workers,
)
from cleaners.sources import DEFAULT_MONITOR, MonitorConfig, SourceTallies, record_run, source_name
from cleaners.store import CleanStore, path_key

LEARN_SAMPLE_DOCS = 2000
SOURCE_FILES = sorted(Path(__file__).parent.glob("*.py"))
PIPELINE_KEY = hashlib.sha256(b"".join(path.read_bytes() for path in SOURCE_FILES)).hexdigest()[:16]


class RunLocked(RuntimeError):
    """Another run holds the clean folder."""


def scan(inputs: list[str]) -> tuple[list[WorkItem], set[WorkItem]]:
    """Every raw file under the inputs (folders are walked; hidden files and folders are skipped), and
    those that are links pointing outside their input folder."""
    found: list[WorkItem] = []
    outside_raw: set[WorkItem] = set()
    for given in inputs:
        root = Path(given)
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            found.append(WorkItem("", given, display_source(os.path.dirname(given))))
            continue
        real_root = root.resolve()
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            group = display_source(folder)
            for name in sorted(files + [d for d in dirs if Path(folder, d).is_symlink()]):
                if name.startswith("."):
                    continue
                path = os.path.join(folder, name)
                item = WorkItem(folder, name, group)
                if os.path.islink(path) and not Path(path).resolve().is_relative_to(real_root):
                    outside_raw.add(item)
                elif os.path.isdir(path):
                    continue
                found.append(item)
    return found, outside_raw


@dataclass(slots=True)
class KeptFile:
    """A raw file that planning did not settle (no copy, no rejection), with what decides whether it is cleaned."""

    item: WorkItem
    digest: bytes  # the SHA-256 of its bytes (documents and state files hold it in hex)
    unchanged_key: str | None  # the state key these same bytes were last cleaned with, their document still there
    indexed: bool = False  # its document belongs in the near-duplicate index (accepted, or a near-duplicate copy)
    recorded: bytes | None = None  # the SHA-256 its state entry recorded


def learn_group(paths: list[str], config: CleanConfig) -> frozenset[str]:
    """Paragraph fingerprints that repeat across enough plain-text documents of one source folder.

    Counting is per document (a line repeated inside one file counts once), so the result does not
    depend on the order of files; a line seen in fewer than `learn_min_docs` documents is never learned.
    """
    from cleaners import strip  # only a run that learns needs the text rules (an unchanged re-run starts faster)
    from cleaners.decode import decode_bytes

    counts: Counter = Counter()
    documents = 0
    for path in paths:
        try:
            with open(path, "rb") as handle:
                data = handle.read(config.max_bytes)
        except OSError:
            continue
        decoded = decode_bytes(data)
        if decoded is None or decoded[0].lstrip()[:1] == "<":
            continue
        documents += 1
        # rules.fingerprint(p) is " ".join(WORD.findall(p.lower())): words_of gives the same words, faster
        counts.update({" ".join(near_duplicates.words_of(p)) for p in strip.split_paragraphs(decoded[0])} - {""})
    threshold = max(config.learn_min_docs, 2, math.ceil(config.learn_min_share * documents))
    return frozenset(line for line, count in counts.items() if count >= threshold)


@dataclass
class RunPlan:
    """The work of one run, and what was settled without cleaning."""

    store: CleanStore
    settings: BatchSettings
    work: list[WorkItem]
    seen: int = 0
    skipped: int = 0
    settled: BatchResult = field(default_factory=BatchResult)
    duplicates: int = 0
    missing: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    unchanged_documents: list[int] = field(default_factory=list)  # ids of skipped files' documents that the near-duplicate index must hold

    def batches(self, size: int, workers: int = 1) -> list[list[WorkItem]]:
        """The work in batches of at most `size` files, in order. For parallel workers the last batches
        shrink (to what is left over twice the workers, down to a tenth of `size`), so the workers run
        out of work at about the same time instead of one of them finishing a full batch alone."""
        batches, start = [], 0
        while start < len(self.work):
            left = len(self.work) - start
            step = size if workers < 2 else min(size, max(size // 10, math.ceil(left / (2 * workers))))
            batches.append(self.work[start : start + step])
            start += step
        return batches


@contextmanager
def locked(clean_dir: str | os.PathLike, wait: bool = True):
    """Hold the clean folder's lock for a whole run; a second run waits (or fails with RunLocked)."""
    root = Path(clean_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as error:
            raise RunLocked(f"another run is writing {root}") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _recorded_digest(state: dict) -> bytes | None:
    try:
        return bytes.fromhex(state["sha256"])
    except (KeyError, TypeError, ValueError):
        return None


def _current_digest(path: str, state: dict | None) -> bytes:
    """The file's SHA-256, reusing the recorded one when size and modification time are unchanged."""
    stat = os.stat(path)
    if state and state.get("size") == stat.st_size and state.get("mtime_ns") == stat.st_mtime_ns:
        if (recorded := _recorded_digest(state)) is not None:
            return recorded
    return file_digest(path)


def _unchanged_key(digest: bytes, state: dict, store: CleanStore) -> str | None:
    """The state key the last run cleaned these same bytes with, if its document is still there."""
    if _recorded_digest(state) != digest or not os.path.isfile(os.path.join(store.root, state.get("output", ""))):
        return None
    key = state.get("key")
    return sys.intern(key) if isinstance(key, str) else None  # a few distinct keys, shared by many files


def prepare_run(inputs: list[str], clean_dir: str | os.PathLike, config: CleanConfig, force: bool = False, workers: int = 1) -> RunPlan:
    """Scan, settle what needs no cleaning, learn each source's repeated lines (`workers` sources at a
    time), and list the work."""
    store = CleanStore(Path(clean_dir).absolute())  # workers may run elsewhere: absolute paths only
    store.prepare()
    base_dir = os.getcwd()  # where relative raw paths start, carried once in the settings
    items, outside_raw = scan(inputs)
    items.sort(key=attrgetter("source"))  # of byte-identical copies, the first is kept
    settled = BatchResult()
    fallback = BatchSettings(str(store.root), base_dir, config, {}, {})
    unseen = store.load_states()  # the state entries of files earlier runs recorded (JSON text), taken as files are found
    expect_files(item.name for item in items)  # the workers' warm-up, before the first one starts
    if items and not unseen:
        prestart_worker()  # a first run has work: warm a worker while the files are hashed and learned
    originals: dict[bytes, WorkItem] = {}
    kept: list[KeptFile] = []
    duplicates = 0
    for item in items:
        source, state = item.source, None
        if unseen and (text := unseen.pop(path_key(source), None)):
            state = json.loads(text)
        reason = "outside_raw" if item in outside_raw else None
        if reason is None:
            try:
                digest = _current_digest(item.path, state)
            except FileNotFoundError:
                reason = "vanished"
            except OSError:
                reason = "unreadable"
        if reason is not None:
            doc = rejected_file(source, reason)
        elif (original := originals.setdefault(digest, item)) is not item:
            sha256 = digest.hex()
            doc = Document(id=sha256[:16], source=source, source_sha256=sha256, duplicate_of=original.source)
            doc.reject("duplicate")
            duplicates += 1
        else:
            recorded = _recorded_digest(state) if state else None
            kept.append(KeptFile(item, digest, _unchanged_key(digest, state, store) if state else None, near_duplicates.indexed(state), recorded))
            continue
        record(store, item, doc, fallback)
        settled.add(outcome_of(doc, {}))
    seen = len(items)
    del items, originals

    learned, keys = learn_all(kept, store, config, workers)
    settings = BatchSettings(str(store.root), base_dir, config, learned, keys)
    work, skipped, unchanged_documents = [], 0, []
    for file in kept:
        if file.unchanged_key == keys[file.item.group] and not force:
            skipped += 1
            if file.indexed:
                unchanged_documents.append(int.from_bytes(file.digest[:8], "big"))  # the document's id as a number
        else:
            work.append(replace(file.item, recorded=file.recorded) if file.recorded else file.item)
    del kept
    missing = [state["source"] for key in sorted(unseen) if (state := json.loads(unseen[key])) and _under(state["source"], inputs)]
    del unseen
    return RunPlan(store, settings, work, seen, skipped, settled, duplicates, missing, unchanged_documents=unchanged_documents)


def _under(source: str, inputs: list[str]) -> bool:
    return any(source == given or source.startswith(given.rstrip("/") + "/") for given in inputs)


def learn_all(
    kept: list[KeptFile], store: CleanStore, config: CleanConfig, workers: int = 1
) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Each group's learned lines, reused from the last run when the group's sample is unchanged.

    The sample is the group's `LEARN_SAMPLE_DOCS` files with the smallest SHA-256: it does not depend
    on the order of files, and memory stays bounded however large the folder grows. Groups to learn
    are learned `workers` at a time: here, and in `workers - 1` batch workers (planning is the serial
    part of a run).
    """
    groups: dict[str, list[KeptFile]] = {}
    for file in kept:
        groups.setdefault(file.item.group, []).append(file)
    learned, keys, jobs = {}, {}, []
    base = f"{PIPELINE_KEY}:{config.key()}"
    for group, members in groups.items():
        sample = sorted(members, key=attrgetter("digest"))[:LEARN_SAMPLE_DOCS]  # kept files' digests differ
        sample_key = hashlib.sha256((base + "".join(file.digest.hex() for file in sample)).encode()).hexdigest()[:16]
        path = store.learned / f"{path_key(group)}.json"
        previous = store.read_json(path)
        if previous and previous.get("sample_key") == sample_key:
            learned[group] = frozenset(previous["lines"])
        else:
            jobs.append((group, [os.path.abspath(file.item.path) for file in sample], sample_key, path))
    if jobs:
        threads = max(1, min(workers, len(jobs)))
        roles, lock = threading.local(), threading.Lock()
        started = []

        def learn(job) -> frozenset[str]:
            """The first thread learns here, the others each in a batch worker (so `workers` processes in all)."""
            if not hasattr(roles, "here"):
                with lock:
                    roles.here = not started
                    started.append(True)
            return learn_group(job[1], config) if roles.here else learn_in_worker(job[1], config)

        with ThreadPoolExecutor(threads) as pool:
            for (group, paths, sample_key, path), lines in zip(jobs, pool.map(learn, jobs)):
                store.write_atomic(
                    path,
                    json.dumps({"group": group, "sample_key": sample_key, "documents": len(paths), "lines": sorted(lines)}, indent=1),
                )
                learned[group] = lines
    for group in groups:
        keys[group] = hashlib.sha256(f"{base}:{sorted(learned[group])}".encode()).hexdigest()[:16]
    return learned, keys


@dataclass
class RunReport:
    """What a run did, for the command line, the flow's artifacts and `.state/last_run.json`."""

    files_seen: int
    accepted: int
    rejected: int
    skipped_unchanged: int
    duplicates: int
    failed: int
    missing: list[str]
    seconds: float
    docs_per_second: float
    rejections: list[tuple[str, list[str]]]
    rules: dict[str, int]
    timings: dict[str, float]
    pipeline_version: str = __version__
    near_duplicate_clusters: int = 0  # clusters of two documents or more in the clean folder
    near_duplicate_copies: int = 0  # documents in them that are copies of the kept one (rejected, or marked)
    near_duplicates_rewritten: int = 0  # documents rewritten by this run because their cluster changed
    near_duplicate_largest: list[dict] = field(default_factory=list)  # the largest clusters (kept document, copies)
    near_duplicate_seconds: float = 0.0  # the finishing step: index update, clustering, rewrites
    sources: list[dict] = field(default_factory=list)  # each source this run cleaned, worst first (cleaners.sources)

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def summary_line(self) -> str:
        """The one-line account printed at the end of a run (command line and flow alike)."""
        line = (
            f"{self.files_seen} files: {self.accepted} accepted, {self.rejected} rejected "
            f"({self.duplicates} duplicates), {self.skipped_unchanged} unchanged, {self.failed} failed; "
            f"{self.docs_per_second} docs/s"
        )
        if self.near_duplicate_copies:
            line += f"; near-duplicates: {self.near_duplicate_copies} copies in {self.near_duplicate_clusters} clusters"
        return line


def count_as_copy(tallies: SourceTallies, outcome: dict) -> None:
    """Move a file its source's figures counted as accepted to the near-duplicate rejections."""
    if source_name(outcome["group"]) not in tallies:
        return  # its source's figures did not count it (its bytes had not changed)
    tallies.add({**outcome, "status": "accepted", "reasons": []}, -1)
    tallies.add(outcome)


def finish_run(
    plan: RunPlan, results: list[BatchResult], failed: int = 0, monitor: MonitorConfig = DEFAULT_MONITOR, run: str = ""
) -> RunReport:
    """Add up the batches and the settled files, record each source's figures in its history (compared
    with `monitor`'s thresholds; `run` names the run there), write `.state/last_run.json`, return the report."""
    total = BatchResult()
    total.merge(plan.settled)
    for result in results:
        total.merge(result)
    if plan.settings.config.near_duplicates != "off":
        stop_idle_workers()  # every batch is done: the workers' memory goes back before the index is loaded
    settlement = near_duplicates.settle(
        plan.store, plan.settings.config, total.sketches, {source for source, _ in total.rejections}, plan.unchanged_documents
    )
    total.sketches = bytearray()
    for outcome in settlement.rejected_now:  # cleaned as accepted, then found to be a copy of a kept story
        total.accepted -= 1
        total.rejected += 1
        total.rejections.append((outcome["source"], [near_duplicates.REASON]))
        count_as_copy(total.sources, outcome)
    seconds = time.monotonic() - plan.started
    cleaned = sum(r.accepted + r.rejected for r in results)
    report = RunReport(
        files_seen=plan.seen,
        accepted=total.accepted,
        rejected=total.rejected,
        skipped_unchanged=plan.skipped,
        duplicates=plan.duplicates,
        failed=failed,
        missing=plan.missing,
        seconds=round(seconds, 3),
        docs_per_second=round(cleaned / seconds, 1) if seconds > 0 else 0.0,
        rejections=sorted(total.rejections),
        rules=dict(total.rules.most_common()),
        timings={stage: round(value, 3) for stage, value in total.timings.items()},
        near_duplicate_clusters=settlement.clusters,
        near_duplicate_copies=settlement.copies,
        near_duplicates_rewritten=settlement.rewritten,
        near_duplicate_largest=settlement.largest,
        near_duplicate_seconds=settlement.seconds,
    )
    report.sources = [status.as_dict() for status in record_run(plan.store, total.sources, monitor, run, PIPELINE_KEY)]
    plan.store.compact_states()  # the run's journals (and settled copies' entries) folded into files.tsv
    plan.store.write_atomic(plan.store.state / "last_run.json", json.dumps(report.as_dict(), indent=1))
    return report


def export_jsonl(clean_dir: str | os.PathLike, destination: str | os.PathLike, include_near_duplicates: bool = False) -> int:
    """Accepted documents as JSONL rows `{id, text, metadata}` (what datasets and datatrove read).

    Near-duplicate copies are left out (marked ones too) unless `include_near_duplicates`; then they are
    written as well, the rejected copies included, each naming its kept document in its metadata."""
    store = CleanStore(clean_dir)
    destination = Path(destination)
    temporary = destination.with_name(f".{destination.name}.{os.getpid()}.tmp")
    paths = list(store.accepted_documents())
    if include_near_duplicates:
        paths += sorted(store.rejected.glob("*.json"))
    rows = 0
    with open(temporary, "w", encoding="utf-8") as out:
        for path in paths:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc.get("status") != "accepted" and doc.get("reasons") != [near_duplicates.REASON]:
                continue
            if near_duplicates.is_copy(doc) and not include_near_duplicates:
                continue
            text = doc.pop("text")
            out.write(json.dumps({"id": doc.pop("id"), "text": text, "metadata": doc}, ensure_ascii=False) + "\n")
            rows += 1
    os.replace(temporary, destination)
    return rows
