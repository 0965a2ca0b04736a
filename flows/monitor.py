"""Each source's health across runs, in the Prefect UI: a table artifact, links in the summary, events.

The figures, the history and the decisions are the library's (`cleaners.sources`, in the report's
`sources`, worst first); this module only shows them:

- a table artifact (key `corpus-sources`): every source the run cleaned, each figure beside its
  trailing average and the change, worst first;
- a section for the summary artifact that links the sources that changed to that table;
- for every source that changed, a Prefect event `newsclean.source.changed` on the resource
  `newsclean.source.<folder>` with the figures before (trailing average) and after (this run),
  and a warning in the run's log. The run itself stays Completed.

Resource ids: `newsclean.source.` + the folder as the report names it (normalised, e.g. `raw/ledger`),
with `/` written as `.` and every character other than ASCII letters, digits, `_`, `-` and `.`
written as `_`; when a character had to be replaced (or the folder is `.`, `..` or absolute), 8 hex
digits of the folder's SHA-256 are appended after a `-`, so two such folders cannot share an id. So
`raw/ledger` is `newsclean.source.raw.ledger` and `raw/Le Monde` is
`newsclean.source.raw.Le_Monde-<hash>`. The exact folder is in the resource's
`newsclean.source.folder` label and its name.

Formatting is plain functions (tested without Prefect); `publish_sources` does the Prefect calls.
"""

from __future__ import annotations

import hashlib
import re

from cleaners.sources import COMPARED, RULE, describe_changes, label, percent

EVENT = "newsclean.source.changed"
RESOURCE_PREFIX = "newsclean.source."
ARTIFACT_KEY = "corpus-sources"
MAX_SOURCE_ROWS = 200
MAX_RULES_SHOWN = 2
UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def resource_id(folder: str) -> str:
    """The event resource id of a source folder (see the module's docstring)."""
    parts = [part for part in folder.split("/") if part]
    lossy = folder.startswith("/") or not parts
    safe = []
    for part in parts or ["_"]:
        cleaned = UNSAFE.sub("_", part)
        if cleaned != part or part in (".", ".."):
            lossy = True
            cleaned = cleaned.replace(".", "_") if part in (".", "..") else cleaned
        safe.append(cleaned)
    slug = ".".join(safe)
    if lossy:
        slug += "-" + hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return RESOURCE_PREFIX + slug


def _cell(comparison: dict) -> str:
    """`4% (avg 31%, -27)`: now, its trailing average and the change in points (whole numbers: the
    table is read at a glance; the history and the event hold the exact figures); or just now."""
    now, before = comparison["now"], comparison["before"]
    if now is None:
        return "-"
    if before is None:
        return f"{100 * now:.0f}%"
    return f"{100 * now:.0f}% (avg {100 * before:.0f}%, {round(comparison['change_points']):+d})"


def _status(status: dict) -> str:
    if status["status"] == "changed":
        return "changed: " + ", ".join(label(name) for name in status["changed"])
    if status["status"] == "still changed":
        return "still changed: " + ", ".join(label(name) for name in status["moved"])
    if status["status"] == "learning":
        runs = max((c["runs"] for c in status["comparisons"].values()), default=0)
        return f"learning ({runs} earlier runs)"
    return status["status"]


def _rules_cell(status: dict) -> str:
    """The rules whose share moved most, worst first: `newsletter_promo 95.0% (avg ...)`."""
    rules = [(name, c) for name, c in status["comparisons"].items() if name.startswith(RULE) and c["change_points"] is not None]
    rules.sort(key=lambda item: (-abs(item[1]["change_points"]), item[0]))
    return "; ".join(f"{name[len(RULE):]} {_cell(c)}" for name, c in rules[:MAX_RULES_SHOWN]) or "-"


