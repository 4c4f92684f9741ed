"""Key terms of an article: what it is about, for story labels and related stories.

The names it mentions (actors and places, by their dictionary names) and its most frequent content words.
Weights are term frequencies; rarity (IDF) is applied at query time from the store, where the document
frequencies are.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from eventwatch.model import ActorMention, Article, PlaceMention

KEY_TERMS = 20
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{2,}")
# Words every wire story uses: they would make every article related to every other.
_WIRE_WORDS = frozenset({"said", "says", "told", "according", "statement", "official", "officials", "reported",
                         "reuters", "agency", "news", "added", "week", "month", "year", "monday", "tuesday",
                         "wednesday", "thursday", "friday", "saturday", "sunday", "time", "including", "percent"})


def key_terms(article: Article, actors: list[ActorMention], places: list[PlaceMention],
              limit: int = KEY_TERMS) -> dict[str, float]:
    counts: Counter[str] = Counter()
    for word in _WORD.findall(article.text):
        lowered = word.lower().replace("’", "'")
        if lowered not in STOP_WORDS and lowered not in _WIRE_WORDS and not lowered.endswith("'s"):
            counts[lowered] += 1
    names: Counter[str] = Counter()
    for mention in actors:
        names[mention.name or mention.text] += 1
    for place in places:
        names[place.place.name] += 1
    # Names first: they say most about what the story is; then content words.
    terms = {name: 2.0 * (1 + math.log(n)) for name, n in names.most_common(limit // 2)}
    for word, n in counts.most_common(limit):
        if len(terms) >= limit:
            break
        if word not in (t.lower() for t in terms):
            terms[word] = 1 + math.log(n)
    return terms
