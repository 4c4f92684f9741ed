"""The same rules through the write API: an undated article is skipped with its reason, never dated by the day
it arrived; an upload takes its date from a parameter or from the page, as file ingest does."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from eventwatch.api import create_app
from hostile import stories

TOKEN = "hostile-token"


def test_undated_articles_are_skipped_and_uploads_take_a_date(tmp_path: Path) -> None:
    client = TestClient(create_app(str(tmp_path / "api.db"), token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    undated = client.post("/api/articles", headers=auth,
                          json={"text": stories.MONDAY_ONLY, "url": "https://hostile.example/api/undated"}).json()
    assert undated["results"][0]["stored"] is False
    assert undated["results"][0]["skipped"].startswith("no-date: ")

    page = stories.CRUISE_MISSILES.encode()
    plain = client.post("/api/articles/upload", headers=auth, files={"file": ("story.txt", page, "text/plain")})
    assert plain.json()["results"][0]["skipped"].startswith("no-date: ")
    dated = client.post("/api/articles/upload", headers=auth, params={"published": "2024-05-20"},
                        files={"file": ("story.txt", page, "text/plain")}).json()["results"][0]
    assert dated["stored"] and dated["events"] >= 1
    paragraphs = b"".join(b"<p>" + p.encode() + b"</p>" for p in stories.ICBM.split("\n\n"))
    html = (b"<html><head><meta property='article:published_time' content='2024-05-21'></head><body><article>"
            + paragraphs + b"</article></body></html>")
    from_page = client.post("/api/articles/upload", headers=auth,
                            files={"file": ("icbm.html", html, "text/html")}).json()["results"][0]
    assert from_page["stored"] and from_page["events"] >= 1
    dates = {e["date"] for e in client.get("/api/events").json()["events"]}
    # Saturday before Monday 20 May (the cruise missiles), Thursday before Tuesday 21 May (the ICBM); nothing
    # from the undated uploads, which would have been dated by today.
    assert {"2024-05-18", "2024-05-16"} <= dates and max(dates) <= "2024-05-21"
