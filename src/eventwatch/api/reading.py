"""Read routes: events (filtered, paged, sorted), one event with all its reports, articles with highlighted
evidence and related stories, actors, timelines, stories and GeoJSON."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import StreamingResponse

from eventwatch.actor_codes import country_of
from eventwatch.actor_names import resolve_optional, search_actors
from eventwatch.api import geo, models
from eventwatch.api.answers import Answers
from eventwatch.escalation.index import COUNTED_MODALITIES
from eventwatch.export.formats import stream_text
from eventwatch.model import MODALITIES, PLOVER_TYPES
from eventwatch.store import Store
from eventwatch.store.aggregates import INTERVALS
from eventwatch.store.event_query import SORTS, EventFilter

router = APIRouter()
Code = Annotated[str | None, Query(max_length=20, pattern=r"^[A-Za-z]{1,20}$")]
# An actor filter: a code prefix (PRK) or a name ("North Korea", "Kim Jong-un", "U.S."), resolved by actor_names.
ActorParam = Annotated[str | None, Query(max_length=100, pattern=r"^[A-Za-z][A-Za-z .'’-]{0,99}$",
                                         description="actor code prefix, or name (North Korea)")]
# Free text (place names, search words): any printable text, but no control characters: PostgreSQL refuses NUL
# in text, and nothing a person searches for contains them.
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
Words = Annotated[str | None, Query(max_length=200, pattern=PRINTABLE, description="words in the text")]
NUMBER = r"-?\d{1,3}(\.\d{1,12})?"
PloverType = Literal[tuple(PLOVER_TYPES)]  # type: ignore[valid-type]
ModalityName = Literal[tuple(MODALITIES)]  # type: ignore[valid-type]
SortKey = Literal[tuple(SORTS)]  # type: ignore[valid-type]
Interval = Literal[tuple(INTERVALS)]  # type: ignore[valid-type]
NOT_FOUND = {404: {"model": models.Error}}
COUNT_CAP = 10_000  # exact totals up to here; beyond it the page says "10,000 or more"


def store_of(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(store_of)]


def answers_of(request: Request) -> Answers:
    return request.app.state.answers


AnswersDep = Annotated[Answers, Depends(answers_of)]


def event_filter(
    actor: ActorParam = None,
    source: ActorParam = None,
    target: ActorParam = None,
    type: Annotated[PloverType | None, Query(description="PLOVER type")] = None,
    mode: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z][a-z0-9-]*$", description="PLOVER mode")] = None,
    modality: ModalityName | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    place: Annotated[str | None, Query(max_length=100, pattern=PRINTABLE,
                                      description="place name, or a country code")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$",
                                        description="the place's country code (ISO alpha-3) alone")] = None,
    bbox: Annotated[str | None, Query(max_length=100, pattern=f"^{NUMBER},{NUMBER},{NUMBER},{NUMBER}$",
                                      description="west,south,east,north in degrees")] = None,
    q: Words = None,
    aggregate: bool | None = None,
) -> EventFilter:
    # An unknown or ambiguous name raises ActorNameError: a 422 with suggestions (api/app.py).
    return EventFilter(actor=resolve_optional(actor), source=resolve_optional(source),
                       target=resolve_optional(target), plover_type=type, mode=mode,
                       modality=modality, since=since, until=until, place=place, country=country,
                       bbox=_bbox(bbox), q=q,
                       aggregate=aggregate)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError as exc:
        raise HTTPException(422, "bbox must be four numbers: west,south,east,north") from exc
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(422, "bbox is out of range: longitudes -180..180, latitudes -90..90, south <= north")
    return west, south, east, north


Filter = Annotated[EventFilter, Depends(event_filter)]


@router.get("/events", response_model=models.EventPage, summary="Events matching the filters, one page")
def list_events(store: StoreDep, where: Filter, sort: SortKey = "-date",
                limit: Annotated[int, Query(ge=1, le=500)] = 50,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> models.EventPage:
    records = store.query_events(where=where, sort=sort, limit=limit, offset=offset)
    total = store.count_events(where, cap=COUNT_CAP)
    return models.EventPage(total=total, total_is_capped=total >= COUNT_CAP, limit=limit, offset=offset,
                            events=[models.event_out(r) for r in records])


# Downloads of every matching event (not one page), streamed a page at a time by the export writers, so a
# download of the whole store holds one page in memory; the fields are those of `eventwatch export`.
DOWNLOADS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}


def _download(store: Store, where: EventFilter, fmt: str) -> StreamingResponse:
    return StreamingResponse(stream_text(store, where, fmt, batch=2000), media_type=DOWNLOADS[fmt],
                             headers={"Content-Disposition": f'attachment; filename="events.{fmt}"'})


@router.get("/events.csv", summary="Every event matching the filters as CSV (streamed; fields of eventwatch export)",
            response_class=StreamingResponse)
def events_csv(store: StoreDep, where: Filter) -> StreamingResponse:
    return _download(store, where, "csv")


@router.get("/events.jsonl", summary="Every event matching the filters as JSON Lines (streamed)",
            response_class=StreamingResponse)
def events_jsonl(store: StoreDep, where: Filter) -> StreamingResponse:
    return _download(store, where, "jsonl")


@router.get("/events.geojson", summary="Events with a place, as a GeoJSON FeatureCollection (see docs/serving.md)")
def events_geojson(store: StoreDep, answers: AnswersDep, where: Filter,
                   limit: Annotated[int, Query(ge=1, le=5000)] = 1000,
                   countries: Annotated[geo.CountryPlaces, Query(
                       description="points: every placed event is a point; totals: events placed only at a "
                                   "country are counted per country instead")] = "points") -> dict[str, Any]:
    return answers.get(("geojson", where, limit, countries),
                       lambda: geo.feature_collection(store, where, limit, countries, COUNT_CAP))


@router.get("/events/{event_id}", response_model=models.EventDetail, responses=NOT_FOUND,
            summary="One event with every report of it")
def get_event(store: StoreDep, event_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> models.EventDetail:
    record = store.get_event(event_id)
    if record is None:
        raise HTTPException(404, f"no event {event_id}")
    mentions = [models.Mention(article_id=m.article_id, article_title=m.article_title, outlet=m.outlet,
                               published=m.published, url=m.url, sentence=m.sentence, start=m.start, end=m.end,
                               trigger_start=m.trigger_start, trigger_end=m.trigger_end)
                for m in store.mentions_of(event_id)]
    return models.EventDetail(**models.event_out(record).model_dump(), mentions=mentions)


@router.get("/articles", response_model=models.ArticlePage, summary="Stored articles, newest first")
def list_articles(store: StoreDep, q: Words = None,
                  limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> models.ArticlePage:
    total, records = store.list_articles(q, limit, offset)
    return models.ArticlePage(total=total, limit=limit, offset=offset,
                              articles=[models.article_summary(r) for r in records])


@router.get("/articles/{article_id}", response_model=models.ArticleDetail, responses=NOT_FOUND,
            summary="One article with its evidence spans, events, quotes and related stories")
def get_article(store: StoreDep, article_id: Annotated[str, PathParam(min_length=6, max_length=64,
                                                                  pattern=r"^[0-9A-Za-z_-]+$")]
                ) -> models.ArticleDetail:
    article = store.get_article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id}")
    records = store.events_for_article(article.id)
    highlights = [models.Highlight(event_id=r.id, start=r.start, end=r.end, trigger_start=r.trigger_start,
                                   trigger_end=r.trigger_end, type=r.plover_type, source=r.source_actor,
                                   target=r.target_actor) for r in records]
    quotes = [models.Quote(text=q.text, speaker=q.speaker, speaker_text=q.speaker_text, kind=q.kind)
              for q in store.quotes_for_article(article.id)]
    related = [models.RelatedStory(article_id=r.article_id, title=r.title, url=r.url, published=r.published,
                                   score=r.score, shared_events=r.shared_events, shared_terms=list(r.shared_terms),
                                   duplicate=r.duplicate) for r in store.related(article.id, 8)]
    return models.ArticleDetail(**models.article_summary(article).model_dump(), text=article.text,
                                dateline=article.dateline.place if article.dateline else None,
                                similarity=article.similarity, highlights=highlights,
                                events=[models.event_out(r) for r in records], quotes=quotes, related=related)


@router.get("/actors", response_model=list[models.Actor],
            summary="Actors by how many events they take part in; with q, the dictionary's actors named like q")
def list_actors(store: StoreDep, prefix: Code = None,
                q: Annotated[str | None, Query(max_length=100, pattern=PRINTABLE,
                                               description="part of a name, alias or code (korea, Kim Jong)")]
                = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[models.Actor]:
    if not q:
        return [models.Actor(**vars(a)) for a in store.actors(prefix.upper() if prefix else None, limit)]
    return actor_search(store, q, prefix.upper() if prefix else "", limit)


def actor_search(store: Store, q: str, prefix: str, limit: int) -> list[models.Actor]:
    """One entry per code, best match first, named by its best-matching dictionary actor, with its stored counts
    (0 when it has no events); then stored codes (not in the dictionary) that start with ``q``."""
    stored = {a.code: a for a in store.actors(prefix or None, 1_000_000)}
    found: dict[str, models.Actor] = {}
    for actor in search_actors(q):
        if actor.code.startswith(prefix) and actor.code not in found:
            counts = stored.get(actor.code)
            found[actor.code] = models.Actor(code=actor.code, name=actor.name, country=country_of(actor.code),
                                             as_source=counts.as_source if counts else 0,
                                             as_target=counts.as_target if counts else 0, kind=actor.kind)
    for code, counts in stored.items():
        if code.startswith(q.strip().upper()) and code not in found:
            found[code] = models.Actor(**vars(counts))
    return list(found.values())[:limit]


@router.get("/timeline", response_model=models.Timeline,
            summary="Event counts and summed intensity per period and PLOVER type (filter by actor pair etc.)")
def get_timeline(store: StoreDep, answers: AnswersDep, where: Filter,
                 interval: Interval | Literal["auto"] = "month") -> models.Timeline:
    view = answers.get(("timeline", where, interval),
                       lambda: store.timeline_view(where, interval, tuple(sorted(COUNTED_MODALITIES))))
    return models.Timeline(
        interval=view.interval, coarse=view.coarse,
        buckets=[models.Bucket(period=b.period, type=b.plover_type, events=b.events, intensity=b.intensity)
                 for b in view.buckets],
        bars=[models.Bar(**vars(b)) for b in view.bars],
        coarse_events=[models.CoarseEvent(id=e.id, date=e.date, precision=e.precision, type=e.plover_type,
                                          source=e.source, target=e.target) for e in view.coarse_events])


@router.get("/stories", response_model=list[models.Story], summary="Story clusters with their labels")
def list_stories(store: StoreDep, limit: Annotated[int, Query(ge=1, le=200)] = 20,
                 min_articles: Annotated[int, Query(ge=1, le=1000)] = 2) -> list[models.Story]:
    return [models.Story(cluster_id=s.cluster_id, label=s.label, articles=s.articles,
                         first_published=s.first_published, last_published=s.last_published,
                         titles=list(s.titles)) for s in store.stories(limit, min_articles)]
