"""Stage 3, strip: boilerplate removal for plain text (and for what trafilatura kept of HTML).

Every paragraph gets a verdict: kept, or removed with the name of the rule that removed it. The
order is: rules that may fire anywhere, lines learned as boilerplate of the source, scraper residue
that the removed lines beside it give away (`residue.py`: a tweet's text, a share bar, tags listed
one a line, a caption before its credit), paragraphs broken mid-sentence joined, the head (title,
byline, date line, repeated standfirst) -- or, for the text dump of a whole web page, the article
found inside it (`article.py`) -- the tail (bare URLs, bylines, rows of links), the end matter after the
article's last paragraph (`trailer.py`: credits, tags, author's box, comment thread), and the dateline
prefix of the first paragraph.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cleaners import article, bylines, dates, head, residue, rules, trailer
from cleaners.datelines import dateline_line, strip_dateline
from cleaners.config import CleanConfig
from cleaners.document import Document

STAGE = "strip"
MIN_BODY_BEFORE_RELATED = 2  # paragraphs of body before a "related stories" heading can end it
MAX_CARD_EXTRA_WORDS = 25  # words after a share card's title and standfirst (its call and its link)
MAX_TEASER_PARAGRAPH_WORDS = 60  # a longer paragraph under a "related" heading is the article going on
MIN_JOINED_WORDS = 8  # a shorter paragraph is a label or a title, not half of a broken sentence
MAX_NAVIGATION_WORDS = 20  # a longer paragraph with separators is prose, not a row of links
MAX_LEARNED_SHARE = 0.5  # a document that is mostly "repeated lines" is a near-copy, not boilerplate
# Lines of scraper residue and trailers (a photo's credit, an embed, a bio, a credit line, a form): in a page
# dump they say little of where the article is (a product review credits every photo; a bio is prose), so
# the article's span is found as if they were kept, then they go.
NOTICES = frozenset({"syndication_notice", "archive_notice"})  # prose that is never the article's first paragraph
SPAN_NEUTRAL = frozenset({
    "caption", "photo_credit", "social_embed", "video_player", "page_control", "author_bio", "wire_credit",
    "syndication_notice", "archive_notice", "signup_form", "contribute_prompt", "tag_list",
})


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
            and rules.fingerprint(block.text) in learned
            and head.credit_role(block.text) is None
        ]
        words = sum(rules.word_count(block.text) for block in blocks if block.rule is None)
        if sum(rules.word_count(block.text) for block in repeated) <= MAX_LEARNED_SHARE * words:
            for block in repeated:
                block.rule = "repeated_in_source"


def label_head(blocks: list[Block], title: str | None) -> None:
    """Label the article's head (`head.py`): kicker, title, standfirst, bylines, date lines."""
    labels = head.label_article_head([block.text for block in blocks], [block.rule is not None for block in blocks], title)
    for index, rule in labels.items():
        blocks[index].rule = rule


def label_head_repeats(blocks: list[Block]) -> None:
    """A paragraph of the body that is the head again: the title and the standfirst run together, with
    at most a line's worth of words after them (a share card left on a scraped page: `<title>
    <standfirst> Check out this story on example.com: <url>`). A title alone may be a subheading."""
    title = next((block.text for block in blocks if block.rule == "title"), None)
    standfirst = next((block.text for block in blocks if block.rule in ("standfirst", "repeated_standfirst")), None)
    if title is None or standfirst is None:
        return
    card = rules.fingerprint(f"{title} {standfirst}")
    for block in blocks:
        text = rules.fingerprint(rules.URL.sub(" ", block.text)) if block.rule is None else ""
        if text and text.startswith(card) and len(text[len(card):].split()) <= MAX_CARD_EXTRA_WORDS:
            block.rule = "repeated_head"


def label_related_section(blocks: list[Block]) -> None:
    """A `Related stories` / `Most read` heading after the body has started: the rest is other stories,
    unless a paragraph of it is too long for a teaser (the heading was a box inside the article, which
    goes on under it)."""
    kept = [block for block in blocks if block.rule is None]
    for index, block in enumerate(kept):
        if index >= MIN_BODY_BEFORE_RELATED and article.is_section_break(block.text):
            rest = kept[index:]
            if all(rules.word_count(later.text) <= MAX_TEASER_PARAGRAPH_WORDS for later in rest[1:]):
                for later in rest:
                    later.rule = "related_section"
            return


def tail_rule(text: str) -> str | None:
    """What a paragraph after the body's last one is: a bare URL, a byline, a row of links."""
    if rules.is_url_only(text):
        return "trailing_url"
    if bylines.read_byline(text):
        return "byline"
    if rules.word_count(text) <= MAX_NAVIGATION_WORDS and article.separators(text) >= 2 and not is_table_row(text):
        return "navigation"
    return None


def is_table_row(text: str) -> bool:
    """`| 1 | UC Berkeley Haas | 59% |`: a row of a table as trafilatura writes it, not a row of links."""
    return text.startswith("|") and text.rstrip().endswith("|")


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


def first_blocks(text: str, learned: frozenset[str] = frozenset()) -> tuple[list[Block], int]:
    """The text's paragraphs, labelled by the rules that fire anywhere and by the learned lines, with
    paragraphs broken mid-sentence joined; and the number of joins."""
    blocks = [Block(paragraph) for paragraph in split_paragraphs(text)]
    label_anywhere(blocks, learned)
    return join_broken(blocks)


def strip(doc: Document, config: CleanConfig, learned: frozenset[str] = frozenset()) -> Document:
    """Label every paragraph, keep the body, record each removed block with its rule.

    In the text dump of a whole page, the residue that neighbours give away (`residue.py`) is read
    after the article's span is found, inside it: before, the page's menus (runs of short lines,
    `More`, `Categories`, figures) would pass for tag boxes and data cards and take the head."""
    blocks, joins = first_blocks(doc.text, learned)
    scraped = doc.format == "text"
    page_dump = scraped and article.looks_like_page_dump([block.text for block in blocks if block.rule is None])
    if not page_dump:
        residue.label_residue(blocks, pull_quotes=scraped)
    if page_dump:
        doc.record(STAGE, "find_article_in_page_dump")
        labels = article.label_page_dump(
            [block.text for block in blocks], [None if block.rule in SPAN_NEUTRAL else block.rule for block in blocks],
            config.allowed_languages, [block.rule in NOTICES for block in blocks],
        )
        for block, label in zip(blocks, labels):
            block.rule = block.rule or label
        residue.label_residue(blocks, whole_page=True)
    else:
        label_head(blocks, doc.title)
        label_head_repeats(blocks)
        label_related_section(blocks)
    label_tail(blocks)
    trailer.label_end_matter(blocks, scraped=scraped and not page_dump)
    body = [block for block in blocks if block.rule is None]
    if len(body) > 1 and dateline_line(body[0].text):
        body[0].rule = "dateline_prefix"  # `NEW DELHI` alone above the lede
        body = body[1:]
    first, dateline = (body[0], None) if body else (None, None)
    if first is not None:
        first.text, dateline = strip_dateline(first.text)
    counts = Counter(block.rule for block in blocks if block.rule is not None)
    for block in blocks:
        if block is first and dateline:
            doc.remove(dateline.prefix, "dateline_prefix")
            counts["dateline_prefix"] += 1
        if block.rule is not None:
            doc.remove(block.text, block.rule)
    for rule, count in counts.items():
        doc.record(STAGE, rule, count)
    doc.record(STAGE, "join_broken_paragraphs", joins)
    doc.text = "\n\n".join(block.text for block in body if block.text)
    return doc
