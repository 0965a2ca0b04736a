"""The `[flow]` table of a newsclean TOML file (run parameters), its `[cleaners]` table (CleanConfig) and
its `[monitor]` table (MonitorConfig: when a source's figures have moved)."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from cleaners.config import DEFAULT_CONFIG, CleanConfig, ConfigError, load_config
from cleaners.sources import MonitorConfig, load_monitor

DEFAULT_FILE = Path(__file__).with_name("newsclean.toml")

DEFAULT_BATCH_SIZE = 500  # files per Prefect task: each task costs the client and the server CPU (10k files: 200 -> 500 was 0.89x -> 0.93x the CLI's speed)
DEFAULT_WORKERS = os.cpu_count() or 1  # each worker's batch runs in its own child process

FLOW_DEFAULTS: dict[str, object] = {
    "raw_dir": "raw",
    "clean_dir": "clean",
    "cron": "0 * * * *",
    "batch_size": DEFAULT_BATCH_SIZE,
    "workers": DEFAULT_WORKERS,
    "export_jsonl": None,
    "export_near_duplicates": False,
}


def _read(path: str | os.PathLike) -> dict:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from error


def flow_settings(path: str | os.PathLike | None) -> dict[str, object]:
    """The defaults, overridden by the file's `[flow]` table; unknown keys are an error."""
    settings = dict(FLOW_DEFAULTS)
    if path is None:
        return settings
    table = _read(path).get("flow", {})
    unknown = sorted(set(table) - set(FLOW_DEFAULTS))
    if unknown:
        raise ConfigError(f"bad config {path}: unknown [flow] keys {', '.join(unknown)}")
    settings.update(table)
    for name in ("batch_size", "workers"):
        if not isinstance(settings[name], int) or settings[name] < 1:
            raise ConfigError(f"bad config {path}: [flow] {name} must be a whole number of at least 1")
    return settings


def cleaner_config(path: str | os.PathLike | None) -> CleanConfig:
    """The cleaner options of a file: its `[cleaners]` table; a file with only `[flow]` means the defaults.

    `cleaners.config.load_config` reads the `[cleaners]` table, or the whole file when it has none,
    so a file holding only a `[flow]` table would be read as unknown cleaner options.
    """
    if path is None:
        return DEFAULT_CONFIG
    data = _read(path)
    if "cleaners" not in data and ("flow" in data or "monitor" in data):
        return DEFAULT_CONFIG
    return load_config(path)


def monitor_config(path: str | os.PathLike | None) -> MonitorConfig:
    """The thresholds of a file's `[monitor]` table over the defaults; unknown keys are an error."""
    return load_monitor(path)
