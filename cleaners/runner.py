"""Batches of raw files cleaned in a child process, with a time limit per document.

A pathological input (say, HTML that makes the parser spin) cannot be interrupted from inside
Python, so each batch is cleaned by a child process that the parent can kill. The parent sends one
file at a time and waits at most `doc_timeout_seconds`; a file that takes longer is rejected with
reason `timeout`, the child is replaced, and the batch carries on. Children are forked from a
forkserver that has already imported and warmed the pipeline, and are reused across batches, so
isolation costs little; each is replaced after MAX_DOCS_PER_WORKER documents, so memory stays flat. Only small summaries travel back, never documents: the child writes them, and the
process running the batch appends each file's state entry (a line) to its journal (cleaners.store).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import types
from collections import Counter
from dataclasses import dataclass, field

from cleaners.config import CleanConfig
from cleaners.document import Document, rejected_file, sha256_of_file
from cleaners.sources import SourceTallies, observe
from cleaners.store import CleanStore


def display_source(path: str) -> str:
    """A path as text that JSON can hold, even when the file name is not valid UTF-8."""
    shown = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path if shown == path else shown  # one string, not two, per folder of a large corpus


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One raw file to clean: its folder and name as scanned, and its source group.

    A plan holds one item per raw file, so only the name is the file's own string (the folder is shared
    by the files of a folder); the path and the documents' `source` are derived. A relative folder is
    relative to `BatchSettings.base_dir`.
    """

    folder: str  # "" for a file given by its path, which is then the name
    name: str
    group: str  # the folder as documents name it: boilerplate is learned per group
    recorded: bytes | None = None  # the SHA-256 of its bytes when it was last recorded (set by planning)

    @property
    def path(self) -> str:
        """The path as scanned (relative when the input was)."""
        return os.path.join(self.folder, self.name)

    @property
    def source(self) -> str:
        """How documents name the file: the path as scanned."""
        return display_source(self.path)


@dataclass
class BatchResult:
    """What a batch did, in counts small enough to travel through Prefect results."""

    accepted: int = 0
    rejected: int = 0
    rejections: list[tuple[str, list[str]]] = field(default_factory=list)
    rules: Counter = field(default_factory=Counter)
    timings: Counter = field(default_factory=Counter)
    sketches: bytearray = field(default_factory=bytearray)  # the near-duplicate index row of each accepted document (300 bytes, no text)
    sources: SourceTallies = field(default_factory=SourceTallies)  # per-source counts (cleaners.sources)

    def add(self, outcome: dict) -> None:
        if outcome["status"] == "accepted":
            self.accepted += 1
        else:
            self.rejected += 1
            self.rejections.append((outcome["source"], outcome["reasons"]))
        self.rules.update(outcome["rules"])
        self.timings.update(outcome["timings"])
        if outcome.get("sketch") is not None:
            self.sketches += outcome["sketch"]
        self.sources.add(outcome)

    def merge(self, other: "BatchResult") -> None:
        self.accepted += other.accepted
        self.rejected += other.rejected
        self.rejections += other.rejections
        self.rules.update(other.rules)
        self.timings.update(other.timings)
        self.sketches += other.sketches
        self.sources.merge(other.sources)


@dataclass(frozen=True)
class BatchSettings:
    """Everything a worker needs besides the items: where to write, where relative paths start, how to
    clean, what each group learned."""

    clean_dir: str
    base_dir: str  # the planning process's working directory (workers may run in another one)
    config: CleanConfig
    learned: dict[str, frozenset[str]]
    state_keys: dict[str, str]  # group -> the key that marks a document as current

    def path_of(self, item: WorkItem) -> str:
        """The item's file as an absolute path, wherever this process runs."""
        return os.path.join(self.base_dir, item.folder, item.name)


def outcome_of(doc: Document, timings: dict[str, float], group: str | None = None) -> dict:
    """One file's summary. With its `group`, the file counts in its source's figures (cleaners.sources);
    files settled while planning and files whose bytes did not change are passed without one."""
    return {
        "source": doc.source,
        "id": doc.id,
        "status": doc.status,
        "reasons": list(doc.reasons),
        "rules": dict(Counter(block.rule for block in doc.removed)),
        "timings": timings,
        "group": group,
        "figures": observe(doc),
    }


def record(store: CleanStore, item: WorkItem, doc: Document, settings: BatchSettings, journal: bool = True) -> dict:
    """Write the document, then the state entry that lets an unchanged file be skipped next time (into
    the store's journal; with `journal=False` only returned, for the process that runs the batch to
    record: a worker process writes documents, never journals). Returns the entry."""
    output = store.write_document(doc)
    try:
        stat = os.stat(settings.path_of(item))
        size, mtime = stat.st_size, stat.st_mtime_ns
    except OSError:
        size, mtime = None, None
    entry = {
        "source": item.source,
        "sha256": doc.source_sha256,
        "size": size,
        "mtime_ns": mtime,
        "id": doc.id,
        "status": doc.status,
        "reasons": doc.reasons,
        "output": output,
        "key": settings.state_keys.get(item.group),
    }
    if journal:
        store.write_state(item.source, entry)
    return entry


