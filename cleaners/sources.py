"""Per-source figures of every run, their history across runs, and which sources changed.

A layout change at a site is silent: its promo lines stay in the text, its bylines stop being
found, or its files start being rejected, and the run still succeeds. So every run measures each
source over the files it cleaned (new and changed files, where a change shows first), keeps the
figures in a history, and compares them with the source's trailing average.

A *source* is the raw folder a file sits in (its path normalised: `raw/` and `raw` are one source);
its `publisher` is the name most of its accepted documents give, when one is known (else the last
one its history knows). Only new and changed files count: a file cleaned again with the same bytes
(because the options, the source's learned lines or the pipeline changed, or `--force`) is not
counted, or the source's old files would hide a layout change in its new ones; nor are files settled
while planning (byte-identical copies, links out of the raw folder, files unreadable when listed).

Figures of one source in one run (rates are fractions, 4 decimals):

    files, accepted, rejected      files the run cleaned, and their verdicts
    reasons                        rejected files by reason (a file with two reasons counts under both);
                                   `near_duplicates` is reasons["near_duplicate"], 0 until that reason exists
    rejection_rate                 rejected / files, near-duplicate copies left out (how much of a source's
                                   news is wire copy others ran too is no sign of its layout)
    boilerplate_share              mean over accepted documents of removed / (text + removed) characters,
                                   every `removed` block counted (head lines such as the title included)
    title_rate, date_rate,         share of accepted documents with a title, a `published` date,
    authors_rate                   at least one author
    rules                          for each removal rule, the share of accepted documents it removed
                                   something from (a site's layout, seen through the rules: when its
                                   trailer changes, the rules that removed the old one stop firing)
    publisher, publisher_share     the most frequent publisher of the accepted documents, and its share

How the figures travel: each worker's per-file outcome carries what they need (`observe`); a
`SourceTallies` adds them up per source in every batch result (plain counts, small enough for Prefect
results); `record_run` turns the run's tallies into figures, compares them with the history and
appends to it. A finishing step that changes a verdict after the workers (say, rejecting near
duplicates) keeps the figures right with `tallies.add(old_outcome, -1)` then `tallies.add(new_outcome)`.

The history: `clean/.state/sources/<key>.json` per source (key: `path_key` of the folder), holding
`{"source": folder, "runs": [...]}` with the last `history_runs` entries (50 by default), oldest
first; every entry is one run's figures plus when it ran, the pipeline key and what moved. Entries
are only ever appended (the oldest dropped beyond the bound), and each file is rewritten whole
through `.tmp/` and renamed, so a killed run leaves the previous history intact.

Comparisons (`MonitorConfig`, the `[monitor]` table of the flow's TOML): a figure is compared when
its denominator (files for the rejection rate, accepted documents for the others) is at least
`min_files` in this run, and at least `min_runs` of the source's earlier runs had that many too;
its baseline is the mean over the last `window` of those runs. A figure has *moved* when

    rejection_rate      it is at least `rejection_ratio` times the baseline and `rejection_points` higher
    boilerplate_share   it differs from the baseline by more than `boilerplate_points`
    title/date/authors  it differs from the baseline by more than `metadata_points`
    rules               a rule's share differs from its baseline by more than `rule_points`
                        (compared as `rule:<name>`; a rule missing from a run counts as 0)

(points are percentage points). A source *changed* in this run when a figure moved that had not
moved in the source's previous comparison of that figure: one change is reported once, not again at
every run while the trailing average catches up with the new layout.
"""

from __future__ import annotations

import json
import os
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cleaners.config import ConfigError
from cleaners.document import Document
from cleaners.store import CleanStore, path_key

NEAR_DUPLICATE = "near_duplicate"
PPM = 1_000_000  # boilerplate shares are summed as whole millionths, so totals do not depend on batch order

# figure -> the count it is a share of (a figure is only compared when that count is large enough)
COMPARED: dict[str, str] = {
    "rejection_rate": "files",
    "boilerplate_share": "accepted",
    "title_rate": "accepted",
    "date_rate": "accepted",
    "authors_rate": "accepted",
}
LABELS = {
    "rejection_rate": "rejected",
    "boilerplate_share": "boilerplate",
    "title_rate": "title",
    "date_rate": "date",
    "authors_rate": "authors",
}


