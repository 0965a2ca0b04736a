"""Find the article inside a plain-text dump of a whole web page (menus, link lists, footers...).

jusText classifies the paragraphs of an HTML page by length, stopword density and link density,
then lets the neighbours of uncertain paragraphs decide. A text dump has no tags, so the same idea
works on lines: prose is long, closes its sentences and is dense in stopwords; page furniture is
short, title-cased, full of separators and links. The article is the largest cluster of good
paragraphs (plus clusters nearly as large); its head (title, standfirst, byline, date) is looked
for just before it. Everything else is labelled, never dropped silently.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import justext

from cleaners import head, rules

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
    "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "tr": "Turkish", "id": "Indonesian", "hu": "Hungarian",
}
LENGTH_LOW, LENGTH_HIGH = 70, 200  # characters, as in jusText
STOPWORDS_LOW, STOPWORDS_HIGH = 0.30, 0.32
MIN_DUMP_PARAGRAPHS = 20
EDGE_LINES = (5, 20)  # lines at each end of a text looked at for furniture: a quarter of them, within these bounds
MIN_EDGE_FURNITURE = 0.3  # share of furniture at both ends that makes a text a page dump
SEPARATOR_MARKS = "|\u2022\u00b7\u00bb\u00ab\u2192\u2190\u203a\u2039"
LINE_END_DASHES = "-\u2013\u2014"
SEPARATORS = re.compile(rf"[{SEPARATOR_MARKS}]|//|\s[{LINE_END_DASHES}]$")
SEPARATOR_START = re.compile(rf"[{SEPARATOR_MARKS}/]")  # what every separator but a line-ending dash holds
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
TEASER_END = re.compile(r"(?:\u2026|\.\.\.|\.\s\.\s\.|\((?:\d+\s+)?(?:photos?|videos?|pics|gallery)\))\s*$", re.I)
RELATED_BREAK = re.compile(
    r"^(?:(?:more|other|related|recommended|popular|trending|latest|top)\s+(?:[\w'&-]+\s+){0,2}"
    r"(?:stories|articles|news|columns|videos|posts|headlines|reads|coverage|links)|more\s+from\b.*|"
    r"most\s+(?:read|popular|viewed|shared|commented)(?:\s+\w+)?|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|"
    r"around\s+the\s+web|editor'?s\s+picks|what\s+to\s+read\s+next|further\s+reading|"
    r"in\s+case\s+you\s+missed\s+it|next\s+on\s+\w+)\W*$",
    re.I,
)
# What ends an article on a whole page besides other stories: comments, the author's box, sources, share bars.
PAGE_SECTION_BREAK = re.compile(
    r"^(?:(?:\d+\s+)?(?:comments?|responses?|replies|reader\s+comments|discussion)(?:\s*\(\d+\))?|leave\s+a\s+(?:reply|comment)|"
    r"join\s+the\s+(?:conversation|discussion)|add\s+(?:a|your)\s+comment|\d+\s+thoughts?\s+on\b.*|"
    r"about\s+the\s+authors?|author\s+bio|meet\s+the\s+authors?|references|sources|bibliography|citations|footnotes|"
    r"(?:you\s+)?(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)\b.*|read\s+next|keep\s+reading|up\s+next|"
    r"share\s+this(?:\s+(?:article|post|story))?|like\s+this|(?:recent|popular|latest|similar)\s+posts)\W*$",
    re.I,
)
TAXONOMY_LINE = re.compile(r"^(?:filed\s+under|tags?|tagged(?:\s+with)?|labels?|categor(?:y|ies)|topics?|posted\s+in)\s*:", re.I)
LIST_MARK = re.compile(r"^(?:[-+*\u2022\u00b7\u25aa\u25e6\u2023]|\d{1,2}[.)]|\(\d{1,2}\))\s+(?=\S)")
CODE_MARKS = re.compile(r"[{}();=<>$#\[\]]|^\s*(?://|/\*|\*/)")


@lru_cache(maxsize=16)
def stopwords(languages: tuple[str, ...]) -> frozenset[str]:
    """jusText's stoplists for the allowed languages (English when none is known)."""
    names = [LANGUAGE_NAMES[code] for code in languages if code in LANGUAGE_NAMES] or ["English"]
    return frozenset().union(*(justext.get_stoplist(name) for name in names))


def separators(text: str) -> int:
    """How many SEPARATORS `text` holds: each is a mark, `//` or a dash in the line's last two characters
    (before `$`), so the search runs only on a line that has one of those."""
    if SEPARATOR_START.search(text) is None and not any(dash in text[-2:] for dash in LINE_END_DASHES):
        return 0
    return len(SEPARATORS.findall(text))


def has_email(text: str) -> bool:
    """`EMAIL` is found in `text`: every match holds an @, so the search runs only then."""
    return "@" in text and EMAIL.search(text) is not None


def is_furniture(text: str) -> bool:
    """A short line that does not close a sentence: a menu item, a label (`Official links:`), a counter."""
    return rules.word_count(text) <= 5 and (not rules.ends_sentence(text) or text.endswith(":"))


