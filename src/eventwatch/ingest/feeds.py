"""RSS/Atom feeds: parse them (feedparser) and poll the subscribed ones into the store.

A poll is the feed counterpart of ``runner.ingest_paths``: for each subscribed feed a conditional GET
(If-None-Match / If-Modified-Since, so an unchanged feed costs a 304 and nothing else), then each entry page
not seen before is fetched through the same polite ``Fetcher`` and analysed and stored by
``runner.ingest_documents``. An entry is recorded once it is stored, was already stored, or is unusable for
good (404, robots, not text); one that failed for now (timeout, 5xx) is not, and the feed's validators are
then kept as they were so the next poll gets the full feed again and retries it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser

from eventwatch.errors import DocumentError
from eventwatch.ingest.http import Fetcher, FetchPolicy, host_of, is_transient, map_concurrently
from eventwatch.model import RawDocument
from eventwatch.runner import IngestSummary, ingest_documents
from eventwatch.store.feeds import (
    FeedRecord,
    add_feed,
    check_url,
    list_feeds,
    record_items,
    remove_feed,
    seen_items,
    stored_hash,
    update_feed,
)
from eventwatch.store.repository import Store

__all__ = ["FeedEntry", "ParsedFeed", "PollSummary", "add_feed", "list_feeds", "parse_feed", "poll", "remove_feed"]

log = logging.getLogger("eventwatch.feeds")

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
MAX_FEED_BYTES = 5_000_000


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry]


@dataclass
class PollSummary:
    feeds: int = 0  # feeds polled
    not_modified: int = 0  # answered 304
    feed_errors: Counter[str] = field(default_factory=Counter)  # feeds that could not be read, by reason
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


def parse_feed(body: bytes, base_url: str, content_type: str | None = None) -> ParsedFeed:
    """Entries of an RSS or Atom document, with absolute links (fragment dropped) and their dates.

    Raises DocumentError("feed-parse") when the bytes are not a feed. Always given bytes: feedparser would
    fetch a string that looks like a URL by itself, outside our politeness rules.
    """
    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    if not parsed.get("version") and not parsed.entries:
        detail = str(parsed.get("bozo_exception") or "no RSS/Atom feed found")[:200]
        raise DocumentError(base_url, "feed-parse", detail)
    entries: dict[str, FeedEntry] = {}
    for entry in parsed.entries:
        link = _entry_link(entry, base_url)
        if link is None or link in entries:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = dt.date(*when[:3]) if when else None
        entries[link] = FeedEntry(link, (entry.get("title") or "").strip() or None, published)
    title = (parsed.feed.get("title") or "").strip() or None
    return ParsedFeed(title, list(entries.values()))


def _entry_link(entry: feedparser.FeedParserDict, base_url: str) -> str | None:
    link = entry.get("link")
    if not link:
        alternates = [x.get("href") for x in entry.get("links", []) if x.get("rel", "alternate") == "alternate"]
        link = next((x for x in alternates if x), None)
    if not link:
        return None
    parts = urlsplit(urljoin(base_url, link.strip()))
    try:
        return check_url(urlunsplit(parts._replace(fragment="")))
    except ValueError:
        return None


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
        for result in fetcher.fetch_many(to_fetch):
            owners = by_url[result.origin]
            if isinstance(result, RawDocument):
                result = _with_entry_metadata(result, wanted[result.origin])
            part = ingest_documents([result], store, on_document)
            _merge(summary.ingest, part)
            if isinstance(result, DocumentError) and is_transient(result):
                summary.retry_later += 1
                continue
            if part.skipped.get("store-error"):
                summary.retry_later += 1  # the page was fine, the store was not: try again next time
                continue
            digest = None
            if isinstance(result, RawDocument) and (part.stored or part.duplicates):
                digest = stored_hash(store, article_id=part.stored_ids[0] if part.stored_ids else None,
                                     url=result.url)
            _settle(store, owners, result.origin, digest)
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

    def get(feed: FeedRecord) -> tuple[int, str, dict[str, str], bytes] | DocumentError:
        headers = {"Accept": FEED_ACCEPT}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        try:
            response = fetcher.get(feed.url, headers, accept=_feed_type, max_bytes=MAX_FEED_BYTES)
        except DocumentError as exc:
            return exc
        except Exception as exc:  # a bug must cost one feed, not the poll
            log.exception("reading feed %s failed", feed.url)
            return DocumentError(feed.url, "fetch-error", repr(exc)[:200])
        return response.status, response.url, dict(response.headers), response.body

    for feed, result in map_concurrently(get, feeds, fetcher.policy.workers, lambda f: host_of(f.url),
                                         fetcher.policy.per_host):
        summary.feeds += 1
        if not isinstance(result, DocumentError):
            status, final_url, headers, body = result
            if status == 304:
                summary.not_modified += 1
                update_feed(store, feed.id, "not-modified")
                continue
            if not 200 <= status < 300:
                result = DocumentError(feed.url, f"http-{status}")
        if isinstance(result, DocumentError):
            summary.feed_errors[result.reason] += 1
            log.warning("feed %s", result)
            update_feed(store, feed.id, result.reason)
            continue
        try:
            parsed = parse_feed(body, final_url, headers.get("content-type"))
        except DocumentError as exc:
            summary.feed_errors[exc.reason] += 1
            update_feed(store, feed.id, exc.reason)
            continue
        known = seen_items(store, feed.id)
        item = _Due(feed, (headers.get("etag"), headers.get("last-modified")), parsed.title)
        for entry in parsed.entries:
            if entry.url not in known:
                item.pending.add(entry.url)
                wanted.setdefault(entry.url, entry)
        summary.items_new += len(item.pending)
        due.append(item)
    return due, wanted


def _feed_type(media: str | None) -> bool:
    """Feeds are served under many types (text/html included); only plainly non-text ones are refused."""
    return media is None or not media.startswith(("image/", "audio/", "video/", "font/"))


def _settle(store: Store, owners: list[_Due], url: str, digest: str | None) -> None:
    for owner in owners:
        record_items(store, owner.feed.id, [(url, digest)])
        owner.pending.discard(url)


def _with_entry_metadata(doc: RawDocument, entry: FeedEntry) -> RawDocument:
    """The feed's title and date where the page itself declares none."""
    return replace(doc, title=doc.title or entry.title, published=doc.published or entry.published)


def _merge(total: IngestSummary, part: IngestSummary) -> None:
    total.documents += part.documents
    total.stored += part.stored
    total.duplicates += part.duplicates
    total.near_duplicates += part.near_duplicates
    total.events += part.events
    total.new_events += part.new_events
    total.skipped.update(part.skipped)
    for reason, example in part.skipped_examples.items():
        total.skipped_examples.setdefault(reason, example)
    total.stored_ids.extend(part.stored_ids)
