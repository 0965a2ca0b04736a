"""The one entry point: raw bytes (or a raw file) to a canonical document, stage by stage.

The command line and the Prefect flows both call these functions, so a file cleaned either way
gives byte-identical JSON.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.decode import decode
from cleaners.document import Document, rejected_file, sha256_of_file
from cleaners.html import extract_html
from cleaners.language import detect_language
from cleaners.metadata import extract_metadata
from cleaners.repair import repair
from cleaners.strip import strip
from cleaners.validate import validate

Stage = Callable[[Document, CleanConfig], Document]


def _stages(data: bytes, learned: frozenset[str]) -> list[tuple[str, Stage]]:
    return [
        ("decode", lambda doc, config: decode(doc, data, config)),
        ("html", lambda doc, config: extract_html(doc, config) if doc.format == "html" else doc),
        ("repair", repair),
        ("strip", lambda doc, config: strip(doc, config, learned)),
        ("metadata", extract_metadata),
        ("language", detect_language),
        ("validate", validate),
    ]


def clean_bytes(
    data: bytes,
    source: str,
    config: CleanConfig = DEFAULT_CONFIG,
    learned: frozenset[str] = frozenset(),
    timings: dict[str, float] | None = None,
) -> Document:
    """Clean one raw document. Never raises: a failing stage becomes a rejection with a reason."""
    doc = Document.for_bytes(data, source)
    for name, stage in _stages(data, learned):
        if doc.status == "rejected" and name != "validate":
            continue
        started = time.perf_counter()
        try:
            doc = stage(doc, config)
        except Exception as error:  # noqa: BLE001 - any failure of a stage is a recorded rejection
            doc.record(name, f"raised_{type(error).__name__}")
            doc.text = ""
            doc.reject("extraction_failed" if name == "html" else "internal_error")
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    return doc


def clean_file(
    path: str | os.PathLike,
    source: str | None = None,
    config: CleanConfig = DEFAULT_CONFIG,
    learned: frozenset[str] = frozenset(),
    timings: dict[str, float] | None = None,
) -> Document:
    """Clean one raw file. Unreadable, vanished and over-large files become rejections, never errors."""
    path = Path(path)
    source = source if source is not None else str(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            return rejected_file(source, "unreadable")
        if size > config.max_bytes:
            return rejected_file(source, "too_large", sha256_of_file(path))
        with open(path, "rb") as handle:
            data = handle.read(config.max_bytes + 1)
    except FileNotFoundError:
        return rejected_file(source, "vanished")
    except OSError:
        return rejected_file(source, "unreadable")
    if len(data) > config.max_bytes:
        return rejected_file(source, "too_large", hashlib.sha256(data).hexdigest())
    return clean_bytes(data, source, config, learned, timings)
