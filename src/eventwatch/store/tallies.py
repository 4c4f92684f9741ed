"""Running tallies of merged events: what the merge needs, kept up to date by each save.

An event's counts (mentions, articles, outlets), first/last seen, best confidence and the votes for each detail
(``dedup.merging.GROUPS``) are stored with it (``events`` columns, ``event_votes``, ``event_outlets``). A save
adds its own reports to them inside the article's transaction, so saving the 5,000th copy of a wire story costs
what saving the first did. Every tally is a sum, a count of distinct values, a min or a max, so the result is
the same for any order the articles arrive in; ``recount`` computes the same from all the mentions, for
``doctor`` (which reports any event whose stored tallies differ) and ``doctor --repair``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from eventwatch.dedup.merging import GROUPS, Tallies, coded, consensus, normalise
from eventwatch.model import Article, Event
from eventwatch.store.schema import ArticleRow, EventOutletRow, EventRow, EventVoteRow, MentionRow

CHUNK = 500  # events per query when checking or recounting a whole store


@dataclass
class Tally:
    mentions: int = 0
    articles: int = 0
    sources: int = 0  # distinct outlets
    first_seen: Any = None
    last_seen: Any = None
    confidence: float = 0.0
    votes: Tallies = field(default_factory=dict)

    def add(self, reports: Iterable[dict[str, Any]], published: Any, new_outlet: bool) -> None:
        """One article's reports of the event (their coded details); an article is only ever added once."""
        reports = list(reports)
        self.mentions += len(reports)
        self.articles += 1
        self.sources += new_outlet
        if published is not None:
            self.first_seen = published if self.first_seen is None else min(self.first_seen, published)
            self.last_seen = published if self.last_seen is None else max(self.last_seen, published)
        for report in reports:
            self.confidence = max(self.confidence, float(report.get("confidence") or 0.0))
            for name, fields in GROUPS.items():
                votes = self.votes.setdefault(name, {})
                value = normalise(fields, tuple(report.get(f) for f in fields))
                votes[value] = votes.get(value, 0) + 1

    def columns(self) -> dict[str, Any]:
        """The event row's columns this tally decides."""
        return {"num_mentions": self.mentions, "num_articles": self.articles, "num_sources": max(1, self.sources),
                "first_seen": self.first_seen, "last_seen": self.last_seen, "confidence": self.confidence,
                **consensus(self.votes)}


def outlet_of(article: Article) -> str | None:
    """The outlet that published the article: its source, else its address's host."""
    return article.source or (urlparse(article.url).hostname if article.url else None)


def add_article(session: Session, article: Article, reports: dict[int, list[Event]]) -> None:
    """Add one article's reports (event id → its reports of that event) to the events' stored tallies."""
    ids = sorted(reports)
    if not ids:
        return
    tallies = _stored(session, ids)
    old_votes = {(i, name, value) for i, tally in tallies.items() for name, votes in tally.votes.items()
                 for value in votes}
    outlet = outlet_of(article) or article.id
    seen = set(session.scalars(select(EventOutletRow.event_id).where(
        EventOutletRow.event_id.in_(ids), EventOutletRow.outlet == outlet)))
    for event_id in ids:
        tallies[event_id].add((coded(e) for e in reports[event_id]), article.published, event_id not in seen)
    if new_outlets := [{"event_id": i, "outlet": outlet} for i in ids if i not in seen]:
        session.execute(insert(EventOutletRow.__table__), new_outlets)
    _write_votes(session, tallies, old_votes)
    _write_columns(session, tallies)


def recount(session: Session, ids: list[int]) -> tuple[dict[int, Tally], dict[int, set[str]]]:
    """The tallies and outlet sets of these events computed from all their mentions."""
    reports: dict[tuple[int, str], list[dict[str, Any]]] = {}
    about: dict[str, tuple[str, Any]] = {}
    for event_id, article_id, details, outlet, published in session.execute(
            select(MentionRow.event_id, MentionRow.article_id, MentionRow.coded,
                   func.coalesce(ArticleRow.outlet, ArticleRow.id), ArticleRow.published)
            .join(ArticleRow, ArticleRow.id == MentionRow.article_id)
            .where(MentionRow.event_id.in_(ids)).order_by(MentionRow.id)):
        reports.setdefault((event_id, article_id), []).append(details or {})
        about[article_id] = (outlet, published)
    tallies: dict[int, Tally] = {}
    outlets: dict[int, set[str]] = {}
    for (event_id, article_id), found in reports.items():
        outlet, published = about[article_id]
        seen = outlets.setdefault(event_id, set())
        tallies.setdefault(event_id, Tally()).add(found, published, outlet not in seen)
        seen.add(outlet)
    return tallies, outlets


