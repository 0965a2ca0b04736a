"""Decoding: byte-order marks, declared charsets, strict UTF-8, guessing; binary and empty input; format sniffing."""

import codecs

import pytest

from cleaners.config import DEFAULT_CONFIG
from cleaners.decode import decode, decode_bytes, sniff_format
from cleaners.document import Document

TEXT = "Caf\u00e9 owners said \u201cno\u201d to the plan, which the council\u2019s leader called \u2018final\u2019."


def decoded(data: bytes) -> Document:
    return decode(Document.for_bytes(data, "x"), data, DEFAULT_CONFIG)


@pytest.mark.parametrize(
    "data, encoding, how",
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", "byte_order_mark"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", "byte_order_mark"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", "byte_order_mark"),
        (TEXT.encode("utf-8"), "utf-8", "utf8_strict"),
        (((TEXT + " ") * 5).encode("cp1252"), "cp1252", "charset_guess"),
    ],
)
def test_decode(data, encoding, how):
    text, used, method = decode_bytes(data)
    assert (used, method) == (encoding, how)
    assert text.strip().startswith(TEXT)


def test_declared_charset_wins_over_guessing():
    html = '<html><head><meta charset="windows-1252"></head><body><p>' + TEXT + "</p></body></html>"
    text, used, how = decode_bytes(html.encode("cp1252"))
    assert (used, how) == ("cp1252", "declared_charset") and TEXT in text


def test_a_wrong_declaration_falls_back():
    html = '<html><head><meta charset="us-ascii"></head><body><p>' + TEXT + "</p></body></html>"
    assert decode_bytes(html.encode("utf-8"))[1:] == ("utf-8", "utf8_strict")


@pytest.mark.parametrize(
    "data, reason",
    [(b"", "empty"), (b"  \n\t \r\n", "empty"), (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary"),
     (b"text\x00with\x00nul", "binary"), (codecs.BOM_UTF8 + b"   ", "empty")],
)
def test_rejections(data, reason):
    assert decoded(data).reasons == [reason]


@pytest.mark.parametrize(
    "text, expected",
    [("<!DOCTYPE html><html><body>x</body></html>", "html"), ("  <html lang='en'>", "html"),
     ("Plain news text mentioning <b> once.", "text"), ("A < B and C > D in a story about maths.", "text"),
     ("<p>one</p><p>two</p><div>three</div><p>four</p><a href='x'>five</a>", "html")],
)
def test_sniff_format(text, expected):
    assert sniff_format(text) == expected


def test_the_file_name_does_not_decide_the_format():
    doc = decoded(b"<html><body><p>Hello</p></body></html>")
    assert doc.format == "html"
