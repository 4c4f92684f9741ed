"""Whitespace and invisible-character normalisation shared by the cleaner and the HTML extractor."""

from __future__ import annotations

import re
import unicodedata

# Paragraph separators become blank lines; other line separators become newlines.
# (str.translate with a mapping is slow on long texts; these are rare, so test before replacing.)
_LINE_BREAKS = (("\r\n", "\n"), ("\r", "\n"), ("\u2029", "\n\n"), ("\u2028", "\n"), ("\x85", "\n"),
                ("\x0b", "\n"), ("\x0c", "\n"))
# Invisible characters that would otherwise sit inside words and break matching and offsets:
# zero-width spaces/joiners, direction marks, soft hyphens, BOMs, and C0/C1 controls
# (tab and newline are handled separately).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufff9-\ufffb]"
)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str) -> str:
    """NFC, one newline convention, no invisible characters, single spaces, stripped lines.

    Blank lines are kept (collapsed to one) because they are the paragraph structure.
    """
    for old, new in _LINE_BREAKS:
        if old in text:
            text = text.replace(old, new)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    # str.split() collapses every kind of horizontal whitespace and strips, in C.
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()
