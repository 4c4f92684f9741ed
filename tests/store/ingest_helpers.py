"""For the crash and concurrency tests: a folder of generated wire copy with syndicated copies and re-sends,
`eventwatch ingest` as a separate process, fresh stores on both backends, and a snapshot of a store to compare."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from eventwatch.model import RawDocument
from eventwatch.pipeline.run import ingest_paths
from eventwatch.store import Store, open_store
from eventwatch.store.engine import to_url
from pg_helpers import drop_database

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from generate import article

EVENTWATCH = str(Path(sys.executable).parent / "eventwatch")
MIRROR_TRAILER = ["Related Stories", "Harbour festival draws record crowds", "Organisers said on Sunday…",
                  "Share this:"]


def _copy(original: RawDocument, index: int, rng: random.Random) -> RawDocument:
    """An aggregator's republication: other site, title and trailer, sometimes a paragraph cut."""
    body, _, _ = original.content.partition(f"\n\n(story {index})\n")
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.5:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    content = "\n\n".join(paragraphs) + "\n\n" + "\n".join(MIRROR_TRAILER) + "\n"
    return RawDocument(content, "text", f"mirror:{index}", url=f"https://mirror.example.net/world/{index}",
                       title=f"Mirror: story {index}", published=original.published, source="Mirror Daily")


def corpus(originals: int = 36, copies: int = 12, resends: int = 4, seed: int = 11,
           words: int = 300) -> list[RawDocument]:
    """Originals, syndicated copies of some (their events merge as mentions) and exact re-sends of others
    (the same page at the same URL: stored once). Deterministic for a seed."""
    rng = random.Random(seed)
    docs = [article(i, rng, words) for i in range(originals)]
    docs += [_copy(docs[i], i, rng) for i in rng.sample(range(originals), copies)]
    docs += [docs[i] for i in rng.sample(range(originals), resends)]
    return docs


def write_folder(docs: list[RawDocument], folder: Path, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, doc in enumerate(docs, start):
        stem = folder / f"{number:03d}"
        stem.with_suffix(".txt").write_text(doc.content, encoding="utf-8")
        meta = {"url": doc.url, "title": doc.title, "source": doc.source,
                "published": doc.published.isoformat() if doc.published else None}
        (folder / f"{number:03d}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def start_ingest(folder: Path, location: str) -> subprocess.Popen:
    return subprocess.Popen([EVENTWATCH, "ingest", str(folder), "--db", location, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def ingest_to_completion(folder: Path, location: str) -> None:
    """A run in this process: the same runner the CLI calls, without another pipeline start-up."""
    with open_store(location) as store:
        summary = ingest_paths([folder], store)
    assert not summary.skipped, summary.skipped_examples


def stored_articles(location: str) -> int:
    """How many articles the store holds so far (0 while it is being created)."""
    engine = create_engine(to_url(location))
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar_one()
    except Exception:  # not created yet, or still migrating
        return 0
    finally:
        engine.dispose()


def expected_articles(docs: list[RawDocument]) -> int:
    return len({(doc.content, doc.url) for doc in docs})


@contextmanager
def fresh_location(backend: str, tmp_path: Path) -> Iterator[str]:
    """Where a new store can be made, not yet created (so that opening it races on the migrations)."""
    if backend == "sqlite":
        yield str(tmp_path / f"store-{uuid.uuid4().hex[:6]}.db")
        return
    url = os.environ.get("EVENTWATCH_TEST_PG_URL")
    if not url:
        pytest.skip("no PostgreSQL: set EVENTWATCH_TEST_PG_URL")
    admin = to_url(url)
    database = f"ew_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{database}"'))
    try:
        yield admin.set(database=database).render_as_string(hide_password=False)
    finally:
        drop_database(engine, database)
        engine.dispose()



_PER_ARTICLE = {table: f"SELECT article_id, count(*) FROM {table} GROUP BY article_id"
                for table in ("article_bands", "article_terms", "actor_mentions", "place_mentions", "quotes",
                              "mentions")}


def snapshot(location: str) -> dict:
    """What a store holds, in a form that does not depend on the order articles were stored in: articles by
    (content hash, URL) with how many rows of each kind they own, copy groups and story clusters as
    partitions, and every event by merge key with its counts, dates, coded details and reports."""
    engine = create_engine(to_url(location))
    try:
        with engine.connect() as conn:
            articles = conn.execute(text("SELECT id, content_hash, url, duplicate_of, cluster_id, sentences "
                                         "FROM articles")).all()
            owned = {table: dict(conn.execute(text(sql)).all()) for table, sql in _PER_ARTICLE.items()}
            events = conn.execute(text(
                "SELECT id, merge_key, num_mentions, num_articles, num_sources, first_seen, last_seen, "
                "plover_type, mode, source_actor, target_actor, modality, place_id, reported_by, quantity_text "
                "FROM events")).all()
            reports: dict[int, list] = {}
            for event_id, article_id, start in conn.execute(text("SELECT event_id, article_id, start FROM mentions")):
                reports.setdefault(event_id, []).append((article_id, start))
    finally:
        engine.dispose()
    by_key = {(a.content_hash, a.url): (len(json.loads(a.sentences) if isinstance(a.sentences, str)
                                            else a.sentences),
                                        *(owned[t].get(a.id, 0) for t in _PER_ARTICLE)) for a in articles}

    def partition(label) -> set[frozenset[str]]:
        groups: dict[str, set[str]] = {}
        for a in articles:
            groups.setdefault(label(a), set()).add(a.id)
        return {frozenset(g) for g in groups.values()}

    return {
        "article_rows": len(articles),
        "articles": by_key,
        "copies": partition(lambda a: a.duplicate_of or a.id),
        "stories": partition(lambda a: a.cluster_id),
        # Dates come back as strings from SQLite and as dates from PostgreSQL.
        "events": {e.merge_key: (*(str(v) if isinstance(v, dt.date) else v for v in e[2:]),
                                 tuple(sorted(reports.get(e.id, [])))) for e in events},
    }


def cap_growth(store: Store, pages: int) -> None:
    """From now on the store's file may grow by ``pages`` pages at most (0: not at all): SQLite's own "database or
    disk is full" (SQLITE_FULL) once they are used, as on a full disk."""
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def cap(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        used = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {used + pages}")
        cursor.close()
