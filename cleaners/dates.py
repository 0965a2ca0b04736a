"""Dates as news heads write them: found in a line, read as ISO 8601, labelled published or updated.

`find_dates` reads the English forms heads use (`Thursday, June 13, 2019`, `13 June 2019`, `Dec. 23,
2024, 1:24 PM EST`, `2025-02-22`, `12.12.2025`, `06/13/2019`) with plain code; dateparser, which
reads many languages, is asked only for lines in other languages. A date keeps its time (and zone,
when one is written) and the label before it tells what it is: `Published:`, `First published`,
`Posted` (the publication) or `Updated`, `Last updated on`, `Modified` (a later edit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Literal

import dateparser
from dateparser.timezone_parser import pop_tz_offset_from_string

Kind = Literal["published", "updated"]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10,
    "nov": 11, "dec": 12,
}
MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
CENTURIES = ("19", "20")  # every year a date form reads opens with one of these
YEAR = rf"(?:{'|'.join(CENTURIES)})\d{{2}}"
DAY = r"(?:[0-2]?\d|3[01])"
ORDINAL = r"(?:st|nd|rd|th)?"
# The forms, each with groups y, m and d. Numeric dates are read month first with a slash or a dash
# (US style) and day first with dots, unless the "month" is over 12 and the day is not.
# A year may run into what follows it on a page: a time (`2025 10:45`), or the next date or its label
# when a page's published and updated elements are rendered without a space (`June 29, 2020November 12,
# 2021`, `DECEMBER 22, 2022Updated: JANUARY 02, 2026`).
YEAR_END = r"(?:\b|(?=[012]?\d:\d\d)|(?=(?-i:[A-Z])))"
DATE_FORMS = (
    rf"{WEEKDAY}?(?P<m>{MONTH})\s*(?P<d>{DAY}){ORDINAL},?\s+(?P<y>{YEAR}){YEAR_END}",
    rf"{WEEKDAY}?(?P<d>{DAY}){ORDINAL}\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>{YEAR}){YEAR_END}",
    rf"(?P<y>{YEAR})-(?P<m>[01]?\d)-(?P<d>{DAY})(?![\d-])",
    rf"(?P<y>{YEAR})/(?P<m>[01]?\d)/(?P<d>{DAY})(?![\d/])",
    rf"(?<![\d.])(?P<d>{DAY})\.(?P<m>[0-3]?\d)\.(?P<y>{YEAR})\b",
    rf"(?<![\d/-])(?P<m>[0-3]?\d)[/-](?P<d>{DAY})[/-](?P<y>{YEAR})\b",
)
DATE = re.compile("|".join(f"(?:{pattern})".replace("?P<", f"?P<g{index}") for index, pattern in enumerate(DATE_FORMS)), re.I)
TIME = re.compile(
    r"(?:\s*(?:,|at|@|-|\u2013|\||/|T)?\s*)(?P<h>[012]?\d)[:.](?P<min>[0-5]\d)(?::(?P<s>[0-5]\d))?"
    r"\s*(?P<ampm>[ap]\.?\s?m\.?(?!\w))?(?P<zone>(?-i:\s*\(?(?:[A-Z]{2,5}|Z)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?(?!\w)))?",
    re.I,
)
LABEL = re.compile(
    r"(?P<updated>(?:last\s+)?(?:updated|modified|edited|revised|reviewed)|fact[- ]checked|changed)|"
    r"(?P<published>(?:first\s+|originally\s+)?(?:published|posted|released|created)|original|dated?|on)"
    r"\s*(?:on|at)?\s*:?\s*$",
    re.I,
)
LABEL_END = re.compile(r"\s*(?:on|at)?\s*:?\s*", re.I)  # what may follow a label on its own line
LABEL_REACH = 32  # characters before a date searched for its label
# What a date line may hold besides its dates: labels, separators, reading times, relative times.
DATE_LINE_FILLER = re.compile(
    r"\b(?:(?:first|last|originally)\s+)?(?:published|updated|posted|modified|edited|revised|reviewed|released|created|"
    r"fact[- ]checked|dated?)\b|\b(?:on|at|and)\b|\b[012]?\d[:.][0-5]\d(?:\s*[ap]\.?\s?m\.?)?(?!\w)|"
    r"\b(?:GMT|UTC|BST|IST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|CT|CET|CEST|AEST|AEDT|JST|HKT|SGT|WAT|EAT|SAST)\b|\d+\s*(?:min(?:ute)?s?|hours?|hrs?|h)\.?(?:\s+(?:read|ago))?\b|\bread\b|"
    r"[|/\\\u2022\u00b7,:;()\[\]\u2013\u2014&-]+",
    re.I,
)
MAX_DATE_LINE_REST = 3  # words left over, such as a source ("Source: TODAY"), a city or a category
# A line that dates the article only relatively: `Published 6 days ago`, `Updated 3 mins ago`.
RELATIVE_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted|last\s+updated)\s*:?\s*)?(?:\d+|an?|one)\s*(?:sec(?:ond)?|min(?:ute)?|hour|hr|day|week|month|year)s?\.?\s+ago$"
    r"|^(?:published|updated|posted)\s*:?\s*(?:today|yesterday|just\s+now)$"
    r"|^(?:(?:published|updated|posted)\s*:?\s*)?(?:" + MONTH + r"\s+\d{1,2},?\s+)?[012]?\d[:.][0-5]\d\s*(?:[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,4})?$"
    r"|^\d+\s*[mhd]$",
    re.I,
)


@dataclass(frozen=True)
class FoundDate:
    """A date in a line: where it is (time included), its ISO form, and what its label says it is."""

    start: int
    end: int
    iso: str
    kind: Kind | None


def _day(year: str, month: str, day: str) -> date | None:
    month_number = int(month) if month.isdigit() else MONTHS[month[:3].lower()]
    if month_number > 12 and int(day) <= 12:
        month_number, day = int(day), str(month_number)
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        return None


def _with_time(day: date, text: str, end: int) -> tuple[str, int]:
    """The ISO date, or date-time when a time follows it (with its zone's offset when one is written)."""
    match = TIME.match(text, end)
    if not match:
        return day.isoformat(), end
    hour, minute = int(match["h"]), int(match["min"])
    if match["ampm"]:
        hour = hour % 12 + (12 if match["ampm"][0] in "pP" else 0)
    if hour > 23:
        return day.isoformat(), end
    moment = datetime(day.year, day.month, day.day, hour, minute, int(match["s"] or 0))
    if match["zone"]:
        if (offset := zone_offset(match["zone"].strip(" ()"), moment)) is not None:
            moment = moment.replace(tzinfo=timezone(offset))
    return moment.isoformat(), match.end()


def zone_offset(zone: str, moment: datetime) -> timedelta | None:
    """The UTC offset of a written zone (dateparser's table; IST is India's, as in English-language news)."""
    if zone.upper() == "IST":
        return timedelta(hours=5, minutes=30)
    _, found = pop_tz_offset_from_string(" " + zone)
    offset = found.utcoffset(moment) if found is not None else None
    return offset if isinstance(offset, timedelta) else None


def _kind(text: str, start: int) -> Kind | None:
    label = LABEL.search(text[max(0, start - LABEL_REACH):start])
    if not label:
        return None
    return "updated" if label["updated"] else "published"


def label_kind(text: str) -> Kind | None:
    """The kind of date a line that is only a label announces for the next line (`Updated:`, `Original:`)."""
    text = text.strip()
    label = LABEL.match(text)
    if not label or not LABEL_END.fullmatch(text, label.end()):
        return None
    return "updated" if label["updated"] else "published"


@lru_cache(maxsize=8192)
def find_dates(text: str) -> tuple[FoundDate, ...]:
    """Every English date with a day, a month and a year in `text`, in order (a line that is only a
    numeric date with a two-digit year, `01-09-17`, is read month first, in this century)."""
    if short := SHORT_NUMERIC_DATE.match(text.strip()):
        day = _day(f"20{short['y']}", short["m"], short["d"])
        return (FoundDate(0, len(text), day.isoformat(), None),) if day else ()
    if not any(century in text for century in CENTURIES):
        return ()  # every date form holds a YEAR: without its first two digits there is none to search for
    return read_dates(text)


def read_dates(text: str) -> tuple[FoundDate, ...]:
    """Every match of the date forms in `text`, read (`find_dates` without its shortcuts)."""
    found = []
    for match in DATE.finditer(text):
        index = next(i for i in range(len(DATE_FORMS)) if match[f"g{i}y"] is not None)
        day = _day(match[f"g{index}y"], match[f"g{index}m"], match[f"g{index}d"])
        if day is None:
            continue
        iso, end = _with_time(day, text, match.end())
        found.append(FoundDate(match.start(), end, iso, _kind(text, match.start())))
    return tuple(found)


@lru_cache(maxsize=4096)
def parse_foreign_date(text: str, languages: tuple[str, ...]) -> str | None:
    """A date line in another language, read by dateparser (day, month and year required)."""
    parsed = dateparser.parse(
        text,
        languages=list(languages),
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"]},
    )
    if parsed is None:
        return None
    return parsed.isoformat() if re.search(r"\b\d{1,2}:\d{2}\b", text) else parsed.date().isoformat()


def date_line(text: str) -> tuple[FoundDate, ...]:
    """The dates of a line that is a date line (a date, its label, time, separators, at most a word or two
    more), or () for a line that is prose, a byline or anything else."""
    if len(text) > 120 or not (dates := find_dates(text)):
        return ()
    rest = text
    for found in reversed(dates):
        rest = rest[: found.start] + " " + rest[found.end :]
    words = DATE_LINE_FILLER.sub(" ", rest).split()
    if len(words) > MAX_DATE_LINE_REST or len(words) > 1 and any(word[:1].islower() for word in words):
        return ()  # `March 3, 2021 was the day ...` is prose; `india Updated: Apr 26, 2020` a date line
    return dates


SHORT_NUMERIC_DATE = re.compile(r"^(?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)[-/.](?P<y>\d{2})$")  # `01-09-17`, alone on its line


def is_date_line(text: str) -> bool:
    """A line that dates the article, absolutely (`date_line`) or relatively (`Published 6 days ago`,
    `9:59 am`, `17m`)."""
    text = text.strip()
    return bool(date_line(text)) or RELATIVE_DATE_LINE.match(text) is not None or SHORT_NUMERIC_DATE.match(text) is not None


def plausible(iso: str, earliest: str) -> bool:
    """Not before `earliest`, not later than tomorrow."""
    try:
        day = date.fromisoformat(iso[:10])
    except ValueError:
        return False
    return date.fromisoformat(earliest) <= day <= datetime.now().date() + timedelta(days=1)


def publication_date(dates: list[FoundDate]) -> str | None:
    """The publication date among a head's dates: a labelled publication, else an unlabelled date, else
    the (earliest) update."""
    for kind in ("published", None, "updated"):
        matching = [found.iso for found in dates if found.kind == kind]
        if matching:
            return min(matching) if kind == "updated" else matching[0]
    return None