class MonitorConfig(BaseModel):
    """When a source's figures have moved (the `[monitor]` table); defaults measured in BENCHMARKS.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_files: int = Field(20, ge=1, description="A figure is compared only over at least this many files (accepted documents for the shares of accepted).")
    min_runs: int = Field(3, ge=1, description="...and against at least this many earlier runs with that many files.")
    window: int = Field(5, ge=1, description="The trailing average is over the last this many such runs.")
    history_runs: int = Field(50, ge=2, description="Runs kept in each source's history (the oldest are dropped).")
    rejection_ratio: float = Field(2.0, gt=1, description="The rejection rate moved when it is this many times its average...")
    rejection_points: float = Field(10.0, ge=0, description="...and this many percentage points above it.")
    boilerplate_points: float = Field(20.0, gt=0, description="The boilerplate share moved when it differs from its average by more points.")
    metadata_points: float = Field(25.0, gt=0, description="A title, date or authors rate moved when it differs from its average by more points.")
    rule_points: float = Field(50.0, gt=0, description="The share of documents a removal rule fired on moved when it differs from its average by more points.")


DEFAULT_MONITOR = MonitorConfig()


def load_monitor(path: str | os.PathLike | None) -> MonitorConfig:
    """The defaults, overridden by the `[monitor]` table of a TOML file; unknown keys are an error."""
    if path is None:
        return DEFAULT_MONITOR
    try:
        table = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("monitor", {})
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read config {path}: {error}") from error
    unknown = sorted(set(table) - set(MonitorConfig.model_fields))
    if unknown:
        raise ConfigError(f"bad config {path}: unknown [monitor] keys {', '.join(unknown)}")
    try:
        return MonitorConfig(**table)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise ConfigError(f"bad config {path}: [monitor] {problems}") from error


# --- what each file contributes ---------------------------------------------------------------------


def observe(doc: Document) -> dict:
    """What the per-source figures need from one cleaned document (it travels in the file's outcome)."""
    return {
        "publisher": doc.publisher,
        "text_chars": len(doc.text),
        "removed_chars": sum(len(block.text) for block in doc.removed),
        "title": bool(doc.title),
        "date": bool(doc.published),
        "authors": bool(doc.authors),
    }


def source_name(group: str) -> str:
    """The source of a file's group (its folder as scanned), the same however the raw folder was given."""
    return os.path.normpath(group) if group else "."


@dataclass
class SourceTally:
    """One source's counts over some files; adding and merging tallies is exact (integers only)."""

    files: int = 0
    accepted: int = 0
    reasons: Counter = field(default_factory=Counter)
    boilerplate_ppm: int = 0  # sum over accepted documents of their boilerplate share, in millionths
    titled: int = 0
    dated: int = 0
    authored: int = 0
    publishers: Counter = field(default_factory=Counter)
    rule_docs: Counter = field(default_factory=Counter)  # accepted documents each removal rule fired on

    def add(self, outcome: dict, sign: int = 1) -> None:
        self.files += sign
        if outcome["status"] != "accepted":
            self.reasons.update({reason: sign for reason in dict.fromkeys(outcome["reasons"])})
            return
        seen = outcome["figures"]
        self.accepted += sign
        total = seen["text_chars"] + seen["removed_chars"]
        self.boilerplate_ppm += sign * (round(PPM * seen["removed_chars"] / total) if total else 0)
        self.titled += sign * seen["title"]
        self.dated += sign * seen["date"]
        self.authored += sign * seen["authors"]
        if seen["publisher"]:
            self.publishers[seen["publisher"]] += sign
        self.rule_docs.update({rule: sign for rule in outcome["rules"]})

    def merge(self, other: "SourceTally") -> None:
        self.files += other.files
        self.accepted += other.accepted
        self.reasons.update(other.reasons)
        self.boilerplate_ppm += other.boilerplate_ppm
        self.titled += other.titled
        self.dated += other.dated
        self.authored += other.authored
        self.publishers.update(other.publishers)
        self.rule_docs.update(other.rule_docs)

    def figures(self) -> dict:
        """This tally as one run's figures (see the module's docstring); shares of nothing are None."""
        reasons = {reason: count for reason, count in sorted(self.reasons.items()) if count > 0}
        rejected = self.files - self.accepted

        def share(count: int, of: int) -> float | None:
            return round(count / of, 4) if of else None

        publisher, count = max(((p, c) for p, c in self.publishers.items() if c > 0), key=lambda pc: (pc[1], pc[0]), default=(None, 0))
        return {
            "files": self.files,
            "accepted": self.accepted,
            "rejected": rejected,
            "reasons": reasons,
            "near_duplicates": reasons.get(NEAR_DUPLICATE, 0),
            "rejection_rate": share(rejected - reasons.get(NEAR_DUPLICATE, 0), self.files),
            "boilerplate_share": round(self.boilerplate_ppm / PPM / self.accepted, 4) if self.accepted else None,
            "title_rate": share(self.titled, self.accepted),
            "date_rate": share(self.dated, self.accepted),
            "authors_rate": share(self.authored, self.accepted),
            "publisher": publisher,
            "publisher_share": share(count, self.accepted),
            "rules": {rule: share(count, self.accepted) for rule, count in sorted(self.rule_docs.items()) if count > 0},
        }


class SourceTallies(dict):
    """source name -> SourceTally, for the files a batch (or a whole run) cleaned."""

    def add(self, outcome: dict, sign: int = 1) -> None:
        """Count one file's outcome (sign -1 takes it back); outcomes without a group are not counted."""
        group = outcome.get("group")
        if group is None:
            return
        name = source_name(group)
        tally = self.get(name)
        if tally is None:
            tally = self[name] = SourceTally()
        tally.add(outcome, sign)

    def merge(self, other: "SourceTallies") -> None:
        for name, tally in other.items():
            if name in self:
                self[name].merge(tally)
            else:
                self[name] = SourceTally()
                self[name].merge(tally)


# --- comparing a run with the history -----------------------------------------------------------------


@dataclass
class Comparison:
    """One figure of one source: now, its trailing average, the change, and whether it moved."""

    figure: str
    now: float | None
    before: float | None  # the trailing average (None: no earlier run with enough files)
    runs: int  # earlier runs in the average
    compared: bool  # enough files now and enough earlier runs
    moved: bool = False
    new: bool = False  # moved now, and had not moved in the previous comparison of this figure
    severity: float = 0.0  # the change over its threshold: 1 or more is past it

    @property
    def change(self) -> float | None:
        """The change in percentage points."""
        return None if self.now is None or self.before is None else round(100 * (self.now - self.before), 2)


@dataclass
class SourceStatus:
    """A source in one run: its figures, each compared figure, and what that means."""

    source: str
    figures: dict
    comparisons: dict[str, Comparison]
    status: str  # changed | still changed | steady | learning | too few files
    history: str  # the history file, relative to the clean folder
    publisher: str | None = None  # this run's publisher, or the last one the history knows

    @property
    def changed(self) -> list[str]:
        """Figures that moved in this run for the first time (what an alert reports)."""
        return [name for name, c in self.comparisons.items() if c.new]

    @property
    def severity(self) -> float:
        return max((c.severity for c in self.comparisons.values()), default=0.0)

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "publisher": self.publisher,
            "status": self.status,
            "changed": self.changed,
            "moved": [name for name, c in self.comparisons.items() if c.moved],
            "severity": round(self.severity, 3),
            "figures": self.figures,
            "comparisons": {
                name: {"now": c.now, "before": c.before, "change_points": c.change, "runs": c.runs, "compared": c.compared, "moved": c.moved}
                for name, c in self.comparisons.items()
            },
            "history": self.history,
        }


