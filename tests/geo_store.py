"""A hand-made store for the map's tests (tests/api/test_geojson.py, tests/web/test_map.py): events at a city, a
site and three countries (one, Kosovo, without an ISO number and so without a shape in world-atlas), and one
event with no place; written straight into the tables, so in milliseconds."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from eventwatch.store import Store, open_store
from eventwatch.store.schema import ActorRow, ArticleRow, EventRow, MentionRow, PlaceRow

PLACES = [  # id, name, precision, country, lat, lon
    ("gn:1", "Kharkiv", "city", "UKR", 49.99, 36.23),
    ("ew:sinpo", "Sinpo", "site", "PRK", 40.03, 128.18),
    ("cc:RUS", "Russia", "country", "RUS", 61.52, 105.32),
    ("cc:FRA", "France", "country", "FRA", 46.23, 2.21),
    ("cc:XKX", "Kosovo", "country", "XKX", 42.6, 20.9),  # no ISO number: no shape in world-atlas
]
# place id, PLOVER type, day of March 2024 (the newest first in the map)
EVENTS = [("gn:1", "ASSAULT", 20), ("gn:1", "ASSAULT", 21), ("ew:sinpo", "MOBILIZE", 22),
          ("cc:RUS", "ASSAULT", 1), ("cc:RUS", "ASSAULT", 2), ("cc:RUS", "THREATEN", 3), ("cc:RUS", "ACCUSE", 4),
          ("cc:FRA", "CONSULT", 5), ("cc:FRA", "CONSULT", 6), ("cc:XKX", "PROTEST", 7), (None, "ASSAULT", 23)]


def _basis(place: str | None) -> str | None:
    if place is None:
        return None
    return "actor-country" if place.startswith("cc:") else "sentence"


def _rows() -> tuple[list[dict], list[dict]]:
    events, mentions = [], []
    for n, (place, kind, day) in enumerate(EVENTS, start=1):
        date = dt.date(2024, 3, day)
        events.append({"id": n, "source_actor": "RUS", "target_actor": None, "plover_type": kind, "mode": None,
                       "cameo_root": "19", "intensity": -5.0, "modality": "asserted", "aggregate": False,
                       "date": date, "date_precision": "day", "confidence": 0.8, "first_article_id": "a000001",
                       "merge_key": f"k{n}", "num_mentions": 1, "num_articles": 1, "num_sources": 1,
                       "first_seen": date, "last_seen": date, "place_id": place,
                       "place_basis": _basis(place)})
        sentence = f"Event {n}."
        mentions.append({"id": n, "event_id": n, "article_id": "a000001", "sentence_index": 0, "sentence": sentence,
                         "start": 0, "end": len(sentence), "trigger_start": 0, "trigger_end": 5, "url": None})
    return events, mentions


def make_geo_store(path: str) -> Store:
    return fill_geo_store(open_store(path))


def fill_geo_store(store: Store) -> Store:
    """Write the places and events into an empty store (SQLite or PostgreSQL)."""
    events, mentions = _rows()
    with store.engine.begin() as conn:
        conn.execute(insert(ArticleRow.__table__), [{
            "id": "a000001", "content_hash": "h1", "url": "https://example.org/1", "title": "t",
            "published": dt.date(2024, 3, 1), "source": "Wire", "origin": "test", "text": "x", "debris_removed": 0,
            "ingested_at": dt.datetime(2024, 3, 1, tzinfo=dt.UTC), "sentences": [], "outlet": "Wire",
            "cluster_id": "a000001"}])
        conn.execute(insert(ActorRow.__table__), [{"code": "RUS", "country": "RUS", "role": None}])
        conn.execute(insert(PlaceRow.__table__), [
            {"id": i, "name": name, "kind": precision, "precision": precision, "country": country, "lat": lat,
             "lon": lon} for i, name, precision, country, lat, lon in PLACES])
        conn.execute(insert(EventRow.__table__), events)
        conn.execute(insert(MentionRow.__table__), mentions)
    return store
