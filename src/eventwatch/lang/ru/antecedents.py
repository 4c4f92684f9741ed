"""Simple coreference for the other side of an act: "Шольц осудил удар", "Москва ответит на санкции",
"атаки … не останутся безнаказанными" name no actor, but the act they answer (the attack, the sanctions) was
coded earlier in the article, and its author is who is condemned, threatened or answered."""

from __future__ import annotations

from collections import Counter

from eventwatch.lang.ru.dictionaries import Lexicon
from eventwatch.lang.ru.mentions import Mention
from eventwatch.lang.ru.parse import ParsedSentence, Token
from eventwatch.model import Event

_NOUN_POS = ("NOUN", "PROPN")


def _act_types(token: Token, lexicon: Lexicon) -> set[str]:
    """The PLOVER types a noun can name as an act ("удар" → ASSAULT, "санкции" → SANCTION)."""
    if token.pos not in _NOUN_POS:
        return set()
    return {e.type for e in lexicon.triggers.get(token.lemma, []) if e.pos in (None, "noun")}


def _stem(word: str) -> str:
    return word.lower().replace("ё", "е")[:4]


def _trigger_text(event: Event) -> str:
    e = event.evidence
    return e.sentence[e.trigger_start - e.start:e.trigger_end - e.start]


def antecedent_targets(sentence: ParsedSentence, anchor: Token, source_codes: set[str], history: list[Event],
                       lexicon: Lexicon) -> list[Mention]:
    """For each act noun in the trigger's phrase, the author of the latest earlier event of that type whose
    country differs from the source's (one does not condemn or answer one's own attack)."""
    sources = {c[:3] for c in source_codes}
    found: list[Mention] = []
    for token in sentence.subtree(anchor, 3)[1:]:
        types = _act_types(token, lexicon)
        if not types:
            continue
        earlier = [e for e in reversed(history) if e.plover_type in types and e.source_actor
                   and e.source_actor[:3] not in sources]
        # the same word names the same act ("удар по Сумам" … "осудил удар"), before any act of that type
        same = [e for e in earlier if _stem(token.text) in {_stem(w) for w in _trigger_text(e).split()}]
        author = (same or earlier or [None])[0]
        author = author.source_actor if author else None
        if author is not None:
            found.append(Mention(token.index, token.index, author, None, False, token.start, token.end))
            break  # the nearest act noun is what the statement is about
    return found


def mediated_sides(history: list[Event], token: Token) -> list[Mention]:
    """"при посредничестве Турции", "посредниками выступили ОАЭ": the mediator meets both sides of the last
    act between two countries (the exchange, the talks), coded in this sentence or before."""
    pair = next(((e.source_actor, e.target_actor) for e in reversed(history) if e.source_actor and e.target_actor
                 and e.source_actor[:3] != e.target_actor[:3] and e.mode != "third-party"), None)
    if pair is None:
        return []
    return [Mention(token.index, token.index, code, None, False, token.start, token.end) for code in pair]


def counterpart(history: list[Event], source: str, token: Token) -> list[Mention]:
    """"Российская сторона предложила перемирие", "Киев отвергает условия": with no other side named, a side
    of the article's ongoing dyad acts toward the other side (the last event between two countries it was in)."""
    for event in reversed(history):
        pair = (event.source_actor, event.target_actor)
        if None in pair or pair[0][:3] == pair[1][:3] or event.mode == "third-party":
            continue
        if source[:3] in (pair[0][:3], pair[1][:3]):
            other = pair[1] if pair[0][:3] == source[:3] else pair[0]
            return [Mention(token.index, token.index, other, None, False, token.start, token.end)]
    return []


def main_dyad(history: list[Event]) -> tuple[str, str] | None:
    """The article's main pair of sides: the pair of countries most events so far were between (the latest on a
    tie), leaving out a mediator's meetings."""
    pairs = [(e.source_actor, e.target_actor) for e in history if e.source_actor and e.target_actor
             and e.source_actor[:3] != e.target_actor[:3] and e.mode != "third-party"]
    if not pairs:
        return None
    counts = Counter(frozenset((a[:3], b[:3])) for a, b in pairs)
    return max(reversed(pairs), key=lambda p: counts[frozenset((p[0][:3], p[1][:3]))])


def dyad_sides(history: list[Event], token: Token) -> list[Mention]:
    """"Следующий раунд переговоров может состояться в Стамбуле": talks with no side named are the main dyad's."""
    pair = main_dyad(history)
    return [Mention(token.index, token.index, code, None, False, token.start, token.end) for code in pair or ()]
