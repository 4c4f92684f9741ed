"""Every query a save runs is an index seek, on both backends: the cost of storing an article must not grow with
the number of stored articles, events or mentions (issue 15). Each statement of a real save into a filled store
is captured and explained: SQLite's EXPLAIN QUERY PLAN must show no full SCAN of a table, PostgreSQL's EXPLAIN
(with sequential scans priced out, so that a tiny test table does not tempt the planner) no Seq Scan."""

from __future__ import annotations

import dataclasses
import json
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from eventwatch.pipeline.stages import Result, process
from eventwatch.store import Store
from store.ingest_helpers import corpus
from store.test_store_merging import results, save

SKIPPED = ("INSERT", "BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE", "SELECT pg_advisory_xact_lock")


@pytest.fixture(scope="module")
def reports() -> list[Result]:
    return [*results().values(), *(process(doc) for doc in corpus(originals=6, copies=3, resends=0, seed=5))]


@contextmanager
def captured(store: Store):
    statements: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, parameters, _context, executemany):
        if not statement.lstrip().upper().startswith(SKIPPED):
            statements.append((statement, parameters[0] if executemany else parameters))

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def full_scans(store: Store, statement: str, parameters) -> list[str]:
    with store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            return [row[-1] for row in rows if row[-1].startswith("SCAN ") and not _virtual(row[-1])]
        conn.exec_driver_sql("SET enable_seqscan = off")
        (plan,) = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, parameters).one()
        plan = plan if isinstance(plan, list) else json.loads(plan)
        return [f"Seq Scan on {n['Relation Name']}" for n in _nodes(plan[0]["Plan"]) if n["Node Type"] == "Seq Scan"]


def _virtual(detail: str) -> bool:
    # FTS5 tables answer through their own index ("SCAN search_evidence VIRTUAL TABLE INDEX …").
    return "VIRTUAL TABLE" in detail


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def test_every_query_of_a_save_is_an_index_seek(new_store, reports):
    store = new_store("plans")
    for result in reports[:-2]:
        save(store, result)
    copy = reports[0]
    # A republished copy (its events merge into stored ones) and a new article: the two paths a save takes.
    republished = dataclasses.replace(copy, article=dataclasses.replace(
        copy.article, id="copy-of-first", url="https://elsewhere.example.com/a", source="Elsewhere"))
    with captured(store) as statements:
        for result in (republished, *reports[-2:]):
            assert save(store, result).created
    assert len(statements) > 10
    scans = {stmt.split()[0] + " … " + scan: stmt for stmt, params in statements
             for scan in full_scans(store, stmt, params)}
    assert not scans, "\n\n".join(f"{k}\n{v}" for k, v in scans.items())
