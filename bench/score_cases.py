"""Score the pipeline on the head/trailer case corpus: each family's measures, and the failures.

Every case (`tests/cases/heads/<family>/<id>.json`, format in that folder's README.md) is cleaned
with `clean_bytes` from its `input` encoded with its `input_encoding`; only the `expect` keys a case
gives are judged.

    python bench/score_cases.py [CASES_DIR]                    # the table, per family and overall
    python bench/score_cases.py --json bench/out/after.json    # ... and every case's result
    python bench/score_cases.py --failures datelines           # expected vs got of each failing case
    python bench/score_cases.py --write-known-failures         # the xfail list the tests read
    python bench/score_cases.py --compare before.json after.json
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaners.pipeline import clean_bytes  # noqa: E402

CASES = ROOT / "tests" / "cases" / "heads"
KNOWN_FAILURES = "known_failures.txt"
FIELDS = ("title", "description", "authors", "publisher", "published", "dateline", "agency", "text", "status", "reasons")
ACCURACY_FIELDS = ("title", "description", "published", "dateline", "authors", "agency")
WORD = re.compile(r"\w+")


def load_cases(root: Path = CASES) -> list[dict]:
    """Every case under `root`, ordered by family and id."""
    cases = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(root.glob("*/*.json"))]
    return sorted(cases, key=lambda case: (case["family"], case["id"]))


def read_known_failures(root: Path = CASES) -> set[str]:
    path = root / KNOWN_FAILURES
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


def got_value(doc, field: str):
    """The document's value for a judged field; `published` is compared as a date."""
    value = getattr(doc, field)
    return value[:10] if field == "published" and value else value


def fingerprint(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def standfirst_left(case: dict, text: str) -> bool:
    """The standfirst a lede repeats is still in the text more often than the expected text has it."""
    standfirst = fingerprint(case["expect"].get("description") or "")
    if not standfirst:
        return False
    return fingerprint(text).count(standfirst) > fingerprint(case["expect"].get("text", "")).count(standfirst)


def judge(case: dict) -> dict:
    """Clean the case's input and compare every expected key and substring list."""
    data = case["input"].encode(case.get("input_encoding", "utf-8"))
    doc = clean_bytes(data, f"{case['id']}.txt")
    expect = case["expect"]
    fields = {field: {"expected": expect[field], "got": got_value(doc, field)} for field in FIELDS if field in expect}
    for result in fields.values():
        result["ok"] = result["expected"] == result["got"]
    paragraphs = [p for p in expect.get("text", "").split("\n\n") if p]
    got_paragraphs = set(doc.text.split("\n\n"))
    result = {
        "id": case["id"],
        "family": case["family"],
        "tags": case.get("tags", []),
        "fields": fields,
        "text": doc.text,
        "removed_left": [s for s in case.get("must_remove", []) if s in doc.text],
        "kept_lost": [s for s in case.get("must_keep", []) if s not in doc.text],
        "paragraphs": [sum(p in got_paragraphs for p in paragraphs), len(paragraphs)],
        "backtick": "`" in doc.text,
        "standfirst_left": "repeated_standfirst" in case.get("tags", []) and standfirst_left(case, doc.text),
        "rejected": doc.status == "rejected",
    }
    result["passed"] = all(f["ok"] for f in fields.values()) and not result["removed_left"] and not result["kept_lost"]
    return result


def share(hits: int, total: int) -> str:
    return f"{hits / total:.2f} ({hits}/{total})" if total else "-"


def measures(results: list[dict], cases: dict[str, dict]) -> dict[str, str]:
    """The issue's measures over some results (a family, or all)."""
    row = {"cases": str(len(results)), "passed": share(sum(r["passed"] for r in results), len(results))}
    for field in ACCURACY_FIELDS:
        judged = [r["fields"][field]["ok"] for r in results if field in r["fields"]]
        row[field] = share(sum(judged), len(judged))
    by_outlet = [r["fields"]["publisher"]["ok"] for r in results if "by_outlet" in r["tags"] and "publisher" in r["fields"]]
    row["publisher (By <Outlet>)"] = share(sum(by_outlet), len(by_outlet))
    repeated = [r for r in results if "repeated_standfirst" in r["tags"]]
    row["repeated standfirst left"] = f"{sum(r['standfirst_left'] for r in repeated)} of {len(repeated)}"
    removed = sum(len(cases[r["id"]].get("must_remove", [])) for r in results)
    row["must_remove left"] = share(sum(len(r["removed_left"]) for r in results), removed)
    kept = sum(len(cases[r["id"]].get("must_keep", [])) for r in results)
    row["must_keep kept"] = share(kept - sum(len(r["kept_lost"]) for r in results), kept)
    with_text = [r for r in results if "text" in r["fields"]]
    row["text exact"] = share(sum(r["fields"]["text"]["ok"] for r in with_text), len(with_text))
    row["paragraph recall"] = share(sum(r["paragraphs"][0] for r in results), sum(r["paragraphs"][1] for r in results))
    stubs = [r for r in results if "stub" in r["tags"]]
    row["stubs rejected"] = f"{sum(r['rejected'] for r in stubs)} of {len(stubs)}"
    row["backtick left"] = str(sum(r["backtick"] for r in results))
    return row


def summarize(results: list[dict], cases: dict[str, dict]) -> dict[str, dict[str, str]]:
    families = sorted({r["family"] for r in results})
    table = {family: measures([r for r in results if r["family"] == family], cases) for family in families}
    table["overall"] = measures(results, cases)
    return table


def print_table(table: dict[str, dict[str, str]]) -> None:
    columns = list(table)
    rows = list(next(iter(table.values())))
    width = max(len(row) for row in rows)
    cells = {c: max(len(c), *(len(table[c][row]) for row in rows)) for c in columns}
    print(f"| {'measure':<{width}} | " + " | ".join(f"{c:<{cells[c]}}" for c in columns) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (cells[c] + 2) for c in columns) + "|")
    for row in rows:
        print(f"| {row:<{width}} | " + " | ".join(f"{table[c][row]:<{cells[c]}}" for c in columns) + " |")