def table_rows(sources: list[dict], limit: int = MAX_SOURCE_ROWS) -> tuple[list[dict[str, object]], str]:
    """One row per source, in the report's order (worst first), and the table's description."""
    rows = []
    for status in sources[:limit]:
        figures = status["figures"]
        comparisons = status["comparisons"]
        row: dict[str, object] = {
            "source": status["source"],
            "status": _status(status),
            "files": f"{figures['files']} ({figures['accepted']} accepted)",
        }
        row.update({label(name): _cell(comparisons[name]) for name in COMPARED})
        row["rules that moved most"] = _rules_cell(status)
        row["near-duplicates"] = figures.get("near_duplicates", 0)
        row["rejected by reason"] = ", ".join(f"{reason} {count}" for reason, count in figures["reasons"].items()) or "-"
        row["publisher"] = status.get("publisher") or "-"
        rows.append(row)
    changed = changed_sources(sources)
    names = ", ".join(status["source"] for status in changed[:3]) + (", ..." if len(changed) > 3 else "")
    description = (
        (f"{len(changed)} of {len(sources)} sources changed ({names})" if changed else f"No source changed ({len(sources)} cleaned)")
        + ". Each figure (% of files, or of accepted documents) beside its trailing average over the source's last runs "
        "and the change in points; worst first."
    )
    if len(sources) > limit:
        description += f" First {limit} of {len(sources)} shown (all are in .state/last_run.json)."
    return rows, description


def changed_sources(sources: list[dict]) -> list[dict]:
    return [status for status in sources if status["status"] == "changed"]


def summary_section(sources: list[dict], table_url: str | None = None) -> str:
    """Markdown for the summary artifact: the sources that changed, each linked to the sources table."""
    def link(text: str) -> str:
        shown = text.replace("|", "\\|").replace("[", "\\[").replace("]", "\\]")
        return f"[{shown}]({table_url})" if table_url else f"`{shown}`"

    changed = changed_sources(sources)
    table = f"[{ARTIFACT_KEY}]({table_url})" if table_url else f"`{ARTIFACT_KEY}`"
    if not changed:
        compared = sum(1 for status in sources if status["status"] in ("steady", "still changed"))
        return f"\n## Sources\n\nNo source changed ({len(sources)} cleaned, {compared} compared with their history; table: {table}).\n"
    lines = ["", f"## Sources that changed ({len(changed)})", ""]
    for status in changed:
        publisher = status.get("publisher")
        lines.append(f"- {link(status['source'])}{f' ({publisher})' if publisher else ''}: {describe_changes(status)}")
    lines += ["", f"Every source with its figures and trailing averages: {table}. An event `{EVENT}` was sent for each.", ""]
    return "\n".join(lines)


def event_resource(status: dict) -> dict[str, str]:
    resource = {
        "prefect.resource.id": resource_id(status["source"]),
        "prefect.resource.name": status["source"],
        "newsclean.source.folder": status["source"],
    }
    if status.get("publisher"):
        resource["newsclean.source.publisher"] = status["publisher"]
    return resource


def event_payload(status: dict, clean_dir: str) -> dict:
    """The figures before (the trailing average) and after (this run), and what moved."""
    comparisons = status["comparisons"]
    before = {name: comparisons[name]["before"] for name in COMPARED}
    before["rules"] = {name[len(RULE):]: c["before"] for name, c in comparisons.items() if name.startswith(RULE) and c["before"] is not None}
    before["runs"] = max((comparisons[name]["runs"] for name in status["changed"]), default=0)
    return {
        "source": status["source"],
        "publisher": status.get("publisher"),
        "changed": status["changed"],
        "moved": {
            name: {key: comparisons[name][key] for key in ("before", "now", "change_points", "runs")}
            for name in status["changed"]
        },
        "before": before,
        "after": status["figures"],
        "clean_dir": clean_dir,
        "history": status["history"],
    }


def publish_sources(sources: list[dict], clean_dir: str, logger) -> str:
    """The sources table artifact, an event and a warning per changed source; returns the summary's section."""
    from prefect.artifacts import create_table_artifact
    from prefect.events import emit_event
    from prefect.settings import get_current_settings

    rows, description = table_rows(sources)
    artifact_id = create_table_artifact(rows, key=ARTIFACT_KEY, description=description)
    ui_url = get_current_settings().ui_url
    table_url = f"{ui_url.rstrip('/')}/artifacts/artifact/{artifact_id}" if ui_url and artifact_id else None
    for status in changed_sources(sources):
        logger.warning("source %s changed: %s; event %s sent", status["source"], describe_changes(status), EVENT)
        emit_event(event=EVENT, resource=event_resource(status), payload=event_payload(status, clean_dir))
    return summary_section(sources, table_url)
