"""Property tests: cleaning and segmentation never raise and offsets always hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwatch.model import RawDocument
from eventwatch.text import clean, segment

# Text built from pieces that exercise the rules (abbreviations, quotes, datelines, debris) mixed
# with arbitrary unicode.
PIECES = st.sampled_from([
    "U.S.", "a.m.", "Gen.", "No.", "Dec. 5", "…", "...", '"', "“", "”", "?", "!", ".", " ", "\n", "\n\n",
    "SEOUL, South Korea —", "TOKYO (Reuters) -", "The", "he said", "Advertisement", "Related", "|",
    "By Jane Doe", "2 hours ago", "\u200b", "\ufeff", "\r\n", "\t", "\x00", "\u2029", "—", "-",
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.sampled_from(["<p>", "</p>", "<div>", "<br>", "<html>", "<!--", "&amp;"]),
                          st.text(max_size=10)), max_size=40).map("".join))
def test_clean_html_never_raises(html: str) -> None:
    check(clean(RawDocument(html, "html", "prop")).text)
