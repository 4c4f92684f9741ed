"""Actors no dictionary lists: people and organisations named in the text, coded from what the text says of them.

"Armenian Foreign Minister Ararat Mirzoyan" → "Ararat Mirzoyan" ARMGOV (the title before the name);
"Mirzoyan, Armenia's foreign minister," → ARMGOV (an apposition after it); "Ghana's Electoral Commission" →
GHAGOV (a country and the organisation's own words); "police chief Japheth Koome" → the dateline country's COP.
A person's code carries to later mentions of the surname ("Mirzoyan said"), also in sentences the pipeline did
not parse. Names are capitalised runs of the tokenized article; the parse, where there is one, adds organisation
boundaries (NER ORG) and vetoes runs it reads as dates or places. What the title words mean is data:
roles.yaml (the dictionary's role nouns) and unknown_roles.yaml (titles, organisation words, role priority).
An organisation whose country the text does not give is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from spacy.tokens import Doc, Token

from eventwatch.datafiles import data_text
from eventwatch.model import ActorMention, Article
from eventwatch.nlp.actors import PLACE_PREPOSITIONS, POSSESSIVES, sentence_locator
from eventwatch.nlp.dictionary import NON_COUNTRY_PREFIXES, country_of, get_actor_dictionary
from eventwatch.nlp.language import get_nlp

Phrase = tuple[str, ...]
MAX_PHRASE = 5  # words in the longest title, organisation word or country name looked up
MAX_NAME = 6  # tokens in a name
DETERMINERS = frozenset({"the", "a", "an"})
CLOSERS = frozenset({",", ".", ";", ":", ")", "—", "–", "-"})
HYPHENS = frozenset({"-", "‐"})
# A run the parse reads as one of these is no actor. Not GPE or LOC: the small model calls many an unfamiliar
# group a place ("Haki Africa"), and a run is only coded when words around it say who it is.
VETO_LABELS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "EVENT",
                         "LAW", "LANGUAGE", "WORK_OF_ART"})


@dataclass(frozen=True)
class Lexicon:
    titles: dict[Phrase, str | None]  # a person's title words (lower-case) → role; None: no role of its own
    organisations: dict[Phrase, str]  # an organisation's words → role
    countries: dict[Phrase, str]  # country names and adjectives, as written → country code
    priority: dict[str, int]  # role → rank, lowest wins
    particles: frozenset[str]
    not_names: frozenset[str]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    data = yaml.safe_load(data_text("actors", "unknown_roles.yaml"))
    tokenize = get_nlp().make_doc
    dictionary = get_actor_dictionary()

    def words(phrase: str) -> Phrase:
        return tuple(t.lower_ for t in tokenize(phrase))

    titles: dict[Phrase, str | None] = {words(p): None for p in data["neutral"]}
    titles.update({words(p): role for role, phrases in data["titles"].items() for p in phrases})
    titles.update({words(e.phrase): e.code for e in dictionary.entries if e.kind == "role"})
    organisations = {words(p): role for role, phrases in data["organisations"].items() for p in phrases}
    countries = {tuple(t.text for t in tokenize(e.phrase)): e.code
                 for e in dictionary.entries if e.kind in ("country", "adjective")}
    return Lexicon(titles, organisations, countries, {role: i for i, role in enumerate(data["priority"])},
                   frozenset(data["name_particles"]), frozenset(data["not_names"]))


@dataclass
class Description:
    """What the words around (and inside) a name say of its bearer."""

    roles: list[str] = field(default_factory=list)
    country: str | None = None
    titled: bool = False  # a person's title ("foreign minister")
    described: bool = False  # words that describe an organisation ("rights group")

    def add(self, other: Description) -> None:
        self.roles += other.roles
        self.country = self.country or other.country
        self.titled |= other.titled
        self.described |= other.described


@dataclass
class Candidate:
    start: int  # token indices into the article doc
    end: int
    organisation: bool = False  # NER calls it an ORG


@dataclass
class Found:
    start: int
    end: int
    code: str
    name: str
    person: bool
    repeat: bool = False  # a later mention of a name found before


def recognise_unknown_actors(article: Article, doc: Doc, parses: dict[int, Doc],
                             known: list[ActorMention]) -> list[ActorMention]:
    lex = get_lexicon()
    blocked = _covered_tokens(doc, [(m.start, m.end) for m in known])
    locate = sentence_locator(article)
    sentence_of = [locate(t.idx) for t in doc]
    labels = _entity_labels(doc, parses)
    found: list[Found] = []
    for candidate in _candidates(doc, lex, blocked, sentence_of, labels):
        actor = _code(article, doc, lex, candidate, known, sentence_of)
        if actor is not None and not any(actor.start < f.end and f.start < actor.end for f in found):
            found.append(actor)
    covered = blocked | {i for f in found for i in range(f.start, f.end)}
    found += _repeats(doc, found, covered, sentence_of)
    return [_mention(doc, f, sentence_of) for f in sorted(found, key=lambda f: f.start)]


def _mention(doc: Doc, found: Found, sentence_of: list[int]) -> ActorMention:
    span = doc[found.start:found.end]
    return ActorMention(span.start_char, span.end_char, span.text, found.code, sentence_of[found.start],
                        resolved=found.repeat, name=found.name)


def _covered_tokens(doc: Doc, spans: list[tuple[int, int]]) -> set[int]:
    covered: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            covered.update(range(span.start, span.end))
    return covered


def _entity_labels(doc: Doc, parses: dict[int, Doc]) -> dict[int, str]:
    """Article-doc token index → the NER label the sentence parse gives it."""
    labels: dict[int, str] = {}
    for parsed in parses.values():
        offset = parsed.user_data.get("offset", 0)
        for ent in parsed.ents:
            span = doc.char_span(ent.start_char + offset, ent.end_char + offset, alignment_mode="expand")
            if span is not None:
                labels.update({i: ent.label_ for i in range(span.start, span.end)})
    return labels


# ---------------------------------------------------------------------------------------------- candidates

def _is_name_word(token: Token, lex: Lexicon) -> bool:
    text = token.text
    return (text[:1].isupper() and text.replace("'", "").replace("’", "").replace("-", "").isalpha()
            and not token.is_stop and token.lower_ not in lex.not_names and (token.lower_,) not in lex.titles)


def _name_end(doc: Doc, start: int, lex: Lexicon, blocked: set[int], sentence_of: list[int]) -> int:
    """The end of the capitalised run from start: "Ararat Mirzoyan", "Abdel Fattah al-Burhan"."""
    end = start
    while end < len(doc) and end - start < MAX_NAME and end not in blocked and sentence_of[end] == sentence_of[start]:
        token = doc[end]
        if _is_name_word(token, lex) or (end > start and _joins(doc, end, lex)):
            end += 1
        else:
            break
    while end > start and not _is_name_word(doc[end - 1], lex):
        end -= 1
    return end


def _joins(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A particle or hyphen inside a name, followed by more of it."""
    token = doc[i]
    if token.text in HYPHENS:
        return not doc[i - 1].whitespace_ and not token.whitespace_
    return token.lower_ in lex.particles and i + 1 < len(doc)


