"""RawDocument → Article: clean, segment, and give the body a stable identity.

The clean body is bounded: a text of more than MAX_ARTICLE_CHARS characters is not a news article (a
page of listings, a log, a book, or a hostile page of 100,000 sentences) and is skipped as ``too-long``
before any analysis, so that one page cannot stall a run: analysing it would take minutes, and the
tokenizer refuses texts over a million characters anyway.
"""

from __future__ import annotations

import hashlib

from eventwatch.errors import DocumentError
from eventwatch.lang.detect import detect_language
from eventwatch.model import Article, RawDocument
from eventwatch.text.clean import clean
from eventwatch.text.normalize import normalise_field
from eventwatch.text.segment import segment

# Wire stories run to 5,000 characters, long reads and live blogs to about 100,000. Analysis runs at about
# 150,000 characters/s on one core (benchmarks/bench_long_articles.py), so one article costs at most ~1.5 s.
MAX_ARTICLE_CHARS = 200_000


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
    if len(cleaned.text) > MAX_ARTICLE_CHARS:
        raise DocumentError(raw.origin, "too-long",
                            f"{len(cleaned.text):,} characters of article text > {MAX_ARTICLE_CHARS:,}")
    seg = segment(cleaned.text)
    if not seg.sentences:
        raise DocumentError(raw.origin, "no-body", "no sentence found")
    digest = content_hash(cleaned.text)
    url = normalise_field(raw.url, fold_lookalikes=False)
    return Article(
        id=article_id(digest, url),
        content_hash=digest,
        text=cleaned.text,
        url=url,
        title=normalise_field(raw.title) or normalise_field(cleaned.title),
        published=raw.published,
        source=normalise_field(raw.source),
        origin=raw.origin,
        dateline=seg.dateline,
        paragraphs=seg.paragraphs,
        sentences=seg.sentences,
        debris_removed=cleaned.debris_removed,
        language=detect_language(cleaned.text),
    )
