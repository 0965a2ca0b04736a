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
from cleaners.datelines import find_dateline, strip_dateline

MAX_TITLE_WORDS = 45
MAX_KICKER_WORDS = 4
MAX_LABEL_WORDS = 3  # a section label over the headline (`Personal History`, `ESPN Commentary`)
MAX_HEAD_PARAGRAPHS = 20  # a head longer than this is not a head
MAX_DATELINED_STANDFIRST_WORDS = 100  # a longer paragraph before a datelined one is body (the cases' longest standfirst: 83 words)
MIN_STANDFIRST_WORDS = 6
MIN_CREDITED_STANDFIRST_WORDS = 3  # a sentence the byline or the date follows is a standfirst from this length
READING = r"\d+\s*(?:-\s*)?min(?:ute)?s?\.?(?:\s+read)?|(?:\d+\s*)?min(?:ute)?s?\s+read|reading\s+time:?.*"
READING_TIME = re.compile(rf"^(?:{READING})\W*$", re.I)
HEAD_FURNITURE = re.compile(
    rf"^(?:{READING}|listen(?:\s+to\s+(?:this|the)\s+"
    r"(?:article|story))?(?:\s*\(?\d+:\d+\)?)?|share(?:\s+this)?(?:\s+(?:article|story))?|print|save|bookmark|comments?(?:\s*\(\d+\))?|"
    r"(?:new,?\s*)?\d+\s+comments?(?:\s*/\s*new)?|follow|gift\s+(?:this\s+)?article|toggle\s+.*|skip\s+to\s+.*|advertisement|image|photo|video|"
    r"become\s+a\s+fan.*|get\s+e-?mail\s+alerts.*|you\s+are\s+here\b.*|save\s+(?:this\s+)?(?:story|article)(?:\s+for\s+later)?|"
    r"this\s+(?:article|story)\s+is\s+(?:more\s+than|over)\s+\d+\s+\w+\s+old|this\s+story\s+is\s+from\b.*)\W*$",
    re.I,
)
HEADLINE_END = (".", ":", ";", ",")
NAME_JOINER = re.compile(r"^\s*(?:,|;|&|and)\s*$", re.I)
BREADCRUMB = re.compile(r"\s(?:>|\u00bb|\u203a|/|\u276f|\\|\u2192)\s")


def words(text: str) -> int:
    return rules.word_count(text)


