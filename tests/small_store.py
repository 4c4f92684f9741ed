"""A store of one article and one event, written through the Store API (no NLP, so in milliseconds), for tests
of the commands that read a store (importable by any test: tests/ is on sys.path via its conftest)."""

from __future__ import annotations

import datetime as dt
import hashlib

from eventwatch.model import ActorMention, Article, Event, Evidence, Sentence
from eventwatch.store import open_store

TEXT = "SEOUL — North Korea fired a missile toward the South on Monday, the military said."


def make_small_store(path: str) -> tuple[str, int]:
    """Write the one-article store at ``path``: (article id, event id)."""
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    sentence = Sentence(index=0, start=0, end=len(TEXT), text=TEXT, paragraph=0)
    article = Article(id=digest[:16], content_hash=digest, text=TEXT, url="https://example.org/a",
                      title="North Korea fires a missile", published=dt.date(2024, 3, 4), source="Wire",
                      origin="test", sentences=[sentence])
    start = TEXT.index("fired")
    event = Event(source_actor="PRKMIL", target_actor="KOR", plover_type="ASSAULT", mode=None, cameo_root="19",
                  intensity=-9.0, modality="asserted", date=dt.date(2024, 3, 4), date_precision="day",
                  evidence=Evidence(sentence=TEXT, sentence_index=0, start=0, end=len(TEXT), trigger_start=start,
                                    trigger_end=start + len("fired"), url=article.url))
    mentions = [ActorMention(start=TEXT.index(name), end=TEXT.index(name) + len(name), text=name, code=code,
                             sentence=0) for name, code in (("North Korea", "PRKMIL"), ("South", "KOR"))]
    with open_store(path) as store:
        saved = store.save(article, [event], mentions)
        assert saved.created
        event_id = store.query_events()[0].id
    return saved.article_id, event_id
