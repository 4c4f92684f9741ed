"""An ingest run: read sources, analyse each article, store it, and count what happened and why."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventwatch.errors import DocumentError, StoreError
from eventwatch.ingest import iter_documents
from eventwatch.model import RawDocument
from eventwatch.nlp.dictionary import get_actor_dictionary
from eventwatch.pipeline import Result, analyse_article
from eventwatch.store import Store
from eventwatch.text.article import build_article

log = logging.getLogger("eventwatch.ingest")


@dataclass
class IngestSummary:
    """What a run did with every document it read: each is stored, already stored, or skipped with a reason.

    Skip reasons come from the readers (ingest/files.py, warc.py: "empty", "binary", "encoding", "too-large",
    "malformed-jsonl", "malformed-meta", "truncated-warc", …), from building the article ("no-body",
    "too-long": text/article.py), from analysis ("no-date": pipeline.py; "analysis-error" for a bug, logged
    with its traceback) and from the store ("store-error")."""

    documents: int = 0
    stored: int = 0
    duplicates: int = 0  # the same content was already stored
    near_duplicates: int = 0  # stored, as a copy of a stored original: its events became mentions
    events: int = 0  # events coded in the stored articles
    new_events: int = 0  # of those, events not already in the store
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_examples: dict[str, str] = field(default_factory=dict)
    stored_ids: list[str] = field(default_factory=list)

    def skip(self, error: DocumentError) -> None:
        self.skipped[error.reason] += 1
        self.skipped_examples.setdefault(error.reason, str(error))
        log.warning("skipped %s", error)


def ingest_documents(documents: Iterable[RawDocument | DocumentError], store: Store,
                     on_document: Callable[[], None] | None = None) -> IngestSummary:
    summary = IngestSummary()
    names = get_actor_dictionary().country_names
    for item in documents:
        summary.documents += 1
        if on_document:
            on_document()
        if isinstance(item, DocumentError):
            summary.skip(item)
            continue
        try:
            article = build_article(item)
            if store.has_article(article.content_hash, article.url):
                summary.duplicates += 1
                continue
            result = analyse_article(article)
        except DocumentError as exc:
            summary.skip(exc)
            continue
        except Exception as exc:  # an analysis bug must not stop a long run; it is counted and logged
            log.exception("analysis failed for %s", item.origin)
            summary.skip(DocumentError(item.origin, "analysis-error", repr(exc)[:200]))
            continue
        store_result(store, result, summary, names)
    return summary


def store_result(store: Store, result: Result, summary: IngestSummary, names: dict[str, str] | None = None) -> None:
    """Save one analysed article and count what happened (stored, copy, already there, or a store error)."""
    try:
        saved = store.save(result.article, result.events, result.actors, names, places=result.places,
                           quotes=result.quotes, signature=result.signature, terms=result.terms)
    except StoreError as exc:
        summary.skip(DocumentError(result.article.origin, "store-error", str(exc)[:200]))
        return
    if saved.created:
        summary.stored += 1
        summary.events += len(result.events)
        summary.new_events += saved.new_events
        summary.near_duplicates += saved.duplicate_of is not None
        summary.stored_ids.append(saved.article_id)
    else:
        summary.duplicates += 1


def documents_in(paths: Iterable[Path], published: dt.date | None = None,
                 url: str | None = None) -> Iterator[RawDocument | DocumentError]:
    for path in paths:
        if not path.exists():
            yield DocumentError(str(path), "not-found")
            continue
        yield from iter_documents(path, published=published, url=url)


def ingest_paths(paths: Iterable[Path], store: Store, published: dt.date | None = None, url: str | None = None,
                 on_document: Callable[[], None] | None = None) -> IngestSummary:
    return ingest_documents(documents_in(paths, published, url), store, on_document)
