"""RSS/Atom feeds: read one (a conditional GET through the polite ``Fetcher``) and parse it (feedparser).

Only reading: polling the subscribed feeds into the store, which records what was seen and stores the pages of
new entries, is pipeline/feeds.py, beside the ingest loop it runs them through.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import feedparser

from eventwatch.errors import DocumentError
from eventwatch.ingest.http import Fetcher
from eventwatch.store.feeds import check_url

__all__ = ["FeedEntry", "FeedResponse", "ParsedFeed", "fetch_feed", "parse_feed"]

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


@dataclass(frozen=True)
class FeedResponse:
    """A feed's answer to a conditional GET: 304 (not modified) or 2xx with its body; other statuses are errors."""

    status: int
    url: str  # after redirects: the base of the feed's relative links
    headers: dict[str, str]
    body: bytes

    @property
    def validators(self) -> tuple[str | None, str | None]:
        """ETag and Last-Modified, for the next poll's If-None-Match and If-Modified-Since."""
        return self.headers.get("etag"), self.headers.get("last-modified")


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


def fetch_feed(fetcher: Fetcher, url: str, etag: str | None = None,
               last_modified: str | None = None) -> FeedResponse | DocumentError:
    """One conditional GET of a feed: a FeedResponse (304 or 2xx), else the reason it could not be read."""
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        response = fetcher.get(url, headers, accept=_feed_type, max_bytes=MAX_FEED_BYTES)
    except DocumentError as exc:
        return exc
    except Exception as exc:  # a bug must cost one feed, not the poll
        log.exception("reading feed %s failed", url)
        return DocumentError(url, "fetch-error", repr(exc)[:200])
    if response.status != 304 and not 200 <= response.status < 300:
        return DocumentError(url, f"http-{response.status}")
    return FeedResponse(response.status, response.url, dict(response.headers), response.body)


def _feed_type(media: str | None) -> bool:
    """Feeds are served under many types (text/html included); only plainly non-text ones are refused."""
    return media is None or not media.startswith(("image/", "audio/", "video/", "font/"))
