"""Saving an article's events into the merged event table: one row per occurrence, one mention per report.

An event whose merge key is already stored gains a mention; a new key makes a new event. After every
change the touched events are recomputed from all their mentions (counts, first/last seen, and the voted
details of ``dedup.merging.consensus``), so the result does not depend on the order articles arrive in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from eventwatch.dedup.merging import GROUPS, Tallies, coded, consensus, merge_key, normalise
from eventwatch.model import Article, Event
from eventwatch.store import search
from eventwatch.store.schema import ArticleRow, EventQuoteRow, EventRow, MentionRow


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
    touched = sorted(set(ids.values()))
    # A new event reported once is already what its one mention says; only merged ones need recomputing.
    stale = sorted({ids[key] for key, group in groups.items() if key not in new or len(group) > 1})
    refresh_events(session, stale)
    return touched, len(new)


def refresh_events(session: Session, event_ids: list[int]) -> None:
    """Recompute counts, first/last seen and voted details of these events from all their mentions.

    The database does the counting (GROUP BY over the mentions' coded details), so an event with thousands of
    reports costs a few aggregate queries, not thousands of decoded rows."""
    if not event_ids:
        return
    counts = session.execute(
        select(MentionRow.event_id, func.count(), func.count(func.distinct(MentionRow.article_id)),
               func.count(func.distinct(func.coalesce(ArticleRow.outlet, ArticleRow.id))),
               func.min(ArticleRow.published), func.max(ArticleRow.published),
               func.max(MentionRow.coded["confidence"].as_float()))
        .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
        .where(MentionRow.event_id.in_(event_ids)).group_by(MentionRow.event_id)).all()
    tallies: dict[int, Tallies] = {e: {} for e in event_ids}
    for name, fields in GROUPS.items():
        values = [MentionRow.coded[f].as_string() for f in fields]
        rows = session.execute(select(MentionRow.event_id, func.count(), *values)
                               .where(MentionRow.event_id.in_(event_ids)).group_by(MentionRow.event_id, *values))
        for event_id, n, *found in rows:
            votes = tallies[event_id].setdefault(name, {})
            key = normalise(fields, tuple(found))
            votes[key] = votes.get(key, 0) + n
    updates = []
    for event_id, mentions, articles, sources, first, last, confidence in counts:
        updates.append({"eid": event_id, "num_mentions": mentions, "num_articles": articles,
                        "num_sources": sources or 1, "first_seen": first, "last_seen": last,
                        "confidence": float(confidence or 0.0), **consensus(tallies[event_id])})
    if not updates:
        return
    # Bind names must differ from column names in an executemany UPDATE, hence the "v_" prefix.
    table = EventRow.__table__
    columns = {name: bindparam("v_" + name) for name in updates[0] if name != "eid"}
    stmt = update(table).where(table.c.id == bindparam("eid")).values(**columns)
    session.connection().execute(stmt, [{("v_" + k if k != "eid" else k): v for k, v in u.items()} for u in updates])


def _ids_by_key(session: Session, keys: list[str]) -> dict[str, int]:
    return dict(session.execute(select(EventRow.merge_key, EventRow.id).where(EventRow.merge_key.in_(keys))).all())


def _event_row(event: Event, key: str, article: Article) -> dict[str, Any]:
    return {
        "plover_type": event.plover_type, "mode": event.mode, "cameo_root": event.cameo_root,
        "intensity": event.intensity, "modality": event.modality, "aggregate": event.aggregate,
        "date": event.date, "date_precision": event.date_precision, "first_article_id": article.id,
        "merge_key": key, "num_mentions": 1, "num_articles": 1, "num_sources": 1,
        "first_seen": article.published, "last_seen": article.published, **coded(event),
    }


def _mention_row(event_id: int, article: Article, event: Event) -> dict[str, Any]:
    ev = event.evidence
    return {"event_id": event_id, "article_id": article.id, "sentence_index": ev.sentence_index,
            "sentence": ev.sentence, "start": ev.start, "end": ev.end, "trigger_start": ev.trigger_start,
            "trigger_end": ev.trigger_end, "url": ev.url if ev.url is not None else article.url,
            "coded": coded(event)}
