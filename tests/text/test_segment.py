"""Segmentation: datelines, sentence boundaries, paragraph indices and exact offsets."""

from __future__ import annotations

import pytest

from eventwatch.model import Dateline
from eventwatch.text import segment
from eventwatch.text.segment import Segmentation


def texts(text: str) -> list[str]:
    return [s.text for s in segment(text).sentences]


def check_offsets(text: str, seg: Segmentation) -> None:
    for i, s in enumerate(seg.sentences):
        assert s.index == i
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip() and s.text
        para = seg.paragraphs[s.paragraph]
        assert para.start <= s.start < s.end <= para.end
    for para in seg.paragraphs:
        assert text[para.start:para.end].strip() == text[para.start:para.end]


# --- datelines ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("SEOUL, South Korea —", "Seoul, South Korea"),
        ("TOKYO (Reuters) -", "Tokyo"),
        ("UNITED NATIONS —", "United Nations"),
        ("KYIV, Ukraine (AP) —", "Kyiv, Ukraine"),
        ("SEOUL, March 16 (Reuters) -", "Seoul"),
        ("PORT-AU-PRINCE, Haiti --", "Port-Au-Prince, Haiti"),
        ("N'DJAMENA, Chad –", "N'Djamena, Chad"),
        ("ST. PETERSBURG, Russia —", "St. Petersburg, Russia"),
        ("WASHINGTON, D.C. (AP) —", "Washington, D.C."),
        ("BEIRUT—", "Beirut"),
    ],
)
def test_dateline_forms(opening: str, place: str) -> None:
    text = f"{opening} Officials said on Monday that talks would resume. They gave no date."
    seg = segment(text)
    assert seg.dateline == Dateline(place=place, start=0, end=len(opening))
    assert texts(text) == ["Officials said on Monday that talks would resume.", "They gave no date."]
    assert seg.sentences[0].start == len(opening) + 1
    check_offsets(text, seg)


def test_dateline_offsets_after_leading_whitespace() -> None:
    text = "\n  TOKYO (Reuters) - A quake struck."
    seg = segment(text)
    assert seg.dateline is not None
    assert text[seg.dateline.start:seg.dateline.end] == "TOKYO (Reuters) -"
    assert texts(text) == ["A quake struck."]


@pytest.mark.parametrize(
    "text",
    [
        "North Korea fired a missile on Thursday, officials said.",
        "BREAKING — North Korea fired a missile.",
        "NATO — the alliance — said it was monitoring.",
        "Seoul, South Korea — officials said the launch failed.",
        "The U.S. - China talks resumed in Geneva.",
        "",
    ],
)
def test_no_dateline(text: str) -> None:
    assert segment(text).dateline is None


def test_dateline_only_in_the_first_paragraph() -> None:
    text = "Talks resumed on Monday.\n\nTOKYO (Reuters) - A quake struck."
    seg = segment(text)
    assert seg.dateline is None
    assert texts(text) == ["Talks resumed on Monday.", "TOKYO (Reuters) - A quake struck."]


# --- sentence boundaries -----------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "The U.S. military said the U.N. Security Council would meet.",
        "Gen. Kim Yong Bok and Lt. Col. Park said the drills would go on.",
        "Sen. Jane Doe, Rep. John Roe and Gov. Ann Smith signed the letter.",
        "Dr. Lee and Mr. and Mrs. Park visited St. Mary's Hospital.",
        "The country's No. 2 official arrived on Dec. 5 and left on Jan. 9.",
        "The launch came at 7:09 a.m. and a second followed at 3 p.m. Tuesday.",
        "Martin Luther King Jr. spoke, as did Kim J. Un of the ministry.",
        "Growth slowed to 3.5% from 4.1% last year, the ministry said.",
        "The parcel reached Washington, D.C. on Friday.",
        "The U.S. Navy and U.S. Air Force took part.",
        "He said the talks were e.g. about trade.",
    ],
)
def test_abbreviations_do_not_split(sentence: str) -> None:
    assert texts(f"{sentence} Officials declined to comment.") == [sentence, "Officials declined to comment."]


