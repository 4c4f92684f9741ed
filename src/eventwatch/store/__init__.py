"""Persistence of articles, actors and coded events (SQLite by default, any SQLAlchemy URL works)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eventwatch.store.records import ArticleRecord, EventRecord
    from eventwatch.store.repository import Store, open_store

__all__ = ["ArticleRecord", "EventRecord", "Store", "open_store"]

# Where each name comes from. Every one is imported on first use, not with the package: importing any store
# module (store.location, for every command's --db default) would otherwise load SQLAlchemy, or the model,
# which `eventwatch --help` and `eventwatch version` do not need (see tests/test_startup.py).
_LAZY = {"Store": "repository", "open_store": "repository", "ArticleRecord": "records", "EventRecord": "records"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f"eventwatch.store.{_LAZY[name]}"), name)
        globals()[name] = value  # found directly from now on
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
