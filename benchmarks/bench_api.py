"""Events endpoint latency over a large store: ``GET /api/events`` with filters, on 1 M generated events.

    python benchmarks/bench_api.py --events 1000000

The events are written straight into the tables (a realistic spread of actors, types, dates and places, one
mention each, with searchable evidence), then each query shape is timed through the ASGI app (FastAPI's test
client: routing, validation, SQL, serialisation) and the SQLite plan of the main query is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, text

from eventwatch.api import create_app
from eventwatch.store import open_store
from eventwatch.store.schema import ActorRow, ArticleRow, EventRow, MentionRow, PlaceRow

COUNTRIES = ["PRK", "KOR", "USA", "JPN", "CHN", "RUS", "UKR", "ISR", "IRN", "IND", "PAK", "TWN", "PHL", "FRA",
             "DEU", "GBR", "TUR", "SYR", "YEM", "LBN"]
ROLES = ["", "GOV", "MIL", "MED", "CVL"]
TYPES = ["MOBILIZE", "ACCUSE", "THREATEN", "REQUEST", "CONSULT", "ASSAULT", "AGREE", "COOPERATE", "SANCTION",
         "PROTEST", "REJECT", "SUPPORT", "AID", "COERCE", "RETREAT", "CONCEDE"]
WORDS = ["missile", "drone", "talks", "sanctions", "warning", "drills", "border", "troops", "ceasefire",
         "protest", "launch", "strike", "aid", "summit", "threat", "navy", "artillery", "statement"]


def fill(store, events: int, articles: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    with store.engine.begin() as conn:
        conn.execute(insert(ArticleRow.__table__), [
            {"id": f"a{i:09d}", "content_hash": f"h{i}", "url": f"https://bench.example.org/{i}", "title": f"story {i}",
             "published": dt.date(2020, 1, 1) + dt.timedelta(days=i % 1800), "source": f"outlet{i % 50}",
             "origin": "bench", "text": "generated", "debris_removed": 0, "ingested_at": now, "sentences": [],
             "outlet": f"outlet{i % 50}", "cluster_id": f"a{i:09d}"} for i in range(articles)])
        codes = {c + r for c in COUNTRIES for r in ROLES}
        conn.execute(insert(ActorRow.__table__), [{"code": c, "country": c[:3], "role": c[3:] or None} for c in codes])
        conn.execute(insert(PlaceRow.__table__), [
            {"id": f"cc:{c}", "name": c, "kind": "country", "precision": "country", "country": c,
             "lat": rng.uniform(-50, 60), "lon": rng.uniform(-120, 150)} for c in COUNTRIES])
        batch = 50_000
        for first in range(0, events, batch):
            rows, mentions, search = [], [], []
            for n in range(first, min(events, first + batch)):
                source = rng.choice(COUNTRIES) + rng.choice(ROLES)
                target = rng.choice(COUNTRIES) + rng.choice(ROLES) if rng.random() < 0.6 else None
                kind = rng.choice(TYPES)
                day = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1800))
                rows.append({"id": n + 1, "source_actor": source, "target_actor": target, "plover_type": kind,
                             "mode": None, "cameo_root": "15", "intensity": rng.uniform(-10, 10),
                             "modality": "asserted", "aggregate": False, "date": day, "date_precision": "day",
                             "confidence": 0.8, "first_article_id": f"a{n % articles:09d}",
                             "merge_key": f"k{n}", "num_mentions": 1, "num_articles": 1, "num_sources": 1,
                             "first_seen": day, "last_seen": day, "place_id": f"cc:{source[:3]}",
                             "place_basis": "actor-country"})
                sentence = f"{source} {kind.lower()} {' '.join(rng.sample(WORDS, 4))} on day {n}."
                mentions.append({"id": n + 1, "event_id": n + 1, "article_id": f"a{n % articles:09d}",
                                 "sentence_index": 0, "sentence": sentence, "start": 0, "end": len(sentence),
                                 "trigger_start": 0, "trigger_end": 3, "url": None})
                search.append({"e": n + 1, "s": sentence})
            conn.execute(insert(EventRow.__table__), rows)
            conn.execute(insert(MentionRow.__table__), mentions)
            conn.execute(text("INSERT INTO search_evidence (event_id, sentence) VALUES (:e, :s)"), search)
        conn.exec_driver_sql("ANALYZE")


QUERIES = {
    "newest 50 (no filter)": {},
    "actor=PRK": {"actor": "PRK"},
    "source=PRKMIL type=MOBILIZE": {"source": "PRKMIL", "type": "MOBILIZE"},
    "actor=USA since 2023-01-01 until 2023-03-31": {"actor": "USA", "since": "2023-01-01", "until": "2023-03-31"},
    "type=ASSAULT target=UKR sort=-intensity": {"type": "ASSAULT", "target": "UKR", "sort": "-intensity"},
    "q=missile drills actor=KOR": {"q": "missile drills", "actor": "KOR"},
    "bbox=100,0,150,60 type=THREATEN": {"bbox": "100,0,150,60", "type": "THREATEN"},
    "page 200 of actor=CHN": {"actor": "CHN", "offset": 10_000},
}


def time_map(client, repeat: int) -> None:
    """The dashboard's map on the home page: every event here is placed only at a country, so it is one GROUP BY."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get("/api/events.geojson", params={"countries": "totals", "limit": 2000})
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.text
    times.sort()
    print(f"{'map: events.geojson countries=totals':48s} {response.json()['total']:8d} {statistics.median(times):8.1f} "
          f"{times[int(0.95 * len(times)) - 1]:8.1f} {times[-1]:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    from fastapi.testclient import TestClient  # here, so bench_load's client process need not import it

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "api.db"))
        started = time.perf_counter()
        fill(store, args.events, args.articles)
        print(f"filled {args.events} events in {time.perf_counter() - started:.0f} s")
        client = TestClient(create_app(store))
        print(f"{'query':48s} {'total':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
        for label, params in QUERIES.items():
            client.get("/api/events", params=params)  # warm the page cache for this shape
            times, total = [], 0
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = client.get("/api/events", params={"limit": 50, **params})
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, response.text
                total = response.json()["total"]
            times.sort()
            print(f"{label:48s} {total:8d} {statistics.median(times):8.1f} {times[int(0.95 * len(times)) - 1]:8.1f} "
                  f"{times[-1]:8.1f}")
        time_map(client, args.repeat)
        with store.engine.connect() as conn:
            plan = conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM events WHERE (source_actor >= 'PRK' AND source_actor < 'PRL') "
                "OR (target_actor >= 'PRK' AND target_actor < 'PRL') ORDER BY date DESC, id DESC LIMIT 50").all()
        print("plan for actor=PRK:", "; ".join(row[-1] for row in plan))
        store.close()


if __name__ == "__main__":
    main()
