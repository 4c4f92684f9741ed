"""Raw page → clean article body: the text every later offset refers to.

Vocabulary (headings, boilerplate phrases, share-bar words) is data in data/trailers.yaml and is
matched line by line in debris.py. This module holds the LAYOUT rules, which read each line in the
context of its neighbours:

* Before the body. The body starts at the first line that reads like article prose: it opens with
  a dateline, or it is a full sentence of at least BODY_MIN_WORDS words. Everything above it is
  page furniture; the first headline-like line there becomes the title when none is known.
* Trailer blocks. A heading ("You May Also Like", "Related", "Source link", "More from World")
  starts a block of links and teasers. Everything from the heading on is dropped, unless a
  substantial run of prose follows (RESUME_* below) that does not open with a dateline (a dateline
  means another story). That keeps a story whose related-links box was scraped into its middle,
  while teaser cards — headline + one snippet, repeated — never add up to such a run.
* Teasers. A short line cut off with an ellipsis is a teaser; the headline line just above it goes
  with it. After the last sentence, remaining headline-like lines are unlabelled related links.
* Safety net. When no line reads like prose, only the vocabulary rules are applied, so a short
  note or a list of headlines is not emptied.

Paragraphs: first of all, hard-wrapped lines are joined (a block of lines of similar width that
mostly stop mid-sentence, or a line that stops mid-sentence followed by one in lower case). After
that every line is a paragraph, which covers both blank-line-separated text and scraped text with
one paragraph per line.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch.model import RawDocument
from eventwatch.text.debris import DebrisRules, is_sentence_end, is_teaser, load_rules, word_count
from eventwatch.text.html import html_to_text, page_metadata
from eventwatch.text.normalize import normalise, normalise_field
from eventwatch.text.segment import match_dateline

BODY_MIN_WORDS = 6
HEADLINE_MAX_WORDS = 20
# What counts as "the story goes on" after a heading: two or more consecutive prose paragraphs
# with RESUME_MIN_WORDS words between them, or one paragraph of RESUME_SINGLE_WORDS words.
RESUME_MIN_WORDS = 40
RESUME_SINGLE_WORDS = 50
# Hard-wrapped text: lines of similar width, most of them ending mid-sentence.
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH, WRAP_RATIO = 40, 120, 0.6

_PARAGRAPH_END = ".!?:;…\"'”’)]"
_BLANK, _DEBRIS, _HEADING, _TEASER, _LINE = range(5)


@dataclass(frozen=True)
class CleanText:
    text: str
    title: str | None
    debris_removed: int  # non-blank lines dropped as debris (a title taken from the text is not counted)


def clean(raw: RawDocument) -> CleanText:
    title = normalise_field(raw.title)
    if raw.kind == "html":
        content = html_to_text(raw.content)
        if title is None:
            title, _ = page_metadata(raw.content)
    else:
        content = raw.content
    return clean_text(normalise(content), title)


def clean_text(text: str, known_title: str | None = None) -> CleanText:
    """Clean already-normalised text (see normalize.normalise)."""
    rules = load_rules()
    lines = _join_wrapped(text.split("\n"), rules) if text else []
    kinds = [_classify(line, rules) for line in lines]
    keep = [kind == _LINE for kind in kinds]
    title_index: int | None = None

    body_start = _find_body_start(lines, kinds)
    if body_start is not None:
        title_index = _drop_top(lines, kinds, keep, body_start, known_title)
        _drop_trailers(lines, kinds, keep, body_start)
        _drop_teaser_headlines(lines, kinds, keep, body_start)
        _drop_trailing_headlines(lines, keep, body_start)
    elif known_title is not None and sum(keep) > 1:
        # No prose found: keep everything but the headline we already know about.
        keep = [kept and not _same(line, known_title) for line, kept in zip(lines, keep, strict=True)]

    removed = sum(
        1 for i, line in enumerate(lines)
        if line and not keep[i] and i != title_index and not _same(line, known_title)
    )
    title = known_title
    if title is None and title_index is not None:
        title = lines[title_index]
    return CleanText("\n\n".join(line for line, kept in zip(lines, keep, strict=True) if kept), title, removed)


def _classify(line: str, rules: DebrisRules) -> int:
    if not line:
        return _BLANK
    if rules.is_heading(line):
        return _HEADING
    if rules.is_debris(line):
        return _DEBRIS
    if is_teaser(line):
        return _TEASER
    return _LINE


def _is_prose(line: str, min_words: int = BODY_MIN_WORDS) -> bool:
    return is_sentence_end(line) and word_count(line) >= min_words


def _is_headline(line: str) -> bool:
    return (
        not is_sentence_end(line) and not is_teaser(line) and word_count(line) <= HEADLINE_MAX_WORDS
        and not line.endswith((",", ";", ":", "—", "–", "-"))
    )


def _starts_story(line: str) -> bool:
    return match_dateline(line) is not None


def _same(line: str, title: str | None) -> bool:
    return title is not None and line.casefold() == " ".join(title.split()).casefold()


def _find_body_start(lines: list[str], kinds: list[int]) -> int | None:
    i = 0
    while i < len(lines):
        if kinds[i] == _HEADING:
            resume = _find_resume(lines, kinds, i + 1, top=True)
            if resume is None:
                return None
            i = resume
            continue
        if kinds[i] == _LINE and (_starts_story(lines[i]) or _is_prose(lines[i])):
            return i
        i += 1
    return None


def _drop_top(lines: list[str], kinds: list[int], keep: list[bool], body_start: int,
              known_title: str | None) -> int | None:
    """Drop page furniture above the body; return the index of the line used as title."""
    title_index = None
    for i in range(body_start):
        if kinds[i] == _HEADING:
            break  # lines after a heading are someone else's headlines
        if known_title is None and title_index is None and kinds[i] == _LINE and _is_headline(lines[i]):
            title_index = i
    for i in range(body_start):
        keep[i] = False
    return title_index


def _drop_trailers(lines: list[str], kinds: list[int], keep: list[bool], body_start: int) -> None:
    i = body_start
    while i < len(lines):
        if kinds[i] != _HEADING:
            i += 1
            continue
        resume = _find_resume(lines, kinds, i + 1)
        stop = len(lines) if resume is None else resume
        for j in range(i, stop):
            keep[j] = False
        i = stop


def _find_resume(lines: list[str], kinds: list[int], start: int, top: bool = False) -> int | None:
    """First line after a heading where the story demonstrably goes on, or None.

    Above the body (``top``) a dateline is where the story starts; below it, another story."""
    i = start
    while i < len(lines):
        if top and kinds[i] == _LINE and _starts_story(lines[i]):
            return i
        if kinds[i] != _LINE or not _is_prose(lines[i]):
            i += 1
            continue
        run, words, longest, j = 0, 0, 0, i
        while j < len(lines) and (kinds[j] == _BLANK or (kinds[j] == _LINE and _is_prose(lines[j]))):
            if kinds[j] == _LINE:
                count = word_count(lines[j])
                run, words, longest = run + 1, words + count, max(longest, count)
            j += 1
        # A teaser card is one snippet under a headline, so it never makes a run of two.
        substantial = (run >= 2 and words >= RESUME_MIN_WORDS) or longest >= RESUME_SINGLE_WORDS
        if substantial and not _starts_story(lines[i]):
            return i
        i = j
    return None


def _drop_teaser_headlines(lines: list[str], kinds: list[int], keep: list[bool], body_start: int) -> None:
    for i in range(body_start, len(lines)):
        if kinds[i] != _TEASER:
            continue
        k = i - 1
        while k > body_start and kinds[k] == _BLANK:
            k -= 1
        if k > body_start and keep[k] and _is_headline(lines[k]):
            keep[k] = False


def _drop_trailing_headlines(lines: list[str], keep: list[bool], body_start: int) -> None:
    for i in range(len(lines) - 1, body_start, -1):
        if not keep[i]:
            continue
        if not _is_headline(lines[i]):
            return
        keep[i] = False


def _join_wrapped(lines: list[str], rules: DebrisRules) -> list[str]:
    """One line per paragraph: join hard-wrapped lines so that every later rule sees whole
    paragraphs. Blank lines are kept as separators."""
    out: list[str] = []
    block: list[str] = []
    for line in lines:
        if line:
            block.append(line)
            continue
        out.extend(_join_block(block, rules))
        block = []
        out.append("")
    out.extend(_join_block(block, rules))
    return out


def _join_block(block: list[str], rules: DebrisRules) -> list[str]:
    if len(block) < 2:
        return block
    if _looks_wrapped(block):
        return [" ".join(block)]
    joined = [block[0]]
    for line in block[1:]:
        prev = joined[-1]
        # A line that stops mid-sentence and a next line that starts in lower case are one
        # paragraph, unless either is boilerplate ("By Jane Doe" / "updated 3 hours ago").
        if (
            line[:1].islower() and not prev.endswith(tuple(_PARAGRAPH_END))
            and not rules.is_debris(prev) and not rules.is_heading(prev) and not rules.is_debris(line)
        ):
            joined[-1] = f"{prev} {line}"
        else:
            joined.append(line)
    return joined


def _looks_wrapped(block: list[str]) -> bool:
    width = max(len(line) for line in block)
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return False
    inner = block[:-1]
    if any(len(line) < WRAP_RATIO * width for line in inner):
        return False
    unterminated = sum(1 for line in inner if not is_sentence_end(line))
    return unterminated * 2 >= len(inner)
