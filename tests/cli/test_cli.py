"""End to end through the command line: demo corpus in, events and highlighted articles out."""

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwatch.cli import app
from pipeline_helpers import demo_articles

runner = CliRunner()


DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"


def test_demo_ingests_the_bundled_corpus_and_is_idempotent(tmp_path: Path):
    db = str(tmp_path / "demo.db")
    articles = demo_articles(DEMO)
    assert articles >= 21
    first = runner.invoke(app, ["demo", "--db", db])
    assert first.exit_code == 0, first.output
    assert f"{articles} stored" in first.output and "0 skipped" in first.output
    assert f"export EVENTWATCH_DB={db}" in first.output  # the next step: the other commands read the variable
    again = runner.invoke(app, ["ingest", str(DEMO), "--db", db, "-q"])
    assert again.exit_code == 0, again.output
    assert "0 stored" in again.output and f"{articles} already stored" in again.output

    listed = runner.invoke(app, ["events", "--db", db, "--actor", "PRK", "--type", "THREATEN",
                                 "--since", "2023-01-01", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert rows, "the demo corpus reports North Korean threats"
    for row in rows:
        assert row["type"] == "THREATEN" and row["date"] >= "2023"
        assert row["source"].startswith("PRK") or (row["target"] or "").startswith("PRK")
        assert row["url"].startswith("https://") and row["trigger"] in row["evidence"]

    csv_out = runner.invoke(app, ["events", "--db", db, "--type", "MOBILIZE", "--format", "csv", "--limit", "5"])
    assert csv_out.output.splitlines()[0].startswith("id,date,precision,source,type")

    shown = runner.invoke(app, ["show", rows[0]["article_id"], "--db", db])
    assert shown.exit_code == 0, shown.output
    assert rows[0]["trigger"] in shown.output and "events" in shown.output


def test_bad_input_is_skipped_and_counted_without_touching_stored_articles(tmp_path: Path):
    db = str(tmp_path / "e.db")
    good = tmp_path / "good.txt"
    good.write_text("SEOUL — North Korea fired a ballistic missile on Monday, the military said.\n")
    result = runner.invoke(app, ["ingest", str(good), "--db", db, "--published", "2024-01-10", "-q"])
    assert "1 stored (1 events: 1 new" in result.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (bad / "lines.jsonl").write_text('{"url": "u", "text": "x"\nnot json\n')
    result = runner.invoke(app, ["ingest", str(bad), "--db", db, "-q"])
    assert result.exit_code == 1, result.output  # a run that stores nothing fails, saying why (issue 17)
    assert "skipped" in result.output and "empty" in result.output and "binary" in result.output
    assert "nothing stored: all 4 documents were skipped" in result.output
    listed = runner.invoke(app, ["events", "--db", db, "--format", "json"])
    assert len(json.loads(listed.output)) == 1


def test_bad_options_give_clear_errors(tmp_path: Path):
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "x.db"), "--type", "EXPLODE"])
    assert result.exit_code != 0
    assert "must be one of" in result.output
    result = runner.invoke(app, ["events", "--db", str(tmp_path / "x.db"), "--since", "yesterday"])
    assert result.exit_code != 0


def test_events_and_show_display_place_reported_by_and_quotes(tmp_path: Path):
    db = str(tmp_path / "demo.db")
    assert runner.invoke(app, ["demo", "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["events", "--db", db, "--type", "MOBILIZE", "--format", "json", "--limit", "500"])
    rows = json.loads(listed.output)
    yellow_sea = [r for r in rows if r["place"] == "Yellow Sea"]
    assert yellow_sea, [(r["place"], r["evidence"][:50]) for r in rows]
    launch = yellow_sea[0]
    assert launch["place_basis"] in ("sentence", "restatement") and launch["place_precision"] == "region"
    assert 30 < launch["lat"] < 40 and 119 < launch["lon"] < 127
    assert launch["reported_by"] == "KORMIL" and launch["claim"] == "third-party"
    by_place = json.loads(runner.invoke(app, ["events", "--db", db, "--place", "yellow sea", "--format",
                                              "json"]).output)
    assert {r["id"] for r in by_place} >= {launch["id"]} and all(r["place"] == "Yellow Sea" for r in by_place)

    threats = json.loads(runner.invoke(app, ["events", "--db", db, "--type", "THREATEN", "--format", "json",
                                             "--limit", "500"]).output)
    quoted = [r for r in threats if r["quotes"]]
    assert quoted, "demo threats carry their quoted words"
    assert all(q["text"] in r["evidence"] or q["speaker"] for r in quoted for q in r["quotes"])

    table = runner.invoke(app, ["events", "--db", db, "--place", "Yellow Sea", "--wide"])  # reported by: wide
    assert "Yellow Sea" in table.output and "KORMIL" in table.output
    shown = runner.invoke(app, ["show", launch["article_id"], "--db", db])
    assert "where: Yellow Sea (region)" in shown.output and "reported by KORMIL" in shown.output
    assert "quotes" in shown.output and "Our military is closely monitoring" in shown.output


def test_merged_events_copies_stories_and_related(tmp_path: Path):
    db = str(tmp_path / "demo.db")
    first = runner.invoke(app, ["demo", "--db", db])
    assert "1 near-duplicate copies" in first.output
    rows = json.loads(runner.invoke(app, ["events", "--db", db, "--type", "MOBILIZE", "--since", "2023-03-14",
                                          "--until", "2023-03-14", "--format", "json"]).output)
    launch = max(rows, key=lambda r: r["num_sources"])
    assert (launch["num_mentions"], launch["num_articles"], launch["num_sources"]) == (3, 3, 3)
    assert launch["first_seen"] == launch["last_seen"] == "2023-03-14"

    shown = runner.invoke(app, ["event", str(launch["id"]), "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "3 mentions in 3 articles from 3 sources" in shown.output
    for outlet in ("Example News Wire", "Daily Aggregator", "Tokyo Ledger"):
        assert outlet in shown.output
    assert runner.invoke(app, ["event", "999999", "--db", db]).exit_code == 2

    stories = runner.invoke(app, ["stories", "--db", db])
    assert "1 stories" in stories.output and "North Korea fires" in stories.output

    related = json.loads(runner.invoke(app, ["related", launch["article_id"], "--db", db, "--format",
                                             "json"]).output)
    assert len(related) >= 2 and related[0]["shared_events"] >= 1
    assert {r["title"] for r in related[:2]} == {
        "N. Korea launches 2 ballistic missiles at start of US-South Korea drills",
        "North Korea fires missiles as US, South Korea begin biggest drills in years"}
    table = runner.invoke(app, ["related", launch["article_id"], "--db", db])
    assert "[copy]" in table.output and "shared events" in table.output
    copy_id = next(r["article_id"] for r in related if r["duplicate"])
    assert "near-duplicate copy of" in runner.invoke(app, ["show", copy_id, "--db", db]).output
    assert runner.invoke(app, ["ingest", str(tmp_path), "--db", db, "--duplicate-threshold", "1.5"]).exit_code == 2
