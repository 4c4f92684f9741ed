"""Cyrillic and Greek letters that look like Latin ones, read as Latin inside words that mix the scripts.

"Nоrth Kоrea" written with a Cyrillic "о" (U+043E) looks like North Korea to a reader and is North Korea in
the story, but matches no dictionary entry: spam and filter-evading pages spoof names this way, and OCR and
keyboard-layout slips produce the same words by accident. A word that mixes Latin letters with these
look-alikes is therefore read in Latin. A word written wholly in Cyrillic or Greek ("Москва", "Αθήνα") is
another language and is left alone. Each letter maps to one letter, so offsets are unchanged.
"""

from __future__ import annotations

import re

# Only letters that are practically indistinguishable from a Latin letter in common fonts.
_LOOKALIKES = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_TABLE = str.maketrans(_LOOKALIKES)
_NON_LATIN = re.compile("[\u0370-\u03ff\u0400-\u052f]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile("[A-Za-z]")


def fold_mixed_script(text: str) -> str:
    """Latin look-alikes inside mixed Latin/Cyrillic/Greek words replaced by their Latin letters."""
    if not _NON_LATIN.search(text):
        return text  # the common case costs one scan in C
    return _WORD.sub(_fold_word, text)


def _fold_word(match: re.Match[str]) -> str:
    word = match.group()
    if _LATIN.search(word) and _NON_LATIN.search(word):
        return word.translate(_TABLE)
    return word
