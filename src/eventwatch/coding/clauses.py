"""Sentence structure without a parser: attribution clauses, clause bounds, appositives, coordination.

A blank spaCy pipeline has no dependency parse, so these are token heuristics tuned on wire copy, whose
sentences follow a few fixed shapes: "X did Y on DAY, SOURCE said", "According to SOURCE, X did Y",
"SOURCE said X did Y", "X, the TITLE of Z, did Y".
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc

from eventwatch.coding.patterns import Cues

BE_FORMS = frozenset({"was", "were", "been", "being", "is", "are", "be", "got"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "pyongyang"})
APPOSITIVE_OPENERS = frozenset({"the", "a", "an", "who", "which", "whose", "its", "his", "her", "their"})
SAYING_TIME = frozenset({"on", "late", "early", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                         "sunday", "yesterday", "today", "night", "morning", "evening", "afternoon"})
CONJOINERS = frozenset({"and", ",", "or", "&", "as well as"})


@dataclass(frozen=True)
class SentenceTokens:
    start: int  # token index of the first token
    end: int  # one past the last token


def attribution_spans(doc: Doc, sent: SentenceTokens, cues: Cues, trigger_tokens: set[int],
                      actor_tokens: set[int]) -> list[range]:
    """Token ranges that name who reports, not who acts."""
    spans: list[range] = []
    commas = [i for i in range(sent.start, sent.end) if doc[i].text in (",", ";", "—", "–")]

    def segment(i: int) -> tuple[int, int]:
        left = max([c for c in commas if c < i], default=sent.start - 1) + 1
        right = min([c for c in commas if c > i], default=sent.end)
        return left, right

    first_words = {opener[0] for opener in cues.attribution_openers}
    for i in range(sent.start, sent.end):
        token = doc[i]
        lower = token.lower_
        if lower in first_words:
            words = tuple(t.lower_ for t in doc[i:i + 3])
            for opener in cues.attribution_openers:
                if words[: len(opener)] == opener:
                    _, right = segment(i)
                    spans.append(range(i, right))
        if lower not in cues.reporting_verbs or i in trigger_tokens or i in actor_tokens:
            continue
        if lower in cues.elaborating_verbs and any(sent.start <= t < i for t in trigger_tokens):
            continue
        left, right = segment(i)
        if any(left <= t < i for t in trigger_tokens) and not _content_after(i, right, trigger_tokens):
            continue  # "X fired … and said" — the verb has no clause of its own to hide
        if _content_after(i, right, trigger_tokens):
            # "Yonhap, citing military officials, said …": with no act before it, the whole lead-in reports.
            if not any(sent.start <= t < i for t in trigger_tokens):
                left = sent.start
            stop = i + 1
            # "said on Friday (that) it had fired …": the saying's own date belongs to the attribution.
            while stop < sent.end and doc[stop].lower_ in SAYING_TIME:
                stop += 1
            if stop < sent.end and doc[stop].lower_ == "that":
                stop += 1
            spans.append(range(left, stop))
        else:
            spans.append(range(left, right))
    return spans


def _content_after(i: int, right: int, triggers: set[int]) -> bool:
    return any(i < t < right for t in triggers)


def clause_bounds(doc: Doc, sent: SentenceTokens, index: int, cues: Cues) -> tuple[int, int]:
    """The clause around token ``index``: bounded by clause-break words such as 'as', 'while', ';'."""
    left = sent.start
    for i in range(index - 1, sent.start - 1, -1):
        if doc[i].lower_ in cues.clause_breaks and not _break_is_preposition(doc, i):
            left = i + 1
            break
    right = sent.end
    for i in range(index + 1, sent.end):
        if doc[i].lower_ in cues.clause_breaks and not _break_is_preposition(doc, i):
            right = i
            break
    return left, right


def _break_is_preposition(doc: Doc, i: int) -> bool:
    # "as part of", "such as", "as well as", "after Monday's launch" keep the clause going.
    word = doc[i].lower_
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
    prev = doc[i - 1].lower_ if i > 0 else ""
    if word == "as" and (nxt in ("part", "well", "a", "an", "the", "much", "many", "early", "soon", "long")
                         or prev in ("such", "well", "as", "same", "known")):
        return True
    return word in ("after", "before", "following", "since", "amid", "despite") and nxt not in (
        "the", "a", "an") and not (i + 1 < len(doc) and doc[i + 1].is_title)


def appositive_tokens(doc: Doc, left: int, trigger: int) -> set[int]:
    """Tokens inside ', the sister of leader Kim Jong Un,' between a subject and its verb."""
    hidden: set[int] = set()
    commas = [i for i in range(left, trigger) if doc[i].text == ","]
    for a, b in pairwise(commas):
        opener = doc[a + 1].lower_ if a + 1 < trigger else ""
        if opener in APPOSITIVE_OPENERS or (a + 1 < trigger and doc[a + 1].is_lower):
            hidden.update(range(a, b + 1))
    # An appositive closing right before the verb: "Kim Yo Jong, the sister of Kim Jong Un, warned"
    return hidden


def is_passive(doc: Doc, trigger_start: int, left: int) -> bool:
    return any(doc[i].lower_ in BE_FORMS for i in range(max(left, trigger_start - 3), trigger_start))


def by_agent_start(doc: Doc, trigger_end: int, right: int) -> int | None:
    for i in range(trigger_end, min(right, trigger_end + 8)):
        if doc[i].lower_ == "by":
            return i + 1
    return None


def has_pronoun_subject(doc: Doc, left: int, trigger: int) -> bool:
    return any(doc[i].lower_ in PRONOUNS for i in range(max(left, trigger - 4), trigger))
