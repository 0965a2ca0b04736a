"""Write golden expectations for raw samples: `python tests/update_golden.py raw/NAME ...`.

A golden is reviewed by a person before it is committed; an existing golden is never overwritten
without --force (the seeds' goldens come from the project's specification and are never regenerated).
"""

import argparse
import json
from pathlib import Path

from cleaners.pipeline import clean_file

GOLDEN = Path(__file__).resolve().parent / "golden"
FIELDS = ("status", "reasons", "format", "title", "description", "authors", "publisher", "published", "url",
          "dateline", "agency", "language", "text")
METADATA_RULES = {"title", "byline", "date_line", "dateline_prefix", "repeated_standfirst"}


def golden_for(path: Path) -> dict:
    doc = clean_file(path, f"raw/{path.name}")
    golden = {"source": path.name, **{field: getattr(doc, field) for field in FIELDS}}
    removed = [block.text[:80] for block in doc.removed if block.rule not in METADATA_RULES and len(block.text.split()) >= 3]
    golden["removed_must_include"] = list(dict.fromkeys(removed))
    return golden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args()
    for path in args.paths:
        target = GOLDEN / f"{path.stem}.json"
        if target.exists() and not args.force:
            print(f"kept {target.name} (exists; --force to overwrite)")
            continue
        target.write_text(json.dumps(golden_for(path), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {target.name}")


if __name__ == "__main__":
    main()
