"""Datelines: the place (and agency) that opens a news story's first paragraph.

`MOSCOW (Reuters) - `, `Moscow: `, `KANSAS CITY, Mo. -- `, `NEW DELHI, Dec 5 (PTI): `,
`Kansas City, Mo. \u2013 `, `WASHINGTON \u2014 `, `(CNN) -- `. The place is kept as written (with its
state or country), the agency separately; the prefix itself is removed from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.rules import AGENCY_NAMES

MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
PLACE_WORD = r"(?:[A-Z][A-Za-z.'\u2019-]*|de|da|del|do|dos|la|el|es|of|on|upon|am|an|sur)"
DATELINE_HEAD = (
    rf"^(?P<place>[A-Z][A-Za-z.'\u2019-]+(?:[ -]{PLACE_WORD}){{0,3}})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]{0,14}(?:\s[A-Z][A-Za-z.]+)?))?"
    rf"(?:,?\s+(?P<date>(?i:{MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?))?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&/-]{0,40})\))?"
    r"\s*(?P<sep>:|\u2014|\u2013|-{1,2})"
)
AGENCY_HEAD = r"^\((?P<agency>[A-Za-z][\w .&/-]{0,40})\)\s*(?P<sep>:|\u2014|\u2013|-{1,2})"
OPENS_SENTENCE = r"\s+(?=[A-Z0-9\"'\u201c\u2018(])"
DATELINE = re.compile(DATELINE_HEAD + OPENS_SENTENCE)
AGENCY_ONLY = re.compile(AGENCY_HEAD + OPENS_SENTENCE)
DATELINE_ALONE = re.compile(DATELINE_HEAD + r"\s*$")
# A dateline on a line of its own above the lede: `NEW DELHI`, `Washington/ New Delhi:`.
PLACE_LINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z.'\u2019-]+(?:(?:[ -]|/\s*){PLACE_WORD}){{0,4}})(?:,\s*(?P<region>[A-Z][A-Za-z.]{{0,14}}))?\s*(?P<sep>:|\u2014|\u2013|-{{1,2}})?$"
)
AGENCY_ALONE = re.compile(AGENCY_HEAD + r"\s*$")
NOT_PLACES = {
    "update", "updated", "exclusive", "analysis", "opinion", "editorial", "breaking", "watch", "video", "photos",
    "note", "live", "review", "comment", "interview", "explainer", "factbox", "correction", "warning", "spoiler",
    "disclaimer", "editor's note", "listen", "read", "also", "summary", "highlights", "q", "a", "quote", "question",
    "answer", "he", "she", "they", "we", "it", "i", "you", "this", "that", "there", "here", "yes", "no", "why", "what",
    "the", "in", "on", "at", "for", "but", "and", "so", "then", "when", "if", "as", "after", "before", "his", "her",
    "their", "our", "my", "its", "one", "two", "first", "last", "today", "yesterday", "tomorrow", "now", "meanwhile",
    "however", "still", "also", "sources", "source", "officials", "police", "residents", "critics", "experts", "update:",
}


@dataclass(frozen=True)
class Dateline:
    """The prefix as written, the place (with its region, as written) and the agency it names."""

    prefix: str
    place: str | None
    agency: str | None


def agency_name(written: str) -> str:
    """The agency's usual name (`Reuters`, `AP`, `PTI`), or the name as written."""
    return AGENCY_NAMES.get(written.strip().lower()) or written.strip()


def find_dateline(paragraph: str, alone: bool = False) -> Dateline | None:
    """The dateline that opens `paragraph` (or, `alone`, that the text is: a removed prefix), or None.

    A place in upper case, or any place before a colon, an agency or a state, is a dateline; a
    title-case word before a dash must look like a place (not `Analysis -` or `He -`).
    """
    if match := (AGENCY_ALONE if alone else AGENCY_ONLY).match(paragraph):
        return Dateline(match.group().strip(), None, agency_name(match["agency"]))
    match = (DATELINE_ALONE if alone else DATELINE).match(paragraph)
    if not match:
        return None
    place = match["place"]
    if place.lower().split()[0] in NOT_PLACES or place.lower() in NOT_PLACES:
        return None
    upper = place.replace(".", "").replace("'", "").replace("-", " ").replace(" ", "").isupper()
    if not (upper or match["sep"] == ":" or match["agency"] or match["region"] or match["sep"] in "\u2014\u2013"):
        return None
    if match["agency"] and not (match["agency"].isupper() or agency_name(match["agency"]) != match["agency"].strip()):
        if not upper:
            return None  # `Smith (left) - ...`: a parenthesis that names no agency
    written = place + (f", {match['region']}" if match["region"] else "")
    return Dateline(match.group().strip(), written, agency_name(match["agency"]) if match["agency"] else None)


def dateline_line(line: str) -> Dateline | None:
    """A line that is only a dateline (a place in capitals, or any place closed by a colon or a dash)."""
    match = PLACE_LINE.match(line.strip())
    if not match or match["place"].lower().split()[0] in NOT_PLACES:
        return None
    if not (match["sep"] or match["place"].replace(".", "").replace("/", "").replace(" ", "").replace("-", "").isupper()):
        return None
    written = match["place"] + (f", {match['region']}" if match["region"] else "")
    return Dateline(line.strip(), written, None)


def strip_dateline(paragraph: str) -> tuple[str, Dateline | None]:
    """The paragraph without its opening dateline, and the dateline."""
    found = find_dateline(paragraph)
    if found is None:
        return paragraph, None
    return paragraph[len(found.prefix):].lstrip(), found
