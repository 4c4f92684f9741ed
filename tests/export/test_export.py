"""Exports over the demo corpus: every format, the filters, streaming, and the GDELT 2.0 event table."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.coding.ontology import get_ontology
from eventwatch.datafiles import data_rows
from eventwatch.errors import StoreError
from eventwatch.export import FIELDS, FORMATS, GDELT_COLUMNS, SCHEMA, export_events, export_rows
from eventwatch.export.gdelt import ORG_PREFIXES, fips_code, fraction_date, geo_type, split_actor
from eventwatch.store import open_store
from eventwatch.store.event_query import EventFilter
from eventwatch.store.flat import event_rows
from eventwatch.store.records import PlaceRecord

runner = CliRunner()
COL = {name: i for i, name in enumerate(GDELT_COLUMNS)}

FILTERS = {
    "all": ([], EventFilter()),
    "actor": (["--actor", "prk"], EventFilter(actor="PRK")),
    "type": (["--type", "MOBILIZE", "--source", "PRK"], EventFilter(plover_type="MOBILIZE", source="PRK")),
    "dates": (["--since", "2023-01-01", "--until", "2023-12-31"],
              EventFilter(since=dt.date(2023, 1, 1), until=dt.date(2023, 12, 31))),
    "place": (["--place", "PRK", "--modality", "asserted"], EventFilter(place="PRK", modality="asserted")),
    "q": (["--q", "missile"], EventFilter(q="missile")),
    "target": (["--target", "USA", "--mode", "military-threat"],
               EventFilter(target="USA", mode="military-threat")),
}


@pytest.fixture
def store(demo_db):
    with open_store(demo_db) as opened:
        yield opened


def _export(db: str, fmt: str, out: Path, *args: str) -> None:
    result = runner.invoke(app, ["export", "--db", db, "--format", fmt, "--out", str(out), *args])
    assert result.exit_code == 0, result.output


def _ids(fmt: str, path: Path) -> list[int]:
    if fmt == "parquet":
        return pq.read_table(path).column("id").to_pylist()
    text = path.read_text("utf-8")
    if fmt == "csv":
        return [int(row["id"]) for row in csv.DictReader(io.StringIO(text, newline=""))]
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in text.splitlines()]
    return [int(line.split("\t")[0]) for line in text.splitlines()]


def _jsonl(db: str, tmp_path: Path, *args: str) -> list[dict]:
    _export(db, "jsonl", tmp_path / "x.jsonl", *args)
    return [json.loads(line) for line in (tmp_path / "x.jsonl").read_text("utf-8").splitlines()]


def _gdelt(db: str, tmp_path: Path, *args: str) -> list[list[str]]:
    _export(db, "gdelt", tmp_path / "x.tsv", *args)
    text = (tmp_path / "x.tsv").read_text("utf-8")
    assert text.endswith("\n") and "\r" not in text
    return [line.split("\t") for line in text.splitlines()]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", FILTERS)
def test_every_format_exports_exactly_the_matching_events(demo_db, store, tmp_path, fmt, name) -> None:
    args, where = FILTERS[name]
    expected = [r.id for r in store.query_events(where=where, sort="date", limit=100_000)]
    assert len(expected) == store.count_events(where)
    if name in ("all", "actor", "type", "q"):
        assert expected, f"the demo corpus has events for filter {name}"
    out = tmp_path / f"events.{fmt}"
    _export(demo_db, fmt, out, *args)
    assert _ids(fmt, out) == expected  # the same events, oldest first
    assert not list(tmp_path.glob("*.part"))


def test_export_returns_the_count_and_writes_to_streams(store) -> None:
    where = FILTERS["actor"][1]
    buffer = io.StringIO()
    assert export_events(store, where, "jsonl", buffer) == store.count_events(where)
    binary = io.BytesIO()
    assert export_events(store, where, "parquet", binary) == store.count_events(where)
    assert pq.read_table(pa.BufferReader(binary.getvalue())).num_rows == store.count_events(where)


def test_csv_and_jsonl_fields_are_those_of_the_events_command_plus_extras(demo_db, store, tmp_path) -> None:
    listed = runner.invoke(app, ["events", "--db", demo_db, "--format", "json", "--limit", "100000"])
    shown = json.loads(listed.output)
    exported = _jsonl(demo_db, tmp_path)
    assert len(exported) == len(shown) == store.count_events()
    assert list(event_rows(store.query_events(limit=1))[0]) == list(FIELDS[:len(shown[0])])
    by_id = {row["id"]: row for row in exported}
    for row in shown:
        assert {k: by_id[row["id"]][k] for k in row} == row
    extras = set(FIELDS) - set(shown[0])
    assert extras == {"date_start", "quantity_unit", "quantity_qualifier", "article_title", "article_source"}
    for row in exported:
        assert list(row) == list(FIELDS)
        assert row["date_start"][:4] == row["date"][:4] and row["url"].startswith("https://")
        assert isinstance(row["num_mentions"], int) and row["num_mentions"] >= row["num_articles"] >= 1

    _export(demo_db, "csv", tmp_path / "x.csv")
    with (tmp_path / "x.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == FIELDS
        rows = list(reader)
    assert [int(r["id"]) for r in rows] == [r["id"] for r in exported]
    for flat, full in zip(rows, exported, strict=True):
        assert json.loads(flat["quotes"]) == full["quotes"]
        assert flat["evidence"] == full["evidence"] and int(flat["num_mentions"]) == full["num_mentions"]
        assert flat["aggregate"] == str(full["aggregate"]) and float(flat["intensity"]) == full["intensity"]
        assert flat["place"] == (full["place"] or "")
    assert any(row["quotes"] for row in exported), "the demo corpus has events supported by quotes"


def test_parquet_columns_are_typed_and_hold_the_same_values(demo_db, tmp_path) -> None:
    _export(demo_db, "parquet", tmp_path / "x.parquet", "--batch", "50")
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.schema.equals(SCHEMA) and tuple(table.schema.names) == FIELDS
    types = {f.name: f.type for f in table.schema}
    assert types["id"] == pa.int64() and types["num_mentions"] == pa.int64() and types["start"] == pa.int64()
    assert types["intensity"] == types["lat"] == types["confidence"] == pa.float64()
    assert types["date_start"] == types["first_seen"] == types["last_seen"] == pa.date32()
    assert types["aggregate"] == pa.bool_() and types["type"] == pa.string()
    assert pa.types.is_list(types["quotes"]) and pa.types.is_struct(types["quotes"].value_type)
    assert pq.ParquetFile(tmp_path / "x.parquet").metadata.num_row_groups == -(-table.num_rows // 50)
    exported = _jsonl(demo_db, tmp_path)
    for got, want in zip(table.to_pylist(), exported, strict=True):
        for key in ("date_start", "first_seen", "last_seen"):
            got[key] = got[key].isoformat() if got[key] else None
        assert got == want


def test_gdelt_rows_follow_the_codebook(demo_db, tmp_path) -> None:
    rows = _gdelt(demo_db, tmp_path)
    events = {row["id"]: row for row in _jsonl(demo_db, tmp_path)}
    assert len(rows) == len(events) and len(GDELT_COLUMNS) == 61
    ontology = get_ontology()
    for row in rows:
        assert len(row) == 61
        event = events[int(row[COL["GlobalEventID"]])]
        day = dt.date.fromisoformat(event["date_start"])
        assert row[COL["Day"]] == day.strftime("%Y%m%d") and row[COL["MonthYear"]] == row[COL["Day"]][:6]
        assert row[COL["Year"]] == row[COL["Day"]][:4] == event["date"][:4]
        assert float(row[COL["Year"]]) <= float(row[COL["FractionDate"]]) < float(row[COL["Year"]]) + 1.07
        assert row[COL["Actor1Code"]] == (event["source"] or "") and row[COL["Actor2Code"]] == (event["target"] or "")
        if event["source"] and event["source"][:3] not in ORG_PREFIXES and event["source"] != "NATO":
            assert row[COL["Actor1CountryCode"]] == event["source"][:3]
            assert row[COL["Actor1Name"]] and row[COL["Actor1Name"]] == row[COL["Actor1Name"]].upper()
        assert row[COL["EventCode"]] == row[COL["EventBaseCode"]] == row[COL["EventRootCode"]] == event["cameo_root"]
        quad = int(row[COL["QuadClass"]])
        assert quad == ontology[event["type"]].quad and 1 <= quad <= 4
        goldstein = float(row[COL["GoldsteinScale"]])
        assert -10 <= goldstein <= 10 and goldstein == event["intensity"]
        assert [int(row[COL[c]]) for c in ("NumMentions", "NumSources", "NumArticles")] == [
            event["num_mentions"], event["num_sources"], event["num_articles"]]
        assert row[COL["AvgTone"]] == "" and row[COL["IsRootEvent"]] in ("0", "1")
        assert row[COL["Actor1Geo_Type"]] == row[COL["Actor2Geo_Type"]] == "0"
        if event["place"]:
            assert float(row[COL["ActionGeo_Lat"]]) == event["lat"]
            assert float(row[COL["ActionGeo_Long"]]) == event["lon"]
            assert row[COL["ActionGeo_FeatureID"]] == event["place_id"]
            assert row[COL["ActionGeo_FullName"]].startswith(event["place"])
            assert row[COL["ActionGeo_Type"]] in ("1", "2", "3", "4", "5")
            if event["place_precision"] == "country":
                assert row[COL["ActionGeo_Type"]] == "1"
                assert row[COL["ActionGeo_CountryCode"]] == row[COL["ActionGeo_ADM1Code"]] == fips_code(
                    event["place_country"])
        else:
            assert row[COL["ActionGeo_Type"]] == "0" and row[COL["ActionGeo_Lat"]] == ""
        assert row[COL["DATEADDED"]] == event["first_seen"].replace("-", "") + "000000"
        assert row[COL["SOURCEURL"]].startswith(("http://", "https://")) and row[COL["SOURCEURL"]] == event["url"]
    launches = [r for r in rows if r[COL["Actor1Code"]] == "PRKMIL" and r[COL["EventRootCode"]] == "15"]
    assert launches and all(r[COL["Actor1Type1Code"]] == "MIL" and r[COL["QuadClass"]] == "4" for r in launches)
    assert any(r[COL["ActionGeo_CountryCode"]] == "KN" for r in launches)  # FIPS, not ISO


@pytest.mark.parametrize("fmt", FORMATS)
def test_streaming_in_small_batches_gives_the_same_output(store, tmp_path, monkeypatch, fmt) -> None:
    where = EventFilter(since=dt.date(2022, 1, 1))
    whole, small = tmp_path / f"whole.{fmt}", tmp_path / f"small.{fmt}"
    assert export_events(store, where, fmt, whole) == store.count_events(where)
    pages: list[tuple[int, int]] = []
    query = store.query_events

    def spy(*args, **kwargs):
        found = query(*args, **kwargs)
        pages.append((kwargs["limit"], len(found)))
        return found

    monkeypatch.setattr(store, "query_events", spy)
    assert export_events(store, where, fmt, small, batch=7) == store.count_events(where)
    assert all(limit == 7 and size <= 7 for limit, size in pages)
    assert len(pages) == store.count_events(where) // 7 + 1
    if fmt == "parquet":
        assert pq.read_table(small).equals(pq.read_table(whole))
        assert pq.ParquetFile(small).metadata.num_row_groups == -(-store.count_events(where) // 7)
    else:
        assert small.read_bytes() == whole.read_bytes()


def test_nothing_matching_gives_valid_empty_files(store, tmp_path) -> None:
    nothing = EventFilter(since=dt.date(2100, 1, 1))
    for fmt in FORMATS:
        assert export_events(store, nothing, fmt, tmp_path / f"none.{fmt}") == 0
    assert (tmp_path / "none.csv").read_text("utf-8").strip() == ",".join(FIELDS)
    assert (tmp_path / "none.jsonl").read_text("utf-8") == (tmp_path / "none.gdelt").read_text("utf-8") == ""
    empty = pq.read_table(tmp_path / "none.parquet")
    assert empty.num_rows == 0 and empty.schema.equals(SCHEMA)


def test_a_failed_export_leaves_no_file(store, tmp_path, monkeypatch) -> None:
    query = store.query_events

    def failing(*args, **kwargs):
        if kwargs["offset"] > 0:
            raise StoreError("connection lost")
        return query(*args, **kwargs)

    monkeypatch.setattr(store, "query_events", failing)
    out = tmp_path / "events.csv"
    with pytest.raises(StoreError):
        export_events(store, None, "csv", out, batch=5)
    assert not out.exists() and not list(tmp_path.iterdir())


def test_bad_requests_are_refused(demo_db, store, tmp_path) -> None:
    with pytest.raises(ValueError, match="format"):
        export_events(store, None, "xml", tmp_path / "x.xml")
    with pytest.raises(ValueError, match="binary"):
        export_events(store, None, "parquet", io.StringIO())
    with pytest.raises(ValueError, match="text"):
        export_events(store, None, "csv", io.BytesIO())
    for args in (["--format", "parquet", "--out", "-"], ["--format", "csv", "--out", "-", "--type", "EXPLODE"],
                 ["--format", "xml", "--out", "x"], ["--format", "csv", "--out", "-", "--since", "yesterday"]):
        result = runner.invoke(app, ["export", "--db", demo_db, *args])
        assert result.exit_code == 2, result.output


def test_stdout_export(demo_db, store) -> None:
    result = runner.invoke(app, ["export", "--db", demo_db, "--format", "gdelt", "--out", "-", "--actor", "PRK"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == store.count_events(EventFilter(actor="PRK")) and all(len(ln.split("\t")) == 61
                                                                               for ln in lines)
    assert "exported" in result.stderr


def test_export_rows_extend_event_rows(store) -> None:
    records = store.query_events(limit=3)
    assert [list(r) for r in export_rows(records)] == [list(FIELDS)] * 3


# --- the GDELT mapping, piece by piece ---------------------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), [
    ("PRKMIL", {"CountryCode": "PRK", "Type1Code": "MIL", "KnownGroupCode": ""}),
    ("USAGOVMIL", {"CountryCode": "USA", "Type1Code": "GOV", "Type2Code": "MIL"}),
    ("KOR", {"CountryCode": "KOR", "Type1Code": ""}),
    ("IGOUNO", {"CountryCode": "", "KnownGroupCode": "UNO", "Type1Code": "IGO"}),
    ("IGOUNOIAE", {"CountryCode": "", "KnownGroupCode": "UNO", "Type1Code": "IGO", "Type2Code": ""}),
    ("NATO", {"CountryCode": "", "KnownGroupCode": "NAT", "Type1Code": "IGO"}),
    ("IMGMOSALQ", {"KnownGroupCode": "ALQ", "Religion1Code": "MOS", "Type1Code": "IMG"}),
    ("CHNGOVPTY", {"CountryCode": "CHN", "Type1Code": "GOV", "Type2Code": "PTY"}),
    (None, {"Code": "", "CountryCode": "", "Type1Code": ""}),
])
def test_actor_codes_split_into_gdelt_fields(code, expected) -> None:
    fields = split_actor(code)
    assert fields["Code"] == (code or "")
    assert {k: fields[k] for k in expected} == expected


def test_geo_types_and_fips_codes() -> None:
    def place(kind: str, country: str | None, precision: str = "site") -> PlaceRecord:
        return PlaceRecord("x", "X", kind, precision, country, 0.0, 0.0)

    assert geo_type(place("country", "PRK", "country")) == 1
    assert geo_type(place("us-state", "USA", "region")) == 2
    assert geo_type(place("city", "USA", "city")) == 3
    assert geo_type(place("city", "KOR", "city")) == 4
    assert geo_type(place("launch-site", "PRK")) == 4
    assert geo_type(place("sea", None, "region")) == 4
    assert geo_type(place("province", "UKR", "region")) == 5
    assert [fips_code(c) for c in ("PRK", "KOR", "JPN", "GBR", "RUS", "CHN", "USA", "KOS")] == [
        "KN", "KS", "JA", "UK", "RS", "CH", "US", "KV"]
    assert fips_code(None) == fips_code("XXX") == ""
    countries = [row["code"] for row in data_rows("actors", "countries.csv")]
    assert [c for c in countries if not fips_code(c)] == []  # every country we code has a FIPS code


def test_fraction_date_matches_gdelt() -> None:
    assert fraction_date(dt.date(2015, 2, 18)) == "2015.1315"
    assert fraction_date(dt.date(1979, 1, 1)) == "1979.0027"
    assert fraction_date(dt.date(2023, 12, 31)) == "2023.9890"  # (11 × 30 + 31) / 365
