"""Stage 7, write: the layout of the clean folder and atomic writes into it.

    clean/<id>.json                 accepted documents (the folder is a corpus as it stands)
    clean/rejected/<id>.json        rejected documents, with their reasons
    clean/rejected/<id>.dup-<key>.json   byte-identical copies of a kept document
    clean/.state/files.tsv          per raw file: what was cleaned, with which settings (incremental runs):
                                    one line per file, `<key>\t<json>`, sorted by key
    clean/.state/journal/*.tsv      the same lines as files are recorded during a run, one file per writer
                                    (appended, one write per line); folded into files.tsv at the run's end
    clean/.state/learned/<key>.json lines learned as boilerplate of one source folder
    clean/.state/sources/<key>.json each source folder's figures over its last runs (cleaners.sources)
    clean/.state/last_run.json      the report of the last run
    clean/.state/near_duplicates/index.npz   near-duplicate signatures and clusters (cleaners.near_duplicates)
    clean/.tmp/                     temporary files, renamed into place when complete
    clean/.lock                     held by the run that writes the folder

Every file is written to `.tmp/` first and renamed into place, so a killed run leaves no partial
file where a reader looks; journals are only appended to, one line per write, and a line cut short by a
kill is ignored (its file is cleaned again next time). Nothing is fsynced: a crash of the machine may
lose the last writes, never leave a partial document in place. Names come from ids and hashes of
paths, never from document content.

Before journals, each raw file's state was a file of its own (`.state/files/<key>.json`, two files
written per document); such a folder is read as it is and folded into files.tsv by the next run.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import threading
import time
from pathlib import Path

from cleaners.document import Document

_counter = itertools.count()


def path_key(source: str) -> str:
    """A short, filesystem-safe key for a raw file's path."""
    return hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:16]


