"""Stage 4, metadata: fields from the blocks the strip stage labelled, plus repairs of HTML metadata.

For plain text: the title line, `By ...` bylines, date lines, `Original url:` trailers, the dateline
prefix, agency credits, and the site a promo names. For HTML: what trafilatura/htmldate found,
repaired where extractors are known to go wrong (a site name appended to the title, dates in the
future or before the web).
"""

from __future__ import annotations

from dataclasses import replace

import re
from urllib.parse import urlsplit

from cleaners import bylines, dates, head, rules
from cleaners.config import CleanConfig
from cleaners.datelines import dateline_line, find_dateline
from cleaners.document import Document

STAGE = "metadata"
PROMO_SITE = re.compile(r"^(?P<site>[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4})\s+(?i:mobile\s+|android\s+)?(?i:apps?)\b")
TITLE_SUFFIX = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00bb|\u2022)\s+(?P<site>[^|\u2013\u2014]{2,60})$")
ORIGINALLY = re.compile(r"\b(?:appeared|published|posted)\s+(?:on|in|at|by)\s+(?P<site>[A-Z][^.:;|]{1,60}?)\.?$")
COPYRIGHT_HOLDER = re.compile(
    r"^(?:\u00a9|\(c\)|copyright)(?:\s*\u00a9)?\s*(?:\d{4}(?:\s*[-\u2013]\s*\d{4})?)?,?\s*"
    r"(?P<site>[A-Z][\w&' .-]{1,60}?)\.?(?:\s+(?i:all\s+rights\s+reserved)\.?)?$",
    re.I,
)
TITLE_CREDIT = re.compile(r"\s+(?:written\s+|posted\s+)?by:?(?=\s|$)", re.I)  # where a byline glued to a title may start
MIN_TITLE_CHARACTERS = 10
PIPE_SUFFIX = re.compile(r"(?<=.{10})\s+\|\s+(?P<site>[^|]+)$")  # a bar's last part (a dash may start a subtitle, kept)
MAX_SUFFIX_WORDS = 4
PASSIVE = re.compile(r"\w(?:ed|en)$", re.I)  # a participle before `by` keeps it in the title
GLUED_CAPITALS = re.compile(r"(?<=[a-z])[A-Z]")  # `OrganizationOfficePapers`: words a dump glued, not `McNally`
STAFF_SUFFIX = re.compile(r"\s+(?:staff|desk|team|newsroom|reporters?|editors?)$", re.I)
DATED_RULES = ("date_line", "byline", "original_url_trailer")  # removed blocks whose dates are the article's


def blocks(doc: Document, rule: str) -> list[str]:
    return [block.text for block in doc.removed if block.rule == rule]


def byline_names(text: str, over_date: bool = False) -> list[str]:
    """The names a byline line credits (a line of names alone counts too; over a date line, one
    person's name whatever the given name: `Kelia Losa Reinoso` over `August 25, 2025`)."""
    found = bylines.read_byline(text)
    if found:
        return list(found.names)
    if not over_date or not 2 <= len(text.split()) <= 3 or any(len(GLUED_CAPITALS.findall(token)) > 1 for token in text.split()):
        return list(bylines.name_line(text))
    return list(bylines.name_line(text)) or ([name] if (name := bylines.person_name(text)) else [])