def is_headline_case(text: str) -> bool:
    """Most longer words capitalised: a headline or a link to one, not running prose."""
    long_words = [word for word in rules.WORD.findall(text) if len(word) >= 4 and not word.isdigit()]
    return len(long_words) >= 3 and sum(word[0].isupper() for word in long_words) >= 0.8 * len(long_words)


@lru_cache(maxsize=4096)  # asked several times per paragraph of a page dump
def is_teaser(text: str) -> bool:
    """A link to another story: headline case (not closed by a period), or cut short with an ellipsis."""
    if len(text) >= LENGTH_HIGH:
        return False
    return (is_headline_case(text) and not text.rstrip().endswith(".")) or TEASER_END.search(text) is not None


def unmarked(text: str) -> str:
    """A line without its list mark (`* Home`, `2) Google it`): dumpers mark the items of menus and of
    the article's own lists alike, so the mark says nothing about which a line is."""
    return LIST_MARK.sub("", text, count=1)


@lru_cache(maxsize=4096)  # asked several times per paragraph of a page dump
def chrome_kind(text: str, rule: str | None) -> str | None:
    """How surely a paragraph is page furniture: "strong" (removed by a rule, a teaser, a link line),
    "weak" (a short unpunctuated line: a menu item, but also a heading or a table cell), or None.

    Code lines are short and unpunctuated too, but they belong to the article.
    """
    if rule is not None:
        return "strong"
    if CODE_MARKS.search(text):
        return None
    if is_teaser(text) or rules.has_url(text) or has_email(text) or separators(text) >= 2:
        return "strong"
    return "weak" if is_furniture(text) else None


def is_section_break(text: str) -> bool:
    """`Related stories`, `Other Opinion Columns`, `Most read`: what follows is other stories."""
    return is_furniture(text) and RELATED_BREAK.match(text) is not None


def is_page_section_break(text: str) -> bool:
    """On a whole page, also `Leave a Reply`, `About the author`, `Sources`, `Tags: ...`: what follows
    is not the article."""
    short = is_furniture(text) or rules.word_count(text) <= 8
    return is_section_break(text) or short and PAGE_SECTION_BREAK.match(text) is not None or (
        rules.word_count(text) <= 20 and TAXONOMY_LINE.match(text) is not None
    )


