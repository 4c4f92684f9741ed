"""What the API returns: pydantic models, so that /docs shows them and responses are checked against them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

from eventwatch.store import ArticleRecord, EventRecord
from eventwatch.store.flat import event_rows


class Error(BaseModel):
    error: str
    detail: Any = None


class Quote(BaseModel):
    text: str
    speaker: str | None
    speaker_text: str | None
    kind: str


class Event(BaseModel):
    id: int
    date: str = Field(description="the date at its precision: 2023-03-16, 2023-W11, 2023-03 or 2023")
    day: dt.date = Field(description="first day of the event's period")
    precision: str
    source: str | None
    type: str
    mode: str | None
    target: str | None
    modality: str
    intensity: float
    cameo_root: str
    quantity: str | None
    quantity_value: float | None
    aggregate: bool
    reported_by: str | None
    reported_by_text: str | None
    reported_via: str | None
    claim: str | None
    place: str | None
    place_id: str | None
    place_precision: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    place_basis: str | None
    place_text: str | None
    quotes: list[Quote]
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: str | None
    last_seen: str | None
    confidence: float
    article_id: str
    url: str | None
    evidence: str
    start: int
    end: int
    trigger: str


class EventPage(BaseModel):
    total: int = Field(description="matching events, counted up to total_cap")
    total_is_capped: bool = Field(description="true: at least `total` events match")
    limit: int
    offset: int
    events: list[Event]


class Mention(BaseModel):
    article_id: str
    article_title: str | None
    outlet: str | None
    published: dt.date | None
    url: str | None
    sentence: str
    start: int
    end: int
    trigger_start: int
    trigger_end: int


class EventDetail(Event):
    mentions: list[Mention]


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    url: str | None
    published: dt.date | None
    source: str | None
    outlet: str | None
    duplicate_of: str | None
    cluster_id: str | None
    language: str | None = None  # BCP 47 (en, ko, ru, und-Latn…); None: stored before languages were told apart


class ArticlePage(BaseModel):
    total: int
    limit: int
    offset: int
    articles: list[ArticleSummary]


class Highlight(BaseModel):
    event_id: int
    start: int = Field(description="evidence sentence, character offsets into text")
    end: int
    trigger_start: int
    trigger_end: int
    type: str
    source: str | None
    target: str | None


class RelatedStory(BaseModel):
    article_id: str
    title: str | None
    url: str | None
    published: Any
    score: float
    shared_events: int
    shared_terms: list[str]
    duplicate: bool


class ArticleDetail(ArticleSummary):
    text: str
    dateline: str | None
    similarity: float | None
    highlights: list[Highlight]
    events: list[Event]
    quotes: list[Quote]
    related: list[RelatedStory]


class Actor(BaseModel):
    code: str
    name: str | None
    country: str | None
    as_source: int
    as_target: int
    kind: str | None = None  # with ?q=: country, organisation or person, the dictionary entry that matched


class Bucket(BaseModel):
    period: dt.date
    type: str
    events: int
    intensity: float


class Bar(BaseModel):
    period: dt.date = Field(description="first day of the day/ISO week/month/year")
    label: str = Field(description="2024-03-05, week of 2024-03-04, 2024-03 or 2024")
    events: int
    by_type: dict[str, int] = Field(description="events per PLOVER type")
    conflict: float = Field(description="summed |intensity| of negative asserted/threatened events")
    cooperation: float = Field(description="summed intensity of positive asserted/threatened events")


class CoarseEvent(BaseModel):
    id: int
    date: str = Field(description="the date at its precision: 2023-W11, 2023-03 or 2023")
    precision: str
    type: str
    source: str | None
    target: str | None


class Timeline(BaseModel):
    interval: str = Field(description="the interval used (the one chosen, for interval=auto)")
    buckets: list[Bucket] = Field(description="every matching event, by its stored date's period and type")
    bars: list[Bar] = Field(description="day-dated events only, one bar per period, empty periods included")
    coarse: dict[str, int] = Field(description="events dated only to the week/month/year, per precision")
    coarse_events: list[CoarseEvent] = Field(description="the oldest of them (up to 20)")


class Story(BaseModel):
    cluster_id: str
    label: str
    articles: int
    first_published: dt.date | None
    last_published: dt.date | None
    titles: list[str]


class NewArticle(BaseModel):
    """An article to ingest: scraped text or HTML, with whatever metadata came with it."""

    text: str | None = Field(default=None, max_length=10_000_000)
    html: str | None = Field(default=None, max_length=10_000_000)
    url: str | None = Field(default=None, max_length=2000)
    title: str | None = Field(default=None, max_length=2000)
    published: dt.date | None = None
    source: str | None = Field(default=None, max_length=500)


class IngestResult(BaseModel):
    article_id: str | None
    stored: bool
    duplicate_of: str | None = None
    events: int = 0
    new_events: int = 0
    skipped: str | None = None
    # Stored but not coded: "unsupported-language" and the language told from its text.
    not_coded: str | None = None


class IngestReport(BaseModel):
    results: list[IngestResult]


def event_out(record: EventRecord) -> Event:
    row = event_rows([record])[0]
    return Event(day=record.date, **{k: v for k, v in row.items() if k in Event.model_fields})


def article_summary(record: ArticleRecord) -> ArticleSummary:
    return ArticleSummary(id=record.id, title=record.title, url=record.url, published=record.published,
                          source=record.source, outlet=record.outlet, duplicate_of=record.duplicate_of,
                          cluster_id=record.cluster_id, language=record.language)


class FacetValue(BaseModel):
    value: str
    events: int


class Facets(BaseModel):
    type: list[FacetValue]
    modality: list[FacetValue]
