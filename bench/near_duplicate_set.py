#!/usr/bin/env python3
"""A near-duplicate set with known answers, made from real article bodies.

Each base article becomes a *story* published by one outlet (head, byline, date line, body, an
agency credit) and republished by others the way news sites do it: another head and byline, a promo
trailer, the story trimmed from the bottom to 40-70%, a word or a sentence changed, a paragraph cut
from the middle, a dateline prefix, a long block of site boilerplate (real boilerplate: the
`without` snippets of other pages). Every copy of a story shares its label.

Distinct stories that share text and must not be merged get labels of their own:
- a *follow-up*: new reporting (another real article) that reuses two background paragraphs of the story;
- *another agency's report of the same event*: another article carrying two or three of the story's sentences (its quotes);
- *short stories with one shared boilerplate block*: two short articles of one outlet ending with the same block;
- and every other article (real articles of many sites, several on the same topics).

Articles come from a folder of WCXB ground truth (`ground-truth/*.json`, `main_content`) or from a
JSON list of `{text, title, author, date, without}` (the test-sized sample in tests/data/). The
set is written as raw text files, one folder per outlet, and `truth.json` ({source: label, kind}).

    python bench/near_duplicate_set.py /path/to/wcxb-dev --out /tmp/ndset
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

OUTLETS = [
    "agency-wire", "zee-news", "daily-ledger", "metro-wire", "northern-herald", "global-dispatch",
    "city-chronicle", "press-online", "the-courier", "evening-post", "news-today", "the-observer",
]
NAMES = [
    "Anna Petrova", "Boris Okafor", "Carla Lindqvist", "David Moreau", "Elena Tanaka", "Farid Haddad",
    "Grace Kowalski", "Hiroshi Brennan", "Irina Castillo", "Jamal Novak", "Katrin Sato", "Lucas Fischer",
]
DATELINES = ["NEW DELHI (PTI) -", "LONDON (Reuters) -", "WASHINGTON (AP) -", "PARIS, March 3 (AFP) -", "Mumbai:"]
PROMOS = [
    "{site} App: Read latest news of India and world, business updates, cricket scores, etc. Download the {site} app now to keep up with daily breaking news.",
    "Download the {site} app: App Store | Google Play",
    "Sign up for our daily briefing newsletter in your inbox",
    "Follow us on Twitter and Instagram",
    "Share this article: Facebook | Twitter | WhatsApp | Email",
    "(With inputs from PTI)",
    "Subscribe now to support independent journalism",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[A-Z\"“])")
WORD = re.compile(r"\b[a-z]{4,}\b")


def load_articles(path: Path) -> list[dict]:
    """Articles from a WCXB-style folder (ground-truth/*.json) or a JSON list; bodies of at least 60 words."""
    if path.is_dir():
        articles = []
        for file in sorted((path / "ground-truth").glob("*.json")):
            data = json.loads(file.read_text(encoding="utf-8"))
            truth = data["ground_truth"]
            articles.append(
                {
                    "id": data.get("file_id", file.stem),
                    "text": truth.get("main_content") or "",
                    "title": truth.get("title") or "",
                    "author": truth.get("author") or "",
                    "date": truth.get("publish_date") or "",
                    "without": truth.get("without") or [],
                }
            )
    else:
        articles = json.loads(path.read_text(encoding="utf-8"))["articles"]
    return distinct([a for a in articles if len(a["text"].split()) >= 60])


def distinct(articles: list[dict]) -> list[dict]:
    """Articles whose bodies share less than a fifth of their 5-word shingles with an earlier one (a
    benchmark may hold the same article twice, or a page and its syndicated copy)."""
    kept, owners = [], {}
    for article in articles:
        tokens = re.findall(r"\w+", article["text"].lower())
        shingles = {" ".join(tokens[i : i + 5]) for i in range(max(1, len(tokens) - 4))}
        shared = {}
        for shingle in shingles:
            for owner in owners.get(shingle, ()):
                shared[owner] = shared.get(owner, 0) + 1
        if any(count >= 0.2 * len(shingles) for count in shared.values()):
            continue
        for shingle in shingles:
            owners.setdefault(shingle, []).append(len(kept))
        kept.append(article)
    return kept


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def story_body(article: dict, rng: random.Random) -> list[str]:
    """The article's first paragraphs, up to a news-like length (median about 3.8 KB)."""
    target = min(9000, max(1200, int(rng.lognormvariate(8.25, 0.45))))
    body, size = [], 0
    for paragraph in paragraphs_of(article["text"]):
        if size >= target:
            break
        body.append(paragraph)
        size += len(paragraph) + 2
    return body


def words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def trim_bottom(body: list[str], share: float) -> list[str]:
    """The first `share` of the words, the last paragraph cut at a sentence end (an outlet fitting its space)."""
    budget = max(30, int(words(body) * share))
    kept = []
    for paragraph in body:
        count = len(paragraph.split())
        if count <= budget:
            kept.append(paragraph)
            budget -= count
            continue
        sentences = SENTENCE.split(paragraph)
        part = []
        for sentence in sentences:
            if len(" ".join(part + [sentence]).split()) > budget:
                break
            part.append(sentence)
        if part:
            kept.append(" ".join(part))
        break
    return kept or body[:1]


def change_words(body: list[str], rng: random.Random, vocabulary: list[str]) -> list[str]:
    """One to three words replaced (an editor's touch), or one sentence rewritten."""
    body = list(body)
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(body))
            found = list(WORD.finditer(body[i]))
            if found:
                match = rng.choice(found)
                body[i] = body[i][: match.start()] + rng.choice(vocabulary) + body[i][match.end() :]
    else:
        i = rng.randrange(len(body))
        sentences = SENTENCE.split(body[i])
        j = rng.randrange(len(sentences))
        sentences[j] = f"The {rng.choice(vocabulary)} was {rng.choice(vocabulary)}, officials said on {rng.choice(MONTHS)} {rng.randint(1, 28)}."
        body[i] = " ".join(sentences)
    return body


def boilerplate_block(pool: list[str], rng: random.Random, low: int = 80, high: int = 250) -> list[str]:
    """Real boilerplate snippets of other pages, `low` to `high` words in a few lines."""
    target, lines, count = rng.randint(low, max(low, high)), [], 0
    while count < target:
        snippet = rng.choice(pool)
        lines.append(snippet)
        count += len(snippet.split())
    return lines


def head(title: str, rng: random.Random, outlet: str, date: str, copy: bool) -> list[str]:
    if copy:
        title = rng.choice([title, f"{title} | {outlet.replace('-', ' ').title()}", f"WATCH: {title}", title.upper(), " ".join(title.split()[: max(3, len(title.split()) * 2 // 3)])])
    byline = rng.choice([f"By {rng.choice(NAMES)}", f"{outlet.replace('-', ' ').title()} Staff", f"By {rng.choice(NAMES)} and {rng.choice(NAMES)}", "PTI"])
    lines = [title or "News", byline]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date or ""):
        year, month, day = date.split("-")
        lines.append(rng.choice([f"Updated: {MONTHS[int(month) - 1]} {int(day)}, {year}", f"Published {date}", f"{int(day)} {MONTHS[int(month) - 1]} {year}"]))
    return lines


def render(lines_head: list[str], body: list[str], trailer: list[str]) -> str:
    return "\n\n".join(lines_head + body + trailer) + "\n"


def synthetic_articles(articles: list[dict], count: int, seed: int = 1) -> list[dict]:
    """`count` distinct stories of real sentences, for corpora larger than the real articles: each takes
    real sentences of many articles (so two of them share no passage), a real-length body, a real title
    and a real page's boilerplate snippets."""
    rng = random.Random(f"synthetic:{seed}")
    sentences = [s for a in articles for p in paragraphs_of(a["text"]) for s in SENTENCE.split(p) if len(s.split()) >= 6]
    made = []
    for number in range(count):
        source = rng.choice(articles)
        target, paragraphs, size = min(9000, max(1200, int(rng.lognormvariate(8.25, 0.45)))), [], 0
        while size < target:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        day = rng.randint(0, 700)
        made.append(
            {
                "id": f"s{number:06d}",
                "text": "\n\n".join(paragraphs),
                "title": source["title"],
                "author": source["author"],
                "date": f"{2024 + day // 365}-{(day % 365) // 31 % 12 + 1:02d}-{day % 28 + 1:02d}",
                "without": source["without"],
            }
        )
    return made


def build(articles: list[dict], out: Path, seed: int = 1, reserve_share: float = 0.3, copy_weights: tuple = (20, 30, 25, 15, 10)) -> dict:
    """Write the set into `out/raw/<outlet>/` and `out/truth.json`; return a description.

    `copy_weights`: how often a story has 0, 1, 2, 3 or 5 copies."""
    rng = random.Random(seed)
    articles = list(articles)
    rng.shuffle(articles)
    reserved_count = max(4, int(len(articles) * reserve_share))
    reserved, stories = articles[:reserved_count], articles[reserved_count:]
    spare = iter(reserved)  # articles for new text: each is used once, so distinct stories stay distinct
    pool = [s for a in articles for s in a["without"] if 3 <= len(s.split()) <= 60] or ["Home | News | Sport | Contact us | Privacy policy"]
    vocabulary = sorted({w for a in articles[:50] for w in WORD.findall(a["text"].lower())}) or ["matter"]
    if (out / "raw").exists():
        shutil.rmtree(out / "raw")
    truth: dict[str, dict] = {}
    counters: dict[str, int] = {}

    def add(outlet: str, text: str, label: str, kind: str) -> None:
        counters[outlet] = counters.get(outlet, 0) + 1
        folder = out / "raw" / outlet
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{counters[outlet]:06d}.txt"
        path.write_text(text, encoding="utf-8")
        truth[f"raw/{outlet}/{path.name}"] = {"label": label, "kind": kind}

    for number, article in enumerate(stories):
        label = f"story-{article['id']}"
        body = story_body(article, rng)
        if words(body) < 150:  # too short to be republished in parts: a story of its own
            add(rng.choice(OUTLETS), render(head(article["title"], rng, "", article["date"], False), body, []), label, "original")
            continue
        outlets = rng.sample(OUTLETS, 6)
        credit = [rng.choice(["PTI", "(Reuters)", "AFP", "-- AP"])]
        add(outlets[0], render(head(article["title"], rng, outlets[0], article["date"], False), body, credit), label, "original")
        copies = rng.choices([0, 1, 2, 3, 5], weights=copy_weights)[0]
        for outlet in outlets[1 : 1 + copies]:
            copy = list(body)
            changes = []
            if rng.random() < 0.5:
                copy = trim_bottom(copy, rng.uniform(0.4, 0.7))
                changes.append("trimmed")
            if len(copy) > 3 and rng.random() < 0.3:
                copy.pop(rng.randrange(1, len(copy) - 1))
                changes.append("paragraph_cut")
            if rng.random() < 0.5:
                copy = change_words(copy, rng, vocabulary)
                changes.append("edited")
            if rng.random() < 0.3:
                copy[0] = f"{rng.choice(DATELINES)} {copy[0]}"
                changes.append("dateline")
            trailer = []
            if rng.random() < 0.6:
                trailer = [rng.choice(PROMOS).format(site=outlet.replace("-", " ").title()) for _ in range(rng.randint(1, 2))]
                changes.append("promo")
            if rng.random() < 0.3:  # as long as a quarter to 60% of what is left of the story
                size = words(copy)
                block = boilerplate_block(pool, rng, max(40, min(250, size // 4)), max(40, min(250, size * 3 // 5)))
                if rng.random() < 0.7:
                    trailer = block + trailer
                else:
                    copy = copy[:1] + block + copy[1:]
                changes.append("boilerplate")
            add(outlet, render(head(article["title"], rng, outlet, article["date"], True), copy, trailer), label, "copy:" + ",".join(changes or ["head"]))
        # distinct stories that share text with this one
        # two neighbouring background paragraphs, at most 30% of the story; new reporting at least twice as long
        pairs = [body[i : i + 2] for i in range(1, len(body) - 1) if min(len(p.split()) for p in body[i : i + 2]) >= 20]
        pairs = [pair for pair in pairs if words(pair) <= 0.3 * words(body)]
        if pairs and rng.random() < 0.2 and (other := next(spare, None)):
            reused = rng.choice(pairs)
            new = []
            for paragraph in story_body(other, rng):
                if words(new) >= max(2 * words(reused), 120) and len(new) >= 3:
                    break
                new.append(paragraph)
            followup = new[:2] + reused + new[2:]
            outlet = rng.choice(outlets)
            add(outlet, render(head(other["title"], rng, outlet, article["date"], False), followup, []), f"followup-{article['id']}", "followup")
        quotes = [s for p in body for s in SENTENCE.split(p) if ('"' in s or "“" in s) and len(s.split()) >= 8]
        sentences = quotes or [s for p in body for s in SENTENCE.split(p) if len(s.split()) >= 10]
        if len(sentences) >= 2 and rng.random() < 0.15 and (other := next(spare, None)):
            report = story_body(other, rng)[: rng.randint(4, 10)]
            for sentence in rng.sample(sentences, min(len(sentences), rng.randint(2, 3))):
                i = rng.randrange(len(report))
                report[i] = f"{report[i]} {sentence}"
            outlet = rng.choice(outlets)
            add(outlet, render(head(article["title"], rng, outlet, article["date"], True), report, []), f"report-{article['id']}", "other_report")
    left = list(spare)
    for number in range(0, len(left) - 1, 2):  # short stories of one outlet ending with one shared block
        block = boilerplate_block(pool, rng, 60, 150)
        outlet = rng.choice(OUTLETS)
        for other in left[number : number + 2]:
            short = trim_bottom(story_body(other, rng), 1.0)
            short = trim_bottom(short, min(1.0, rng.randint(120, 300) / max(1, words(short))))
            add(outlet, render(head(other["title"], rng, outlet, other["date"], False), short, block), f"short-{other['id']}", "shared_block")

    (out / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True), encoding="utf-8")
    kinds: dict[str, int] = {}
    for entry in truth.values():
        kind = entry["kind"].split(":")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return {"articles": len(articles), "documents": len(truth), "kinds": kinds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("articles", type=Path, help="a WCXB-style folder (ground-truth/*.json) or a JSON file of articles")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stories", type=int, default=0, help="that many synthetic stories of real sentences instead of the articles themselves")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    articles = load_articles(args.articles)
    if args.stories:
        articles = synthetic_articles(articles, args.stories, args.seed)
    print(json.dumps(build(articles, args.out, args.seed), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