def looks_like_page_dump(texts: list[str]) -> bool:
    """Many paragraphs, and furniture at both ends (menus above, footers below): the text of a whole
    page, not an article (whose lists and subheadings sit in its middle).

    On the WCXB dev pages: 9% of the gold article bodies (as plain text) and 90% of the pages' text
    dumps are taken for page dumps (bench/eval/README.md)."""
    lines = [unmarked(text) for text in texts if any(char.isalpha() for char in text)]
    if len(lines) < MIN_DUMP_PARAGRAPHS:
        return False
    edge = max(EDGE_LINES[0], min(EDGE_LINES[1], len(lines) // 4))
    return mostly_furniture(lines[:edge]) and mostly_furniture(lines[-edge:])


def mostly_furniture(part: list[str]) -> bool:
    """A share of MIN_EDGE_FURNITURE of the lines or more are furniture: the lines are read only until
    the share is reached, or can no longer be."""
    furniture = 0
    for read, text in enumerate(part, 1):
        furniture += chrome_kind(text, None) is not None
        if furniture / len(part) >= MIN_EDGE_FURNITURE:
            return True
        if (furniture + len(part) - read) / len(part) < MIN_EDGE_FURNITURE:
            return False
    return furniture / len(part) >= MIN_EDGE_FURNITURE


@lru_cache(maxsize=4096)  # asked several times per paragraph of a page dump
def classify(text: str, stop: frozenset[str]) -> str:
    """jusText's classes for one paragraph of text: good, near, short or bad."""
    words = rules.WORD.findall(text.lower())
    if not words:
        return "bad"
    if (rules.has_url(text) or has_email(text)) and len(words) < 25:
        return "bad"
    marks = separators(text)
    if marks >= 2 or (marks and len(text) < LENGTH_LOW):
        return "bad"
    if is_teaser(text):
        return "bad"
    if len(text) < LENGTH_LOW:
        return "phrase" if len(words) >= 3 and sum(word.islower() for word in rules.WORD.findall(text)) >= 0.5 * len(words) else "short"
    density = sum(word in stop for word in words) / len(words)
    if density >= STOPWORDS_HIGH and (len(text) > LENGTH_HIGH or rules.ends_sentence(text)):
        return "good"
    return "near" if density >= STOPWORDS_LOW else "bad"


# What each kind of line adds to (or takes from) the span that holds the article: prose words count
# for it, furniture against it, and a section break (`Related stories`, `Leave a reply`) is never
# crossed (chosen on the WCXB dev pages; bench/eval/README.md).
SPAN_WEIGHTS = {
    "good": 1.0, "near": 0.5, "phrase": 0.0, "short": -0.5, "heading": -0.5, "bad": -1.0, "weak": -2.0, "strong": -8.0, "removed": -8.0,
    "break": -math.inf,
}
MAX_LINE_WEIGHT = 60  # words of one line that count (a huge paragraph of a footer is no stronger than a long one)


def line_weight(text: str, kind: str, chrome: str | None, removed: bool) -> float:
    """How much a line speaks for the span that contains it being the article."""
    if is_page_section_break(text):
        return SPAN_WEIGHTS["break"]
    if removed:
        return SPAN_WEIGHTS["removed"]
    if chrome is not None:
        return SPAN_WEIGHTS[chrome]
    if kind in ("good", "near"):
        return SPAN_WEIGHTS[kind] * min(rules.word_count(text), MAX_LINE_WEIGHT)
    return SPAN_WEIGHTS[kind]


def best_span(weights: list[float]) -> tuple[int, int] | None:
    """The contiguous run of lines with the largest total weight (Kadane), or None when none is positive."""
    best, best_total = None, 0.0
    start, total = 0, 0.0
    for index, weight in enumerate(weights):
        if total <= 0:
            start, total = index, 0.0
        total += weight
        if total > best_total:
            best, best_total = (start, index), total
    return best


def keeps_in_article(text: str, rule: str | None) -> bool:
    """Inside the article's span, everything stays but what rules removed and rows of links."""
    return rule is None and not rules.has_url(text) and not has_email(text) and separators(text) < 2


MAX_PROSE_TITLE_WORDS = 20  # a long headline reads like prose to jusText's classes


def first_prose(texts: list[str], classes: list[str], removed: list[bool], first: int, last: int) -> int:
    """The article's first paragraph of prose: a good line followed by more prose (a lone long line in a
    header is a site's blurb, not the article), and not closed like a headline (a long title such as
    `10 movies to stream now` is dense in stopwords too: it belongs to the head)."""
    prose = [index for index in range(first, last + 1) if not removed[index] and classes[index] in ("good", "near")]
    for position, index in enumerate(prose):
        if head.is_headline(texts[index], MAX_PROSE_TITLE_WORDS) and not texts[index].rstrip().endswith(("!", "?")):
            continue
        if position + 1 < len(prose) and prose[position + 1] - index <= 3:
            return index
    return prose[0] if prose else first


@dataclass(frozen=True)
class PageLayout:
    """Where a page dump's article is: its span of lines and its first paragraph of prose."""

    removed: list[bool]
    first: int
    last: int
    prose: int


def headings_among(texts: list[str], chrome: list[str | None]) -> list[str | None]:
    """A headline-case line between two lines of prose is the article's own heading, not a teaser
    (a link to another story comes among other links): it weighs like a short line."""
    kinds = list(chrome)
    for index in range(1, len(texts) - 1):
        if chrome[index] == "strong" and chrome[index - 1] is None and chrome[index + 1] is None and is_teaser(texts[index]):
            kinds[index] = "heading"
    return kinds


def page_layout(texts: list[str], rules_of: list[str | None], languages: tuple[str, ...], notices: list[bool] | None = None) -> PageLayout | None:
    """Every line weighed for or against being article text (jusText's classes: prose for, furniture
    against); the article is the run of lines with the largest total weight. None: no prose at all."""
    removed = [rule is not None for rule in rules_of]
    stop = stopwords(languages)
    plain = [unmarked(text) for text in texts]
    classes = ["bad" if gone else classify(text, stop) for text, gone in zip(plain, removed)]
    chrome = headings_among(plain, [chrome_kind(text, rule) for text, rule in zip(plain, rules_of)])
    span = best_span([line_weight(text, kind, ch, gone) for text, kind, ch, gone in zip(plain, classes, chrome, removed)])
    if span is None:
        return None
    first, last = span
    skipped = [gone or bool(notices and notices[index]) for index, gone in enumerate(removed)]
    return PageLayout(removed, first, last, first_prose(plain, classes, skipped, first, last))


def label_page_dump(
    texts: list[str], rules_of: list[str | None], languages: tuple[str, ...], notices: list[bool] | None = None
) -> list[str | None]:
    """A rule name (or None: article text) for each paragraph of a page dump.

    The article is the span `page_layout` finds (a section break such as `Related stories` or `Leave
    a reply` is never inside it). Headings, lists and tables inside the span stay; its head (title,
    standfirst, byline, date) is looked for just before its prose (`head.label_dump_head`).
    """
    layout = page_layout(texts, rules_of, languages, notices)
    if layout is None:
        return [None] * len(texts)
    labels: list[str | None] = ["outside_article"] * len(texts)
    for index in range(layout.first, layout.last + 1):
        labels[index] = None if keeps_in_article(texts[index], rules_of[index]) else "short_fragment"
    head_labels = head.label_dump_head(texts, layout.removed, layout.first, layout.prose)
    if "byline" not in head_labels.values():
        head_labels.update(head.label_dump_tail(texts, layout.removed, layout.last))
    for index, rule in head_labels.items():
        if labels[index] is not None or rule in ("title", "byline", "date_line"):
            labels[index] = rule
    return [None if gone else label for label, gone in zip(labels, layout.removed)]
