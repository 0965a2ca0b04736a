"""Scraper residue that its neighbours give away: labels for paragraphs next to ones a rule removed.

An extractor's output keeps the text of a page's widgets. An embedded tweet is its text, then a
`— Name (@handle) date` line; a share bar is a run of one-word lines (`Print`, `Email`, `Facebook`)
and counters; a tag box is a `Tags:` label, then one tag a line; a related-stories box is a heading,
then headlines, names and dates; a video player is its prompt, the video's title and its duration;
a photo's caption comes just before its `(Credit: ...)` line; an author's box is the name, then a
bio that opens with it. None of these lines is boilerplate alone (`Email` can be a subhead, a tweet
reads like a quotation), so they are labelled after the line rules (`rules.py`), each by the removed
paragraph that gives it away, with that paragraph's rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from cleaners import bylines, dates, rules

MAX_TWEET_WORDS = 60  # a tweet is at most 280 characters
MAX_TWEET_PARAGRAPHS = 3  # a tweet's text cut into paragraphs (a reply line, the text, the links)
MAX_CAPTION_WORDS = 35
MAX_SHARE_ITEM_WORDS = 4  # `More sharing options`, `Share on Facebook 61`
MAX_CREDIT_WORDS = 5
MAX_NAME_LINE_WORDS = 12  # an author's name over a bio, with `By`, a role or a handle
MAX_TAG_WORDS = 8
MAX_TEASER_WORDS = 30  # a headline linked in a related-stories box
MAX_VIDEO_TITLE_WORDS = 20
MAX_SUBHEAD_WORDS = 6  # a related headline is longer than the article's own subheads
MIN_BODY_BEFORE_BOX = 2  # paragraphs of prose before a tag or related-stories box
MAX_BOX_ITEMS = 15
MIN_PULL_QUOTE_WORDS, MAX_PULL_QUOTE_WORDS = 8, 50
MAX_PULL_QUOTE_PARAGRAPHS = 400  # each short paragraph is looked for in every other one
MAX_WIDGET_LINE_WORDS = 12
MIN_WIDGET_LINES, MIN_WIDGET_FIGURES, MIN_WIDGET_LABELS = 5, 2, 3
MIN_SHARED_FIGURES = 3  # figures of the card a sentence beside it repeats

TWEET_CHROME = re.compile(rules.TWEET_CHROME, re.I)
TWEETISH = re.compile(r"(?:^|\s)[@#]\w|pic\.twitter\.com/|https?://t\.co/", re.I)
COUNTER = re.compile(r"^[+-]?\d[\d,.]*\s*[KkMm]?$")
SHARE_ITEM = re.compile(rf"^(?:on\s+)?(?:{rules.SOCIAL})\s*:?\s*(?:{rules.COUNTER})?$|^on$", re.I)
# Credits that sit under their caption (a bare `Courtesy of X` sits under the photo itself).
CAPTION_CREDIT = re.compile(r"^[(\[]\s*(?:photo\s+)?credit|^(?:photo(?:graph)?|image|picture)s?\s+(?:by|via|source)\b|^credit\s*:", re.I)
PHOTO_WIDGET = re.compile(r"^(?:view\s+this\s+(?:image|photo)|view\s+(?:photo\s+)?gallery|gallery:)", re.I)
# Labels whose items follow them one a line: a tag box (`Tags:`, `Topics`, `Read More Stories About:`)
# and a related-stories box (`Recommended`, `More on this story`, `Read more from Jane Doe:`).
TAG_BOX = re.compile(
    r"^\W*(?:tags?|tagged(?:\s+with)?|topics?|related\s+(?:topics|tags)|filed\s+under|"
    r"read\s+more\s+(?:stories\s+)?about|more\s+about|terms)\s*:?\s*$",
    re.I,
)
RELATED_BOX = re.compile(
    r"^\W*(?:related(?:\s+[\w']+){0,2}|recommended(?:\s+[\w']+){0,2}|more\s+(?:on|about)\s+this(?:\s+story)?|more\s+like\s+this|"
    r"we\s+recommend|you\s+(?:may|might)\s+also\s+like|(?:read\s+)?more\s+(?:stories\s+|articles\s+)?from\s+[^:.]{1,40}|"
    r"(?:popular|trending|latest|top|other)(?:\s+[\w']+){0,3}|most\s+(?:read|popular|viewed|shared)(?:\s+[\w']+){0,2}|also\s+read|read\s+more\s*:|"
    r"see\s+also|don'?t\s+miss|read\s+other\s+related\s+stories(?:\s+about\s+this)?|stories\s+chosen\s+for\s+you|"
    r"from\s+around\s+the\s+web|explore\s+related\s+content)\s*:?\s*$",
    re.I,
)
WIDGET_VALUE = re.compile(r"^\W*[$\u20ac\u00a3]?\(?[+-]?\d[\d,.:/%$() +-]*[A-Za-z]{0,12}\W*$|^[A-Z]{2,8}:\s*[A-Z]{1,6}$")
FIGURE = re.compile(r"\d[\d,.]*\d")
DURATION = re.compile(r"(?:^|\d{4}|\s)(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[-|\u2013]\s*source:.*)?$", re.I)
VIDEO_PROMPT = {"video_player", "advertisement"}
SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
HANDLE = re.compile(r"\s*(?:@\w+|[\w.+-]+@[\w-]+\.[\w.-]+)\s*$")
BIO_LABEL = re.compile(r"^(?:(?:published|posted|written)\s+by|about\s+the\s+authors?|authors?|by)\s*:?\s*$", re.I)


class Block(Protocol):
    text: str
    rule: str | None


def words(text: str) -> int:
    return rules.word_count(text)


def is_prose(text: str) -> bool:
    """A sentence of running text: closed by a stop, or too long for a label or a headline."""
    return words(text) > MAX_TEASER_WORDS or (words(text) >= 4 and SENTENCE_END.search(text.rstrip()) is not None)


def is_teaser(text: str) -> bool:
    """A headline, a name or a date line as a related-stories box lists them (not a sentence of prose)."""
    if words(text) > MAX_TEASER_WORDS:
        return False
    return not text.rstrip().endswith(".") or dates.is_date_line(text)


def label_tweets(blocks: Sequence[Block]) -> None:
    """Before a `— Name (@handle) date` line: the tweet's text (its paragraph, and the reply or link
    lines before it)."""
    for index, block in enumerate(blocks):
        if block.rule != "social_embed" or not TWEET_CHROME.match(block.text):
            continue
        taken, position = 0, index - 1
        while position >= 0 and taken < MAX_TWEET_PARAGRAPHS:
            earlier = blocks[position]
            if earlier.rule == "social_embed" and not TWEET_CHROME.match(earlier.text):
                taken, position = taken + 1, position - 1
                continue
            if earlier.rule is not None or words(earlier.text) > MAX_TWEET_WORDS:
                break
            if taken and not (TWEETISH.search(earlier.text) or words(earlier.text) <= 3):
                break
            earlier.rule = "social_embed"
            taken, position = taken + 1, position - 1


def label_captions(blocks: Sequence[Block]) -> None:
    """Before a `(Credit: ...)` / `Photo by ...` line: the photo's caption, a short paragraph, when the
    photo leads the text (at most a standfirst before it) or closes it. Between two paragraphs of the
    body the same line may be the credit of a chart under the paragraph it follows: that paragraph stays."""
    prose = [index for index, block in enumerate(blocks) if block.rule is None and is_prose(block.text)]
    for index, block in enumerate(blocks[1:], 1):
        if block.rule != "photo_credit" or not CAPTION_CREDIT.match(block.text):
            continue
        caption = blocks[index - 1]
        if caption.rule is not None or words(caption.text) > MAX_CAPTION_WORDS or caption.text.rstrip().endswith(":"):
            continue
        before = sum(position < index - 1 for position in prose)
        after = sum(position > index for position in prose)
        if before <= 1 or after == 0:
            caption.rule = "caption"
    for previous, block in zip(blocks, blocks[1:]):  # `View this image ›` then `West Mercia Police`: the photo's credit
        if previous.rule == "caption" and PHOTO_WIDGET.match(previous.text) and block.rule is None and is_credit_name(block.text):
            block.rule = "photo_credit"


def is_credit_name(text: str) -> bool:
    """`West Mercia Police`, `AKM-GSI`: a few capitalised words, a name or an agency."""
    tokens = text.split()
    return 0 < len(tokens) <= MAX_CREDIT_WORDS and all(token[:1].isupper() for token in tokens) and not SENTENCE_END.search(text)


def label_share_bars(blocks: Sequence[Block]) -> None:
    """Runs of share buttons one a line (`Print`, `Email`, `Facebook:`, `Like`, `17K`): a run with two
    buttons or more, or next to a share line a rule removed, is a share bar. A counter right after a
    removed line (`Advert` then `10`) goes with it."""
    index = 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and is_share_item(blocks[end]):
            end += 1
        run = blocks[index:end]
        buttons = sum(not COUNTER.match(block.text) for block in run)
        beside = [blocks[position] for position in (index - 1, end) if 0 <= position < len(blocks)]
        if buttons >= 2 or (buttons and any(block.rule == "social_share" for block in beside + list(run))):
            for block in run:
                block.rule = block.rule or "social_share"
        index = max(end, index + 1)
    for previous, block in zip(blocks, blocks[1:]):
        if block.rule is None and previous.rule is not None and COUNTER.match(block.text):
            block.rule = previous.rule


def is_share_item(block: Block) -> bool:
    """A share button (`Email`, `Facebook:`, `Share 3`) or a counter, or a line a rule took for a share line."""
    if block.rule is not None:
        return block.rule == "social_share"
    return words(block.text) <= MAX_SHARE_ITEM_WORDS and (SHARE_ITEM.match(block.text) is not None or COUNTER.match(block.text) is not None)


def label_lists_after(blocks: Sequence[Block], rule: str, label: re.Pattern, takes) -> None:
    """After a bare `label` line that `rule` removed (`Tags:`, `Related stories`), once the body has
    started (two paragraphs of prose: a page's menus come before it), the lines `takes` accepts, up to
    the first one it does not, a byline, or MAX_BOX_ITEMS of them. A short line just before the body
    goes on is the article's own subhead (`Watch What You Say`), not an item of the box."""
    prose = 0
    for index, block in enumerate(blocks):
        if block.rule is None and is_prose(block.text):
            prose += 1
        if prose < MIN_BODY_BEFORE_BOX or block.rule != rule or not label.match(block.text):
            continue
        taken = 0
        for position in range(index + 1, len(blocks)):
            later = blocks[position]
            if later.rule is not None:
                if later.rule == rule:
                    continue
                break
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            before_body = is_subhead(later.text) and following is not None and following.rule is None and is_prose(following.text)
            if taken == MAX_BOX_ITEMS or not takes(later.text) or before_body or bylines.read_byline(later.text):
                break
            later.rule = rule
            taken += 1


def is_subhead(text: str) -> bool:
    """A section heading of the article: a few words, not a date."""
    return words(text) <= MAX_SUBHEAD_WORDS and not dates.is_date_line(text)


def is_tag(text: str) -> bool:
    """One tag (or a few run together): short, not a sentence."""
    return words(text) <= MAX_TAG_WORDS and not SENTENCE_END.search(text.rstrip())


def label_video_players(blocks: Sequence[Block]) -> None:
    """A video's title: a short line between the player's prompt (`Video Ad Feedback`, `This video has
    expired`) and its duration (`02:12 - Source: CNN`, `Dec. 19, 201602:46`), or just before the duration."""
    for index, block in enumerate(blocks):
        if block.rule is not None or words(block.text) > MAX_VIDEO_TITLE_WORDS or block.text.rstrip().endswith("."):
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        previous = blocks[index - 1] if index else None
        before_duration = following is not None and following.rule == "video_player" and DURATION.search(following.text)
        after_prompt = previous is not None and previous.rule in VIDEO_PROMPT and following is not None and following.rule is not None
        if before_duration or (after_prompt and previous.rule == "video_player"):
            block.rule = "video_player"


def label_author_boxes(blocks: Sequence[Block]) -> None:
    """An author's box: the name on its own line (or a byline) over a bio (`Alyssa Newcomb` / `Alyssa
    Newcomb is an NBC News contributor ...`), with its label (`Published by`, `About the Author`). The
    bio is one a rule removed or one that opens like a bio; after the body, under a byline, also one
    that opens with the author's first name (`By Devindra Hardawar` / `Devindra has been ...`)."""
    prose = 0
    for index, block in enumerate(blocks[:-1]):
        if block.rule is None and is_prose(block.text):
            prose += 1
        bio = blocks[index + 1]
        if block.rule not in (None, "byline") or words(block.text) > MAX_NAME_LINE_WORDS or bio.rule not in (None, "author_bio"):
            continue
        bio_may_open = bio.rule == "author_bio" or rules.BIO_START.match(bio.text) is not None
        if not bio_may_open and (prose < 2 or words(bio.text) < 8):
            continue  # neither test below can pass: the names are not read
        text = HANDLE.sub("", block.text).strip() if "@" in block.text else block.text
        byline = bylines.read_byline(text)
        if not bio_may_open and byline is None:
            continue
        name = bylines.name_line(text) or (byline.names if byline else ()) or ((found,) if (found := bylines.person_name(text)) else ())
        if not name:
            continue
        first = name[0].split()[0]
        opens_as_bio = bio.rule == "author_bio" or (bio_may_open and bio.text.startswith(name[0]))
        by_first_name = (
            byline is not None and prose >= 2 and bio.text.startswith(first) and words(bio.text) >= 8
            and not bylines.read_byline(bio.text)
        )
        if opens_as_bio or by_first_name:
            block.rule, bio.rule = "byline", "author_bio"  # the name stays the author's credit (metadata reads it)
            if index and blocks[index - 1].rule is None and BIO_LABEL.match(blocks[index - 1].text):
                blocks[index - 1].rule = "author_bio"


def label_pull_quotes(blocks: Sequence[Block]) -> None:
    """A pull quote: a short sentence of the body that a longer paragraph holds too (the standfirst the
    lede repeats comes before any prose, and is the head's to label; a headline repeated in a line of
    links is not a sentence)."""
    kept = [index for index, block in enumerate(blocks) if block.rule is None]
    candidates, prose_seen = [], False
    for index in kept:
        text = blocks[index].text
        if prose_seen and MIN_PULL_QUOTE_WORDS <= words(text) <= MAX_PULL_QUOTE_WORDS and SENTENCE_END.search(text.rstrip()):
            candidates.append(index)
        prose_seen = prose_seen or is_prose(text)
    if not candidates or len(kept) > MAX_PULL_QUOTE_PARAGRAPHS:
        return
    lowered = {index: blocks[index].text.lower() for index in kept}
    for index in candidates:
        quote = rules.fingerprint(blocks[index].text)
        longest = max(quote.split(), key=len)  # every paragraph that holds the quote holds its longest word
        holders = [position for position, text in lowered.items() if position != index and longest in text]
        if any(quote in rules.fingerprint(blocks[position].text) and len(blocks[position].text) > len(blocks[index].text) for position in holders):
            blocks[index].rule = "pull_quote"


def is_widget_line(text: str) -> bool:
    """A cell of a data card (`Market Cap`, `$1,404B`, `Funding:`, `28,25,140Cases`): a few words, not a
    sentence, not a byline."""
    return words(text) <= MAX_WIDGET_LINE_WORDS and not is_prose(text) and not bylines.read_byline(text)


def is_figure(text: str) -> bool:
    return WIDGET_VALUE.match(text) is not None


def is_label(text: str) -> bool:
    return text.rstrip().endswith(":")


def label_data_widgets(blocks: Sequence[Block], before_body: bool = True) -> None:
    """A data card before the article or after it (a stock quote, a company card, a case counter): a run
    of short label and value lines, two of them figures at least; and the sentence beside it that spells
    out its figures. Inside the body only a card of `Label:` lines is one (a table of figures stays).
    Cards are taken from the last: a card's sentence does not count as body after the card before it.
    Without `before_body`, only cards after the body's prose are taken."""
    runs, index = [], 0
    while index < len(blocks):
        end = index
        while end < len(blocks) and (blocks[end].rule is not None or is_widget_line(blocks[end].text)):
            end += 1
        if end > index:
            runs.append((index, end))
        index = max(end, index + 1)
    for start, end in reversed(runs):
        run = [block for block in blocks[start:end] if block.rule is None]
        if len(run) < MIN_WIDGET_LINES or sum(is_figure(block.text) for block in run) < MIN_WIDGET_FIGURES:
            continue
        figures = {figure for block in run for figure in FIGURE.findall(block.text)}
        spelled = [
            position for position in (start - 1, end)
            if 0 <= position < len(blocks) and blocks[position].rule is None
            and len(figures & set(FIGURE.findall(blocks[position].text))) >= MIN_SHARED_FIGURES
        ]
        prose = [
            position for position, block in enumerate(blocks)
            if block.rule is None and is_prose(block.text) and position not in spelled
        ]
        after_prose = any(position < start for position in prose)
        inside_body = after_prose and any(position >= end for position in prose)
        if (inside_body and sum(is_label(block.text) for block in run) < MIN_WIDGET_LABELS) or not (before_body or after_prose):
            continue
        for block in run:
            block.rule = "data_widget"
        for position in spelled:
            blocks[position].rule = "data_widget"


def label_residue(blocks: Sequence[Block], whole_page: bool = False, pull_quotes: bool = True) -> None:
    """Every context label, in an order where each may build on the ones before. In a whole page's dump
    (`whole_page`: read inside the article's span) only data cards after the body's prose (a run of
    short lines and figures at the span's start is as often the article's own summary box), and no
    pull quotes; in what trafilatura kept of a page neither (`pull_quotes`: a repeated sentence is the
    page's own, WCXB's gold keeps it)."""
    label_tweets(blocks)
    label_captions(blocks)
    label_share_bars(blocks)
    label_lists_after(blocks, "tag_list", TAG_BOX, is_tag)
    label_lists_after(blocks, "also_read", RELATED_BOX, is_teaser)
    label_video_players(blocks)
    label_author_boxes(blocks)
    if pull_quotes and not whole_page:
        label_pull_quotes(blocks)
    label_data_widgets(blocks, before_body=not whole_page)
