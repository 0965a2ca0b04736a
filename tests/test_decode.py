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


LATIN_SINGLE_BYTE_TEXTS = [
    ("Kimmel asked about the price tags inside her C\u00e9line jacket, and she laughed.", "latin-1"),
    ("Mr. Reeves, a senior fellow at the Fran\u00e7ois-Xavier Bagnoud Center, said so.", "latin-1"),
    ("The \u201cbest\u201d films of 2017 \u2014 Agn\u00e8s Varda\u2019s among them \u2014 were odd.", "cp1252"),
    ("S\u00f8ren, Ga\u00eblle, Zo\u00eb, M\u00fcller and Pe\u00f1a met in Paris.", "cp1252"),
]


@pytest.mark.parametrize("text, encoding", LATIN_SINGLE_BYTE_TEXTS)
def test_latin_text_with_a_few_accents_is_read_as_windows_1252(text, encoding):
    """charset-normalizer guesses cp775, cp850, cp1250 or big5 on these; a letter must not change."""
    decoded_text, used, how = decode_bytes(text.encode(encoding))
    assert (decoded_text, used, how) == (text, "cp1252", "charset_guess")


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144, powiedzia\u0142 minister w \u015brod\u0119 w Warszawie. " * 3, "cp1250"),
        ("P\u0159\u00edli\u0161 \u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 \u00f3dy. To je v\u011bc, \u017ee se mu to l\u00edb\u00ed. " * 3, "cp1250"),
        ("\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? \u042d\u0442\u043e \u0442\u0435\u0441\u0442\u043e\u0432\u044b\u0439 \u0442\u0435\u043a\u0441\u0442. " * 3, "cp1251"),
    ],
)
def test_strong_evidence_for_another_code_page_wins(text, encoding):
    """Polish in cp1252 shows symbols inside words, Czech letters of no single language, Russian no Latin script."""
    assert decode_bytes(text.encode(encoding))[:2] == (text, encoding)


def test_the_guess_and_its_confidence_are_recorded():
    doc = decoded("Her C\u00e9line jacket still had its price tags on, she told the host.".encode("latin-1"))
    steps = [change.step for change in doc.changes if change.stage == "decode"]
    assert steps[0] == "charset_guess"
    assert steps[1].startswith("charset_guess: cp1252, confidence 0.67")
    many = decoded(("Caf\u00e9 \u201cno\u201d, the council\u2019s leader said. " * 10).encode("cp1252"))
    assert [change.step for change in many.changes][1].startswith("charset_guess: cp1252, confidence 0.98")
