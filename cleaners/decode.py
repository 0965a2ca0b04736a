"""Stage 1, decode: raw bytes to text, recording the encoding used and sniffing the format."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from cleaners.config import CleanConfig
from cleaners.document import Document

STAGE = "decode"

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"%PDF", b"PK\x03\x04", b"\x1f\x8b",
    b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"RIFF", b"\x7fELF", b"OggS", b"ID3", b"\x00\x00\x01\x00",
)
META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
HTML_MARKER = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|article|section|h[1-6]|ul|li|table|meta|title|script)\b[^>]*>", re.I)
SNIFF_CHARS = 4096
MARKER_WINDOW = 1024  # a doctype or <html> must come this early to mark the file as HTML
MIN_MARKUP_SHARE = 0.2  # ... or tags must make up this share of the first SNIFF_CHARS characters
# Reading bytes that are not UTF-8. charset-normalizer needs many non-ASCII bytes to tell single-byte
# code pages apart; on Latin-script text with a few accents and curly quotes it guesses almost any
# of them (cp1250, cp775, cp850, big5: `Céline` became `C幨ine`, `ç` became `þ`). So the text is read
# as Windows-1252 first, and that reading is kept unless another code page reads it better.
WINDOWS_1252 = "cp1252"
MAX_NON_ASCII_LETTERS = 0.3  # of the letters: more, and the text is not in a Latin script (or not in cp1252)
TYPOGRAPHY = frozenset("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u2022\u00b7\u00a0\u20ac\u00a3\u00a5\u00a9\u00ae\u2122"
                       "\u00b0\u00b1\u00ab\u00bb\u00bf\u00a1\u00a7\u00b6\u00bd\u00bc\u00be\u2020\u2021\u00d7")
# Accented letters that are words by themselves (French `à`, Italian `è`, Spanish `ó`, Portuguese `é`).
ONE_LETTER_WORDS = frozenset("\u00e0\u00e8\u00e9\u00f2\u00f3\u00f9\u00e1\u00c0\u00c9")
# The non-ASCII letters of the languages each code page is made for: a reading whose letters fit none
# of them (`ø` with `ì` and `ù`: Czech read as cp1252) is mojibake.
ALPHABETS = {
    "cp1252": (
        "\u00e0\u00e2\u00e6\u00e7\u00e9\u00e8\u00ea\u00eb\u00ee\u00ef\u00f4\u0153\u00f9\u00fb\u00fc\u00ff",  # French
        "\u00e4\u00f6\u00fc\u00df\u00e9", "\u00e1\u00e9\u00ed\u00f1\u00f3\u00fa\u00fc\u00e7\u00e0\u00e8\u00f2\u00ef",  # German, Spanish/Catalan
        "\u00e1\u00e2\u00e3\u00e0\u00e7\u00e9\u00ea\u00ed\u00f3\u00f4\u00f5\u00fa\u00fc",  # Portuguese
        "\u00e0\u00e8\u00e9\u00ec\u00ed\u00ee\u00f2\u00f3\u00f9\u00fa",  # Italian
        "\u00e1\u00e9\u00eb\u00ef\u00f3\u00f6\u00fc\u00e8\u00e0\u00e7",  # Dutch
        "\u00e5\u00e4\u00f6\u00e9\u00fc\u0161\u017e", "\u00e6\u00f8\u00e5\u00e9\u00f3\u00e4\u00f6\u00fc",  # Swedish/Finnish, Danish/Norwegian
        "\u00e1\u00f0\u00e9\u00ed\u00f3\u00fa\u00fd\u00fe\u00e6\u00f6",  # Icelandic
    ),
    "cp1250": (
        "\u00e1\u010d\u010f\u00e9\u011b\u00ed\u0148\u00f3\u0159\u0161\u0165\u00fa\u016f\u00fd\u017e",  # Czech
        "\u00e1\u00e4\u010d\u010f\u00e9\u00ed\u013a\u013e\u0148\u00f3\u00f4\u0155\u0161\u0165\u00fa\u00fd\u017e",  # Slovak
        "\u0105\u0107\u0119\u0142\u0144\u00f3\u015b\u017a\u017c",  # Polish
        "\u00e1\u00e9\u00ed\u00f3\u00f6\u0151\u00fa\u00fc\u0171",  # Hungarian
        "\u010d\u0107\u0111\u0161\u017e", "\u0103\u00e2\u00ee\u0219\u021b\u015f\u0163",  # Croatian/Slovene, Romanian
    ),
}


def find_bom(data: bytes) -> tuple[str, int] | None:
    """The encoding a byte-order mark announces, and the mark's length."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def looks_binary(data: bytes) -> bool:
    """Known binary signatures, or NUL bytes in text that announced no UTF-16/32 byte-order mark."""
    return data.startswith(BINARY_SIGNATURES) or b"\x00" in data[:8192]


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML `<meta>` declares in the first bytes, if Python knows it."""
    match = META_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def sniff_format(text: str) -> str:
    """HTML or plain text, judged from the content, never the file name.

    HTML announces itself near the start (a doctype, `<html>`, `<head>`, `<body>`) or is mostly
    markup; plain text that quotes a snippet of HTML further down stays plain text.
    """
    head = text.lstrip()[:SNIFF_CHARS]
    if HTML_MARKER.search(head[:MARKER_WINDOW]):
        return "html"
    tags = HTML_TAG.findall(head)
    if len(tags) >= 5 and sum(map(len, tags)) >= MIN_MARKUP_SHARE * len(head):
        return "html"
    return "text"


@dataclass(frozen=True)
class Reading:
    """Text read with one code page, and how plausible its non-ASCII characters are."""

    text: str
    encoding: str
    non_ascii: int  # characters outside ASCII
    plausible: int  # of them: letters inside words, typographic punctuation
    latin: bool  # most letters are ASCII letters: a Latin-script text
    coherent: bool  # its non-ASCII letters are those of one language of the code page

    @property
    def confidence(self) -> float:
        """The share of plausible non-ASCII characters, with one plausible and one implausible added: a
        reading that one accented letter supports is not sure (0.67), one that fifty support is (0.98)."""
        return round((self.plausible + 1) / (self.non_ascii + 2), 2)

    def better_than(self, other: "Reading") -> bool:
        """Clearly better: fewer implausible characters, or its letters fit one language and the other's do not."""
        if self.non_ascii - self.plausible < other.non_ascii - other.plausible:
            return True
        return self.coherent and not other.coherent and self.plausible >= other.plausible


