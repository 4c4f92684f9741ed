"""Property tests of the whole analysis on generated wire-like text: real sentence fragments (actors, verbs the
patterns know, dates, places, quotes, quantities) mixed with random and hostile unicode. The pipeline either
skips the page with a typed DocumentError or returns records whose every offset indexes the article text, and
whose every date is a real date at a known precision near the publication date."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwatch.errors import DocumentError
from eventwatch.model import MODALITIES, PLOVER_TYPES, PRECISIONS, RawDocument
from eventwatch.nlp.dates import MAX_AGO_DAYS
from eventwatch.pipeline.stages import process

DATELINES = st.sampled_from(["SEOUL —", "TOKYO (Reuters) -", "KYIV, Ukraine —", "PYONGYANG, March 3 (AP) —", ""])
ACTORS = st.sampled_from([
    "North Korea", "South Korea's military", "Japan", "the United States", "Kim Jong Un", "KCNA", "China",
    "the U.N. Security Council", "Russia", "Ukraine's air force", "Seoul", "Pyongyang", "the North", "it", "he",
    "N\u043erth K\u043erea", "Nor\u200dth Korea",
])
VERBS = st.sampled_from([
    "fired", "launched", "test-fired", "condemned", "warned", "threatened", "met with", "held talks with",
    "imposed sanctions on", "accused", "urged", "agreed with", "attacked", "shelled", "will hold drills with",
    "did not launch", "said", "denied", "visited", "protested to",
])
OBJECTS = st.sampled_from([
    "a ballistic missile", "two cruise missiles", "more than 300 rockets", "about 20,000 troops",
    "joint military drills", "the launch", "a nuclear test", "", "its neighbour",
])
WHEN = st.sampled_from([
    "on Monday", "last week", "in March", "on March 3, 2023", "two days ago", "yesterday", "next month",
    "in 2021", "since 2019", "2,000 years ago", "on Feb. 30", "", "",
])
WHERE = st.sampled_from(["in the Yellow Sea", "near Sunan", "off the east coast", "in Paris, Texas", "", ""])
NOISE = st.one_of(st.text(max_size=10), st.sampled_from(["\u200f", "\u2067", "\U000e0041", "\ud800", "\x00", "…",
                                                         '"', "“", "”", "\n", "\n\n", "You May Also Like"]))


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = [draw(ACTORS), draw(VERBS), draw(ACTORS) if draw(st.booleans()) else "", draw(OBJECTS), draw(WHERE),
             draw(WHEN)]
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(NOISE))
    sentence = " ".join(w for w in words if w) + draw(st.sampled_from([".", ", officials said.", "!", "", "..."]))
    if draw(st.integers(0, 5)) == 0:
        sentence = f"“{sentence}” {draw(ACTORS)} said."
    return sentence


@st.composite
def articles(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5))
    return draw(DATELINES) + " " + "\n\n".join(paragraphs)


_STATED_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _near(date: dt.date, published: dt.date) -> bool:
    return -MAX_AGO_DAYS - 366 <= (date - published).days <= 2 * 366


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
def test_analysis_offsets_and_dates_always_hold(text: str, published: dt.date) -> None:
    try:
        result = process(RawDocument(text, "text", "prop", url="https://prop.example/a", published=published))
    except DocumentError as exc:
        assert exc.reason == "no-body"  # nothing left of a page of noise; every other page is analysed
        return
    article = result.article
    body = article.text
    for s in article.sentences:
        assert body[s.start:s.end] == s.text
    for m in result.actors:
        assert 0 <= m.start < m.end <= len(body) and body[m.start:m.end] == m.text
    for p in result.places:
        assert 0 <= p.start < p.end <= len(body) and body[p.start:p.end] == p.text
    for q in result.quotes:
        assert 0 <= q.start <= q.end <= len(body) and body[q.start:q.end] == q.text
    for event in result.events:
        ev = event.evidence
        assert body[ev.start:ev.end] == ev.sentence == article.sentences[ev.sentence_index].text
        assert ev.start <= ev.trigger_start < ev.trigger_end <= ev.end
        assert event.plover_type in PLOVER_TYPES and event.modality in MODALITIES
        assert event.date_precision in PRECISIONS and isinstance(event.date, dt.date)
        stated = [int(y) for y in _STATED_YEAR.findall(ev.sentence)]
        assert event.date.year in stated or _near(event.date, published), (event.date, ev.sentence)
        if event.quantity is not None:
            assert body[event.quantity.start:event.quantity.end] == event.quantity.text
        for q in event.quotes:
            assert body[q.start:q.end] == q.text
        if event.place_text is not None:
            assert event.place_text in body
