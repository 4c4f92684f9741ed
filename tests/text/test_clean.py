"""Cleaning: every kind of aggregator debris goes, every body paragraph stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwatch.model import RawDocument
from eventwatch.text import clean, segment
from eventwatch.text import html as html_module

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "text"

P1 = ("SEOUL, South Korea — North Korea fired a short-range ballistic missile off its east coast on "
      "Sunday, the South Korean military said.")
P2 = ("The launch came a day after the United States and South Korea wrapped up joint naval drills in "
      "waters south of the peninsula.")
P3 = ("Japan's coast guard said the missile appeared to have landed outside the country's exclusive "
      "economic zone and urged ships to stay alert for falling debris.")
P4 = ("Officials in Tokyo said they had lodged a protest through diplomatic channels in Beijing, as they "
      "usually do after such launches.")
BODY = [P1, P2, P3, P4]


def clean_text(text: str, title: str | None = None):
    return clean(RawDocument(text, "text", "test", title=title))


def fixture(name: str, title: str | None = None):
    return clean(RawDocument((FIXTURES / name).read_text(encoding="utf-8"), "text", name, title=title))


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


# --- line debris inside the body ---------------------------------------------------------------

LINE_DEBRIS = [
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Share this:",
    "Share on Facebook",
    "Facebook Twitter WhatsApp Email",
    "Facebook | X | LinkedIn | Copy link",
    "Subscribe to our newsletter",
    "Sign up for our morning briefing",
    "Sign up",
    "Support our journalism — donate today",
    "Please consider supporting independent journalism with a donation of any size.",
    "Click here to read the full timeline",
    "© 2023 Example Media Group",
    "Copyright 2023 Example Media Group. All rights reserved.",
    "Tags: North Korea, Missiles, Japan",
    "Home | World | Asia",
    "Home › World › Asia Pacific",
    "By Jane Doe",
    "By JANE DOE and JOHN ROE, Associated Press",
    "By Jane Doe | Reuters",
    "Published: March 16, 2023",
    "Published 16 March 2023, 09:12 GMT",
    "Updated 2023-03-16 09:12",
    "Updated 3 hours ago",
    "2 hours ago",
    "16 March 2023",
    "Thursday, March 16, 2023",
    "(Reporting by Jane Doe in Seoul; Editing by John Roe)",
    "Photo: Passengers watch a news broadcast at Seoul Station.",
    "People watch a TV screen showing the launch at a railway station in Seoul. (AP Photo/Lee Jin-man)",
    "Listen to this article",
    "3 min read",
    "Read more: North Korea's missile programme explained",
    "Source: Reuters",
]


@pytest.mark.parametrize("debris", LINE_DEBRIS)
def test_line_debris_is_removed_from_the_body(debris: str) -> None:
    result = clean_text("\n".join([P1, P2, debris, P3, P4]))
    assert paragraphs(result.text) == BODY
    assert result.debris_removed == 1


@pytest.mark.parametrize("debris", ["Advertisement", "Share this:", "By Jane Doe", "2 hours ago"])
def test_line_debris_between_blank_line_paragraphs(debris: str) -> None:
    result = clean_text("\n\n".join([P1, P2, debris, P3, P4]))
    assert paragraphs(result.text) == BODY


# --- trailers after the body -------------------------------------------------------------------

TEASER_CARDS = (
    "Kim oversees test of new solid-fuel engine\n"
    "State media said the leader watched the ground test at a launch site in the northwest…\n"
    "Seoul and Washington to expand summer exercises\n"
    "The allies said on Friday they would hold the drills over 11 days, the largest since 2018..."
)

HEADINGS = [
    "You May Also Like", "Related", "Related Stories", "Read more", "Read More:", "More from World",
    "More from Asia Pacific", "Recommended for you", "Source link", "Most Read", "Trending Now",
    "Don't miss", "What to read next",
]


@pytest.mark.parametrize("heading", HEADINGS)
def test_everything_after_a_trailer_heading_is_dropped(heading: str) -> None:
    result = clean_text("\n".join([*BODY, heading, TEASER_CARDS]))
    assert paragraphs(result.text) == BODY
    assert result.debris_removed == 5


def test_teaser_cards_without_ellipsis_are_dropped() -> None:
    cards = (
        "Opposition leader detained after rally\n"
        "A court ordered the opposition figure held for two months on Friday, his lawyer said.\n"
        "Parliament speaker vows to push on with vote\n"
        "The speaker said lawmakers would hold a second reading next week despite the protests."
    )
    result = clean_text("\n".join([*BODY, "Recommended for you", cards]))
    assert paragraphs(result.text) == BODY


def test_sidebar_inside_the_body_is_skipped_and_the_story_resumes() -> None:
    sidebar = "Most Read\nCeasefire talks stall as shelling resumes\nCentral bank raises rates again"
    result = clean_text("\n".join([P1, P2, sidebar, P3, P4]))
    assert paragraphs(result.text) == BODY
    assert result.debris_removed == 3


def test_another_story_after_a_heading_is_not_resumed() -> None:
    other = (
        "NAIROBI, Kenya (AP) — Heavy rains have forced more than 40,000 people from their homes in "
        "eastern Kenya, the Red Cross said on Monday, as rivers burst their banks across the region.\n"
        "The agency said it had set up camps for displaced families in three counties and appealed "
        "for donations of food, blankets and clean water."
    )
    result = clean_text("\n".join([*BODY, "More from World", other]))
    assert paragraphs(result.text) == BODY


def test_teaser_without_heading_takes_its_headline_with_it() -> None:
    teaser = "Kim oversees engine test\nState media said the leader watched the test at a launch site…"
    result = clean_text("\n".join([P1, P2, teaser, P3, P4]))
    assert paragraphs(result.text) == BODY
    assert result.debris_removed == 2


def test_unlabelled_related_links_after_the_last_sentence() -> None:
    result = clean_text("\n".join([*BODY, "Kim oversees engine test", "Seoul to expand summer drills"]))
    assert paragraphs(result.text) == BODY


# --- the head of the page ----------------------------------------------------------------------

def test_page_head_is_dropped_and_first_headline_is_the_title() -> None:
    head = (
        "Skip to content\nHome | World | Asia\nNorth Korea fires missile off east coast\n"
        "By Jane Doe\nPublished: March 16, 2023\nFacebook Twitter Email"
    )
    result = clean_text(f"{head}\n" + "\n".join(BODY))
    assert paragraphs(result.text) == BODY
    assert result.title == "North Korea fires missile off east coast"
    assert result.debris_removed == 5


def test_known_title_is_kept_and_its_line_removed() -> None:
    result = clean_text("North Korea fires missile\n\n" + "\n\n".join(BODY), title="North Korea fires missile")
    assert result.title == "North Korea fires missile"
    assert paragraphs(result.text) == BODY
    assert result.debris_removed == 0


def test_text_without_prose_is_kept_as_is() -> None:
    result = clean_text("Talks collapse\nNo deal in sight\nAdvertisement")
    assert result.text == "Talks collapse\n\nNo deal in sight"


# --- paragraphs and whitespace -----------------------------------------------------------------

def test_whitespace_and_invisible_characters_are_normalised() -> None:
    raw = "\ufeffSEOUL — North\u200b Korea  fired\u00a0a missile.\r\n\r\n\r\n\r\nIt was\tthe third\x07 launch.  \r\n"
    assert clean_text(raw).text == "SEOUL — North Korea fired a missile.\n\nIt was the third launch."


def test_unicode_paragraph_separator() -> None:
    assert clean_text(f"{P1}\u2029{P2}").text == f"{P1}\n\n{P2}"


def test_continuation_line_is_joined() -> None:
    result = clean_text("The ministry said the missile flew\nabout 600 kilometers before landing.\n" + P2)
    assert paragraphs(result.text) == ["The ministry said the missile flew about 600 kilometers before landing.", P2]


def test_hard_wrapped_fixture() -> None:
    result = fixture("hard_wrapped.txt")
    paras = paragraphs(result.text)
    assert len(paras) == 4
    assert paras[0].startswith("UNITED NATIONS — The U.N. Security Council failed on Monday to agree on a joint")
    assert paras[3].endswith("The council is expected to meet again on Wednesday.")
    assert "\n" not in paras[1]
    for debris in ("Updated 2023-04-18", "Sign up", "Related", "what we know so far"):
        assert debris not in result.text
    assert result.title == "Security Council fails to agree on statement over Sudan fighting"


# --- realistic fixtures ------------------------------------------------------------------------

FIXTURE_CASES = {
    "ap_missile_trailers.txt": (
        [
            "North Korea fired an intercontinental ballistic missile into the sea on Thursday",
            "The launch was the North's second in two days.",
            '"We will respond firmly together with our allies."',
            "Officials said it was launched at 7:09 a.m. from near Pyongyang.",
            "U.S. officials condemned the test",
            "The drills are set to continue until March 23.",
        ],
        ["Skip to content", "Home |", "Trending", "Storm batters", "Oil prices slip", "By Hyun-woo",
         "Published:", "2 hours ago", "WhatsApp", "Advertisement", "Read more", "Japan scrambles jets",
         "crossed into", "Share this", "Tags:", "You May Also Like", "Kim inspects", "underwater drone",
         "largest drills", "Source link", "©"],
    ),
    "reuters_blank_lines.txt": (
        [
            "Japan and South Korea agreed on Thursday to resume regular security talks",
            '"Is there any other choice?"',
            "Gen. Kim Seung-kyum, chairman of South Korea's Joint Chiefs of Staff",
            "It was the North's first such test since Feb. 18.",
            "It did not mention the launch.",
        ],
        ["By Reuters Staff", "GMT+9", "Reporting by", "Our Standards", "Related Stories",
         "underwater weapon", "More from World", "Floods displace", "40,000"],
    ),
    "aggregator_sidebar.txt": (
        [
            "Thousands of protesters gathered outside Georgia's parliament",
            "Rights groups said several demonstrators were injured.",
            "The bill would require organizations receiving more than 20% of their funding",
            "Opponents say the measure could be used to silence independent media",
            '"We are Europeans, and we will stay here as long as it takes."',
        ],
        ["Updated 2023", "Listen to this", "Most Read", "Ceasefire talks", "Central bank", "bus crash",
         "newsletter", "journalism", "Click here", "Recommended", "Opposition leader", "A court",
         "speaker"],
    ),
    "no_dateline.txt": (
        [
            "Residents of towns across northern Italy began clearing mud",
            "Dr. Paolo Verdi, who runs a field clinic",
            '"Where do we even start?"',
            "The government approved 20 million euros ($21.7 million)",
        ],
        ["MARTA ROSSI", "Updated 3 hours", "Facebook", "Twitter", "LinkedIn", "Copy link", "Filed under"],
    ),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_CASES))
def test_fixture_keeps_body_and_drops_debris(name: str) -> None:
    body, debris = FIXTURE_CASES[name]
    result = fixture(name)
    sentences = [s.text for s in segment(result.text).sentences]
    for expected in body:
        assert any(s.startswith(expected) for s in sentences), expected
    for junk in debris:
        assert junk not in result.text, junk
    assert result.debris_removed >= len(debris) // 2


def test_sidebar_fixture_paragraph_count() -> None:
    assert len(paragraphs(fixture("aggregator_sidebar.txt").text)) == 5


# --- HTML --------------------------------------------------------------------------------------

HTML_BODY = [
    "KYIV, Ukraine (AP) — Waves of explosive-laden drones struck energy facilities",
    "Air defenses shot down 18 of the 21 drones launched overnight",
    '"They are trying to break us with cold and darkness,"',
    "Engineers restored electricity to most districts by midafternoon",
    "Officials said repairs to damaged substations could take weeks.",
]
HTML_DEBRIS = [
    "cookies", "Accept all", "Home", "Sport", "Olena Marchenko", "Facebook", "Advertisement",
    "AP Photo", "newsletter", "Related Stories", "Winter energy crunch", "©", "Privacy", "dataLayer",
    "display: block", "The Example Herald",
]


def html_page() -> str:
    return (FIXTURES / "messy_page.html").read_text(encoding="utf-8")


def check_html_result(text: str) -> None:
    assert text.startswith("KYIV, Ukraine (AP) —")
    for expected in HTML_BODY:
        assert expected in text, expected
    for junk in HTML_DEBRIS:
        assert junk not in text, junk
    assert len(paragraphs(text)) == 5


def test_html_extraction_from_a_messy_page() -> None:
    result = clean(RawDocument(html_page(), "html", "messy_page.html"))
    check_html_result(result.text)
    assert result.title == "Drone strikes hit Kyiv power grid as temperatures drop"


def test_html_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_module.trafilatura, "extract", lambda *args, **kwargs: None)
    result = clean(RawDocument(html_page(), "html", "messy_page.html", title="Kyiv grid hit"))
    check_html_result(result.text)
    assert result.debris_removed > 0
    assert result.title == "Kyiv grid hit"


def test_tiny_html_page() -> None:
    result = clean(RawDocument((FIXTURES / "tiny_page.html").read_text(encoding="utf-8"), "html", "tiny"))
    assert result.text == (
        "BEIRUT (AP) — A blast damaged a warehouse at the port on Tuesday, officials said. No one was hurt."
    )


@pytest.mark.parametrize(
    "page", ["", "   ", "<html></html>", "<p>\x00\x01</p>", "<?xml version='1.0' encoding='utf-8'?><p>Hi.</p>"]
)
def test_degenerate_html_does_not_raise(page: str) -> None:
    clean(RawDocument(page, "html", "x"))


def test_text_without_prose_drops_the_known_title() -> None:
    result = clean_text("Talks collapse\nNo deal in sight", title="Talks collapse")
    assert result.text == "No deal in sight"
