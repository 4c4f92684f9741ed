"""build_article: clean + segment + a stable identity."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from eventwatch.errors import DocumentError
from eventwatch.model import RawDocument
from eventwatch.text import build_article, content_hash

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"


def raw_fixture(name: str, **meta) -> RawDocument:
    return RawDocument((FIXTURES / name).read_text(encoding="utf-8"), "text", name, **meta)


def test_article_fields() -> None:
    raw = raw_fixture("ap_missile_trailers.txt", url="https://example.org/a", published=dt.date(2023, 3, 16),
                      source="Example")
    article = build_article(raw)
    expected = hashlib.sha256(" ".join(article.text.lower().split()).encode()).hexdigest()
    assert article.content_hash == expected
    assert article.id == hashlib.sha256(f"{expected}\nhttps://example.org/a".encode()).hexdigest()[:16]
    assert build_article(raw_fixture("ap_missile_trailers.txt")).id == expected[:16]  # no URL: the text alone
    assert (article.url, article.published, article.source, article.origin) == (
        "https://example.org/a", dt.date(2023, 3, 16), "Example", "ap_missile_trailers.txt"
    )
    assert article.dateline is not None and article.dateline.place == "Seoul, South Korea"
    assert article.debris_removed > 10
    assert len(article.paragraphs) == 6
    for s in article.sentences:
        assert article.text[s.start:s.end] == s.text


def test_title_prefers_raw_title() -> None:
    assert build_article(raw_fixture("no_dateline.txt", title="Given")).title == "Given"
    assert build_article(raw_fixture("no_dateline.txt")).title == (
        "Floodwaters recede in northern Italy as cleanup begins"
    )


def test_hash_ignores_case_and_spacing_but_not_words() -> None:
    assert content_hash("North Korea  fired.\n\nIt landed.") == content_hash("north korea fired. it landed.")
    assert content_hash("North Korea fired.") != content_hash("South Korea fired.")


def test_same_story_scraped_twice_has_the_same_id() -> None:
    body = "SEOUL — North Korea fired a missile into the sea on Thursday, the military said."
    a = build_article(RawDocument(f"Home | World\n{body}\nShare this:\nAdvertisement", "text", "a"))
    b = build_article(RawDocument(f"<html><body><p>{body}</p><footer>© 2023 Example</footer></body></html>",
                                  "html", "b"))
    assert a.id == b.id


@pytest.mark.parametrize("content", ["Advertisement\nShare this:\n© 2023 Example", "   ", "<html></html>"])
def test_no_body(content: str) -> None:
    kind = "html" if content.startswith("<") else "text"
    with pytest.raises(DocumentError) as info:
        build_article(RawDocument(content, kind, "empty-origin"))
    assert info.value.reason == "no-body"
    assert info.value.origin == "empty-origin"
