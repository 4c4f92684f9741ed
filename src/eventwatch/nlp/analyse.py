"""The NLP stage: one tokenization of the article, the recognisers (actors, dates, quantities, places, quotes),
and a parse by the trained pipeline of the sentences that may hold an event."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable

from eventwatch.model import Analysis, Article
from eventwatch.nlp.actors import recognise_actors
from eventwatch.nlp.dates import recognise_dates
from eventwatch.nlp.language import find_entities, get_nlp, parse
from eventwatch.nlp.places import dateline_place, recognise_places
from eventwatch.nlp.quantities import recognise_quantities
from eventwatch.nlp.quotes import recognise_quotes
from eventwatch.nlp.unknown_actors import recognise_unknown_actors

# Which sentences are worth parsing, given their lower-case words; None parses every sentence.
SentenceFilter = Callable[[list[str]], bool]


def analyse(article: Article, today: dt.date | None = None, worth_parsing: SentenceFilter | None = None) -> Analysis:
    """Recognise what the article mentions. Relative dates need a publication date; without one they are
    resolved against ``today`` (the ingest date), which the caller should flag as a guess."""
    doc = get_nlp().make_doc(article.text)
    doc.user_data["text"] = article.text  # what doc.text would rebuild, token by token (see doc_text)
    published = article.published or today or dt.date.today()
    actors = recognise_actors(article, doc)
    parses = parse_sentences(article, doc, worth_parsing)
    _name_unknowns(parses, actors)
    actors = sorted(actors + recognise_unknown_actors(article, doc, parses, actors), key=lambda m: m.start)
    return Analysis(
        article=article,
        actors=actors,
        dates=recognise_dates(article, published),
        quantities=recognise_quantities(article),
        places=recognise_places(article, doc, actors),
        quotes=recognise_quotes(article, doc, actors),
        dateline_place=dateline_place(article),
        doc=doc,
        parses=parses,
    )


def parse_sentences(article: Article, doc, worth_parsing: SentenceFilter | None) -> dict:
    """Parse, in one batch, the sentences the filter lets through. The dateline stays out of the parse."""
    chosen: list[tuple[int, int]] = []
    lower = [t.lower_ for t in doc]
    starts = [t.idx for t in doc]
    body_start = article.dateline.end if article.dateline is not None else 0
    for sentence in article.sentences:
        start = max(sentence.start, body_start) if sentence.index == 0 else sentence.start
        words = lower[bisect_left(starts, start):bisect_left(starts, sentence.end)]
        if words and (worth_parsing is None or worth_parsing(words)):
            chosen.append((sentence.index, start))
    texts = [article.text[start:article.sentences[index].end] for index, start in chosen]
    parsed = {}
    for (index, start), sentence_doc in zip(chosen, parse(texts), strict=True):
        sentence_doc.user_data["offset"] = start
        parsed[index] = sentence_doc
    return parsed


def _name_unknowns(parses: dict, actors: list) -> None:
    """Named entities only for parsed sentences with a proper noun that no dictionary actor covers."""
    covered = [(m.start, m.end) for m in actors]
    needing = []
    for parsed in parses.values():
        offset = parsed.user_data["offset"]
        for token in parsed:
            if token.pos_ == "PROPN" and not any(s <= offset + token.idx < e for s, e in covered):
                needing.append(parsed)
                break
    find_entities(needing)
