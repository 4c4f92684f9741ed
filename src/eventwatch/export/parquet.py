"""The Parquet export's typed schema and writer (Arrow is the optional ``parquet`` extra).

Columns are ``formats.FIELDS`` in that order: ids, counts and offsets int64, scores and coordinates float64,
``aggregate`` bool, ``date_start``, ``first_seen`` and ``last_seen`` date32, ``quotes`` a list of structs, the rest
strings; one row group per batch.
"""

from __future__ import annotations

from typing import IO

from eventwatch.export.formats import FIELDS, export_rows
from eventwatch.extras import require
from eventwatch.store import EventRecord

pa = require("pyarrow", "a Parquet export")
pq = require("pyarrow.parquet", "a Parquet export")

_STRING = pa.string()
_QUOTE = pa.struct([("text", _STRING), ("speaker", _STRING), ("speaker_text", _STRING), ("kind", _STRING)])
_TYPED = {
    "id": pa.int64(), "intensity": pa.float64(), "quantity_value": pa.float64(), "aggregate": pa.bool_(),
    "confidence": pa.float64(), "lat": pa.float64(), "lon": pa.float64(), "quotes": pa.list_(_QUOTE),
    "num_mentions": pa.int64(), "num_articles": pa.int64(), "num_sources": pa.int64(), "first_seen": pa.date32(),
    "last_seen": pa.date32(), "start": pa.int64(), "end": pa.int64(), "date_start": pa.date32(),
}
SCHEMA = pa.schema([(name, _TYPED.get(name, _STRING)) for name in FIELDS])


class ParquetSink:
    def __init__(self, out: IO[bytes]) -> None:
        self._writer = pq.ParquetWriter(out, SCHEMA)

    def write(self, records: list[EventRecord]) -> None:
        rows = export_rows(records)
        for row, r in zip(rows, records, strict=True):
            row.update(date_start=r.date, first_seen=r.first_seen, last_seen=r.last_seen)
        table = pa.Table.from_pylist(rows, schema=SCHEMA)
        self._writer.write_table(table, row_group_size=max(len(rows), 1))

    def close(self) -> None:
        self._writer.close()
