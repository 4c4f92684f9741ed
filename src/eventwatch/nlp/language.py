"""The one spaCy pipeline of the process: blank English (tokenizer only), built once and reused."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    return spacy.blank("en")


def doc_text(doc: Doc) -> str:
    """Doc.text rebuilds the string from every token on each call; analysis asks for it thousands of times."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text
