#!/usr/bin/env python3
"""Build a benchmark corpus of N distinct news documents (plain text and HTML) from the project's samples.

Seeds: every file in raw/ (plain text, whole-page text dumps, HTML pages) and, if present, the
real pages of bench/eval/wcxb-sample/html/*.html.gz (WCXB dev split). Each document is one seed varied deterministically: paragraphs
shuffled, dropped, duplicated or borrowed from another seed of the same kind; names swapped; all
dates shifted together (metadata stays consistent); promo/share/credit lines added. Document i
depends only on (seed, i), so a corpus of 10k documents is the prefix of one of 100k. Every
document has distinct bytes (a rare collision is varied again), since the pipeline deduplicates
byte-identical copies.

Layout: DIR/src-<seed>/<index>.txt|.html, one folder per seed (a "source" for the pipeline's
per-folder learning), and DIR/.corpus.json (hidden, so the pipeline skips it) with the parameters.
A corpus that exists with the same parameters and seeds is reused, not regenerated.

    python bench/make_corpus.py --docs 10000 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import shutil
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = 2

FIRST_NAMES = [
    "Anna", "Boris", "Carla", "David", "Elena", "Farid", "Grace", "Hiroshi", "Irina", "Jamal", "Katrin",
    "Lucas", "Maria", "Nikolai", "Olga", "Pedro", "Quentin", "Rosa", "Samir", "Tatiana", "Umar", "Vera",
    "Walter", "Ximena", "Yusuf", "Zofia", "Priya", "Kwame", "Lena", "Mateo",
]
SURNAMES = [
    "Petrova", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Brennan", "Castillo",
    "Novak", "Sato", "Fischer", "Mensah", "Ivanov", "Romero", "Nguyen", "Schmidt", "Costa", "Rahman",
    "Dubois", "Hughes", "Volkov", "Adeyemi", "Larsen", "Ortega", "Kim", "Bauer", "Silva", "Patel", "Quinn",
]
PROMOS = [
    "Share this article: Facebook | Twitter | WhatsApp | Email",
    "Facebook Twitter LinkedIn Email Print",
    "Download the {site} app: App Store | Google Play",
    "Sign up for our daily briefing newsletter in your inbox",
    "ALSO READ: {name} on what comes next",
    "Advertisement",
    "Story continues below advertisement",
    "(With inputs from PTI)",
    "Reporting by {name}; editing by {name2}",
    "Follow us on Twitter and Instagram",
    "Read more: {name} says talks will continue",
    "Subscribe now to support independent journalism",
    "\u00a9 {year} {site}. All rights reserved.",
    "Photo: {name} / {site}",
    "Leave a comment",
]
SITES = ["The Daily Ledger", "Metro Wire", "Northern Herald", "Global Dispatch", "City Chronicle", "Press Online"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
MONTH_INDEX = {name.lower(): i + 1 for i, name in enumerate(MONTHS)} | {name[:3].lower(): i + 1 for i, name in enumerate(MONTHS)}
LONG_DATE = re.compile(r"\b(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d{2})\b")
ISO_DATE = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b")
PROPER = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{3,}\b")
HTML_P = re.compile(r"<p\b[^>]*>.*?</p>", re.S | re.I)
EARLIEST, LATEST = date(1997, 1, 1), date(2024, 12, 31)


@dataclass(frozen=True)
class Seed:
    name: str  # folder-safe
    kind: str  # "text" or "html"
    text: str
    encoding: str = "utf-8"  # variants are written back in the seed's encoding (cp1252 seeds stay cp1252)


def sniff_html(text: str) -> bool:
    head = text[:4096].lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def find_seeds(repo: Path = REPO) -> list[Seed]:
    """raw/* and bench/eval/wcxb-sample/html/*.html.gz, sorted by path; undecodable files are skipped."""
    paths = sorted(p for p in (repo / "raw").glob("*") if p.is_file() and not p.name.startswith("."))
    paths += sorted((repo / "bench" / "eval" / "wcxb-sample" / "html").glob("*.html.gz"))
    seeds, seen = [], set()
    for path in paths:
        try:
            data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        except OSError:
            continue
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            continue
        if not text.strip() or hashlib.sha256(data).digest() in seen:
            continue
        seen.add(hashlib.sha256(data).digest())
        kind = "html" if sniff_html(text) else "text"
        stem = f"wcxb-{path.name.removesuffix('.html.gz')}" if path.suffix == ".gz" else path.stem
        name = re.sub(r"[^A-Za-z0-9_-]+", "-", stem)[:40]
        seeds.append(Seed(name, kind, text, encoding))
    return seeds


def seeds_digest(seeds: list[Seed]) -> str:
    digest = hashlib.sha256()
    for seed in seeds:
        digest.update(f"{seed.name}\0{seed.kind}\0{seed.encoding}\0".encode())
        digest.update(hashlib.sha256(seed.text.encode()).digest())
    return digest.hexdigest()[:16]


# --- variations ----------------------------------------------------------------------------------


def shift_dates(text: str, delta: timedelta) -> str:
    """Move every `Month DD, YYYY` and `YYYY-MM-DD` date by the same delta (clamped to a plausible range)."""

    def moved(year: int, month: int, day: int) -> date | None:
        try:
            new = date(year, month, day) + delta
        except ValueError:
            return None
        return min(max(new, EARLIEST), LATEST)

    def long_date(match: re.Match) -> str:
        month = MONTH_INDEX.get(match.group("month").lower()[:3])
        new = moved(int(match.group("year")), month or 0, int(match.group("day"))) if month else None
        if new is None:
            return match.group()
        sep = "," if "," in match.group() else ""
        day = f"{new.day:02d}" if len(match.group("day")) == 2 else str(new.day)
        return f"{MONTHS[new.month - 1]} {day}{sep} {new.year}"

    def iso_date(match: re.Match) -> str:
        new = moved(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        return match.group() if new is None else new.isoformat()

    return ISO_DATE.sub(iso_date, LONG_DATE.sub(long_date, text))


def swap_names(text: str, sample: str, rng: random.Random) -> str:
    """Replace a few capitalised words seen mid-sentence in `sample` (names, places) everywhere in `text`."""
    candidates = sorted(set(PROPER.findall(sample)))
    if not candidates:
        return text
    chosen = rng.sample(candidates, min(len(candidates), rng.randint(1, 4)))
    mapping = {old: rng.choice(FIRST_NAMES + SURNAMES) for old in chosen}
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(mapping, key=len, reverse=True))) + r")\b")
    return pattern.sub(lambda m: mapping[m.group()], text)


def promo_line(rng: random.Random) -> str:
    return rng.choice(PROMOS).format(
        site=rng.choice(SITES), name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
        name2=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}", year=rng.randint(2000, 2024),
    )


def vary_blocks(blocks: list[str], donor: list[str], rng: random.Random, head: int, make_promo) -> list[str]:
    """Shuffle neighbours, drop, duplicate, borrow from a donor, add promos; the first `head` blocks stay first."""
    top, body = blocks[:head], blocks[head:]
    if len(body) >= 2:
        for _ in range(rng.randint(0, 3)):  # swap neighbouring paragraphs
            i = rng.randrange(len(body) - 1)
            body[i], body[i + 1] = body[i + 1], body[i]
    for _ in range(rng.randint(0, 2) if len(body) > 4 else 0):  # drop
        body.pop(rng.randrange(len(body)))
    if body and rng.random() < 0.3:  # duplicate one paragraph
        i = rng.randrange(len(body))
        body.insert(i + 1, body[i])
    if donor and rng.random() < 0.5:  # borrow a few paragraphs from another seed of the same kind
        start = rng.randrange(len(donor))
        for block in donor[start : start + rng.randint(1, 4)]:
            body.insert(rng.randint(0, len(body)), block)
    for _ in range(rng.randint(0, 3)):  # promo / share / credit lines
        body.insert(rng.randint(len(body) // 2, len(body)), make_promo())
    return top + body


def vary_text(seed: Seed, donor: Seed | None, rng: random.Random) -> str:
    text = seed.text
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    donor_pars = [p for p in re.split(r"\n\s*\n", donor.text) if p.strip()][3:] if donor else []
    paragraphs = vary_blocks(paragraphs, donor_pars, rng, head=min(3, len(paragraphs)), make_promo=lambda: promo_line(rng))
    if rng.random() < 0.2:
        paragraphs.append(f"Original url: https://news.example.org/{rng.randint(1, 10**6)}/{rng.choice(SURNAMES).lower()}")
    out = "\n\n".join(paragraphs) + "\n"
    out = swap_names(out, out, rng)
    return shift_dates(out, timedelta(days=rng.randint(-3000, 600)))


def vary_html(seed: Seed, donor: Seed | None, rng: random.Random) -> str:
    html = seed.text
    spans = list(HTML_P.finditer(html))
    if len(spans) >= 2:
        blocks = [m.group() for m in spans]
        donor_blocks = [m.group() for m in HTML_P.finditer(donor.text)] if donor else []
        blocks = vary_blocks(blocks, donor_blocks, rng, head=1, make_promo=lambda: f"<p>{promo_line(rng)}</p>")
        # each original paragraph slot takes the next new block; the last slot takes the rest, so the
        # markup between paragraphs (wrappers, figures, headings) stays where it was
        slots = len(spans)
        filled = blocks[: slots - 1] + [""] * max(0, slots - 1 - len(blocks)) + ["\n".join(blocks[slots - 1 :])]
        parts, last = [], 0
        for span, block in zip(spans, filled):
            parts += [html[last : span.start()], block]
            last = span.end()
        html = "".join(parts) + html[last:]
    sample = " ".join(re.sub(r"<[^>]+>", " ", m.group()) for m in HTML_P.finditer(html))
    html = swap_names(html, sample, rng)
    return shift_dates(html, timedelta(days=rng.randint(-3000, 600)))


def seed_weight(seed: Seed) -> float:
    """Small test-case seeds (a 96-byte brief) are picked less often, so sizes stay realistic."""
    return 1.0 if len(seed.text) >= 1500 else 0.2


def make_document(index: int, seeds: list[Seed], seed: int, html_share: float, attempt: int = 0) -> tuple[Seed, str]:
    """Document `index`: its kind, seed and variations depend only on (seed, index, attempt)."""
    rng = random.Random(f"{seed}:{index}:{attempt}")
    text_seeds = [s for s in seeds if s.kind == "text"]
    html_seeds = [s for s in seeds if s.kind == "html"]
    want_html = html_seeds and (not text_seeds or rng.random() < html_share)
    pool = html_seeds if want_html else text_seeds
    base = rng.choices(pool, weights=[seed_weight(s) for s in pool])[0]
    others = [s for s in pool if s is not base]
    donor = rng.choice(others) if others else None
    return base, (vary_html if base.kind == "html" else vary_text)(base, donor, rng)


def build(out: Path, docs: int, seed: int = 1, html_share: float = 0.25, seeds: list[Seed] | None = None,
          quiet: bool = False) -> dict:
    """Write the corpus into `out` (reused when `out/.corpus.json` matches); return its description."""
    seeds = seeds if seeds is not None else find_seeds()
    if not seeds:
        raise SystemExit("no seeds: raw/ is empty")
    params = {"generator": GENERATOR_VERSION, "docs": docs, "seed": seed, "html_share": html_share,
              "seeds": seeds_digest(seeds), "seed_names": [f"{s.kind}:{s.name}" for s in seeds]}
    marker = out / ".corpus.json"
    if marker.exists():
        try:
            existing = json.loads(marker.read_text())
            if all(existing.get(k) == v for k, v in params.items()):
                if not quiet:
                    print(f"corpus: reusing {out} ({docs} documents)", file=sys.stderr)
                return existing
        except ValueError:
            pass
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    started = time.monotonic()
    seen: set[bytes] = set()
    counts = {"text": 0, "html": 0}
    sizes = {"text": 0, "html": 0}
    for index in range(docs):
        for attempt in range(100):
            base, content = make_document(index, seeds, seed, html_share, attempt)
            data = content.encode(base.encoding, errors="replace")
            digest = hashlib.sha256(data).digest()
            if digest not in seen:
                break
        else:
            raise SystemExit(f"could not make document {index} distinct")
        seen.add(digest)
        folder = out / f"src-{base.name}"
        folder.mkdir(exist_ok=True)
        (folder / f"{index:06d}.{'html' if base.kind == 'html' else 'txt'}").write_bytes(data)
        counts[base.kind] += 1
        sizes[base.kind] += len(data)
        if not quiet and index and index % 10000 == 0:
            print(f"corpus: {index}/{docs} documents", file=sys.stderr)
    description = params | {
        "counts": counts,
        "mean_bytes": {k: round(sizes[k] / counts[k]) if counts[k] else 0 for k in counts},
        "seconds": round(time.monotonic() - started, 1),
    }
    marker.write_text(json.dumps(description, indent=1))
    if not quiet:
        print(f"corpus: wrote {docs} documents to {out} in {description['seconds']} s", file=sys.stderr)
    return description


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--html-share", type=float, default=0.25)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(build(args.out, args.docs, args.seed, args.html_share), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