def _candidates(doc: Doc, lex: Lexicon, blocked: set[int], sentence_of: list[int],
                labels: dict[int, str]) -> list[Candidate]:
    runs: list[Candidate] = []
    i = 0
    while i < len(doc):
        starts = i not in blocked and _is_name_word(doc[i], lex) and (i == 0 or not _is_name_word(doc[i - 1], lex))
        end = _name_end(doc, i, lex, blocked, sentence_of) if starts else i
        if end > i and _plausible(doc, i, end, lex, labels):
            runs.append(Candidate(i, end))
        i = max(end, i + 1)
    for start, end in _organisation_spans(doc, lex, blocked, labels):
        runs = [r for r in runs if r.end <= start or end <= r.start]
        runs.append(Candidate(start, end, organisation=True))
    return sorted(runs, key=lambda c: c.start)


def _plausible(doc: Doc, start: int, end: int, lex: Lexicon, labels: dict[int, str]) -> bool:
    if labels.get(start) in VETO_LABELS or tuple(t.text for t in doc[start:end]) in lex.countries:
        return False
    if doc[start:end].text.lower() in get_actor_dictionary().places:
        return False
    return start == 0 or doc[start - 1].lower_ not in PLACE_PREPOSITIONS


def _organisation_spans(doc: Doc, lex: Lexicon, blocked: set[int], labels: dict[int, str]) -> list[tuple[int, int]]:
    """NER ORG spans, less a leading "the" and country ("Ghana's"), which say whose it is but are no name."""
    spans = []
    i = 0
    while i < len(doc):
        if labels.get(i) != "ORG" or (i > 0 and labels.get(i - 1) == "ORG"):
            i += 1
            continue
        end = i
        while end < len(doc) and labels.get(end) == "ORG":
            end += 1
        start = i
        while start < end and doc[start].lower_ in DETERMINERS:
            start += 1
        country = _country_forward(doc, start, end, lex)
        start += country[0] if country else 0
        while end > start and not _is_name_word(doc[end - 1], lex):
            end -= 1  # "The Electoral Commission of" [Ghana]
        if start < end and not blocked.intersection(range(start, end)) and _is_name_word(doc[start], lex):
            spans.append((start, end))
        i = end
    return spans


