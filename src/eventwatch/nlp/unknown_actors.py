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

from spacy.tokens import Doc, Token

from eventwatch.datafiles import data_yaml
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
    describing: dict[Phrase, str | None]  # both: the words that may stand before or after a name
    countries: dict[Phrase, str]  # country names, adjectives and capitals ("Seoul's"), as written → country code
    priority: dict[str, int]  # role → rank, lowest wins
    context_roles: frozenset[str]  # roles that may take the country from the context
    particles: frozenset[str]
    not_names: frozenset[str]


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    data = data_yaml("actors", "unknown_roles.yaml")
    tokenize = get_nlp().make_doc
    dictionary = get_actor_dictionary()

    def words(phrase: str) -> Phrase:
        return tuple(phrase.lower().split())

    titles: dict[Phrase, str | None] = {words(p): None for p in data["neutral"]}
    titles.update({words(p): role for role, phrases in data["titles"].items() for p in phrases})
    titles.update({tuple(t.lower_ for t in tokenize(e.phrase)): e.code for e in dictionary.entries if e.kind == "role"})
    organisations = {words(p): role for role, phrases in data["organisations"].items() for p in phrases}
    countries = {tuple(t.text for t in tokenize(e.phrase)): e.code
                 for e in dictionary.entries if e.kind in ("country", "adjective", "capital")}
    priority = {role: i for i, role in enumerate(data["priority"])}
    return Lexicon(titles, organisations, organisations | titles, countries, priority, frozenset(data["context_roles"]),
                   frozenset(data["name_particles"]), frozenset(data["not_names"]))


@dataclass
class Description:
    """What the words around (and inside) a name say of its bearer."""

    roles: list[str] = field(default_factory=list)
    country: str | None = None
    titled: bool = False  # a person's title ("foreign minister"), not an organisation's ("rights group")

    def add(self, other: Description) -> None:
        self.roles += other.roles
        self.country = self.country or other.country
        self.titled |= other.titled


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
    labels, organisations = _entities(doc, parses)
    found: list[Found] = []
    for candidate in _candidates(doc, lex, blocked, sentence_of, labels, organisations):
        actor = _code(article, doc, lex, candidate, known, sentence_of)
        if actor is not None and not any(actor.start < f.end and f.start < actor.end for f in found):
            found.append(actor)
    covered = blocked | {i for f in found for i in range(f.start, f.end)}
    found += _repeats(doc, found, covered, sentence_of)
    spans = [(doc[f.start:f.end], f) for f in sorted(found, key=lambda f: f.start)]
    return [ActorMention(span.start_char, span.end_char, span.text, f.code, sentence_of[f.start], resolved=f.repeat,
                         name=f.name) for span, f in spans]


def _covered_tokens(doc: Doc, spans: list[tuple[int, int]]) -> set[int]:
    covered: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            covered.update(range(span.start, span.end))
    return covered


def _entities(doc: Doc, parses: dict[int, Doc]) -> tuple[dict[int, str], list[tuple[int, int]]]:
    """Article-doc token index → the NER label the sentence parse gives it; and the ORG spans."""
    labels: dict[int, str] = {}
    organisations: list[tuple[int, int]] = []
    for parsed in parses.values():
        offset = parsed.user_data.get("offset", 0)
        for ent in parsed.ents:
            span = doc.char_span(ent.start_char + offset, ent.end_char + offset, alignment_mode="expand")
            if span is not None:
                labels.update({i: ent.label_ for i in range(span.start, span.end)})
                organisations += [(span.start, span.end)] if ent.label_ == "ORG" else []
    return labels, organisations


def _is_name_word(token: Token, lex: Lexicon) -> bool:
    text = token.text
    return (text[:1].isupper() and text.replace("'", "").replace("’", "").replace("-", "").isalpha()
            and not token.is_stop and token.lower_ not in lex.not_names and (token.lower_,) not in lex.titles)


