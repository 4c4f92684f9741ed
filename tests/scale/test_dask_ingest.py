"""The analysis on a Dask cluster gives the same store and the same Parquet rows as one process."""

from __future__ import annotations

import pickle
from pathlib import Path

from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.errors import DocumentError
from eventwatch.ingest import documents_in
from eventwatch.pipeline.dask import analyse_batch, ingest_dask
from eventwatch.pipeline.run import ingest_paths
from eventwatch.scale.parquet import read_events
from eventwatch.store import open_store
from pipeline_helpers import demo_articles

DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"


def snapshot(store) -> set:
    return {(r.plover_type, r.mode, r.source_actor, r.target_actor, r.date_label, r.modality, r.aggregate,
             r.place.id if r.place else None, r.reported_by, r.num_mentions, r.num_articles, r.num_sources,
             tuple(sorted(m.sentence for m in store.mentions_of(r.id))))
            for r in store.query_events(limit=100_000)}


def parquet_rows(root: Path) -> set:
    table = read_events(root)
    columns = [c for c in table.column_names if c != "month"]
    return {tuple(row[c] for c in columns) for row in table.to_pylist()}


def test_dask_run_equals_the_single_process_run(tmp_path):
    with open_store(str(tmp_path / "single.db")) as single, open_store(str(tmp_path / "dask.db")) as scaled:
        one = ingest_paths([DEMO], single)
        many = ingest_dask(documents_in([DEMO]), scaled, tmp_path / "dask-parquet", workers=2, batch=4)
        assert (many.stored, many.events, many.near_duplicates) == (one.stored, one.events, one.near_duplicates)
        assert snapshot(scaled) == snapshot(single)
        assert scaled.counts() == single.counts()
    inline = ingest_dask(documents_in([DEMO]), None, tmp_path / "inline-parquet", workers=0, batch=7)
    assert inline.events == one.events
    peaks: dict[str, float] = {}
    on_workers = ingest_dask(documents_in([DEMO]), None, tmp_path / "worker-parquet", workers=2, batch=5,
                             worker_peaks=peaks)
    assert on_workers.events == one.events and len(peaks) == 2 and all(v > 50 for v in peaks.values())
    rows = parquet_rows(tmp_path / "dask-parquet")
    assert rows == parquet_rows(tmp_path / "inline-parquet") == parquet_rows(tmp_path / "worker-parquet")
    assert len(rows) == one.events
    months = {p.name for p in (tmp_path / "dask-parquet").iterdir()}
    assert "month=2023-03" in months


def test_skips_travel_back_from_workers_intact():
    error = pickle.loads(pickle.dumps(DocumentError("page.html", "no-body", "nothing left")))
    assert (error.origin, error.reason, error.detail) == ("page.html", "no-body", "nothing left")
    from eventwatch.model import RawDocument

    results = analyse_batch([RawDocument("", "text", "empty.txt"), RawDocument("Source link\n", "text", "t")])
    assert all(isinstance(r, DocumentError) for r in results)


def test_cli_ingest_on_workers_and_to_parquet_only(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(DEMO), "--db", str(tmp_path / "w.db"), "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert f"{demo_articles(DEMO)} stored" in result.output
    result = runner.invoke(app, ["ingest", str(DEMO), "--no-db", "--parquet", str(tmp_path / "pq"), "-q"])
    assert result.exit_code == 0, result.output
    # One row per event of each stored article: what the pipeline codes for the same documents in this process.
    from eventwatch.pipeline.stages import process

    coded = sum(len(process(doc).events) for doc in documents_in([DEMO]) if not isinstance(doc, DocumentError))
    assert len(read_events(tmp_path / "pq")) == coded > 150
    assert runner.invoke(app, ["ingest", str(DEMO), "--no-db"]).exit_code == 2
