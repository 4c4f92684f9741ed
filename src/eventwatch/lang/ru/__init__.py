"""Russian: natasha's parse of the article's own text, coded into the same events as English
(``eventwatch[ru]``). Importing this package imports natasha, so a missing extra is told at once."""

from __future__ import annotations

import datetime as dt

from eventwatch.lang import Coded
from eventwatch.lang.ru.antecedents import main_dyad
from eventwatch.lang.ru.coder import Clause, code_trigger
from eventwatch.lang.ru.dates import find_date
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
    speaker: Mention | None = None
    anchor: tuple[dt.date, str] | None = None
    for parsed in parse(article.text):
        index = _sentence_index(article, parsed)
        mentions = find_actors(parsed, lexicon)
        places = find_places(parsed, lexicon)
        found, banned = reporters(parsed, mentions, lexicon)
        pronouns = _pronouns(parsed, mentions, speaker) + _sides(parsed, mentions, coded.events)
        speaker = _speaker(parsed, mentions, found) or speaker
        mentions += pronouns
        clause = Clause(parsed, index, mentions, places, found[0] if found else None, banned,
                        article.published, article.url, anchor, coded.events)
        anchor = _dated(parsed, article.published) or anchor
        for item in find_triggers(parsed, lexicon):
            coded.events += code_trigger(clause, item, lexicon)
        coded.actors += [_actor(article, m, index) for m in mentions]
        coded.places += [PlaceMention(p.start, p.end, article.text[p.start:p.end], p.place, index) for p in places]
    coded.events = _distinct(coded.events)
    return coded


_PERSONAL = ("он", "она")


def _pronouns(parsed: ParsedSentence, mentions: list[Mention], speaker: Mention | None) -> list[Mention]:
    """"Она также обвинила…": a subject pronoun stands for the last sentence's speaker or acting official."""
    if speaker is None:
        return []
    return [Mention(t.index, t.index, speaker.code, speaker.name, False, t.start, t.end) for t in parsed.tokens
            if t.lemma in _PERSONAL and t.rel in ("nsubj", "nsubj:pass") and not any(m.covers(t.index)
                                                                                    for m in mentions)]


def _dated(parsed: ParsedSentence, published: dt.date) -> tuple[dt.date, str] | None:
    found = find_date(parsed.text, published)
    return found[0] if found else None


def _sides(parsed: ParsedSentence, mentions: list[Mention], events: list[Event]) -> list[Mention]:
    """"стороны договорились": the sides are the article's main dyad, the pair of countries most events so far
    were between (the latest on a tie), not a thanked mediator's."""
    pair = main_dyad(events)
    if pair is None:
        return []
    return [Mention(t.index, t.index, code, None, False, t.start, t.end) for t in parsed.tokens
            if t.lemma == "сторона" and t.rel == "nsubj" and t.feats.get("Number") == "Plur"
            and not any(m.covers(t.index) for m in mentions) for code in pair]


def _speaker(parsed: ParsedSentence, mentions: list[Mention], found: list[Mention]) -> Mention | None:
    """The official a following "он"/"она" can stand for: a reporter or a subject with a role (not a country)."""
    subjects = {t.index for t in parsed.tokens if t.rel == "nsubj"}
    people = [m for m in found + mentions if len(m.code) > 3 and not m.capital
              and (m in found or any(m.covers(i) for i in subjects))]
    return people[0] if people else None


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
