"""Plain-text news files of a few "sources", each with its own layout, for the monitoring measurements.

A source is a raw folder whose files share a layout: a title line, a byline in the site's form, a
date line in the site's form, the article, and the site's trailer lines (share rows, newsletter and
app promos, copyright). Articles come either from real article bodies (the WCXB development split's
gold text, `wcxb_articles`) or, for tests and demos, from generated English sentences
(`synthetic_articles`). `Layout.changed(kind)` gives the layout after a site change:

    trailer   the trailer lines no rule knows, different in every file (so no learning catches them)
    byline    the byline in a form the cleaner does not recognise ("Anna Petrova | Staff writer")
    rejected  files cut to a teaser of a few words (rejected as too short)

Used by bench/monitor_noise.py, tests/test_sources.py, tests/test_source_events.py and
flows/ui_check.py; nothing here is needed to run newsclean.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class Article:
    title: str
    author: str | None
    published: str | None  # YYYY-MM-DD
    body: str  # paragraphs separated by a blank line


@dataclass(frozen=True)
class Layout:
    """How one site dresses its articles as plain-text files."""

    folder: str
    site: str
    byline: str | None = "By {author}"  # None: the site prints no byline
    date_line: str | None = "Published: {date:%B %d, %Y}"
    trailer: tuple[str, ...] = ()  # each line appears in a file with probability `trailer_rate`
    trailer_rate: float = 0.9
    varying_trailer: bool = False  # trailer lines that name another article (no rule, no learning)
    teaser_words: int = 0  # >0: the article is cut to this many words

    def changed(self, kind: str) -> "Layout":
        if kind == "trailer":
            return replace(self, trailer=(), varying_trailer=True)
        if kind == "byline":
            return replace(self, byline="{author} | Staff writer")
        if kind == "rejected":
            return replace(self, teaser_words=25)
        raise ValueError(f"unknown change {kind!r}")

    def dress(self, article: Article, rng: random.Random, others: list[Article] = ()) -> str:
        """The article as this site's plain-text file."""
        lines = [article.title]
        if self.byline and article.author:
            lines.append(self.byline.format(author=article.author, site=self.site))
        if self.date_line and article.published:
            lines.append(self.date_line.format(date=date.fromisoformat(article.published), site=self.site))
        body = article.body
        if self.teaser_words:
            body = " ".join(body.split()[: self.teaser_words]) + " ..."
        lines.append(body)
        year = (article.published or "2025")[:4]
        for line in self.trailer:
            if rng.random() < self.trailer_rate:
                lines.append(line.format(site=self.site, year=year))
        if self.varying_trailer:
            picks = rng.sample(list(others), min(2, len(others))) if others else []
            lines += [f"{self.site} readers also liked {other.title.rstrip('.')}, in the {rng.choice(SECTIONS)} pages" for other in picks]
            lines.append(f"Tell {self.site} what you make of {article.title.rstrip('.?!')} at letters{rng.randint(1, 99)}@{self.folder}.example")
        return "\n\n".join(lines) + "\n"


SECTIONS = ["business", "sport", "culture", "science", "world", "opinion", "travel", "food"]

# Six sites, each with a different head and trailer; the rules know every trailer line here.
LAYOUTS = (
    Layout("ledger", "The Daily Ledger", trailer=("Share this article", "Sign up for our daily newsletter to get the top stories in your inbox.", "\u00a9 {year} The Daily Ledger. All rights reserved."), trailer_rate=0.95),
    Layout("metro", "Metro Wire", byline="By: {author}", date_line="{date:%Y-%m-%d}", trailer=("Follow us on Twitter and Facebook", "Download the Metro Wire app on the App Store and Google Play."), trailer_rate=0.8),
    Layout("herald", "Northern Herald", date_line="Updated {date:%d %B %Y}", trailer=("Advertisement", "Subscribe now for unlimited access.", "Copyright {year} Northern Herald"), trailer_rate=0.7),
    Layout("dispatch", "Global Dispatch", byline=None, trailer=("Facebook Twitter LinkedIn Email Print",), trailer_rate=0.9),
    Layout("chronicle", "City Chronicle", date_line="{date:%b %d, %Y}", trailer=("Leave a comment", "Sign up for the City Chronicle newsletter in your inbox."), trailer_rate=0.85),
    Layout("press", "Press Online", byline="Posted by {author}", date_line=None, trailer=("Share on WhatsApp", "This article was first published on Press Online."), trailer_rate=0.9),
)


def wcxb_articles(folder: str | Path) -> list[Article]:
    """Real articles from the WCXB development split's gold (`ground-truth/*.json`, CC-BY-4.0)."""
    articles = []
    for path in sorted(Path(folder).glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        if gold.get("main_content", "").strip() and gold.get("title"):
            author = (gold.get("author") or "").strip() or None
            published = gold.get("publish_date") or ""
            published = published if len(published) == 10 else None  # a few give only a year and month
            articles.append(Article(gold["title"].strip(), author, published, gold["main_content"].strip()))
    return articles


FIRST = ["Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiroshi", "Irina", "Jamal", "Katrin", "Lucas", "Maria", "Pedro", "Rosa", "Samir"]
LAST = ["Petrova", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Brennan", "Castillo", "Novak", "Fischer", "Mensah"]
SUBJECTS = ["The city council", "The regional government", "A group of local residents", "The transport authority", "Hospital managers",
            "The school board", "Farmers in the valley", "The national weather service", "Union leaders", "The museum's new director"]
VERBS = ["approved", "rejected", "delayed", "announced", "criticised", "welcomed", "questioned", "defended", "reviewed", "postponed"]
OBJECTS = ["a plan to rebuild the old bridge", "the budget for next year", "new rules for parking in the centre",
           "a proposal to extend the tram line", "the closure of two branch libraries", "a study of flood risks along the river",
           "higher fees for waste collection", "the timetable for the summer season", "funding for a new sports hall",
           "changes to the hospital's night shifts"]
TAILS = ["after a long debate on Tuesday evening", "despite objections from several members", "following months of public consultation",
         "in a statement released on Monday", "at a crowded meeting in the town hall", "without giving a date for a final decision",
         "citing rising costs and a shortage of staff", "after residents collected thousands of signatures"]


def synthetic_articles(count: int, seed: int = 0) -> list[Article]:
    """Distinct English articles of 80-160 words made of plausible local-news sentences."""
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        paragraphs = []
        for _ in range(rng.randint(4, 6)):
            sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}." for _ in range(rng.randint(2, 3))]
            paragraphs.append(" ".join(sentences))
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (report {seed}-{number})"
        author = f"{rng.choice(FIRST)} {rng.choice(LAST)}" if rng.random() < 0.9 else None
        published = date(2025, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        articles.append(Article(title, author, published, "\n\n".join(paragraphs)))
    return articles


def write_files(folder: Path, layout: Layout, articles: list[Article], rng: random.Random, prefix: str) -> list[Path]:
    """Dress `articles` in `layout` as `folder/<prefix>-<n>.txt`; returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, article in enumerate(articles):
        path = folder / f"{prefix}-{number:04d}.txt"
        path.write_text(layout.dress(article, rng, articles), encoding="utf-8")
        paths.append(path)
    return paths
