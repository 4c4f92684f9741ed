"""The one ingest loop: read documents, build each article, skip what is already stored, analyse, store, and count
what happened to every document and why. Every driver runs through it: ``eventwatch ingest`` and the demo
(``ingest_documents``), the Dask driver (pipeline/dask.py, which runs the same steps with the building and the
analysis on workers), the API's write routes and feed polls (pipeline/feeds.py).

"Already stored" is decided once, here, for every driver: a built article whose content is stored at its address
is counted as a duplicate and not analysed again. The save repeats the check in its own transaction, so two
copies of one page in flight at once (a Dask batch, concurrent API requests) still store it once: the second is
counted as already stored too.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from eventwatch.errors import DocumentError, EventwatchError, StoreError, StoreUnwritable
from eventwatch.ingest import documents_in
from eventwatch.model import Article, RawDocument
from eventwatch.nlp.dictionary import get_actor_dictionary
from eventwatch.pipeline.stages import Result, analysed, built
from eventwatch.store import Store

if TYPE_CHECKING:
    from eventwatch.watch.alerts import AlertRun

log = logging.getLogger("eventwatch.ingest")


@dataclass(frozen=True)
class Outcome:
    """What became of one document: stored (``duplicate_of`` when as a near-duplicate copy), already stored
    (``duplicate``; ``article_id`` is the stored one), or skipped with a reason. The API reports these per article;
    the summary counts them."""

    origin: str
    article_id: str | None = None
    stored: bool = False
    duplicate: bool = False
    duplicate_of: str | None = None
    events: int = 0  # events coded in the stored article
    new_events: int = 0  # of those, events not already in the store
    skipped: DocumentError | None = None
    uncoded_language: str | None = None  # stored but not coded: eventwatch does not read this language


def written(result: Result) -> Outcome:
    """The outcome of an analysed article written without a store (to Parquet only)."""
    return Outcome(result.article.origin, result.article.id, stored=True, events=len(result.events),
                   uncoded_language=None if result.coded else result.article.language)


@dataclass
class IngestSummary:
    """What a run did with every document it read: each is stored, already stored, or skipped with a reason.

    Skip reasons come from the readers (ingest/files.py, warc.py, page.py: "empty", "binary", "encoding",
    "too-large", "malformed-jsonl", "malformed-meta", "truncated-warc", …), from building the article ("no-body",
    "too-long": text/article.py), from analysis ("no-date": stages.py; "analysis-error" for a bug, logged with
    its traceback) and from the store ("store-error": one article's save failed, e.g. its data broke a
    constraint; a store that cannot be written at all ends the run instead, see IngestStopped)."""

    documents: int = 0
    stored: int = 0
    duplicates: int = 0  # the same content was already stored
    near_duplicates: int = 0  # stored, as a copy of a stored original: its events became mentions
    events: int = 0  # events coded in the stored articles
    new_events: int = 0  # of those, events not already in the store
    skipped: Counter[str] = field(default_factory=Counter)
    unsupported_language: Counter[str] = field(default_factory=Counter)  # stored, not coded: per language
    skipped_examples: dict[str, str] = field(default_factory=dict)
    ended: str | None = None  # why the run ended before its input did (IngestEnded), for the summary

    def add(self, outcome: Outcome) -> None:
        """Count one document's outcome (the document itself was counted when read)."""
        if outcome.skipped is not None:
            self.skip(outcome.skipped)
        elif outcome.stored:
            self.stored += 1
            self.events += outcome.events
            self.new_events += outcome.new_events
            self.near_duplicates += outcome.duplicate_of is not None
            if outcome.uncoded_language:
                self.unsupported_language[outcome.uncoded_language] += 1
        elif outcome.duplicate:
            self.duplicates += 1

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


class CtrlC:
    """Ctrl-C that cannot be lost. SIGINT raises KeyboardInterrupt wherever Python happens to be; raised inside a
    garbage-collector callback or a ``__del__`` it is printed ("Exception ignored in …") and dropped, and
    distributed runs such callbacks in the Dask driver, so now and then a run went on after Ctrl-C. While a run
    is in ``ending_early`` the handler also records the interrupt, and the loop raises it again at its next step
    (``check``). Only Python's own handler is replaced: a run that ignores SIGINT (started in the background) or
    handles it itself keeps doing so."""

    def __init__(self) -> None:
        self.pressed = False

    def check(self) -> None:
        if self.pressed:
            raise KeyboardInterrupt

    @contextmanager
    def watching(self) -> Iterator[None]:
        import signal
        import threading

        if (threading.current_thread() is not threading.main_thread()
                or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
            yield
            return

        def pressed(signum: int, frame: object) -> None:
            self.pressed = True
            raise KeyboardInterrupt

        signal.signal(signal.SIGINT, pressed)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, signal.default_int_handler)


