"""Readers: kinds, metadata, and every bad-input reason, without ever raising."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwatch.errors import DocumentError
from eventwatch.ingest import iter_documents
from eventwatch.model import RawDocument

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"
BODY = (
    "ANKARA, Turkey — Rescue teams pulled two survivors from the rubble of an apartment block on "
    "Tuesday, officials said, as hopes faded for hundreds still missing after the earthquake.\n"
)


def only(path: Path, **kwargs) -> RawDocument | DocumentError:
    items = list(iter_documents(path, **kwargs))
    assert len(items) == 1, items
    return items[0]


def error(path: Path, **kwargs) -> DocumentError:
    item = only(path, **kwargs)
    assert isinstance(item, DocumentError), item
    return item


def document(path: Path, **kwargs) -> RawDocument:
    item = only(path, **kwargs)
    assert isinstance(item, RawDocument), item
    return item


# --- kinds and folders -------------------------------------------------------------------------

def test_folder_walk_is_sorted_and_skips_companions() -> None:
    items = list(iter_documents(FIXTURES))
    names = [Path(item.origin).name for item in items]
    assert names == sorted(names)
    assert "README.md" not in names
    assert not any(name.endswith(".meta.json") for name in names)
    assert all(isinstance(item, RawDocument) for item in items)
    kinds = {Path(item.origin).suffix: item.kind for item in items}
    assert kinds == {".txt": "text", ".html": "html"}


def test_folder_walk_is_recursive_and_deterministic(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "z").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ("b/2.txt", "a/z/1.txt", "a/0.htm", "c.txt", ".hidden/x.txt"):
        (tmp_path / rel).write_text(BODY, encoding="utf-8")
    for rel in ("notes.md", "image.png", "README.txt", "c.gold.yaml", "c.meta.json"):
        (tmp_path / rel).write_text("{}", encoding="utf-8")
    origins = [Path(item.origin).relative_to(tmp_path).as_posix() for item in iter_documents(tmp_path)]
    assert origins == ["a/0.htm", "a/z/1.txt", "b/2.txt", "c.txt"]
    assert origins == [Path(i.origin).relative_to(tmp_path).as_posix() for i in iter_documents(tmp_path)]


def test_single_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    doc = document(path)
    assert doc.kind == "text"
    assert doc.content == BODY
    assert doc.origin == str(path)
    assert (doc.url, doc.title, doc.published, doc.source) == (None, None, None, None)


def test_explicit_unsupported_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "story.pdf"
    path.write_bytes(b"%PDF-1.4")
    assert error(path).reason == "unsupported"


def test_missing_path_is_reported(tmp_path: Path) -> None:
    assert error(tmp_path / "nope.txt").reason == "unreadable"


# --- metadata ----------------------------------------------------------------------------------

def test_sidecar_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(json.dumps({
        "url": "https://example.org/quake", "title": "Survivors found", "published": "2023-02-07",
        "source": "Example News",
    }), encoding="utf-8")
    doc = document(path)
    assert doc.url == "https://example.org/quake"
    assert doc.title == "Survivors found"
    assert doc.published == dt.date(2023, 2, 7)
    assert doc.source == "Example News"


def test_fixture_sidecar_is_used() -> None:
    doc = document(FIXTURES / "reuters_blank_lines.txt")
    assert doc.published == dt.date(2023, 3, 16)
    assert doc.source == "Example Wire"
    assert doc.url and doc.url.startswith("https://news.example.com/")


def test_url_argument_overrides_sidecar_and_published_only_fills_in(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Published: March 1, 2023\n" + BODY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text(
        json.dumps({"url": "https://example.org/a", "published": "2023-02-07T10:00:00Z"}), encoding="utf-8"
    )
    doc = document(path, published=dt.date(2023, 2, 8), url="https://example.org/b")
    assert doc.published == dt.date(2023, 2, 7)  # the sidecar states it; --published is for those that don't
    assert doc.url == "https://example.org/b"
    (tmp_path / "story.meta.json").unlink()
    assert document(path, published=dt.date(2023, 2, 8)).published == dt.date(2023, 3, 1)  # the page's own line
    path.write_text(BODY, encoding="utf-8")
    assert document(path, published=dt.date(2023, 2, 8)).published == dt.date(2023, 2, 8)


def test_bad_sidecar_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"published": "yesterday"}', encoding="utf-8")
    err = error(path)
    assert err.reason == "malformed-meta"
    assert err.origin == str(path)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Published: March 16, 2023", dt.date(2023, 3, 16)),
        ("Updated 2023-03-16 09:12", dt.date(2023, 3, 16)),
        ("16 March 2023", dt.date(2023, 3, 16)),
        ("Thursday, Mar. 16, 2023 at 9:12 a.m. EDT", dt.date(2023, 3, 16)),
        ("On March 16, 2023, the ministry said nothing.", None),
    ],
)
def test_text_published_line(tmp_path: Path, head: str, expected: dt.date | None) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Quake survivors found\nBy Jane Doe\n{head}\n\n{BODY}", encoding="utf-8")
    assert document(path).published == expected


def test_published_line_prefers_published_over_updated(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(f"Updated 2023-03-17 08:00\nPublished: March 16, 2023\n{BODY}", encoding="utf-8")
    assert document(path).published == dt.date(2023, 3, 16)


def test_published_line_beyond_head_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n".join(["Headline"] * 9 + ["Published: March 16, 2023", BODY]), encoding="utf-8")
    assert document(path).published is None


def test_html_metadata_from_page() -> None:
    doc = document(FIXTURES / "messy_page.html")
    assert doc.kind == "html"
    assert doc.title == "Drone strikes hit Kyiv power grid as temperatures drop"
    assert doc.published == dt.date(2023, 1, 14)


def test_html_time_element(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Rescue teams find survivors</title></head><body><article>"
        '<h1>Rescue teams find survivors</h1><time datetime="2023-02-07T08:00:00Z">Feb 7</time>'
        f"<p>{BODY}</p></article></body></html>",
        encoding="utf-8",
    )
    doc = document(path)
    assert doc.title == "Rescue teams find survivors"
    assert doc.published == dt.date(2023, 2, 7)


# --- bad input ---------------------------------------------------------------------------------

def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert error(path).reason == "empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \n\t\r\n  \n")
    assert error(path).reason == "empty"


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert error(path).reason == "binary"


def test_mostly_control_characters_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19]) * 40 + b"some text")
    assert error(path).reason == "binary"


def test_too_large_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_text(BODY * 20, encoding="utf-8")

    def refuse(*args, **kwargs):
        raise AssertionError("file was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    err = error(path, max_bytes=100)
    assert err.reason == "too-large"


def test_latin1_file_decodes_correctly(tmp_path: Path) -> None:
    text = (
        "SÃO PAULO, Brazil - The président of the café owners' association, José Muñoz, said on "
        "Monday that prices would rise à partir de juin, and that señora Peña agreed.\n"
    )
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    assert document(path).content == text


def test_latin1_short_text(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("Café crème à São Paulo, the président said.\n".encode("latin-1"))
    assert document(path).content == "Café crème à São Paulo, the président said.\n"


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    assert document(path).content == BODY


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(BODY.encode("utf-16"))
    assert document(path).content == BODY


def test_html_declared_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    html = f'<html><head><meta charset="windows-1252"><title>Qu’est-ce</title></head><body><p>{BODY}</p></body></html>'
    path.write_bytes(html.encode("cp1252"))
    assert "Qu’est-ce" in document(path).content


def test_undecodable_bytes(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    assert error(path).reason == "encoding"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(BODY, encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    err = error(path)
    assert err.reason == "unreadable"
    assert "Permission denied" in err.detail


# --- jsonl -------------------------------------------------------------------------------------

def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"url": "https://example.org/1", "title": "One", "published": "2023-02-07",
                    "source": "Example", "text": BODY}),
        "{not json",
        json.dumps({"title": "No body"}),
        "",
        json.dumps({"html": f"<html><body><p>{BODY}</p></body></html>", "published": "2023-02-08T07:00:00Z"}),
        json.dumps({"text": BODY, "published": "last Tuesday"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": BODY, "title": 42}),
        json.dumps({"text": BODY}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_documents(path))
    summary = [(item.origin.rsplit(":", 1)[1], getattr(item, "reason", item.__class__.__name__)) for item in items]
    assert summary == [
        ("1", "RawDocument"),
        ("2", "malformed-jsonl"),
        ("3", "malformed-jsonl"),
        ("5", "RawDocument"),
        ("6", "malformed-jsonl"),
        ("7", "malformed-jsonl"),
        ("8", "empty"),
        ("9", "malformed-jsonl"),
        ("10", "RawDocument"),
    ]
    first, html = items[0], items[3]
    assert isinstance(first, RawDocument) and isinstance(html, RawDocument)
    assert first.origin == f"{path}:1"
    assert (first.url, first.title, first.published, first.source) == (
        "https://example.org/1", "One", dt.date(2023, 2, 7), "Example"
    )
    assert html.kind == "html" and html.published == dt.date(2023, 2, 8)


def test_jsonl_default_date_url_override_and_long_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": BODY, "published": "2023-01-01"}) + "\n"
        + json.dumps({"text": BODY + " Later."}) + "\n",
        encoding="utf-8",
    )
    items = list(iter_documents(path, published=dt.date(2023, 5, 1), url="https://example.org/z", max_bytes=400))
    assert isinstance(items[0], DocumentError) and items[0].reason == "too-large"
    assert items[0].origin == f"{path}:1"
    assert isinstance(items[1], RawDocument) and isinstance(items[2], RawDocument)
    # The record's own date wins; the given one dates the record that states none. The URL overrides.
    assert (items[1].published, items[1].url) == (dt.date(2023, 1, 1), "https://example.org/z")
    assert items[2].published == dt.date(2023, 5, 1)


def test_empty_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert error(path).reason == "empty"
