"""Stage 3, strip: boilerplate removal for plain text (and for what trafilatura kept of HTML).

Every paragraph gets a verdict: kept, or removed with the name of the rule that removed it. The
order is: rules that may fire anywhere, lines learned as boilerplate of the source, paragraphs
broken mid-sentence joined, the head (title, byline, date line, repeated standfirst) -- or, for the
text dump of a whole web page, the article found inside it (`article.py`) -- the tail (bare URLs,
bylines, rows of links), and the dateline prefix of the first paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cleaners import article, rules
from cleaners.config import CleanConfig
from cleaners.document import Document

STAGE = "strip"
MAX_TITLE_WORDS = 30
MAX_HEAD_WORDS = 30
MIN_BODY_BEFORE_RELATED = 2  # paragraphs of body before a "related stories" heading can end it
MIN_JOINED_WORDS = 8  # a shorter paragraph is a label or a title, not half of a broken sentence
MAX_NAVIGATION_WORDS = 20  # a longer paragraph with separators is prose, not a row of links
MAX_LEARNED_SHARE = 0.5  # a document that is mostly "repeated lines" is a near-copy, not boilerplate
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE_HINT = re.compile(
    rf"\b{MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH}|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b",
    re.I,
)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
DATE_PREFIX = re.compile(r"^(?:published|updated|posted|last\s+updated|first\s+published|date|dated)(?:\s+on)?\s*:?\s*", re.I)
BYLINE = re.compile(
    r"^(?i:(?:posted\s+|written\s+)?by)\s*:?\s+(?P<names>[A-Z][\w.'\u2019-]*(?:(?:\s+|\s*,\s*|\s+(?:and|&)\s+)(?:[A-Z][\w.'\u2019-]*|de|da|van|von|der|al|bin|la|le))*)"
    r"\s*[,.]?$",
)
NON_PLACES = {
    "update", "updated", "exclusive", "analysis", "opinion", "editorial", "breaking", "watch", "video", "photos",
    "note", "live", "review", "comment", "interview", "explainer", "factbox", "correction", "warning", "spoiler",
    "disclaimer", "editor's note", "listen", "read", "also", "summary", "highlights", "q", "a", "quote", "question",
    "answer", "he", "she", "they", "we", "it", "i", "you", "this", "that", "there", "here", "yes", "no", "why", "what",
}
DATELINE_HEAD = (
    r"^(?P<place>[A-Z][A-Za-z.'\u2019-]+(?:[ -][A-Z][A-Za-z.'\u2019-]+){0,3})"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
    rf"(?:,?\s+(?P<date>(?i:{MONTH})\s+\d{{1,2}}))?"
    r"(?:\s*\((?P<agency>[A-Za-z][\w .&-]{0,40})\))?"
    r"\s*(?P<sep>:|\u2014|\u2013|-{1,2})"
)
DATELINE = re.compile(DATELINE_HEAD + r"\s+(?=[A-Z0-9\"'\u201c])")
DATELINE_ALONE = re.compile(DATELINE_HEAD + r"$")


@dataclass
class Block:
    """One paragraph and its verdict (None: kept)."""

    text: str
    rule: str | None = None


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; in hard-wrapped text, wrapped lines are rejoined."""
    blocks = [[line.strip() for line in block.split("\n") if line.strip()] for block in text.split("\n\n")]
    width = wrap_width([line for lines in blocks for line in lines])
    paragraphs = []
    for lines in blocks:
        paragraphs.extend(unwrap(lines, width) if width else lines)
    return paragraphs


def wrap_width(lines: list[str]) -> int | None:
    """The wrap column of text broken for display, or None: lines that stop mid-sentence reach nearly it."""
    if len(lines) < 3:
        return None
    width = max(len(line) for line in lines)
    open_lines = [line for line in lines if not rules.ends_sentence(line)]
    wrapped = 40 <= width <= 100 and len(open_lines) >= 2
    if wrapped and sum(len(line) >= 0.7 * width for line in open_lines) >= 0.8 * len(open_lines):
        return width
    return None


