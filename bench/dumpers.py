"""Plain-text dumps of whole HTML pages: what people get from a browser's "save page as text".

A dump keeps everything a reader could see on the page (menus, link lists, footers, cookie notices,
captions): it is the input of newsclean's plain-text path, never a clean article. Three styles:

    ours        lxml only, deterministic; one line per block element, a blank line between lines
                (the rules are in `dump_ours`).
    inscriptis  inscriptis.get_text with its default settings: the standard dumper newsclean's
                dump targets are judged on (layout-aware, tables laid out, blank lines kept).
    html2text   html2text's Markdown (`#` headings, `*` items, `**bold**`, `_italics_`, lines wrapped
                at 78 columns), a harder style. Its defaults, except images and links, which a user
                who wants the text switches off (`ignore_images`, `ignore_links`): otherwise every
                link and picture leaves a URL behind.

`dump(name, data)` decodes the page bytes first (`decode_html`: BOM, `<meta charset>`, strict UTF-8,
then charset-normalizer, as cleaners/decode.py does).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata

from lxml import html as lxml_html

from cleaners.decode import decode_bytes
from cleaners.render import page_lines

def decode_html(data: bytes) -> str:
    """The page's text: cleaners.decode's order (BOM, declared charset, UTF-8, guess), else UTF-8 with replacements."""
    decoded = decode_bytes(data)
    return decoded[0] if decoded is not None else data.decode("utf-8", errors="replace")


def dump_ours(page: str) -> str:
    """lxml dump: drop script/style/head/... subtrees and comments; every block element (div, p, li,
    h1-h6, nav, table cells, forms, br, hr, ...) starts a line, inline elements join it; white space
    collapsed (NBSP too); one blank line between lines. Hidden elements are kept (a dump knows no
    CSS); image alt text is not emitted."""
    if not page.strip():
        return ""
    root = lxml_html.document_fromstring(page.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    return "\n\n".join(page_lines(root)) + "\n"


def dump_inscriptis(page: str) -> str:
    """inscriptis.get_text with its default ParserConfig."""
    import inscriptis

    return inscriptis.get_text(page)


def dump_html2text(page: str) -> str:
    """html2text's Markdown with its defaults (78-column wrapping, emphasis marks), images and links off."""
    import html2text

    converter = html2text.HTML2Text()
    converter.ignore_images = True
    converter.ignore_links = True
    return converter.handle(page)


DUMPERS: dict[str, Callable[[str], str]] = {
    "ours": dump_ours,
    "inscriptis": dump_inscriptis,
    "html2text": dump_html2text,
}
DUMPER_PACKAGES = {"ours": "lxml", "inscriptis": "inscriptis", "html2text": "html2text"}


def dumper_version(name: str) -> str:
    """The version of the package a dumper renders with (part of the cache key of its dumps)."""
    return metadata.version(DUMPER_PACKAGES[name])


def dump(name: str, data: bytes) -> str:
    """The page bytes `data` rendered as plain text by dumper `name`."""
    return DUMPERS[name](decode_html(data))
