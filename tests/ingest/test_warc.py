"""WARC reading: CC-NEWS-style response records in, RawDocuments (or skips with reasons) out, never an exception."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwatch.cli import app
from eventwatch.errors import DocumentError
from eventwatch.ingest import iter_documents
from eventwatch.ingest.warc import iter_warc
from eventwatch.model import RawDocument

MISSILE_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>North Korea fires ballistic missile toward Sea of Japan</title>
<meta property="og:title" content="North Korea fires ballistic missile toward Sea of Japan">
<meta property="article:published_time" content="2024-01-14T06:10:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/asia">Asia</a></nav>
<article>
<h1>North Korea fires ballistic missile toward Sea of Japan</h1>
<p>TOKYO — North Korea fired a ballistic missile off its east coast on Sunday, Japan's defense ministry said,
its first launch of the year.</p>
<p>The missile flew about 1,000 kilometers before falling into the sea outside Japan's exclusive economic zone,
the ministry said. There were no reports of damage to ships or aircraft.</p>
<p>South Korea's Joint Chiefs of Staff said the launch was detected from the Pyongyang area at about 2:55 p.m.
and that the military had strengthened its surveillance in close coordination with the United States.</p>
<p>Japanese officials lodged a protest with North Korea through diplomatic channels in Beijing.</p>
</article>
<footer>Copyright 2024 Example Wire. All rights reserved.</footer>
</body></html>
"""

# Written in windows-1252 and declared only in the HTTP header: curly quotes and dashes are bytes 0x91–0x97.
DRILLS_PAGE = """<html><head><title>Allies begin drills; Pyongyang warns of ‘response’</title></head><body>
<article>
<h1>Allies begin drills; Pyongyang warns of ‘response’</h1>
<p>SEOUL — South Korea and the United States began joint military drills on Monday, the Joint Chiefs of Staff
said, days after North Korea tested what it called a new solid-fuel engine.</p>
<p>“The drills will go ahead as planned,” a defense ministry spokesman told reporters in Seoul.</p>
<p>North Korea’s state media warned that the exercises were a rehearsal for invasion — and said the
country’s armed forces would respond with “overwhelming force.”</p>
<p>The drills involve about 20,000 troops and run until the end of the month, officials said. Café owners near
the border town of Paju said the noise had been constant.</p>
</article></body></html>
"""

PLAIN_STORY = """KYIV, Ukraine — Russia launched dozens of drones at Kyiv overnight, Ukraine's air force said on
Tuesday, and air defenses shot down most of them.

Debris fell on two districts of the capital, the city's military administration said. No casualties were
reported.
"""

FETCHED = "2024-01-15T03:04:05Z"


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str | None, status: str = "200 OK",
              extra: list[tuple[str, str]] | None = None):
    headers = [("Content-Type", content_type)] if content_type else []
    headers += extra or []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                     warc_headers_dict={"WARC-Date": FETCHED})


