"""Event words in a parsed sentence: lexicon entries matched on lemma and part of speech, under their conditions.

A trigger whose words are the content of another act is absorbed by it ("urged Pyongyang to stop launches" is one
REQUEST; "condemned the attack" is one ACCUSE), and an event noun carried by a verb of the same type ("imposed
sanctions") is the verb's event, not a second one.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from eventwatch.coding.circumstances import condition_clauses
from eventwatch.coding.lexicon import Entry, Lexicon
from eventwatch.coding.participants import ParsedSentence

VERB_TAGS = frozenset({"VERB"})
TIME_WORDS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                        "february", "march", "april", "may", "june", "july", "august", "september", "october",
                        "november", "december", "night", "morning", "afternoon", "evening", "weekend", "day", "week",
                        "month", "year", "dawn", "midnight", "time", "occasion", "anniversary"})
NOUN_TAGS = frozenset({"NOUN", "PROPN"})
# A named thing is not an event even when its name holds an event word ("Strike Group", "Summit Hotel").
NAMED = frozenset({"ORG", "FAC", "WORK_OF_ART", "PERSON", "GPE", "LAW", "PRODUCT", "NORP", "LOC"})
# Edges across which a trigger is the content of the act above it.
CONTENT_EDGES = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "attr", "acl", "oprd", "compound",
                           "amod", "nmod", "poss", "dative", "nsubjpass", "agent", "advmod", "npadvmod"})
# Phrase words a verb's class condition may look at: its objects and complements, not its subject or asides.
ASIDES = frozenset({"nsubj", "conj", "cc", "advcl", "relcl", "parataxis", "punct", "mark"})


@dataclass
class Trigger:
    token: Token  # the head word: the verb, or the event noun
    entry: Entry
    start: int  # token range of the trigger words, for the evidence offsets
    end: int

    @property
    def is_noun(self) -> bool:
        return self.entry.pos == "noun"


def _pos(token: Token) -> str | None:
    if token.pos_ in VERB_TAGS:
        return "verb"
    if token.pos_ in NOUN_TAGS and not _inside_a_name(token):
        return "noun"
    return None


def _inside_a_name(token: Token) -> bool:
    """A word inside a name is no event ("Carrier Strike Group", "Summit Hotel"), unless it ends the name: "the
    Freedom Shield exercise" is an exercise."""
    if token.ent_type_ not in NAMED:
        return False
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    return following is not None and following.ent_iob_ == "I"


def phrase_lemmas(token: Token, noun: bool) -> set[str]:
    """Lemmas of the trigger's own phrase, for `needs` and `unless`."""
    words: set[str] = set()
    for child in token.children:
        if child.dep_ in ASIDES and not noun:
            continue
        if noun and child.dep_ in ("relcl", "acl", "appos", "conj", "cc", "punct"):
            continue
        words.update(t.lemma_.lower() for t in child.subtree)
        words.update(t.lower_ for t in child.subtree)
    if noun and token.dep_ in ("dobj", "pobj", "attr", "nsubjpass"):
        head = token.head.head if token.dep_ == "pobj" else token.head
        words.update(t.lemma_.lower() for t in head.children if t.dep_ in ("dobj", "nsubjpass", "prt"))
    return words


def _particles_ok(token: Token, particles: tuple[str, ...]) -> bool:
    """A phrasal verb's particles follow it at once ("called on Pyongyang", "pull out of") or right after its object
    ("pulled its troops out of"): "called up reservists on Wednesday" is no "call on"."""
    if not particles:
        return True
    own = [c.lower_ for c in token.children if c.dep_ == "prt"]
    if own and own[0] != particles[0]:
        return False  # "called up reservists on Wednesday": the verb's own particle makes it another verb
    doc = token.doc
    starts = [token.i + 1]
    obj = next((c for c in token.children if c.dep_ == "dobj"), None)
    if obj is not None:
        starts.append(max(t.i for t in obj.subtree) + 1)
    for start in starts:
        words = [t.lower_ for t in doc[start:start + len(particles)]]
        if words == list(particles):
            return True
    return False


def _compound_ok(token: Token, words: tuple[str, ...]) -> bool:
    """A compound noun's first words stand right before its head: "war games", "state of emergency" is "state"."""
    if not words:
        return True
    doc = token.doc
    start = token.i - len(words)
    return start >= 0 and all(doc[start + k].lower_ == w for k, w in enumerate(words))


def _holds(entry: Entry, token: Token, lemmas: set[str]) -> bool:
    if entry.pos == "verb" and not _particles_ok(token, entry.extra):
        return False
    if entry.pos == "noun" and not _compound_ok(token, entry.extra):
        return False
    if entry.needs and not lemmas & entry.needs:
        return False
    if entry.unless and _cancelling_words(token, entry, lemmas) & entry.unless:
        return False
    return not entry.preps or bool(_attached_preps(token) & entry.preps)


def _cancelling_words(token: Token, entry: Entry, lemmas: set[str]) -> set[str]:
    """Where an `unless` word cancels: a verb's own phrase ("exercise restraint"); a noun's complement ("the
    exercise of power"), not the name before it ("the Freedom Shield exercise")."""
    if entry.pos == "verb":
        return lemmas
    return {t.lemma_.lower() for c in token.children if c.dep_ in ("prep", "acl") for t in c.subtree}


