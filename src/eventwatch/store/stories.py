"""Near-duplicate lookup, story clusters, story labels and related stories, over the stored index.

Duplicates: an article's LSH band keys are looked up by index (never a scan of all articles), and the
candidates' MinHashes are compared; the best one at or above the threshold is the copy's original (the
root, when that candidate is itself a copy). Stories: an article joins the cluster of its original and of
every article it shares at least two single-occurrence events with (found through ``StoryPairRow``); a cluster is
named by its smallest article id, so the grouping does not depend on ingest order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from eventwatch.dedup.signature import band_keys, similarity
from eventwatch.store.schema import ArticleBandRow, ArticleRow, ArticleTermRow, EventRow, MentionRow, StoryPairRow

COPIES_COMPARED = 64  # copies tried when no original is close enough
LABEL_TERMS = 3
# Terms carried by more than this share of all articles say nothing about a story ("North Korea" in a
# Korea desk's feed); they are left out of related-story scoring.
COMMON_TERM_SHARE = 0.2


@dataclass(frozen=True)
class Related:
    article_id: str
    title: str | None
    url: str | None
    published: object
    score: float
    shared_events: int
    shared_terms: tuple[str, ...]
    duplicate: bool  # one is a near-duplicate copy of the other


def find_original(session: Session, sig: bytes, threshold: float) -> tuple[str, float] | None:
    """The stored original this fingerprint copies, if any. Originals sharing a band key are compared first;
    only when none is close enough are a bounded number of copies tried (a copy of a copy whose changes took it
    away from the root), so the cost does not grow with how many copies are stored."""
    keys = [k for _, k in band_keys(sig, threshold)]
    for copy, limit in ((False, None), (True, COPIES_COMPARED)):
        candidates = select(ArticleBandRow.article_id).where(ArticleBandRow.key.in_(keys),
                                                              ArticleBandRow.copy.is_(copy))
        rows = session.execute(
            select(ArticleRow.id, ArticleRow.minhash, ArticleRow.duplicate_of)
            .where(ArticleRow.id.in_(candidates.distinct().limit(limit) if limit else candidates))).all()
        scored = [(similarity(sig, minhash), duplicate_of or article_id, article_id)
                  for article_id, minhash, duplicate_of in rows if minhash]
        best = max((s for s in scored if s[0] >= threshold), default=None)
        if best:
            return best[1], best[0]
    return None


def insert_fingerprint(session: Session, article_id: str, sig: bytes, threshold: float, copy: bool = False) -> None:
    session.execute(insert(ArticleBandRow.__table__),
                    [{"band": b, "key": k, "article_id": article_id, "copy": copy}
                     for b, k in band_keys(sig, threshold)])


def insert_terms(session: Session, article_id: str, terms: dict[str, float]) -> None:
    if terms:
        session.execute(insert(ArticleTermRow.__table__),
                        [{"article_id": article_id, "term": t[:200], "weight": w} for t, w in terms.items()])


def assign_story(session: Session, article_id: str, original: str | None, event_ids: list[int]) -> str:
    """Put the article in a story cluster, joining clusters it links; returns the cluster id."""
    linked: set[str] = {original} if original else set()
    linked.update(_sharing_two_events(session, article_id, event_ids))
    clusters = set(session.scalars(select(ArticleRow.cluster_id).where(ArticleRow.id.in_(linked))).all()) - {None}
    cluster = min(clusters | {article_id})
    others = clusters - {cluster}
    if others:
        session.execute(update(ArticleRow).where(ArticleRow.cluster_id.in_(others)).values(cluster_id=cluster))
    session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(cluster_id=cluster))
    return cluster


def _sharing_two_events(session: Session, article_id: str, event_ids: list[int]) -> set[str]:
    """Stored articles this one shares two single-occurrence events with, one per pair of events: every article
    that reported a pair joined the story of the first one that did, so that one stands for them all."""
    single = sorted(session.scalars(select(EventRow.id).where(EventRow.id.in_(event_ids),
                                                              EventRow.aggregate.is_(False))))
    pairs = set(combinations(single, 2))
    if not pairs:
        return set()
    known = {(first, second): other for first, second, other in session.execute(
        select(StoryPairRow.first_event_id, StoryPairRow.second_event_id, StoryPairRow.article_id)
        .where(StoryPairRow.first_event_id.in_(single), StoryPairRow.second_event_id.in_(single)))}
    if new := sorted(pairs - set(known)):
        session.execute(insert(StoryPairRow.__table__),
                        [{"first_event_id": a, "second_event_id": b, "article_id": article_id} for a, b in new])
    return {other for other in known.values() if other != article_id}


def remove_index(session: Session, article_id: str) -> None:
    session.execute(delete(ArticleBandRow).where(ArticleBandRow.article_id == article_id))


@dataclass(frozen=True)
class _Rarity:
    total: int  # stored articles
    df: dict[str, int]  # term -> articles carrying it

    def idf(self, term: str) -> float:
        return math.log((1 + self.total) / (1 + self.df.get(term, 0)))


def _rarity(session: Session, terms: list[str]) -> _Rarity:
    total = session.scalar(select(func.count()).select_from(ArticleRow)) or 1
    df = dict(session.execute(select(ArticleTermRow.term, func.count()).where(ArticleTermRow.term.in_(terms))
                              .group_by(ArticleTermRow.term)).all()) if terms else {}
    return _Rarity(total, df)


def story_label(session: Session, cluster_id: str) -> str:
    """The key terms most of the story's articles share, rarest first among equals."""
    rows = session.execute(
        select(ArticleTermRow.term, func.count()).join(ArticleRow, ArticleRow.id == ArticleTermRow.article_id)
        .where(ArticleRow.cluster_id == cluster_id).group_by(ArticleTermRow.term)).all()
    if not rows:
        return ""
    rarity = _rarity(session, [t for t, _ in rows])
    ranked = sorted(rows, key=lambda r: (-(r[1] * rarity.idf(r[0])), r[0]))
    return " · ".join(term for term, _ in ranked[:LABEL_TERMS])