def differing(session: Session, ids: list[int]) -> list[int]:
    """Events whose stored tallies, outlets or voted details differ from a recount of their mentions."""
    counted, outlets = recount(session, ids)
    stored = _stored(session, ids)
    stored_outlets = _outlets(session, ids)
    details = _details(session, ids)
    # An event with no mention at all is another finding (integrity.events_without_mentions), not a miscount.
    return [i for i in ids if i in counted and (stored.get(i) != counted[i] or stored_outlets.get(i, set())
                                                != outlets[i] or details.get(i) != _decided(counted[i]))]


def rewrite(session: Session, ids: list[int]) -> None:
    """Replace these events' tallies, outlets and voted details by a recount (doctor --repair, migration)."""
    counted, outlets = recount(session, ids)
    session.execute(delete(EventVoteRow).where(EventVoteRow.event_id.in_(ids)))
    session.execute(delete(EventOutletRow).where(EventOutletRow.event_id.in_(ids)))
    if rows := [{"event_id": i, "outlet": o} for i, found in outlets.items() for o in sorted(found)]:
        session.execute(insert(EventOutletRow.__table__), rows)
    if counted:
        _write_votes(session, counted, set())
        _write_columns(session, counted)


def all_event_ids(session: Session, chunk: int = CHUNK) -> Iterator[list[int]]:
    """Every event id, in chunks, for whole-store checks that must not hold a million rows at once."""
    last = 0
    while ids := list(session.scalars(select(EventRow.id).where(EventRow.id > last)
                                      .order_by(EventRow.id).limit(chunk))):
        yield ids
        last = ids[-1]


def _decided(tally: Tally) -> dict[str, Any]:
    return consensus(tally.votes)


def _details(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    names = [f for fields in GROUPS.values() for f in fields]
    rows = session.execute(select(EventRow.id, *(getattr(EventRow, n) for n in names)).where(EventRow.id.in_(ids)))
    return {row[0]: {n: _plain(n, v) for n, v in zip(names, row[1:], strict=True)} for row in rows}


def _plain(name: str, value: Any) -> Any:
    return float(value) if name == "quantity_value" and value is not None else value


def _write_votes(session: Session, tallies: dict[int, Tally], old: set[tuple[int, str, tuple]]) -> None:
    new_rows, changed = [], []
    for event_id, tally in tallies.items():
        for name, votes in tally.votes.items():
            for value, n in votes.items():
                if (event_id, name, value) in old:
                    changed.append({"e": event_id, "d": name, "h": _hash(value), "n": n})
                else:
                    new_rows.append({"event_id": event_id, "detail": name, "value_hash": _hash(value),
                                     "value": _encode(value), "votes": n})
    if new_rows:
        session.execute(insert(EventVoteRow.__table__), new_rows)
    if changed:
        table = EventVoteRow.__table__
        stmt = (update(table).where(table.c.event_id == bindparam("e"), table.c.detail == bindparam("d"),
                                    table.c.value_hash == bindparam("h")).values(votes=bindparam("n")))
        session.connection().execute(stmt, changed)


def _write_columns(session: Session, tallies: dict[int, Tally]) -> None:
    # Bind names must differ from column names in an executemany UPDATE, hence the "v_" prefix.
    rows = [{"eid": event_id, **{"v_" + k: v for k, v in tally.columns().items()}}
            for event_id, tally in tallies.items()]
    table = EventRow.__table__
    values = {name[2:]: bindparam(name) for name in rows[0] if name != "eid"}
    session.connection().execute(update(table).where(table.c.id == bindparam("eid")).values(**values), rows)


def _stored(session: Session, ids: list[int]) -> dict[int, Tally]:
    tallies = {row.id: Tally(row.num_mentions, row.num_articles, row.num_sources, row.first_seen, row.last_seen,
                             float(row.confidence or 0.0))
               for row in session.execute(select(EventRow.id, EventRow.num_mentions, EventRow.num_articles,
                                                 EventRow.num_sources, EventRow.first_seen, EventRow.last_seen,
                                                 EventRow.confidence).where(EventRow.id.in_(ids)))}
    for event_id, name, value, n in session.execute(
            select(EventVoteRow.event_id, EventVoteRow.detail, EventVoteRow.value, EventVoteRow.votes)
            .where(EventVoteRow.event_id.in_(ids))):
        tallies[event_id].votes.setdefault(name, {})[_decode(value)] = n
    return tallies


def _outlets(session: Session, ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for event_id, outlet in session.execute(select(EventOutletRow.event_id, EventOutletRow.outlet)
                                            .where(EventOutletRow.event_id.in_(ids))):
        found.setdefault(event_id, set()).add(outlet)
    return found


def _encode(value: tuple) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def _decode(text: str) -> tuple:
    return tuple(json.loads(text))


def _hash(value: tuple) -> str:
    return hashlib.sha1(_encode(value).encode()).hexdigest()[:20]