RULE = "rule:"  # the comparisons of the rules' shares are named rule:<name>


def label(figure: str) -> str:
    """The short name of a compared figure in tables, logs and alerts."""
    return f"rule {figure[len(RULE):]}" if figure.startswith(RULE) else LABELS[figure]


def value_of(entry: dict, figure: str) -> float | None:
    """A figure of one run's entry; a rule the run did not fire counts as 0 (when it accepted documents)."""
    if figure.startswith(RULE):
        return entry.get("rules", {}).get(figure[len(RULE) :], 0.0) if entry.get("accepted") else None
    return entry.get(figure)


def denominator_of(figure: str) -> str:
    return "accepted" if figure.startswith(RULE) else COMPARED[figure]


def _severity(figure: str, now: float, before: float, config: MonitorConfig) -> tuple[bool, float]:
    """Whether the figure moved, and how far towards (or past) its threshold it went (1.0 = at it)."""
    points = 100 * (now - before)
    if figure == "rejection_rate":
        if points <= 0:
            return False, 0.0
        ratio_reached = now / (config.rejection_ratio * before) if before > 0 else float("inf")
        points_reached = points / config.rejection_points if config.rejection_points else float("inf")
        moved = now >= config.rejection_ratio * before and points >= config.rejection_points
        return moved, min(ratio_reached, points_reached, 99.0)
    if figure.startswith(RULE):
        limit = config.rule_points
    else:
        limit = config.boilerplate_points if figure == "boilerplate_share" else config.metadata_points
    return abs(points) > limit, abs(points) / limit


