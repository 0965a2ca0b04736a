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
READING_TIME = re.compile(r"^(?:\d+\s*(?:-\s*)?min(?:ute)?s?\.?(?:\s+read)?|(?:\d+\s*)?min(?:ute)?s?\s+read|reading\s+time:?.*)\W*$", re.I)
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
    if following is None or not is_headline(following) or credit_role(following):
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
    if dates.is_date_line(text):
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
        if bylines.is_label_only(text) and bylines.read_byline(f"By {following}"):
            roles[index] = roles[index + 1] = "byline"
    anchors = {index for index, role in roles.items() if role == "date_line"}
    anchors |= {index for index, text in enumerate(texts) if READING_TIME.match(text)}
    for index, text in enumerate(texts):  # a line of names beside a date or a reading time, over a role, or twice
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if index not in roles and bylines.name_line(text) and (
            index - 1 in anchors or index + 1 in anchors or is_role_line(following) or following == text
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


TITLE_WINDOW = 45  # kept lines before a page dump's article searched for its head
CREDIT_REACH = 3  # a byline or date this many lines below a headline marks it as the article's
BREADCRUMB = re.compile(r"\s(?:>|\u00bb|\u203a|/|\u276f|\\)\s")
CALL_TO_ACTION = re.compile(
    r"\b(?:log\s?in|sign\s?(?:in|up)|subscribe|order|book|demo|get|started|contact|quote|learn|more|see|less|menu|search|"
    r"cart|account|home|shop|buy|download|join|register|close|skip|share|follow|email|print|read|apply|donate|call)\b",
    re.I,
)
CAPTION = re.compile(r"\b(?:photo(?:graph)?s?|image|getty|credit|courtesy|illustration|shutterstock|istock|via)\b|\u00a9", re.I)
# How much each feature of a headline speaks for it being the page's title: a logistic model fitted on
# the WCXB dev pages' dumps (bench/fit_title_scorer.py: trained on one half of the pages, checked on
# the other, then fitted on all).
TITLE_WEIGHTS = {
    "bias": -1.5, "closeness": 1.0, "credit_after": 2.0, "credit_before": 0.0, "repeated_adjacent": 1.0,
    "repeated_in_page": 0.2, "breadcrumb_end": 2.0, "repeated_in_body": -1.0, "words": 1.0, "short": -2.0,
    "headline_case": -0.4, "call_to_action": -1.0, "dek_follows": 0.5, "after_menu": 0.5, "caption": -1.0,
    "question": 0.4, "colon": 0.8, "starts_with_digit": 0.3, "upper": -0.4,
}


def label_dump_head(texts: Sequence[str], removed: Sequence[bool], first: int, prose: int) -> dict[int, str]:
    """Head labels for the article found in a page dump: `first` opens the article's span of lines,
    `prose` is its first paragraph of prose (head lines may sit between the two).

    The title is the most title-like headline of the lines before the prose (`title_features`);
    bylines and date lines are taken from the title down to the article's first lines, a standfirst
    between the title and the prose.
    """
    zone = [index for index in range(max(0, prose - 4 * TITLE_WINDOW), prose) if not removed[index]][-TITLE_WINDOW:]
    after = [index for index in range(prose, min(len(texts), prose + 4)) if not removed[index]]
    lines = zone + after
    credits = {lines[position]: role for position, role in credit_roles([texts[index] for index in lines]).items()}
    title = best_title(texts, removed, zone, credits, prose)
    top = title if title is not None else first
    labels = {index: role for index, role in credits.items() if index > top}
    if title is not None:
        labels[title] = "title"
        for index in zone:
            if index > title and index not in labels and words(texts[index]) >= MIN_STANDFIRST_WORDS and is_sentence(texts[index]):
                labels[index] = "standfirst"
                break
    return labels


TAIL_REACH = 12  # kept lines after a page dump's article searched for an author's credit


def label_dump_tail(texts: Sequence[str], removed: Sequence[bool], last: int) -> dict[int, str]:
    """A `Written by ...` credit just after the article (where blogs put the author's box)."""
    after = [index for index in range(last + 1, len(texts)) if not removed[index]][:TAIL_REACH]
    for position, index in enumerate(after):
        text = texts[index]
        following = texts[after[position + 1]] if position + 1 < len(after) else ""
        found = bylines.read_byline(text)
        if found and found.names and bylines.LABEL.match(text):
            return {index: "byline"}
        if bylines.name_line(text) and (is_role_line(following) or following.lower().startswith("author")):
            return {index: "byline"}
    return {}


def title_features(texts: Sequence[str], zone: list[int], position: int, credits: dict[int, str], fingerprints: dict) -> dict[str, float]:
    """What speaks for or against `texts[zone[position]]` being the title (see TITLE_WEIGHTS)."""
    index = zone[position]
    text = texts[index]
    count = words(text)
    print_ = fingerprints["of"][index]
    neighbours = [fingerprints["of"][zone[other]] for other in (position - 1, position + 1) if 0 <= other < len(zone)]
    following = texts[zone[position + 1]] if position + 1 < len(zone) else ""
    previous = texts[zone[position - 1]] if position > 0 else ""
    long_words = [word for word in rules.WORD.findall(text) if len(word) >= 4]
    return {
        "bias": 1.0,
        "closeness": 1.0 / (len(zone) - position),
        "credit_after": any(later in credits for later in zone[position + 1 : position + 1 + CREDIT_REACH]),
        "credit_before": any(earlier in credits for earlier in zone[max(0, position - CREDIT_REACH) : position]),
        "repeated_adjacent": print_ in neighbours,
        "repeated_in_page": fingerprints["count"][print_] > 1,
        "breadcrumb_end": print_ in fingerprints["crumbs"],
        "repeated_in_body": print_ in fingerprints["body"],
        "words": min(count, 20) / 20,
        "short": count <= 3,
        "headline_case": bool(long_words) and sum(word[0].isupper() for word in long_words) / len(long_words),
        "call_to_action": count <= 5 and CALL_TO_ACTION.search(text) is not None,
        "dek_follows": bool(following) and (is_sentence(following) or words(following) > count),
        "after_menu": 0 < words(previous) <= 3,
        "caption": CAPTION.search(text) is not None,
        "question": text.rstrip().endswith("?"),
        "colon": ":" in text,
        "starts_with_digit": text[:1].isdigit(),
        "upper": text.isupper(),
    }


def title_candidates(texts: Sequence[str], zone: list[int], credits: dict[int, str]) -> list[int]:
    """Positions in `zone` of the headlines that could be the title."""
    return [
        position
        for position, index in enumerate(zone)
        if index not in credits
        and is_headline(texts[index])
        and words(texts[index]) >= 2
        and not BREADCRUMB.search(texts[index])
        and not HEAD_FURNITURE.match(texts[index])
    ]


def page_fingerprints(texts: Sequence[str], removed: Sequence[bool], prose: int) -> dict:
    """Fingerprints of the page's lines, their counts, the ends of breadcrumb trails and the body's lines."""
    of = [rules.fingerprint(text) for text in texts]
    count: dict[str, int] = {}
    for print_ in of:
        count[print_] = count.get(print_, 0) + 1
    crumbs = {rules.fingerprint(BREADCRUMB.split(text)[-1]) for text in texts if BREADCRUMB.search(text)}
    body = {of[index] for index in range(prose, len(texts)) if not removed[index]}
    return {"of": of, "count": count, "crumbs": crumbs, "body": body}


def title_score(features: dict[str, float]) -> float:
    return sum(TITLE_WEIGHTS[name] * float(value) for name, value in features.items())


def best_title(texts: Sequence[str], removed: Sequence[bool], zone: list[int], credits: dict[int, str], prose: int) -> int | None:
    """The index of the zone's most title-like headline, or None when it has none."""
    candidates = title_candidates(texts, zone, credits)
    if not candidates:
        return None
    fingerprints = page_fingerprints(texts, removed, prose)
    scores = {position: title_score(title_features(texts, zone, position, credits, fingerprints)) for position in candidates}
    return zone[max(candidates, key=lambda position: (scores[position], position))]