CLOSING_MARKS = "\"'\u201d\u2019)]"
# A headline may end with an abbreviation's period: `... Relations With U.S.`, `... Alert Tues.`
ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.){2,}|\b(?:Inc|Corp|Co|Ltd|Jr|Sr|St|Dr|Mr|Mrs|Ms|vs|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$")


def closed_by_period(text: str) -> bool:
    """The text ends with a period (or an ellipsis), closing quotes aside, that is not an abbreviation's."""
    end = text.rstrip().rstrip(CLOSING_MARKS)
    return end.endswith((".", "\u2026")) and not ABBREVIATION_END.search(end)


def is_headline(text: str, limit: int = MAX_TITLE_WORDS) -> bool:
    """Short and not closed like a sentence (a closing quote after the period counts): a headline, a
    kicker, a label."""
    end = text.rstrip().rstrip(CLOSING_MARKS)
    return 0 < words(text) <= limit and not (end.endswith(HEADLINE_END) and not ABBREVIATION_END.search(end))


def is_sentence(text: str) -> bool:
    """Prose: closed by a period (a headline may end with a question mark, an exclamation or a quote),
    or too long for a headline."""
    return words(text) > MAX_TITLE_WORDS or closed_by_period(text)


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
    for index, text in enumerate(texts):  # the role under a byline; a byline's names one a line (`By` / `X` / `,` / `Y` / `and` / `Z`)
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if index not in roles and roles.get(index - 1) == "byline" and is_role_line(text):
            roles[index] = "byline"
        elif index not in roles and roles.get(index - 1) == "byline" and NAME_JOINER.match(text) and bylines.read_byline(f"By {following}"):
            roles[index] = roles[index + 1] = "byline"
    return roles


def beside(texts: Sequence[str], index: int, step: int) -> int:
    """The next line up (step -1) or down (+1) that is not filler (`•`, `Share`, `18`)."""
    index += step
    while 0 <= index < len(texts) and is_filler(texts[index]):
        index += step
    return index


def label_article_head(texts: Sequence[str], removed: Sequence[bool], title: str | None) -> dict[int, str]:
    """Head labels for a plain-text article (or the text trafilatura kept of a page): index -> rule.

    First the head's extent: it runs to the first paragraph of prose that is not a standfirst (a
    sentence followed by the byline or the date, or one the next paragraph repeats); every line before
    that is a credit, head furniture, a headline or a standfirst. Then the roles: the title is the
    first headline that is not a kicker (a short label over a longer headline, a name, a breadcrumb
    trail's path), headlines before it are kickers, after it subtitles (`header_line`).

    `removed` marks paragraphs other rules took already; they neither start the body nor end the head.
    With a known `title` (HTML, whose body may open with a subheading), only a line that repeats it is
    a title, and the head ends at the first line that is none of title, credit or standfirst.
    """
    kept = [index for index, gone in enumerate(removed) if not gone][:MAX_HEAD_PARAGRAPHS]
    head_texts = [texts[index] for index in kept]
    credits = credit_roles(head_texts)
    last_credit = last_head_credit(head_texts, credits) if title is None else -1
    roles: dict[int, str] = {}
    body = None
    for position, text in enumerate(head_texts):
        following = head_texts[position + 1] if position + 1 < len(kept) else None
        if position in credits:
            roles[position] = credits[position]
        elif title is not None and rules.fingerprint(text) == rules.fingerprint(title):
            roles[position] = "title"
        elif HEAD_FURNITURE.match(text) and (roles or title is None):
            roles[position] = "header_line"
        elif title is None and following is not None and rules.fingerprint(text) == rules.fingerprint(following) and is_headline(text):
            roles[position] = "headline"  # a headline written twice (the page's title and its h1): not a standfirst the lede repeats
        elif following is not None and words(text) >= MIN_STANDFIRST_WORDS and repeats(text, strip_dateline(following)[0]):
            roles[position] = "repeated_standfirst"
            body = position + 1  # the paragraph that repeats it opens the body
            break
        elif words(text) >= MIN_CREDITED_STANDFIRST_WORDS and is_sentence(text) and headed(roles, title) and any(
            later in credits for later in range(position + 1, min(position + 3, len(kept)))
        ):
            roles[position] = "standfirst"
        elif headed(roles, title) and following is not None and MIN_STANDFIRST_WORDS <= words(text) <= MAX_DATELINED_STANDFIRST_WORDS and is_sentence(text) and find_dateline(following):
            roles[position] = "standfirst"  # the paragraph after it opens with the dateline: that one is the lede
        elif title is None and (is_headline(text) or words(text) <= MAX_KICKER_WORDS and text.rstrip().endswith(":")):
            roles[position] = "headline"  # (or a label such as `Filed under:`)
        elif position < last_credit:
            roles[position] = "header_line"  # a notice above the byline (`Analysis: based on factual reporting.`)
        else:
            body = position
            break
    if body is None or body == 0:
        return {}  # no body after the head (or a "head" too long to be one): leave the text as it is
    name_titles(roles, head_texts)
    title_at = next((position for position, role in roles.items() if role == "title"), None)
    if title_at is not None and not {"standfirst", "repeated_standfirst"} & set(roles.values()):
        for position in sorted(roles):
            text = head_texts[position]
            if position > title_at and roles[position] == "header_line" and is_dek(text, head_texts[title_at]):
                roles[position] = "standfirst"  # a dek without a final period, under the title
                break
    standfirsts = [position for position, role in roles.items() if role == "standfirst"]
    for position in standfirsts[1:]:
        roles[position] = "header_line"  # one standfirst: the others are a summary's bullets
    return {kept[position]: role for position, role in roles.items()}


def is_dek(text: str, title: str) -> bool:
    """A standfirst written like a headline: long enough, in sentence case (not a second headline in
    title case), no date in it, and not the title again."""
    long_words = [word for word in rules.WORD.findall(text) if len(word) >= 4]
    capitalised = sum(word[0].isupper() for word in long_words) / len(long_words) if long_words else 1.0
    return (
        words(text) >= MIN_STANDFIRST_WORDS
        and capitalised < 0.6
        and not dates.find_dates(text)
        and not HEAD_FURNITURE.match(text)
        and not (title and rules.fingerprint(title) in rules.fingerprint(text))
    )


MAX_NOTICE_WORDS = 40  # a line above the byline longer than this is prose: the byline is not the article's


def last_head_credit(texts: Sequence[str], credits: dict[int, str]) -> int:
    """The position of the last byline or date line at the top of the text, reached through lines
    that are not long prose (-1: none). The article's body cannot start above it."""
    last = -1
    for position, text in enumerate(texts):
        if credits.get(position) in ("byline", "date_line"):
            last = position
        elif words(text) > MAX_NOTICE_WORDS:
            break
    return last


def headed(roles: dict[int, str], title: str | None) -> bool:
    """A headline (or the known title) came before: a sentence here can be the standfirst."""
    return title is not None or "headline" in roles.values()


def name_titles(roles: dict[int, str], texts: Sequence[str]) -> None:
    """Among the head's headlines, the title. Kickers (`Politics`, `US & World`) are short, and a
    headline in sentence case under the title is its dek: so the title is the last headline of four
    words or more that is not dek-like; else the first dek-like one (a title in sentence case); else the
    last short one. Lines of names, breadcrumb trails and lines with addresses are never titles.
    Only headlines above the first credit or standfirst count, unless there are none (a head that opens
    with its date line). Headlines before the title are kickers, after it subtitles."""
    headlines = [position for position, role in sorted(roles.items()) if role == "headline"]
    credited = [position for position, role in roles.items() if role in ("byline", "date_line")]
    before = min(credited, default=len(texts))
    eligible = [
        position for position in headlines
        if not (bylines.name_line(texts[position]) or BREADCRUMB.search(texts[position]) or rules.URL.search(texts[position])
                or "@" in texts[position] or texts[position].rstrip().endswith(":"))
    ]
    candidates = [position for position in eligible if position < before] or eligible  # (the head may open with its date)
    long = [position for position in candidates if words(texts[position]) > MAX_LABEL_WORDS]
    plain = [position for position in long if not is_dek(texts[position], "")]
    if plain:
        chosen = plain[-1]
    elif long:
        chosen = long[0]
    else:
        chosen = candidates[-1] if candidates else None
    for position in headlines:
        roles[position] = "kicker" if chosen is not None and position < chosen else "header_line"
    if chosen is not None:
        roles[chosen] = "title"


TITLE_WINDOW = 45  # kept lines before a page dump's article searched for its head
CREDIT_REACH = 3  # a byline or date this many lines below a headline marks it as the article's
MAX_DATED_WORDS = 15  # a line beside a page dump's title this short that holds a date dates the article
CREDIT_ABOVE_TITLE = 3  # a date or byline line this close above a page dump's title is the article's (`March 20, 2023 | News`)
CALL_TO_ACTION = re.compile(
    r"\b(?:log\s?in|sign\s?(?:in|up)|subscribe|order|book|demo|get|started|contact|quote|learn|more|see|less|menu|search|"
    r"cart|account|home|shop|buy|download|join|register|close|skip|share|follow|email|print|read|apply|donate|call)\b",
    re.I,
)
CAPTION = re.compile(r"\b(?:photo(?:graph)?s?|image|getty|credit|courtesy|illustration|shutterstock|istock|via)\b|\u00a9", re.I)
# How much each feature of a headline speaks for it being the page's title: a ranking model (softmax over
# a page's candidates) fitted on the WCXB dev pages' dumps, ours and inscriptis (bench/fit_title_scorer.py:
# the gold title ranked first on 0.640 of the pages; fitted on one half, 0.615 and 0.664 on the other).
# The strongest: the share of its words the article's opening uses (`lede_words`), a line that ends with
# it (`glued_end`: a breadcrumb the dump joined to the headline), a byline or date under it.
TITLE_WEIGHTS = {
    "bias": 0.0, "closeness": 1.13, "credit_after": 3.33, "credit_before": 0.94, "repeated_adjacent": 0.22,
    "repeated_in_page": -1.31, "breadcrumb_end": 2.04, "repeated_in_body": 0.75, "words": 3.00, "short": -2.86,
    "headline_case": 0.49, "call_to_action": -0.74, "dek_follows": 0.53, "after_menu": 1.10, "caption": -1.05,
    "question": -0.22, "colon": 1.44, "starts_with_digit": -0.15, "upper": 0.10,
    "lede_words": 4.33, "repeated_near": -0.59, "glued_end": 4.02, "among_links": -1.14,
}


def label_dump_head(texts: Sequence[str], removed: Sequence[bool], first: int, prose: int) -> dict[int, str]:
    """Head labels for the article found in a page dump: `first` opens the article's span of lines,
    `prose` is its first paragraph of prose (head lines may sit between the two).

    The title is the most title-like headline of the lines before the prose (`title_features`);
    bylines and date lines are taken from the title down to the article's first lines (and a few
    lines above the title, buttons and counters not counted; without a date there, the nearest date
    line above), a standfirst between the title and the prose.
    """
    zone = [index for index in range(max(0, prose - 4 * TITLE_WINDOW), prose) if not removed[index]][-TITLE_WINDOW:]
    after = [index for index in range(prose, min(len(texts), prose + 4)) if not removed[index]]
    lines = zone + after
    credits = {lines[position]: role for position, role in credit_roles([texts[index] for index in lines]).items()}
    title = best_title(texts, removed, zone, credits, prose)
    top = min(title, first) if title is not None else first
    above = [index for index in zone if index < top and index not in credits and is_filler(texts[index])]
    labels = {
        index: role for index, role in credits.items()
        if index > top or index >= top - CREDIT_ABOVE_TITLE - sum(index < other for other in above)
    }
    if "date_line" not in labels.values() and (dated := [index for index, role in credits.items() if role == "date_line" and index < top]):
        labels[max(dated)] = "date_line"  # no date around the title: the nearest one above it
    if title is not None:
        labels[title] = "title"
        if "date_line" not in labels.values():  # a date in a line beside the title: `Travel September 8, 2021 -- min read`
            for index in (beside(texts, title, -1), beside(texts, title, 1)):
                if 0 <= index < len(texts) and not removed[index] and index not in labels and words(texts[index]) <= MAX_DATED_WORDS and dates.find_dates(texts[index]):
                    labels[index] = "date_line"
                    break
        under = next((index for index in zone + after if index > title and not is_filler(texts[index])), None)
        if under is not None and under not in labels and (bylines.name_line(texts[under]) or (
            2 <= words(texts[under]) <= 3 and bylines.person_name(texts[under]) and labels.get(beside(texts, under, 1)) == "date_line"
        )):
            labels[under] = "byline"  # the author's name alone under the headline (any name, over the date)
        for index in zone:
            if index > title and index not in labels and words(texts[index]) >= MIN_STANDFIRST_WORDS and is_sentence(texts[index]):
                labels[index] = "standfirst"
                break
    return labels


def is_filler(text: str) -> bool:
    """A head line that does not count when measuring how far a credit sits above the title: share
    and listen buttons, counters and separators (`Listen`, `18`, `--`, `·`)."""
    return HEAD_FURNITURE.match(text) is not None or not any(char.isalpha() for char in text)


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

    def around(middle: int, reach: int) -> range:
        return range(max(0, middle - reach), min(len(zone), middle + reach + 1))

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
        "lede_words": lede_share(text, fingerprints["lede"]),
        "repeated_near": any(fingerprints["of"][zone[other]] == print_ for other in around(position, NEAR) if abs(other - position) > 1),
        "glued_end": any(len(texts[zone[other]]) > len(text) and texts[zone[other]].endswith(text) for other in around(position, 2)),
        "among_links": sum(is_headline(texts[zone[other]]) and words(texts[zone[other]]) >= 2 for other in around(position, 2) if other != position) / 4,
    }


NEAR = 4  # zone lines around a headline where the same line again marks it (a page shows its title twice)
LEDE_LINES = 4  # kept lines from the article's first paragraph whose words a title shares


def content_words(text: str) -> set[str]:
    """The longer words of a text, lower-cased (short ones are mostly function words)."""
    return {word.lower() for word in rules.WORD.findall(text) if len(word) >= 4 and not word.isdigit()}


def lede_share(text: str, lede: set[str]) -> float:
    """The share of a headline's longer words that the article's opening paragraphs use: a title
    announces what the text is about, a menu item or another story's link does not."""
    own = content_words(text)
    return len(own & lede) / len(own) if own else 0.0


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
    opening = [texts[index] for index in range(prose, len(texts)) if not removed[index]][:LEDE_LINES]
    lede = set().union(*(content_words(text) for text in opening)) if opening else set()
    return {"of": of, "count": count, "crumbs": crumbs, "body": body, "lede": lede}


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
