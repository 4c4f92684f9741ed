"""Russian: natasha's parse of the article's own text, coded into the same events as English
(``eventwatch[ru]``). Importing this package imports natasha, so a missing extra is told at once."""

from __future__ import annotations

from eventwatch.lang import Coded
from eventwatch.lang.ru.coder import Clause, code_trigger
from eventwatch.lang.ru.dictionaries import get_lexicon
from eventwatch.lang.ru.mentions import Mention, find_actors, find_places
from eventwatch.lang.ru.parse import ParsedSentence, parse
from eventwatch.lang.ru.roles import reporters
from eventwatch.lang.ru.triggers import find_triggers
from eventwatch.model import ActorMention, Article, Event, PlaceMention

__all__ = ["code_article"]


def code_article(article: Article) -> Coded:
    assert article.published is not None  # the pipeline skips undated articles before coding
    lexicon = get_lexicon()
    coded = Coded(events=[])
    for parsed in parse(article.text):
        index = _sentence_index(article, parsed)
        mentions = find_actors(parsed, lexicon)
        places = find_places(parsed, lexicon)
        found, banned = reporters(parsed, mentions, lexicon)
        clause = Clause(parsed, index, mentions, places, found[0] if found else None, banned,
                        article.published, article.url)
        for item in find_triggers(parsed, lexicon):
            coded.events += code_trigger(clause, item, lexicon)
        coded.actors += [_actor(article, m, index) for m in mentions]
        coded.places += [PlaceMention(p.start, p.end, article.text[p.start:p.end], p.place, index) for p in places]
    coded.events = _distinct(coded.events)
    return coded


def _sentence_index(article: Article, parsed: ParsedSentence) -> int:
    """The index of the splitter's sentence holding this one, so evidence lines up with Article.sentences."""
    for sentence in article.sentences:
        if sentence.start <= parsed.start < sentence.end:
            return sentence.index
    return len(article.sentences)


def _actor(article: Article, mention: Mention, sentence: int) -> ActorMention:
    return ActorMention(mention.start, mention.end, article.text[mention.start:mention.end], mention.code,
                        sentence, name=mention.name)


def _distinct(events: list[Event]) -> list[Event]:
    seen, kept = set(), []
    for event in events:
        key = (event.source_actor, event.target_actor, event.plover_type, event.modality, event.date,
               event.evidence.start)
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept
