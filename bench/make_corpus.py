#!/usr/bin/env python3
"""Build a benchmark corpus of real-length plain-text news files made of real article text (issue 12).

    python bench/make_corpus.py --wcxb /work/shared/wcxb-dev --docs 6000 --out /tmp/corpus
    python bench/make_corpus.py --pages-out /tmp/pages --wcxb /work/shared/wcxb-dev   # the HTML pages set

Material: the gold article bodies (`main_content`) and pages of a folder in WCXB layout (`--wcxb`:
the WCXB v1.0 development split, Murrough Foley 2026, CC-BY-4.0; without it, the 40 pages of
bench/eval/wcxb-sample, enough for a smoke run), and the plain-text samples of raw/.

Documents, each written as an outlet would publish it (a folder per outlet, 20 outlets):

- **article windows**: each real article body (distinct articles only: a body sharing a fifth of its
  5-word shingles with an earlier one is dropped) is cut into consecutive, non-overlapping windows
  of whole paragraphs, each as long as a length drawn from real news (log-normal, median about
  3.8 KB a file, a tail to 20 KB); an article shorter than its draw is one whole document. The
  first window of an article opens with the article's lede, the later ones carry on where the
  previous stopped.
- **page dumps**: a tenth of the articles (chosen by their id) are not cut into windows; their page
  becomes a text dump of the whole page (bench/dumpers.py, lxml or inscriptis), once.
- **raw samples**: every plain-text file of raw/, as it is.
- **recombined articles**, once the above are used up (there are about 2,300 windows, dumps and
  samples in the dev split): runs of one to three consecutive real paragraphs of the window articles,
  each starting at a paragraph drawn from all of them, to a real length, no run more than a quarter
  of the document; the head takes the title, author and date of another article. Each paragraph is real
  text; two such documents share almost no passage, so near-duplicate detection leaves them alone
  (a corpus of the same bodies repeated would be mostly rejected as copies, which would measure
  the finishing step instead of cleaning).

Every document is dressed in a head and trailer like the seeds' (raw/000_*, raw/001_*, the wire and
mojibake samples): title line, optional blank lines first, a standfirst repeating the lede, a byline
and a date line in the outlet's form, a dateline prefix (`Moscow:`, `LONDON (Reuters) -`), the
body in the outlet's typography (straight, curly or backtick quotes; some outlets hard-wrap at 72-78
columns, one writes CRLF, one cp1252, one has mojibake from a wrong decoding), an agency line and
the outlet's trailer lines (app promo, share row, newsletter, copyright, `Original url:`), each in
70-95% of its files.

Document i depends only on (material, seed, i): the corpus of 10k documents is the prefix of the one
of 100k. `DIR/.corpus.json` (hidden, so the pipeline skips it) holds the parameters and counts; a
corpus that exists with the same parameters is reused.

`--pages-out DIR` writes the HTML set instead: every page of the material as it was fetched
(`DIR/<site>/<id>.html`), for the HTML measurements (ours vs trafilatura.extract on the same pages).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import random
import re
import shutil
import statistics
import sys
import textwrap
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(1, str(Path(__file__).resolve().parent))

import near_duplicate_set  # noqa: E402  (load_articles, distinct)

GENERATOR_VERSION = 3  # 3: real article text (issue 12); 2 and before: varied copies of raw/ and 8-40 pages
SAMPLE_WCXB = REPO / "bench" / "eval" / "wcxb-sample"
LENGTH_MEDIAN = 3800  # bytes of a whole file (head, body, trailer): real news, like the seeds
LENGTH_SIGMA = 0.55  # log-normal spread: about 1% under 1 KB, 0.3% over 20 KB
MIN_BODY, MAX_BODY = 300, 20000
DUMP_SHARE = 0.1  # articles whose page becomes a whole-page text dump instead of windows
OUTLETS = 20
MAX_RUN_PARAGRAPH = 1200  # recombined documents take no longer paragraph (a few gold bodies are one 30 KB line)

NAMES = [
    "Anna Petrova", "Boris Okafor", "Carla Lindqvist", "David Moreau", "Elena Tanaka", "Farid Haddad", "Grace Kowalski",
    "Hiroshi Brennan", "Irina Castillo", "Jamal Novak", "Katrin Sato", "Lucas Fischer", "Maria Mensah", "Pedro Romero",
    "Rosa Nguyen", "Samir Costa", "Tatiana Rahman", "Vera Dubois", "Walter Hughes", "Zofia Adeyemi",
]
SITES = [
    "The Daily Ledger", "Metro Wire", "Northern Herald", "Global Dispatch", "City Chronicle", "Press Online", "The Moscow Times",
    "Zee News", "The Courier", "Evening Post", "News Today", "The Observer", "Coastal Courier", "Valley Gazette", "The Sentinel",
    "Morning Star", "Capital Report", "The Examiner", "Harbour News", "Daily Dispatch",
]
DATELINES = ["Moscow:", "NEW DELHI (PTI) -", "LONDON (Reuters) -", "WASHINGTON (AP) -", "PARIS, {month} {day} (AFP) -", "Mumbai:",
             "BERLIN —", "SYDNEY:"]
AGENCY_LINES = ["PTI", "(Reuters)", "AFP", "-- AP", "(With inputs from PTI)", "IANS"]
TRAILERS = [
    "{site} App: Read latest news of India and world, bollywood news, business updates, cricket scores, etc. Download the {site} app now to keep up with daily breaking news and live news event coverage.",
    "Share this article: Facebook | Twitter | WhatsApp | Email",
    "Facebook Twitter LinkedIn Email Print",
    "Download the {site} app: App Store | Google Play",
    "Sign up for our daily briefing newsletter to get the top stories in your inbox.",
    "Follow us on Twitter and Instagram",
    "Subscribe now to support independent journalism",
    "\u00a9 {year} {site}. All rights reserved.",
    "Copyright {year} {site}",
    "Leave a comment",
    "This article was first published on {site}.",
    "Advertisement",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
DATE_FORMS = [
    "{month} {day02}, {year}",  # the seed: April 06, 2013
    "Published: {month} {day}, {year}",
    "Updated: {month} {day}, {year} {hour}:{minute} GMT",
    "{year}-{mm}-{day02}",
    "{day} {month} {year}",
    "{mon} {day}, {year} {hour12}:{minute} {ampm}",
    "Posted on {month} {day}, {year}",
]
BYLINE_FORMS = ["By {author}", "By {site}", "{author}, {site}", "BY {AUTHOR}", "Posted by {author}", "By {author} and {author2}", None]


@dataclass(frozen=True)
class Outlet:
    """How one outlet writes its files (chosen once per outlet, from its index)."""

    folder: str
    site: str
    leading_blank: bool
    standfirst: float  # probability of a standfirst repeating the lede's first sentence
    byline: str | None
    date_form: str | None
    dateline: float  # probability of a dateline prefix on the first paragraph
    quotes: str  # "straight", "curly" or "backtick"
    wrap: int  # 0, or the column the outlet hard-wraps at
    broken: float  # probability of one paragraph broken in two mid-sentence (seed 001)
    agency: float
    trailer: tuple[str, ...]
    trailer_rate: float
    original_url: float
    encoding: str  # "utf-8", "cp1252", "mojibake" (UTF-8 read as Windows-1252, written as UTF-8)
    newline: str


def outlets(seed: int) -> list[Outlet]:
    rng = random.Random(f"outlets:{seed}")
    made = []
    for number in range(OUTLETS):
        site = SITES[number % len(SITES)]
        encoding = "cp1252" if number == 7 else "mojibake" if number == 13 else "utf-8"
        made.append(
            Outlet(
                folder=re.sub(r"[^a-z0-9]+", "-", site.lower()).strip("-"),
                site=site,
                leading_blank=rng.random() < 0.2,
                standfirst=rng.choice([0.0, 0.0, 0.3, 0.8]),
                byline=rng.choice(BYLINE_FORMS),
                date_form=rng.choice(DATE_FORMS + [None]),
                dateline=rng.choice([0.0, 0.0, 0.5, 0.9]),
                quotes=rng.choice(["straight", "straight", "curly", "curly", "backtick"]),
                wrap=rng.choice([0, 0, 0, 0, 72, 78]),
                broken=rng.choice([0.0, 0.0, 0.2]),
                agency=rng.choice([0.0, 0.3, 0.8]),
                trailer=tuple(rng.sample(TRAILERS, rng.randint(0, 3))),
                trailer_rate=rng.uniform(0.7, 0.95),
                original_url=rng.choice([0.0, 0.0, 0.5]),
                encoding=encoding,
                newline="\r\n" if number == 11 else "\n",
            )
        )
    return made


@dataclass(frozen=True)
class Body:
    """What a document says before it is dressed: a kind, real paragraphs and the article's head fields."""

    kind: str  # window, dump, raw, recombined
    origin: str  # the article id(s) or file it comes from
    title: str
    author: str | None
    published: str | None  # YYYY-MM-DD
    paragraphs: tuple[str, ...] = ()
    text: str | None = None  # dumps and raw samples: the whole file, written as it is


