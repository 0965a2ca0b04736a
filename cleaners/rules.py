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
    with none of them is passed over without running the pattern. `also` holds patterns for a phrase that
    may sit anywhere in the paragraph (`... View all posts by X`), searched apart from `pattern` so that
    the search starts at the phrase's first word instead of trying every prefix of the paragraph.
    """

    pattern: re.Pattern
    max_words: int = sys.maxsize
    needs: tuple[str, ...] = ()
    also: tuple[re.Pattern, ...] = ()

    def __call__(self, text: str) -> bool:
        return self.matches(text, word_count(text), folded(text))

    def matches(self, text: str, words: int, folded_text: str) -> bool:
        """The rule on a paragraph whose word count and `folded` form the caller has already computed."""
        if words > self.max_words or (self.needs and not any(need in folded_text for need in self.needs)):
            return False
        return self.found(text)

    def found(self, text: str) -> bool:
        """`pattern` or one of `also` is found in `text` (bounds and needed words aside)."""
        return self.pattern.search(text) is not None or any(other.search(text) is not None for other in self.also)


def starts(pattern: str, max_words: int, needs: tuple[str, ...] = (), also: tuple[str, ...] = ()) -> Rule:
    """The paragraph matches `pattern` (case-insensitive; anchored with ^ where it must start the
    paragraph) or one of `also` (anywhere), and is at most `max_words` long."""
    return Rule(re.compile(pattern, re.I), max_words, needs, tuple(re.compile(other, re.I) for other in also))


def whole(pattern: str, max_words: int = sys.maxsize, needs: tuple[str, ...] = (), also: tuple[str, ...] = ()) -> Rule:
    """The whole paragraph matches `pattern` (case-insensitive), or one of `also` is found in it."""
    return Rule(re.compile(rf"^(?:{pattern})$", re.I), max_words, needs, tuple(re.compile(other, re.I) for other in also))


SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|print|reddit|pinterest|telegram|instagram|youtube|copy\s+link|comments?|share|"
    r"tweet|messenger|flipboard|pocket|save|copy|link\s+copied|more\s+sharing(?:\s+options)?|recommend|pin(?:\s+it)?|bookmark(?:\s+it)?|"
    r"digg|delicious|stumble(?:upon)?|mixx|myspace|google(?:\s+buzz|\s*\+)?|y!\s+buzz|buzz|fark|rebuzz|sms|like(?:\s+button)?|tumblr|"
    r"threads|bluesky|mastodon|vk|gmail|del\.icio\.us|technorati|google\s+bookmarks|typepad|livejournal|blogger|wordpress)"
)
COUNTER = r"\d[\d,.]*\s*[km]?"
# A credit line is names (capitalised words) and these words only: joiners, roles, prepositions of places.
CREDIT_WORD = (
    r"(?:[A-Z\u00c0-\u00de][\w'\u2019.&-]*|(?:and|in|of|the|from|at|with|also|for|de|da|di|del|der|van|von|le|la|al|el|bin|"
    r"staff|writers?|reporters?|correspondents?|editors?|producers?|researchers?|photographers?|contributors?|"
    r"additional|reporting|editing|writing|research|inputs?|by|photo|image|credits?|courtesy)(?![\w'\u2019])|\d{1,3}(?!\w))"
)
CREDIT_SEPARATOR = r"[\s,;:()/&]+"
WIRE_CREDIT = re.compile(
    # `Jane Doe in Paris and John Roe contributed to this report.`
    rf"^[\s(\[\u2014\u2013-]*(?:{CREDIT_WORD}{CREDIT_SEPARATOR}){{1,50}}(?i:also\s+)?(?i:contributed)\s+"
    r"(?i:(?:additional\s+)?(?:reporting|research)|to\s+(?:this|the)\s+(?:report|story|article|reporting)|reporting\s+to\s+(?:this|the)\s+\w+)"
    r"(?:\s+(?i:from|in)\s+[A-Z][\w\s,.'\u2019-]{0,60})?[\s.)\]]*$"
    # `Reporting by Jane Doe; Editing by John Roe`, `(Additional reporting by ...)`, `Edited by ...`
    r"|^[\s(\[\u2014\u2013-]*(?i:(?:additional\s+|further\s+)?(?:reporting|writing|editing|research|compiled|edited|fact-checking)"
    rf"(?:\s+(?:and|&)\s+(?:reporting|writing|editing|research))?\s+by)\s+{CREDIT_WORD}(?:{CREDIT_SEPARATOR}{CREDIT_WORD}){{0,60}}[\s.)\]]*$"
    # `Sources: Reuters, Washington Examiner`, `Via: Fox News`
    rf"|^(?:\(\s*(?i:via|sources?)\s*:?\s+|(?i:via|sources)\s*:\s*){CREDIT_WORD}(?:{CREDIT_SEPARATOR}{CREDIT_WORD}){{0,20}}[\s.)\]]*$"
)
# Photo agencies and picture desks as they sign photo credits (`JIM WATSON/AFP/Getty Images`, `(John Minchillo / AP)`).
PHOTO_AGENCY = (
    r"(?-i:AP|AP\s+Photo|Reuters|REUTERS|AFP|Getty(?:\s+Images)?|GETTY(?:\s+IMAGES)?|EPA(?:-EFE)?|Bloomberg|Shutterstock|iStock(?:photo)?|"
    r"Alamy|Corbis|Xinhua|dpa|ANP|PA(?:\s+Images|\s+Wire)?|Rex(?:\s+Features)?|Splash(?:\s+News)?|Backgrid|BACKGRID|WireImage|FilmMagic|"
    r"Invision|Zuma(?:\s+Press)?|ZUMA(?:\s+Press)?|NurPhoto|SOPA(?:\s+Images)?|Anadolu(?:\s+Agency)?|TASS|Sipa(?:\s+USA)?|Polaris|AAP|"
    r"Pool|Handout|Wikimedia(?:\s+Commons)?|Flickr|Unsplash|Pexels|NASA|AKM-GSI|Mega|GC\s+Images)"
)
CAPITALISED = r"(?-i:[A-Z][\w.'\u2019&-]*)"
ACRONYM = r"(?-i:[A-Z]{2,6}(?:\s+[A-Z][\w]+)?)"
NAME = r"(?-i:[A-Z][\w'\u2019.-]+(?:\s+(?:(?:de|da|di|del|van|von|der|le|la|al|bin)\s+)?[A-Z][\w'\u2019.-]+){1,3})"
JOURNALIST = (
    r"(?:reporter|writer|editor|correspondent|contributor|columnist|journalist|blogger|commentator|producer|freelancer|"
    r"intern|fellow|critic|analyst|anchor|host|photographer|illustrator)s?"
)
BIO_OPENING = (
    rf"{NAME}\s+(?:(?:is|was)\s+(?:(?:an?|the)\s+)?(?:[\w'\u2019-]+\s+){{0,5}}{JOURNALIST}\b|(?:currently\s+)?works\s+(?:for|at)\s+[^.]{{1,60}}\s+as\s+an?\b|"
    r"(?:is|was)\s+(?:the\s+)?author\s+of\b|has\s+(?:been\s+)?(?:written|reported|covered)\b)"
)
BIO_CUE = (
    r"\b(?:follow\s+(?:him|her|them)|e-?mail\s+(?:him|her|them)|reach\s+(?:him|her|them)|view\s+all\s+(?:posts|articles|stories)|"
    r"(?:is\s+)?based\s+in|lives\s+(?:in|on|with)|writes\s+about|covers|covering|previously\s+(?:worked|wrote|reported)|"
    r"has\s+(?:over\s+|more\s+than\s+)?\d+\+?\s+years|(?:his|her|their)\s+work\s+has\s+appeared|graduate\s+of|majored\s+in|"
    r"is\s+also\s+an?)\b|@\w"
)
TWEET_CHROME = (
    r"^[\u2014\u2013-]{1,2}\s*[^\n]{1,80}?\(@\w{1,30}\)\s*(?:on\s+)?(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})?"
    r"(?:\s+at\s+\d{1,2}:\d{2}\s*[ap]\.?m\.?(?:\s+[A-Z]{2,4})?)?\W*$"
)
LINE_RULES = {
    "app_promo": starts(
        r"^(?:[^.:!?]{0,50}\bapps?\s*:|(?:download|install|get)\s+(?:the|our)\s+[^.]{0,50}\bapps?\b|"
        r"(?:download|install|get|find|(?:also\s+)?available)\b[^.]{0,60}\b(?:app\s+store|google\s+play|play\s+store)\b|"
        r"(?:on\s+|from\s+)?(?:the\s+)?(?:app\s+store|google\s+play|play\s+store)(?:\W+(?:and|or|&)?\W*(?:the\s+)?(?:app\s+store|google\s+play|play\s+store))*\W*$|"
        r"[^.]{0,60}?\bdownload\s+(?:the\s+|our\s+)?(?-i:[A-Z][\w-]*)(?:\s+(?-i:[A-Z][\w-]*)){0,3}\s*$)",
        80, needs=("app", "play", "download")),
    "newsletter_promo": starts(
        r"^(?:[^.,]{0,30},\s*)?(?:sign\s+up|subscribe|register|join|get|receive|keep\s+up)\b[^.]{0,130}\b(?:newsletters?|inbox|e-?mail\s+updates|daily\s+briefing)\b|"
        r"^no\s+spam\b|\b(?:unsubscribe|opt\s+out)\s+at\s+any\s+time\b|^[^.]{1,60}\.\s+keep\s+up\s+with\s+[^.]{1,60}\bnewsletter\b", 40,
        needs=("newsletter", "inbox", "mail", "briefing", "spam", "time")),
    "subscribe_prompt": starts(
        r"^(?:thanks\s+for\s+reading[!.]?\s+)?(?:(?:subscribe\s+(?:now|today|for\s+free|to\s+(?:our|the))|become\s+a\s+(?:member|subscriber)|already\s+a\s+subscriber|"
        r"support\s+(?:our|independent|quality)\s+journalism|click\s+here\s+to\s+subscribe)\b|subscribe\W*$|"
        r"(?:will|would|can)\s+you\s+(?:support|help\s+(?:us|keep|fund))\b[^.!?]{0,60}\?\s*$|"
        r"you'?re\s+reading\s+a\s+free\s+article\b)",
        120, also=(r"please\s+consider\s+(?:making\s+a\s+(?:contribution|donation|gift)|supporting\s+(?:us|our)|subscribing|donating|becoming\s+a\s+(?:member|subscriber))\b",)),
    "social_share": starts(
        r"^(?=\W*(?:\w+(?:\W+|$)){0,12}$)(?:share\s+(?:this|on|via|the|with|article|story)|share\s*$|follow\s+(?:us|\w+\s+on)|like\s+us\s+on|"
        r"(?:re)?tweet\s+this|\d*click\s+to\s+(?:share|tweet|email|print)|email\s+this|print\s+this|like\s+this\s*:|share\s+all\b|"
        r"(?:print|republish|email|save|share)\s+(?:this\s+)?(?:article|story|post)\s*$|follow\s+(?:this|the)\s+(?:topic|story|author)\s*$|"
        r"(?:add\s+to\s+my|blog\s+this\s+on|bookmark\s+(?:this\s+)?(?:on|with))\s*:|"
        r"@\w{1,30}\s+on\s+(?:twitter|instagram|facebook|x)\b|become\s+a\s+fan\s+(?:of\s+\w+\s+)?on\s+facebook\b|"
        r"(?:be\s+sure\s+to\s+)?[^.!?]{0,40}\bshare\s+this\s+(?:post|article|story)\s*[.!]?$)"
        rf"|^(?:{SOCIAL}\W*){{2,}}$|^(?:{COUNTER}\s+)?(?:shares?|tweets?|pins?|likes?)\s*$|^(?:{SOCIAL})\s*:?\s*{COUNTER}$"
        r"|^(?:be\s+sure\s+to\s+|please\s+)?[^.!?]{0,80}\bshare\s+this\s+(?:post|article|story|page)\s+with\s+(?:them|your\s+friends|others)\b[^.]{0,30}[.!]?$",
        20),
    "also_read": starts(
        r"^(?:also\s+read|read\s+also|read\s+more|more\s+from|related(?:\s+(?:stories|articles|news|coverage|links|content))?|"
        r"see\s+also|recommended(?:\s+(?:stories|for\s+you))?|you\s+may\s+also\s+like|don'?t\s+miss|must\s+read|"
        r"also\s+see|more\s+on\s+this(?:\s+story)?|trending(?:\s+now)?|top\s+stories|latest\s+news|"
        r"related\s+(?:photos|videos?|roundup|forums?|galleries|reading|posts|topics)|now\s+(?:read|watch)\s+this|(?:for\s+)?more,?\s+(?:read|see|watch)|"
        r"read\s+more\s+from\s+[^:.]{1,40}|see\s+more\s+(?:photos|pictures|videos)|more\s+like\s+this|we\s+recommend|"
        r"from\s+around\s+the\s+web|stories\s+chosen\s+for\s+you|popular\s+right\s+now|most\s+popular(?:\s+stories)?(?:\s+right\s+now)?|"
        r"explore\s+related\s+content|up\s+next|watch\s+next|factbox|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|more\s+in\s+[\w&' -]{1,30}$|buyer'?s\s+guide|\(\s*(?:more|related|see\s+also|read\s+more)|"
        r"(?:previous|next)\s+(?:post|article|story)|read\s+other\s+related\s+stories(?:\s+about\s+this)?|"
        r"(?:popular|trending|latest|top|other)\s+(?:stories|articles|posts|videos|headlines)|more\s+(?:stories|articles|posts)\s+(?:by|from)\s+[^.:]{1,40}|"
        r"more\s+from\s+[^.:]{1,40})"
        r"\s*(?:[:|»>\-–—]|$)"
        r"|^link\s*:\s*[^\s.]+(?:\s+[^\s.]+){0,3}\.?$|^(?:photos|pictures|gallery|watch|listen|in\s+pictures|article)\s*:\s*(?:(?!\.\s)[^!?]){1,150}[!?]?$|^more\W*$|^check\s+out\s+more\s+(?:articles|stories|news|videos)\b(?:(?!\.\s)[^!?]){0,60}[.!]?$|^(?:[\w.]+(?:\s+[\w.]+)?\s+[-\u2013\u2014|]\s+)?\d+\s+(?:secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\s+ago$|^read\s+(?:the\s+)?(?:full|whole|complete|entire)\s+[\w\s'-]{1,60}$", 30),
    "advertisement": whole(
        r"\W*(?:advertisements?|advertising|advert|sponsored(?:\s+(?:content|ads?|links?|stories|posts))?|ad|ads|promoted|"
        r"(?:advertisements?\s*[-–—:|]?\s*)?(?:(?:the\s+)?(?:story|article|text|content)\s+)?continues\s+(?:below|after\s+(?:this\s+)?(?:ad|advertisement))(?:\s+(?:this\s+)?advertisement)?|"
        r"continue\s+reading\s+(?:below|the\s+main\s+story)|remove\s+ads?|(?:video\s+)?ad\s+feedback|advertisements?\s*\([^)]{1,30}\)|"
        r"inread\s+invented\s+by\s+\w+|(?:ads?\s+)?by\s+(?:teads|taboola|outbrain|revcontent)|"
        r"scroll\s+(?:down\s+)?to\s+continue(?:\s+with\s+content)?)\W*", 12),
    "copyright": starts(r"^(?:©|\(c\)\s|copyright\b)|\ball\s+rights\s+reserved\b", 40, needs=("©", "(c)", "copyright", "rights")),
    "original_url_trailer": starts(
        r"^(?:original\s+(?:url|article|link|source|story)|source\s+(?:url|link)|"
        r"(?:this\s+(?:article|story|post|piece)\s+(?:was\s+)?)?(?:first|originally)\s+(?:published|appeared|posted)\b)", 40),
    "agency_credit": Rule(AGENCY_CREDIT),
    "wire_credit": Rule(WIRE_CREDIT, 90),
    "syndication_notice": starts(
        r"^\W*(?:(?:this|the)\s+(?:story|article|report|copy|piece)\s+(?:has\s+|was\s+)?(?:not\s+been\s+|not\s+)edited\s+by\s+(?:[\w.'\u2019-]+\s+){0,3}(?:staff|editorial\s+team|editors|newsroom)\b|"
        r"our\s+standards\s*:|"
        r"(?:this\s+(?:story|article)\s+)?(?:was\s+)?(?:originally\s+)?(?:distributed|syndicated)\s+by\b[^.]{1,60}\.?\s*$|"
        r"(?:things|products)\s+you\s+buy\s+through\s+our\s+links\b|(?:we|this\s+site)\s+may\s+earn\s+(?:a\s+)?(?:small\s+)?(?:commission|share)\b|"
        r"(?:powered|published)\s+(?:by|with)\s+[\w.-]+\.(?:com|net|org|io|as)\W*$|disclosures?\s+[\w.-]+\.(?:com|net|org|io)\W*$)", 60,
        also=(r"auto-?generated\s+from\s+a\s+syndicated\s+feed",
              # an affiliate disclosure anywhere in a short paragraph: `When you buy through links on our site, we may earn ...`
              r"\b(?:buy|purchase|shop|click)\b[^.]{0,60}\b(?:we|us)\s+may\s+(?:earn|receive|get|be\s+paid)\s+(?:an?\s+)?(?:small\s+)?(?:affiliate\s+)?(?:commission|compensation|share)\b",
              r"\bwe\s+may\s+earn\s+(?:an?\s+)?(?:small\s+)?affiliate\s+commission\b")),
    "archive_notice": starts(
        r"^(?:thanks?\s+(?:you\s+)?for\s+visiting\b[^.]{0,40}\.?$|we(?:'re|\s+are)\s+no\s+longer\s+(?:maintaining|updating)\s+this\s+(?:page|site)|"
        r"this\s+(?:page|site|article|blog)\s+(?:is|has)\s+no\s+longer\s+(?:being\s+)?(?:maintained|updated)|"
        r"for\s+the\s+latest\s+[^.]{1,60},?\s+(?:please\s+)?(?:visit|go\s+to|head\s+to)\b[^.]{1,40}\.?$|this\s+(?:page|article)\s+(?:has\s+been|was)\s+archived\b)", 30),
    "legal_notice": starts(
        r"^(?:except\s+as\s+otherwise\s+noted|unless\s+otherwise\s+(?:noted|stated)|the\s+material\s+on\s+this\s+site|"
        r"use\s+of\s+(?:and/or\s+registration\s+on\s+)?(?:this|any\s+portion\s+of\s+this)\s+(?:site|website)|"
        r"(?:this|the)\s+(?:site|website|blog)\b[^.]{0,60}\b(?:is|are)\s+(?:licensed|operated|owned|protected)\b|"
        r"reuse\s+this\s+(?:content|article)\W*$|(?:all\s+)?(?:content|text)\s+(?:is\s+)?(?:available|licensed)\s+under|terms\s+of\s+(?:use|service)\s*[|\u00b7\u2022])", 80),
    "cookie_notice": Rule(re.compile(
        r"^(?=.*\bcookies?\b)(?=.*\b(?:we\s+use|(?:site|website)\s+uses|accept|consent|privacy\s+policy|cookie\s+(?:policy|settings))\b)|"
        r"^cookies?\s+(?:notice|policy|settings|preferences)\W*$",
        re.I | re.S), 80, needs=("cookie",)),
    "comment_prompt": whole(
        r"[^\w>]*(?:leave\s+a\s+(?:comment|reply)(?:\s+cancel\s+reply)?|post\s+a\s+comment|add\s+(?:a|your)\s+comment|comments?(?:\s*\(\d+\))?|"
        r"\d+\s+comments?|join\s+the\s+(?:conversation|discussion)|(?:show|view|read|see|load)\s+(?:all\s+|more\s+)?comments?\s*(?:\(?\d+\)?)?(?:\s*[-–—]\s*join\s+the\s+discussion)?|"
        r"be\s+the\s+first\s+to\s+comment|what\s+do\s+you\s+think\??(?:\s+scroll\s+down\s+to\s+comment(?:\s+below)?\.?)?|cancel\s+reply|"
        r"(?:you\s+must\s+)?(?:log\s*in|sign\s+in|register)\s+(?:to\s+(?:post\s+a\s+|leave\s+a\s+|add\s+a\s+)?comment|via\s+a\s+social\s+account)\.?|"
        r"\d+\s+(?:thoughts?|responses?|replies)\s+on\s+.{1,150}|top\s+rated\s+comments|(?:expand|collapse|hide)\s+comments?\s*\+?|"
        r"let\s+us\s+know\s+what\s+you\s+think!?|there\s+(?:are|is)\s+\d+\s+comments?|join\s+(?:the\s+)?(?:discussion|conversation)\b.{0,200})\W*", 40,
        needs=("comment", "leave", "join", "think", "repl", "thought", "response", "social", "below"),
        also=(r"(?:sound\s+off|let\s+us\s+know|tell\s+us|share\s+your\s+thoughts)\s+(?:below|in\s+the\s+comments?(?:\s+(?:section|below))?)[.!]?\W*$",)),
    "signup_form": Rule(re.compile(
        r"^\W*(?:(?:your\s+)?(?:(?:first|last|full)\s+)?(?:name|e-?mail(?:\s+address)?|website|comment|message|password|username|phone|zip(?:\s+code)?)\s*\*|"
        r"your\s+e-?mail\s+address\s+will\s+not\s+be\s+published\b.*|required\s+fields\s+are\s+marked\b.*|save\s+my\s+name,?\s+e-?mail\b.*|"
        r"notify\s+me\s+of\s+(?:new|follow-?up)\b.*|receive\s+e-?mail\s+notifications\W*|(?:yes|no)\s*,?\s*(?:do\s+not\s+|don'?t\s+)?subscribe\W*|"
        r"thank\s+you\s+for\s+(?:subscribing|signing\s+up)\b.*|(?:you(?:'re|\s+are|\s+have)\s+)?now\s+signed\s+up\s+(?:to|for)\b.*|"
        r"click\s+here\s+to\s+manage\b.*|get\s+(?:alerts|notifications|breaking\s+news\s+alerts)\W*|manage\s+(?:your\s+|all\s+)?newsletters?\W*|keep\s+in\s+touch\W*|stay\s+in\s+touch\W*|"
        r"sign\s+up\s+for\s+[^.!?]{1,80}|enter\s+your\s+e-?mail(?:\s+address)?(?:\s+(?:below|here))?(?:\s+to\s+[^.!?]{1,200})?\W*|to\s+create\s+code\s+blocks\b.*|"
        r"to\s+create\s+not\s+a\s+block\b.*|for\s+more\s+help\s+see\s+\S+\W*)$", re.I), 40),
    "contribute_prompt": whole(
        r"\W*(?:(?:submit|send(?:\s+us)?)\s+(?:a\s+|your\s+)?(?:corrections?|tips?|news\s+tips?|links?|stor(?:y|ies))|"
        r"report\s+(?:a\s+)?(?:typos?|errors?|corrections?)\b.{0,80}|write\s+for\s+us\b.{0,80}|(?:got|have)\s+a\s+(?:news\s+)?tip\?.{0,80}|"
        r"contribute\s+to\s+this\s+story|contact\s+us|share\s+your\s+(?:feedback|story|tips?)|become\s+a\s+contributor\b.{0,60}|pitch\s+us\b.{0,80}|"
        r"(?:want|interested)\s+(?:to\s+)?(?:in\s+)?(?:write|writing|contribute|contributing)\s+for\s+us\b.{0,80})\W*", 30),
    "tag_list": Rule(re.compile(
        r"^\W*(?:tags?|tagged(?:\s+(?:with|as|in|under))?|topics?|related\s+(?:topics|tags)|filed\s+(?:under|in)|categor(?:y|ies)|"
        r"labels|read\s+more\s+(?:stories\s+)?about|more\s+(?:stories\s+)?about(?=\s*:))"
        r"\s*(?::\s*(?:[^.!?\n]|[.](?=\S))*[.]?)?\s*$|^\W*in\s+this\s+(?:article|story)\s*:\s*\w(?:[^.!?\n]|[.](?=\S))*[.]?\s*$|^(?:tagged|posted\s+in|filed\s+under)\s+[^.!?\n:]{1,200}$", re.I), 40),
    "video_player": whole(
        r"\W*(?:(?:play|watch|replay)\s+(?:the\s+)?video|now\s+playing|see\s+more\s+videos|more\s+videos|"
        r"(?:we\s+apologi[sz]e,?\s+)?(?:this|the)\s+video\s+(?:has\s+expired|is\s+(?:no\s+longer\s+|not\s+|currently\s+)?(?:available|unavailable))\.?|"
        r"thanks\s+for\s+watching!?|video\s+(?:loading|unavailable)|replay|your\s+video\s+will\s+(?:play|begin|start)\s+in\b.{0,20}|"
        r"(?:[a-z]{3,4}\.?\s+\d{1,2},\s+\d{4}\s*)?(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[-|–]\s*source:\s*[\w\s.]{1,30})?|"
        r"[-–]\s*source:\s*[\w.]+(?:\s+[\w.]+){0,3}|"
        r"video:\s.{1,200}?\d{1,2}:\d{2}(?:\s*\|\s*[\d,]+\s+views)?|"
        r"[^\n]{0,60}\bduration:\s*\d+\s*(?:min|sec|m|s)[^\n]{0,20})\W*", 40,
        needs=("video", "playing", "watching", "replay", ":", "source", "duration")),
    "caption": Rule(re.compile(
        r"^(?:(?:[^.\n]{0,40}\s[-\u2013\u2014]\s+)?(?:file\s*[-\u2013\u2014]\s*)?in\s+this\s+[^.\n]{0,80}?\b(?:file\s+)?(?:photo|image|picture|frame\s+grab|handout)\b|"
        r"(?:media|image|video)\s+(?:caption|copyright)\b|view\s+this\s+(?:image|photo|video)\b|view\s+(?:photo\s+)?gallery\b|"
        r"gallery:[^\n]{1,120}\|\s*\d+\s+(?:photos|images)\s*$|slideshow\s*\(\s*\d+\s+(?:images?|photos?)\s*\)\s*$|\d+\s+(?:photos|images)\s*$|"
        # a caption and its credit (45 words at most, not an item of a list)
        r"(?=\W*(?:\w+(?:\W+|$)){1,45}$)(?![-*\u2022]\s)(?:"
        r"[^\n]{10,400}?[.!?\"\u201d']\s+(?:photograph|photo|picture|image|illustration|credit)s?\s*:\s*(?-i:[A-Z])[^.!?:]{1,60}\.?$|"
        rf"[^\n]{{10,400}}?\s\((?:[^()]{{0,40}}[/,]\s*)?{PHOTO_AGENCY}(?:\s+photos?)?(?:\s*[/,][^()]{{0,40}})?\)\.?$))",
        re.I), 70,
        needs=("photo", "image", "picture", "frame", "handout", "caption", "copyright", "view this", "gallery", "slideshow",
               "illustration", "credit", ")")),
    "photo_credit": whole(
        r"\(?\s*(?:photo|image|picture|file\s+photo|representational\s+image|photograph)(?:\s+(?:credit|courtesy))?"
        r"\s*[:|/]\s*[^.!?]{1,60}\)?|\((?:photo|image|file\s+photo)[^)]{0,60}\)|"
        r"[(\[]?\s*(?:(?:featured|lead|top|header|cover)\s+)?(?:(?:photo|image|picture|illustration|video|graphic)s?\s+)?(?:credits?|courtesy)\s*:\s*[^.!?]{1,80}[.)\]]?|"
        r"[(\[]?\s*(?:(?:featured|lead|top|header|cover)\s+)?(?:photo|image|picture|illustration|graphic)s?\s+sources?\s*:\s*[^.!?]{1,80}[.)\]]?|"
        r"[(\[]?\s*(?:(?:featured|lead|top|header|cover)\s+)?(?:photo|image|picture|illustration|graphic)s?\s+(?:by|via|from|courtesy\s+of)\s+[^.!?]{1,80}[.)\]]?|"
        r"courtesy\s+(?:of\s+)?(?-i:[A-Z])[\w.'\u2019&-]*(?:\s+(?-i:[A-Z])[\w.'\u2019&-]*){0,4}|"
        # `Jane Doe/Reuters`, `JIM WATSON/AFP/Getty Images`, `Getty/Kevork Djansezian`, `Devindra Hardawar/AOL`
        rf"(?:{CAPITALISED}(?:\s+{CAPITALISED}){{1,3}}\s*/+\s*(?:{PHOTO_AGENCY}|{ACRONYM})|{PHOTO_AGENCY}\s*/+\s*(?:{PHOTO_AGENCY}|{ACRONYM}|{CAPITALISED}(?:\s+{CAPITALISED}){{0,3}}))"
        rf"(?:\s*/+\s*(?:{PHOTO_AGENCY}|{ACRONYM}))?|"
        r"\(\s*(?:[\w.'\u2019-]+\s+){0,3}photo\s*:\s*[^)]{1,60}\)|"
        r"(?-i:Getty(?:\s+Images?)?|AKM-GSI|Shutterstock|iStock(?:photo)?|Alamy|WireImage|FilmMagic|Backgrid|BACKGRID|Splash\s+News|Rex\s+Features)", 40),
    "social_embed": Rule(re.compile(
        rf"{TWEET_CHROME}|^a\s+(?:post|photo|video)\s+shared\s+by\b[^\n]{{1,80}}\(@[\w.]{{1,30}}\)|"
        r"^(?:this\s+)?tweet\s+(?:may\s+have\s+been\s+deleted|is\s+(?:unavailable|no\s+longer\s+available))\b|"
        r"^view\s+this\s+post\s+on\s+(?:instagram|facebook|twitter|x)\W*$",
        re.I), 70, needs=("@", "shared by", "tweet", "view this post", "pic.twitter.com/", "t.co/"),
        also=(re.compile(r"pic\.twitter\.com/\w+\W*$", re.I), re.compile(r"https?://t\.co/\w+\W*$", re.I))),
    "author_bio": Rule(re.compile(
        rf"^(?:(?={BIO_OPENING})(?=[^\n]*?(?:{BIO_CUE}))|view\s+author\s+page\b|"
        r"contact\s+[^.@]{1,40}\s+at\s+\S+@\S+\s*$)", re.I), 100,
        also=(re.compile(r"view\s+all\s+(?:posts|articles|stories)\s+by\b", re.I),)),
    "page_control": whole(
        r"\W*(?:(?:like\s+)?loading|view\s+all|visit\s+(?:the\s+)?website|view\s+(?:full\s+)?article|prev(?:ious)?\s*next|\d+\s*[-–]\s*\d+\s+of\s+\d+|"
        r"show\s+(?:more|less)|click\s+to\s+(?:expand|enlarge)|enlarge\s+(?:this\s+)?(?:image|photo)|link\s+copied|copy\s+(?:the\s+|this\s+)?(?:link|page|url|article\s+link)(?:\s+to\s+(?:the\s+|your\s+)?clipboard)?|"
        r"back\s+to\s+top|skip\s+(?:to\s+)?(?:content|ad|main\s+content)|more\s+\u25be|"
        r"jump\s+to\s+(?:the\s+)?(?:list|recipe|content|comments|section)|(?:shopping\s+)?cart|about\s+us|"
        r"shop\s+(?:now|the\s+(?:look|story|collection|sale))|(?-i:SHOP(?:\s+[A-Z][A-Z&'-]*){1,4}))\W*", 6),
}
BIO_START = re.compile(BIO_OPENING, re.I)


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


@lru_cache(maxsize=512)
def rules_up_to(words: int) -> tuple[tuple[str, Rule], ...]:
    """The rules, in order, whose bound admits a paragraph of `words` words (most rules are for short lines)."""
    return tuple((name, rule) for name, rule in LINE_RULES.items() if words <= rule.max_words)


def first_rule(text: str) -> str | None:
    """The name of the first rule the paragraph matches, or None for a paragraph to keep (`Rule.matches`,
    inlined: the loop runs for every paragraph of every document)."""
    words, folded_text = word_count(text), folded(text)
    for name, rule in rules_up_to(words):
        if rule.needs and not any(need in folded_text for need in rule.needs):
            continue
        if rule.pattern.search(text) is not None or (rule.also and any(other.search(text) is not None for other in rule.also)):
            return name
    return None


def has_url(text: str) -> bool:
    """`URL` is found in `text`: every match holds `://` or `www.` (any case), so the search runs only then."""
    return ("://" in text or "www." in text.lower()) and URL.search(text) is not None


def is_url_only(text: str) -> bool:
    return URL_ONLY.match(text) is not None


TERMINAL = (".", "!", "?", ":", ";", '"', "'", ")", "]", "\u2026", "\u201d", "\u2019")


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


def is_broken_continuation(previous: str, following: str) -> bool:
    """`following` continues a sentence that `previous` left open (no closing punctuation, lower-case start)."""
    return not ends_sentence(previous) and following[:1].islower()
