"""A run report as Prefect artifact contents and as the one-line summary: plain functions, no Prefect.

`artifacts(report, ...)` returns what the flow publishes: a markdown summary, a table of rejections
(capped, and saying so), a table of the most frequent removal rules and one of the largest
near-duplicate clusters. Keeping the formatting here
lets it be tested without a Prefect server.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.corpus import RunReport

MAX_REJECTION_ROWS = 500
MAX_RULE_ROWS = 25
MAX_MISSING_LINES = 50


@dataclass
class Artifacts:
    """What one flow run publishes: markdown text and two tables, each with a description."""

    summary: str
    rejections: list[dict[str, str]]
    rejections_description: str
    rules: list[dict[str, object]]
    rules_description: str
    near_duplicates: list[dict[str, object]] = field(default_factory=list)
    near_duplicates_description: str = "No near-duplicates."


def accounted_for(report: RunReport) -> bool:
    """Every raw file seen ended as a document, a rejection, or was skipped as unchanged."""
    return report.accepted + report.rejected + report.skipped_unchanged == report.files_seen


def _cell(text: str) -> str:
    """Text that cannot break a markdown table row."""
    return text.replace("|", "\\|").replace("\n", " ")


def summary_markdown(
    report: RunReport, raw_dir: str, clean_dir: str, batches: int = 0, batch_size: int = 0, runner: str = "", sources: str = ""
) -> str:
    """The summary; `sources` (markdown: the sources that changed, flows.monitor) follows the counts."""
    rows = [
        ("files seen", report.files_seen),
        ("accepted", report.accepted),
        ("rejected", f"{report.rejected} (of which {report.duplicates} duplicates, {report.failed} in failed batches)"),
        ("skipped as unchanged", report.skipped_unchanged),
        ("failed", report.failed),
        ("missing from raw (kept)", len(report.missing)),
        ("docs/s", report.docs_per_second),
        ("seconds", report.seconds),
    ]
    if report.near_duplicate_copies or report.near_duplicates_rewritten:
        rows[3:3] = [
            ("near-duplicate clusters (whole folder)", f"{report.near_duplicate_clusters} ({report.near_duplicate_copies} copies)"),
            ("documents settled again", report.near_duplicates_rewritten),
        ]
    if batches:
        rows.append(("batches", f"{batches} of up to {batch_size} files" + (f", {runner}" if runner else "")))
    lines = [
        f"# Corpus run: `{_cell(raw_dir)}` → `{_cell(clean_dir)}`",
        "",
        "| | |",
        "|---|---:|",
        *(f"| {name} | {_cell(str(value))} |" for name, value in rows),
        "",
        "Every raw file is accounted for." if accounted_for(report) else "**Some raw files are not accounted for.**",
    ]
    if sources:
        lines += sources.rstrip("\n").split("\n")
    if report.missing:
        lines += ["", f"## Missing raw files ({len(report.missing)})", ""]
        lines += ["Cleaned in an earlier run, no longer in the raw folder; their documents were kept.", ""]
        lines += [f"- `{_cell(source)}`" for source in report.missing[:MAX_MISSING_LINES]]
        if len(report.missing) > MAX_MISSING_LINES:
            lines.append(f"- ... and {len(report.missing) - MAX_MISSING_LINES} more")
    if report.timings:
        lines += ["", "## Time per stage (seconds, summed over documents)", "", "| stage | seconds |", "|---|---:|"]
        lines += [f"| {_cell(stage)} | {value:.3f} |" for stage, value in sorted(report.timings.items(), key=lambda kv: -kv[1])]
    lines += ["", f"Full report: `{_cell(clean_dir)}/.state/last_run.json`; rejected documents: `{_cell(clean_dir)}/rejected/`."]
    return "\n".join(lines) + "\n"


def rejection_rows(report: RunReport, limit: int = MAX_REJECTION_ROWS) -> tuple[list[dict[str, str]], str]:
    """The first `limit` rejections as table rows, and a description that says when rows were left out."""
    total = len(report.rejections)
    rows = [{"file": source, "reasons": ", ".join(reasons)} for source, reasons in report.rejections[:limit]]
    if total == 0:
        return rows, "No rejected files."
    if total > limit:
        return rows, f"Rejected files: first {limit} of {total} shown (all are in .state/last_run.json)."
    return rows, f"Rejected files: all {total}."


def rule_rows(report: RunReport, limit: int = MAX_RULE_ROWS) -> tuple[list[dict[str, object]], str]:
    """The most frequent removal rules with their counts (most frequent first)."""
    ranked = sorted(report.rules.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = [{"rule": rule, "count": count} for rule, count in ranked[:limit]]
    if not ranked:
        return rows, "No blocks were removed."
    if len(ranked) > limit:
        return rows, f"Removed blocks by rule: top {limit} of {len(ranked)} rules."
    return rows, f"Removed blocks by rule: all {len(ranked)} rules."


def near_duplicate_rows(report: RunReport) -> tuple[list[dict[str, object]], str]:
    """The largest near-duplicate clusters: the kept document and how many copies it has."""
    rows = [
        {
            "kept": row["kept"],
            "source": row.get("source") or "",
            "title": row.get("title") or "",
            "copies": row["copies"],
            "lowest similarity": row["lowest_similarity"],
        }
        for row in report.near_duplicate_largest
    ]
    if not rows:
        return rows, "No near-duplicates."
    return rows, (
        f"Largest near-duplicate clusters: {len(rows)} of {report.near_duplicate_clusters} "
        f"({report.near_duplicate_copies} copies of kept documents in the clean folder)."
    )


def artifacts(
    report: RunReport,
    raw_dir: str,
    clean_dir: str,
    batches: int = 0,
    batch_size: int = 0,
    runner: str = "",
    max_rejection_rows: int = MAX_REJECTION_ROWS,
    max_rule_rows: int = MAX_RULE_ROWS,
    sources: str = "",
) -> Artifacts:
    rejections, rejections_description = rejection_rows(report, max_rejection_rows)
    rules, rules_description = rule_rows(report, max_rule_rows)
    summary = summary_markdown(report, raw_dir, clean_dir, batches, batch_size, runner, sources)
    if len(report.rejections) > max_rejection_rows:
        summary += f"\nThe rejections table shows the first {max_rejection_rows} of {len(report.rejections)} rejected files.\n"
    near, near_description = near_duplicate_rows(report)
    return Artifacts(
        summary=summary,
        rejections=rejections,
        rejections_description=rejections_description,
        rules=rules,
        rules_description=rules_description,
        near_duplicates=near,
        near_duplicates_description=near_description,
    )
