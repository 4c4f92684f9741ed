"""Read-only views of stored rows, detached from any database session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eventwatch.model import Article, Dateline, Sentence, Span, date_label


@dataclass(frozen=True)
class PlaceRecord:
    id: str
    name: str
    kind: str
    precision: str
    country: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class QuoteRecord:
    id: int
    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_text: str | None


@dataclass(frozen=True)
class EventRecord:
    """One stored event plus the evidence of one of its mentions.

    The mention is the event's first (lowest id) mention, or, when the query was restricted to an
    article, the first mention *in that article*, so that start/end/trigger offsets always point into
    the text of ``article_id``.
    """

    id: int
    source_actor: str | None
    target_actor: str | None
    plover_type: str
    mode: str | None
    cameo_root: str
    intensity: float
    modality: str
    aggregate: bool
    quantity_text: str | None
    quantity_value: float | None
    quantity_unit: str | None
    quantity_qualifier: str | None
    date: dt.date
    date_precision: str
    confidence: float
    first_article_id: str
    source_text: str | None
    target_text: str | None
    # Evidence, from the mention described above.
    article_id: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    url: str | None
    # Of the mention's article.
    article_title: str | None
    article_source: str | None
    reported_by: str | None = None
    reported_by_text: str | None = None
    reported_via: str | None = None
    claim: str | None = None
    place: PlaceRecord | None = None
    place_basis: str | None = None
    place_text: str | None = None
    quotes: tuple[QuoteRecord, ...] = ()
    # The merged event: how many reports, articles and outlets, and when it was first and last reported.
    num_mentions: int = 1
    num_articles: int = 1
    num_sources: int = 1
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None

    @property
    def date_label(self) -> str:
        """The date at its precision: 2023-03-16, 2023-W11, 2023-02 or 2023 (as ``Event.date_label``)."""
        return date_label(self.date, self.date_precision)


@dataclass(frozen=True)
class MentionRecord:
    """One report of an event: the sentence it came from, in which article, by which outlet."""

    event_id: int
    article_id: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    trigger_start: int
    trigger_end: int
    url: str | None
    article_title: str | None
    outlet: str | None
    published: dt.date | None


@dataclass(frozen=True)
class StoryRecord:
    cluster_id: str
    label: str
    articles: int
    first_published: dt.date | None
    last_published: dt.date | None
    titles: tuple[str, ...]
    article_ids: tuple[str, ...] = ()  # of the titles, in the same order: what `eventwatch show` takes


@dataclass(frozen=True)
class ArticleRecord:
    id: str
    content_hash: str
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None
    origin: str
    text: str
    dateline: Dateline | None
    debris_removed: int
    ingested_at: dt.datetime  # always timezone-aware UTC
    sentences: tuple[tuple[int, int, int], ...]  # (start, end, paragraph) in sentence order
    outlet: str | None = None
    duplicate_of: str | None = None  # the original, when this article is a near-duplicate copy
    similarity: float | None = None
    cluster_id: str | None = None
    language: str | None = None  # None: stored before languages were told apart (revision 0012)

    def sentence_objects(self) -> list[Sentence]:
        return [
            Sentence(index=i, start=start, end=end, text=self.text[start:end], paragraph=paragraph)
            for i, (start, end, paragraph) in enumerate(self.sentences)
        ]

    def to_article(self) -> Article:
        """Rebuild the model Article for rendering.

        Paragraph spans are not stored; they are reconstructed as the extent of each paragraph's
        sentences, which can differ from the original by surrounding whitespace.
        """
        extents: dict[int, list[int]] = {}
        for start, end, paragraph in self.sentences:
            span = extents.setdefault(paragraph, [start, end])
            span[0], span[1] = min(span[0], start), max(span[1], end)
        return Article(
            id=self.id,
            content_hash=self.content_hash,
            text=self.text,
            url=self.url,
            title=self.title,
            published=self.published,
            source=self.source,
            origin=self.origin,
            dateline=self.dateline,
            paragraphs=[Span(start, end) for _, (start, end) in sorted(extents.items())],
            sentences=self.sentence_objects(),
            debris_removed=self.debris_removed,
            language=self.language or "en",
        )
