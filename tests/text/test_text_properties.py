"""Property tests: cleaning and segmentation never raise and offsets always hold."""

from __future__ import annotations

import re
import unicodedata
from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwatch.model import RawDocument
from eventwatch.text import clean, segment
from eventwatch.text.normalize import normalise

# Text built from pieces that exercise the rules (abbreviations, quotes, datelines, debris) mixed
# with arbitrary unicode.
PIECES = st.sampled_from([
    "U.S.", "a.m.", "Gen.", "No.", "Dec. 5", "…", "...", '"', "“", "”", "?", "!", ".", " ", "\n", "\n\n",
    "SEOUL, South Korea —", "TOKYO (Reuters) -", "The", "he said", "Advertisement", "Related", "|",
    "By Jane Doe", "2 hours ago", "\u200b", "\ufeff", "\r\n", "\t", "\x00", "\u2029", "—", "-",
    # Hostile unicode: direction marks and isolates, joiners, tag characters, lone surrogates, look-alikes.
    "\u200f", "\u200e", "\u200d", "\u2067", "\u2069", "\u00ad", "\U000e0041", "\ud800", "\udfff",
    "N\u043erth K\u043erea", "\u041c\u043e\u0441\u043a\u0432\u0430", "e\u0301", "\ufe0f",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=60).map("".join)


def check(text: str) -> None:
    seg = segment(text)
    for i, s in enumerate(seg.sentences):
        assert s.index == i
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        assert 0 <= s.paragraph < len(seg.paragraphs)
        para = seg.paragraphs[s.paragraph]
        assert para.start <= s.start and s.end <= para.end
    for para in seg.paragraphs:
        assert 0 <= para.start < para.end <= len(text)
    if seg.dateline is not None:
        assert 0 <= seg.dateline.start < seg.dateline.end <= len(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_clean_and_segment_text(text: str) -> None:
    cleaned = clean(RawDocument(text, "text", "prop"))
    check(cleaned.text)
    assert cleaned.debris_removed >= 0
    check(text)


# What normalise removes: nothing of it may survive into text that offsets point at or a database stores.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
                       "\ud800-\udfff\ufe00-\ufe0f\ufeff\U000e0000-\U000e007f]")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_normalise_is_idempotent_and_leaves_nothing_invisible(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert not FORBIDDEN.search(once)
    assert once == unicodedata.normalize("NFC", once)
    # Look-alikes are folded only inside words that also hold Latin letters: a Cyrillic word stays Cyrillic.
    assert "\u043e" not in " ".join(w for w in re.findall(r"[^\W\d_]+", once) if re.search("[A-Za-z]", w))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.sampled_from(["<p>", "</p>", "<div>", "<br>", "<html>", "<!--", "&amp;"]),
                          st.text(max_size=10)), max_size=40).map("".join))
def test_clean_html_never_raises(html: str) -> None:
    check(clean(RawDocument(html, "html", "prop")).text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 4000), st.sampled_from(["div", "span", "p", "table", "b"]), TEXT)
def test_text_survives_any_nesting_depth(depth: int, tag: str, text: str) -> None:
    """Past libxml2's depth limits the extractor still returns the words of the page."""
    sentence = "SEOUL — North Korea fired a missile on Monday, officials said."
    html = f"<html><body>{f'<{tag}>' * depth}<p>{sentence}</p><p>{escape(text)}</p>{f'</{tag}>' * depth}</body></html>"
    cleaned = clean(RawDocument(html, "html", "prop")).text
    check(cleaned)
    assert sentence in cleaned