def unwrap(lines: list[str], width: int) -> list[str]:
    """Join wrapped lines; a short line that closes a sentence ends its paragraph."""
    paragraphs, current = [], []
    for line in lines:
        current.append(line)
        if len(line) < 0.7 * width and rules.ends_sentence(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def fingerprint(line: str) -> str:
    """A line reduced to lower-case words, so that repeats are found whatever the punctuation."""
    return " ".join(rules.WORD.findall(line.lower()))


def is_byline(text: str) -> bool:
    return rules.word_count(text) <= 12 and BYLINE.match(text) is not None


def is_date_line(text: str) -> bool:
    """A short line that is a date (with a year), perhaps after "Published:" or "Updated"."""
    candidate = DATE_PREFIX.sub("", text)
    return (
        rules.word_count(candidate) <= 12
        and YEAR.search(candidate) is not None
        and DATE_HINT.search(candidate) is not None
        and not rules.ends_sentence(candidate.rstrip(")"))
        or bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.+Z-]+)?", candidate.strip()))
    )


def is_headline_like(text: str, limit: int) -> bool:
    """Short and not closed like a sentence: a title, a kicker, a label."""
    return rules.word_count(text) <= limit and not text.rstrip().endswith((".", ":", ";", ","))


def repeats(standfirst: str, paragraph: str) -> bool:
    """The paragraph opens by repeating the standfirst (allowing a dateline and small edits)."""
    head = rules.WORD.findall(standfirst.lower())
    if len(set(head)) < 5:
        return False
    opening = rules.WORD.findall(paragraph.lower())[: len(head) + 8]
    return len(set(head) & set(opening)) >= 0.8 * len(set(head))


def label_anywhere(blocks: list[Block], learned: frozenset[str]) -> None:
    """Rules that may fire on any paragraph, then lines the source repeats (except metadata lines).

    Learned lines are only removed while they are a minority of the document's words: near-copies
    of one article share all their lines, and those lines are the article, not boilerplate.
    """
    for index, block in enumerate(blocks):
        block.rule = block.rule or rules.first_rule(block.text)
        if block.rule == "original_url_trailer" and index + 1 < len(blocks) and rules.is_url_only(blocks[index + 1].text):
            blocks[index + 1].rule = "original_url_trailer"
    if learned:
        repeated = [
            block
            for block in blocks
            if block.rule is None
            and fingerprint(block.text) in learned
            and not is_byline(block.text)
            and not is_date_line(block.text)
        ]
        words = sum(rules.word_count(block.text) for block in blocks if block.rule is None)
        if sum(rules.word_count(block.text) for block in repeated) <= MAX_LEARNED_SHARE * words:
            for block in repeated:
                block.rule = "repeated_in_source"


def label_head(blocks: list[Block], title: str | None) -> None:
    """Title, bylines, date lines and a standfirst the first paragraph repeats, before the body starts.

    The head is only taken when a body follows it, and the body starts at the first paragraph that
    none of these describe, so cleaning a cleaned text finds no head again.
    """
    kept = [block for block in blocks if block.rule is None]
    head: list[tuple[Block, str]] = []
    has_title = title is not None
    for index, block in enumerate(kept):
        following = kept[index + 1] if index + 1 < len(kept) else None
        if title is not None and fingerprint(block.text) == fingerprint(title):
            head.append((block, "title"))
        elif is_byline(block.text):
            head.append((block, "byline"))
        elif is_date_line(block.text):
            head.append((block, "date_line"))
        elif (
            following is not None
            and not is_headline_like(following.text, MAX_HEAD_WORDS)
            and repeats(block.text, strip_dateline(following.text)[0])
        ):
            head.append((block, "repeated_standfirst"))
            break  # the paragraph that repeats it opens the body
        elif not has_title and index == 0 and is_headline_like(block.text, MAX_TITLE_WORDS):
            head.append((block, "title"))
            has_title = True
        elif title is None and is_headline_like(block.text, MAX_HEAD_WORDS):
            head.append((block, "header_line"))
        else:
            break
    else:
        return  # no body after the head: leave the text as it is
    for block, rule in head:
        block.rule = rule


