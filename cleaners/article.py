"""Find the article inside a plain-text dump of a whole web page (menus, link lists, footers...).

jusText classifies the paragraphs of an HTML page by length, stopword density and link density,
then lets the neighbours of uncertain paragraphs decide. A text dump has no tags, so the same idea
works on lines: prose is long, closes its sentences and is dense in stopwords; page furniture is
short, title-cased, full of separators and links. The article is the largest cluster of good
paragraphs (plus clusters nearly as large); its head (title, standfirst, byline, date) is looked
for just before it. Everything else is labelled, never dropped silently.
"""

from __future__ import annotations

import re
from functools import lru_cache

import justext

from cleaners import rules

LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "ru": "Russian", "pl": "Polish", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
    "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "tr": "Turkish", "id": "Indonesian", "hu": "Hungarian",
}
LENGTH_LOW, LENGTH_HIGH = 70, 200  # characters, as in jusText
STOPWORDS_LOW, STOPWORDS_HIGH = 0.30, 0.32
MAX_STRONG_GAP = 2  # strong furniture signals (share lines, teasers, links) that separate two articles' parts
MAX_WEAK_RUN = 5  # consecutive short unpunctuated lines that separate them (a menu, not a heading)
MIN_CLUSTER_SHARE = 0.5  # a second cluster is kept when it has at least this share of the main one's words
HEAD_ZONE = 8  # paragraphs before the article searched for its title, standfirst and byline
MIN_DUMP_PARAGRAPHS = 20
MIN_FURNITURE_SHARE = 0.15
SEPARATORS = re.compile(r"[|\u2022\u00b7\u00bb\u00ab\u2192\u2190\u203a\u2039]|//|\s[-\u2013\u2014]$")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
BYLINE_PART = re.compile(r"^(?:(?i:by)\s+)?[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,3}$")
TEASER_END = re.compile(r"(?:\u2026|\.\.\.|\.\s\.\s\.|\((?:\d+\s+)?(?:photos?|videos?|pics|gallery)\))\s*$", re.I)
SECTION_BREAK = re.compile(
    r"^(?:(?:more|other|related|recommended|popular|trending|latest|top)\s+(?:[\w'&-]+\s+){0,2}"
    r"(?:stories|articles|news|columns|videos|posts|headlines|reads|coverage|links)|more\s+from\b.*|"
    r"most\s+(?:read|popular|viewed|shared|commented)(?:\s+\w+)?|you\s+(?:may|might)\s+also\s+(?:like|enjoy)|"
    r"around\s+the\s+web|editor'?s\s+picks|what\s+to\s+read\s+next|further\s+reading|"
    r"in\s+case\s+you\s+missed\s+it|next\s+on\s+\w+)\W*$",
    re.I,
)
LIST_ITEM = re.compile(r"^(?:[-+*\u2022\u00b7\u25aa\u25e6\u2023]|\d{1,2}[.)]|\(\d{1,2}\))\s+\S")
CODE_MARKS = re.compile(r"[{}();=<>$#\[\]]|^\s*(?://|/\*|\*/)")
PART_SPLIT = re.compile(r"\s+(?:[-\u2013\u2014|\u2022\u00b7]|(?i:on|updated|published))\s+")


@lru_cache(maxsize=16)
def stopwords(languages: tuple[str, ...]) -> frozenset[str]:
    """jusText's stoplists for the allowed languages (English when none is known)."""
    names = [LANGUAGE_NAMES[code] for code in languages if code in LANGUAGE_NAMES] or ["English"]
    return frozenset().union(*(justext.get_stoplist(name) for name in names))


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
    if len(text) >= LENGTH_HIGH or is_list_item(text):
        return False
    return (is_headline_case(text) and not text.rstrip().endswith(".")) or TEASER_END.search(text) is not None


def is_list_item(text: str) -> bool:
    """`+ Added Slime Block`, `* Tweaked the debug screen`, `2) Google it`: a list the article holds."""
    return LIST_ITEM.match(text) is not None


