"""Stage 7, write: the layout of the clean folder and atomic writes into it.

    clean/<id>.json                 accepted documents (the folder is a corpus as it stands)
    clean/rejected/<id>.json        rejected documents, with their reasons
    clean/rejected/<id>.dup-<key>.json   byte-identical copies of a kept document
    clean/.state/files/<key>.json   per raw file: what was cleaned, with which settings (incremental runs)
    clean/.state/learned/<key>.json lines learned as boilerplate of one source folder
    clean/.state/sources/<key>.json each source folder's figures over its last runs (cleaners.sources)
    clean/.state/last_run.json      the report of the last run
    clean/.state/near_duplicates/index.npz   near-duplicate signatures and clusters (cleaners.near_duplicates)
    clean/.tmp/                     temporary files, renamed into place when complete
    clean/.lock                     held by the run that writes the folder

Every file is written to `.tmp/` first and renamed into place, so a killed run leaves no partial
file where a reader looks. Names come from ids and hashes of paths, never from document content.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
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
        self.tmp = self.root / ".tmp"
        self._root, self._files, self._tmp = str(self.root), str(self.files), str(self.tmp)  # per-document paths are built as strings

    def prepare(self) -> None:
        """Create the folders; clear temporary files a killed run may have left."""
        for folder in (self.root, self.rejected, self.files, self.learned, self.tmp):
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

    def state_path(self, source: str) -> str:
        return f"{self._files}/{path_key(source)}.json"

    def recorded_keys(self) -> set[str]:
        """The path keys of every raw file an earlier run recorded."""
        return {entry.name[:-5] for entry in os.scandir(self.files) if entry.name.endswith(".json")}

    def read_state(self, source: str) -> dict | None:
        return self.read_json(self.state_path(source))

    def write_state(self, source: str, entry: dict) -> None:
        self.write_atomic(self.state_path(source), json.dumps(entry, sort_keys=True))

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