def read_as(data: bytes, encoding: str) -> Reading | None:
    """`data` read with `encoding`, judged character by character (None: the code page cannot read it)."""
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    non_ascii = plausible = ascii_letters = other_letters = 0
    letters: set[str] = set()
    for index, char in enumerate(text):
        if char < "\x80":
            ascii_letters += char.isalpha()
            continue
        non_ascii += 1
        if char.isalpha():
            other_letters += 1
            letters.add(char.lower())
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            plausible += before.isalpha() or after.isalpha() or char in ONE_LETTER_WORDS
        else:
            plausible += char in TYPOGRAPHY
    latin = other_letters <= MAX_NON_ASCII_LETTERS * (ascii_letters + other_letters)
    alphabets = ALPHABETS.get(encoding, ())
    coherent = not alphabets or any(letters <= set(alphabet) for alphabet in alphabets)
    return Reading(text, encoding, non_ascii, plausible, latin, coherent)


def guess_single_byte(data: bytes) -> tuple[Reading, str | None] | None:
    """The reading of bytes that are not UTF-8, and what charset-normalizer guessed.

    Windows-1252 is kept for Latin-script text unless the detector's code page reads it clearly better
    (`better_than`): Polish in cp1250 shows `³` and `¹` inside words in cp1252, Czech shows letters of
    no single language; a few accents and curly quotes are no evidence for cp775 or big5."""
    best = from_bytes(data).best()
    detected = codecs.lookup(best.encoding).name if best is not None else None
    western = read_as(data, WINDOWS_1252)
    other = read_as(data, detected) if detected and detected != WINDOWS_1252 else None
    if western is not None and western.latin and (other is None or not other.better_than(western)):
        return western, detected
    return (other, detected) if other is not None else None


def describe_guess(reading: Reading, detected: str | None) -> str:
    """The `changes` step that records a guessed code page: `charset_guess: cp1252, confidence 0.67
    (charset-normalizer: cp775)`."""
    said = f" (charset-normalizer: {detected})" if detected and detected != reading.encoding else ""
    return f"charset_guess: {reading.encoding}, confidence {reading.confidence:.2f}{said}"


def decode_bytes(data: bytes) -> tuple[str, str, str] | None:
    """(text, encoding, how) or None: BOM, then a declared charset, then strict UTF-8, then guessing."""
    decoded = decode_bytes_explained(data)
    return decoded[:3] if decoded else None


def decode_bytes_explained(data: bytes) -> tuple[str, str, str, str | None] | None:
    """`decode_bytes`, and for a guessed code page the guess and its confidence (`describe_guess`)."""
    bom = find_bom(data)
    if bom:
        encoding, length = bom
        try:
            return data[length:].decode(encoding), encoding, "byte_order_mark", None
        except UnicodeDecodeError:
            return None
    if looks_binary(data):
        return None
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, "declared_charset", None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", "utf8_strict", None
    except UnicodeDecodeError:
        pass
    guessed = guess_single_byte(data)
    if guessed is None:
        return None
    reading, detected = guessed
    return reading.text, reading.encoding, "charset_guess", describe_guess(reading, detected)


def decode(doc: Document, data: bytes, config: CleanConfig) -> Document:
    """Fill `text`, `encoding` and `format`, or reject the document as empty, binary or undecodable."""
    if not data.strip():
        doc.reject("empty")
        return doc
    if looks_binary(data) and not find_bom(data):
        doc.reject("binary")
        return doc
    decoded = decode_bytes_explained(data)
    if decoded is None:
        doc.reject("undecodable")
        return doc
    doc.text, doc.encoding, how, guess = decoded
    doc.record(STAGE, how)
    if guess:
        doc.record(STAGE, guess)
    if not doc.text.strip():
        doc.reject("empty")
        return doc
    doc.format = sniff_format(doc.text)
    return doc