@lru_cache(maxsize=4096)  # asked several times per paragraph of a page dump
def chrome_kind(text: str, rule: str | None) -> str | None:
    """How surely a paragraph is page furniture: "strong" (removed by a rule, a teaser, a link line),
    "weak" (a short unpunctuated line: a menu item, but also a heading or a table cell), or None.

    Code lines and list items are short and unpunctuated too, but they belong to the article.
    """
    if rule is not None:
        return "strong"
    if is_list_item(text) or CODE_MARKS.search(text):
        return None
    if is_teaser(text) or rules.URL.search(text) or EMAIL.search(text) or len(SEPARATORS.findall(text)) >= 2:
        return "strong"
    return "weak" if is_furniture(text) else None


def is_section_break(text: str) -> bool:
    """`Related stories`, `Other Opinion Columns`, `Most read`: what follows is not the article."""
    return is_furniture(text) and SECTION_BREAK.match(text) is not None


def looks_like_page_dump(texts: list[str]) -> bool:
    """Many paragraphs, a large share of them menu-like: the text of a whole page, not an article."""
    if len(texts) < MIN_DUMP_PARAGRAPHS:
        return False
    furniture = [text for text in texts if any(char.isalpha() for char in text) and chrome_kind(text, None)]
    return len(furniture) >= MIN_FURNITURE_SHARE * len(texts)


@lru_cache(maxsize=4096)  # asked several times per paragraph of a page dump
def classify(text: str, stop: frozenset[str]) -> str:
    """jusText's classes for one paragraph of text: good, near, short or bad."""
    words = rules.WORD.findall(text.lower())
    if not words:
        return "bad"
    if (rules.URL.search(text) or EMAIL.search(text)) and len(words) < 25:
        return "bad"
    if len(SEPARATORS.findall(text)) >= 2 or (SEPARATORS.search(text) and len(text) < LENGTH_LOW):
        return "bad"
    if is_teaser(text):
        return "bad"
    if len(text) < LENGTH_LOW:
        return "short"
    density = sum(word in stop for word in words) / len(words)
    if density >= STOPWORDS_HIGH and (len(text) > LENGTH_HIGH or rules.ends_sentence(text)):
        return "good"
    return "near" if density >= STOPWORDS_LOW else "bad"


def resolve(classes: list[str], texts: list[str]) -> list[bool]:
    """Let neighbours decide near-good and short paragraphs; True marks article text."""

    def neighbour(index: int, step: int) -> str:
        index += step
        while 0 <= index < len(classes):
            if classes[index] in ("good", "bad"):
                return classes[index]
            index += step
        return "bad"

    good = []
    for index, kind in enumerate(classes):
        before, after = neighbour(index, -1), neighbour(index, 1)
        if kind == "near":
            good.append("good" in (before, after))
        elif kind == "short":
            sentence = rules.ends_sentence(texts[index]) and not is_furniture(texts[index]) and not is_teaser(texts[index])
            good.append(before == after == "good" or (sentence and "good" in (before, after)))
        else:
            good.append(kind == "good")
    return good


def clusters(good: list[bool], chrome: list[str | None], words: list[int]) -> list[tuple[int, int, int]]:
    """Runs of good paragraphs, split where furniture comes between them: two strong signals, or a
    run of MAX_WEAK_RUN short lines (a menu). Headings, code and lists do not split: (first, last, words)."""
    found: list[tuple[int, int, int]] = []
    start = last = None
    total = strong = run = longest = 0
    for index, is_good in enumerate(good):
        if not is_good:
            strong += chrome[index] == "strong"
            run = run + 1 if chrome[index] == "weak" else 0
            longest = max(longest, run)
            continue
        if last is not None and (strong >= MAX_STRONG_GAP or longest >= MAX_WEAK_RUN):
            found.append((start, last, total))
            start, total = None, 0
        if start is None:
            start = index
        last, total = index, total + words[index]
        strong = run = longest = 0
    if start is not None:
        found.append((start, last, total))
    return found


