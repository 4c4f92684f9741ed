"""Who did it and to whom, read off the dependency parse of one sentence.

Source: the subject of the event verb, the agent of a passive, the subject of the verb that governs a complement
("vowed to retaliate"), shared across coordinated verbs; for an event noun, its possessor, its "by" agent, a
nationality modifying it ("Israeli strikes") or the subject of the verb that carries it ("held talks").
Target: the direct object, the dative, the objects of role prepositions, the possessor of the object
("condemned North Korea's launch"), and the harmed ("killing two soldiers").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from eventwatch.model import ActorMention, PlaceMention

OBJECTS = frozenset({"dobj", "dative", "iobj", "attr", "oprd"})
ROLE_PREPS = frozenset({"against", "on", "at", "to", "with", "toward", "towards", "into", "upon", "onto",
                        "for", "over", "inside", "in"})
TARGET_PREPS = (ROLE_PREPS - {"in", "for", "over", "inside"}) | {"between"}
NOUN_TARGET_PREPS = TARGET_PREPS | {"of", "between", "among", "for"}
# Inside a noun phrase these lead to another clause or an aside, not to the phrase's own actor.
DETACHED = frozenset({"relcl", "acl", "advcl", "appos", "ccomp", "parataxis", "punct", "cc", "conj", "prep"})
OWN_PREPS = frozenset({"of", "from", "for", "in"})  # "the sister of leader Kim", "officials from Japan"
PRONOUNS = frozenset({"it", "he", "she", "they", "we", "i", "its", "his", "her", "their", "our", "itself",
                      "themselves", "who", "which", "that"})


@dataclass
class ParsedSentence:
    doc: Doc
    index: int
    offset: int  # where the sentence starts in Article.text
    actors: dict[int, ActorMention] = field(default_factory=dict)  # token index → the actor it belongs to
    places: dict[int, PlaceMention] = field(default_factory=dict)  # token index → the place it belongs to
    things: frozenset[str] = frozenset()  # lemmas of event nouns: such a head names no one who acts
    event_nouns: dict[str, str] = field(default_factory=dict)  # event noun lemma → its PLOVER type
    role_nouns: dict[str, str] = field(default_factory=dict)  # "journalists" → MED (the actor dictionary's roles)
    country: str | None = None  # the country the sentence is set in: its first place or named country
    partners: dict[int, list[ActorMention]] = field(default_factory=dict)  # "the allies": several on one span

    def char(self, token: Token) -> int:
        return self.offset + token.idx


def attach_mentions(sentence: ParsedSentence, mentions: list, table: dict) -> None:
    """Map each mention (char offsets in the article) onto the tokens of the parsed sentence; a second mention of
    the same words ("the allies" → KOR and USA) is kept as a partner of the first."""
    spans: dict[tuple[int, int], object] = {}
    for mention in mentions:
        first = spans.setdefault((mention.start, mention.end), mention)
        if first is not mention and table is sentence.actors:
            sentence.partners.setdefault(id(first), []).append(mention)
            continue
        span = sentence.doc.char_span(mention.start - sentence.offset, mention.end - sentence.offset,
                                      alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            table.setdefault(token.i, mention)


def unique_actors(mentions: list[ActorMention]) -> list[ActorMention]:
    """One mention per actor code, first first."""
    seen, out = set(), []
    for m in mentions:
        if m.code not in seen:
            seen.add(m.code)
            out.append(m)
    return out


def phrase_actor(sentence: ParsedSentence, head: Token, agent: bool = False) -> ActorMention | None:
    """The actor a noun phrase names: the one covering its head, else its possessor, compound or nationality,
    else the nearest actor of the phrase's own words ("the sister of leader Kim Jong Un"). As an ``agent``
    (a subject), a phrase headed by an event names no one: "North Korea's launches threaten …" (a weapon
    does: "Russian drones struck …")."""
    actors = sentence.actors
    if head.i in actors:
        if actors[head.i].resolved:
            # "the commander of U.S. Central Command": the phrase names its actor; the guess from context yields.
            named = [actors[t.i] for t in _own_words(head) if t.i in actors and not actors[t.i].resolved]
            if named:
                return named[0]
        return actors[head.i]
    if agent and head.lemma_.lower() in sentence.things:
        return None
    for child in head.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i in actors:
            return _with_head_role(sentence, head, actors[child.i])
    own = [t for t in _own_words(head) if t.i in actors]
    return actors[min(own, key=lambda t: abs(t.i - head.i)).i] if own else None


def _with_head_role(sentence: ParsedSentence, head: Token, mention: ActorMention) -> ActorMention:
    """'an Azerbaijani journalist' → AZEMED: a bare nationality takes the role its noun names."""
    role = sentence.role_nouns.get(head.lower_) or sentence.role_nouns.get(head.lemma_.lower())
    if role and len(mention.code) == 3:
        return replace(mention, code=mention.code + role)
    return mention


def _own_words(head: Token) -> list[Token]:
    words = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in OWN_PREPS:
            for grand in child.children:
                if grand.dep_ == "pobj":
                    words.append(grand)
                    words.extend(_own_words(grand))
        elif child.dep_ not in DETACHED:
            words.extend(child.subtree)
    return words


def phrase_actors(sentence: ParsedSentence, head: Token, agent: bool = False) -> list[ActorMention]:
    """The actors of a noun phrase and of every phrase coordinated with it ("the United States and Japan"),
    and of coordinated modifiers ("Israeli and Egyptian officials": both, with the role the noun gives)."""
    found: list[ActorMention] = []
    for token in (head, *head.conjuncts):
        main = phrase_actor(sentence, token, agent)
        if main is None:
            continue
        found.append(main)
        found.extend(sentence.partners.get(id(main), []))
        found.extend(_coordinated_owners(sentence, token, main))
        found.extend(_coordinated_modifiers(sentence, token, main))
    return unique_actors(found)


def _coordinated_owners(sentence: ParsedSentence, head: Token, main: ActorMention) -> list[ActorMention]:
    """'the defence ministers of Australia and Papua New Guinea': every country the phrase's own words join."""
    if head.i in sentence.actors:
        return []
    out = []
    for token in _own_words(head):
        if sentence.actors.get(token.i) is main:
            out += [sentence.actors[c.i] for c in token.conjuncts if c.i in sentence.actors]
    return out


