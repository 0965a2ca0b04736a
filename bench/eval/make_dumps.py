#!/usr/bin/env python3
"""Build the derived files of the dev evaluation set (deterministic, re-runnable).

For every page directory ``bench/eval/pages/<name>/`` holding the upstream files

    source.html              the page as stored upstream (input for extractors)
    expected.html            upstream gold article body (readability output, HTML)
    expected-metadata.json   upstream gold metadata (optional)

this script (re)writes

    dump.txt    plain-text dump of the *whole* page, like a browser's
                "save page as text" / ``lynx -dump``: every block element on its
                own line, blank line between blocks; menus, link lists, footers,
                cookie notices and captions are kept on purpose.
    gold.txt    gold body as plain text: one paragraph per block element of
                expected.html, blank line between paragraphs.
    meta.json   title/byline/siteName/excerpt/publishedTime from
                expected-metadata.json + provenance from ``manifest.json``.

Only lxml is used.  Usage:  python bench/eval/make_dumps.py [--check] [NAME ...]
``--check`` rebuilds in memory and exits 1 if any file on disk differs.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from lxml import etree, html

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
MANIFEST = HERE / "manifest.json"

# Elements whose whole subtree is never rendered as text.
DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "head", "title",
    "iframe", "object", "embed", "canvas", "audio", "video", "map", "math",
}

# Elements that start/end a line of text (block-level or line-breaking).
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

_WS = re.compile(r"\s+", re.UNICODE)


def _tag(el) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):  # comment, processing instruction, entity
        return None
    if "}" in tag:  # namespaced (xhtml / svg inside xhtml)
        tag = tag.rsplit("}", 1)[1]
    return tag.lower()


def html_to_blocks(root) -> list[str]:
    """Render an lxml tree to a list of text lines, one per block element."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if text:
            lines.append(text)

    def walk(el) -> None:
        tag = _tag(el)
        if tag is None:
            # comments / PIs contribute nothing but their tail text
            if el.tail:
                buf.append(el.tail)
            return
        if tag in DROP_TAGS:
            if el.tail:
                buf.append(el.tail)
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if is_block:
            flush()
        elif tag in ("td", "th"):
            buf.append(" ")
        if el.tail:
            buf.append(el.tail)

    walk(root)
    flush()
    return lines


def parse_html(data: bytes):
    """Parse bytes as HTML; prefer UTF-8, fall back to lxml's own detection."""
    try:
        text = data.decode("utf-8")
        parser = html.HTMLParser(encoding="utf-8")
        return html.document_fromstring(text.encode("utf-8"), parser=parser)
    except UnicodeDecodeError:
        return html.document_fromstring(data)


def render_file(path: Path) -> str:
    root = parse_html(path.read_bytes())
    return "\n\n".join(html_to_blocks(root)) + "\n"


def build_meta(name: str, page_dir: Path, manifest: dict) -> str:
    meta: dict = {"name": name}
    md_path = page_dir / "expected-metadata.json"
    upstream = json.loads(md_path.read_text(encoding="utf-8")) if md_path.exists() else {}
    for key in ("title", "byline", "siteName", "excerpt", "publishedTime", "lang", "dir"):
        meta[key] = upstream.get(key)
    entry = manifest.get("pages", {}).get(name, {})
    # facts read by hand from source.html (upstream metadata can be wrong/missing)
    meta["page"] = {k: entry[k] for k in ("site", "url", "language", "author", "published") if k in entry}
    if entry.get("notes"):
        meta["notes"] = entry["notes"]
    meta["origin"] = {
        "repo": manifest.get("repo"),
        "license": manifest.get("license"),
        "gold": manifest.get("gold"),
        "files": entry.get("files", {}),
    }
    return json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def build(name: str, manifest: dict) -> dict[str, str]:
    page_dir = PAGES / name
    out = {
        "dump.txt": render_file(page_dir / "source.html"),
        "gold.txt": render_file(page_dir / "expected.html"),
        "meta.json": build_meta(name, page_dir, manifest),
    }
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("names", nargs="*", help="page names (default: all)")
    ap.add_argument("--check", action="store_true", help="verify files are up to date")
    args = ap.parse_args(argv)

    manifest = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else {}
    names = args.names or sorted(p.name for p in PAGES.iterdir() if (p / "source.html").exists())
    stale = []
    for name in names:
        files = build(name, manifest)
        for fn, content in files.items():
            target = PAGES / name / fn
            if args.check:
                if not target.exists() or target.read_text(encoding="utf-8") != content:
                    stale.append(str(target.relative_to(HERE)))
            else:
                target.write_text(content, encoding="utf-8", newline="\n")
        if not args.check:
            print(f"{name}: dump {len(files['dump.txt'])} chars, gold {len(files['gold.txt'])} chars")
    if args.check:
        if stale:
            print("stale:", *stale, sep="\n  ")
            return 1
        print(f"ok: {len(names)} pages up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
