"""The Dask client of an ingest, and a local cluster that stops within a second or two.

Imported only when a run uses Dask (distributed is slow to import). A worker busy analysing a batch cannot be
interrupted: the nanny's default is to wait 4 s for it before killing the process, and Ctrl-C in a terminal
also reaches the worker processes (same process group), which then print tracebacks while the nanny restarts
them. Here the workers ignore SIGINT (the driver stops them) and are killed after 0.4 s: a half-analysed batch
holds nothing worth keeping, the driver stores every result.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from eventwatch.extras import MissingExtra

try:
    from distributed import Client, LocalCluster, Nanny
except ImportError as exc:  # Dask is an optional extra
    raise MissingExtra("dask", "running the analysis on Dask (--workers, --dask)") from exc

CLOSE_SECONDS = 0.5  # the nanny waits 0.8 of it for a worker process to exit, then kills it
CLIENT_CLOSE_SECONDS = 2.0


class PromptNanny(Nanny):
    """A nanny whose close gives its worker CLOSE_SECONDS rather than distributed's 5."""

    async def close(self, timeout: float = CLOSE_SECONDS,  # type: ignore[override]
                    reason: str = "nanny-close") -> Literal["OK"]:
        return await super().close(timeout=timeout, reason=reason)


def ignore_sigint() -> None:
    """Run on each local worker (in its main thread, where its event loop runs): Ctrl-C is the driver's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def dask_client(workers: int, scheduler: str | None) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, else of a LocalCluster of ``workers`` single-threaded
    processes, closed on the way out however the block ends. Closing the client releases its futures, so the
    scheduler drops the tasks still queued for this run."""
    if scheduler:
        client = Client(scheduler)
        try:
            yield client
        finally:
            client.close(timeout=CLIENT_CLOSE_SECONDS)
        return
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                           worker_class=PromptNanny)
    try:
        client = Client(cluster)
        try:
            client.run(ignore_sigint)
            yield client
        finally:
            client.close(timeout=CLIENT_CLOSE_SECONDS)
    finally:
        cluster.close(timeout=10 * CLOSE_SECONDS)