def print_failures(results: list[dict], family: str) -> None:
    """Expected vs got of every failing field, the boilerplate left, what was lost, a diff of the text."""
    for r in results:
        if r["passed"] or family not in ("all", r["family"]):
            continue
        print(f"=== {r['id']}")
        for field, f in r["fields"].items():
            if not f["ok"] and field != "text":
                print(f"  {field}: expected {f['expected']!r}\n  {' ' * len(field)}  got      {f['got']!r}")
        for s in r["removed_left"]:
            print(f"  must_remove left: {s!r}")
        for s in r["kept_lost"]:
            print(f"  must_keep lost: {s!r}")
        if "text" in r["fields"] and not r["fields"]["text"]["ok"]:
            diff = difflib.unified_diff(
                r["fields"]["text"]["expected"].split("\n\n"), r["text"].split("\n\n"), "expected", "got", lineterm="", n=1
            )
            print("\n".join(f"  {line[:300]}" for line in diff))


def compare(before: Path, after: Path) -> None:
    """Each family's measures before and after, side by side (only the rows that changed are marked)."""
    a, b = (json.loads(path.read_text(encoding="utf-8"))["summary"] for path in (before, after))
    for family in sorted(set(a) | set(b), key=lambda f: (f == "overall", f)):
        print(f"== {family}")
        for row in b.get(family) or a[family]:
            old, new = a.get(family, {}).get(row, "-"), b.get(family, {}).get(row, "-")
            print(f"  {'*' if old != new else ' '} {row:<26} {old:<18} -> {new}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="?", type=Path, default=CASES, help="the case folder (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="write the summary and every case's result to this file")
    parser.add_argument("--failures", metavar="FAMILY", help="print each failing case of FAMILY (or 'all')")
    parser.add_argument("--write-known-failures", action="store_true", help=f"rewrite CASES/{KNOWN_FAILURES}")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"), help="compare two --json outputs")
    args = parser.parse_args(argv)
    if args.compare:
        compare(*args.compare)
        return 0
    cases = load_cases(args.cases)
    results = [judge(case) for case in cases]
    table = summarize(results, {case["id"]: case for case in cases})
    print_table(table)
    if args.failures:
        print_failures(results, args.failures)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"summary": table, "cases": results}, indent=1, ensure_ascii=False) + "\n")
    if args.write_known_failures:
        failing = sorted(r["id"] for r in results if not r["passed"])
        header = "# cases the pipeline fails today (bench/score_cases.py --write-known-failures); tests xfail them\n"
        (args.cases / KNOWN_FAILURES).write_text(header + "".join(f"{i}\n" for i in failing), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
