"""The data classes passed between pipeline stages.

source → RawDocument → Article → Analysis → [Event] → store. Every offset in these classes is a character
offset into ``Article.text`` (the clean body), so evidence can always be highlighted in what the user sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

DocumentKind = Literal["text", "html"]
Precision = Literal["day", "week", "month", "year"]
Modality = Literal["asserted", "planned", "threatened", "negated", "hypothetical"]
PlacePrecision = Literal["site", "city", "region", "country"]
# How an event's place was found: named in its sentence, in a later sentence restating the act, the
# dateline of a local story, or the source actor's own country. Only the first two are stated by the text.
PlaceBasis = Literal["sentence", "restatement", "dateline", "actor-country"]
STATED_PLACE_BASES: tuple[str, ...] = ("sentence", "restatement")
QuoteKind = Literal["direct", "partial"]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES: tuple[str, ...] = ("asserted", "planned", "threatened", "negated", "hypothetical")
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")


@dataclass(frozen=True)
class RawDocument:
    """One page as it arrived: scraped text or HTML, plus whatever metadata came with it."""

    content: str
    kind: DocumentKind
    origin: str  # file path, "file.jsonl:17", URL — used in messages about this document
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    source: str | None = None


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int


@dataclass(frozen=True)
class Dateline:
    """'SEOUL, South Korea —' at the head of a wire story: where the reporter filed from."""

    place: str
    start: int
    end: int


@dataclass
class Article:
    id: str  # stable id derived from the content hash
    content_hash: str
    text: str  # the clean body; all offsets point here
    url: str | None
    title: str | None
    published: dt.date | None
    source: str | None
    origin: str
    dateline: Dateline | None = None
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    debris_removed: int = 0  # lines of aggregator debris dropped by the cleaner
    language: str = "en"  # BCP 47, told from the text's letters (lang/detect.py)


@dataclass(frozen=True)
class ActorMention:
    """A span of text that names (or refers back to) an actor, with its CAMEO-style code."""

    start: int
    end: int
    text: str
    code: str
    sentence: int
    resolved: bool = False  # True when found by reference resolution ("the North", "his military")
    name: str | None = None  # canonical dictionary name, e.g. "Kim Jong Un"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    value: dt.date  # first day of the period
    precision: Precision
    sentence: int


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str
    qualifier: str | None  # "more than", "about", "at least", ...
    sentence: int


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: a site, city, region (sea, strait, province, US state, disputed area) or country."""

    id: str  # "gn:1871859" (GeoNames city), "cc:PRK" (country), "us:GA" (US state), "ew:punggye-ri" (curated)
    name: str
    country: str | None  # ISO-3; None for international waters shared by several countries
    lat: float
    lon: float
    precision: PlacePrecision
    kind: str  # "city", "country", "us-state", "launch-site", "sea", "strait", "region", ...


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place
    sentence: int


@dataclass(frozen=True)
class Quote:
    """Quoted words and who said them: '"…," Kim said' (direct) or 'called for an "exponential increase"'
    (partial). start/end cover the quoted words without the quotation marks."""

    start: int
    end: int
    text: str
    sentence: int  # the sentence where the quote opens
    kind: QuoteKind
    speaker: str | None = None  # actor code
    speaker_text: str | None = None  # "Kim", "he", "the ministry"


@dataclass
class Analysis:
    article: Article
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dateline_place: Place | None = None  # where the story was filed from
    doc: Any = field(default=None, repr=False, compare=False)  # the spaCy Doc of Article.text, in-process only
    # sentence index → that sentence parsed by the trained pipeline (only sentences that may hold an event)
    parses: dict[int, Any] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Evidence:
    sentence: str
    sentence_index: int
    start: int  # sentence offsets in Article.text
    end: int
    trigger_start: int  # the words that triggered the coding
    trigger_end: int
    url: str | None


@dataclass
class Event:
    source_actor: str | None
    target_actor: str | None
    plover_type: str
    mode: str | None
    cameo_root: str
    intensity: float
    modality: Modality
    date: dt.date
    date_precision: Precision
    evidence: Evidence
    aggregate: bool = False
    quantity: Quantity | None = None
    source_text: str | None = None
    target_text: str | None = None
    reported_by: str | None = None  # who claims it ("Japan's defense ministry said" → JPNGOV); the outermost
    reported_by_text: str | None = None  # reporter, so "Yonhap, citing the JCS, said" → KORMED, via KORMIL
    reported_via: str | None = None
    claim: str | None = None  # whose claim: "state-media", "own-side", "other-side", "international"
    place: Place | None = None
    place_basis: PlaceBasis | None = None
    place_text: str | None = None  # the words that named the place, when the text names it
    quotes: list[Quote] = field(default_factory=list)  # quoted words supporting the event
    confidence: float = 0.5

    @property
    def date_label(self) -> str:
        """The date at its precision: 2023-03-16, 2023-W11, 2023-02 or 2023."""
        return date_label(self.date, self.date_precision)


def date_label(date: dt.date, precision: str) -> str:
    """``date`` written at ``precision``; an Event's ``date_label``, and a stored event's (store/records.py)."""
    if precision == "day":
        return date.isoformat()
    if precision == "week":
        year, week, _ = date.isocalendar()
        return f"{year}-W{week:02d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}"
