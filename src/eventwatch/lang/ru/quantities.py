"""How many of what an act involved: the number on the act's object or passive subject ("сбили двенадцать
беспилотников", "более 30 ракет"), as a Quantity in the English units (data/lang/ru/quantities.yaml)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from eventwatch.datafiles import data_mapping
from eventwatch.lang.ru.parse import ParsedSentence, Token
from eventwatch.model import Quantity

_COUNTED = ("obj", "nsubj:pass", "nsubj")


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    return data_mapping("lang", "ru", "quantities.yaml")


def quantity_of(sentence: ParsedSentence, anchor: Token, index: int) -> Quantity | None:
    """The counted object of ``anchor``; ``index`` is the sentence's index in Article.sentences."""
    for noun in sentence.children(anchor):
        if noun.rel not in _COUNTED:
            continue
        number = next((c for c in sentence.children(noun) if c.rel.startswith("nummod")), None)
        value = _value(number) if number else None
        if number is not None and value is not None:
            return _quantity(sentence, noun, number, value, index)
    return None


def _value(number: Token) -> float | None:
    digits = number.text.replace(" ", "").replace(",", ".")
    try:
        return float(digits)
    except ValueError:
        found = _table()["numbers"].get(number.lemma)
        return float(found) if found is not None else None


def _quantity(sentence: ParsedSentence, noun: Token, number: Token, value: float, index: int) -> Quantity:
    table = _table()
    qualifier = next((table["qualifiers"][c.lemma] for c in sentence.tokens
                      if c.head == number.index and c.lemma in table["qualifiers"]), None)
    if qualifier is None and number.index > 0 and sentence.tokens[number.index - 1].lemma in table["qualifiers"]:
        qualifier = table["qualifiers"][sentence.tokens[number.index - 1].lemma]
    start, end = min(number.start, noun.start), max(number.end, noun.end)
    text = sentence.text[start - sentence.start:end - sentence.start]
    return Quantity(start, end, text, value, table["units"].get(noun.lemma, noun.lemma), qualifier, index)
