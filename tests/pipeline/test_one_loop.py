"""Every driver runs its documents through the one ingest loop (pipeline/run.py): the CLI's serial ingest, the Dask
driver (its batches run in this process with workers=0), the API's two write routes and a feed poll each store
through ``IngestRun.save``, and each follows the loop's one "already stored" rule: the same page again is counted
as already stored without being analysed."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.cli import app
from eventwatch.model import RawDocument
from eventwatch.pipeline import stages
from eventwatch.pipeline.dask import ingest_dask
from eventwatch.pipeline.feeds import poll
from eventwatch.pipeline.run import IngestRun
from eventwatch.store import open_store
from eventwatch.store.feeds import add_feed, list_feeds

sys.path.insert(0, str(Path(__file__).parents[1] / "ingest"))
from test_feeds import Feed
from test_http import FAST, Site, wire_page

TOKEN = "one-loop-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MONDAY = dt.date(2024, 5, 6)


def story(place: str, n: int) -> str:
    return (f"{place.upper()} — North Korea fired {n} cruise missiles toward the Yellow Sea on Monday, the Joint "
            "Chiefs of Staff said.\n\nSouth Korea's military said it had raised its alert level.")


@pytest.fixture
def loop(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """The origins the loop stored and the ones it analysed, as the drivers run."""
    seen: dict[str, list[str]] = {"saved": [], "analysed": []}
    save, analyse = IngestRun.save, stages.analyse_article

    def saving(self: IngestRun, result: stages.Result) -> None:
        seen["saved"].append(result.article.origin)
        save(self, result)

    def analysing(article):
        seen["analysed"].append(article.origin)
        return analyse(article)

    monkeypatch.setattr(IngestRun, "save", saving)
    monkeypatch.setattr(stages, "analyse_article", analysing)
    return seen


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    server.page("/news/feed-story.html", wire_page("Feed story", [story("Busan", 7)], "2024-05-06"))
    Feed(server, "/feeds/world.rss", links=[server.url("/news/feed-story.html")])
    yield server
    server.close()


def drive_all(db: str, tmp_path: Path, site: Site) -> list[str]:
    """Each driver once, each with its own page; the origins they gave their pages."""
    page = tmp_path / "serial.txt"
    page.write_text(story("Seoul", 2), "utf-8")
    result = CliRunner().invoke(app, ["ingest", str(page), "--db", db, "--published", "2024-05-06", "-q",
                                      "--no-alerts"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        ingest_dask([RawDocument(story("Incheon", 3), "text", "dask:1", published=MONDAY)], store, None,
                    workers=0)
    client = TestClient(create_app(db, token=TOKEN, rate_limit=0))
    posted = client.post("/api/articles", headers=AUTH, json={"text": story("Daegu", 4), "published": "2024-05-06"})
    uploaded = client.post("/api/articles/upload", headers=AUTH, params={"published": "2024-05-06"},
                           files={"file": ("upload.txt", story("Gwangju", 5).encode(), "text/plain")})
    assert posted.status_code == uploaded.status_code == 200
    with open_store(db) as store:
        add_feed(store, site.url("/feeds/world.rss"))
        poll(store, FAST)
    return [str(page), "dask:1", "api:testclient:0", "upload:upload.txt", site.url("/news/feed-story.html")]


def test_every_driver_stores_through_the_one_loop_and_its_already_stored_rule(tmp_path: Path, site: Site,
                                                                             loop: dict[str, list[str]]) -> None:
    db = str(tmp_path / "loop.db")
    origins = drive_all(db, tmp_path, site)
    assert loop["saved"] == loop["analysed"] == origins
    with open_store(db) as store:
        assert store.counts()["articles"] == len(origins)
        assert list_feeds(store)[0].items_seen == 1
    loop["saved"].clear()
    loop["analysed"].clear()
    again = TestClient(create_app(db, token=TOKEN, rate_limit=0)).post(
        "/api/articles", headers=AUTH, json={"text": story("Daegu", 4), "published": "2024-05-06"}).json()
    assert again["results"][0]["stored"] is False and again["results"][0]["article_id"]
    with open_store(db) as store:
        summary = ingest_dask([RawDocument(story("Incheon", 3), "text", "dask:1", published=MONDAY)], store,
                              None, workers=0)
    assert (summary.duplicates, summary.stored) == (1, 0)
    result = CliRunner().invoke(app, ["ingest", origins[0], "--db", db, "--published", "2024-05-06", "-q",
                                      "--no-alerts"])
    assert result.exit_code == 0 and "1 already stored" in result.output
    assert loop["saved"] == loop["analysed"] == []  # already stored: neither analysed nor saved again
