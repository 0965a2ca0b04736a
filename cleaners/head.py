"""The head of an article: kicker, title, standfirst, byline and date lines, labelled by their features.

One parser serves the plain-text article (its head starts at the first paragraph) and the article
found inside the text dump of a whole page (its head sits in the lines just before the article's
first paragraph). Each line is read for what it is, whatever the order: a byline (`bylines.py`), a
date line (`dates.py`), a headline (short, not closed like a sentence), a standfirst (a sentence
before the byline or date, or one the lede repeats), a kicker (a short label over the headline),
head furniture (`5 min read`, `Listen to this article`). The body starts at the first paragraph that
is none of these; `metadata.py` reads the fields from the labelled lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleaners import bylines, dates, rules
from cleaners.datelines import strip_dateline

MAX_TITLE_WORDS = 30
MAX_KICKER_WORDS = 4
MAX_HEAD_PARAGRAPHS = 14  # a head longer than this is not a head
MIN_STANDFIRST_WORDS = 6
HEAD_FURNITURE = re.compile(
    r"^(?:\d+\s*(?:-\s*)?min(?:ute)?s?\.?(?:\s+read)?|(?:\d+\s*)?min(?:ute)?s?\s+read|reading\s+time:?.*|listen(?:\s+to\s+(?:this|the)\s+"
    r"(?:article|story))?(?:\s*\(?\d+:\d+\)?)?|share(?:\s+this)?(?:\s+(?:article|story))?|print|save|bookmark|comments?(?:\s*\(\d+\))?|"
    r"\d+\s+comments?|follow|gift\s+(?:this\s+)?article|toggle\s+.*|skip\s+to\s+.*|advertisement|image|photo|video)\W*$",
    re.I,
)
HEADLINE_END = (".", ":", ";", ",")


def words(text: str) -> int:
    return rules.word_count(text)


def is_headline(text: str, limit: int = MAX_TITLE_WORDS) -> bool:
    """Short and not closed like a sentence: a headline, a kicker, a label."""
    return 0 < words(text) <= limit and not text.rstrip().endswith(HEADLINE_END)


def is_sentence(text: str) -> bool:
    """Prose: closed like a sentence, or too long for a headline."""
    return words(text) > MAX_TITLE_WORDS or (rules.ends_sentence(text) and not text.rstrip().endswith(":"))


def is_kicker(text: str, following: str | None) -> bool:
    """`WORLD`, `Opinion`, `EXCLUSIVE:`: a short label over a longer headline."""
    if following is None or not is_headline(following) or bylines.read_byline(following) or dates.date_line(following):
        return False
    short = words(text) <= MAX_KICKER_WORDS or (text.isupper() and words(text) <= 6)
    return short and words(following) > words(text) and not text.rstrip().endswith((".", "?", "!"))


def repeats(standfirst: str, paragraph: str) -> bool:
    """The paragraph opens by repeating the standfirst (allowing a dateline and small edits), or is it."""
    head = rules.WORD.findall(standfirst.lower())
    if len(set(head)) < 5:
        return False
    opening = rules.WORD.findall(paragraph.lower())[: len(head) + 8]
    return len(set(head) & set(opening)) >= 0.8 * len(set(head))


def credit_role(text: str) -> str | None:
    """The head role of a line that credits or dates the article: `byline`, `date_line`, or None."""
    if bylines.read_byline(text):
        return "byline"
    if dates.date_line(text):
        return "date_line"
    return None


def is_role_line(text: str) -> bool:
    """`Staff Writer`, `Senior Correspondent, Washington`: the role under a byline's name."""
    return words(text) <= 8 and bylines.ROLE.search(text) is not None and not rules.ends_sentence(text.rstrip(".")) and text[:1].isupper()


def credit_roles(texts: Sequence[str]) -> dict[int, str]:
    """Bylines and date lines among consecutive head lines, with the lines that complete them: a
    `By` label whose names are on the next line, a line of names or a role beside a byline or date."""
    roles = {index: role for index, text in enumerate(texts) if (role := credit_role(text))}
    for index, text in enumerate(texts):
        if index in roles:
            continue
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if bylines.is_label_only(text) and bylines.name_line(following):
            roles[index] = roles[index + 1] = "byline"
    for index, text in enumerate(texts):  # a line of names beside a date line or over a role
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if index not in roles and bylines.name_line(text) and (
            "date_line" in (roles.get(index - 1), roles.get(index + 1)) or is_role_line(following)
        ):
            roles[index] = "byline"
    for index, text in enumerate(texts):  # the role under a byline
        if index not in roles and roles.get(index - 1) == "byline" and is_role_line(text):
            roles[index] = "byline"
    return roles