def counted_group(item: WorkItem, sha256: str) -> str | None:
    """The item's group when its bytes are new or changed since the last time it was recorded, else None.

    A file cleaned again only because the options, its source's learned lines or the pipeline changed
    does not count in its source's figures (cleaners.sources): mixed with the new files, the old ones
    would hide a layout change in the new ones. (Planning put the recorded digest on the item.)
    """
    return None if item.recorded is not None and item.recorded.hex() == sha256 else item.group


def clean_item(item: WorkItem, store: CleanStore, settings: BatchSettings, journal: bool = True) -> dict:
    """Clean, write and record one file; return its summary (with `journal=False`, the state entry to
    record goes back in it, as "state")."""
    from cleaners.pipeline import clean_file  # the workers' forkserver has it loaded; the planning parent never needs it

    timings: dict[str, float] = {}
    doc = clean_file(settings.path_of(item), item.source, settings.config, settings.learned.get(item.group, frozenset()), timings)
    started = time.perf_counter()
    entry = record(store, item, doc, settings, journal)
    timings["write"] = time.perf_counter() - started
    outcome = outcome_of(doc, timings, counted_group(item, doc.source_sha256))
    if not journal:
        outcome["state"] = entry
    if doc.status == "accepted" and settings.config.near_duplicates != "off":
        from cleaners.near_duplicates import sketch

        started = time.perf_counter()
        outcome["sketch"] = sketch(doc)  # the signature travels back; the parent settles clusters after every batch
        timings["near_duplicates"] = time.perf_counter() - started
    return outcome


def reject_item(item: WorkItem, store: CleanStore, settings: BatchSettings, reason: str) -> dict:
    """Record a file the worker could not finish (timeout, crash) as a rejection with that reason."""
    try:
        digest = sha256_of_file(settings.path_of(item))
    except OSError:
        digest = None
    doc = rejected_file(item.source, reason, digest)
    record(store, item, doc, settings)
    return outcome_of(doc, {}, counted_group(item, doc.source_sha256))


def fail_batch(items: list[WorkItem], settings: BatchSettings, reason: str = "batch_failed") -> BatchResult:
    """Account for every file of a batch that could not run: each becomes a rejection with `reason`."""
    store = CleanStore(settings.clean_dir)
    result = BatchResult()
    try:
        for item in items:
            result.add(reject_item(item, store, settings, reason))
    finally:
        store.close_journal()
    return result


def _child_main(connection) -> None:
    """The child's loop: receive settings or a list of items; clean the items in order, sending each summary back."""
    settings: BatchSettings | None = None
    store: CleanStore | None = None
    while True:
        message = connection.recv()
        if message is None:
            return
        kind, payload = message
        if kind == "settings":
            settings, store = payload, CleanStore(payload.clean_dir)
        elif kind == "learn":
            from cleaners.corpus import learn_group

            paths, config = payload
            connection.send(sorted(learn_group(paths, config)))
        else:
            for item in payload:
                connection.send(clean_item(item, store, settings, journal=False))


# A worker is replaced by a fresh fork after this many documents: what a long-lived process slowly
# accumulates (allocator fragmentation, caches, pages of the warm parent it has touched and so copied)
# is given back, and memory stays flat however many files a run has.
MAX_DOCS_PER_WORKER = 250  # 500 measured 5% more peak memory (10k files), same speed

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["cleaners.warm", "cleaners.warm_dates"])
_forkserver_started = False  # its preload is chosen once, before it starts


def expect_files(names) -> None:
    """Before this process starts its first worker: when every raw file of the run is named *.txt, the
    forkserver skips loading dateparser's every language (cleaners.warm_dates, about 1.3 s of CPU a run),
    which only HTML pages ask for. A page among them would still be cleaned alike; its worker loads them."""
    if not _forkserver_started:
        text_only = all(name.endswith(".txt") for name in names)
        _context.set_forkserver_preload(["cleaners.warm"] if text_only else ["cleaners.warm", "cleaners.warm_dates"])


_start_lock = threading.Lock()


def _start_without_main(process: multiprocessing.Process) -> None:
    """Start a worker without it importing this program's main module again.

    multiprocessing has every child import the main module (so that functions defined there can be
    unpickled; ours live in cleaners.runner). When the main module is a flow (`python -m
    flows.clean_corpus`) or Prefect's engine (scheduled runs), that import loads all of Prefect into
    every worker: about 0.7 s of CPU each time a worker starts. A bare stand-in is shown instead.
    """
    with _start_lock:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            process.start()
        finally:
            sys.modules["__main__"] = main


