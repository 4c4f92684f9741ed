"""`eventwatch ingest --published`: the date of every document that states none of its own, for a folder or a
JSONL file as for one page; and a run that stores nothing says why and exits 1."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.store import open_store

runner = CliRunner()
UNDATED_SEOUL = (
    "SEOUL — North Korea fired a short-range ballistic missile off its east coast on Tuesday, South Korea's "
    "Joint Chiefs of Staff said, the third launch this month.\n\n"
    "The missile flew about 600 kilometres before landing in the sea, the military said.\n")
UNDATED_TOKYO = (
    "TOKYO — Japan's defence minister condemned the launch on Wednesday and said Tokyo had lodged a protest "
    "with Pyongyang through diplomatic channels in Beijing.\n")
DATED_BEIJING = (
    "BEIJING — China urged restraint from all sides on the Korean peninsula on Thursday, a foreign ministry "
    "spokeswoman told reporters.\n")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "scraped"
    folder.mkdir()
    (folder / "seoul.txt").write_text(UNDATED_SEOUL, encoding="utf-8")
    (folder / "tokyo.txt").write_text(UNDATED_TOKYO, encoding="utf-8")
    (folder / "beijing.txt").write_text(DATED_BEIJING, encoding="utf-8")
    (folder / "beijing.meta.json").write_text(json.dumps({"published": "2026-02-12"}), encoding="utf-8")
    return folder


def test_published_dates_every_undated_document_of_a_folder_and_keeps_stated_dates(tmp_path: Path):
    db = str(tmp_path / "ew.db")
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--db", db, "--published", "2026-02-10", "-q"])
    assert result.exit_code == 0, result.output
    assert "3 stored" in result.output
    with open_store(db) as store:
        _total, articles = store.list_articles(limit=50)
        dates = sorted(a.published for a in articles)
    assert dates == [dt.date(2026, 2, 10), dt.date(2026, 2, 10), dt.date(2026, 2, 12)]


def test_published_fills_in_jsonl_records_without_a_date(tmp_path: Path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": UNDATED_SEOUL, "url": "https://example.org/a"}) + "\n"
                    + json.dumps({"text": DATED_BEIJING, "url": "https://example.org/b",
                                  "published": "2026-02-12"}) + "\n", encoding="utf-8")
    db = str(tmp_path / "ew.db")
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "--published", "2026-02-10", "-q"])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        _total, articles = store.list_articles(limit=50)
        by_url = {a.url: a.published for a in articles}
    assert by_url == {"https://example.org/a": dt.date(2026, 2, 10), "https://example.org/b": dt.date(2026, 2, 12)}


def test_url_still_names_a_single_file(tmp_path: Path):
    result = runner.invoke(app, ["ingest", str(_folder(tmp_path)), "--db", str(tmp_path / "ew.db"),
                                 "--url", "https://example.org/x", "-q"])
    assert result.exit_code == 2
    assert "--url applies to a single file" in result.output


def test_a_run_that_skips_everything_exits_1_with_the_reason_and_the_remedy(tmp_path: Path):
    folder = _folder(tmp_path)
    (folder / "beijing.txt").unlink()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "ew.db"), "-q"])
    assert result.exit_code == 1
    assert "nothing stored: all 2 documents were skipped (no-date × 2)" in result.output
    assert "--published" in result.output


def test_a_run_that_finds_no_article_files_exits_1(tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(empty), "--db", str(tmp_path / "ew.db"), "-q"])
    assert result.exit_code == 1
    assert "no article files found" in result.output


def test_ingesting_what_is_already_stored_is_not_a_failure(tmp_path: Path):
    folder, db = _folder(tmp_path), str(tmp_path / "ew.db")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db, "--published", "2026-02-10", "-q"]).exit_code == 0
    again = runner.invoke(app, ["ingest", str(folder), "--db", db, "--published", "2026-02-10", "-q"])
    assert again.exit_code == 0, again.output
    assert "3 already stored" in again.output
