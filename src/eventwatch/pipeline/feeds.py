"""Poll the subscribed RSS/Atom feeds into the store once: the feed counterpart of ``run.ingest_paths``.

One pass of the live poller (live/runner.py): every feed asked once with a conditional GET (If-None-Match /
If-Modified-Since, so an unchanged feed costs a 304 and nothing else), each entry not seen before recorded
``pending`` and its page fetched through the same polite ``Fetcher`` and run through the ingest loop (run.py) as
soon as it arrives. A page that failed for now (404, 5xx, timeout, a store error) stays pending with its next
attempt, and a later poll tries it again once due; after ``retry_for`` it is recorded as failed. The feed's
validators are saved either way: its entries are in the store, so nothing is lost by a 304.
"""

from __future__ import annotations

from eventwatch.ingest.http import FetchPolicy
from eventwatch.live.runner import LiveRunner
from eventwatch.live.settings import LiveSettings
from eventwatch.live.stats import PollSummary
from eventwatch.store.repository import Store

__all__ = ["PollSummary", "poll"]


def poll(store: Store, fetcher_policy: FetchPolicy | None = None, settings: LiveSettings | None = None) -> PollSummary:
    """Poll every subscribed feed once and store the pages of its new entries (see the module docstring)."""
    return LiveRunner(store, settings, fetcher_policy, once=True).run_once()
