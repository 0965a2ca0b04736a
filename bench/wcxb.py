"""A folder in WCXB layout: `html/<id>.html.gz` (page bytes, gzip) and `ground-truth/<id>.json`.

WCXB is the Web Content eXtraction Benchmark (Murrough Foley, 2026, CC-BY-4.0). A ground-truth file
holds `url` and `ground_truth{title, author, publish_date, main_content, with[], without[]}`.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Page:
    """One page of the dataset: its id, URL, gold fields and where its bytes are."""

    id: str
    url: str | None
    gold: dict
    html_path: Path

    def html(self) -> bytes:
        """The page as fetched (gunzipped, not decoded)."""
        return gzip.decompress(self.html_path.read_bytes())

    @property
    def half(self) -> str:
        """`odd` or `even`, from the numeric id: the two halves scored apart to catch overfitting."""
        return "odd" if int(self.id) % 2 else "even"


def load_page(dataset: Path, page_id: str) -> Page:
    record = json.loads((dataset / "ground-truth" / f"{page_id}.json").read_text(encoding="utf-8"))
    return Page(page_id, record.get("url"), record["ground_truth"], dataset / "html" / f"{page_id}.html.gz")


def page_ids(dataset: Path) -> list[str]:
    """Ids of the pages that have both a ground-truth file and the page, sorted."""
    gold = {path.stem for path in (dataset / "ground-truth").glob("*.json")}
    pages = {path.name.removesuffix(".html.gz") for path in (dataset / "html").glob("*.html.gz")}
    return sorted(gold & pages)


def load_pages(dataset: Path, ids: list[str] | None = None, limit: int | None = None) -> list[Page]:
    """The dataset's pages (only `ids` when given, at most `limit`), in id order."""
    available = page_ids(dataset)
    if ids:
        missing = sorted(set(ids) - set(available))
        if missing:
            raise ValueError(f"no such page in {dataset}: {', '.join(missing)}")
        available = [page_id for page_id in available if page_id in set(ids)]
    if limit is not None:
        available = available[:limit]
    return [load_page(dataset, page_id) for page_id in available]