def file_length(rng: random.Random) -> int:
    return int(min(MAX_BODY, max(MIN_BODY, rng.lognormvariate(math.log(LENGTH_MEDIAN), LENGTH_SIGMA))))


def paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def in_dump_share(article_id: str) -> bool:
    return int(hashlib.sha256(f"dump:{article_id}".encode()).hexdigest()[:8], 16) < DUMP_SHARE * 2**32


def real_bodies(articles: list[dict], wcxb: Path, seed: int, head_allowance: int = 350) -> list[Body]:
    """Article windows, page dumps and raw samples, in a seeded order."""
    rng = random.Random(f"windows:{seed}")
    bodies: list[Body] = []
    for article in articles:
        published = article["date"] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", article["date"] or "") else None
        if in_dump_share(article["id"]):
            page = wcxb / "html" / f"{article['id']}.html.gz"
            if page.exists():
                import dumpers

                style = rng.choice(["ours", "inscriptis"])
                bodies.append(Body("dump", f"{article['id']}:{style}", article["title"], article["author"], published,
                                   text=dumpers.dump(style, gzip.decompress(page.read_bytes()))))
            continue
        paragraphs = paragraphs_of(article["text"])
        start = 0
        while start < len(paragraphs):
            target = max(MIN_BODY, file_length(rng) - head_allowance)
            window, size = [], 0
            while start < len(paragraphs) and (size < target or not window):
                if window and size + len(paragraphs[start].encode()) > MAX_BODY:
                    break
                window.append(paragraphs[start])
                size += len(paragraphs[start].encode()) + 2
                start += 1
            rest = sum(len(p.encode()) + 2 for p in paragraphs[start:])
            if 0 < rest < 0.4 * target and size + rest <= MAX_BODY:  # a short remainder stays with its window
                window += paragraphs[start:]
                start = len(paragraphs)
            bodies.append(Body("window", article["id"], article["title"], article["author"], published, tuple(window)))
    for path in sorted((REPO / "raw").glob("*.txt")):
        bodies.append(Body("raw", f"raw/{path.name}", "", None, None, text=path.read_bytes().decode("utf-8", "surrogateescape")))
    rng.shuffle(bodies)
    return bodies


