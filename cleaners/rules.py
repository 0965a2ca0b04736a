"""Plain-text boilerplate rules: one named predicate per kind of block, in the spirit of jusText's labels.

A rule looks at one paragraph and says whether it is that kind of boilerplate. Rules are general
patterns (promos, share lines, credits, trailers), never strings copied from particular sites.
Rules that may fire anywhere in a text are conservative: they match short paragraphs by how they
start or what they consist of, so a body paragraph that mentions "PTI" or an app stays.
"""

from __future__ import annotations

import re
from functools import lru_cache

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+", re.I)
URL_ONLY = re.compile(r"^\W*(?:https?://|www\.)\S+\W*$", re.I)
WORD = re.compile(r"\w+")

AGENCY_NAMES = {
    "pti": "PTI", "press trust of india": "PTI", "ians": "IANS", "ani": "ANI", "uni": "UNI",
    "ap": "AP", "associated press": "AP", "the associated press": "AP", "afp": "AFP",
    "agence france-presse": "AFP", "agence france presse": "AFP", "reuters": "Reuters",
    "thomson reuters": "Reuters", "bloomberg": "Bloomberg", "xinhua": "Xinhua", "dpa": "dpa",
    "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "tass": "TASS",
    "itar-tass": "TASS", "interfax": "Interfax", "ria novosti": "RIA Novosti", "aap": "AAP",
    "upi": "UPI", "wam": "WAM", "anadolu": "Anadolu", "agencies": None, "agency": None,
    "wire services": None, "news agencies": None,
}
_AGENCY = "|".join(sorted((re.escape(name) for name in AGENCY_NAMES), key=len, reverse=True))
AGENCY_CREDIT = re.compile(
    rf"^[\s(\[—–-]*(?:(?:with\s+)?(?:additional\s+)?(?:inputs?|reporting|input)\s+(?:from|by)\s+|source:?\s*|"
    rf"courtesy:?\s*|agency:?\s*|written\s+by\s+)?(?P<names>(?:{_AGENCY})(?:\s*(?:,|/|&|and|with)\s*(?:{_AGENCY}))*)"
    rf"(?:\s+inputs?)?[\s)\].]*$",
    re.I,
)
AGENCY_SPLIT = re.compile(r"\s*(?:,|/|&|\band\b|\bwith\b)\s*", re.I)


@lru_cache(maxsize=65536)
def word_count(text: str) -> int:
    """Words in a paragraph (cached: every rule asks for it)."""
    return len(WORD.findall(text))


def short(limit: int):
    """A guard: the paragraph has at most `limit` words."""
    return lambda text: word_count(text) <= limit


def starts(pattern: str, max_words: int):
    """A rule: the paragraph starts with `pattern` (case-insensitive) and is at most `max_words` long."""
    compiled = re.compile(pattern, re.I)
    return lambda text: word_count(text) <= max_words and compiled.search(text) is not None


def whole(pattern: str):
    """A rule: the whole paragraph matches `pattern` (case-insensitive)."""
    compiled = re.compile(rf"^(?:{pattern})$", re.I)
    return lambda text: compiled.match(text) is not None