def credit_lines(lines: list[str]) -> list[str]:
    """Byline lines with a bare label (`By`, `Written by`, `Author:`) joined to the names on the line
    after it (not a role under a name: `Writer`)."""
    joined: list[str] = []
    for line in lines:
        if joined and bylines.is_credit_label(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def head_dates(doc: Document, config: CleanConfig) -> list[dates.FoundDate]:
    """Every date the head's date lines and bylines (and a `First published` trailer) give, in order."""
    found, label = [], None
    for block in doc.removed:
        if block.rule in DATED_RULES:  # a date without a label of its own takes the label line's above it
            found += [date if date.kind or not label else replace(date, kind=label) for date in dates.find_dates(block.text)]
            if block.rule == "date_line" and not dates.find_dates(block.text) and config.date_languages != ("en",):
                if iso := dates.parse_foreign_date(block.text, config.date_languages):
                    found.append(dates.FoundDate(0, len(block.text), iso, None))
        label = dates.label_kind(block.text)
    return found


def site_of(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def strip_site_suffix(title: str, publisher: str | None) -> str:
    """`Title | Site` becomes `Title` when the suffix is the publisher (or the title's own site name)."""
    match = TITLE_SUFFIX.search(title)
    if not match or not publisher:
        return title
    site, name = rules.fingerprint(match.group("site")), rules.fingerprint(publisher)
    if site and (site == name or site in name or name in site):
        return title[: match.start()].strip()
    return title


def split_title_credit(title: str) -> tuple[str, bylines.Byline | None]:
    """A title with the byline glued to its end, as a dump joins a headline's line: `Title by Jane Doe`,
    `Title by Jane Doe | March 3, 2021`, `Title written by Our Editors`, `Title by` (an empty credit).
    The last `by` whose remainder reads as a byline of someone (a known given name, a desk, or with a
    date) splits it, unless a participle comes before it (`Tested by Bibliophiles`); else the title
    stays whole (`... deadline by Real Madrid`)."""
    for match in reversed(list(TITLE_CREDIT.finditer(title))):
        if match.start() < MIN_TITLE_CHARACTERS:
            break
        if PASSIVE.search(title[: match.start()]) and not match.group().strip().lower().startswith(("written", "posted")):
            continue  # `Tested by Bibliophiles`, `Validated by SRLabs`: the title's own agent
        rest = title[match.end():].strip()
        found = bylines.read_byline(f"By {rest}") if rest else None
        if not rest or (found and found.names and (found.dates or credits_someone(found.names[0]))):
            return title[: match.start()].rstrip(" -|,"), found
    return title, None


def credits_someone(name: str) -> bool:
    """A person opening with a known given name, or a desk (`Marketing Team`, `Our Editors`)."""
    return bool(bylines.name_line(name)) or bylines.ORGANISATION.match(name) is not None


def fill_from_text_blocks(doc: Document, config: CleanConfig) -> None:
    """Fields that plain-text rules found, for fields still empty."""
    title_credit = None
    if doc.title is None and (titles := blocks(doc, "title")):
        doc.title, title_credit = split_title_credit(titles[0])
        if (match := PIPE_SUFFIX.search(doc.title)) and len(match.group("site").split()) <= MAX_SUFFIX_WORDS:
            doc.title = doc.title[: match.start()]  # `Title | Opinion`, `Title | Bridgestone Tires`: the site or section after a bar
        if title_credit is not None:
            doc.authors = doc.authors or list(title_credit.names)
    if doc.description is None and (standfirsts := blocks(doc, "repeated_standfirst") + blocks(doc, "standfirst")):
        doc.description = standfirsts[0]
    credited = [found for line in blocks(doc, "byline") if (found := bylines.read_byline(line))]
    if not doc.authors:
        credits = [block for block in doc.removed if not head.is_filler(block.text)]
        over_date = {block.text for block, after in zip(credits, credits[1:]) if block.rule == "byline" and after.rule == "date_line"}
        doc.authors = list(dict.fromkeys(name for line in credit_lines(blocks(doc, "byline")) for name in byline_names(line, line in over_date)))
    if doc.published is None:
        dated = head_dates(doc, config) + (list(title_credit.dates) if title_credit is not None else [])
        plausible = [found for found in dated if dates.plausible(found.iso, config.earliest_date)]
        doc.published = dates.publication_date(plausible)
    if doc.url is None:
        for line in blocks(doc, "original_url_trailer") + blocks(doc, "trailing_url"):
            if found := rules.URL.search(line):
                doc.url = found.group().rstrip(".,;")
                break
    for prefix in blocks(doc, "dateline_prefix"):
        if found := find_dateline(prefix, alone=True) or dateline_line(prefix):
            doc.dateline = doc.dateline or found.place
            doc.agency = doc.agency or found.agency
    if doc.agency is None:
        named = [name for line in blocks(doc, "agency_credit") for name in rules.agencies_in(line)]
        named += [rules.AGENCY_NAMES[outlet.lower()] for found in credited for outlet in found.outlets if rules.AGENCY_NAMES.get(outlet.lower())]
        doc.agency = ", ".join(dict.fromkeys(named)) or None
    if doc.publisher is None:
        outlets = [outlet for found in credited for outlet in found.outlets if not rules.AGENCY_NAMES.get(outlet.lower())]
        promoted = [m.group("site") for line in blocks(doc, "app_promo") if (m := PROMO_SITE.match(line))]
        promoted += [m.group("site") for line in blocks(doc, "original_url_trailer") if (m := ORIGINALLY.search(line))]
        promoted += [m.group("site") for line in blocks(doc, "copyright") if (m := COPYRIGHT_HOLDER.match(line))]
        site = site_of(doc.url) if doc.url else None
        publisher = next(iter(outlets + promoted), None)
        doc.publisher = STAFF_SUFFIX.sub("", publisher) if publisher else site  # `Politics.co.uk staff`: the outlet, not its staff


def repair_html_metadata(doc: Document) -> None:
    """Known extractor mistakes: a URL as site name, the site name glued to the title. (An author who is
    the publisher stays: pages credit organisations so; dropping them cost HTML author accuracy 0.751 ->
    0.719 on the WCXB dev pages.)"""
    if doc.publisher and rules.URL.fullmatch(doc.publisher):
        doc.publisher = site_of(doc.publisher if "//" in doc.publisher else f"//{doc.publisher}")
        doc.record(STAGE, "publisher_from_url")
    if doc.title:
        title = strip_site_suffix(doc.title, doc.publisher)
        if title != doc.title:
            doc.title = title
            doc.record(STAGE, "strip_site_from_title")


def extract_metadata(doc: Document, config: CleanConfig) -> Document:
    """Fill title, description, authors, publisher, published, url, dateline and agency."""
    if doc.format == "html":
        repair_html_metadata(doc)
    fill_from_text_blocks(doc, config)
    if doc.published and not dates.plausible(doc.published, config.earliest_date):
        doc.published = None
        doc.record(STAGE, "drop_implausible_date")
    return doc