def compare(figures: dict, earlier: list[dict], config: MonitorConfig = DEFAULT_MONITOR) -> dict[str, Comparison]:
    """Each figure of this run against the trailing average of the earlier entries (oldest first).

    A figure's trailing average is over the last `window` earlier runs whose count for it (files, or
    accepted documents) reached `min_files`; the figure is compared when this run's count reached it
    too and there are at least `min_runs` such runs.
    """
    rules = set(figures.get("rules", {})) | {rule for entry in earlier[-config.window :] for rule in entry.get("rules", {})}
    comparisons = {}
    for figure in [*COMPARED, *(RULE + rule for rule in sorted(rules))]:
        denominator = denominator_of(figure)
        counting = [entry for entry in earlier if entry.get(denominator, 0) >= config.min_files and value_of(entry, figure) is not None]
        window = counting[-config.window :]
        now = value_of(figures, figure)
        before = round(sum(value_of(entry, figure) for entry in window) / len(window), 4) if window else None
        enough = now is not None and figures.get(denominator, 0) >= config.min_files and len(window) >= config.min_runs
        comparison = Comparison(figure, now, before, len(window), enough)
        if now is not None and before is not None:
            moved, comparison.severity = _severity(figure, now, before, config)
            comparison.moved = enough and moved
            previous_moves = counting[-1].get("moved", []) if counting else []
            comparison.new = comparison.moved and figure not in previous_moves
            if not enough:
                comparison.severity = min(comparison.severity, 0.99)  # shown, never ranked above a comparison that counts
        comparisons[figure] = comparison
    return comparisons


def status_of(figures: dict, comparisons: dict[str, Comparison], config: MonitorConfig) -> str:
    if any(c.new for c in comparisons.values()):
        return "changed"
    if any(c.moved for c in comparisons.values()):
        return "still changed"
    if any(c.compared for c in comparisons.values()):
        return "steady"
    if figures["files"] < config.min_files:
        return "too few files"
    return "learning"


STATUS_ORDER = {"changed": 0, "still changed": 1, "steady": 2, "learning": 3, "too few files": 4}


def worst_first(statuses: list[SourceStatus]) -> list[SourceStatus]:
    """Sources that changed first, then by how far their figures moved against the thresholds, then by size."""
    return sorted(statuses, key=lambda s: (STATUS_ORDER.get(s.status, 9), -s.severity, -s.figures["files"], s.source))


# --- the history ----------------------------------------------------------------------------------------


def history_path(store: CleanStore, source: str) -> Path:
    return store.state / "sources" / f"{path_key(source)}.json"


def read_history(store: CleanStore, source: str) -> list[dict]:
    """The source's earlier entries, oldest first ([] when there are none or the file is unreadable)."""
    data = store.read_json(history_path(store, source))
    runs = data.get("runs") if isinstance(data, dict) else None
    return [entry for entry in runs if isinstance(entry, dict)] if isinstance(runs, list) else []


def append_history(store: CleanStore, source: str, earlier: list[dict], entry: dict, keep: int) -> None:
    """Write the source's history as `earlier` (as read) plus one run's entry, keeping the last `keep`;
    atomic (`.tmp/` and rename)."""
    path = history_path(store, source)
    path.parent.mkdir(parents=True, exist_ok=True)
    runs = (earlier + [entry])[-keep:]
    store.write_atomic(path, json.dumps({"source": source, "runs": runs}, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n")


def record_run(
    store: CleanStore,
    tallies: SourceTallies,
    config: MonitorConfig = DEFAULT_MONITOR,
    run: str = "",
    pipeline: str = "",
    now: float | None = None,
) -> list[SourceStatus]:
    """Compare every source this run cleaned with its history, append the run to it; worst first."""
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))
    statuses = []
    for source in sorted(tallies):
        figures = tallies[source].figures()
        if figures["files"] <= 0:
            continue
        earlier = read_history(store, source)
        comparisons = compare(figures, earlier, config)
        status = SourceStatus(
            source, figures, comparisons, status_of(figures, comparisons, config),
            str(history_path(store, source).relative_to(store.root)),
            figures["publisher"] or next((e["publisher"] for e in reversed(earlier) if e.get("publisher")), None),
        )
        entry = {"at": at, "run": run, "pipeline": pipeline, **figures, "moved": [n for n, c in comparisons.items() if c.moved]}
        append_history(store, source, earlier, entry, config.history_runs)
        statuses.append(status)
    return worst_first(statuses)


# --- words --------------------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def describe_changes(status: dict) -> str:
    """`boilerplate 31.2% -> 4.1%, authors 92.0% -> 8.0% (average of 5 runs)` for a status's changed figures."""
    parts = [
        f"{label(name)} {percent(status['comparisons'][name]['before'])} -> {percent(status['comparisons'][name]['now'])}"
        for name in status["changed"]
    ]
    runs = max((status["comparisons"][name]["runs"] for name in status["changed"]), default=0)
    return ", ".join(parts) + f" (average of {runs} runs)"


def changed_lines(sources: list[dict]) -> list[str]:
    """One line per source that changed in this run (what the command line prints)."""
    lines = []
    for status in sources:
        if status["changed"]:
            publisher = status.get("publisher")
            lines.append(f"source changed: {status['source']}{f' ({publisher})' if publisher else ''}: {describe_changes(status)}")
    return lines