# ---------------------------------------------------------------------------------------------- descriptions

def _phrase_back(doc: Doc, last: int, low: int, table: dict) -> int:
    """Length of the longest table phrase ending at token last (lower-case), 0 if none."""
    for n in range(min(MAX_PHRASE, last - low + 1), 0, -1):
        if tuple(t.lower_ for t in doc[last - n + 1:last + 1]) in table:
            return n
    return 0


def _phrase_forward(doc: Doc, first: int, high: int, table: dict) -> int:
    for n in range(min(MAX_PHRASE, high - first), 0, -1):
        if tuple(t.lower_ for t in doc[first:first + n]) in table:
            return n
    return 0


def _country_back(doc: Doc, last: int, low: int, lex: Lexicon) -> tuple[int, str] | None:
    """"Armenian" or "Armenia's" ending at token last → (tokens, country code)."""
    possessive = 1 if last > low and doc[last].text in POSSESSIVES else 0
    for n in range(min(MAX_PHRASE, last - possessive - low + 1), 0, -1):
        code = lex.countries.get(tuple(t.text for t in doc[last - possessive - n + 1:last - possessive + 1]))
        if code:
            return n + possessive, code
    return None


def _country_forward(doc: Doc, first: int, high: int, lex: Lexicon) -> tuple[int, str] | None:
    for n in range(min(MAX_PHRASE, high - first), 0, -1):
        code = lex.countries.get(tuple(t.text for t in doc[first:first + n]))
        if code:
            possessive = 1 if first + n < high and doc[first + n].text in POSSESSIVES else 0
            return n + possessive, code
    return None


def _title(doc: Doc, at: int, n: int, lex: Lexicon, description: Description) -> None:
    words = tuple(t.lower_ for t in doc[at:at + n])
    if words in lex.titles:
        role = lex.titles[words]
        description.titled |= role is not None
    else:
        role = lex.organisations[words]
        description.described = True
    if role:
        description.roles.append(role)


def _before(doc: Doc, start: int, end: int, low: int, lex: Lexicon) -> Description:
    """Title words and a country right before the name: "Armenian Foreign Minister", "the Kenyan rights group";
    also before a comma when the name is set off by commas: "Armenia's foreign minister, Ararat Mirzoyan,"."""
    description = Description()
    table = lex.titles | lex.organisations
    j = start - 1
    comma = j > low and doc[j].text == ","
    if comma and (end >= len(doc) or doc[end].text not in CLOSERS):
        return description
    j -= comma
    while j >= low:
        n = _phrase_back(doc, j, low, table)
        if n:
            _title(doc, j - n + 1, n, lex, description)
            j -= n
            continue
        country = _country_back(doc, j, low, lex)
        if country:
            description.country = country[1]
        break
    return Description() if comma and not description.roles else description


def _after(doc: Doc, end: int, high: int, lex: Lexicon) -> Description:
    """An apposition: "Mirzoyan, Armenia's foreign minister," or "Haki Africa, a Kenyan rights group,"."""
    description = Description()
    if end < high and doc[end].lower_ == "of" and (country := _country_forward(doc, end + 1, high, lex)):
        description.country = country[1]  # "the Electoral Commission of Ghana"
        return description
    if end >= high or doc[end].text != ",":
        return description
    j = end + 1 + (end + 1 < high and doc[end + 1].lower_ in DETERMINERS)
    country = _country_forward(doc, j, high, lex)
    if country:
        description.country, j = country[1], j + country[0]
    table = lex.titles | lex.organisations
    while j < high and (n := _phrase_forward(doc, j, high, table)):
        _title(doc, j, n, lex, description)
        j += n
    if j < high and doc[j].lower_ == "of" and (country := _country_forward(doc, j + 1, high, lex)):
        description.country, j = description.country or country[1], j + 1 + country[0]
    closed = j >= high or doc[j].text in CLOSERS
    return description if description.roles and closed else Description()


