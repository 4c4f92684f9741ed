"""A fetched page → RawDocument, the same way for every reader: decode the bytes, refuse a blank page, then take
the title and publication date the page itself declares wherever the source gave none.

Used by the web fetcher (http.py), WARC records (warc.py), files and JSONL records (files.py) and the API's
upload, so a page reads the same however it arrived. Skips are DocumentErrors with the reader's stable reasons:
"binary" and "encoding" from decoding, "empty" for a page with no text.
"""

from __future__ import annotations

import datetime as dt

from eventwatch.errors import DocumentError
from eventwatch.ingest.decode import UndecodableError, decode_body
from eventwatch.ingest.pubdate import find_published
from eventwatch.model import DocumentKind, RawDocument
from eventwatch.text.html import page_metadata

# A "Published: …" line of a plain-text page sits in its first lines; this bounds the search.
TEXT_HEAD_CHARS = 4000


def decode_page(data: bytes, origin: str, kind: DocumentKind, charset: str | None = None,
                blank: str = "only whitespace") -> str:
    """The page's text, decoded by its declared ``charset`` unless the bytes prove it wrong (see decode_body).

    Raises DocumentError: "binary" or "encoding" when the bytes are not text, "empty" (detail ``blank``, each
    reader's own wording) when the text is blank."""
    try:
        content = decode_body(data, charset, html=kind == "html")
    except UndecodableError as exc:
        raise DocumentError(origin, exc.reason, exc.detail) from exc
    except (LookupError, ValueError) as exc:  # e.g. an exotic codec failing in its own way
        raise DocumentError(origin, "encoding", str(exc)[:200]) from exc
    if not content.strip():
        raise DocumentError(origin, "empty", blank)
    return content


def page_document(content: str, kind: DocumentKind, origin: str, *, url: str | None = None,
                  title: str | None = None, published: dt.date | None = None,
                  source: str | None = None) -> RawDocument:
    """A RawDocument whose title and date are the given ones where given, else what the page declares: for HTML
    its metadata (og:title, <title>, article:published_time, <time>), for text a "Published: …" line. The HTML
    metadata is read only when something is missing: it costs a parse of the page."""
    if kind == "html" and (title is None or published is None):
        page_title, page_date = page_metadata(content)
        title, published = title or page_title, published or page_date
    elif kind == "text" and published is None:
        published = find_published(content[:TEXT_HEAD_CHARS])
    return RawDocument(content=content, kind=kind, origin=origin, url=url, title=title, published=published,
                       source=source)


def read_page(data: bytes, kind: DocumentKind, origin: str, *, charset: str | None = None,
              blank: str = "only whitespace", url: str | None = None, title: str | None = None,
              published: dt.date | None = None, source: str | None = None) -> RawDocument:
    """decode_page then page_document: the bytes of one page as a RawDocument. Raises DocumentError."""
    content = decode_page(data, origin, kind, charset, blank)
    return page_document(content, kind, origin, url=url, title=title, published=published, source=source)
