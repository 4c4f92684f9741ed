"""Which quotes support which events: a threat carries its quoted words ("a 'horrible disaster'"), a
condemnation its "clear violation".

A quote supports an event when it lies in the event's evidence sentence and its speaker is the event's source
side (or unknown), or, for speech acts, when it opens the next sentence and the same side says it ('Kim Yo
Jong warned Seoul on Sunday. "They will pay," she said.'), the usual wire layout of a statement.
"""

from __future__ import annotations

from eventwatch.model import Event, Quote
from eventwatch.nlp.dictionary import country_of

SPEECH_TYPES = frozenset({"THREATEN", "REQUEST", "ACCUSE", "REJECT", "SUPPORT", "AGREE", "CONCEDE"})


def _same_side(quote: Quote, event: Event) -> bool:
    return quote.speaker is None or country_of(quote.speaker) == country_of(event.source_actor)


def link_quotes(events: list[Event], quotes: list[Quote]) -> None:
    if not quotes:
        return
    for event in events:
        evidence = event.evidence
        supporting = []
        for quote in quotes:
            inside = evidence.start <= quote.start < evidence.end
            follows = (quote.sentence == evidence.sentence_index + 1 and event.plover_type in SPEECH_TYPES
                       and quote.speaker is not None)
            if (inside or follows) and _same_side(quote, event):
                supporting.append(quote)
        event.quotes = supporting