MAX_SHARED = 0.2  # a recombined document shares at most this much (bytes) of itself, or of any earlier document, with that document


class ParagraphPool:
    """Every paragraph of the window articles, and which documents already hold it.

    Runs start at a paragraph drawn uniformly from all of them (drawing an article first would reuse
    the paragraphs of short articles most). A run is taken only when the document it joins would
    still share at most MAX_SHARED of itself with any earlier document and hold at most MAX_SHARED of
    any earlier one: near-duplicate detection (containment of the shorter text in the longer, from
    0.5) then leaves recombined documents alone, as it does distinct articles."""

    def __init__(self, articles: list[dict]):
        self.articles = [paragraphs_of(article["text"]) for article in articles]
        self.starts = [(number, index) for number, paragraphs in enumerate(self.articles) for index in range(len(paragraphs))]
        self.holders: dict[tuple[int, int], list[int]] = {}
        self.sizes: dict[int, int] = {}

    def add(self, document: int, paragraphs: list[tuple[int, int]]) -> None:
        self.sizes[document] = sum(len(self.articles[a][i].encode()) + 2 for a, i in paragraphs)
        for key in paragraphs:
            self.holders.setdefault(key, []).append(document)

    def add_window(self, document: int, article_id: str, window: tuple[str, ...], by_id: dict[str, int]) -> None:
        number = by_id.get(article_id)
        if number is None:
            return
        paragraphs = self.articles[number]
        first = next((i for i in range(len(paragraphs)) if paragraphs[i] == window[0]), None)
        if first is not None:
            self.add(document, [(number, first + k) for k in range(len(window)) if first + k < len(paragraphs)])

    def draw(self, rng: random.Random, target: int, attempts: int = 200) -> list[tuple[int, int]]:
        chosen: list[tuple[int, int]] = []
        shared: dict[int, int] = {}
        size = 0
        for _ in range(attempts):
            if size >= target:
                break
            number, start = rng.choice(self.starts)
            run, run_size, run_shared = [], 0, {}
            for index in range(start, min(start + rng.randint(1, 3), len(self.articles[number]))):
                length = len(self.articles[number][index].encode()) + 2
                if (number, index) in chosen or length > MAX_RUN_PARAGRAPH or (run and run_size + length > max(600, target // 4)):
                    break
                run.append((number, index))
                run_size += length
                for holder in self.holders.get((number, index), ()):
                    run_shared[holder] = run_shared.get(holder, 0) + length
            if not run:
                continue
            if any(shared.get(h, 0) + n > MAX_SHARED * min(self.sizes[h], target) for h, n in run_shared.items()):
                continue
            chosen += run
            size += run_size
            for holder, n in run_shared.items():
                shared[holder] = shared.get(holder, 0) + n
        return chosen


def recombined(pool: ParagraphPool, index: int, seed: int, articles: list[dict]) -> Body:
    """Document `index` past the real bodies: runs of one to three consecutive real paragraphs, to a real
    length (see ParagraphPool)."""
    rng = random.Random(f"recombined:{seed}:{index}")
    target = max(MIN_BODY, file_length(rng) - 350)
    chosen = pool.draw(rng, target)
    pool.add(index, chosen)
    lead = rng.choice(articles)  # the head's title, author and date
    published = lead["date"] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", lead["date"] or "") else None
    return Body("recombined", lead["id"], lead["title"], lead["author"], published, tuple(pool.articles[a][i] for a, i in chosen))


# --- dressing --------------------------------------------------------------------------------------


def curly(text: str) -> str:
    text = re.sub(r"(?<=\w)'(?=\w)", "\u2019", text)
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    text = re.sub(r'"', "\u201d", text)
    text = re.sub(r"(^|[\s(\[])'", "\\1\u2018", text)
    return text.replace("'", "\u2019")


def backticks(text: str) -> str:
    return re.sub(r"(?<=\w)'(?=\w)", "`", text)


def date_line(form: str, published: str, rng: random.Random) -> str:
    day = date.fromisoformat(published)
    hour = rng.randint(0, 23)
    return form.format(month=MONTHS[day.month - 1], mon=MONTHS[day.month - 1][:3], day=day.day, day02=f"{day.day:02d}", year=day.year,
                       mm=f"{day.month:02d}", hour=f"{hour:02d}", minute=f"{rng.randint(0, 59):02d}", hour12=(hour % 12) or 12,
                       ampm="AM" if hour < 12 else "PM")


def first_sentence(paragraph: str) -> str:
    match = re.match(r"(.{40,}?[.!?])\s+[A-Z\"“]", paragraph)
    return match.group(1) if match else paragraph


def dress(body: Body, outlet: Outlet, rng: random.Random) -> str:
    """The body as this outlet's file."""
    if body.text is not None:
        return body.text
    published = body.published or (date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))).isoformat()
    author = body.author.split(",")[0].strip() if body.author and len(body.author) < 60 else rng.choice(NAMES)
    paragraphs = list(body.paragraphs)
    head = [body.title.strip() or "News"]
    if rng.random() < outlet.standfirst and paragraphs:
        head.append(first_sentence(paragraphs[0]))
    if outlet.byline:
        head.append(outlet.byline.format(author=author, AUTHOR=author.upper(), author2=rng.choice(NAMES), site=outlet.site))
    if outlet.date_form:
        head.append(date_line(outlet.date_form, published, rng))
    if paragraphs and rng.random() < outlet.dateline:
        day = date.fromisoformat(published)
        paragraphs[0] = f"{rng.choice(DATELINES).format(month=MONTHS[day.month - 1], day=day.day)} {paragraphs[0]}"
    if len(paragraphs) > 3 and rng.random() < outlet.broken:  # a paragraph broken mid-sentence, as in seed 001
        i = rng.randrange(1, len(paragraphs) - 1)
        words = paragraphs[i].split(" ")
        if len(words) > 12:
            cut = rng.randint(4, len(words) - 4)
            paragraphs[i : i + 1] = [" ".join(words[:cut]), " ".join(words[cut:])]
    trailer = []
    if rng.random() < outlet.agency:
        trailer.append(rng.choice(AGENCY_LINES))
    year = published[:4]
    trailer += [line.format(site=outlet.site, year=year) for line in outlet.trailer if rng.random() < outlet.trailer_rate]
    if rng.random() < outlet.original_url:
        trailer.append(f"Original url: https://www.{outlet.folder}.example/{year}/{rng.randint(10**5, 10**7)}")
    if outlet.quotes == "curly":
        paragraphs = [curly(p) for p in paragraphs]
        head = [curly(line) for line in head]
    elif outlet.quotes == "backtick":
        paragraphs = [backticks(p) for p in paragraphs]
        head[0] = backticks(head[0])
    if outlet.wrap:
        paragraphs = [textwrap.fill(p, outlet.wrap, break_long_words=False, break_on_hyphens=False) if not p.startswith("- ") else p
                      for p in paragraphs]
    text = ("\n\n\n" if outlet.leading_blank else "") + "\n\n".join(head + paragraphs + trailer) + "\n"
    return text.replace("\n", outlet.newline) if outlet.newline != "\n" else text


