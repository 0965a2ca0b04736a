"""The end matter of an article: what a page puts after the story's last paragraph.

Under a story come its credits (`AP writers ... contributed`), its tags, a share bar, the author's
box, related headlines, a sign-up form, a comment thread and the footer's menu. The line rules
(`rules.py`) and the context labels (`residue.py`) remove most of these lines; what is left between
them is short lines no rule can judge alone: the author's name, `Author`, `Copy`, `About Us`, a
headline. So, once the article's last paragraph of prose is known, the short lines after it go too,
when a removed trailer line shows that the end matter has started. A comment thread is prose, so it
is found first, by the line that opens it (`5 thoughts on "..."`, `Leave a Reply`, `Marilyn says:`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners import bylines, dates, rules
from cleaners.residue import Block, is_prose, words

MIN_BODY_BEFORE_COMMENTS = 2  # paragraphs of prose before a comment thread can start
MAX_BIO_WORDS = 80
MAX_END_MATTER_WORDS = 20  # a kept line after the last paragraph, shorter than this and not prose, is end matter
COMMENT_THREAD = re.compile(
    r"^[^\w>]*(?:\d+\s+(?:thoughts?|responses?|replies|comments?)\b|comments?\s*(?:\(\d+\)|\d+)?\s*:?\s*$|leave\s+a\s+(?:reply|comment)|"
    r"top\s+rated\s+comments|cancel\s+reply|(?:read|view|show|see)\s+(?:all\s+)?comments|there\s+(?:are|is)\s+\d+\s+comments?|"
    r"join\s+(?:the\s+)?(?:discussion|conversation))",
    re.I,
)
COMMENTER = re.compile(r"^[\w.'\u2019-]+(?:\s+[\w.'\u2019-]+){0,3}\s+(?:says|said|wrote|replied)\s*:?$", re.I)
SEPARATOR_ONLY = re.compile(r"^[\W_]+$")
# Rules whose lines come after a story, never inside it (an advertisement, a caption or an embed can be anywhere).
END_RULES = frozenset({
    "wire_credit", "agency_credit", "tag_list", "social_share", "author_bio", "comment_prompt", "comments", "signup_form",
    "newsletter_promo", "subscribe_prompt", "contribute_prompt", "syndication_notice", "copyright", "also_read",
    "related_section", "original_url_trailer", "legal_notice", "navigation", "page_control", "app_promo",
})


def label_comment_thread(blocks: Sequence[Block]) -> None:
    """From the line that opens a comment thread after the article (`Leave a Reply`, `14 Comments`,
    `Marilyn says:` over a date), every paragraph is the thread."""
    prose = 0
    for index, block in enumerate(blocks):
        if block.rule is None and is_prose(block.text):
            prose += 1
        if prose < MIN_BODY_BEFORE_COMMENTS:
            continue
        opens = block.rule == "comment_prompt" and COMMENT_THREAD.match(block.text)
        commenter = (
            block.rule is None and COMMENTER.match(block.text) and index + 1 < len(blocks)
            and dates.is_date_line(blocks[index + 1].text)
        )
        if opens or commenter:
            for later in blocks[index:]:
                later.rule = later.rule or "comments"
            return


def last_prose(blocks: Sequence[Block]) -> int | None:
    return next((index for index in range(len(blocks) - 1, -1, -1) if blocks[index].rule is None and is_prose(blocks[index].text)), None)


def label_end_matter(blocks: Sequence[Block], scraped: bool = True) -> None:
    """In a scraped text, the comment thread and the author's bio closing the text; then the short lines
    left among the removed trailer lines after the article's last paragraph of prose. What trafilatura
    kept of an HTML page holds no comments (it leaves them out), and a bio it kept is inside the page's
    article (WCXB's gold keeps such bios): only the short lines go there."""
    if scraped:
        label_comment_thread(blocks)
    end = last_prose(blocks)
    while scraped and end is not None and words(blocks[end].text) <= MAX_BIO_WORDS and rules.BIO_START.match(blocks[end].text):
        blocks[end].rule = "author_bio"
        end = last_prose(blocks)
    if end is None:
        return
    tail = blocks[end + 1:]
    first_removed = next((position for position, block in enumerate(tail) if block.rule in END_RULES), None)
    if first_removed is None:
        return
    for position, block in enumerate(tail):
        if block.rule is not None:
            continue
        if position > first_removed and words(block.text) <= MAX_END_MATTER_WORDS:
            block.rule = "end_matter"
        elif bylines.name_line(block.text):
            block.rule = "byline"  # the author's name over the author's box
        elif SEPARATOR_ONLY.match(block.text) or bylines.is_label_only(block.text):
            block.rule = "end_matter"  # `___` over the credits, `By` over the author's name
