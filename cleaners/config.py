"""One options object for every stage; defaults here, a partial TOML file overrides only its own keys."""

from __future__ import annotations

import hashlib
import tomllib
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

# Options of the run's finishing step only: changing one settles the clusters again, it never cleans a file again.
NEAR_DUPLICATE_OPTIONS = frozenset({"near_duplicates", "near_duplicate_threshold", "near_duplicate_band_rows"})


class CleanConfig(BaseModel):
    """What the pipeline may decide differently from one corpus to another."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed_languages: tuple[str, ...] = Field(("en",), description="ISO 639-1 codes; empty accepts any.")
    min_words: int = Field(40, description="Fewer words than this is too_short.")
    max_bytes: int = Field(10 * 1024 * 1024, description="Larger raw files are rejected unread.")
    doc_timeout_seconds: float = Field(30.0, description="Per-document time limit in batch runs.")
    language_sample_chars: int = Field(1000, description="Language is detected on this prefix of the text.")
    language_trials: int = Field(3, description="langdetect's random trials (its default is 7; 3 halves the cost).")
    min_language_letters: int = Field(60, description="Less text than this gets no language at all.")
    min_language_probability: float = Field(0.5, description="A less certain guess is no language.")
    date_languages: tuple[str, ...] = Field(("en",), description="Languages dateparser tries on date lines.")
    earliest_date: str = Field("1995-01-01", description="Dates before this are treated as extraction errors.")
    learn_min_docs: int = Field(3, description="A line must repeat in at least this many documents of a source.")
    learn_min_share: float = Field(0.02, description="...and in at least this share of the source's documents.")
    html_fast: bool = Field(
        False,
        description="trafilatura fast mode, without its fallback extractors (WCXB dev, 791 pages: body F1 0.919 fast, 0.934 with them; bench/eval/README.md).",
    )
    html_favor_precision: bool = Field(False, description="trafilatura favor_precision (WCXB dev: body F1 0.920 against 0.934 without).")
    html_favor_recall: bool = Field(
        False,
        description="trafilatura favor_recall (WCXB dev: body F1 0.936 against 0.934, but it loses whole articles on some "
        "pages, recall 0.96 -> 0.12 on one, and breaks paragraphs at inline tags; bench/eval/README.md).",
    )
    html_include_tables: bool = Field(True, description="trafilatura include_tables (WCXB dev: body F1 0.927 without tables, 0.934 with).")
    near_duplicates: Literal["reject", "mark", "off"] = Field(
        "reject",
        description="Copies of a kept story: rejected (reason near_duplicate, kept in rejected/), marked (accepted, fields filled), or not looked for.",
    )
    near_duplicate_threshold: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Same story when this share of the shorter text is found in the longer (containment; chosen by bench/near_duplicates.py).",
    )
    near_duplicate_band_rows: int = Field(
        2, ge=1, le=4, description="LSH band width: signature values per band (2: 64 bands of the 128; chosen by bench/near_duplicates.py)."
    )

    def key(self) -> str:
        """A short hash of every cleaning option: a changed option means a document must be cleaned again.

        The near-duplicate options are left out: they change how the finished run settles clusters, not a cleaned document."""
        return hashlib.sha256(self.model_dump_json(exclude=set(NEAR_DUPLICATE_OPTIONS)).encode()).hexdigest()[:16]


DEFAULT_CONFIG = CleanConfig()


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or names unknown options."""


def load_config(path: str | Path | None) -> CleanConfig:
    """Defaults, overridden by the `[cleaners]` table (or the top level, other tables aside) of a TOML file."""
    if path is None:
        return DEFAULT_CONFIG
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from error
    data = data.get("cleaners", {key: value for key, value in data.items() if key not in ("flow", "monitor")})
    try:
        return CleanConfig(**data)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"bad config {path}: {problems}") from error