def _coordinated_modifiers(sentence: ParsedSentence, head: Token, main: ActorMention) -> list[ActorMention]:
    role = main.code[3:] if len(main.code) > 3 else ""
    out = []
    for modifier in head.children:
        if modifier.dep_ not in ("amod", "compound", "nmod"):
            continue
        for other in (modifier, *modifier.conjuncts):
            mention = sentence.actors.get(other.i)
            if mention is not None and mention.code != main.code:
                code = mention.code + role if len(mention.code) == 3 and role else mention.code
                out.append(replace(mention, code=code))
    return out


def is_pronoun(token: Token) -> bool:
    return token.lower_ in PRONOUNS or token.tag_ in ("PRP", "PRP$", "WP", "WDT")


def child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def prep_objects(token: Token, preps: frozenset[str]) -> list[tuple[str, Token]]:
    """(preposition, its object) for the role prepositions hanging on a word: "fired on protesters"."""
    found = []
    children = list(token.children)
    # "lashed out at Denmark": the preposition hangs on the particle.
    children += [p for c in children if c.dep_ == "prt" for p in c.children if p.dep_ == "prep"]
    for prep in children:
        if prep.dep_ not in ("prep", "agent", "dative") or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ in ("pobj", "pcomp"):
                found.append((prep.lower_, obj))
            elif obj.dep_ == "prep" and obj.lower_ in preps:  # "out of", "away from"
                found.extend((obj.lower_, o) for o in obj.children if o.dep_ == "pobj")
    return found


def agent_of(verb: Token) -> Token | None:
    """The 'by' phrase of a passive: "were fired by North Korea" → North Korea; also where the parser hung it on
    a noun of the clause ("were fired at the town of Metula by Hezbollah")."""
    agent = child(verb, "agent")
    if agent is None:
        agent = next((t for t in _clause_words(verb) if t.lower_ == "by" and t.dep_ == "prep"), None)
    return child(agent, "pobj") if agent is not None else None


def _clause_words(verb: Token) -> list[Token]:
    """The words of a verb's own clause, not of clauses nested in it."""
    words, stack = [], list(verb.children)
    while stack:
        token = stack.pop()
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass"):
            continue
        words.append(token)
        stack.extend(token.children)
    return words


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def reduced_passive(verb: Token) -> bool:
    """'the men accused of …', 'children abducted in March': a past participle modifying a noun."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN")


def is_light(verb: Token, cues) -> bool:
    """Whether a verb carries an event noun; the small model lemmatizes some inflections wrongly ("staged" →
    "stag"), so an inflected form is also tried with its lost final e."""
    lemma = verb.lemma_.lower()
    return lemma in cues.light or (verb.tag_ in ("VBD", "VBN", "VBG") and lemma + "e" in cues.light)


def places_as_targets(sentence: ParsedSentence, heads: list[Token]) -> list[ActorMention]:
    """'struck Kharkiv', 'shelled villages near Bakhmut': the country of the place attacked."""
    out = []
    for head in heads:
        for token in head.subtree:
            place = sentence.places.get(token.i)
            if place is not None and place.place.country:
                out.append(ActorMention(place.start, place.end, place.text, place.place.country, sentence.index))
                break
    return out
