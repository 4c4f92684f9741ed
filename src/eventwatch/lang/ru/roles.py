"""Who did what to whom in a Russian clause, on natasha's UD relations, with the English coder's rules:
nsubj → source, obj/iobj/obl (a target preposition) → target; nsubj:pass → target with an instrumental
agent → source. Reporters ("сообщили в Минобороны", "по данным ВСУ") are found first and kept out of roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwatch.lang.ru.dictionaries import Lexicon
from eventwatch.lang.ru.mentions import Mention
from eventwatch.lang.ru.parse import ParsedSentence, Token
from eventwatch.lang.ru.triggers import Found

_CLAUSE_LINKS = ("xcomp", "conj", "ccomp", "advcl")  # a clause whose subject may be its head's
_SUBJECT = ("nsubj",)
_PASSIVE_SUBJECT = ("nsubj:pass",)
_OBJECTS = ("obj", "iobj")


@dataclass
class Roles:
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)


def prep_of(sentence: ParsedSentence, token: Token) -> str | None:
    case = [c.lemma for c in sentence.children(token) if c.rel == "case"]
    return case[0] if case else None


def actors_under(sentence: ParsedSentence, token: Token, mentions: list[Mention], depth: int = 3,
                 places_ok: bool = True, where: frozenset[str] = frozenset()) -> list[Mention]:
    """Actor mentions in the phrase headed by ``token`` (its subtree, without relative clauses that are events
    of their own), leaving out those named as where something happened (``where``: "в Пекине")."""
    indices = {t.index for t in sentence.subtree(token, depth) if t.rel not in ("acl", "acl:relcl", "parataxis")}
    return [m for m in mentions if any(m.covers(i) for i in indices) and (places_ok or not m.capital)
            and not _located(sentence, m, where)]


def _located(sentence: ParsedSentence, mention: Mention, where: frozenset[str]) -> bool:
    """Named inside a phrase of place: "в Пекине", "на Украине", "в сторону Японского моря"."""
    if not where:
        return False
    token = next(t for t in sentence.tokens[mention.first:mention.last + 1] if not mention.covers(t.head))
    for _ in range(3):
        prep = prep_of(sentence, token)
        if prep in where or (prep == "на" and token.feats.get("Case") == "Loc"):
            return True
        if token.rel not in ("nmod", "amod", "flat", "appos") or token.head < 0:
            return False
        token = sentence.tokens[token.head]
    return False


def reporters(sentence: ParsedSentence, mentions: list[Mention], lexicon: Lexicon) -> tuple[list[Mention], set[int]]:
    """The reporters of the sentence and the token indices of the words that name them."""
    cues, found, covered = lexicon.cues, [], set()
    for token in sentence.tokens:
        phrases = []
        # "передала системы": a verb of saying with a direct object is a transfer, not a report
        if token.lemma in cues["reporting"] and token.pos in ("VERB", "AUX") and not _has(sentence, token, "obj"):
            phrases = [c for c in sentence.children(token) if c.rel in ("nsubj", "obl", "nsubj:pass")]
        elif token.lemma in cues["according_to"] and prep_of(sentence, token) in cues["according_preps"]:
            phrases = [token]
        for phrase in phrases:
            covered |= {t.index for t in sentence.subtree(phrase, 3)}
            found += actors_under(sentence, phrase, mentions)
    return found, covered


def _has(sentence: ParsedSentence, token: Token, rel: str) -> bool:
    return any(c.rel == rel for c in sentence.children(token))


def find_roles(sentence: ParsedSentence, item: Found, mentions: list[Mention], banned: set[int],
               lexicon: Lexicon) -> Roles:
    trigger, anchor = item.token, item.anchor
    free = [m for m in mentions if not any(m.covers(i) for i in banned)]
    roles = Roles()
    passive = anchor.feats.get("Voice") == "Pass" or any(c.rel in _PASSIVE_SUBJECT
                                                         for c in sentence.children(anchor))
    for child in sentence.children(anchor):
        _assign(sentence, child, passive, free, roles, lexicon)
    if not roles.sources and not passive:
        roles.sources = _nominative_object(sentence, anchor, free, roles, lexicon)
    if trigger is not anchor:
        _noun_roles(sentence, trigger, free, roles, lexicon)
    if not roles.sources:
        roles.sources = _inherited_subject(sentence, anchor, free, lexicon.cues["reporting"])
    if item.entry.received:
        givers = [c for c in sentence.children(anchor) if c.rel == "obl" and prep_of(sentence, c) == "от"]
        given = [m for c in givers for m in actors_under(sentence, c, free, places_ok=False)]
        return Roles(sources=given, targets=roles.sources)
    if item.entry.intercepts:
        roles = _interception(sentence, anchor, free, roles)
    if item.entry.mode == "expel" and not roles.sources:
        # "из России высылаются два дипломата": the country one is expelled from is the one expelling
        froms = [t for t in sentence.subtree(anchor, 2) if t.rel in ("obl", "nmod") and prep_of(sentence, t) == "из"]
        roles.sources = [m for c in froms for m in actors_under(sentence, c, free, depth=2)]
    if item.entry.mode == "visit" and not roles.targets:
        roles.targets = _destination(sentence, anchor, free)
    if item.entry.absorbs and not roles.targets:
        roles.targets = _complement_targets(sentence, anchor, free, lexicon)
    roles.targets = [t for t in roles.targets if t.code not in {s.code for s in roles.sources}]
    return roles


def _assign(sentence: ParsedSentence, child: Token, passive: bool, free: list[Mention], roles: Roles,
            lexicon: Lexicon) -> None:
    where = lexicon.cues["locative_preps"]
    if child.rel in _SUBJECT:
        roles.sources += actors_under(sentence, child, free, where=where)
    elif child.rel in _PASSIVE_SUBJECT or child.rel in _OBJECTS or (child.rel == "xcomp" and child.pos == "NOUN"):
        # "объявили персонами нон грата двух дипломатов": the parser hangs the object under the predicative noun
        roles.targets += actors_under(sentence, child, free, where=where)
    elif child.rel == "obl" and passive and child.feats.get("Case") == "Ins" and prep_of(sentence, child) is None:
        roles.sources += actors_under(sentence, child, free, where=where)
    elif child.rel in ("obl", "iobj") and _targets(sentence, child, lexicon):
        roles.targets += actors_under(sentence, child, free, places_ok=False, where=where)


def _targets(sentence: ParsedSentence, token: Token, lexicon: Lexicon) -> bool:
    if token.lemma in lexicon.cues["circumstance_nouns"]:
        return False  # "на фоне атаки ВСУ": the attack's author is no side of the talks
    prep = prep_of(sentence, token)
    if prep is None:
        return token.feats.get("Case") == "Dat"
    return prep in lexicon.cues["target_preps"]


def _noun_roles(sentence: ParsedSentence, noun: Token, free: list[Mention], roles: Roles, lexicon: Lexicon) -> None:
    """A noun trigger's own phrase: "удар ВСУ по Белгороду", "визит Путина в КНДР"."""
    for child in sentence.subtree(noun, 2)[1:]:
        if child.rel not in ("nmod", "amod", "iobj"):
            continue
        if child.head == noun.index and (child.rel == "amod" or (
                prep_of(sentence, child) is None and child.feats.get("Case") == "Gen")):
            if not roles.sources:
                roles.sources += actors_under(sentence, child, free, depth=2, where=lexicon.cues["locative_preps"])
        elif _targets(sentence, child, lexicon) or prep_of(sentence, child) == "в":
            # "визит в КНДР": the country visited is the other side; its capital stays a place
            roles.targets += actors_under(sentence, child, free, depth=2, places_ok=False)