class CleanStore:
    """Reads and writes one clean folder."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.rejected = self.root / "rejected"
        self.state = self.root / ".state"
        self.files = self.state / "files"
        self.learned = self.state / "learned"
        self.table = self.state / "files.tsv"
        self.journals = self.state / "journal"
        self.tmp = self.root / ".tmp"
        self._root, self._tmp = str(self.root), str(self.tmp)  # per-document paths are built as strings
        self._journal: int | None = None  # this writer's journal (a file descriptor), opened at its first entry
        self._journal_path: str | None = None
        self._journal_lock = threading.Lock()
        self._states: dict[str, str] | None = None  # the merged entries, when read_state has loaded them
        self._read_journals: list[Path] = []

    def prepare(self) -> None:
        """Create the folders; clear temporary files a killed run may have left."""
        for folder in (self.root, self.rejected, self.journals, self.learned, self.tmp):
            folder.mkdir(parents=True, exist_ok=True)
        for leftover in self.tmp.iterdir():
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)

    def write_atomic(self, path: str | os.PathLike, data: str | bytes) -> None:
        """Write to a unique temporary name in `.tmp/`, then rename over `path` (no fsync: a crash of the
        machine may lose the last writes, never leave a partial file in place)."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        temporary = f"{self._tmp}/{os.path.basename(path)}.{os.getpid()}.{next(_counter)}.tmp"
        try:
            handle = open(temporary, "wb")
        except FileNotFoundError:  # .tmp/ removed under a running batch: made again
            self.tmp.mkdir(parents=True, exist_ok=True)
            handle = open(temporary, "wb")
        with handle:
            handle.write(payload)
        os.replace(temporary, path)

    def document_output(self, doc: Document) -> str:
        """Where the document belongs, relative to the clean folder (what state entries record)."""
        if doc.duplicate_of is not None:
            return f"rejected/{doc.id}.dup-{path_key(doc.source)}.json"
        return f"{doc.id}.json" if doc.status == "accepted" else f"rejected/{doc.id}.json"

    def document_path(self, doc: Document) -> Path:
        return self.root / self.document_output(doc)

    def write_document(self, doc: Document) -> str:
        """Write the document where its status belongs and remove a stale copy of it from the other place;
        returns its path relative to the clean folder."""
        output = self.document_output(doc)
        self.write_atomic(f"{self._root}/{output}", doc.to_json())
        if doc.duplicate_of is None:
            other = f"{self._root}/rejected/{doc.id}.json" if doc.status == "accepted" else f"{self._root}/{doc.id}.json"
            try:
                os.unlink(other)
            except FileNotFoundError:
                pass
        return output

    # --- per raw file state: files.tsv, journals, and the files of earlier versions ------------------

    def load_states(self) -> dict[str, str]:
        """Every raw file's latest state entry as JSON text, by path key: the files of earlier versions,
        then files.tsv, then the journals in the order they were started (later lines win)."""
        states: dict[str, str] = {}
        if self.files.is_dir():
            for entry in os.scandir(self.files):
                if entry.name.endswith(".json"):
                    try:
                        with open(entry.path, encoding="utf-8") as handle:
                            states[entry.name[:-5]] = handle.read().strip() + "\n"
                    except (OSError, ValueError):
                        continue
        journals = sorted(self.journals.glob("*.tsv")) if self.journals.is_dir() else []
        for path in [self.table, *journals]:
            try:
                with open(path, "rb") as handle:
                    for line in handle:
                        key, tab, text = line.partition(b"\t")
                        if tab and text.endswith(b"\n"):  # a line a killed writer cut short is left out
                            states[key.decode("ascii")] = text.decode("utf-8")
            except (OSError, ValueError):
                continue
        self._read_journals = journals
        return states

    def recorded_keys(self) -> set[str]:
        """The path keys of every raw file an earlier run recorded."""
        return set(self.load_states())

    def read_state(self, source: str) -> dict | None:
        """A raw file's latest state entry (the entries are read once per store, then kept up to date by write_state)."""
        if self._states is None:
            self._states = self.load_states()
        text = self._states.get(path_key(source))
        return json.loads(text) if text else None

    def write_state(self, source: str, entry: dict) -> None:
        """Append the entry to this writer's journal (one write of one line; a journal per store object,
        so writers in threads or processes never share one)."""
        key, text = path_key(source), json.dumps(entry, sort_keys=True) + "\n"
        if self._states is not None:
            self._states[key] = text
        with self._journal_lock:
            if self._journal is None:
                self.journals.mkdir(parents=True, exist_ok=True)
                self._journal_path = f"{self.journals}/{time.time_ns():020d}-{os.getpid()}-{next(_counter)}.tsv"
                self._journal = os.open(self._journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.write(self._journal, f"{key}\t{text}".encode("utf-8"))

    def close_journal(self) -> None:
        with self._journal_lock:
            if self._journal is not None:
                os.close(self._journal)
                self._journal = None

    def compact_states(self) -> None:
        """Fold the journals (and any files of earlier versions) into files.tsv, atomically, then remove them.
        Called at the end of a run, when no other writer is left; nothing to do when nothing was recorded."""
        self.close_journal()
        states = self._states if self._states is not None else self.load_states()
        journals = set(self._read_journals) | ({Path(self._journal_path)} if self._journal_path else set())
        legacy = self.files.is_dir() and any(True for _ in os.scandir(self.files))
        if journals or legacy:
            self.write_atomic(self.table, "".join(f"{key}\t{states[key]}" for key in sorted(states)))
            for path in journals:
                path.unlink(missing_ok=True)
            if legacy:
                shutil.rmtree(self.files, ignore_errors=True)
        self._states, self._read_journals, self._journal_path = None, [], None

    def accepted_documents(self):
        """Paths of accepted documents, in a stable order."""
        return sorted(self.root.glob("*.json"))

    @staticmethod
    def read_json(path: str | os.PathLike) -> dict | None:
        try:
            with open(path, "rb") as handle:
                return json.loads(handle.read())
        except (OSError, ValueError):
            return None
