#!/usr/bin/env python3
"""Copy a small, reproducible sample of the WCXB dev split into the repository (for CI tests).

    .venv/bin/python bench/eval/make_wcxb_sample.py /work/shared/wcxb-dev

Pages are drawn with a fixed seed: NEWS pages from news publishers (judged from the URL: a host in
NEWS_HOSTS, or a page the dataset tags `news`) and OTHER pages from the rest (blogs, guides, reviews),
each group sorted by id before the draw. Pages over MAX_PAGE_BYTES (uncompressed) are left out, so
that scoring the sample stays fast. Files are copied unchanged (html/<id>.html.gz,
ground-truth/<id>.json), with the dataset's LICENSE, and a README listing the pages is written.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import wcxb  # noqa: E402

SEED = 2026
NEWS, OTHER = 28, 12
MAX_PAGE_BYTES = 500_000
# Newspapers, broadcasters, news sites and trade or tech press found among the dev split's hosts.
NEWS_HOSTS = {
    "abc7ny.com", "bdcnetwork.com", "bgr.com", "bssnews.net", "businessweekly.co.uk", "cio.com",
    "cnx-software.com", "commercialappeal.com", "dynamicbusiness.com", "echolive.ie",
    "economictimes.indiatimes.com", "edweek.org", "eurogamer.net", "freightwaves.com",
    "gameinformer.com", "hechingerreport.org", "helpnetsecurity.com", "ign.com",
    "insurancebusinessmag.com", "iotinsider.com", "itbrief.news", "mashable.com", "movieweb.com",
    "nbcnews.com", "newsweek.com", "nextgov.com", "npr.org", "pcworld.com", "quantamagazine.org",
    "restaurantbusinessonline.com", "roadandtrack.com", "scientificamerican.com",
    "scottishconstructionnow.com", "securityinfowatch.com", "securityweek.com", "sfist.com",
    "siliconangle.com", "statnews.com", "talkandroid.com", "technologymagazine.com",
    "theatlantic.com", "thecolumbiastar.com", "theguardian.com", "thequietus.com",
    "timesofindia.indiatimes.com", "today.com", "topgear.com", "travelnoire.com", "usatoday.com",
    "webpronews.com", "xda-developers.com",
}


def host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def is_news(dataset: Path, page: wcxb.Page) -> bool:
    """A news publisher's page: known host, or tagged `news` by the dataset."""
    record = json.loads((dataset / "ground-truth" / f"{page.id}.json").read_text(encoding="utf-8"))
    tags = {tag.strip().lower() for tag in record.get("_internal", {}).get("page_type", {}).get("tags", [])}
    return host(page.url) in NEWS_HOSTS or "news" in tags


def small_enough(page: wcxb.Page) -> bool:
    with gzip.open(page.html_path) as handle:
        return len(handle.read(MAX_PAGE_BYTES + 1)) <= MAX_PAGE_BYTES


def choose(dataset: Path, seed: int = SEED, news: int = NEWS, other: int = OTHER) -> list[tuple[wcxb.Page, str]]:
    """(page, group) of the drawn pages, in id order."""
    pages = [page for page in wcxb.load_pages(dataset) if small_enough(page)]
    groups = {"news": [p for p in pages if is_news(dataset, p)], "other": [p for p in pages if not is_news(dataset, p)]}
    rng = random.Random(seed)
    chosen = [(page, "news") for page in rng.sample(groups["news"], news)]
    chosen += [(page, "other") for page in rng.sample(groups["other"], other)]
    return sorted(chosen, key=lambda pair: pair[0].id)


README = """# WCXB sample: {count} real article pages with human-reviewed gold (for CI)

A sample of the **development split of WCXB v1.0**, the Web Content eXtraction Benchmark by
**Murrough Foley (2026)**, licence **CC-BY-4.0** (see LICENSE here). Upstream: the GitHub repository
Murrough-Foley/web-content-extraction-benchmark, commit c039d5ee9f5a, `dev` split, pages of type
`article`. Files are copied unchanged: `html/<id>.html.gz` (the page as fetched) and
`ground-truth/<id>.json` (`url`, `ground_truth{{title, author, publish_date, main_content, with[],
without[]}}`).

`tests/test_evaluation.py` scores newsclean on it (`bench/evaluate.py`); the full dev split is not in
the repository.

## How the pages were chosen

`bench/eval/make_wcxb_sample.py` (seed {seed}): {news} pages drawn from the news publishers' pages
(a host in the script's `NEWS_HOSTS`, or tagged `news` by the dataset) and {other} from the other
pages (blogs, guides, reviews, service pages), pages over {max_kb} KB uncompressed left out.

| id | group | url |
|---|---|---|
{rows}
"""


def write_sample(dataset: Path, out: Path, chosen: list[tuple[wcxb.Page, str]], seed: int) -> None:
    for folder in ("html", "ground-truth"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True)
    for page, _ in chosen:
        shutil.copyfile(page.html_path, out / "html" / page.html_path.name)
        shutil.copyfile(dataset / "ground-truth" / f"{page.id}.json", out / "ground-truth" / f"{page.id}.json")
    shutil.copyfile(dataset / "LICENSE", out / "LICENSE")
    rows = "\n".join(f"| {page.id} | {group} | {page.url} |" for page, group in chosen)
    news = sum(1 for _, group in chosen if group == "news")
    (out / "README.md").write_text(README.format(count=len(chosen), seed=seed, news=news, other=len(chosen) - news,
                                                 max_kb=MAX_PAGE_BYTES // 1000, rows=rows), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="the WCXB dev split (WCXB layout, with LICENSE)")
    parser.add_argument("--out", type=Path, default=HERE / "wcxb-sample")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    chosen = choose(args.dataset, args.seed)
    write_sample(args.dataset, args.out, chosen, args.seed)
    size = sum(path.stat().st_size for path in args.out.rglob("*") if path.is_file())
    print(f"{len(chosen)} pages into {args.out} ({size / 1e6:.1f} MB): {' '.join(page.id for page, _ in chosen)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
