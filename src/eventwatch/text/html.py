"""HTML → article text (trafilatura, with a plain lxml fallback) and page metadata."""

from __future__ import annotations

import datetime as dt
import logging
import re
from html.parser import HTMLParser

import lxml.html
import trafilatura
from lxml_html_clean import Cleaner

from eventwatch.text.normalize import normalise

# Block elements end a line in the fallback text so paragraphs and menu entries stay apart.
_BLOCK_TAGS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "header", "blockquote", "pre", "figcaption", "dd", "dt", "td", "th",
)
# The fallback runs when trafilatura finds no article; page chrome is then the main risk.
_FALLBACK_CLEANER = Cleaner(
    scripts=True, javascript=True, comments=True, style=True, inline_style=True, links=False,
    meta=True, page_structure=False, processing_instructions=True, embedded=True, frames=True,
    forms=True, annoying_tags=True, remove_unknown_tags=False, safe_attrs_only=False,
    kill_tags=("nav", "footer", "aside", "noscript", "svg", "template", "iframe", "button", "select"),
)
# lxml rejects strings with XML-incompatible characters; they carry no text anyway.
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An XML declaration with an encoding makes lxml refuse an already-decoded str.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def _prepare(html: str) -> str:
    return _XML_DECLARATION.sub("", _XML_INCOMPATIBLE.sub("", html))


def html_to_text(html: str) -> str:
    """The article text of a page, paragraphs one per line; "" when nothing textual is found."""
    html = _prepare(html)
    if not html.strip():
        return ""
    try:
        text = trafilatura.extract(
            html, favor_precision=True, include_comments=False, include_tables=False,
            include_images=False, include_links=False, deduplicate=False,
        )
    except Exception:  # trafilatura raises assorted parser errors on hostile input
        text = None
    if text and text.strip():
        return text
    return _fallback_text(html)


def _fallback_text(html: str) -> str:
    try:
        # Without huge_tree libxml2 drops everything nested deeper than 256 elements. (A parser per call:
        # lxml parser objects must not be shared between threads, and the API runs requests in threads.)
        tree = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(huge_tree=True))
        tree = _FALLBACK_CLEANER.clean_html(tree)
    except Exception:  # lxml: "Document is empty", parser errors, unsupported input
        return _streamed_text(html)
    body = tree.find("body")
    if body is not None:  # <title> and other head text are metadata, not article text
        tree = body
    for element in tree.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
    text = normalise(tree.text_content())
    # Past libxml2's depth limit (2,048 levels even with huge_tree) the tree ends where the nesting got too
    # deep and the article is lost: a hostile page of 5,000 nested <div>s.
    return text or _streamed_text(html)


class _TextCollector(HTMLParser):
    """Text outside scripts, styles and page chrome, one line per block element; the standard library's
    parser keeps no tree, so nesting depth costs nothing."""

    _SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "head", "title", "nav", "footer",
                          "aside", "iframe", "button", "select", "form"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside skipped elements

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._SKIPPED:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _streamed_text(html: str) -> str:
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # html.parser is lenient, but a page is never worth a crash
        pass
    return normalise("".join(collector.parts))


def page_metadata(html: str) -> tuple[str | None, dt.date | None]:
    """Title and publication date declared by the page (og:title, <title>, article:published_time,
    <time datetime>); best effort, never raises."""
    try:
        meta = trafilatura.extract_metadata(
            _prepare(html), date_config={"extensive_search": False, "original_date": True}
        )
    except Exception:  # metadata is optional; a broken page still has a body to try
        return None, None
    title = (meta.title or "").strip() or None
    published = None
    if meta.date:
        try:
            published = dt.date.fromisoformat(str(meta.date)[:10])
        except ValueError:
            published = None
    return title, published