def strip_dateline(paragraph: str) -> tuple[str, re.Match | None]:
    """The paragraph without a leading dateline (`Moscow: `, `MOSCOW (Reuters) - `), and the match."""
    match = DATELINE.match(paragraph)
    if not match:
        return paragraph, None
    place = match.group("place")
    if place.lower() in NON_PLACES or (match.group("sep") != ":" and not place.isupper() and not match.group("agency")):
        return paragraph, None
    return paragraph[match.end():], match


def label_related_section(blocks: list[Block]) -> None:
    """A `Related stories` / `Most read` heading after the body has started: the rest is other stories."""
    kept = [block for block in blocks if block.rule is None]
    for index, block in enumerate(kept):
        if index >= MIN_BODY_BEFORE_RELATED and article.is_section_break(block.text):
            for later in kept[index:]:
                later.rule = "related_section"
            return


def tail_rule(text: str) -> str | None:
    """What a paragraph after the body's last one is: a bare URL, a byline, a row of links."""
    if rules.is_url_only(text):
        return "trailing_url"
    if is_byline(text):
        return "byline"
    if rules.word_count(text) <= MAX_NAVIGATION_WORDS and len(article.SEPARATORS.findall(text)) >= 2:
        return "navigation"
    return None


def label_tail(blocks: list[Block]) -> None:
    """Bare URLs, bylines and rows of links (`Terms · Privacy · Twitter`) at the very end of the text."""
    for block in reversed(blocks):
        if block.rule is not None:
            continue
        block.rule = tail_rule(block.text)
        if block.rule is None:
            break


def join_broken(blocks: list[Block]) -> tuple[list[Block], int]:
    """Join a kept paragraph to the previous kept one when a sentence runs across the break
    (even across a removed block between them, such as an advertisement line)."""
    joined: list[Block] = []
    previous: Block | None = None
    count = 0
    for block in blocks:
        if (
            block.rule is None
            and previous is not None
            and rules.word_count(previous.text) >= MIN_JOINED_WORDS
            and rules.is_broken_continuation(previous.text, block.text)
        ):
            previous.text = f"{previous.text} {block.text}"
            count += 1
            continue
        joined.append(block)
        if block.rule is None:
            previous = block
    return joined, count


def strip(doc: Document, config: CleanConfig, learned: frozenset[str] = frozenset()) -> Document:
    """Label every paragraph, keep the body, record each removed block with its rule."""
    blocks = [Block(paragraph) for paragraph in split_paragraphs(doc.text)]
    label_anywhere(blocks, learned)
    blocks, joins = join_broken(blocks)
    if doc.format == "text" and article.looks_like_page_dump([block.text for block in blocks if block.rule is None]):
        doc.record(STAGE, "find_article_in_page_dump")
        labels = article.label_page_dump(
            [block.text for block in blocks], [block.rule for block in blocks],
            config.allowed_languages, is_byline, is_date_line,
        )
        for block, label in zip(blocks, labels):
            block.rule = block.rule or label
    else:
        label_head(blocks, doc.title)
        label_related_section(blocks)
    label_tail(blocks)
    body = [block for block in blocks if block.rule is None]
    first, dateline = (body[0], None) if body else (None, None)
    if first is not None:
        first.text, dateline = strip_dateline(first.text)
    counts = Counter(block.rule for block in blocks if block.rule is not None)
    for block in blocks:
        if block is first and dateline:
            doc.remove(dateline.group().strip(), "dateline_prefix")
            counts["dateline_prefix"] += 1
        if block.rule is not None:
            doc.remove(block.text, block.rule)
    for rule, count in counts.items():
        doc.record(STAGE, rule, count)
    doc.record(STAGE, "join_broken_paragraphs", joins)
    doc.text = "\n\n".join(block.text for block in body if block.text)
    return doc
