"""RawDocument → Article: clean, segment, and give the body a stable identity."""

from __future__ import annotations

import hashlib

from eventwatch.errors import DocumentError
from eventwatch.model import Article, RawDocument
from eventwatch.text.clean import clean
from eventwatch.text.segment import segment


def content_hash(text: str) -> str:
    """sha256 of the text lower-cased with whitespace collapsed, so re-scrapes that differ only in
    case or spacing are recognised as the same article."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def article_id(digest: str, url: str | None) -> str:
    """The same text at the same address is the same article; at another address (a republication by
    another outlet) it is another article, which the store links to the first as a copy."""
    if not url:
        return digest[:16]
    return hashlib.sha256(f"{digest}\n{url}".encode()).hexdigest()[:16]


def build_article(raw: RawDocument) -> Article:
    cleaned = clean(raw)
    if not cleaned.text.strip():
        raise DocumentError(raw.origin, "no-body", "nothing left after cleaning")
    seg = segment(cleaned.text)
    if not seg.sentences:
        raise DocumentError(raw.origin, "no-body", "no sentence found")
    digest = content_hash(cleaned.text)
    return Article(
        id=article_id(digest, raw.url),
        content_hash=digest,
        text=cleaned.text,
        url=raw.url,
        title=raw.title or cleaned.title,
        published=raw.published,
        source=raw.source,
        origin=raw.origin,
        dateline=seg.dateline,
        paragraphs=seg.paragraphs,
        sentences=seg.sentences,
        debris_removed=cleaned.debris_removed,
    )
