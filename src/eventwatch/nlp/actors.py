"""Actor mentions: names from the dictionary, country + role compounds, and simple references.

"Japan's defense ministry" → JPNGOV, "South Korean and U.S. troops" → KORMIL + USAMIL, "Pyongyang" → PRKGOV
(but "in Pyongyang" is a place), "his military" → the military of the leader last named, "the North" →
PRK in a story about the Koreas, "the allies" → the two countries last named together.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from eventwatch.model import ActorMention, Article
from eventwatch.nlp.dictionary import ActorDictionary, Entry, country_of, get_actor_dictionary
from eventwatch.nlp.language import doc_text

# A capital after one of these words is where something happened, not the government acting.
PLACE_PREPOSITIONS = frozenset(
    {"in", "from", "near", "to", "toward", "towards", "into", "outside", "around", "across", "over",
     "via", "between", "of", "off", "north", "south", "east", "west", "visiting", "visited", "visit",
     "arrived", "through", "downtown", "central"}
)
DOMESTIC_ROLES = frozenset({"CVL", "COP", "OPP", "LAB"})
TARGET_PREPOSITIONS = frozenset({"on", "against", "targeting", "at"})
COUNTRY_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "inside", "within", "off", "across", "outside"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
PERSONAL = frozenset({"his", "her"})
COORDINATORS = frozenset({"and", ",", "or"})
INDEFINITE = frozenset({"a", "an", "another", "some"})


@dataclass
class _Match:
    start: int  # token indices
    end: int
    entry: Entry


def sentence_locator(article: Article):
    starts = [s.start for s in article.sentences]

    def locate(char: int) -> int:
        return max(0, bisect_right(starts, char) - 1)

    return locate


class _Context:
    """What the story has named so far, for resolving references."""

    def __init__(self) -> None:
        self.countries: list[str] = []  # most recent last
        self.people: list[tuple[str, str, str]] = []  # (surname, code, name)
        self.pairs: list[tuple[str, str]] = []
        self.last_actor: str | None = None
        self.home: str | None = None  # the dateline's country: where unnamed police and protesters are

    def note(self, code: str, entry: Entry | None = None) -> None:
        country = country_of(code)
        if country:
            if country in self.countries:
                self.countries.remove(country)
            self.countries.append(country)
        self.last_actor = code
        if entry is not None and entry.kind == "person" and entry.surname:
            self.people.append((entry.surname, code, entry.name))

    def pair(self) -> tuple[str, str] | None:
        if self.pairs:
            return self.pairs[-1]
        distinct = [c for c in reversed(self.countries) if len(c) == 3]
        return (distinct[1], distinct[0]) if len(distinct) >= 2 else None


def _matches(doc: Doc, dictionary: ActorDictionary) -> list[_Match]:
    spans = []
    for matcher in (dictionary.names, dictionary.nouns):
        for match_id, start, end in matcher(doc):
            label = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=label))
    chosen = filter_spans(spans)
    return [_Match(span.start, span.end, dictionary.entries[int(span.label_)]) for span in chosen]


def recognise_actors(article: Article, doc: Doc, dictionary: ActorDictionary | None = None) -> list[ActorMention]:
    dictionary = dictionary or get_actor_dictionary()
    locate = sentence_locator(article)
    matches = _matches(doc, dictionary)
    present = {m.entry.code[:3] for m in matches if m.entry.kind in ("country", "adjective", "capital")}
    present |= {country_of(m.entry.code) or "" for m in matches if m.entry.kind in ("person", "org")}
    context = _Context()
    if article.dateline is not None:
        context.home = dictionary.country_of_place(article.dateline.place)
    mentions: list[ActorMention] = []
    surnames: dict[str, tuple[str, str]] = {}

    def emit(start_tok: int, end_tok: int, code: str, entry: Entry | None, resolved: bool = False) -> None:
        span = doc[start_tok:end_tok]
        char = span.start_char
        mentions.append(
            ActorMention(char, span.end_char, span.text, code, locate(char), resolved,
                         entry.name if entry is not None and entry.kind in ("person", "org") else None)
        )
        context.note(code, entry)
        if entry is not None and entry.kind == "person" and entry.surname:
            surnames[entry.surname] = (code, entry.name)

    index = 0
    covered_until = 0
    while index < len(matches):
        match = matches[index]
        entry = match.entry
        nxt = matches[index + 1] if index + 1 < len(matches) else None
        _note_surnames_before(doc, covered_until, match.start, surnames, emit)
        covered_until = match.end
        if entry.kind in ("country", "adjective"):
            gap = doc[match.end:nxt.start] if nxt is not None else None
            joinable = (
                nxt is not None and nxt.entry.kind in ("role", "org")
                and gap is not None and len(gap) <= 1 and all(t.text in POSSESSIVES for t in gap)
            )
            if joinable and nxt is not None:
                code = _compose(entry.code, nxt.entry)
                emit(match.start, nxt.end, code, nxt.entry if nxt.entry.kind == "org" else None)
                _share_role_backwards(doc, mentions, match.start, code)
                _record_pair(doc, mentions, context)
                covered_until = nxt.end
                index += 2
                continue
            if not _is_place(doc, match):
                emit(match.start, match.end, entry.code, entry)
                _record_pair(doc, mentions, context)
        elif entry.kind == "capital":
            before = doc[match.start - 1].lower_ if match.start > 0 else ""
            if before in TARGET_PREPOSITIONS:
                # "drone attacks on Kyiv": the city stands for the country attacked, not its government.
                emit(match.start, match.end, entry.code, entry, resolved=True)
            elif before not in PLACE_PREPOSITIONS:
                emit(match.start, match.end, entry.code + "GOV", entry)
        elif entry.kind in ("person", "org"):
            emit(match.start, match.end, entry.code, entry)
            _record_pair(doc, mentions, context)
        elif entry.kind == "role":
            _resolve_role(doc, match, entry, context, dictionary, emit)
        elif entry.kind == "reference":
            _resolve_reference(match, entry, present, context, emit)
        index += 1
    _note_surnames_before(doc, covered_until, len(doc), surnames, emit)
    return mentions


def _is_place(doc: Doc, match: _Match) -> bool:
    """'in Lithuania', 'near Japan', the country is where, not who."""
    if match.entry.kind != "country" or match.start == 0:
        return False
    return doc[match.start - 1].lower_ in COUNTRY_PLACE_PREPOSITIONS


def _compose(country: str, noun: Entry) -> str:
    if noun.kind == "role":
        return country + noun.code
    if noun.ambiguous:
        role = noun.code[3:] if country_of(noun.code) != noun.code else ""
        return country + role
    return noun.code


def _share_role_backwards(doc: Doc, mentions: list[ActorMention], start_tok: int, code: str) -> None:
    """'South Korean and U.S. troops': the role noun applies to every coordinated adjective before it."""
    role = code[3:]
    if not role or len(mentions) < 2:
        return
    joined = mentions[-1]
    for position in range(len(mentions) - 2, -1, -1):
        previous = mentions[position]
        between = doc_text(doc)[previous.end:joined.start].strip()
        if between not in ("and", ",", "or", ", and") or len(previous.code) != 3:
            break
        mentions[position] = ActorMention(previous.start, previous.end, previous.text, previous.code + role,
                                          previous.sentence, previous.resolved, previous.name)
        joined = previous


def _record_pair(doc: Doc, mentions: list[ActorMention], context: _Context) -> None:
    if len(mentions) < 2:
        return
    first, second = mentions[-2], mentions[-1]
    between = doc_text(doc)[first.end:second.start].strip().removesuffix(" the")
    a, b = country_of(first.code), country_of(second.code)
    if between in ("and", "&", ", and") and a and b and a != b:
        context.pairs.append((a, b))


def _resolve_role(doc, match: _Match, entry: Entry, context: _Context, dictionary, emit) -> None:
    if entry.phrase in dictionary.adjectival and match.end < len(doc) and doc[match.end].is_title:
        return
    determiner = doc[match.start - 1].lower_ if match.start > 0 else ""
    if entry.code in DOMESTIC_ROLES and context.home and determiner not in PERSONAL:
        # "Riot police fired tear gas at protesters": a domestic actor of the country the story is filed from.
        emit(match.start, match.end, context.home + entry.code, None, resolved=True)
        return
    if entry.code in dictionary.bare_roles and determiner not in dictionary.anaphors | INDEFINITE:
        # "…, state media said": the media of the country the story is about.
        if context.countries and len(context.countries[-1]) == 3:
            emit(match.start, match.end, context.countries[-1] + entry.code, None, resolved=True)
        return
    if determiner not in dictionary.anaphors and not (
        determiner in POSSESSIVES and match.start > 1 and doc[match.start - 2].lower_ in ("country", "nation")
    ):
        return
    if determiner in PERSONAL and context.people:
        country = country_of(context.people[-1][1])
    elif determiner in PERSONAL and context.last_actor:
        country = country_of(context.last_actor)
    else:
        country = context.countries[-1] if context.countries else None
    if country and len(country) == 3:
        emit(match.start - 1, match.end, country + entry.code, None, resolved=True)


def _resolve_reference(match: _Match, entry: Entry, present: set[str], context: _Context, emit) -> None:
    if entry.requires and not present.intersection(entry.requires):
        return
    codes: tuple[str, ...] | None = entry.codes or (context.pair() if entry.pair else None)
    for code in codes or ():
        emit(match.start, match.end, code, None, resolved=True)


def _note_surnames_before(doc: Doc, start: int, end: int, surnames: dict, emit) -> None:
    """A bare surname ("Kim said") refers to the last person of that surname named in the story."""
    if not surnames:
        return
    for token in doc[start:end]:
        hit = surnames.get(token.text)
        if hit is None:
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.is_title and following.text not in ("Said", "The"):
            continue  # another person sharing the surname ("Kim Yo Jong")
        emit(token.i, token.i + 1, hit[0], None, resolved=True)
