"""Stage 1, decode: raw bytes to text, recording the encoding used and sniffing the format."""

from __future__ import annotations

import codecs
import re

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
# Latin-script single-byte guesses that are, in news text, nearly always Windows-1252 in fact:
# charset-normalizer cannot tell them apart on a few curly quotes, so the commonest one wins.
LATIN_SINGLE_BYTE = {
    "cp1250", "cp1252", "iso8859-1", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-9",
    "iso8859-13", "iso8859-15", "iso8859-16", "cp1254", "cp1257", "mac-roman", "mac-latin2",
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


def decode_bytes(data: bytes) -> tuple[str, str, str] | None:
    """(text, encoding, how) or None: BOM, then a declared charset, then strict UTF-8, then guessing."""
    bom = find_bom(data)
    if bom:
        encoding, length = bom
        try:
            return data[length:].decode(encoding), encoding, "byte_order_mark"
        except UnicodeDecodeError:
            return None
    if looks_binary(data):
        return None
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, "declared_charset"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", "utf8_strict"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = codecs.lookup(best.encoding).name
    if encoding in LATIN_SINGLE_BYTE:
        try:
            return data.decode("cp1252"), "cp1252", "charset_guess"
        except UnicodeDecodeError:
            pass
    return str(best), encoding, "charset_guess"


def decode(doc: Document, data: bytes, config: CleanConfig) -> Document:
    """Fill `text`, `encoding` and `format`, or reject the document as empty, binary or undecodable."""
    if not data.strip():
        doc.reject("empty")
        return doc
    if looks_binary(data) and not find_bom(data):
        doc.reject("binary")
        return doc
    decoded = decode_bytes(data)
    if decoded is None:
        doc.reject("undecodable")
        return doc
    doc.text, doc.encoding, how = decoded
    doc.record(STAGE, how)
    if not doc.text.strip():
        doc.reject("empty")
        return doc
    doc.format = sniff_format(doc.text)
    return doc