def _attached_preps(token: Token) -> set[str]:
    """Prepositions on the word or its object that lead somewhere ("fired at the crowd"), not to a time
    ("fired on Monday")."""
    heads = [token, *(c for c in token.children if c.dep_ == "dobj")]
    return {c.lower_ for head in heads for c in head.children
            if c.dep_ in ("prep", "prt", "agent") and not _leads_to_time(c)}


def _leads_to_time(prep: Token) -> bool:
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return any(o.lower_ in TIME_WORDS or o.like_num or o.ent_type_ in ("DATE", "TIME") for o in objects)


def find_triggers(sentence: ParsedSentence, lexicon: Lexicon) -> list[Trigger]:
    found = []
    for token in sentence.doc:
        pos = _pos(token)
        if pos is None:
            continue
        candidates = lexicon.candidates(token.lemma_.lower(), pos, token.lower_)
        if not candidates:
            continue
        lemmas = phrase_lemmas(token, pos == "noun")
        if pos == "noun" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
            continue  # "there are no formal talks": a state, not an act
        if pos == "noun" and token.dep_ == "compound":
            # "riot police", "test site", "attack helicopter": the noun qualifies another noun, it is no event.
            candidates = [e for e in candidates if e.extra]
        entry = next((e for e in candidates if _holds(e, token, lemmas)), None)
        if entry is None:
            continue
        start = token.i - len(entry.extra) if pos == "noun" else token.i
        found.append(Trigger(token, entry, start, token.i + 1))
    return _drop_contents(found)


def _content_of(trigger: Trigger, other: Trigger) -> bool:
    """Whether `trigger` sits inside `other` as its content: reached from it by content edges only."""
    current = trigger.token
    while current.head.i != current.i:
        # "demanded that they lift the siege and allow …": a conjunct shares its first conjunct's place, but a
        # conjunct of the act itself ("fired … and warned") is an act of its own.
        if current.dep_ not in CONTENT_EDGES and not (current.dep_ == "conj" and current.head.i != other.token.i):
            return False
        current = current.head
        if current.i == other.token.i:
            return True
    return False


def _absorbed(trigger: Trigger, other: Trigger) -> bool:
    return _content_of(trigger, other) and (
        other.entry.absorbs or (trigger.is_noun and other.entry.type == trigger.entry.type))


def _cause_of(trigger: Trigger, other: Trigger) -> bool:
    """'banned its leaders over its pledge to …': a noun in an 'over' phrase is the reason for the act."""
    token = trigger.token
    return (trigger.is_noun and token.dep_ == "pobj" and token.head.lower_ == "over"
            and token.head.head.i == other.token.i)


def _drop_contents(found: list[Trigger]) -> list[Trigger]:
    kept = []
    heads = {t.token.i: t for t in found}
    for trigger in found:
        if _adjunct_of(trigger, heads.get(trigger.token.head.i)):
            continue
        swallowed = any(other is not trigger and (_cause_of(trigger, other) or _absorbed(trigger, other))
                        for other in found)
        if not swallowed:
            kept.append(trigger)
    return kept


# A trailing participle or purpose clause on another act is that act's reason or aim, not an act of its own:
# "expelled two diplomats, accusing them of spying", "marched on parliament, demanding …",
# "sent troops to fight the cartels".
REASON_TYPES = frozenset({"ACCUSE", "REQUEST", "AGREE", "REJECT"})


def _adjunct_of(trigger: Trigger, head: Trigger | None) -> bool:
    token = trigger.token
    if head is None or trigger.is_noun or token.dep_ != "advcl" or head.entry.type == trigger.entry.type:
        return False
    if token.tag_ == "VBG" and trigger.entry.type in REASON_TYPES:
        return not any(c.dep_ == "mark" for c in token.children)  # "after accusing …" is a clause of time
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


# What someone says they will do to another if that other does something: a threat, whatever the verb ("Caracas
# is ready to recover Essequibo by any means if Guyana goes ahead"). PLOVER THREATEN; the target is the one the
# condition is put to.
CONDITIONAL_THREAT = Entry(lemma="(conditional statement)", pos="verb", type="THREATEN", modality="threatened",
                           needs_target=True)
CONDITION_MARKS = frozenset({"if", "unless"})
FUTURE_WORDS = frozenset({"will", "would", "'ll", "wo", "shall", "ready", "prepared", "going"})
FRIENDLY = frozenset({"AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT"})


def conditional_threats(sentence: ParsedSentence, found: list[Trigger]) -> list[Trigger]:
    """Statements of what the speaker will do if another does something, where no lexicon word codes the act."""
    taken = {t.token.i for t in found}
    friendly = {t.token.i for t in found if t.entry.type in FRIENDLY}
    out = []
    for verb in sentence.doc:
        if verb.pos_ not in ("VERB", "AUX") or verb.i in taken or verb.dep_ not in ("ROOT", "ccomp"):
            continue
        conditions = condition_clauses(verb, CONDITION_MARKS)
        if not conditions:
            continue
        condition_words = {t.i for c in conditions for t in c.subtree}
        own = [t for t in verb.subtree if t.i not in condition_words]
        if any(t.i in friendly or t.i in taken for t in own):
            continue  # the act is coded by its own word ("would restore ties if …", "will strike if …")
        if not any(t.lower_ in FUTURE_WORDS for t in own):
            continue
        out.append(Trigger(verb, CONDITIONAL_THREAT, verb.i, verb.i + 1))
    return out