SOCIAL = r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|print|reddit|pinterest|telegram|instagram|youtube|copy link|comments?|share|tweet|messenger|flipboard|pocket)"
LINE_RULES = {
    "app_promo": starts(
        r"^(?:[^.:!?]{0,50}\bapps?\s*:|(?:download|install|get)\s+(?:the|our)\s+[^.]{0,50}\bapps?\b|"
        r"[^.]{0,80}\b(?:app\s+store|google\s+play|play\s+store)\b)", 80),
    "newsletter_promo": starts(
        r"^(?:sign\s+up|subscribe|register|join|get|receive)\b[^.]{0,80}\b(?:newsletters?|inbox|e-?mail\s+updates|daily\s+briefing)\b|"
        r"^no\s+spam\b|\b(?:unsubscribe|opt\s+out)\s+at\s+any\s+time\b", 40),
    "subscribe_prompt": starts(
        r"^(?:subscribe\s+(?:now|today|to\s+(?:our|the))|become\s+a\s+(?:member|subscriber)|already\s+a\s+subscriber|"
        r"support\s+(?:our|independent|quality)\s+journalism|click\s+here\s+to\s+subscribe)\b", 40),
    "social_share": lambda text: word_count(text) <= 10 and (
        re.match(r"^(?:share\s+(?:this|on|via|the|with|article|story)|share\s*$|follow\s+(?:us|\w+\s+on)|like\s+us\s+on|"
                 r"(?:re)?tweet\s+this|click\s+to\s+(?:share|tweet|email)|email\s+this|print\s+this)", text, re.I) is not None
        or re.match(rf"^(?:{SOCIAL}\W*){{2,}}$", text, re.I) is not None
    ),
    "also_read": lambda text: word_count(text) <= 30 and re.match(
        r"^(?:also\s+read|read\s+also|read\s+more|more\s+from|related(?:\s+(?:stories|articles|news|coverage|links|content))?|"
        r"see\s+also|recommended(?:\s+(?:stories|for\s+you))?|you\s+may\s+also\s+like|don'?t\s+miss|must\s+read|"
        r"also\s+see|more\s+on\s+this(?:\s+story)?|trending(?:\s+now)?|top\s+stories|latest\s+news)"
        r"\s*(?:[:|»>\-–—]|$)", text, re.I) is not None,
    "advertisement": whole(
        r"\W*(?:advertisements?|advertising|sponsored(?:\s+content)?|ad|ads|promoted|"
        r"story\s+continues\s+below(?:\s+this)?\s+advertisement|continue\s+reading\s+(?:below|the\s+main\s+story)|"
        r"scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?)\W*"),
    "copyright": starts(r"^(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b", 40),
    "original_url_trailer": starts(
        r"^(?:original\s+(?:url|article|link|source|story)|source\s+(?:url|link)|"
        r"(?:this\s+(?:article|story|post|piece)\s+(?:was\s+)?)?(?:first|originally)\s+(?:published|appeared|posted)\b)", 40),
    "agency_credit": lambda text: AGENCY_CREDIT.match(text) is not None,
    "legal_notice": starts(
        r"^(?:except\s+as\s+otherwise\s+noted|unless\s+otherwise\s+(?:noted|stated)|the\s+material\s+on\s+this\s+site|"
        r"use\s+of\s+(?:and/or\s+registration\s+on\s+)?(?:this|any\s+portion\s+of\s+this)\s+(?:site|website)|"
        r"(?:this|the)\s+(?:site|website|blog)\b[^.]{0,60}\b(?:is|are)\s+(?:licensed|operated|owned|protected)\b|"
        r"(?:all\s+)?(?:content|text)\s+(?:is\s+)?(?:available|licensed)\s+under|terms\s+of\s+(?:use|service)\s*[|\u00b7\u2022])", 80),
    "cookie_notice": lambda text: word_count(text) <= 80 and re.search(r"\bcookies?\b", text, re.I) is not None
    and re.search(r"\b(?:we\s+use|(?:site|website)\s+uses|accept|consent|privacy\s+policy|cookie\s+(?:policy|settings))\b",
                  text, re.I) is not None,
    "comment_prompt": whole(
        r"\W*(?:leave\s+a\s+comment|post\s+a\s+comment|add\s+(?:a|your)\s+comment|comments?(?:\s*\(\d+\))?|"
        r"\d+\s+comments?|join\s+the\s+(?:conversation|discussion)|show\s+comments|view\s+comments|"
        r"be\s+the\s+first\s+to\s+comment|what\s+do\s+you\s+think\??)\W*"),
    "photo_credit": whole(
        r"\(?\s*(?:photo|image|picture|file\s+photo|representational\s+image|photograph)(?:\s+(?:credit|courtesy))?"
        r"\s*[:|/]\s*[^.!?]{1,60}\)?|\((?:photo|image|file\s+photo)[^)]{0,60}\)"),
}


def agencies_in(text: str) -> list[str]:
    """The named agencies an agency-credit line credits (generic "agencies" names none)."""
    match = AGENCY_CREDIT.match(text)
    if not match:
        return []
    names = [AGENCY_NAMES.get(part.lower()) for part in AGENCY_SPLIT.split(match.group("names"))]
    return [name for name in dict.fromkeys(names) if name]


def first_rule(text: str) -> str | None:
    """The name of the first rule the paragraph matches, or None for a paragraph to keep."""
    for name, rule in LINE_RULES.items():
        if rule(text):
            return name
    return None


def is_url_only(text: str) -> bool:
    return URL_ONLY.match(text) is not None


TERMINAL = (".", "!", "?", ":", ";", '"', "'", ")", "]", "\u2026", "\u201d", "\u2019")


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


def is_broken_continuation(previous: str, following: str) -> bool:
    """`following` continues a sentence that `previous` left open (no closing punctuation, lower-case start)."""
    return not ends_sentence(previous) and following[:1].islower()
