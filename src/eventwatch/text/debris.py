"""Line-level recognisers for aggregator debris, driven by data/trailers.yaml.

Every test here looks at ONE line in isolation; the layout rules that look at neighbouring lines
(trailer blocks, teaser cards, leading and trailing junk) are in clean.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from eventwatch.datafiles import data_mapping
from eventwatch.errors import DictionaryError

# Headings and menu entries are short; a longer line is prose even when it starts like a heading.
MAX_HEADING_WORDS = 8
MAX_NAV_SEGMENT_WORDS = 4
MAX_NAV_WORDS = 14
# Boilerplate lines are short; longer lines are prose and skip the (costlier) pattern tests.
MAX_DEBRIS_CHARS = 320
MAX_SHARE_BAR_CHARS = 160
# Teaser snippets are a sentence or two cut off with an ellipsis.
MAX_TEASER_WORDS = 45

_STRIP_LEAD = "•·*-–—>›»→|#▶► \t"
_STRIP_TRAIL = ":;.…»›>→|-–—/ \t"
# A line ends a sentence when its last visible character (ignoring closing quotes and brackets)
# is terminal punctuation; an ellipsis is a cut-off, not an ending. (String methods, not regexes
# anchored with $: a regex search would try every position of a long line.)
_CLOSERS = "\"'”’)]"


@dataclass(frozen=True)
class DebrisRules:
    headings: frozenset[str]
    heading_re: re.Pattern[str] | None
    debris: frozenset[str]
    debris_re: re.Pattern[str] | None
    cased_re: re.Pattern[str] | None
    share_words: frozenset[str]
    share_re: re.Pattern[str]
    nav_split_re: re.Pattern[str]
    nav_chars: str

    def is_heading(self, line: str) -> bool:
        if word_count(line) > MAX_HEADING_WORDS or line.rstrip().endswith((".", "!", "?")):
            return False
        key = normalise_key(line)
        if key in self.headings:
            return True
        return bool(self.heading_re and self.heading_re.fullmatch(line.strip(_STRIP_LEAD + ":")))

    def is_debris(self, line: str) -> bool:
        """Boilerplate that is dropped wherever it appears."""
        if len(line) > MAX_DEBRIS_CHARS:
            return False
        if normalise_key(line) in self.debris:
            return True
        stripped = line.strip(_STRIP_LEAD)
        if self.debris_re and self.debris_re.fullmatch(stripped):
            return True
        if self.cased_re and self.cased_re.fullmatch(stripped):
            return True
        return self.is_share_bar(line) or self.is_nav(line)

    def is_share_bar(self, line: str) -> bool:
        if len(line) > MAX_SHARE_BAR_CHARS or is_sentence_end(line):
            return False
        rest, hits = self.share_re.subn(" ", line.lower())
        return hits > 0 and not any(ch.isalnum() for ch in rest)

    def is_nav(self, line: str) -> bool:
        """'Home | World | Asia': several short segments joined by menu separators."""
        if not any(ch in line for ch in self.nav_chars):
            return False
        if word_count(line) > MAX_NAV_WORDS or is_sentence_end(line):
            return False
        segments = [seg for seg in self.nav_split_re.split(line) if seg.strip()]
        if len(segments) < 2:
            return False
        return all(word_count(seg) <= MAX_NAV_SEGMENT_WORDS for seg in segments)


def normalise_key(line: str) -> str:
    key = line.lower().replace("’", "'").strip(_STRIP_LEAD).rstrip(_STRIP_TRAIL).strip(_STRIP_LEAD)
    return " ".join(key.split())


def word_count(line: str) -> int:
    return len(line.split())


def _ends_with_ellipsis(line: str) -> bool:
    return line.rstrip().endswith(("…", "..."))


def is_sentence_end(line: str) -> bool:
    return line.rstrip().rstrip(_CLOSERS).endswith((".", "!", "?")) and not _ends_with_ellipsis(line)


def is_teaser(line: str) -> bool:
    """A snippet cut off with an ellipsis: 'Officials said on Monday that the talks…'."""
    return _ends_with_ellipsis(line) and word_count(line) <= MAX_TEASER_WORDS


def _alternation(patterns: list[str], flags: int) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _section(data: dict, name: str) -> dict:
    section = data.get(name) or {}
    if not isinstance(section, dict):
        raise DictionaryError(f"trailers.yaml: '{name}' must be a mapping")
    return section


def _strings(section: dict, key: str, where: str) -> list[str]:
    values = section.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise DictionaryError(f"trailers.yaml: '{where}.{key}' must be a list of strings")
    return values


def _separator(sep: str) -> str:
    # "/" and ">" also occur inside words and numbers ("24/7"), so they only separate when spaced.
    return rf"\s+{re.escape(sep)}\s+" if sep in "/>" else rf"\s*{re.escape(sep)}\s*"


@lru_cache(maxsize=1)
def load_rules() -> DebrisRules:
    """Read and compile data/trailers.yaml once per process."""
    data = data_mapping("trailers.yaml")
    fragments = {key: str(data.get(key, default)) for key, default in
                 (("date", r"(?!)"), ("time", ""), ("name", r"[A-Z]\w*"))}

    def expand(patterns: list[str]) -> list[str]:
        for key, value in fragments.items():
            patterns = [p.replace("{" + key + "}", value) for p in patterns]
        return patterns

    headings, debris = _section(data, "headings"), _section(data, "debris")
    share = _strings(data, "share_words", "")
    separators = _strings(data, "nav_separators", "")
    try:
        share_alt = "|".join(re.escape(w) for w in sorted(share, key=len, reverse=True))
        return DebrisRules(
            headings=frozenset(normalise_key(p) for p in _strings(headings, "phrases", "headings")),
            heading_re=_alternation(expand(_strings(headings, "patterns", "headings")), re.IGNORECASE),
            debris=frozenset(normalise_key(p) for p in _strings(debris, "phrases", "debris")),
            debris_re=_alternation(expand(_strings(debris, "patterns", "debris")), re.IGNORECASE),
            cased_re=_alternation(expand(_strings(debris, "cased_patterns", "debris")), 0),
            share_words=frozenset(share),
            share_re=re.compile(rf"(?<![\w-])(?:{share_alt or '(?!)'})(?![\w-])"),
            nav_split_re=re.compile("|".join(_separator(s) for s in separators) or r"(?!)"),
            nav_chars="".join(separators),
        )
    except re.error as exc:
        raise DictionaryError(f"trailers.yaml: bad regex: {exc}") from exc