def _name_end(doc: Doc, start: int, lex: Lexicon, blocked: set[int], sentence_of: list[int]) -> int:
    """The end of the capitalised run from start: "Ararat Mirzoyan", "Abdel Fattah al-Burhan"."""
    end = start
    while end < len(doc) and end - start < MAX_NAME and end not in blocked and sentence_of[end] == sentence_of[start]:
        token = doc[end]
        if _is_name_word(token, lex) or (end > start and (_joins(doc, end, lex) or _attached(doc, end))):
            end += 1
        else:
            break
    while end > start and not (_is_name_word(doc[end - 1], lex) or _attached(doc, end - 1)):
        end -= 1
    return end


def _attached(doc: Doc, i: int) -> bool:
    """The lower-case part after a hyphen: "Ho-jin"."""
    return i > 1 and doc[i].is_alpha and doc[i - 1].text in HYPHENS and not doc[i - 1].whitespace_ \
        and not doc[i - 2].whitespace_


def _joins(doc: Doc, i: int, lex: Lexicon) -> bool:
    """A particle or hyphen inside a name, followed by more of it."""
    token = doc[i]
    if token.text in HYPHENS:
        return not doc[i - 1].whitespace_ and not token.whitespace_
    return token.lower_ in lex.particles and i + 1 < len(doc)


def _candidates(doc: Doc, lex: Lexicon, blocked: set[int], sentence_of: list[int], labels: dict[int, str],
                organisations: list[tuple[int, int]]) -> list[Candidate]:
    runs: list[Candidate] = []
    i = 0
    while i < len(doc):
        starts = i not in blocked and _is_name_word(doc[i], lex) and (i == 0 or not _is_name_word(doc[i - 1], lex))
        end = _name_end(doc, i, lex, blocked, sentence_of) if starts else i
        if end > i and _plausible(doc, i, end, lex, labels):
            runs.append(Candidate(i, end))
        i = max(end, i + 1)
    for start, end in _organisation_spans(doc, lex, blocked, organisations):
        runs = [r for r in runs if r.end <= start or end <= r.start]
        runs.append(Candidate(start, end, organisation=True))
    return sorted(runs, key=lambda c: c.start)


def _plausible(doc: Doc, start: int, end: int, lex: Lexicon, labels: dict[int, str]) -> bool:
    if labels.get(start) in VETO_LABELS or tuple(t.text for t in doc[start:end]) in lex.countries:
        return False
    if doc[start:end].text.lower() in get_actor_dictionary().places:
        return False
    return start == 0 or doc[start - 1].lower_ not in PLACE_PREPOSITIONS


