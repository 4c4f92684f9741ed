"""Paragraphs, dateline and sentences of a clean text, as character offsets into that text.

A regex splitter rather than a spaCy pipeline: the decisions that matter for news copy are about
abbreviations, quotes and datelines, which are easier to state (and much faster) as rules over
candidate boundaries than as tokenizer exceptions.

A candidate boundary is terminal punctuation (. ! ? … ...) plus any closing quotes or brackets,
followed by whitespace. It is a sentence end unless:
  * the next word starts with a lower-case letter ("at 9 a.m. on Monday", '"Why?" he asked');
  * the period closes a title or name prefix ("Gen.", "Dr.", "St.") — never final;
  * the period closes a numbering abbreviation and a digit follows ("No. 2", "Dec. 5");
  * the period closes an abbreviation that MAY end a sentence — "U.S.", "p.m.", "Jr.", any dotted
    acronym or a single capital initial — and the next word is not a common sentence starter
    (abbreviations.STARTERS: "The", "He", "But", ...). So "the U.S. The next day" splits while
    "the U.S. Navy", "at 3 p.m. Tuesday" and "Kim J. Un" do not. Capitalised nouns after such an
    abbreviation ("in the U.S. Officials said") stay in one sentence: a missed split costs less
    than cutting a name in two;
  * an ellipsis sits inside an open quotation ('"We will fight … We will win," he said');
  * a ? or ! inside closing quotes is followed by an attribution ('"Is it over?" Kim asked.');
  * the boundary is inside a quotation that closes with a comma, i.e. runs into its attribution
    ('"The water came fast. We had ten minutes," said Conti.').
Paragraph breaks (blank lines) always end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eventwatch.model import Dateline, Sentence, Span
from eventwatch.text.abbreviations import (
    MAY_END,
    NEVER_FINAL,
    NOT_PLACES,
    NUMBERED,
    SPEECH_VERBS,
    STARTERS,
    TITLES,
)

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CAPS_WORD = r"[A-Z][A-Z.'’]*"
_NAME_WORD = r"[A-Z][\w.'’-]*"
# SEOUL, South Korea — / TOKYO (Reuters) - / KYIV, Ukraine (AP) — / SEOUL, March 16 (Reuters) -
_DATELINE = re.compile(
    rf"(?P<city>{_CAPS_WORD}(?:[ -]{_CAPS_WORD}){{0,4}})"
    rf"(?:,[^\S\n]*(?!{_MONTH}[^\S\n]+\d)(?P<region>{_NAME_WORD}(?:[^\S\n]{_NAME_WORD}){{0,3}}))?"
    rf"(?:,?[^\S\n]*{_MONTH}[^\S\n]+\d{{1,2}})?"
    r"(?:[^\S\n]*\([^()\n]{1,40}\))?"
    r"(?:[^\S\n]*(?P<dash>—|–|--)|[^\S\n]+(?P<hyphen>-)(?!\S))"
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# Starts only at the first mark of a run and never backtracks, so long runs of dots stay linear.
_BOUNDARY = re.compile(r"(?<![.!?…])(?:\.\.\.|…|[.!?])[.!?…]*+[\"'”’)\]»]*+(?=\s)")
_CLOSERS = "\"'”’)]»"
_NEXT_WORD = re.compile(r"[\"'“‘(\[«]*(?P<word>[^\s\"'“”‘’()\[\],;:]*)")
_TOKEN_BEFORE = re.compile(r"[^\s\"'“‘(\[«]*\Z")
_DOTTED_OR_INITIAL = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]")
_ATTRIBUTION = re.compile(rf"(?:{_NAME_WORD}\s+){{1,4}}(?:{'|'.join(SPEECH_VERBS)})\b")


@dataclass(frozen=True)
class Segmentation:
    dateline: Dateline | None
    paragraphs: list[Span] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


def segment(text: str) -> Segmentation:
    paragraphs = _paragraphs(text)
    dateline = match_dateline(text, paragraphs[0].start, paragraphs[0].end) if paragraphs else None
    sentences: list[Sentence] = []
    for index, para in enumerate(paragraphs):
        start = para.start
        if index == 0 and dateline is not None:
            start = _skip_space(text, dateline.end, para.end)
        for s, e in _split(text, start, para.end):
            sentences.append(Sentence(len(sentences), s, e, text[s:e], index))
    return Segmentation(dateline, paragraphs, sentences)


def match_dateline(text: str, start: int = 0, end: int | None = None) -> Dateline | None:
    """The dateline at ``text[start:]``, if the paragraph opens with one."""
    end = len(text) if end is None else end
    start = _skip_space(text, start, end)
    m = _DATELINE.match(text, start, end)
    if m is None:
        return None
    city = m.group("city")
    letters = [ch for ch in city if ch.isalpha()]
    if len(letters) < 2 or city.rstrip(".") in NOT_PLACES or len(city) > 40:
        return None
    place = _title_case(city)
    if m.group("region"):
        place = f"{place}, {m.group('region')}"
    dash_end = m.end("dash") if m.group("dash") else m.end("hyphen")
    return Dateline(place=place, start=start, end=dash_end)


def _title_case(city: str) -> str:
    """SEOUL → Seoul, PORT-AU-PRINCE → Port-Au-Prince, N'DJAMENA → N'Djamena, ST. LOUIS → St. Louis."""
    def part(piece: str) -> str:
        head, sep, tail = piece.partition("'")
        if sep and len(head) == 1:
            return head + sep + tail.capitalize()
        return piece.capitalize()

    return " ".join("-".join(part(p) for p in word.split("-")) for word in city.split(" "))


def _paragraphs(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        _add_trimmed(spans, text, pos, m.start())
        pos = m.end()
    _add_trimmed(spans, text, pos, len(text))
    return spans


def _add_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    start = _skip_space(text, start, end)
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) pairs inside one paragraph, trimmed of whitespace."""
    out: list[tuple[int, int]] = []
    sentence_start = start
    quotes = _Quotes(text, start, end)
    for m in _BOUNDARY.finditer(text, start, end):
        if m.end() <= sentence_start:
            continue
        nxt = _skip_space(text, m.end(), end)
        if nxt >= end:
            break
        if _is_boundary(text, m, nxt, start, quotes):
            _add_pair(out, text, sentence_start, m.end())
            sentence_start = nxt
    _add_pair(out, text, sentence_start, end)
    return out