def encoded(text: str, outlet: Outlet) -> bytes:
    if outlet.encoding == "cp1252":
        return text.encode("cp1252", errors="replace")
    if outlet.encoding == "mojibake":
        import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

        return text.encode("utf-8", "surrogateescape").decode("sloppy-windows-1252").encode("utf-8")
    return text.encode("utf-8", "surrogateescape")


# --- the corpus ------------------------------------------------------------------------------------


def material(wcxb: Path | None) -> tuple[Path, list[dict]]:
    """The WCXB folder used and its distinct articles (at least 60 words each), in id order."""
    wcxb = wcxb or SAMPLE_WCXB
    if not (wcxb / "ground-truth").is_dir():
        raise SystemExit(f"no WCXB ground truth under {wcxb}")
    return wcxb, near_duplicate_set.load_articles(wcxb)


def material_digest(wcxb: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((wcxb / "ground-truth").glob("*.json")) + sorted((REPO / "raw").glob("*.txt")):
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def build(out: Path, docs: int, wcxb: Path | None = None, seed: int = 1, quiet: bool = False) -> dict:
    """Write `docs` documents into `out` (reused when `out/.corpus.json` matches); return its description."""
    wcxb, articles = material(wcxb)
    params = {"generator": GENERATOR_VERSION, "docs": docs, "seed": seed, "wcxb": str(wcxb.resolve()), "material": material_digest(wcxb),
              "builder": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]}
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
    real = real_bodies(articles, wcxb, seed)
    window_articles = [a for a in articles if not in_dump_share(a["id"])] or articles
    pool = ParagraphPool(window_articles)
    by_id = {article["id"]: number for number, article in enumerate(window_articles)}
    for index, body in enumerate(real[:docs]):
        if body.kind == "window":
            pool.add_window(index, body.origin, body.paragraphs, by_id)
    sites = outlets(seed)
    kinds: dict[str, int] = {}
    sizes: list[int] = []
    seen: set[bytes] = set()
    for index in range(docs):
        body = real[index] if index < len(real) else recombined(pool, index, seed, window_articles)
        rng = random.Random(f"dress:{seed}:{index}")
        outlet = rng.choice(sites) if body.kind != "raw" else None
        data = body.text.encode("utf-8", "surrogateescape") if outlet is None else encoded(dress(body, outlet, rng), outlet)
        digest = hashlib.sha256(data).digest()
        if digest in seen:  # the pipeline settles byte-identical copies without cleaning them
            data += f"\n{index}\n".encode()
        seen.add(hashlib.sha256(data).digest())
        folder = out / (outlet.folder if outlet else "raw-samples")
        folder.mkdir(exist_ok=True)
        (folder / f"{index:06d}.txt").write_bytes(data)
        kinds[body.kind] = kinds.get(body.kind, 0) + 1
        sizes.append(len(data))
        if not quiet and index and index % 10000 == 0:
            print(f"corpus: {index}/{docs} documents", file=sys.stderr)
    ordered = sorted(sizes)
    description = params | {
        "kinds": kinds,
        "real_bodies": len(real),
        "articles": len(articles),
        "bytes": {"median": int(statistics.median(ordered)), "mean": round(sum(ordered) / len(ordered)),
                  "p10": ordered[len(ordered) // 10], "p90": ordered[len(ordered) * 9 // 10], "p99": ordered[len(ordered) * 99 // 100],
                  "max": ordered[-1], "over_20k": sum(size > 20000 for size in ordered)},
        "seconds": round(time.monotonic() - started, 1),
    }
    marker.write_text(json.dumps(description, indent=1))
    if not quiet:
        print(f"corpus: wrote {docs} documents to {out} in {description['seconds']} s", file=sys.stderr)
    return description


def build_pages(out: Path, wcxb: Path | None = None, quiet: bool = False) -> dict:
    """Every page of the material as fetched (`out/<site>/<id>.html`), plus raw/'s HTML pages."""
    wcxb = wcxb or SAMPLE_WCXB
    ids = sorted(path.name.removesuffix(".html.gz") for path in (wcxb / "html").glob("*.html.gz"))
    params = {"generator": GENERATOR_VERSION, "wcxb": str(wcxb.resolve()), "pages": len(ids)}
    marker = out / ".corpus.json"
    if marker.exists() and json.loads(marker.read_text()).get("wcxb") == params["wcxb"] and json.loads(marker.read_text()).get("pages") == len(ids):
        return json.loads(marker.read_text())
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    sizes = []
    for page_id in ids:
        data = gzip.decompress((wcxb / "html" / f"{page_id}.html.gz").read_bytes())
        url = json.loads((wcxb / "ground-truth" / f"{page_id}.json").read_text()).get("url") or ""
        site = re.sub(r"[^a-z0-9]+", "-", (re.match(r"https?://(?:www\.)?([^/]+)", url) or ["", "site"])[1].lower()).strip("-")[:40] or "site"
        (out / site).mkdir(exist_ok=True)
        (out / site / f"{page_id}.html").write_bytes(data)
        sizes.append(len(data))
    for path in sorted((REPO / "raw").glob("*.html")):
        (out / "raw-samples").mkdir(exist_ok=True)
        shutil.copy(path, out / "raw-samples" / path.name)
        sizes.append(path.stat().st_size)
    description = params | {"files": len(sizes), "median_bytes": int(statistics.median(sizes)) if sizes else 0}
    marker.write_text(json.dumps(description, indent=1))
    if not quiet:
        print(f"pages: wrote {len(sizes)} pages to {out}", file=sys.stderr)
    return description


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wcxb", type=Path, help="a folder in WCXB layout (default: bench/eval/wcxb-sample, 40 pages)")
    parser.add_argument("--out", type=Path, help="the plain-text corpus")
    parser.add_argument("--pages-out", type=Path, help="the HTML pages set")
    args = parser.parse_args(argv)
    if not args.out and not args.pages_out:
        parser.error("give --out and/or --pages-out")
    if args.out:
        print(json.dumps(build(args.out, args.docs, args.wcxb, args.seed), indent=1))
    if args.pages_out:
        print(json.dumps(build_pages(args.pages_out, args.wcxb), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