def _inside(doc: Doc, start: int, end: int, lex: Lexicon) -> list[str]:
    """The role an organisation's own name gives it: its last organisation word ("Electoral Commission")."""
    j = end - 1
    while j >= start:
        n = _phrase_back(doc, j, start, lex.organisations)
        if n:
            return [lex.organisations[tuple(t.lower_ for t in doc[j - n + 1:j + 1])]]
        j -= 1
    return []


# ---------------------------------------------------------------------------------------------- coding

def _code(article: Article, doc: Doc, lex: Lexicon, candidate: Candidate, known: list[ActorMention],
          sentence_of: list[int]) -> Found | None:
    sentence = sentence_of[candidate.start]
    low = next(i for i in range(candidate.start, -1, -1) if i == 0 or sentence_of[i - 1] != sentence)
    high = next((i for i in range(candidate.end, len(doc)) if sentence_of[i] != sentence), len(doc))
    description = _before(doc, candidate.start, candidate.end, low, lex)
    description.add(_after(doc, candidate.end, high, lex))
    own = _inside(doc, candidate.start, candidate.end, lex)
    roles = description.roles + own
    if not roles:
        return None
    role = min(roles, key=lambda r: lex.priority.get(r, len(lex.priority)))
    person = description.titled and not (candidate.organisation or own)
    country = description.country
    if country is None and person:
        country = _context_country(article, known, sentence, doc[candidate.start].idx)
    if country is None:
        return None
    name = " ".join(doc[candidate.start:candidate.end].text.split())
    return Found(candidate.start, candidate.end, country + role, name, person)


def _is_country(code: str | None) -> bool:
    return code is not None and len(code) == 3 and code not in NON_COUNTRY_PREFIXES


def _context_country(article: Article, known: list[ActorMention], sentence: int, char: int) -> str | None:
    """The country a titled person without one belongs to: the last named in the sentence, the dateline's, or
    the last named before."""
    before = [country_of(m.code) for m in known if m.start < char and _is_country(country_of(m.code))]
    same = [country_of(m.code) for m in known if m.start < char and m.sentence == sentence
            and _is_country(country_of(m.code))]
    if same:
        return same[-1]
    if article.dateline is not None:
        home = get_actor_dictionary().country_of_place(article.dateline.place)
        if home:
            return home
    return before[-1] if before else None


# ---------------------------------------------------------------------------------------------- repeats

def _repeats(doc: Doc, found: list[Found], covered: set[int], sentence_of: list[int]) -> list[Found]:
    """Later mentions of a name found: the whole name again, or a person's bare surname ("Mirzoyan said")."""
    lex = get_lexicon()
    repeats: list[Found] = []
    by_words: list[tuple[Phrase, Found]] = []
    for actor in found:
        words = tuple(t.text for t in doc[actor.start:actor.end])
        by_words.append((words, actor))
        if actor.person and len(words) > 1 and words[-1].isalpha():
            by_words.append(((words[-1],), actor))
    by_words.sort(key=lambda pair: -len(pair[0]))
    for i in range(len(doc)):
        if i in covered:
            continue
        for words, actor in _latest_first(by_words, i):
            end = i + len(words)
            if tuple(t.text for t in doc[i:end]) != words or covered.intersection(range(i, end)):
                continue
            if len(words) == 1 and not _bare_surname(doc, i, lex, sentence_of):
                continue
            repeats.append(Found(i, end, actor.code, actor.name, actor.person, repeat=True))
            covered.update(range(i, end))
            break
    return repeats


def _latest_first(by_words: list[tuple[Phrase, Found]], i: int) -> list[tuple[Phrase, Found]]:
    """Names found before token i, longest first and, among equals, the latest named first."""
    earlier = [pair for pair in by_words if pair[1].end <= i]
    return sorted(earlier, key=lambda pair: (-len(pair[0]), -pair[1].start))


def _bare_surname(doc: Doc, i: int, lex: Lexicon, sentence_of: list[int]) -> bool:
    """Not part of another name: "Anna Mirzoyan" is someone else."""
    after = i + 1 < len(doc) and _is_name_word(doc[i + 1], lex)
    before = i > 0 and sentence_of[i - 1] == sentence_of[i] and _is_name_word(doc[i - 1], lex)
    return not (after or before)
