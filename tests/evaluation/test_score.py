"""Matching rules of the shared gold format, and the eval command end to end on a tiny gold folder."""

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.evaluation.gold import GoldEvent, parse_gold_date
from eventwatch.evaluation.score import Report, dates_compatible, matches, score_article
from eventwatch.model import Event, Evidence


def event(source="PRKMIL", target=None, kind="MOBILIZE", day=dt.date(2023, 3, 16), precision="day"):
    evidence = Evidence("s", 0, 0, 1, 0, 1, None)
    return Event(source, target, kind, "missile-test", "15", -6.5, "asserted", day, precision, evidence)


def gold(source="PRKMIL", target=None, kinds=("MOBILIZE",), day=dt.date(2023, 3, 16), precision="day"):
    return GoldEvent(source, target, kinds, "missile-test", day, precision, "asserted", "s")


def test_dates_compatible_at_the_coarser_precision():
    assert dates_compatible(dt.date(2023, 3, 16), "day", dt.date(2023, 3, 1), "month")
    assert dates_compatible(dt.date(2023, 3, 16), "day", dt.date(2023, 3, 13), "week")
    assert not dates_compatible(dt.date(2023, 3, 16), "day", dt.date(2023, 3, 15), "day")
    assert not dates_compatible(dt.date(2023, 3, 16), "day", dt.date(2023, 2, 1), "month")
    assert dates_compatible(dt.date(2022, 1, 1), "year", dt.date(2022, 7, 4), "day")


def test_country_part_decides_a_match_and_type_lists_allow_either_reading():
    assert matches(event(source="PRKGOV"), gold(source="PRKMIL"))
    assert not matches(event(source="KORMIL"), gold(source="PRKMIL"))
    assert not matches(event(target="USA"), gold(target=None))
    assert matches(event(kind="THREATEN"), gold(kinds=("MOBILIZE", "THREATEN")))


def test_each_gold_event_matches_one_prediction_and_details_are_scored():
    report = Report()
    score_article(report, "a", [event(source="PRKGOV"), event(source="PRKMIL")], [gold()])
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 1, 0)
    assert report.exactness("actor_codes") == 1.0  # the exact one was preferred
    score_article(report, "b", [], [gold()])
    assert report.overall.fn == 1 and report.overall.recall == 0.5


def test_gold_dates_in_all_three_yaml_shapes():
    assert parse_gold_date(dt.date(2023, 3, 16), "day", "x") == dt.date(2023, 3, 16)
    assert parse_gold_date("2023-02", "month", "x") == dt.date(2023, 2, 1)
    assert parse_gold_date(2022, "year", "x") == dt.date(2022, 1, 1)


def test_eval_command_scores_a_folder_and_enforces_the_floor(tmp_path: Path):
    (tmp_path / "001.txt").write_text(
        "SEOUL — North Korea fired two ballistic missiles on Monday, the Joint Chiefs of Staff said.\n"
        "Source link\nYou May Also Like\nArmy fires on protesters\nTroops opened fire on Monday as…\n")
    (tmp_path / "001.meta.json").write_text(json.dumps({"url": "u", "title": "t", "published": "2024-01-10",
                                                        "source": "s"}))
    (tmp_path / "001.gold.yaml").write_text(
        "events:\n  - {source_actor: PRKMIL, target_actor: null, plover_type: MOBILIZE, mode: missile-test,\n"
        "     date: 2024-01-08, date_precision: day, place: null, quantity: '2 ballistic missiles',\n"
        "     modality: asserted, reported_by: KORMIL, evidence: 'North Korea fired two ballistic missiles'}\n")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--json", str(out), "--min-f1", "0.99"])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["overall"]["f1"] == 1.0 and report["exactness"]["date"] == 1.0
    (tmp_path / "001.gold.yaml").write_text(
        "events:\n  - {source_actor: USAMIL, target_actor: null, plover_type: ASSAULT, date: 2024-01-08,\n"
        "     date_precision: day, modality: asserted, evidence: x}\n")
    failed = CliRunner().invoke(app, ["eval", str(tmp_path), "--min-f1", "0.5"])
    assert failed.exit_code == 1


def _placed(name: str, basis: str = "sentence", text: str | None = None) -> Event:
    from eventwatch.nlp.gazetteer import get_gazetteer

    e = event()
    e.place, e.place_basis, e.place_text = get_gazetteer().lookup(name)[0].place, basis, text or name
    return e


def test_place_scoring_follows_the_gold_convention():
    from eventwatch.evaluation.places import same_place

    # gold null: only a stated place is wrong; an inferred dateline or actor-country place is not a claim.
    assert same_place(_placed("North Korea", basis="actor-country"), None)
    assert same_place(event(), None)
    assert not same_place(_placed("Beijing"), None)
    # a named gold place: the same place, or one within NEAR_KM of a place the gold text names.
    assert same_place(_placed("Sunan"), "Pyongyang area")
    assert same_place(_placed("Jeju Island"), "south of Jeju Island")
    assert not same_place(_placed("Seoul"), "Pyongyang")
    assert not same_place(_placed("Pyongyang", basis="dateline"), "Pyongyang")
    # gold text naming no gazetteer place: word overlap with what the text said.
    assert same_place(_placed("Korean Peninsula", text="the border area"), "border area")
    assert not same_place(_placed("Korean Peninsula", text="the peninsula"), "central front")


def test_reported_by_is_scored_by_country_and_by_code():
    report = Report()
    predicted = event()
    predicted.reported_by = "KORGOV"
    g = GoldEvent("PRKMIL", None, ("MOBILIZE",), "missile-test", dt.date(2023, 3, 16), "day", "asserted", "s",
                  reported_by="KORMIL", has_reported_by=True, place=None, has_place=True)
    score_article(report, "a", [predicted], [g])
    assert report.exactness("reported_by") == 1.0
    assert report.exactness("reported_by_code") == 0.0
    assert report.exactness("place") == 1.0
