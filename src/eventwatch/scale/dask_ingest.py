"""The analysis on a Dask cluster: workers run the pure pipeline on batches of pages, the driver stores.

``analyse_batch`` is a plain function of its input (pages in, results out), so Dask ships it to any worker
unchanged — a LocalCluster on this machine, or any deployment (Kubernetes, SLURM, …) by scheduler address.
Only the driver writes: to the store (whose event merging is independent of arrival order, so the stored
events equal a single-process run's) and/or to a month-partitioned Parquet dataset. At most
``IN_FLIGHT_PER_WORKER`` batches per worker are outstanding, which bounds the driver's memory however large
the input is.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from eventwatch.errors import DocumentError
from eventwatch.model import RawDocument
from eventwatch.nlp.dictionary import get_actor_dictionary
from eventwatch.pipeline import Result, process
from eventwatch.runner import IngestSummary, ending_early, store_result
from eventwatch.store import Store

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger("eventwatch.scale")
BATCH = 50
IN_FLIGHT_PER_WORKER = 3


def analyse_batch(pages: list[RawDocument]) -> list[Result | DocumentError]:
    """Pure: each page analysed, or the reason it was skipped."""
    out: list[Result | DocumentError] = []
    for raw in pages:
        try:
            out.append(process(raw))
        except DocumentError as exc:
            out.append(exc)
        except Exception as exc:  # a bug on one page must not lose the batch
            out.append(DocumentError(raw.origin, "analysis-error", repr(exc)[:200]))
    return out


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def analyse_to_parquet(pages: list[RawDocument], root: str, part: int) -> tuple[int, int, list[DocumentError]]:
    """Worker side of a Parquet-only run: analyse and write the batch's partition files here, and send back
    only the counts — shipping whole analysed articles to the driver would make it the bottleneck."""
    from eventwatch.scale.parquet import write_part  # Arrow: an optional extra, only for --parquet

    results = analyse_batch(pages)
    analysed = [r for r in results if isinstance(r, Result)]
    write_part(analysed, Path(root), part)
    return len(analysed), sum(len(r.events) for r in analysed), [r for r in results if isinstance(r, DocumentError)]


def _batches(items: Iterable[RawDocument | DocumentError], summary: IngestSummary, size: int,
             on_document: Callable[[], None] | None) -> Iterator[list[RawDocument]]:
    pages = iter(items)
    while True:
        chunk = list(islice(pages, size))
        if not chunk:
            return
        batch = []
        for item in chunk:
            summary.documents += 1
            if on_document:
                on_document()
            if isinstance(item, DocumentError):
                summary.skip(item)
            else:
                batch.append(item)
        if batch:
            yield batch


def _collect(results: list[Result | DocumentError], store: Store | None, parquet: Path | None, part: int,
             summary: IngestSummary, names: dict[str, str]) -> None:
    analysed = [r for r in results if isinstance(r, Result)]
    for skipped in (r for r in results if isinstance(r, DocumentError)):
        summary.skip(skipped)
    if parquet is not None:
        from eventwatch.scale.parquet import write_part  # Arrow: an optional extra, only for --parquet

        write_part(analysed, parquet, part)
    if store is not None:
        for result in analysed:
            store_result(store, result, summary, names)
    else:
        summary.stored += len(analysed)
        summary.events += sum(len(r.events) for r in analysed)


def ingest_dask(documents: Iterable[RawDocument | DocumentError], store: Store | None,
                parquet: Path | None = None, workers: int = 2, scheduler: str | None = None,
                batch: int = BATCH, on_document: Callable[[], None] | None = None,
                worker_peaks: dict[str, float] | None = None) -> IngestSummary:
    """Analyse on Dask, store and/or write Parquet in the driver. ``scheduler``: an address such as
    tcp://host:8786 (else a LocalCluster of ``workers`` single-threaded processes; ``workers=0``: no cluster,
    the same batches analysed in this process). Like ``runner.ingest_documents`` it raises IngestStopped when
    the store cannot be written and IngestInterrupted on Ctrl-C, after closing the cluster."""
    if store is None and parquet is None:
        raise ValueError("give a store, a Parquet folder, or both")
    summary = IngestSummary()
    names = get_actor_dictionary().country_names
    with ending_early(summary):
        if not scheduler and workers <= 0:
            for part, chunk in enumerate(_batches(documents, summary, batch, on_document)):
                _collect(analyse_batch(chunk), store, parquet, part, summary, names)
            return summary
        from eventwatch.scale.cluster import dask_client

        with dask_client(workers, scheduler) as client:
            _run(client, _batches(documents, summary, batch, on_document), store, parquet, workers, summary,
                 names)
            if worker_peaks is not None:
                worker_peaks.update(client.run(_peak_rss_mb))
    return summary


def _run(client: Client, pending: Iterator[list[RawDocument]], store: Store | None, parquet: Path | None,
         workers: int, summary: IngestSummary, names: dict[str, str]) -> None:
    """Keep each worker busy with a few batches and store the results in the order the documents came, not
    the order workers finish: what the store merges must not depend on which worker was faster (the
    single-process run is the reference)."""
    slots = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]) or workers)
    futures: deque = deque()
    submitted = 0

    def submit(chunk: list[RawDocument]) -> None:
        nonlocal submitted
        if store is None and parquet is not None:
            futures.append(client.submit(analyse_to_parquet, chunk, str(parquet), submitted, pure=False))
        else:
            futures.append(client.submit(analyse_batch, chunk, pure=False))
        submitted += 1

    for chunk in islice(pending, slots):
        submit(chunk)
    part = 0
    while futures:
        future = futures.popleft()
        outcome = future.result()
        future.release()
        if isinstance(outcome, tuple):
            stored, events, skipped = outcome
            summary.stored += stored
            summary.events += events
            for error in skipped:
                summary.skip(error)
        else:
            _collect(outcome, store, parquet, part, summary, names)
        part += 1
        nxt = next(pending, None)
        if nxt is not None:
            submit(nxt)
