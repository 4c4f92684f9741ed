"""Persistence of articles, actors and coded events (SQLite by default, any SQLAlchemy URL works)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventwatch.store.records import ArticleRecord, EventRecord

if TYPE_CHECKING:
    from eventwatch.store.repository import Store, open_store

__all__ = ["ArticleRecord", "EventRecord", "Store", "open_store"]


def __getattr__(name: str) -> Any:
    # Store and open_store come from the repository on first use, not when the package is imported: importing
    # any store module (the plain records, say) would otherwise load SQLAlchemy, which `eventwatch --help` and
    # `eventwatch version` do not need (see tests/test_startup.py).
    if name in ("Store", "open_store"):
        from eventwatch.store import repository

        value = getattr(repository, name)
        globals()[name] = value  # found directly from now on
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
