"""Stage 2, repair: ftfy's fixes, then the fake apostrophes and quotes ftfy leaves alone, then white space.

Each fix is a small named `str -> (str, count)` function; the name is what `changes` records.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import ftfy
from ftfy import chardata
from ftfy.badness import BADNESS_RE
from ftfy.chardata import HTML_ENTITY_RE
from ftfy.fixes import uncurl_quotes

from cleaners.config import CleanConfig
from cleaners.document import Document

STAGE = "repair"
FTFY_CONFIG = ftfy.TextFixerConfig(explain=True)

FAKE_APOSTROPHES = "`\u00b4\u2032"  # backtick, acute accent, prime
FENCED_CODE = re.compile(r"```.*?```", re.S)
INWORD_FAKE_APOSTROPHE = re.compile(rf"(?<=[^\W\d_])[{FAKE_APOSTROPHES}](?=[^\W\d_])")
BACKTICK_PAIR = re.compile(r"`([^`\n]+)`")
OPENING_BACKTICK = re.compile(r"(?:(?<=^)|(?<=[\s(\[\"']))`(?=\w)", re.M)
CLOSING_BACKTICK = re.compile(r"(?<=[\w.,!?;:])`(?=$|[\s)\]\"'.,!?;:])", re.M)
CODE_MARKS = re.compile(r"[=<>{}\[\]\\$|_#~^@/*]|\w\(|\(\)|::|->|[a-z]\.[a-z]|(?:^|\s)-{1,2}[A-Za-z]")
ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff\u00ad\u180e]")
ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v\f]")
SPACE_RUN = re.compile(r" {2,}")
BLANK_LINE_RUN = re.compile(r"\n{3,}")


def looks_like_code(span: str) -> bool:
    """True for the inside of a backtick pair that is code (`ls -la`, `os.path`), not a quotation."""
    if CODE_MARKS.search(span):
        return True
    words = span.split()
    return len(words) <= 3 and span == span.lower() and not span.rstrip().endswith((".", "!", "?"))


def char_class(table: dict[int, object], ranges: str = "") -> re.Pattern:
    """A regex matching any character that a `str.translate` table maps, or one in `ranges`."""
    return re.compile("[" + ranges + "".join(re.escape(chr(code)) for code in sorted(table)) + "]")


# What sends a line to ftfy's fixes: a character other than printable ASCII, tab and newline, or an
# HTML entity (ftfy's unescape_html changes nothing else). A line of printable ASCII without an entity
# is left as it is: none of ftfy's fixes can change it.
NOT_PLAIN = re.compile(r"[^\t\n\x20-\x7e]|" + HTML_ENTITY_RE.pattern)
# ftfy fixes that only change text holding one of their characters; each costs two passes over the text.
GUARDED_FIXES = {
    "fix_latin_ligatures": char_class(chardata.LIGATURES),
    "fix_character_width": char_class(chardata.WIDTH_MAP),
    "remove_control_chars": char_class(chardata.CONTROL_CHARS),
}
# Every character some ftfy fix other than fix_encoding, unescape_html and uncurl_quotes acts on: C0 and
# C1 controls (terminal escapes, \r and NEXT LINE too), line and paragraph separators, surrogates,
# ligatures, full-width forms and the other characters remove_control_chars deletes. (unescape_html
# acts on HTML entities: HTML_ENTITY_RE.)
FTFY_TRIGGERS = char_class(
    {**chardata.LIGATURES, **chardata.WIDTH_MAP, **chardata.CONTROL_CHARS}, "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
)
NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
MOJIBAKE_REACH = 8  # longer than any match of ftfy's badness patterns (at most 7 characters)


def has_mojibake(text: str) -> bool:
    """ftfy's `is_bad`, searching only near non-ASCII characters: every one of its patterns needs one,
    and no match is longer than MOJIBAKE_REACH, so the answer is the same at a fraction of the cost."""
    start = end = None
    for run in NON_ASCII_RUN.finditer(text):
        if end is not None and run.start() - MOJIBAKE_REACH <= end:
            end = run.end() + MOJIBAKE_REACH
            continue
        if end is not None and BADNESS_RE.search(text, start, end):
            return True
        start, end = max(0, run.start() - MOJIBAKE_REACH), run.end() + MOJIBAKE_REACH
    return end is not None and BADNESS_RE.search(text, start, end) is not None


def ftfy_config(text: str) -> ftfy.TextFixerConfig:
    """ftfy's defaults, without the fixes that cannot apply to `text`, and no entity decoding in markup."""
    skipped = {name: False for name, chars in GUARDED_FIXES.items() if not chars.search(text)}
    if "<" in text:
        skipped["unescape_html"] = False
    return FTFY_CONFIG._replace(**skipped)


