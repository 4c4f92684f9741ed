"""Persistence of articles, actors and coded events (SQLite by default, any SQLAlchemy URL works)."""

from eventwatch.store.records import ArticleRecord, EventRecord
from eventwatch.store.repository import Store, open_store

__all__ = ["ArticleRecord", "EventRecord", "Store", "open_store"]
