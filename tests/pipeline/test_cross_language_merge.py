"""Issue 19, item 4: one launch reported in English and in Korean is one event with both reports, each with its
evidence in its own language and offsets into its own text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from eventwatch.model import RawDocument
from eventwatch.pipeline.run import ingest_documents
from eventwatch.store import open_store

DAY = dt.date(2026, 3, 16)
# Written for this test: the same launch (the 15th, a Sunday) as an English wire and a Korean wire report it.
ENGLISH = ("SEOUL — North Korea fired two short-range ballistic missiles into the East Sea on Sunday, South Korea's "
           "Joint Chiefs of Staff said, the first launch in two months.")
KOREAN = ("북한이 15일 오전 동해상으로 단거리 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다. "
          "합참은 미사일의 비행거리와 고도 등 세부 제원을 분석하고 있다고 전했다.")


def test_an_english_and_a_korean_report_of_one_launch_are_one_event(tmp_path: Path) -> None:
    documents = [RawDocument(ENGLISH, "text", "en.txt", url="https://wire.example/en", published=DAY),
                 RawDocument(KOREAN, "text", "ko.txt", url="https://yonhap.example/ko", published=DAY)]
    with open_store(str(tmp_path / "merge.db")) as store:
        summary = ingest_documents(documents, store)
        assert summary.stored == 2 and not summary.unsupported_language
        launches = [e for e in store.query_events(limit=50) if e.plover_type == "MOBILIZE"]
        assert len(launches) == 1
        launch = launches[0]
        assert launch.source_actor.startswith("PRK") and launch.date == dt.date(2026, 3, 15)
        assert launch.num_articles == 2
        reports = store.mentions_of(launch.id)
        by_language = {store.get_article(m.article_id).language: m for m in reports}
        assert set(by_language) == {"en", "ko"}
        korean = by_language["ko"]
        article = store.get_article(korean.article_id)
        assert article.text[korean.start:korean.end] == korean.sentence and "발사" in korean.sentence
        assert "발사" in article.text[korean.trigger_start:korean.trigger_end]
