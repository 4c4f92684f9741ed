"""Streaming exports of stored events: CSV, JSON Lines, Parquet and the GDELT 2.0 event table.

``export_events`` pages through ``Store.query_events`` (sorted by date, then id, so pages never overlap
or skip while the store is not being written) and writes each page before fetching the next: memory holds
one page of ``batch`` events whatever the store's size.

Fields of csv/jsonl/parquet: those of ``eventwatch events --format json`` (``store.flat.event_rows``), in that
order, then ``date_start`` (the first day of the event's period: ``date`` is a label such as 2023-W11),
``quantity_unit``, ``quantity_qualifier``, ``article_title`` and ``article_source`` (of the first report).
In CSV, ``quotes`` is a JSON array (lossless and parseable, unlike the " | "-joined labels of
``events --format csv``), booleans are ``True``/``False`` and missing values empty. Parquet columns are
typed (export/parquet.py; Arrow is the optional ``parquet`` extra).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from eventwatch.export.gdelt import gdelt_lines
from eventwatch.store import EventRecord, Store
from eventwatch.store.event_query import EventFilter
from eventwatch.store.flat import event_rows

FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet", "gdelt")
DEFAULT_BATCH = 10_000
# Column order is event_rows' order, then the extras; tests check that the two stay in step, and that the Parquet
# schema (export/parquet.py) has these columns in this order.
FIELDS: tuple[str, ...] = (
    "id", "date", "precision", "source", "type", "mode", "target", "modality", "intensity", "cameo_root",
    "quantity", "quantity_value", "aggregate", "reported_by", "reported_by_text", "reported_via", "claim",
    "confidence", "place", "place_id", "place_precision", "place_country", "lat", "lon", "place_basis",
    "place_text", "quotes", "num_mentions", "num_articles", "num_sources", "first_seen", "last_seen",
    "article_id", "url", "evidence", "start", "end", "trigger",
    "date_start", "quantity_unit", "quantity_qualifier", "article_title", "article_source",
)


def iter_pages(store: Store, where: EventFilter | None = None, batch: int = DEFAULT_BATCH) -> Iterator[
        list[EventRecord]]:
    """The matching events, oldest first, ``batch`` at a time (the last page may be shorter)."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    offset = 0
    while True:
        page = store.query_events(where=where or EventFilter(), sort="date", limit=batch, offset=offset)
        if page:
            yield page
        if len(page) < batch:
            return
        offset += batch


def export_rows(records: list[EventRecord]) -> list[dict[str, Any]]:
    """event_rows plus the export's extra fields; dates are ISO strings (parquet makes them date32)."""
    rows = event_rows(records)
    for row, r in zip(rows, records, strict=True):
        row.update(date_start=r.date.isoformat(), quantity_unit=r.quantity_unit,
                   quantity_qualifier=r.quantity_qualifier, article_title=r.article_title,
                   article_source=r.article_source)
    return rows


class _Csv:
    def __init__(self, out: IO[str]) -> None:
        self._writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="raise")
        self._writer.writeheader()

    def write(self, records: list[EventRecord]) -> None:
        for row in export_rows(records):
            row["quotes"] = json.dumps(row["quotes"], ensure_ascii=False)
            self._writer.writerow(row)

    def close(self) -> None:
        pass


class _Jsonl:
    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, records: list[EventRecord]) -> None:
        self._out.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in export_rows(records)))

    def close(self) -> None:
        pass


class _Gdelt:
    def __init__(self, out: IO[str]) -> None:
        self._out = out

    def write(self, records: list[EventRecord]) -> None:
        self._out.write(gdelt_lines(records))

    def close(self) -> None:
        pass


def _parquet(out: IO[bytes]) -> Any:
    """Arrow is an optional extra: imported only by a Parquet export."""
    from eventwatch.export.parquet import ParquetSink

    return ParquetSink(out)


_SINKS: dict[str, Callable[[Any], Any]] = {"csv": _Csv, "jsonl": _Jsonl, "gdelt": _Gdelt, "parquet": _parquet}


def stream_text(store: Store, where: EventFilter | None, fmt: str, batch: int = DEFAULT_BATCH) -> Iterator[str]:
    """The csv or jsonl export of ``where`` as text chunks, one page of ``batch`` events each: for a streamed HTTP
    response, which should never hold the whole export in memory."""
    if fmt not in ("csv", "jsonl", "gdelt"):
        raise ValueError("a streamed export is csv, jsonl or gdelt")
    buffer = io.StringIO()
    sink = _SINKS[fmt](buffer)
    for page in iter_pages(store, where, batch):
        sink.write(page)
        # The header (csv) is in the first chunk; each later chunk is one page's rows.
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # no events: still the CSV header, so the file opens as an empty table
        yield buffer.getvalue()


def export_events(store: Store, where: EventFilter | None, fmt: str, out: Path | str | IO[Any],
                  batch: int = DEFAULT_BATCH) -> int:
    """Write every event matching ``where`` to ``out`` in ``fmt`` (csv, jsonl, parquet or gdelt); the count.

    ``out`` is a path, or an open stream: text for csv/jsonl/gdelt, binary for parquet. A path is written
    through ``NAME.part`` and renamed when complete, so a failed export never leaves a partial file that
    looks finished. Raises ValueError for an unknown format or a stream of the wrong kind, StoreError when
    the store cannot be read.
    """
    if fmt not in _SINKS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if batch < 1:
        raise ValueError("batch must be at least 1")
    binary = fmt == "parquet"
    if isinstance(out, str | os.PathLike):
        return _to_path(store, where, fmt, Path(out), batch, binary)
    if isinstance(out, io.TextIOBase) if binary else isinstance(out, io.RawIOBase | io.BufferedIOBase):
        raise ValueError(f"{fmt} needs a {'binary' if binary else 'text'} stream")
    return _write(store, where, fmt, out, batch)


def _to_path(store: Store, where: EventFilter | None, fmt: str, path: Path, batch: int, binary: bool) -> int:
    part = path.with_name(path.name + ".part")
    try:
        # newline="" lets the csv module write its own record ends (RFC 4180's CRLF) unchanged.
        with part.open("wb") if binary else part.open("w", encoding="utf-8", newline="") as fh:
            count = _write(store, where, fmt, fh, batch)
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return count


def _write(store: Store, where: EventFilter | None, fmt: str, out: IO[Any], batch: int) -> int:
    sink = _SINKS[fmt](out)
    count = 0
    try:
        for page in iter_pages(store, where, batch):
            sink.write(page)
            count += len(page)
    finally:
        sink.close()  # a parquet file needs its footer even when empty
    return count
