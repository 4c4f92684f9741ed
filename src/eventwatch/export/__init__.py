"""Exports of stored events: csv, jsonl, parquet, and the GDELT 2.0 event table (``export_events``)."""

from eventwatch.export.formats import FIELDS, FORMATS, SCHEMA, export_events, export_rows, iter_pages
from eventwatch.export.gdelt import GDELT_COLUMNS, gdelt_row

__all__ = ["FIELDS", "FORMATS", "GDELT_COLUMNS", "SCHEMA", "export_events", "export_rows", "gdelt_row", "iter_pages"]
