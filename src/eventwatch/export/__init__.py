"""Exports of stored events: csv, jsonl, parquet, and the GDELT 2.0 event table (``export_events``)."""

from typing import Any

from eventwatch.export.formats import FIELDS, FORMATS, export_events, export_rows, iter_pages
from eventwatch.export.gdelt import GDELT_COLUMNS, gdelt_row

__all__ = ["FIELDS", "FORMATS", "GDELT_COLUMNS", "SCHEMA", "export_events", "export_rows", "gdelt_row", "iter_pages"]


def __getattr__(name: str) -> Any:
    # The Parquet schema needs Arrow, an optional extra: built when first asked for, not by every export.
    if name == "SCHEMA":
        from eventwatch.export.parquet import SCHEMA

        return SCHEMA
    raise AttributeError(name)
