"""The canonical document (schema version 2) that every stage fills in and the writer serialises."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cleaners import __version__

SCHEMA_VERSION = 2  # 2: near_duplicate_of, near_duplicate_similarity
SCHEMA_PATH = Path(__file__).with_name("document.schema.json")


class RemovedBlock(BaseModel):
    """A block of text a rule took out of `text`, kept so that "why is this line gone?" has an answer."""

    model_config = ConfigDict(extra="forbid")

    text: str
    rule: str


class Change(BaseModel):
    """A step that changed something: the stage it ran in, its name, and how many times it applied."""

    model_config = ConfigDict(extra="forbid")

    stage: str
    step: str
    count: int = 1


class Document(BaseModel):
    """One cleaned news document. Missing values are null or [], never guesses."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    id: str = Field(description="First 16 hex digits of the SHA-256 of the raw bytes.")
    source: str = Field(description="The raw file's path as it was given.")
    source_sha256: str
    format: Literal["text", "html"] | None = None
    encoding: str | None = None
    status: Literal["accepted", "rejected"] = "accepted"
    reasons: list[str] = Field(default_factory=list, description="Why the document was rejected.")
    title: str | None = None
    description: str | None = None
    authors: list[str] = Field(default_factory=list)
    publisher: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or date-time.")
    url: str | None = None
    dateline: str | None = None
    agency: str | None = None
    language: str | None = None
    language_probability: float | None = None
    text: str = ""
    removed: list[RemovedBlock] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    duplicate_of: str | None = Field(
        default=None, description="For a rejected byte-identical copy: the source of the kept document."
    )
    near_duplicate_of: str | None = Field(
        default=None, description="For a copy of another document's story: the id of its cluster's kept document."
    )
    near_duplicate_similarity: float | None = Field(
        default=None, description="For a near-duplicate: the share of the shorter text found in the longer (containment, estimated from MinHash)."
    )
    pipeline_version: str = __version__
    schema_version: int = SCHEMA_VERSION

    @classmethod
    def for_bytes(cls, data: bytes, source: str) -> "Document":
        """A blank document whose identity comes from the raw bytes."""
        digest = hashlib.sha256(data).hexdigest()
        return cls(id=digest[:16], source=source, source_sha256=digest)

    def record(self, stage: str, step: str, count: int = 1) -> None:
        """Note that `step` of `stage` changed something `count` times."""
        if count:
            self.changes.append(Change(stage=stage, step=step, count=count))

    def remove(self, text: str, rule: str) -> None:
        """Keep a removed block with the rule that removed it."""
        self.removed.append(RemovedBlock(text=text, rule=rule))

    def reject(self, *reasons: str) -> None:
        """Mark the document rejected, adding reasons once each."""
        self.status = "rejected"
        for reason in reasons:
            if reason not in self.reasons:
                self.reasons.append(reason)

    def to_json(self) -> str:
        """The canonical serialisation: the same bytes whoever writes the document."""
        return self.model_dump_json(indent=2) + "\n"


def json_schema() -> dict:
    """The JSON Schema of the canonical document."""
    return Document.model_json_schema()


def write_schema(path: Path = SCHEMA_PATH) -> None:
    """Regenerate the shipped schema file (a test checks it is current)."""
    path.write_text(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", encoding="utf-8")


def rejected_file(source: str, reason: str, digest: str | None = None) -> Document:
    """A rejection for a file whose bytes could not (or must not) be cleaned."""
    digest = digest or hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()
    doc = Document(id=digest[:16], source=source, source_sha256=digest)
    doc.reject(reason)
    return doc


def sha256_of_file(path: str | os.PathLike) -> str:
    """The SHA-256 of a regular file, in hex (see `file_digest`)."""
    return file_digest(path).hex()


def file_digest(path: str | os.PathLike, chunk: int = 1 << 20) -> bytes:
    """The SHA-256 of a regular file, 32 bytes, read in chunks (a file over the size limit is never held in memory).

    Anything else (a FIFO, a device, a folder) raises OSError instead of blocking or reading forever.
    """
    digest = hashlib.sha256()
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise OSError(f"not a regular file: {path}")
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.digest()