def _organisation_spans(doc: Doc, lex: Lexicon, blocked: set[int],
                        organisations: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """NER ORG spans, less a leading "the" and country ("Ghana's"), which say whose it is but are no name."""
    spans = []
    for start, end in organisations:
        while start < end and doc[start].lower_ in DETERMINERS:
            start += 1
        country = _country_forward(doc, start, end, lex)
        start += country[0] if country else 0
        while end > start and not _is_name_word(doc[end - 1], lex):
            end -= 1  # "The Electoral Commission of" [Ghana]
        if start < end and not blocked.intersection(range(start, end)) and _is_name_word(doc[start], lex):
            spans.append((start, end))
    return spans


def _phrase_back(doc: Doc, last: int, low: int, table: dict) -> int:
    """Length of the longest table phrase ending at token last (lower-case), 0 if none."""
    return next((n for n in range(min(MAX_PHRASE, last - low + 1), 0, -1)
                 if tuple(t.lower_ for t in doc[last - n + 1:last + 1]) in table), 0)


def _phrase_forward(doc: Doc, first: int, high: int, table: dict) -> int:
    return next((n for n in range(min(MAX_PHRASE, high - first), 0, -1)
                 if tuple(t.lower_ for t in doc[first:first + n]) in table), 0)


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
    if role:
        description.roles.append(role)


def _before(doc: Doc, start: int, end: int, low: int, lex: Lexicon) -> Description:
    """Title words and a country right before the name: "Armenian Foreign Minister", "the Kenyan rights group";
    also before a comma when the name is set off by commas: "Armenia's foreign minister, Ararat Mirzoyan,"."""
    description = Description()
    j = _walk_back(doc, start - 1, low, lex, description)
    set_off = end >= len(doc) or doc[end].text in CLOSERS
    if set_off and j > low and doc[j].text == "," and description.country is None:
        beyond = Description()
        _walk_back(doc, j - 1, low, lex, beyond)
        if beyond.roles:
            description.add(beyond)
    return description


def _walk_back(doc: Doc, j: int, low: int, lex: Lexicon, description: Description) -> int:
    """Read title words, then a country, backwards from token j; return where reading stopped."""
    while j >= low:
        n = _phrase_back(doc, j, low, lex.describing)
        if not n:
            break
        _title(doc, j - n + 1, n, lex, description)
        j -= n
    country = _country_back(doc, j, low, lex) if j >= low else None
    if country:
        description.country = country[1]
        j -= country[0]
    return j


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
    while j < high and (n := _phrase_forward(doc, j, high, lex.describing)):
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
    if country is None and person and role in lex.context_roles:
        country = _context_country(article, doc, lex, known, low, candidate.start)
    if country is None:
        return None
    name = _name(doc, candidate, high, lex, person)
    return Found(candidate.start, candidate.end, country + role, name, person)


def _name(doc: Doc, candidate: Candidate, high: int, lex: Lexicon, person: bool) -> str:
    """The name as the text writes it; an organisation's keeps its "of Kenya" ("Law Society of Kenya")."""
    end = candidate.end
    if not person and end < high and doc[end].lower_ == "of" and (country := _country_forward(doc, end + 1, high, lex)):
        end += 1 + country[0]
    return " ".join(doc[candidate.start:end].text.split())


def _context_country(article: Article, doc: Doc, lex: Lexicon, known: list[ActorMention], low: int,
                     start: int) -> str | None:
    """The country a titled person without one belongs to: the last named earlier in the sentence (as actor or
    place: "in Congo, rebel commander …"), else the dateline's, else the last actor's country named before."""
    in_sentence = [c[1] for i in range(low, start) if (c := _country_forward(doc, i, start, lex))]
    if in_sentence:
        return in_sentence[-1]
    if article.dateline is not None:
        home = get_actor_dictionary().country_of_place(article.dateline.place)
        if home:
            return home
    char = doc[start].idx
    before = [c for m in known if m.start < char and (c := country_of(m.code)) and c not in NON_COUNTRY_PREFIXES
              and len(c) == 3]
    return before[-1] if before else None


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
    for i in range(len(doc)):
        if i in covered:
            continue
        # names found before token i, longest first and, among equals, the latest named first
        earlier = sorted((p for p in by_words if p[1].end <= i), key=lambda p: (-len(p[0]), -p[1].start))
        for words, actor in earlier:
            end = i + len(words)
            if tuple(t.text for t in doc[i:end]) != words or covered.intersection(range(i, end)):
                continue
            if len(words) == 1 and not _bare_surname(doc, i, lex, sentence_of):
                continue
            repeats.append(Found(i, end, actor.code, actor.name, actor.person, repeat=True))
            covered.update(range(i, end))
            break
    return repeats


def _bare_surname(doc: Doc, i: int, lex: Lexicon, sentence_of: list[int]) -> bool:
    """Not part of another name: "Anna Mirzoyan" is someone else."""
    after = i + 1 < len(doc) and _is_name_word(doc[i + 1], lex)
    before = i > 0 and sentence_of[i - 1] == sentence_of[i] and _is_name_word(doc[i - 1], lex)
    return not (after or before)