def related(session: Session, article_id: str, limit: int = 10) -> list[Related]:
    """Other stored articles most related to this one: shared events, then shared rare key terms."""
    own = dict(session.execute(select(ArticleTermRow.term, ArticleTermRow.weight)
                               .where(ArticleTermRow.article_id == article_id)).all())
    rarity = _rarity(session, list(own))
    useful = [t for t in own if rarity.df.get(t, 0) <= max(2, COMMON_TERM_SHARE * rarity.total)]
    scores: dict[str, float] = {}
    shared_terms: dict[str, list[str]] = {}
    if useful:
        # Cosine-like: TF-IDF dot product, normalised by this article's own vector.
        norm = sum((own[t] * rarity.idf(t)) ** 2 for t in useful) or 1.0
        for other, term, weight in session.execute(
                select(ArticleTermRow.article_id, ArticleTermRow.term, ArticleTermRow.weight)
                .where(ArticleTermRow.term.in_(useful), ArticleTermRow.article_id != article_id)):
            scores[other] = scores.get(other, 0.0) + own[term] * weight * rarity.idf(term) ** 2 / norm
            shared_terms.setdefault(other, []).append(term)
    own_events = select(MentionRow.event_id).where(MentionRow.article_id == article_id)
    events = dict(session.execute(
        select(MentionRow.article_id, func.count(func.distinct(MentionRow.event_id)))
        .where(MentionRow.event_id.in_(own_events), MentionRow.article_id != article_id)
        .group_by(MentionRow.article_id)).all())
    for other, count in events.items():
        scores[other] = scores.get(other, 0.0) + 0.5 * count
    top = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    if not top:
        return []
    me = session.get(ArticleRow, article_id)
    rows = {r.id: r for r in session.scalars(select(ArticleRow).where(ArticleRow.id.in_([a for a, _ in top])))}
    root = (me.duplicate_of or me.id) if me else article_id
    return [Related(a, rows[a].title, rows[a].url, rows[a].published, round(score, 4), events.get(a, 0),
                    tuple(sorted(shared_terms.get(a, []))), (rows[a].duplicate_of or rows[a].id) == root)
            for a, score in top if a in rows]
