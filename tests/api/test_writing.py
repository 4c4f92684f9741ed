"""The ingest routes when the store cannot be written: 507 when its disk is full, 503 when it is read-only, each
with the cause; an error of one article's own data is that article's skip in a 200 report."""

from __future__ import annotations

import shutil

from fastapi.testclient import TestClient
from sqlalchemy import event

from eventwatch.api import create_app
from eventwatch.store import open_store

ARTICLES = [{"text": f"SEOUL — North Korea fired {n} cruise missiles toward the Yellow Sea on Monday, the Joint "
                     "Chiefs of Staff said.", "url": f"https://api.example.org/{n}", "published": "2024-05-06",
             "source": "API Wire"} for n in range(2, 5)]


def post(client: TestClient, token: str, body: object):
    return client.post("/api/articles", json=body, headers={"Authorization": f"Bearer {token}"})


def test_a_full_disk_answers_507_and_says_how_many_were_stored(demo_db, tmp_path, api_token):
    db = tmp_path / "full.db"
    shutil.copy(demo_db, db)
    store = open_store(str(db))
    client = TestClient(create_app(store, token=api_token, rate_limit=0))
    before = store.counts()["articles"]
    assert post(client, api_token, ARTICLES[0]).json()["results"][0]["stored"]
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def no_room(dbapi_connection, _record) -> None:  # SQLite's own SQLITE_FULL from the next page on
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count = {cursor.execute('PRAGMA page_count').fetchone()[0]}")
        cursor.close()

    answer = post(client, api_token, ARTICLES[1:])
    assert answer.status_code == 507
    assert "cannot be written (full)" in answer.json()["error"]
    assert "database or disk is full" in answer.json()["error"]
    assert store.counts()["articles"] == before + 1
    store.close()


def test_a_read_only_store_answers_503_and_reads_on(demo_db, tmp_path, api_token):
    db = tmp_path / "ro.db"
    shutil.copy(demo_db, db)
    # SQLite's read-only open, as for a file on read-only media (tests/store/test_store_readonly.py mounts one)
    client = TestClient(create_app(f"sqlite:///file:{db}?mode=ro&uri=true", token=api_token, rate_limit=0))
    answer = post(client, api_token, ARTICLES[0])
    assert answer.status_code == 503
    assert "cannot be written (read-only)" in answer.json()["error"]
    upload = client.post("/api/articles/upload", headers={"Authorization": f"Bearer {api_token}"},
                         files={"file": ("page.txt", ARTICLES[0]["text"].encode(), "text/plain")},
                         params={"published": "2024-05-06"})
    assert upload.status_code == 503
    assert client.get("/api/events", params={"limit": 1}).status_code == 200


def test_an_articles_own_store_error_is_its_skip(demo_db, tmp_path, api_token, monkeypatch):
    from eventwatch.pipeline import stages

    db = tmp_path / "own.db"
    shutil.copy(demo_db, db)
    client = TestClient(create_app(str(db), token=api_token, rate_limit=0))
    original = stages.analyse_article

    def broken_first(article):
        result = original(article)
        if article.url == ARTICLES[0]["url"]:
            result.events[0].plover_type = None  # its data breaks a NOT NULL constraint
        return result

    monkeypatch.setattr(stages, "analyse_article", broken_first)  # the save is the real one; only the data is bad
    report = post(client, api_token, ARTICLES[:2])
    assert report.status_code == 200
    first, second = report.json()["results"]
    assert first["stored"] is False and first["skipped"].startswith("store-error")
    assert second["stored"] is True
