"""The NLP stage: one tokenization of the article, then the recognisers (actors, dates, quantities, places,
quotes)."""

from __future__ import annotations

import datetime as dt

from eventwatch.model import Analysis, Article
from eventwatch.nlp.actors import recognise_actors
from eventwatch.nlp.dates import recognise_dates
from eventwatch.nlp.language import get_nlp
from eventwatch.nlp.places import dateline_place, recognise_places
from eventwatch.nlp.quantities import recognise_quantities
from eventwatch.nlp.quotes import recognise_quotes


def analyse(article: Article, today: dt.date | None = None) -> Analysis:
    """Recognise what the article mentions. Relative dates need a publication date; without one they are
    resolved against ``today`` (the ingest date), which the caller should flag as a guess."""
    doc = get_nlp().make_doc(article.text)
    doc.user_data["text"] = article.text  # what doc.text would rebuild, token by token (see doc_text)
    published = article.published or today or dt.date.today()
    actors = recognise_actors(article, doc)
    return Analysis(
        article=article,
        actors=actors,
        dates=recognise_dates(article, published),
        quantities=recognise_quantities(article),
        places=recognise_places(article, doc, actors),
        quotes=recognise_quotes(article, doc, actors),
        dateline_place=dateline_place(article),
        doc=doc,
    )
