"""Coded events as a Parquet dataset partitioned by month (``month=2023-03/part-000042.parquet``).

One row per event mention as the analysis produced it (before merging across articles, which needs the whole
store), with the article it came from, so that a data lake of events can be rebuilt or re-merged elsewhere.
"""

from __future__ import annotations

from pathlib import Path

from eventwatch.dedup.merging import merge_key
from eventwatch.extras import require
from eventwatch.pipeline import Result

pa = require("pyarrow", "writing events to Parquet (--parquet)")
pq = require("pyarrow.parquet", "writing events to Parquet (--parquet)")

SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("published", pa.date32()), ("outlet", pa.string()),
    ("merge_key", pa.string()), ("source_actor", pa.string()), ("target_actor", pa.string()),
    ("plover_type", pa.string()), ("mode", pa.string()), ("cameo_root", pa.string()), ("intensity", pa.float64()),
    ("modality", pa.string()), ("aggregate", pa.bool_()), ("date", pa.date32()), ("date_precision", pa.string()),
    ("quantity_text", pa.string()), ("quantity_value", pa.float64()), ("quantity_unit", pa.string()),
    ("reported_by", pa.string()), ("claim", pa.string()), ("place_id", pa.string()), ("place_name", pa.string()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("place_basis", pa.string()), ("sentence", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("trigger_start", pa.int32()), ("trigger_end", pa.int32()),
    ("month", pa.string()),
])


def rows(results: list[Result]) -> list[dict]:
    found = []
    for result in results:
        article = result.article
        for event in result.events:
            place, quantity, ev = event.place, event.quantity, event.evidence
            found.append({
                "article_id": article.id, "url": article.url, "published": article.published,
                "outlet": article.source, "merge_key": merge_key(event), "source_actor": event.source_actor,
                "target_actor": event.target_actor, "plover_type": event.plover_type, "mode": event.mode,
                "cameo_root": event.cameo_root, "intensity": event.intensity, "modality": event.modality,
                "aggregate": event.aggregate, "date": event.date, "date_precision": event.date_precision,
                "quantity_text": quantity.text if quantity else None,
                "quantity_value": quantity.value if quantity else None,
                "quantity_unit": quantity.unit if quantity else None, "reported_by": event.reported_by,
                "claim": event.claim, "place_id": place.id if place else None,
                "place_name": place.name if place else None, "lat": place.lat if place else None,
                "lon": place.lon if place else None, "place_basis": event.place_basis, "sentence": ev.sentence,
                "start": ev.start, "end": ev.end, "trigger_start": ev.trigger_start, "trigger_end": ev.trigger_end,
                "month": f"{event.date.year:04d}-{event.date.month:02d}",
            })
    return found


def write_part(results: list[Result], root: Path, part: int) -> int:
    """Write one batch's events into the month partitions under ``root``; returns the number of rows."""
    batch = rows(results)
    if not batch:
        return 0
    table = pa.Table.from_pylist(batch, schema=SCHEMA)
    pq.write_to_dataset(table, root_path=str(root), partition_cols=["month"],
                        basename_template=f"part-{part:06d}-{{i}}.parquet",
                        existing_data_behavior="overwrite_or_ignore")
    return len(batch)


def read_events(root: Path) -> pa.Table:
    return pq.read_table(str(root), schema=SCHEMA) if Path(root).exists() else SCHEMA.empty_table()