class ChildWorker:
    """A child process that cleans items one at a time and can be killed when one takes too long."""

    def __init__(self) -> None:
        self.connection, child_end = _context.Pipe()
        self.process = _context.Process(target=_child_main, args=(child_end,), daemon=True)
        global _forkserver_started
        _forkserver_started = True
        _start_without_main(self.process)
        child_end.close()
        self.settings: BatchSettings | None = None
        self.cleaned = 0

    def configure(self, settings: BatchSettings) -> None:
        if settings is not self.settings:
            self.connection.send(("settings", settings))
            self.settings = settings

    def clean(self, items: list[WorkItem], timeout: float):
        """Send the items at once; yield (item, summary) as the child finishes each, in order. A child that
        takes longer than `timeout` over one item, or dies, yields (item, "timeout" | "worker_crashed")
        for it and nothing more: the caller replaces it and sends the rest again.

        The child never waits for the parent between items, so a parent busy with other threads
        (Prefect's, in a flow run) does not slow the cleaning down.
        """
        try:
            self.connection.send(("items", items))
        except OSError:
            yield items[0], "worker_crashed"
            return
        for item in items:
            try:
                if not self.connection.poll(timeout):
                    yield item, "timeout"
                    return
                outcome = self.connection.recv()
            except (EOFError, OSError):
                yield item, "worker_crashed"
                return
            self.cleaned += 1
            yield item, outcome

    def learn(self, paths: list[str], config: CleanConfig) -> frozenset[str]:
        """cleaners.corpus.learn_group in the child (raises EOFError or OSError if it dies)."""
        self.connection.send(("learn", (paths, config)))
        return frozenset(self.connection.recv())

    def alive(self) -> bool:
        return self.process.is_alive()

    def room(self) -> int:
        """How many more documents this worker cleans before it is replaced."""
        return max(0, MAX_DOCS_PER_WORKER - self.cleaned)

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


_idle: list[ChildWorker] = []
_idle_lock = threading.Lock()


def stop_idle_workers() -> None:
    """Stop the workers waiting for a batch (at the end of a run: their memory goes back before the
    run's finishing step; a next run forks fresh ones from the warm forkserver)."""
    with _idle_lock:
        workers = list(_idle)
        _idle.clear()
    for worker in workers:
        worker.stop()


def _acquire() -> ChildWorker:
    with _idle_lock:
        while _idle:
            worker = _idle.pop()
            if worker.alive():
                return worker
    return ChildWorker()


def _release(worker: ChildWorker) -> None:
    with _idle_lock:
        _idle.append(worker)


def prestart_worker() -> None:
    """Start a worker in the background (the forkserver loads and warms the pipeline, about 2 s), so
    that it is ready when the first batch comes; meanwhile the caller plans the run."""
    if can_isolate():
        threading.Thread(target=lambda: _release(ChildWorker()), daemon=True).start()


def learn_in_worker(paths: list[str], config: CleanConfig) -> frozenset[str]:
    """One source's repeated lines (cleaners.corpus.learn_group) learned in a batch worker, so that
    planning learns several sources at once; in this process when workers cannot be started."""
    from cleaners.corpus import learn_group

    if not can_isolate():
        return learn_group(paths, config)
    worker = _acquire()
    try:
        return worker.learn(paths, config)
    except (EOFError, OSError):
        worker.stop()
        worker = ChildWorker()
        return learn_group(paths, config)
    finally:
        _release(worker)


def can_isolate() -> bool:
    """Child processes are unavailable inside daemonic processes (some Dask workers)."""
    return not multiprocessing.current_process().daemon


def run_batch(items: list[WorkItem], settings: BatchSettings, isolate: bool = True) -> BatchResult:
    """Clean a batch; with `isolate`, in a child process under the per-document time limit. The child
    writes the documents; this process records their state entries (its own journal)."""
    store = CleanStore(settings.clean_dir)
    result = BatchResult()
    try:
        if not (isolate and can_isolate()):
            for item in items:
                result.add(clean_item(item, store, settings))
            return result
        worker = _acquire()
        pending = list(items)
        try:
            while pending:
                worker.configure(settings)
                sent, finished = pending[: worker.room()], 0
                for item, outcome in worker.clean(sent, settings.config.doc_timeout_seconds):
                    finished += 1
                    if isinstance(outcome, str):
                        result.add(reject_item(item, store, settings, outcome))
                        worker.stop()
                        worker = ChildWorker()
                        break
                    store.write_state(item.source, outcome.pop("state"))
                    result.add(outcome)
                pending = pending[finished:]
                if not worker.room():
                    worker.stop()
                    worker = ChildWorker()
        finally:
            _release(worker)
        return result
    finally:
        store.close_journal()