def test_after_us_a_sentence_starter_splits() -> None:
    text = "Talks were held in the U.S. The next day, both sides met again."
    assert texts(text) == ["Talks were held in the U.S.", "The next day, both sides met again."]


def test_after_pm_a_sentence_starter_splits() -> None:
    assert texts("The launch was at 7 p.m. It was the third this year.") == [
        "The launch was at 7 p.m.", "It was the third this year."
    ]


def test_closing_quotes_end_the_sentence_after_the_quote() -> None:
    text = 'He said: "We are ready." The talks ended. "Will they return?" Nobody knows.'
    assert texts(text) == ['He said: "We are ready."', "The talks ended.", '"Will they return?"', "Nobody knows."]


def test_curly_quotes() -> None:
    text = "“We are ready.” The talks ended. “Is it over?” she asked."
    assert texts(text) == ["“We are ready.”", "The talks ended.", "“Is it over?” she asked."]


def test_question_in_quotes_followed_by_attribution() -> None:
    text = '"Is this a threat?" Kim asked reporters. "Yes," he said.'
    assert texts(text) == ['"Is this a threat?" Kim asked reporters.', '"Yes," he said.']


def test_ellipsis_inside_quotes_does_not_split() -> None:
    text = '"We waited … We begged … Nobody came," she said. The village was empty.'
    assert texts(text) == ['"We waited … We begged … Nobody came," she said.', "The village was empty."]


def test_ellipsis_outside_quotes_splits() -> None:
    assert texts("The talks dragged on... Then they collapsed.") == [
        "The talks dragged on...", "Then they collapsed."
    ]


def test_quote_with_attribution_stays_together() -> None:
    text = '"The water came so fast. We had ten minutes," said Giulia Conti. She left.'
    assert texts(text) == ['"The water came so fast. We had ten minutes," said Giulia Conti.', "She left."]


def test_exclamation_and_question() -> None:
    assert texts("Stop the war! Who will pay? Nobody knows.") == ["Stop the war!", "Who will pay?", "Nobody knows."]


def test_lowercase_after_period_does_not_split() -> None:
    assert texts("The vote was held at 10 a.m. on Monday in the capital.") == [
        "The vote was held at 10 a.m. on Monday in the capital."
    ]


# --- paragraphs and offsets --------------------------------------------------------------------

def test_paragraph_indices_and_offsets() -> None:
    text = (
        "SEOUL, South Korea (AP) — North Korea fired a missile. It landed at sea.\n\n"
        '"We will respond," the minister said.\n\n'
        "The U.S. condemned the launch. Talks are stalled"
    )
    seg = segment(text)
    assert [s.paragraph for s in seg.sentences] == [0, 0, 1, 2, 2]
    assert len(seg.paragraphs) == 3
    assert seg.sentences[-1].text == "Talks are stalled"
    check_offsets(text, seg)


def test_sentence_never_crosses_a_paragraph_break() -> None:
    text = "The minister said the talks had\n\nfailed because of the U.S.\n \n The next round is in May"
    seg = segment(text)
    assert [s.text for s in seg.sentences] == [
        "The minister said the talks had", "failed because of the U.S.", "The next round is in May"
    ]
    assert [s.paragraph for s in seg.sentences] == [0, 1, 2]
    check_offsets(text, seg)


def test_single_newline_is_not_a_paragraph_break() -> None:
    seg = segment("One line\nand its continuation.")
    assert len(seg.paragraphs) == 1
    assert seg.sentences[0].text == "One line\nand its continuation."


def test_empty_and_blank_text() -> None:
    for text in ("", "   ", "\n\n\n"):
        seg = segment(text)
        assert (seg.dateline, seg.paragraphs, seg.sentences) == (None, [], [])


def test_dateline_alone_in_first_paragraph() -> None:
    text = "TOKYO (Reuters) -\n\nA quake struck."
    seg = segment(text)
    assert seg.dateline is not None and seg.dateline.place == "Tokyo"
    assert [(s.text, s.paragraph) for s in seg.sentences] == [("A quake struck.", 1)]
