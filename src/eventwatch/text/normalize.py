"""Whitespace and invisible-character normalisation shared by the cleaner and the HTML extractor."""

from __future__ import annotations

import re
import unicodedata

# Paragraph separators become blank lines; other line separators become newlines.
_PARAGRAPH_SEPARATORS = str.maketrans(
    {"\u2029": "\n\n", "\u2028": "\n", "\x85": "\n", "\x0b": "\n", "\x0c": "\n"}
)
# Invisible characters that would otherwise sit inside words and break matching and offsets:
# zero-width spaces/joiners, direction marks, soft hyphens, BOMs, and C0/C1 controls
# (tab and newline are handled separately).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, one newline convention, no invisible characters, single spaces, stripped lines.

    Blank lines are kept (collapsed to one) because they are the paragraph structure.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_PARAGRAPH_SEPARATORS)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()