def build_warc(path: Path, gz: bool = True) -> Path:
    """A CC-NEWS-like file: warcinfo, then request/response pairs, plus responses that must be skipped."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test", "format": "WARC 1.1"}))
        request = StatusAndHeaders("GET /2024/01/14/nk-missile HTTP/1.1", [("Host", "news.example.com")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example.com/2024/01/14/nk-missile", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        writer.write_record(_response(writer, "https://news.example.com/2024/01/14/nk-missile",
                                      MISSILE_PAGE.encode("utf-8"), "text/html; charset=UTF-8"))
        writer.write_record(_response(writer, "https://news.example.com/missing", b"<html>Not found</html>",
                                      "text/html", status="404 Not Found"))
        writer.write_record(_response(writer, "https://news.example.com/logo.png",
                                      b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "image/png"))
        writer.write_record(_response(writer, "https://wire.example.org/asia/allies-drills",
                                      DRILLS_PAGE.encode("cp1252"), 'text/html; charset="windows-1252"'))
        writer.write_record(_response(writer, "https://wire.example.org/europe/kyiv-drones.txt",
                                      gzip.compress(PLAIN_STORY.encode("utf-8")), "text/plain",
                                      extra=[("Content-Encoding", "gzip")]))
        writer.write_record(_response(writer, "https://news.example.com/blob", b"\x00\x01\x02\x03" * 500,
                                      "text/html"))
    return path


def items(path: Path, **kwargs) -> list[RawDocument | DocumentError]:
    found = list(iter_warc(path, **kwargs))
    assert all(isinstance(i, RawDocument | DocumentError) for i in found)
    return found


def docs(found) -> list[RawDocument]:
    return [i for i in found if isinstance(i, RawDocument)]


def reasons(found) -> list[str]:
    return [i.reason for i in found if isinstance(i, DocumentError)]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_responses_become_documents_and_the_rest_is_skipped_with_reasons(tmp_path: Path, gz: bool) -> None:
    path = build_warc(tmp_path / ("cc-news.warc.gz" if gz else "cc-news.warc"), gz=gz)
    found = items(path)
    # warcinfo and request records are not documents: they yield nothing at all.
    assert reasons(found) == ["http-status", "content-type", "binary"]
    missile, drills, plain = docs(found)
    assert missile.kind == "html" and missile.url == "https://news.example.com/2024/01/14/nk-missile"
    assert "TOKYO — North Korea fired a ballistic missile" in missile.content
    assert missile.title == "North Korea fires ballistic missile toward Sea of Japan"
    # The page declares its publication time; the WARC-Date (fetch time, a day later) is not used for it.
    assert missile.published == dt.date(2024, 1, 14)
    assert drills.kind == "html" and drills.url == "https://wire.example.org/asia/allies-drills"
    assert "“The drills will go ahead as planned,”" in drills.content
    assert "North Korea’s state media" in drills.content and "invasion — and" in drills.content
    assert "Café owners" in drills.content
    assert drills.published is None  # no date on the page: unknown, not the fetch date
    assert plain.kind == "text" and plain.content == PLAIN_STORY  # gzip content encoding undone
    for item in found:
        file, _, rest = item.origin.partition("#")
        assert file == str(path) and int(rest.split()[0]) >= 0
    assert all(d.origin.endswith(f"(fetched {FETCHED})") for d in docs(found))
    assert [i.detail for i in found if isinstance(i, DocumentError)][:2] == ["HTTP 404", "image/png"]


def test_origin_offsets_point_at_the_records(tmp_path: Path) -> None:
    from warcio.archiveiterator import ArchiveIterator

    path = build_warc(tmp_path / "x.warc.gz")
    for item in items(path):
        offset = int(item.origin.split("#")[1].split()[0])
        with path.open("rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI").startswith("https://")


def test_oversized_payload_is_skipped_and_the_next_record_still_read(tmp_path: Path) -> None:
    path = build_warc(tmp_path / "x.warc.gz")
    found = items(path, max_bytes=1000)  # the missile page is 1,205 bytes, the drills page 817, the blob 2,000
    assert reasons(found) == ["too-large", "http-status", "content-type", "too-large"]
    assert [d.url for d in docs(found)] == ["https://wire.example.org/asia/allies-drills",
                                            "https://wire.example.org/europe/kyiv-drones.txt"]


def test_mislabelled_utf8_page_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(_response(writer, "https://e.example/a", DRILLS_PAGE.encode("utf-8"),
                                      "text/html; charset=ISO-8859-1"))
        writer.write_record(_response(writer, "https://e.example/b", DRILLS_PAGE.encode("cp1252"),
                                      "text/html; charset=ISO-8859-1"))  # read as browsers do: windows-1252
    first, second = docs(items(path))
    assert "“The drills" in first.content and "“The drills" in second.content


def _good_prefix(path: Path) -> int:
    """How many documents the intact file gives before its binary record (the last one)."""
    return len(items(path)) - 1


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("cut", [0.97, 0.8, 0.55, 0.3])
def test_truncated_file_yields_what_precedes_the_damage_then_one_error(tmp_path: Path, gz: bool,
                                                                       cut: float) -> None:
    whole = build_warc(tmp_path / ("whole.warc.gz" if gz else "whole.warc"), gz=gz)
    intact = items(whole)
    data = whole.read_bytes()
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[: int(len(data) * cut)])
    found = items(path)
    assert found[-1].reason == "truncated-warc"
    assert reasons(found).count("truncated-warc") == 1
    before = found[:-1]
    def where(item):  # offset and fetch date, the part of the origin after the file name
        return item.origin.partition("#")[2], type(item)

    assert [where(i) for i in before] == [where(i) for i in intact[: len(before)]]
    assert len(before) < len(intact)
    # The error is located where the first record that could not be read starts.
    damaged_at = int(found[-1].origin.split("#")[1])
    assert damaged_at < len(data) * cut


def test_gzip_member_cut_in_its_first_bytes_is_reported(tmp_path: Path) -> None:
    whole = build_warc(tmp_path / "whole.warc.gz")
    data = whole.read_bytes()
    last_offset = int(items(whole)[-1].origin.split("#")[1].split()[0])
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: last_offset + 3])
    found = items(path)
    assert found[-1].reason == "truncated-warc" and found[-1].origin == f"{path}#{last_offset}"
    assert len(found) == len(items(whole))  # every whole record, then the error in place of the cut one


@pytest.mark.parametrize("content", [b"this is not a WARC file at all\n" * 20, b"\x1f\x8b\x08\x00garbage" * 30,
                                     b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\nshort"])
def test_corrupt_files_never_raise(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    found = items(path)
    assert reasons(found) == ["truncated-warc"] and found[0].origin == f"{path}#0"


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.warc").write_bytes(b"")
    assert reasons(items(tmp_path / "empty.warc")) == ["empty"]
    assert reasons(items(tmp_path / "missing.warc.gz")) == ["unreadable"]


def test_folder_walk_reads_warc_files_and_ignores_arc(tmp_path: Path) -> None:
    build_warc(tmp_path / "a.warc.gz")
    build_warc(tmp_path / "b.WARC", gz=False)
    (tmp_path / "c.arc.gz").write_bytes(b"not read")
    found = list(iter_documents(tmp_path))
    assert len(docs(found)) == 6
    assert {Path(i.origin.split("#")[0]).name for i in found} == {"a.warc.gz", "b.WARC"}


def test_ingest_command_stores_the_articles_of_a_warc(tmp_path: Path) -> None:
    path = build_warc(tmp_path / "CC-NEWS-20240115030405-00001.warc.gz")
    db = str(tmp_path / "x.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(path), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    # The drills page and the plain story declare no publication date: skipped, never dated by the ingest day.
    assert "1 stored" in result.output and "skipped 2 × no-date" in result.output
    for reason in ("http-status", "content-type", "binary"):
        assert reason in result.output
    listed = runner.invoke(app, ["events", "--db", db, "--format", "json", "--limit", "1000"])
    rows = json.loads(listed.output)
    urls = {row["url"] for row in rows}
    assert "https://news.example.com/2024/01/14/nk-missile" in urls
    launch = [r for r in rows if r["url"].endswith("nk-missile") and r["type"] == "MOBILIZE"]
    assert launch and launch[0]["source"].startswith("PRK") and launch[0]["date"] == "2024-01-14"
    again = runner.invoke(app, ["ingest", str(path), "--db", db, "-q"])
    assert "0 stored" in again.output and "1 already stored" in again.output
