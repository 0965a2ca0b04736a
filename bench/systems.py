"""The systems bench/evaluate.py scores: newsclean and its peers, each a function of one input.

An input is bytes plus its kind: `html` (the page as fetched) or `dump-<dumper>` (a plain-text dump
of the page, UTF-8). Every system returns an `Output`: the body text, and the metadata fields it
gives (`fields`; the others are not scored for it).

    newsclean               cleaners.pipeline.clean_bytes(data, source, config): doc.text (whatever
                            the status), doc.title, doc.authors, doc.published
    trafilatura             trafilatura.extract(page) with its defaults (comments included) for the
                            body; trafilatura.extract_metadata(page) for title, author, date
    trafilatura-precision   trafilatura.extract(page, favor_precision=True)
    trafilatura-fast        trafilatura.extract(page, fast=True)
    justext                 justext.justext(page, English stoplist): its non-boilerplate paragraphs
    boilerpy3               boilerpy3 ArticleExtractor (defaults): content and title
    keep-all                the input itself; for html, the `ours` dump of the page

HTML peers get the page decoded as bench/dumpers.decode_html does; on a dump they get the dump
wrapped as HTML (`text_as_html`: each paragraph one escaped `<p>`, line breaks `<br>`), since they
return nothing on plain text.
"""

from __future__ import annotations

import html
import re
import signal
import time
from contextlib import contextmanager
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata

import dumpers

from cleaners.config import DEFAULT_CONFIG, CleanConfig
from cleaners.pipeline import clean_bytes

METADATA_FIELDS = ("title", "author", "date")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
TIME_LIMIT_SECONDS = 120  # a system still busy on one input after this long scores it as an error


@dataclass
class Output:
    """What a system made of one input."""

    text: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    status: str | None = None  # newsclean's accepted/rejected and reasons


@dataclass(frozen=True)
class System:
    """A named extractor: `run(data, kind)` and the metadata fields it gives."""

    name: str
    run: Callable[[bytes, str], Output]
    package: str  # whose version keys the cache of its outputs
    fields: tuple[str, ...] = ()
    cacheable: bool = True  # False for the system under development (newsclean) and keep-all

    def version(self) -> str:
        return metadata.version(self.package)


def text_as_html(text: str) -> str:
    """A plain-text dump as a minimal HTML page: each paragraph (lines between blank lines) one `<p>`,
    its line breaks `<br>`, everything escaped.

    One `<p>` per line instead would cut html2text's wrapped paragraphs into short lines that
    jusText drops as boilerplate (its F1 on those dumps fell from 0.86 to 0.19 on 32 dev pages).
    """
    paragraphs = []
    for block in PARAGRAPH_BREAK.split(text):
        lines = [html.escape(line.strip()) for line in block.splitlines() if line.strip()]
        if lines:
            paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n" + "\n".join(paragraphs) + "\n</body></html>"


def page_for_peer(data: bytes, kind: str) -> str:
    """The HTML a peer is given: the decoded page, or the dump wrapped as HTML."""
    return dumpers.decode_html(data) if kind == "html" else text_as_html(data.decode("utf-8"))


def newsclean_system(config: CleanConfig = DEFAULT_CONFIG) -> System:
    """newsclean with `config` (a variant of CleanConfig to score, the defaults otherwise)."""

    def run(data: bytes, kind: str) -> Output:
        doc = clean_bytes(data, f"{kind}.{'html' if kind == 'html' else 'txt'}", config)
        status = doc.status if not doc.reasons else f"{doc.status}: {', '.join(doc.reasons)}"
        return Output(doc.text or "", doc.title, list(doc.authors), doc.published, status)

    return System("newsclean", run, "newsclean", METADATA_FIELDS, cacheable=False)


def _trafilatura(**options) -> Callable[[bytes, str], Output]:
    def run(data: bytes, kind: str) -> Output:
        import trafilatura

        return Output(trafilatura.extract(page_for_peer(data, kind), **options) or "")

    return run


def _trafilatura_with_metadata(data: bytes, kind: str) -> Output:
    import trafilatura

    page = page_for_peer(data, kind)
    found = trafilatura.extract_metadata(page)
    authors = [found.author] if found and found.author else []
    return Output(trafilatura.extract(page) or "", found.title if found else None, authors, found.date if found else None)


def _justext(data: bytes, kind: str) -> Output:
    import justext

    paragraphs = justext.justext(page_for_peer(data, kind), justext.get_stoplist("English"))
    return Output("\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def _boilerpy3(data: bytes, kind: str) -> Output:
    from boilerpy3 import extractors

    document = extractors.ArticleExtractor().get_doc(page_for_peer(data, kind))
    return Output(document.content or "", document.title or None)


def _keep_all(data: bytes, kind: str) -> Output:
    return Output(dumpers.dump("ours", data) if kind == "html" else data.decode("utf-8"))


PEERS = (
    System("trafilatura", _trafilatura_with_metadata, "trafilatura", METADATA_FIELDS),
    System("trafilatura-precision", _trafilatura(favor_precision=True), "trafilatura"),
    System("trafilatura-fast", _trafilatura(fast=True), "trafilatura"),
    System("justext", _justext, "jusText"),
    System("boilerpy3", _boilerpy3, "boilerpy3", ("title",)),
    System("keep-all", _keep_all, "lxml", cacheable=False),  # as cheap as reading a cache entry
)
SYSTEM_NAMES = ("newsclean",) + tuple(system.name for system in PEERS)


def build_systems(names: list[str], config: CleanConfig = DEFAULT_CONFIG) -> list[System]:
    """The systems called `names`, in that order (newsclean with `config`)."""
    by_name = {system.name: system for system in PEERS} | {"newsclean": newsclean_system(config)}
    return [by_name[name] for name in names]


class TimeLimitExceeded(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise TimeLimitExceeded in the block after `seconds` (SIGALRM: main thread only, else no limit)."""

    def expire(signum, frame):
        raise TimeLimitExceeded(f"still running after {seconds:g} s")

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(system: System, data: bytes, kind: str) -> tuple[Output, float, str | None]:
    """(output, seconds, error): a system raising, or running out of time, gives an empty output
    and the error's text."""
    started = time.perf_counter()
    try:
        with time_limit(TIME_LIMIT_SECONDS):
            output, error = system.run(data, kind), None
    except Exception as exc:  # noqa: BLE001 - a failing peer scores as empty output, the run goes on
        output, error = Output(), f"{type(exc).__name__}: {exc}"[:300]
    return output, time.perf_counter() - started, error
