"""The one place that knows the order of the stages: RawDocument → Article → Analysis → [Event]."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwatch.coding.coder import code_events
from eventwatch.dedup.signature import signature
from eventwatch.dedup.terms import key_terms
from eventwatch.model import ActorMention, Article, Event, PlaceMention, Quote, RawDocument
from eventwatch.nlp.analyse import analyse
from eventwatch.text.article import build_article


@dataclass
class Result:
    article: Article
    events: list[Event]
    actors: list[ActorMention]
    places: list[PlaceMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    signature: bytes = b""  # MinHash of the body, for near-duplicate detection
    terms: dict[str, float] = field(default_factory=dict)  # key terms, for story labels and related stories


def analyse_article(article: Article) -> Result:
    analysis = analyse(article)
    return Result(article, code_events(analysis), analysis.actors, analysis.places, analysis.quotes,
                  signature(article.text), key_terms(article, analysis.actors, analysis.places))


def process(raw: RawDocument) -> Result:
    """Pure: text in, records out. Raises DocumentError when the page has no usable body."""
    return analyse_article(build_article(raw))
