"""Plain-text boilerplate rules: one named predicate per kind of block, in the spirit of jusText's labels.

A rule looks at one paragraph and says whether it is that kind of boilerplate. Rules are general
patterns (promos, share lines, credits, trailers), never strings copied from particular sites.
Rules that may fire anywhere in a text are conservative: they match short paragraphs by how they
start or what they consist of, so a body paragraph that mentions "PTI" or an app stays.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
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


@lru_cache(maxsize=4096)
def word_count(text: str) -> int:
    """Words in a paragraph (cached: the strip stage asks for it again and again)."""
    return len(WORD.findall(text))


def folded(text: str) -> str:
    """`text` case-folded so that every letter a case-insensitive regex would take for an ASCII letter
    becomes that letter (casefold alone turns the dotted capital I into i plus a combining dot)."""
    return text.casefold().replace("i\u0307", "i")


@dataclass(frozen=True)
class Rule:
    """One kind of boilerplate: a paragraph of at most `max_words` words in which `pattern` is found.

    `needs`, when given, lists words of which every match holds at least one (case-folded): a paragraph
    with none of them is passed over without running the pattern.
    """

    pattern: re.Pattern
    max_words: int = sys.maxsize
    needs: tuple[str, ...] = ()

    def __call__(self, text: str) -> bool:
        return self.matches(text, word_count(text), folded(text))

    def matches(self, text: str, words: int, folded_text: str) -> bool:
        """The rule on a paragraph whose word count and `folded` form the caller has already computed."""
        if words > self.max_words or (self.needs and not any(need in folded_text for need in self.needs)):
            return False
        return self.pattern.search(text) is not None


def starts(pattern: str, max_words: int, needs: tuple[str, ...] = ()) -> Rule:
    """The paragraph matches `pattern` (case-insensitive; anchored with ^ where it must start the
    paragraph) and is at most `max_words` long."""
    return Rule(re.compile(pattern, re.I), max_words, needs)


def whole(pattern: str, max_words: int = sys.maxsize) -> Rule:
    """The whole paragraph matches `pattern` (case-insensitive)."""
    return Rule(re.compile(rf"^(?:{pattern})$", re.I), max_words)


SOCIAL = r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|print|reddit|pinterest|telegram|instagram|youtube|copy link|comments?|share|tweet|messenger|flipboard|pocket)"
LINE_RULES = {
    "app_promo": starts(
        r"^(?:[^.:!?]{0,50}\bapps?\s*:|(?:download|install|get)\s+(?:the|our)\s+[^.]{0,50}\bapps?\b|"
        r"[^.]{0,80}\b(?:app\s+store|google\s+play|play\s+store)\b)", 80, needs=("app", "play")),
    "newsletter_promo": starts(
        r"^(?:sign\s+up|subscribe|register|join|get|receive)\b[^.]{0,80}\b(?:newsletters?|inbox|e-?mail\s+updates|daily\s+briefing)\b|"
        r"^no\s+spam\b|\b(?:unsubscribe|opt\s+out)\s+at\s+any\s+time\b", 40,
        needs=("newsletter", "inbox", "mail", "briefing", "spam", "time")),
    "subscribe_prompt": starts(
        r"^(?:subscribe\s+(?:now|today|to\s+(?:our|the))|become\s+a\s+(?:member|subscriber)|already\s+a\s+subscriber|"
        r"support\s+(?:our|independent|quality)\s+journalism|click\s+here\s+to\s+subscribe)\b", 40),
    "social_share": starts(
        r"^(?:share\s+(?:this|on|via|the|with|article|story)|share\s*$|follow\s+(?:us|\w+\s+on)|like\s+us\s+on|"
        r"(?:re)?tweet\s+this|click\s+to\s+(?:share|tweet|email)|email\s+this|print\s+this)"
        rf"|^(?:{SOCIAL}\W*){{2,}}$", 10),
    "also_read": starts(
        r"^(?:also\s+read|read\s+also|read\s+more|more\s+from|related(?:\s+(?:stories|articles|news|coverage|links|content))?|"
        r"see\s+also|recommended(?:\s+(?:stories|for\s+you))?|you\s+may\s+also\s+like|don'?t\s+miss|must\s+read|"
        r"also\s+see|more\s+on\s+this(?:\s+story)?|trending(?:\s+now)?|top\s+stories|latest\s+news)"
        r"\s*(?:[:|»>\-–—]|$)", 30),
    "advertisement": whole(
        r"\W*(?:advertisements?|advertising|sponsored(?:\s+content)?|ad|ads|promoted|"
        r"story\s+continues\s+below(?:\s+this)?\s+advertisement|continue\s+reading\s+(?:below|the\s+main\s+story)|"
        r"scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?)\W*", 12),
    "copyright": starts(r"^(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b", 40, needs=("©", "(c)", "copyright", "rights")),
    "original_url_trailer": starts(
        r"^(?:original\s+(?:url|article|link|source|story)|source\s+(?:url|link)|"
        r"(?:this\s+(?:article|story|post|piece)\s+(?:was\s+)?)?(?:first|originally)\s+(?:published|appeared|posted)\b)", 40),
    "agency_credit": Rule(AGENCY_CREDIT),
    "legal_notice": starts(
        r"^(?:except\s+as\s+otherwise\s+noted|unless\s+otherwise\s+(?:noted|stated)|the\s+material\s+on\s+this\s+site|"
        r"use\s+of\s+(?:and/or\s+registration\s+on\s+)?(?:this|any\s+portion\s+of\s+this)\s+(?:site|website)|"
        r"(?:this|the)\s+(?:site|website|blog)\b[^.]{0,60}\b(?:is|are)\s+(?:licensed|operated|owned|protected)\b|"
        r"(?:all\s+)?(?:content|text)\s+(?:is\s+)?(?:available|licensed)\s+under|terms\s+of\s+(?:use|service)\s*[|\u00b7\u2022])", 80),
    "cookie_notice": Rule(re.compile(
        r"^(?=.*\bcookies?\b)(?=.*\b(?:we\s+use|(?:site|website)\s+uses|accept|consent|privacy\s+policy|cookie\s+(?:policy|settings))\b)",
        re.I | re.S), 80, needs=("cookie",)),
    "comment_prompt": whole(
        r"\W*(?:leave\s+a\s+comment|post\s+a\s+comment|add\s+(?:a|your)\s+comment|comments?(?:\s*\(\d+\))?|"
        r"\d+\s+comments?|join\s+the\s+(?:conversation|discussion)|show\s+comments|view\s+comments|"
        r"be\s+the\s+first\s+to\s+comment|what\s+do\s+you\s+think\??)\W*", 12),
    "photo_credit": whole(
        r"\(?\s*(?:photo|image|picture|file\s+photo|representational\s+image|photograph)(?:\s+(?:credit|courtesy))?"
        r"\s*[:|/]\s*[^.!?]{1,60}\)?|\((?:photo|image|file\s+photo)[^)]{0,60}\)", 40),
}


def fingerprint(line: str) -> str:
    """A line reduced to lower-case words, so that repeats are found whatever the punctuation."""
    return " ".join(WORD.findall(line.lower()))


def agencies_in(text: str) -> list[str]:
    """The named agencies an agency-credit line credits (generic "agencies" names none)."""
    match = AGENCY_CREDIT.match(text)
    if not match:
        return []
    names = [AGENCY_NAMES.get(part.lower()) for part in AGENCY_SPLIT.split(match.group("names"))]
    return [name for name in dict.fromkeys(names) if name]


def first_rule(text: str) -> str | None:
    """The name of the first rule the paragraph matches, or None for a paragraph to keep."""
    words, folded_text = word_count(text), folded(text)
    for name, rule in LINE_RULES.items():
        if rule.matches(text, words, folded_text):
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
