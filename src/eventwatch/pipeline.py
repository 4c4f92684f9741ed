"""The one place that knows the order of the stages: RawDocument → Article → Analysis → [Event]."""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch.coding.coder import code_events
from eventwatch.model import ActorMention, Article, Event, RawDocument
from eventwatch.nlp.analyse import analyse
from eventwatch.text.article import build_article


@dataclass
class Result:
    article: Article
    events: list[Event]
    actors: list[ActorMention]


def analyse_article(article: Article) -> Result:
    analysis = analyse(article)
    return Result(article, code_events(analysis), analysis.actors)


def process(raw: RawDocument) -> Result:
    """Pure: text in, records out. Raises DocumentError when the page has no usable body."""
    return analyse_article(build_article(raw))