def label_article_head(texts: Sequence[str], removed: Sequence[bool], title: str | None) -> dict[int, str]:
    """Head labels for a plain-text article (or the text trafilatura kept of a page): index -> rule.

    `removed` marks paragraphs other rules took already; they neither start the body nor end the head.
    With a known `title` (HTML), only a line that repeats it is a title and other headlines stay.
    """
    kept = [index for index, gone in enumerate(removed) if not gone][:MAX_HEAD_PARAGRAPHS]
    head_texts = [texts[index] for index in kept]
    credits = credit_roles(head_texts)
    labels: dict[int, str] = {}
    has_title = False
    for position, index in enumerate(kept):
        text = texts[index]
        following = head_texts[position + 1] if position + 1 < len(kept) else None
        if position in credits and not (position == 0 and title is None and bylines.name_line(text)):
            labels[index] = credits[position]
        elif title is not None and rules.fingerprint(text) == rules.fingerprint(title):
            labels[index] = "title"
            has_title = True
        elif HEAD_FURNITURE.match(text) and labels:
            labels[index] = "header_line"
        elif title is None and not has_title and is_headline(text):
            if is_kicker(text, following) and position + 1 not in credits:
                labels[index] = "kicker"
                continue
            labels[index] = "title"
            has_title = True
        elif following is not None and repeats(text, strip_dateline(following)[0]) and words(text) >= MIN_STANDFIRST_WORDS:
            labels[index] = "repeated_standfirst"
            break  # the paragraph that repeats it opens the body
        elif (labels or title is not None) and words(text) >= MIN_STANDFIRST_WORDS and any(
            later in credits for later in range(position + 1, min(position + 3, len(kept)))
        ) and "standfirst" not in labels.values():
            labels[index] = "standfirst"
        elif title is None and is_headline(text):
            labels[index] = "header_line"  # a subtitle; taken so that cleaning the text again finds no head
        else:
            break
    else:
        return {}  # no body after the head (or a "head" too long to be one): leave the text as it is
    return labels


HEAD_ZONE = 12  # lines before a page dump's article searched for its head
BREADCRUMB = re.compile(r"\s(?:>|\u00bb|\u203a|/|\u276f|\\)\s")


def label_dump_head(texts: Sequence[str], removed: Sequence[bool], start: int) -> dict[int, str]:
    """Head labels for the article found in a page dump, whose first paragraph is `texts[start]`.

    The title is the headline among the lines before the article that looks most like one: repeated
    (the page shows it twice, or at the end of its breadcrumb trail), followed by a byline, a date
    or a standfirst, and close to the article. Credits are looked for from the title to the
    article's first lines.
    """
    zone = [index for index in range(max(0, start - 3 * HEAD_ZONE), start) if not removed[index]][-HEAD_ZONE:]
    after = [index for index in range(start, min(len(texts), start + 4)) if not removed[index]]
    lines = zone + after
    credits = {lines[position]: role for position, role in credit_roles([texts[index] for index in lines]).items()}
    labels = dict(credits)
    title = best_title(texts, zone, credits)
    if title is not None:
        labels = {index: role for index, role in labels.items() if index > title or index >= start}
        labels[title] = "title"
        for index in zone:
            if index > title and index not in labels and words(texts[index]) >= MIN_STANDFIRST_WORDS and is_sentence(texts[index]):
                labels[index] = "standfirst"
                break
    return labels


def best_title(texts: Sequence[str], zone: list[int], credits: dict[int, str]) -> int | None:
    """The index of the zone's most title-like headline, or None."""
    seen = [rules.fingerprint(texts[index]) for index in zone]
    crumbs = {rules.fingerprint(BREADCRUMB.split(texts[index])[-1]) for index in zone if BREADCRUMB.search(texts[index])}
    best, best_score = None, 0.0
    for position, index in enumerate(zone):
        text = texts[index]
        if index in credits or not is_headline(text) or words(text) < 2 or BREADCRUMB.search(text) or HEAD_FURNITURE.match(text):
            continue
        score = 1.0 + min(words(text), 12) / 12
        if seen.count(seen[position]) > 1 or seen[position] in crumbs:
            score += 2
        if any(later in credits for later in zone[position + 1 : position + 4]) or any(
            index < later and later - index <= 3 for later in credits
        ):
            score += 2
        score -= 0.08 * (len(zone) - position)
        if score > best_score:
            best, best_score = index, score
    return best
