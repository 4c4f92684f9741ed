"""Saving an article's events into the merged event table: one row per occurrence, one mention per report.

An event whose merge key is already stored gains a mention; a new key makes a new event. The article's reports
are then added to the events' running tallies (store/tallies.py: counts, first/last seen, and the votes behind
the details of ``dedup.merging.consensus``), which do not depend on the order articles arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from eventwatch.dedup.merging import coded, merge_key
from eventwatch.model import Article, Event
from eventwatch.store import search, tallies
from eventwatch.store.schema import EventQuoteRow, EventRow, MentionRow


def save_events(session: Session, article: Article, events: Iterable[Event],
                quote_ids: dict[tuple[int, int], int] | None = None) -> tuple[list[int], int]:
    """Store the article's events (merging into stored ones); returns the ids of the events touched and how
    many of them are new."""
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault(merge_key(event), []).append(event)
    if not groups:
        return [], 0
    ids = _ids_by_key(session, list(groups))
    new = [key for key in groups if key not in ids]
    if new:
        session.execute(insert(EventRow.__table__), [_event_row(groups[key][0], key, article) for key in new])
        ids.update(_ids_by_key(session, new))
    mentions = [_mention_row(ids[key], article, event) for key, group in groups.items() for event in group]
    session.execute(insert(MentionRow.__table__), mentions)
    search.index_evidence(session, [(m["event_id"], m["sentence"]) for m in mentions])
    links = {(ids[key], (quote_ids or {})[(q.start, q.end)])
             for key, group in groups.items() for event in group for q in event.quotes}
    if links:
        session.execute(insert(EventQuoteRow.__table__),
                        [{"event_id": e, "quote_id": q} for e, q in sorted(links)])
    tallies.add_article(session, article, {ids[key]: group for key, group in groups.items()})
    return sorted(set(ids.values())), len(new)


def _ids_by_key(session: Session, keys: list[str]) -> dict[str, int]:
    return dict(session.execute(select(EventRow.merge_key, EventRow.id).where(EventRow.merge_key.in_(keys))).all())


def _event_row(event: Event, key: str, article: Article) -> dict[str, Any]:
    return {
        "plover_type": event.plover_type, "mode": event.mode, "cameo_root": event.cameo_root,
        "intensity": event.intensity, "modality": event.modality, "aggregate": event.aggregate,
        "date": event.date, "date_precision": event.date_precision, "first_article_id": article.id,
        # The counts start empty: tallies.add_article adds this article's reports like any other's.
        "merge_key": key, "num_mentions": 0, "num_articles": 0, "num_sources": 0,
        "first_seen": None, "last_seen": None, **coded(event),
    }


def _mention_row(event_id: int, article: Article, event: Event) -> dict[str, Any]:
    ev = event.evidence
    return {"event_id": event_id, "article_id": article.id, "sentence_index": ev.sentence_index,
            "sentence": ev.sentence, "start": ev.start, "end": ev.end, "trigger_start": ev.trigger_start,
            "trigger_end": ev.trigger_end, "url": ev.url if ev.url is not None else article.url,
            "coded": coded(event)}