def _destination(sentence: ParsedSentence, anchor: Token, free: list[Mention]) -> list[Mention]:
    """"прибыл с визитом в Пхеньян": "в" with the accusative is where one goes, the host (not where one is)."""
    found: list[Mention] = []
    for child in sentence.children(anchor):
        if child.rel == "obl" and prep_of(sentence, child) in ("в", "во") and child.feats.get("Case") == "Acc":
            found += actors_under(sentence, child, free, depth=2)
    return found


def _nominative_object(sentence: ParsedSentence, anchor: Token, free: list[Mention], roles: Roles,
                       lexicon: Lexicon) -> list[Mention]:
    """The parser sometimes labels a fronted nominative subject obj ("российские средства ПВО сбили…"): a
    nominative obj before a verb without a subject is its subject."""
    for child in sentence.children(anchor):
        if child.rel == "obj" and child.feats.get("Case") == "Nom" and child.index < anchor.index:
            found = actors_under(sentence, child, free, where=lexicon.cues["locative_preps"])
            roles.targets = [t for t in roles.targets if t not in found]
            return found
    return []


def _interception(sentence: ParsedSentence, anchor: Token, free: list[Mention], roles: Roles) -> Roles:
    """"ПВО сбили пять украинских беспилотников": the drones' owner is who attacked, the defender who was hit
    (no defender named: the country where they were downed, found from the place)."""
    verbs = [anchor] + [c for c in sentence.children(anchor) if c.rel == "conj"] + (
        [sentence.tokens[anchor.head]] if anchor.rel == "conj" else [])  # "перехватили и сбили" share the drones
    weapons = [c for v in verbs for c in sentence.children(v) if (c.rel in _OBJECTS or c.rel in _PASSIVE_SUBJECT)
               and not (c.feats.get("Case") == "Nom" and c.index < v.index)]  # a fronted subject
    owners = [m for c in weapons for m in actors_under(sentence, c, free, places_ok=False)]
    if not owners:
        return roles
    owner_codes = {m.code for m in owners}
    return Roles(sources=owners, targets=[m for m in roles.sources if m.code not in owner_codes])


def _complement_targets(sentence: ParsedSentence, anchor: Token, free: list[Mention],
                        lexicon: Lexicon) -> list[Mention]:
    """"пригрозили ввести санкции против Китая": the act threatened, urged or condemned names the other side."""
    found: list[Mention] = []
    for child in sentence.children(anchor):
        if child.rel in ("xcomp", "ccomp"):
            inner = Roles()
            for grandchild in sentence.children(child):
                if grandchild.rel not in _SUBJECT:
                    _assign(sentence, grandchild, False, free, inner, lexicon)
            found += inner.targets
    return found


def _inherited_subject(sentence: ParsedSentence, anchor: Token, free: list[Mention],
                       reporting: frozenset[str]) -> list[Mention]:
    """"Москва намерена ответить", "армия отступила и перегруппировалась": the head clause's subject (not that of
    a verb of saying: "Минобороны сообщило, что … уничтожили" does not make the ministry the one who acted)."""
    token = anchor
    for _ in range(3):
        if token.rel not in _CLAUSE_LINKS or token.head < 0:
            return []
        token = sentence.tokens[token.head]
        if token.lemma in reporting:
            return []
        subjects = [c for c in sentence.children(token) if c.rel in _SUBJECT]
        if subjects:
            return actors_under(sentence, subjects[0], free, where=frozenset({"в", "над", "под"}))
    return []