class IngestRun:
    """The steps of the loop over one store (None: nothing is stored, e.g. a Parquet-only Dask run), each ending a
    document it cannot take further in an Outcome. ``on_document`` is called for each document read,
    ``on_outcome`` with each document's outcome."""

    def __init__(self, store: Store | None, on_document: Callable[[], None] | None = None,
                 on_outcome: Callable[[Outcome], None] | None = None) -> None:
        self.store = store
        self.summary = IngestSummary()
        self._on_document = on_document
        self._on_outcome = on_outcome
        self._names: dict[str, str] | None = None
        self.ctrl_c = CtrlC()

    @contextmanager
    def ending_early(self) -> Iterator[None]:
        """Turn an unwritable store and Ctrl-C inside the block into IngestStopped / IngestInterrupted carrying
        the summary, with ``summary.ended`` saying why."""
        summary = self.summary
        try:
            with self.ctrl_c.watching():
                yield
        except IngestEnded:
            raise
        except StoreUnwritable as exc:
            summary.ended = f"stopped: the store cannot be written ({exc.reason}): {exc}"
            raise IngestStopped(summary, exc) from exc
        except KeyboardInterrupt as exc:
            summary.ended = (f"interrupted (Ctrl-C) after {summary.documents} documents: each article is stored "
                             "whole or not at all (one being saved was rolled back)")
            raise IngestInterrupted(summary) from exc

    def read(self, documents: Iterable[RawDocument | DocumentError]) -> Iterator[RawDocument]:
        """The documents to go on with; a reader's skip ends here."""
        for item in documents:
            self.ctrl_c.check()
            self.summary.documents += 1
            if self._on_document:
                self._on_document()
            if isinstance(item, DocumentError):
                self.finish(Outcome(item.origin, skipped=item))
            else:
                yield item

    def ingest(self, raw: RawDocument) -> None:
        """All the steps for one document, in this process."""
        article = self.build(raw)
        if article is not None:
            result = self.analyse(article)
            if result is not None:
                self.save(result)

    def build(self, raw: RawDocument) -> Article | None:
        return self.unless_stored(built(raw))

    def unless_stored(self, article: Article | DocumentError) -> Article | None:
        """The article when it is to be analysed: not skipped, and not already stored at its address."""
        if isinstance(article, DocumentError):
            self.finish(Outcome(article.origin, skipped=article))
            return None
        if self.store is None:
            return article
        try:
            existing = self.store.stored_article(article.content_hash, article.url)
        except StoreUnwritable:
            raise
        except StoreError as exc:  # the look-up failed, not the article
            self._store_error(article.origin, exc)
            return None
        if existing is None:
            return article
        self.finish(Outcome(article.origin, existing, duplicate=True))
        return None

    def analyse(self, article: Article) -> Result | None:
        return self.taken(analysed(article))

    def taken(self, result: Result | DocumentError) -> Result | None:
        """The analysed article, or None when it was skipped (its outcome)."""
        if isinstance(result, DocumentError):
            self.finish(Outcome(result.origin, skipped=result))
            return None
        return result

    def save(self, result: Result) -> None:
        """Store one analysed article. StoreUnwritable is raised, not counted: the next article would fail the
        same way."""
        if self.store is None:
            self.finish(written(result))
            return
        article = result.article
        try:
            saved = self.store.save(article, result.events, result.actors, self.names, places=result.places,
                                    quotes=result.quotes, signature=result.signature, terms=result.terms)
        except StoreUnwritable:
            raise
        except StoreError as exc:  # this article's own failure (e.g. its data broke a constraint): the next may do
            self._store_error(article.origin, exc)
            return
        self.finish(Outcome(article.origin, saved.article_id, stored=saved.created, duplicate=not saved.created,
                            duplicate_of=saved.duplicate_of, events=len(result.events) if saved.created else 0,
                            new_events=saved.new_events,
                            uncoded_language=None if result.coded or not saved.created else article.language))

    @property
    def names(self) -> dict[str, str]:
        """Actor names from the dictionary, for actors the store has not named yet; read once per run."""
        if self._names is None:
            self._names = get_actor_dictionary().country_names
        return self._names

    def finish(self, outcome: Outcome) -> None:
        self.ctrl_c.check()
        self.summary.add(outcome)
        if self._on_outcome:
            self._on_outcome(outcome)

    def _store_error(self, origin: str, exc: StoreError) -> None:
        self.finish(Outcome(origin, skipped=DocumentError(origin, "store-error", str(exc)[:200])))


def ingest_documents(documents: Iterable[RawDocument | DocumentError], store: Store,
                     on_document: Callable[[], None] | None = None,
                     on_outcome: Callable[[Outcome], None] | None = None) -> IngestSummary:
    """Analyse and store each document in this process, counting what happened to it.

    Raises IngestStopped at the first store error that will recur for every article (see StoreUnwritable) and
    IngestInterrupted on Ctrl-C; both carry the summary of what was done until then."""
    run = IngestRun(store, on_document, on_outcome)
    with run.ending_early():
        for raw in run.read(documents):
            run.ingest(raw)
    return run.summary


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


def alert_after_ingest(store: Store, console: TextIO | None = None) -> AlertRun | None:
    """What every driver runs after an ingest: alert on what the watches match in what was stored; None when no
    watch is defined. Raises EventwatchError, which each driver reports its own way (the articles are stored
    either way). ``console``: where console-channel alerts are printed."""
    from eventwatch.store import watches
    from eventwatch.watch.alerts import run_alerts

    if not watches.list_watches(store):
        return None
    return run_alerts(store, console=console)