class _Quotes:
    """Quotation state at increasing positions of one paragraph, kept incrementally so a long
    paragraph costs linear time, not a rescan per candidate boundary."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.pos, self.end = text, start, end
        self.straight = self.left = self.right = 0
        self._next: dict[str, int] = {}

    def open_quote(self, pos: int) -> str | None:
        """The closing mark awaited at ``pos`` ('"' or '”'), or None outside quotes."""
        if pos > self.pos:
            chunk = self.text[self.pos:pos]
            self.straight += chunk.count('"')
            self.left += chunk.count("“")
            self.right += chunk.count("”")
            self.pos = pos
        if self.straight % 2:
            return '"'
        return "”" if self.left > self.right else None

    def closing(self, mark: str, pos: int) -> int:
        """Index of the next ``mark`` at or after ``pos`` (-1 if none); positions only grow, so a
        cached search stays valid until it is passed."""
        found = self._next.get(mark)
        if found is None or -1 < found < pos:
            found = self.text.find(mark, pos, self.end)
            self._next[mark] = found
        return found


def _add_pair(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    start = _skip_space(text, start, end)
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


def _is_boundary(text: str, m: re.Match[str], nxt: int, para_start: int, quotes: _Quotes) -> bool:
    word = _NEXT_WORD.match(text, nxt)
    following = word.group("word") if word else ""
    first = following[:1]
    if first.isalpha() and first.islower():
        return False
    core = m.group().rstrip(_CLOSERS)
    mark = quotes.open_quote(m.start())
    if mark and len(core) == len(m.group()):
        # '"The water came fast. We had ten minutes," said Conti.' — a quotation that closes with a
        # comma runs into its attribution, which belongs to every sentence of the quote.
        close = quotes.closing(mark, m.end())
        if close > 0 and text[close - 1] == ",":
            return False
    if "?" in core or "!" in core:
        quoted = len(core) < len(m.group())
        return not (quoted and _ATTRIBUTION.match(text, nxt))
    if "…" in core or "..." in core:
        return mark is None
    token_match = _TOKEN_BEFORE.search(text, max(para_start, m.start() - 40), m.start())
    token = token_match.group() if token_match else ""
    if token in TITLES or token in NEVER_FINAL:
        return False
    if token in NUMBERED:
        return not first.isdigit()
    if token in MAY_END or _DOTTED_OR_INITIAL.fullmatch(token):
        return following.rstrip(".!?…") in STARTERS
    return True
