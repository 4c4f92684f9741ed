"""Poll the subscribed RSS/Atom feeds into the store: the feed counterpart of ``run.ingest_paths``.

For each subscribed feed a conditional GET (If-None-Match / If-Modified-Since, so an unchanged feed costs a 304 and
nothing else; ingest/feeds.py reads and parses it), then each entry page not seen before is fetched through the same
polite ``Fetcher`` and run through the ingest loop (run.py). An entry is recorded once it is stored, was already
stored, or is unusable for good (404, robots, not text); one that failed for now (timeout, 5xx, a store error) is
not, and the feed's validators are then kept as they were so the next poll gets the full feed again and retries it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace

from eventwatch.errors import DocumentError
from eventwatch.ingest.concurrency import map_concurrently
from eventwatch.ingest.feeds import FeedEntry, FeedResponse, fetch_feed, parse_feed
from eventwatch.ingest.http import Fetcher, FetchPolicy, host_of, is_transient
from eventwatch.model import RawDocument
from eventwatch.pipeline.run import IngestSummary, Outcome, ingest_documents
from eventwatch.store.feeds import FeedRecord, list_feeds, record_items, seen_items, stored_hash, update_feed
from eventwatch.store.repository import Store

log = logging.getLogger("eventwatch.feeds")


@dataclass
class PollSummary:
    feeds: int = 0  # feeds polled
    not_modified: int = 0  # answered 304
    feed_errors: Counter[str] = field(default_factory=Counter)  # feeds that could not be read, by reason
    failed_feeds: list[tuple[str, str, str]] = field(default_factory=list)  # each of them: (url, reason, detail)
    items_new: int = 0  # entries not recorded before
    already_stored: int = 0  # of those, pages already in the store at that URL: recorded without a fetch
    fetched: int = 0  # pages requested
    retry_later: int = 0  # pages that failed for now; not recorded, so the next poll tries them again
    ingest: IngestSummary = field(default_factory=IngestSummary)  # stored, duplicates, skipped by reason


@dataclass
class _Due:
    """A feed whose body was read this poll, and the entries it still has to settle."""

    feed: FeedRecord
    validators: tuple[str | None, str | None]
    title: str | None
    pending: set[str] = field(default_factory=set)


def poll(store: Store, fetcher_policy: FetchPolicy | None = None,
         on_document: Callable[[], None] | None = None) -> PollSummary:
    """Poll every subscribed feed once and store the pages of its new entries (see the module docstring)."""
    summary = PollSummary()
    feeds = list_feeds(store)
    with Fetcher(fetcher_policy) as fetcher:
        due, wanted = _read_feeds(store, fetcher, feeds, summary)
        by_url: dict[str, list[_Due]] = {}
        for item in due:
            for url in item.pending:
                by_url.setdefault(url, []).append(item)
        to_fetch = []
        for url, owners in by_url.items():
            digest = stored_hash(store, url=url)
            if digest is None:
                to_fetch.append(url)
                continue
            summary.already_stored += 1
            _settle(store, owners, url, digest)
        summary.fetched = len(to_fetch)
        pages = _with_entry_metadata(fetcher.fetch_many(to_fetch), wanted)

        def settle(outcome: Outcome) -> None:
            error = outcome.skipped
            if error is not None and (is_transient(error) or error.reason == "store-error"):
                summary.retry_later += 1  # failed for now (the page, or the store): try again next poll
                return
            digest = stored_hash(store, article_id=outcome.article_id) if outcome.article_id else None
            _settle(store, by_url[outcome.origin], outcome.origin, digest)

        summary.ingest = ingest_documents(pages, store, on_document, settle)
    for item in due:
        complete = not item.pending
        update_feed(store, item.feed.id, "ok" if complete else "partial", title=item.title,
                    validators=item.validators if complete else None)
    return summary


def _read_feeds(store: Store, fetcher: Fetcher, feeds: list[FeedRecord],
                summary: PollSummary) -> tuple[list[_Due], dict[str, FeedEntry]]:
    """Conditional GET of every feed, concurrently within the per-host limits; the feeds with new entries."""
    due: list[_Due] = []
    wanted: dict[str, FeedEntry] = {}

    def get(feed: FeedRecord) -> FeedResponse | DocumentError:
        return fetch_feed(fetcher, feed.url, feed.etag, feed.last_modified)

    for feed, result in map_concurrently(get, feeds, fetcher.policy.workers, lambda f: host_of(f.url),
                                         fetcher.policy.per_host):
        summary.feeds += 1
        if isinstance(result, DocumentError):
            log.warning("feed %s", result)
            _failed(store, feed, result, summary)
            continue
        if result.status == 304:
            summary.not_modified += 1
            update_feed(store, feed.id, "not-modified")
            continue
        try:
            parsed = parse_feed(result.body, result.url, result.headers.get("content-type"))
        except DocumentError as exc:
            _failed(store, feed, exc, summary)
            continue
        known = seen_items(store, feed.id)
        item = _Due(feed, result.validators, parsed.title)
        for entry in parsed.entries:
            if entry.url not in known:
                item.pending.add(entry.url)
                wanted.setdefault(entry.url, entry)
        summary.items_new += len(item.pending)
        due.append(item)
    return due, wanted


def _failed(store: Store, feed: FeedRecord, error: DocumentError, summary: PollSummary) -> None:
    summary.feed_errors[error.reason] += 1
    summary.failed_feeds.append((feed.url, error.reason, error.detail))
    update_feed(store, feed.id, error.reason)


def _settle(store: Store, owners: list[_Due], url: str, digest: str | None) -> None:
    for owner in owners:
        record_items(store, owner.feed.id, [(url, digest)])
        owner.pending.discard(url)


def _with_entry_metadata(pages: Iterator[RawDocument | DocumentError],
                         wanted: dict[str, FeedEntry]) -> Iterator[RawDocument | DocumentError]:
    """The feed's title and date where the page itself declares none."""
    for page in pages:
        if isinstance(page, RawDocument):
            entry = wanted[page.origin]
            page = replace(page, title=page.title or entry.title, published=page.published or entry.published)
        yield page
