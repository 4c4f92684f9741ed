"""The one spaCy pipeline of the process: blank English (tokenizer only), built once and reused."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return spacy.blank("en")