def step_name(action: str, name: str) -> str:
    if action in ("encode", "decode"):
        return "fix_encoding"
    return f"normalize_{name.lower()}" if action == "normalize" else name


def fix_quiet_line(segment: str) -> tuple[str, tuple[str, ...]] | None:
    """What ftfy's fixes do to a line that has no mojibake and none of their other characters: at most
    curly quotes made straight. None when the line needs ftfy itself.

    For such a line ftfy's fix_encoding changes nothing (it acts only on text `is_bad` flags) and no
    other fix finds a character to act on; after uncurl_quotes the same holds again, so ftfy's second
    pass would stop there too.
    """
    if FTFY_TRIGGERS.search(segment) or ("&" in segment and HTML_ENTITY_RE.search(segment)):
        return None
    if not unicodedata.is_normalized("NFC", segment) or has_mojibake(segment):
        return None
    straight = uncurl_quotes(segment)
    if straight == segment:
        return segment, ()
    if has_mojibake(straight) or not unicodedata.is_normalized("NFC", straight):
        return None
    return straight, ("uncurl_quotes",)


def fix_crlf_line(segment: str) -> tuple[str, tuple[str, ...]] | None:
    """`fix_quiet_line` for a line ending with CR LF (Windows line ends): ftfy's fix_line_breaks makes it
    a line feed, after uncurl_quotes and before nothing else that could act on a quiet line."""
    body = segment[:-2]
    if "\r" in body or has_mojibake(segment):
        return None
    quick = fix_quiet_line(body + "\n")
    return None if quick is None else (quick[0], quick[1] + ("fix_line_breaks",))


def apply_ftfy(text: str) -> tuple[str, Counter]:
    """ftfy's default fixes (mojibake, HTML entities, curly quotes, NFC, controls, line breaks), line by
    line as `ftfy.fix_text` applies them; returns the text and, per fix, the number of lines it changed.

    Only lines with something to fix are looked at (one search finds them); of those, lines whose only
    fix is straight quotes skip ftfy's machinery."""
    config = None
    pieces, steps, done = [], Counter(), 0
    while (found := NOT_PLAIN.search(text, done)) is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.start()) + 1 or len(text)
        pieces.append(text[done:start])  # lines with nothing to fix, as they are
        segment = text[start:end]
        quick = fix_quiet_line(segment) if segment[-2:] != "\r\n" else fix_crlf_line(segment)
        if quick is not None:
            pieces.append(quick[0])
            steps.update(quick[1])
        else:
            config = config or ftfy_config(text)
            result = ftfy.fix_and_explain(segment, config)
            pieces.append(result.text)
            steps.update(dict.fromkeys(step_name(action, name) for action, name in result.explanation or []).keys())
        done = end
    if not done:
        return text, steps
    pieces.append(text[done:])
    return "".join(pieces), steps


def _outside_fenced_code(text: str, fix) -> tuple[str, int]:
    """Apply `fix` to the parts of `text` that are not ``` fenced code."""
    parts, total, last = [], 0, 0
    for match in FENCED_CODE.finditer(text):
        fixed, count = fix(text[last:match.start()])
        parts += [fixed, match.group()]
        total += count
        last = match.end()
    fixed, count = fix(text[last:])
    return "".join(parts) + fixed, total + count


