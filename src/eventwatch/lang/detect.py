"""The language of an article, told offline from its letters: the script most of its letters are written in, then
(for scripts several languages share) letters only one of them uses, or English's function words.

Codes are BCP 47: ``en``, ``ko``, ``ru``, ``uk``, ``ja``, ``zh``…; ``und-<Script>`` when only the script is known
(Cyrillic with Serbian or Kazakh letters is ``und-Cyrl``; with neither those nor Ukrainian's, Russian); ``und`` when
the text has too few letters to tell. Latin-script text is English unless another language's function words
outnumber English's. The rules and word lists are in data/languages.yaml.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache

from eventwatch.datafiles import data_mapping

UNDETERMINED = "und"
# The languages the coder reads; "und" (too few letters to tell) is read as English, as before languages were told.
CODED_LANGUAGES = frozenset({"en", UNDETERMINED})
MIN_LETTERS = 20  # below this ("12:30 GMT"), a script count says nothing
# A Hangul syllable or a Han character holds a word's worth of letters: "북한이 미사일을 발사했다" is 11 of them.
SYLLABIC = frozenset({"HANGUL", "CJK", "HIRAGANA", "KATAKANA"})
MIN_SYLLABLES = 6
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 20_000  # characters read: the first pages of a long text decide as well as all of it


@cache
def _rules() -> dict:
    return data_mapping("languages.yaml")


def _script(char: str) -> str | None:
    """The script of a letter as the first word of its Unicode name (HANGUL, LATIN, CJK, …)."""
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return None


def _scripts(text: str) -> Counter[str]:
    return Counter(script for char in text if char.isalpha() and (script := _script(char)) is not None)


def detect_language(text: str) -> str:
    """The language code of ``text`` (see the module docstring)."""
    sample = text[:_SAMPLE]
    scripts = _scripts(sample)
    letters = sum(scripts.values())
    syllables = sum(n for script, n in scripts.items() if script in SYLLABIC)
    if letters < MIN_LETTERS and (syllables < MIN_SYLLABLES or syllables < letters / 2):
        return UNDETERMINED
    if scripts["HIRAGANA"] + scripts["KATAKANA"] >= 0.05 * letters:
        return "ja"
    known = _rules()["scripts"]
    script, _ = max(((s, n) for s, n in scripts.items() if s in known), key=lambda item: item[1],
                    default=(None, 0))
    if script is None:
        top = scripts.most_common(1)[0][0]
        return f"{UNDETERMINED}-{top.title()[:4]}"
    kind = known[script]
    if kind == "cyrillic":
        return _cyrillic(sample)
    if kind == "latin":
        return _latin(sample)
    return kind


def _cyrillic(text: str) -> str:
    lowered = text.lower()
    marks = {language: sum(lowered.count(letter) for letter in letters)
             for language, letters in _rules()["cyrillic"].items()}
    if any(letter in lowered for letter in _rules()["other_cyrillic"]):
        return f"{UNDETERMINED}-Cyrl"
    if not any(marks.values()):
        return str(_rules()["cyrillic_default"])
    return max(marks, key=lambda language: marks[language])


def _latin(text: str) -> str:
    """English unless another language's function words outnumber English's (data/languages.yaml)."""
    counts = Counter(w.lower() for w in _WORD.findall(text))
    hits = {language: sum(counts[w] for w in set(words)) for language, words in _rules()["latin_words"].items()}
    english = hits.pop("en")
    other, found = max(hits.items(), key=lambda item: item[1], default=("", 0))
    return other if found > english and found >= int(_rules()["min_other_words"]) else "en"
