"""An ingest run: read sources, analyse each article, store it, and count what happened and why."""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from eventwatch.errors import DocumentError, EventwatchError, StoreError, StoreUnwritable
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
    with its traceback) and from the store ("store-error": one article's save failed, e.g. its data broke a constraint;
    a store that cannot be written at all ends the run instead, see IngestStopped)."""

    documents: int = 0
    stored: int = 0
    duplicates: int = 0  # the same content was already stored
    near_duplicates: int = 0  # stored, as a copy of a stored original: its events became mentions
    events: int = 0  # events coded in the stored articles
    new_events: int = 0  # of those, events not already in the store
    skipped: Counter[str] = field(default_factory=Counter)
    skipped_examples: dict[str, str] = field(default_factory=dict)
    stored_ids: list[str] = field(default_factory=list)
    ended: str | None = None  # why the run ended before its input did (IngestEnded), for the summary

    def skip(self, error: DocumentError) -> None:
        self.skipped[error.reason] += 1
        self.skipped_examples.setdefault(error.reason, str(error))
        log.warning("skipped %s", error)


class IngestEnded(BaseException):
    """A run that ended before its input did. ``summary`` counts what it did until then; every article it
    stored is whole (each is one transaction, rolled back when cut short). ``exit_status`` is the command's."""

    exit_status = 1

    def __init__(self, summary: IngestSummary) -> None:
        self.summary = summary
        super().__init__(summary.ended or "the run ended early")


class IngestStopped(IngestEnded, EventwatchError):
    """The store cannot be written (disk full, read-only, no permission, damaged): the run stopped at the first
    such error instead of failing every remaining article. ``cause`` is that error."""

    exit_status = 3

    def __init__(self, summary: IngestSummary, cause: StoreUnwritable) -> None:
        self.cause = cause
        super().__init__(summary)


class IngestInterrupted(IngestEnded, KeyboardInterrupt):
    """Ctrl-C (SIGINT). A KeyboardInterrupt still, so that callers which stop on one keep doing so."""

    exit_status = 130  # 128 + SIGINT, what a shell reports for a process ended by Ctrl-C


@contextmanager
def ending_early(summary: IngestSummary) -> Iterator[None]:
    """Turn an unwritable store and Ctrl-C inside the block into IngestStopped / IngestInterrupted carrying
    ``summary``, with ``summary.ended`` saying why."""
    try:
        yield
    except IngestEnded:
        raise
    except StoreUnwritable as exc:
        summary.ended = f"stopped: the store cannot be written ({exc.reason}): {exc}"
        raise IngestStopped(summary, exc) from exc
    except KeyboardInterrupt as exc:
        summary.ended = (f"interrupted (Ctrl-C) after {summary.documents} documents: each article is stored whole "
                         "or not at all (one being saved was rolled back)")
        raise IngestInterrupted(summary) from exc


def ingest_documents(documents: Iterable[RawDocument | DocumentError], store: Store,
                     on_document: Callable[[], None] | None = None) -> IngestSummary:
    """Analyse and store each document, counting what happened to it.

    Raises IngestStopped at the first store error that will recur for every article (see StoreUnwritable) and
    IngestInterrupted on Ctrl-C; both carry the summary of what was done until then."""
    summary = IngestSummary()
    names = get_actor_dictionary().country_names
    with ending_early(summary):
        for item in documents:
            summary.documents += 1
            if on_document:
                on_document()
            if isinstance(item, DocumentError):
                summary.skip(item)
                continue
            result = _analyse(item, store, summary)
            if result is not None:
                store_result(store, result, summary, names)
    return summary


def _analyse(item: RawDocument, store: Store, summary: IngestSummary) -> Result | None:
    """The analysed article, or None when it is already stored or skipped (counted in ``summary``)."""
    try:
        article = build_article(item)
        if store.has_article(article.content_hash, article.url):
            summary.duplicates += 1
            return None
        return analyse_article(article)
    except DocumentError as exc:
        summary.skip(exc)
    except StoreUnwritable:
        raise
    except StoreError as exc:  # the look-up failed, not the analysis
        summary.skip(DocumentError(item.origin, "store-error", str(exc)[:200]))
    except Exception as exc:  # an analysis bug must not stop a long run; it is counted and logged
        log.exception("analysis failed for %s", item.origin)
        summary.skip(DocumentError(item.origin, "analysis-error", repr(exc)[:200]))
    return None


def store_result(store: Store, result: Result, summary: IngestSummary, names: dict[str, str] | None = None) -> None:
    """Save one analysed article and count what happened (stored, copy, already there, or a store error).

    StoreUnwritable is raised, not counted: the next article would fail the same way."""
    try:
        saved = store.save(result.article, result.events, result.actors, names, places=result.places,
                           quotes=result.quotes, signature=result.signature, terms=result.terms)
    except StoreUnwritable:
        raise
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


def store_totals(store: Store, summary: IngestSummary) -> dict[str, int]:
    """The store's row counts for the end of a run; none (rather than an error hiding the summary) when a run
    that ended early cannot read the store either."""
    try:
        return store.counts()
    except StoreError:
        if summary.ended is None:
            raise
        return {}