def is_heading(index: int, chrome: list[str | None]) -> bool:
    """Not furniture, or a lone short line between article paragraphs: a heading, kept."""
    if chrome[index] is None:
        return True
    before = chrome[index - 1] if index > 0 else "strong"
    after = chrome[index + 1] if index + 1 < len(chrome) else "strong"
    return chrome[index] == "weak" and before is None and after is None


def widen(first: int, last: int, texts: list[str], chrome: list[bool]) -> tuple[int, int]:
    """Take in the list items and code lines that open or close the article."""

    def belongs(index: int) -> bool:
        return chrome[index] is None and (is_list_item(texts[index]) or CODE_MARKS.search(texts[index]) is not None)

    while first > 0 and belongs(first - 1):
        first -= 1
    while last + 1 < len(texts) and belongs(last + 1):
        last += 1
    return first, last


def is_title_candidate(text: str) -> bool:
    words = rules.word_count(text)
    return (
        4 <= words <= 30
        and text[:1].isupper()
        and not text.rstrip().endswith((".", ":", ","))
        and not SEPARATORS.search(text)
    )


def is_byline_and_date(text: str, is_date_line) -> bool:
    """`Jane Doe - Apr 16, 2015 8:02 pm UTC`, `By Jane Doe | Updated March 3, 2021`."""
    parts = [part for part in PART_SPLIT.split(text) if part]
    return len(parts) >= 2 and bool(BYLINE_PART.match(parts[0])) and any(is_date_line(part) for part in parts[1:])


def label_page_dump(
    texts: list[str], rules_of: list[str | None], languages: tuple[str, ...], is_byline, is_date_line
) -> list[str | None]:
    """A rule name (or None: article text) for each paragraph of a page dump.

    Paragraphs that another rule already removed (`rules_of`) keep their label but count as
    furniture for the neighbours and gaps around them. A section break after the article's start
    (`Related stories`, `Other Opinion Columns`) ends the article.
    """
    removed = [rule is not None for rule in rules_of]
    stop = stopwords(languages)
    classes = ["bad" if gone else classify(text, stop) for text, gone in zip(texts, removed)]
    chrome = [chrome_kind(text, rule) for text, rule in zip(texts, rules_of)]
    good = [is_good and kind is None for is_good, kind in zip(resolve(classes, texts), chrome)]
    words = [rules.word_count(text) for text in texts]
    found = clusters(good, chrome, words)
    if not found:
        return [None] * len(texts)
    main = max(found, key=lambda cluster: cluster[2])
    end = next((index for index in range(main[0], len(texts)) if is_section_break(texts[index])), None)
    if end is not None:
        good[end:] = [False] * (len(texts) - end)
        found = clusters(good, chrome, words)
        main = max(found, key=lambda cluster: cluster[2])
    kept = [widen(first, last, texts, chrome) for first, last, total in found if total >= MIN_CLUSTER_SHARE * main[2]]
    labels: list[str | None] = ["outside_article"] * len(texts)
    for first, last in kept:
        for index in range(first, last + 1):
            labels[index] = None if good[index] or is_heading(index, chrome) else "short_fragment"
    start = kept[0][0]
    zone = [index for index in range(start) if not removed[index]][-HEAD_ZONE:]
    title = next((index for index in reversed(zone) if is_title_candidate(texts[index])
                  and not is_date_line(texts[index]) and not is_byline(texts[index])), None)
    if title is not None:
        labels[title] = "title"
        for index in range(title + 1, start):
            if labels[index] == "outside_article" and rules.ends_sentence(texts[index]) and words[index] >= 6:
                labels[index] = "standfirst" if "standfirst" not in labels else labels[index]
    for index, text in enumerate(texts):
        if labels[index] in ("outside_article", "short_fragment") and (title or start) <= index <= kept[0][1]:
            if is_byline(text) or is_byline_and_date(text, is_date_line):
                labels[index] = "byline"
            elif is_date_line(text):
                labels[index] = "date_line"
    return [None if gone else label for label, gone in zip(labels, removed)]