def fix_inword_apostrophes(text: str) -> tuple[str, int]:
    """`won`t`, `Russia´s`, `don′t`: a backtick, acute accent or prime between letters becomes '."""
    if not any(mark in text for mark in FAKE_APOSTROPHES):
        return text, 0
    return _outside_fenced_code(text, lambda part: INWORD_FAKE_APOSTROPHE.subn("'", part))


def _fix_backticks(part: str) -> tuple[str, int]:
    count = 0

    def quote_pair(match: re.Match) -> str:
        nonlocal count
        if looks_like_code(match.group(1)):
            return match.group()
        count += 2
        return f"'{match.group(1)}'"

    part = BACKTICK_PAIR.sub(quote_pair, part)
    if "`" in part and not BACKTICK_PAIR.search(part):
        part, opened = OPENING_BACKTICK.subn("'", part)
        part, closed = CLOSING_BACKTICK.subn("'", part)
        count += opened + closed
    return part, count


def fix_backtick_quotes(text: str) -> tuple[str, int]:
    """A backtick opening or closing a quotation becomes '; code spans (`ls -la`) stay as they are."""
    if "`" not in text:
        return text, 0
    return _outside_fenced_code(text, _fix_backticks)


def remove_zero_width(text: str) -> tuple[str, int]:
    """Zero-width spaces, word joiners, stray byte-order marks and soft hyphens."""
    return ZERO_WIDTH.subn("", text)


def normalize_spaces(text: str) -> tuple[str, int]:
    """Tabs, no-break and other odd spaces become one plain space; lines lose edge spaces."""
    text, odd = ODD_SPACE.subn(" ", text)
    text, runs = SPACE_RUN.subn(" ", text) if "  " in text else (text, 0)
    if not (text[:1] == " " or text[-1:] == " " or " \n" in text or "\n " in text):
        return text, odd + runs
    lines = text.split("\n")
    edges = sum((line[:1] == " ") + (line[-1:] == " " and line.strip(" ") != "") for line in lines)
    return "\n".join(line.strip(" ") for line in lines), odd + runs + edges


def collapse_blank_lines(text: str) -> tuple[str, int]:
    """At most one blank line in a row, none at the start or the end."""
    text, runs = BLANK_LINE_RUN.subn("\n\n", text) if "\n\n\n" in text else (text, 0)
    stripped = text.strip("\n")
    return stripped, runs + (stripped != text)


MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+(?=\S)", re.M)
MARKDOWN_STRONG = re.compile(r"(?<![*\w])\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*(?![*\w])")


def remove_markdown_marks(text: str) -> tuple[str, int]:
    """`# Headline` and `**bold**` of a page saved as Markdown (html2text and the like) become plain
    text; code fences, lists and single `*` are left alone."""
    if "#" not in text and "**" not in text:
        return text, 0
    text, headings = MARKDOWN_HEADING.subn("", text)
    text, strong = MARKDOWN_STRONG.subn(r"\1", text)
    return text, headings + strong


OWN_FIXES = (
    fix_inword_apostrophes, fix_backtick_quotes, remove_zero_width, remove_markdown_marks, normalize_spaces, collapse_blank_lines,
)


def repair_text(text: str) -> tuple[str, Counter]:
    """Every fix in order; returns the text and how often each named fix changed it."""
    text, steps = apply_ftfy(text)
    for fix in OWN_FIXES:
        text, count = fix(text)
        if count:
            steps[fix.__name__] += count
    return text, steps


def repair(doc: Document, config: CleanConfig) -> Document:
    """Repair the text and every text-valued metadata field already filled in."""
    steps: Counter = Counter()
    doc.text, text_steps = repair_text(doc.text)
    steps.update(text_steps)
    for field in ("title", "description", "publisher", "dateline"):
        value = getattr(doc, field)
        if value:
            fixed, field_steps = repair_text(value)
            setattr(doc, field, " ".join(fixed.split()) or None)
            steps.update(field_steps)
    doc.authors = [" ".join(repair_text(author)[0].split()) for author in doc.authors]
    for step, count in steps.items():
        doc.record(STAGE, step, count)
    return doc
