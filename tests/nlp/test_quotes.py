"""Quote recognition: marks, direct vs partial, speakers, multi-paragraph quotes, robustness."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwatch.errors import DocumentError
from eventwatch.model import Article, Quote, RawDocument
from eventwatch.nlp.analyse import analyse
from eventwatch.nlp.language import get_nlp
from eventwatch.nlp.quotes import recognise_quotes
from eventwatch.text.article import build_article


def quotes_of(text: str) -> tuple[Article, list[Quote]]:
    article = build_article(RawDocument(text, "text", "t"))
    analysis = analyse(article)
    return article, recognise_quotes(article, analysis.doc, analysis.actors)


def only(text: str) -> tuple[Article, Quote]:
    article, found = quotes_of(text)
    assert len(found) == 1, found
    return article, found[0]


def check_offsets(article: Article, quote: Quote) -> None:
    assert 0 <= quote.start < quote.end <= len(article.text)
    assert article.text[quote.start:quote.end] == quote.text


def test_partial_quote_takes_the_subject_of_its_clause():
    article, quote = only(
        "SEOUL — North Korea's leader Kim Jong Un called for an \"exponential increase\" in the country's "
        "nuclear arsenal, the official Korean Central News Agency reported on Tuesday."
    )
    check_offsets(article, quote)
    assert (quote.text, quote.kind, quote.speaker, quote.speaker_text) == (
        "exponential increase", "partial", "PRKGOV", "Kim Jong Un")
    assert article.text[quote.start - 1] == '"' and article.text[quote.end] == '"'
    assert quote.sentence == 0


def test_direct_quote_with_attribution_after_it():
    article, quote = only("\"We will take resolute countermeasures,\" Kim Yo Jong said in a statement carried by KCNA.")
    check_offsets(article, quote)
    assert (quote.start, quote.end) == (1, 38)  # without the marks and the hand-over comma
    assert (quote.text, quote.kind, quote.speaker, quote.speaker_text) == (
        "We will take resolute countermeasures", "direct", "PRKGOV", "Kim Yo Jong")


def test_said_before_the_speaker_and_an_apposition():
    _, quote = only("\"The enemy will pay dearly,\" said Kim Yo Jong, the sister of Kim Jong Un.")
    assert (quote.kind, quote.speaker_text, quote.speaker) == ("direct", "Kim Yo Jong", "PRKGOV")
    _, quote = only("\"This is a clear provocation,\" said Defense Minister Shin Won-sik.")
    assert (quote.speaker_text, quote.speaker) == ("Shin Won-sik", "KORGOV")


def test_introducers_before_the_quote():
    article, found = quotes_of(
        "Kim Jong Un inspected the launch site on Monday. Kim said: \"The enemy will pay.\" "
        "Japan's defense ministry said in a statement, \"We protest strongly.\" "
        "Yoon Suk Yeol said \"We will not tolerate this\" after the launch. "
        "According to Yonhap, \"the missile exploded in mid-air.\""
    )
    got = [(q.text, q.kind, q.speaker, q.speaker_text) for q in found]
    assert got == [
        ("The enemy will pay.", "direct", "PRKGOV", "Kim"),
        ("We protest strongly.", "direct", "JPNGOV", "Japan's defense ministry"),
        ("We will not tolerate this", "direct", "KORGOV", "Yoon Suk Yeol"),
        ("the missile exploded in mid-air.", "direct", "KORMED", "Yonhap"),
    ]
    for quote in found:
        check_offsets(article, quote)


def test_pronoun_speaker_resolves_to_the_person_named_before():
    article, found = quotes_of(
        "Kim Jong Un met Russia's defense minister in Pyongyang on Monday. "
        "\"We will punish the United States,\" he said."
    )
    (quote,) = found
    check_offsets(article, quote)
    # The United States inside the quote is not a candidate, and "he" prefers the person over Russia's minister.
    assert (quote.kind, quote.speaker, quote.speaker_text, quote.sentence) == ("direct", "PRKGOV", "he", 1)


def test_institutional_references_and_it_resolve_to_the_last_actor():
    _, found = quotes_of(
        "North Korea's foreign ministry issued a statement on Sunday. "
        "\"The drills are a rehearsal for invasion,\" the ministry said. "
        "\"It is 'unacceptable' to us,\" it added."
    )
    assert [(q.speaker, q.speaker_text) for q in found] == [("PRKGOV", "the ministry"), ("PRKGOV", "it")]
    assert found[1].text == "It is 'unacceptable' to us"  # single quotes inside double ones stay inside


def test_quoted_him_as_saying():
    _, quote = only("Kim Jong Un visited the plant. \"We must be ready,\" the agency quoted him as saying.")
    assert (quote.kind, quote.speaker, quote.speaker_text) == ("direct", "PRKGOV", "him")
    _, quote = only("KCNA quoted Kim Jong Un as saying, \"We will win.\"")
    assert (quote.kind, quote.speaker, quote.speaker_text) == ("direct", "PRKGOV", "Kim Jong Un")


def test_a_quote_spanning_two_sentences_belongs_to_the_first():
    article, quote = only(
        "Tensions rose on Monday. \"The situation is grave. We will act without delay,\" Kim Yo Jong said."
    )
    check_offsets(article, quote)
    assert quote.text == "The situation is grave. We will act without delay"
    assert quote.sentence == 1
    assert (quote.kind, quote.speaker) == ("direct", "PRKGOV")


def test_unclosed_quote_ends_at_the_paragraph_and_shares_its_speaker():
    article, found = quotes_of(
        "North Korea's leader Kim Jong Un spoke at a party meeting in Pyongyang on Tuesday.\n\n"
        "\"We will build more weapons. The enemy is watching us closely.\n\n"
        "\"We will not stop until the threat is gone,\" he said."
    )
    first, second = found
    for quote in found:
        check_offsets(article, quote)
    assert first.text == "We will build more weapons. The enemy is watching us closely."
    assert first.end == article.paragraphs[1].end
    assert second.text == "We will not stop until the threat is gone"
    assert [(q.kind, q.speaker, q.speaker_text) for q in found] == [("direct", "PRKGOV", "he")] * 2


def test_curly_quotes_and_apostrophes():
    article, found = quotes_of(
        "Kim Yo Jong, the sister of Kim Jong Un, said: “We won’t forgive Korea’s puppets.” "
        "Analysts said it was “a warning.”"
    )
    for quote in found:
        check_offsets(article, quote)
    assert [(q.text, q.kind, q.speaker, q.speaker_text) for q in found] == [
        ("We won’t forgive Korea’s puppets.", "direct", "PRKGOV", "Kim Yo Jong"),
        ("a warning.", "partial", None, "Analysts"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan condemned the launch by North Korea as a \"clear violation\" of U.N. resolutions.",
         ("clear violation", "JPN", "Japan")),
        ("North Korea's foreign ministry warned of \"resolute countermeasures\" against the drills.",
         ("resolute countermeasures", "PRKGOV", "North Korea's foreign ministry")),
        ("Kim Jong Un, who inspected the site, said the missile was a \"treasured sword\" of the nation.",
         ("treasured sword", "PRKGOV", "Kim Jong Un")),
        ("North Korea's launch was a \"grave provocation,\" Japan's defense ministry said.",
         ("grave provocation", "JPNGOV", "Japan's defense ministry")),
        ("North Korea fired what it called a new \"Hwasong-18\" missile, South Korea's Joint Chiefs of Staff said.",
         ("Hwasong-18", "PRK", "North Korea")),
    ],
)
def test_partial_quote_speakers(text, expected):
    article, quote = only(text)
    check_offsets(article, quote)
    assert quote.kind == "partial"
    assert (quote.text, quote.speaker, quote.speaker_text) == expected


def test_unknown_speaker_keeps_its_words():
    _, quote = only("\"It was a failure,\" a senior official told reporters on condition of anonymity.")
    assert (quote.kind, quote.speaker, quote.speaker_text) == ("direct", None, "a senior official")


def test_attribution_in_the_middle_of_a_quote():
    _, found = quotes_of("\"We will respond,\" Kim Jong Un said, \"and we will win.\"")
    assert [(q.text, q.kind, q.speaker) for q in found] == [
        ("We will respond", "direct", "PRKGOV"), ("and we will win.", "direct", "PRKGOV")]
    assert found[0].sentence == found[1].sentence == 0


@pytest.mark.parametrize(
    "text",
    ['"', 'He said "', '""', "“”", 'a"b"c', 'Quote at the end "', '" at the start', "“ ” ‘ ’ \" '",
     '\u200f"مرحبا\u200b" said Kim Jong Un.', "She's 5'10\" tall.", '"unclosed\n\nnext "para" here'],
)
def test_odd_marks_never_raise(text):
    article, found = quotes_of(text)
    for quote in found:
        check_offsets(article, quote)


def test_an_article_without_paragraphs_or_sentences():
    text = "\"We will respond,\" Kim said."
    article = Article("x", "x", text, None, None, None, None, "t")
    found = recognise_quotes(article, get_nlp().make_doc(text), [])
    assert [(q.text, q.kind, q.speaker, q.speaker_text) for q in found] == [
        ("We will respond", "direct", None, "Kim")]


MARKS = st.sampled_from(['"', "“", "”", "‘", "’", "'"])
FRAGMENTS = st.sampled_from(
    [" ", "\n", "\n\n", ",", ".", ":", " said ", " he ", "Kim Jong Un", "KCNA", " the ministry", " we will win",
     " quoted him as saying ", "according to ", "Korea's", "don't", "\u200b", "\u202e", "\u05d0", "x"]
)
TEXTS = st.lists(st.one_of(MARKS, FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_random_text_never_raises_and_offsets_stay_inside(text):
    try:
        article = build_article(RawDocument(text, "text", "t"))
    except DocumentError:
        return
    analysis = analyse(article)
    found = recognise_quotes(article, analysis.doc, analysis.actors)
    assert [q.start for q in found] == sorted(q.start for q in found)
    for quote in found:
        check_offsets(article, quote)
        assert 0 <= quote.sentence < max(1, len(article.sentences))
        assert quote.kind in ("direct", "partial")


def test_a_long_text_keeps_every_quote_in_order():
    paragraph = ("Kim Jong Un called for an \"exponential increase\" in the arsenal. \"We will respond,\" he said. "
                 "Analysts said it was \"a warning\". \"A stray mark opens here.")
    article, found = quotes_of("\n\n".join([paragraph] * 300))
    assert len(found) == 4 * 300
    assert [q.start for q in found] == sorted(q.start for q in found)
    for quote in found:
        check_offsets(article, quote)
    assert {(q.text, q.speaker) for q in found[:4]} == {
        ("exponential increase", "PRKGOV"), ("We will respond", "PRKGOV"), ("a warning", None),
        ("A stray mark opens here.", None)}
