"""A host that cannot be connected to at all (refused, unknown name) is "unreachable", for a page and for a
feed, and not a robots.txt problem: robots.txt is only the first thing asked of it."""

from __future__ import annotations

import socket

import pytest
from test_http import FAST

from eventwatch.errors import DocumentError
from eventwatch.ingest.http import Fetcher, FetchPolicy, is_transient


def free_port() -> int:
    """A loopback port nobody listens on (bound, read, released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("robots", [True, False])
def test_a_refused_connection_is_unreachable_with_or_without_robots(robots: bool) -> None:
    policy = FetchPolicy(**{**FAST.__dict__, "retries": 0, "robots": robots})
    with Fetcher(policy) as fetcher, pytest.raises(DocumentError) as info:
        fetcher.fetch(f"http://127.0.0.1:{free_port()}/news/a.html")
    assert info.value.reason == "unreachable" and "Connection refused" in info.value.detail
    assert is_transient(info.value)  # a feed item is tried again at the next poll
