"""The ingest loop on a Dask cluster: workers build and analyse batches of pages, the driver does the rest.

The steps are run.py's, in its order; only where two of them run changes. Workers run the pure stages
(``build_batch``, ``analyse_batch``: pages or articles in, results out), so Dask ships them to any worker unchanged
— a LocalCluster on this machine, or any deployment (Kubernetes, SLURM, …) by scheduler address. The driver
reads the documents, asks the store whether each built article is already there (the one rule of run.py: what is
stored is not analysed again) and stores the results in the order the documents came, whose event merging is
then the single-process run's. It may also write a month-partitioned Parquet dataset; a Parquet-only run (no
store, so nothing to ask) builds, analyses and writes on the workers and sends back only each page's outcome.
At most ``IN_FLIGHT_PER_WORKER`` batches per worker are outstanding, which bounds the driver's memory however
large the input is.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwatch.errors import DocumentError
from eventwatch.model import Article, RawDocument
from eventwatch.pipeline.run import CtrlC, IngestRun, IngestSummary, Outcome, written
from eventwatch.pipeline.stages import Result, analysed, built, processed
from eventwatch.store import Store

if TYPE_CHECKING:
    from distributed import Client, Future

BATCH = 50
IN_FLIGHT_PER_WORKER = 3
WAIT_SLICE_SECONDS = 0.25


def build_batch(pages: list[RawDocument]) -> list[Article | DocumentError]:
    """Pure: each page's article, or the reason it was skipped."""
    return [built(raw) for raw in pages]


def analyse_batch(items: list[RawDocument] | list[Article]) -> list[Result | DocumentError]:
    """Pure: each page (built first) or article analysed, or the reason it was skipped."""
    return [analysed(item) if isinstance(item, Article) else processed(item) for item in items]


def analyse_to_parquet(pages: list[RawDocument], root: str, part: int) -> list[Outcome]:
    """Worker side of a Parquet-only run: analyse and write the batch's partition files here, and send back
    only the outcomes — shipping whole analysed articles to the driver would make it the bottleneck."""
    from eventwatch.scale.parquet import write_part  # Arrow: an optional extra, only for --parquet

    results = analyse_batch(pages)
    analysed_ = [r for r in results if isinstance(r, Result)]
    write_part(analysed_, Path(root), part)
    return [Outcome(r.origin, skipped=r) if isinstance(r, DocumentError) else written(r) for r in results]


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _batches(pages: Iterator[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    while batch := list(islice(pages, size)):
        yield batch


def _store(run: IngestRun, results: list[Result | DocumentError], parquet: Path | None, part: int) -> None:
    """The driver's last steps for one analysed batch: Parquet, then the store, in document order."""
    kept = [r for r in map(run.taken, results) if r is not None]
    if parquet is not None:
        from eventwatch.scale.parquet import write_part  # Arrow: an optional extra, only for --parquet

        write_part(kept, parquet, part)
    for result in kept:
        run.save(result)


def ingest_dask(documents: Iterable[RawDocument | DocumentError], store: Store | None,
                parquet: Path | None = None, workers: int = 2, scheduler: str | None = None,
                batch: int = BATCH, on_document: Callable[[], None] | None = None,
                worker_peaks: dict[str, float] | None = None) -> IngestSummary:
    """Analyse on Dask, store and/or write Parquet in the driver. ``scheduler``: an address such as
    tcp://host:8786 (else a LocalCluster of ``workers`` single-threaded processes; ``workers=0``: no cluster,
    the same batches run through the same steps in this process). Like ``run.ingest_documents`` it raises
    IngestStopped when the store cannot be written and IngestInterrupted on Ctrl-C, after closing the cluster."""
    if store is None and parquet is None:
        raise ValueError("give a store, a Parquet folder, or both")
    run = IngestRun(store, on_document)
    with run.ending_early():
        batches = _batches(run.read(documents), batch)
        if not scheduler and workers <= 0:
            for part, pages in enumerate(batches):
                articles = [a for a in map(run.build, pages) if a is not None]
                _store(run, [analysed(a) for a in articles], parquet, part)
            return run.summary
        from eventwatch.scale.cluster import dask_client

        with dask_client(workers, scheduler) as client:
            slots = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]) or workers)
            if store is None:
                _parquet_only(client, run, batches, str(parquet), slots)
            else:
                _on_workers(client, run, batches, parquet, slots)
            if worker_peaks is not None:
                worker_peaks.update(client.run(_peak_rss_mb))
    return run.summary


def _on_workers(client: Client, run: IngestRun, batches: Iterator[list[RawDocument]], parquet: Path | None,
                slots: int) -> None:
    """Keep each worker busy with a few batches, each built there, checked against the store here, analysed
    there and stored here, in the order the documents came rather than the order workers finish: what the store
    merges must not depend on which worker was faster (the single-process run is the reference). A batch is
    checked once it is built, perhaps before the batches ahead of it are stored: a page stored meanwhile is then
    analysed again and found stored by the save, which counts it as the check would have."""
    building: deque[Future] = deque()
    analysing: deque[Future] = deque()
    part = 0
    while True:
        while len(building) + len(analysing) < slots and (pages := next(batches, None)) is not None:
            building.append(client.submit(build_batch, pages, pure=False))
        if building and (building[0].done() or not analysing):
            articles = [a for a in map(run.unless_stored, _result(building.popleft(), run.ctrl_c)) if a is not None]
            if articles:
                analysing.append(client.submit(analyse_batch, articles, pure=False))
        elif analysing:
            _store(run, _result(analysing.popleft(), run.ctrl_c), parquet, part)
            part += 1
        else:
            return


def _parquet_only(client: Client, run: IngestRun, batches: Iterator[list[RawDocument]], root: str,
                  slots: int) -> None:
    futures: deque[Future] = deque()
    for part, pages in enumerate(batches):
        if len(futures) >= slots:
            _finish_all(run, _result(futures.popleft(), run.ctrl_c))
        futures.append(client.submit(analyse_to_parquet, pages, root, part, pure=False))
    while futures:
        _finish_all(run, _result(futures.popleft(), run.ctrl_c))


def _finish_all(run: IngestRun, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        run.finish(outcome)


def _result(future: Future, ctrl_c: CtrlC) -> Any:
    """The future's result, its memory on the cluster released. Waited for in short slices, so that a Ctrl-C
    that distributed's callbacks swallowed is still seen within a fraction of a second (see CtrlC)."""
    while True:
        try:
            outcome = future.result(timeout=WAIT_SLICE_SECONDS)
            break
        except TimeoutError:
            ctrl_c.check()
    future.release()
    return outcome
