"""Tables of bench/evaluate.py: summaries of a run, the two halves, a comparison of two runs.

Tables print with rich (or as Markdown with `markdown=True`, for bench/eval/README.md). Progress
goes to stderr, so the tables can be redirected to a file.
"""

from __future__ import annotations

import shutil
import time
from collections import Counter
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

MAIN_COLUMNS = (  # summary key -> header
    ("P", "P"), ("R", "R"), ("F1", "F1"), ("meanF1", "meanF1"), ("with", "with"), ("without", "without"),
    ("title", "title"), ("author", "author"), ("date", "date"), ("title_lenient", "title~"),
    ("author_lenient", "author~"), ("pages", "pages"), ("empty", "empty"), ("errors", "errors"),
    ("seconds", "s/page"),
)
TABLE_WIDTH = 250
HALF_COLUMNS = ("P", "R", "F1", "meanF1", "with", "without", "title", "author", "date")
CAPTION = ("P, R: mean page precision (pages with output) and recall of word 4-gram shingles (ScrapingHub "
           "metric); F1 = harmonic mean of P and R; meanF1 = mean of page F1. with / without: share of WCXB "
           "snippets kept / left out. title, author, date: exact metadata accuracy (blank: the system gives "
           "none); title~, author~: lenient, secondary. empty: pages with no output.")


def console() -> Console:
    """Stdout, wide enough for the widest table (the halves, about 230 columns), also in a file."""
    return Console(width=max(TABLE_WIDTH, shutil.get_terminal_size().columns), highlight=False)


@contextmanager
def progress_bar(total: int, enabled: bool = True):
    """Yields advance(): a rich progress bar over pages on stderr, or, when stderr is not a terminal
    (a run under nohup), a line every 5% of the pages; nothing when disabled."""
    err = Console(stderr=True)
    if not enabled:
        yield lambda: None
    elif not err.is_terminal:
        yield progress_lines(total, err)
    else:
        columns = (TextColumn("pages"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("left"),
                   TimeRemainingColumn())
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("pages", total=total)
            yield lambda: progress.advance(task)


def progress_lines(total: int, err: Console):
    """advance() for a log file: `pages 40/791, 55 s, about 980 s left` every 5% of the pages."""
    started, done, step = time.perf_counter(), 0, max(1, total // 20)

    def advance() -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            elapsed = time.perf_counter() - started
            err.print(f"pages {done}/{total}, {elapsed:.0f} s, about {elapsed / done * (total - done):.0f} s left",
                      markup=False, highlight=False)

    return advance


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def render(title: str, header: list[str], body: list[list[str]], markdown: bool, caption: str | None = None,
           sections: bool = True) -> None:
    """One table: rich (a line between groups of rows with the same first cell when `sections`), or Markdown."""
    if markdown:  # plain print: a console would wrap long rows
        print(f"**{title}**\n")
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join("---" if i < 2 else "---:" for i in range(len(header))) + "|")
        for row in body:
            print("| " + " | ".join(row) + " |")
        if caption:
            print(f"\n{caption}")
        print()
        return
    table = Table(title=title, caption=caption, caption_justify="left")
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i < 2 else "right", no_wrap=True)
    previous_system = None
    for row in body:
        if sections and previous_system is not None and row[0] != previous_system:
            table.add_section()
        previous_system = row[0]
        table.add_row(*row)
    console().print(table)


def print_summaries(summaries: list[dict], provenance: dict, markdown: bool = False) -> None:
    """The main table (all pages) and the halves table (odd and even page ids)."""
    by_half = {half: [s for s in summaries if s["half"] == half] for half in ("all", "odd", "even")}
    where = (f"{provenance['dataset']}, {by_half['all'][0]['pages'] if by_half['all'] else 0} pages, "
             f"commit {provenance['commit']}{' (dirty)' if provenance.get('dirty') else ''}, {provenance['date'][:10]}")
    render(f"All pages ({where})", ["system", "input"] + [header for _, header in MAIN_COLUMNS],
           [[s["system"], s["input"]] + [cell(s[key]) for key, _ in MAIN_COLUMNS] for s in by_half["all"]],
           markdown, CAPTION)
    odd = {(s["system"], s["input"]): s for s in by_half["odd"]}
    even = {(s["system"], s["input"]): s for s in by_half["even"]}
    if not odd or not even:
        return
    pages = next(iter(odd.values()))["pages"], next(iter(even.values()))["pages"]
    render(f"Halves: odd page ids ({pages[0]} pages) / even page ids ({pages[1]} pages)",
           ["system", "input"] + [f"{key} odd / even" for key in HALF_COLUMNS],
           [[system, kind] + [halves_cell(odd[(system, kind)][key], even[(system, kind)][key]) for key in HALF_COLUMNS]
            for system, kind in odd], markdown)


