"""The one place that knows the order of the stages: RawDocument → Article → Analysis → [Event].

An article with no publication date is not analysed: it is skipped as ``no-date``. Its relative time
expressions ("on Monday", "last week", "yesterday") and its undated events have nothing to resolve against,
and dating them by the day of ingest would file a 2019 story's events under today, silently. Give the date
with ``--published``, a sidecar, the JSONL ``published`` field or a "Published: …" line, and ingest again
(nothing about a skipped article is stored, so it is not "already stored").

An article in a language eventwatch does not code (told by lang/detect.py) is stored, with its language, and not
coded: reading Korean or French with the English parser would invent events. It counts as "unsupported-language".
Text too short to tell ("und") is coded as English, as before languages were told apart.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from eventwatch.coding.coder import code_events
from eventwatch.coding.lexicon import get_lexicon
from eventwatch.dedup.signature import signature
from eventwatch.dedup.terms import key_terms
from eventwatch.errors import DocumentError
from eventwatch.lang import coder_for
from eventwatch.lang.detect import CODED_LANGUAGES
from eventwatch.model import ActorMention, Article, Event, PlaceMention, Quote, RawDocument
from eventwatch.nlp.analyse import analyse
from eventwatch.text.article import build_article

log = logging.getLogger("eventwatch.ingest")
T = TypeVar("T", RawDocument, Article)
R = TypeVar("R")


@dataclass
class Result:
    article: Article
    events: list[Event]
    actors: list[ActorMention]
    places: list[PlaceMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    signature: bytes = b""  # MinHash of the body, for near-duplicate detection
    terms: dict[str, float] = field(default_factory=dict)  # key terms, for story labels and related stories
    coded: bool = True  # False: stored but not coded, its language is not one eventwatch reads


def analyse_article(article: Article) -> Result:
    """Raises DocumentError("no-date") when the article has no publication date (see above)."""
    if article.language not in CODED_LANGUAGES:
        return _other_language(article)
    if article.published is None:
        raise DocumentError(article.origin, "no-date", "no publication date to resolve its dates against; "
                            "give --published, a .meta.json sidecar or a 'published' field")
    analysis = analyse(article, worth_parsing=get_lexicon().may_hold_event)
    return Result(article, code_events(analysis), analysis.actors, analysis.places, analysis.quotes,
                  signature(article.text), key_terms(article, analysis.actors, analysis.places))


def _other_language(article: Article) -> Result:
    """A language with its own coder (lang/) is coded by it; any other is stored, not coded."""
    coder = coder_for(article)  # DocumentError("missing-extra") when its libraries are not installed
    if coder is None:
        return Result(article, [], [], signature=signature(article.text), coded=False)
    if article.published is None:
        raise DocumentError(article.origin, "no-date", "no publication date to resolve its dates against")
    coded = coder(article)
    return Result(article, coded.events, coded.actors, coded.places, coded.quotes, signature(article.text))


def warm_up() -> None:
    """Load the model, lexicons and gazetteer by coding one short story: a live poller does this at start-up so
    its first item does not wait seconds for them. Nothing is stored or counted."""
    article = build_article(RawDocument("SEOUL — North Korea fired a ballistic missile into the sea on Monday, "
                                        "officials said.", "text", "warm-up", published=dt.date(2024, 1, 1)))
    analysis = analyse(article, worth_parsing=get_lexicon().may_hold_event)
    code_events(analysis)
    key_terms(article, analysis.actors, analysis.places)


def process(raw: RawDocument) -> Result:
    """Pure: text in, records out. Raises DocumentError when the page has no usable body."""
    return analyse_article(build_article(raw))


def built(raw: RawDocument) -> Article | DocumentError:
    """The article, or the reason it cannot be one; never raises (see ``analysed``)."""
    return _attempt(build_article, raw)


def analysed(article: Article) -> Result | DocumentError:
    """The analysis, or why there is none. A bug on one article must not stop a long run (nor lose a Dask worker's
    batch): it is logged with its traceback and becomes that article's "analysis-error" skip."""
    return _attempt(analyse_article, article)


def processed(raw: RawDocument) -> Result | DocumentError:
    """``process`` that never raises: the analysis, or why there is none."""
    article = built(raw)
    return article if isinstance(article, DocumentError) else analysed(article)


def _attempt(stage: Callable[[T], R], item: T) -> R | DocumentError:
    try:
        return stage(item)
    except DocumentError as exc:
        return exc
    except Exception as exc:
        log.exception("analysis failed for %s", item.origin)
        return DocumentError(item.origin, "analysis-error", repr(exc)[:200])
