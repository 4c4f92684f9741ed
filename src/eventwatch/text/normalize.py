"""Whitespace and invisible-character normalisation shared by the cleaner and the HTML extractor."""

from __future__ import annotations

import re
import unicodedata

from eventwatch.text.confusables import fold_mixed_script

# Paragraph separators become blank lines; other line separators become newlines.
# (str.translate with a mapping is slow on long texts; these are rare, so test before replacing.)
_LINE_BREAKS = (("\r\n", "\n"), ("\r", "\n"), ("\u2029", "\n\n"), ("\u2028", "\n"), ("\x85", "\n"),
                ("\x0b", "\n"), ("\x0c", "\n"))
# Invisible characters that would otherwise sit inside words and break matching and offsets:
# zero-width spaces/joiners, direction marks, embeddings and isolates, soft hyphens, BOMs, variation
# selectors, tag characters (used to smuggle hidden text), C0/C1 controls (tab and newline are handled
# separately), and lone surrogates, which JSON's \ud800 escapes let through and no database stores.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
_BLANK_RUNS = re.compile(r"\n{3,}")


def normalise(text: str, fold_lookalikes: bool = True) -> str:
    """NFC, one newline convention, no invisible characters, Latin look-alikes in mixed-script words read as
    Latin (see confusables.py), single spaces, stripped lines.

    Blank lines are kept (collapsed to one) because they are the paragraph structure.
    """
    for old, new in _LINE_BREAKS:
        if old in text:
            text = text.replace(old, new)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    if fold_lookalikes:
        text = fold_mixed_script(text)
    # str.split() collapses every kind of horizontal whitespace and strips, in C.
    text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def normalise_field(value: str | None, fold_lookalikes: bool = True) -> str | None:
    """A one-line metadata value (title, URL, outlet) cleaned like the body; None when nothing is left.

    Metadata arrives from JSON, sidecars and page tags, where NULs and lone surrogates are legal but no
    database stores them. A URL keeps its letters as they are (``fold_lookalikes=False``): a look-alike
    letter in a host name is another host."""
    if value is None:
        return None
    return " ".join(normalise(value, fold_lookalikes).split()) or None