def halves_cell(odd, even) -> str:
    """`odd / even`, blank when the system gives no such figure."""
    return "" if odd is None and even is None else f"{cell(odd)} / {cell(even)}"


def print_errors(rows: list[dict], shown: int = 20) -> None:
    """How many pages failed per system and input, and the first few errors."""
    errors = [row for row in rows if row["error"]]
    if not errors:
        return
    out = console()
    counts = Counter((row["system"], row["input"]) for row in errors)
    out.print(f"errors: {len(errors)} ({', '.join(f'{s}/{k}: {n}' for (s, k), n in counts.most_common())})", markup=False)
    for row in errors[:shown]:
        out.print(f"  {row['id']} {row['system']} {row['input']}: {row['error']}", markup=False)


# --------------------------------------------------------------------------- comparison
def delta_cell(before, after) -> str:
    """`after change`, e.g. `0.912 +0.004`."""
    if before is None or after is None:
        return cell(after)
    return f"{after:.3f} {after - before:+.3f}"


def print_comparison(before: dict, after: dict, top: int = 10, markdown: bool = False) -> None:
    """Summary deltas per system, input and half; the pages whose F1 or metadata changed most."""
    old = {(s["system"], s["input"], s["half"]): s for s in before["summaries"]}
    new = {(s["system"], s["input"], s["half"]): s for s in after["summaries"]}
    shared = [key for key in new if key in old]
    keys = ("P", "R", "F1", "meanF1", "with", "without", "title", "author", "date")
    render(f"After ({after['provenance']['commit']}, {after['provenance'].get('config') or 'default config'}) vs before "
           f"({before['provenance']['commit']}, {before['provenance'].get('config') or 'default config'}): after, and the change",
           ["system", "input", "half"] + list(keys),
           [list(key) + [delta_cell(old[key][k], new[key][k]) for k in keys] for key in shared], markdown)
    old_rows = {(r["system"], r["input"], r["id"]): r for r in before["rows"]}
    pairs: dict[tuple[str, str], list[tuple[dict, dict]]] = {}
    for row in after["rows"]:
        previous = old_rows.get((row["system"], row["input"], row["id"]))
        if previous is not None:
            pairs.setdefault((row["system"], row["input"]), []).append((previous, row))
    for (system, kind), changed in pairs.items():
        print_page_changes(system, kind, changed, top, markdown)


def print_page_changes(system: str, kind: str, pairs: list[tuple[dict, dict]], top: int, markdown: bool) -> None:
    """Pages of one system and input whose F1 moved most, and those whose metadata verdict flipped."""
    moved = sorted((pair for pair in pairs if abs(pair[1]["f1"] - pair[0]["f1"]) >= 0.0005),
                   key=lambda pair: -abs(pair[1]["f1"] - pair[0]["f1"]))
    tally = Counter((new["half"], "better" if new["f1"] > old["f1"] else "worse") for old, new in moved)
    summary = ", ".join(f"{half}: {tally[(half, 'better')]} better, {tally[(half, 'worse')]} worse" for half in ("odd", "even"))
    if moved:
        render(f"{system} / {kind}: page F1 changed on {len(moved)} pages ({summary}); largest {min(top, len(moved))}",
               ["id", "half", "F1 before", "F1 after", "P before", "P after", "R before", "R after"],
               [[new["id"], new["half"]] + [cell(x) for x in (old["f1"], new["f1"], old["p"], new["p"], old["r"], new["r"])]
                for old, new in moved[:top]], markdown, sections=False)
    flips = [(old, new, field) for old, new in pairs for field in ("title", "author", "date")
             if old[f"{field}_ok"] is not None and old[f"{field}_ok"] != new[f"{field}_ok"]]
    if flips:
        render(f"{system} / {kind}: metadata verdicts changed on {len(flips)} fields", ["id", "half", "field", "before", "after"],
               [[new["id"], new["half"], field, f"{'ok' if old[f'{field}_ok'] else 'wrong'}: {old[field]}",
                 f"{'ok' if new[f'{field}_ok'] else 'wrong'}: {new[field]}"] for old, new, field in flips[: 3 * top]],
               markdown, sections=False)
