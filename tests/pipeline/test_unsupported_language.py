"""An article in a language eventwatch does not code is stored with its language and counted as
"unsupported-language", never coded as if it were English; English beside it is coded as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwatch import lang
from eventwatch.api import create_app
from eventwatch.model import RawDocument
from eventwatch.pipeline.run import ingest_documents
from eventwatch.store import open_store

DAY = dt.date(2026, 3, 16)
KOREAN = ("서울 — 북한이 15일 오전 평양 순안 일대에서 동해상으로 단거리 탄도미사일 1발을 발사했다고 합동참모본부가 "
          "밝혔다. 합참은 미사일의 비행거리와 고도 등 세부 제원을 분석하고 있다. 미 국무부도 이를 규탄했다.")
FRENCH = ("SÉOUL — La Corée du Nord a tiré jeudi un missile balistique de courte portée vers la mer de l'Est, a "
          "indiqué l'état-major sud-coréen, qui a condamné un tir contraire aux résolutions de l'ONU.")
ENGLISH = ("SEOUL — North Korea fired a short-range ballistic missile into the sea off its east coast on Sunday, "
           "South Korea's Joint Chiefs of Staff said. The United States condemned the launch.")


@pytest.fixture(autouse=True)
def _korean_without_coder(monkeypatch: pytest.MonkeyPatch) -> None:
    # Korean stands for a language with no coder here, as it was before lang/ko (tests/lang covers its coder).
    monkeypatch.delitem(lang.CODERS, "ko", raising=False)


def _doc(text: str, name: str, published: dt.date | None = DAY) -> RawDocument:
    return RawDocument(content=text, kind="text", origin=name, url=f"https://news.example.org/{name}",
                       published=published)


def test_korean_and_french_are_stored_not_coded_and_counted(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "langs.db")) as store:
        summary = ingest_documents([_doc(KOREAN, "ko"), _doc(FRENCH, "fr", published=None), _doc(ENGLISH, "en")],
                                   store)
        assert summary.stored == 3 and not summary.skipped  # the French one needs no date: nothing is dated
        assert summary.unsupported_language == {"ko": 1, "fr": 1}
        articles = {a.url.rsplit("/", 1)[1]: a for a in store.list_articles(None, 10, 0)[1]}
        assert {name: a.language for name, a in articles.items()} == {"ko": "ko", "fr": "fr", "en": "en"}
        assert store.events_for_article(articles["ko"].id) == []
        assert store.events_for_article(articles["fr"].id) == []
        english_events = store.events_for_article(articles["en"].id)
        assert any(e.plover_type == "MOBILIZE" for e in english_events)
        assert summary.events == len(english_events)

        client = TestClient(create_app(store, rate_limit=0))
        assert client.get(f"/api/articles/{articles['ko'].id}").json()["language"] == "ko"
        listed = {a["id"]: a["language"] for a in client.get("/api/articles").json()["articles"]}
        assert listed[articles["fr"].id] == "fr"


def test_the_cli_says_what_it_stored_but_did_not_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from eventwatch.cli import app

    page = tmp_path / "yonhap.txt"
    page.write_text(KOREAN, encoding="utf-8")
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(app, ["ingest", str(page), "--db", db, "--published", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "unsupported-language: ko × 1" in result.output
    with open_store(db) as store:
        article_id = store.list_articles(None, 1, 0)[1][0].id
    shown = CliRunner().invoke(app, ["show", article_id, "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "language ko" in shown.output and "not coded" in shown.output


def test_the_api_says_an_article_was_stored_but_not_coded(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "api.db")) as store:
        client = TestClient(create_app(store, token="t0ken-for-tests", rate_limit=0))
        body = [{"text": KOREAN, "url": "https://news.example.org/ko", "published": DAY.isoformat()},
                {"text": ENGLISH, "url": "https://news.example.org/en", "published": DAY.isoformat()}]
        response = client.post("/api/articles", json=body, headers={"Authorization": "Bearer t0ken-for-tests"})
        assert response.status_code == 200, response.text
        korean, english = response.json()["results"]
        assert korean["stored"] and korean["events"] == 0
        assert korean["not_coded"] == "unsupported-language: ko"
        assert english["stored"] and english["events"] > 0 and english["not_coded"] is None
