"""A page as the lines a reader sees: one line per block element, in document order.

What a browser's "save page as text" gives (and what newsclean's page-dump path reads), made from an
lxml tree: script, style and other invisible subtrees are dropped; every block element (div, p, li,
h1-h6, table cells, forms, br, hr, ...) starts a line and inline elements join it; white space is
collapsed. The HTML stage reads the page's visible head (headline, byline, date line) from these
lines; bench/dumpers.py writes its `ours` dumps with them.
"""

from __future__ import annotations

import re

# Elements whose whole subtree is never rendered as text.
DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "head", "title",
    "iframe", "object", "embed", "canvas", "audio", "video", "map", "math",
}

# Elements that start and end a line of text (block-level or line-breaking).
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center",
    "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "listing", "main", "menu", "nav", "ol", "optgroup", "option", "p",
    "plaintext", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul", "xmp", "br", "button", "select", "textarea",
    "label",
}
WHITE_SPACE = re.compile(r"\s+", re.UNICODE)


def tag_name(element) -> str | None:
    """Lower-case local tag name, or None for comments, processing instructions and entities."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


def page_lines(root, marks: dict | None = None) -> list[str]:
    """The tree's text lines, white space collapsed, no empty lines. With `marks` (element -> None),
    each marked element's value becomes the number of the first line it starts."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = WHITE_SPACE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if text:
            lines.append(text)

    def walk(element) -> None:
        tag = tag_name(element)
        if tag is not None and tag not in DROP_TAGS:
            is_block = tag in BLOCK_TAGS
            if is_block:
                flush()
            if marks is not None and element in marks:
                marks[element] = len(lines)
            if element.text:
                buffer.append(element.text)
            for child in element:
                walk(child)
            if is_block:
                flush()
        if element.tail:
            buffer.append(element.tail)

    walk(root)
    flush()
    return lines
