"""The source and the targets of one trigger, from the parse (see participants for the phrase-level reading)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from eventwatch.coding.circumstances import carrier, condition_clauses
from eventwatch.coding.lexicon import Cues
from eventwatch.coding.participants import (
    NOUN_TARGET_PREPS,
    OBJECTS,
    TARGET_PREPS,
    ParsedSentence,
    agent_of,
    child,
    is_light,
    is_passive,
    is_pronoun,
    phrase_actor,
    phrase_actors,
    places_as_targets,
    prep_objects,
    reduced_passive,
    unique_actors,
)
from eventwatch.coding.triggers import Trigger
from eventwatch.model import ActorMention
from eventwatch.nlp.dictionary import country_of

UNPLACED = "???"  # a role without a country yet: "the journalists"
IF_UNLESS = frozenset({"if", "unless"})
OWN_POSSESSIVES = frozenset({"its", "their", "his", "her", "our"})
LEAVING = frozenset({"RETREAT", "SANCTION", "CONCEDE"})
SCENE_PREPS = frozenset({"in", "during", "through", "under"})
PERSONAL = frozenset({"he", "she", "his", "her"})
PHYSICAL = frozenset({"MOBILIZE", "ASSAULT", "COERCE"})
ANSWERING = frozenset({"ACCUSE", "REJECT", "SANCTION", "REQUEST", "THREATEN", "SUPPORT"})
SPOKEN = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT", "SUPPORT", "AGREE"})


@dataclass
class Discourse:
    """What the article has said so far: every actor mention in order, and who acted last."""

    actors: list[ActorMention]
    home: str | None = None  # the dateline's country
    last_agent: ActorMention | None = None
    last_by_type: dict[str, list[ActorMention]] = field(default_factory=dict)  # PLOVER type → who did it last


@dataclass
class Participants:
    sources: list[ActorMention]
    targets: list[ActorMention]
    confidence: float
    between: bool = False  # "talks between X and Y": the sources are the parties


def find_participants(sentence: ParsedSentence, trigger: Trigger, cues: Cues, discourse: Discourse,
                      triggers: frozenset[int]) -> Participants | None:
    token = trigger.token
    between: list[ActorMention] = []
    if trigger.is_noun:
        spoken = trigger.entry.type in SPOKEN
        sources, confidence = _noun_sources(sentence, token, cues, discourse, triggers, spoken)
        between = _parties(sentence, token)
        if between and not sources:
            sources, confidence = between, 0.7
        targets = _noun_targets(sentence, token, cues)
    else:
        sources, confidence = _verb_sources(sentence, token, cues, discourse, trigger.entry.type in PHYSICAL)
        # "withdrew from Quneitra", "recalled its ambassador from Managua": left behind is whom it concerns.
        targets = _verb_targets(sentence, token, TARGET_PREPS | {"from"} if trigger.entry.type in LEAVING else
                                TARGET_PREPS)
        if not sources and is_passive(token) and agent_of(token) is None:
            # "A soldier was killed when Pakistani Rangers opened fire": the attack in the clause did it.
            for clause in (c for c in token.children if c.dep_ == "advcl"):
                subject = child(clause, "nsubj")
                if subject is not None:
                    sources, confidence = _subject_actors(sentence, subject, cues, discourse, True)
                    if sources:
                        break
        if not sources and is_passive(token) and trigger.entry.type == "MOBILIZE":
            # "Venezuela's armed forces were placed on maximum alert": the forces moved are who mobilizes.
            sources = [m for c in token.children if c.dep_ == "nsubjpass" for m in phrase_actors(sentence, c)]
            targets = [m for m in targets if m not in sources]
        earlier = discourse.last_by_type.get(trigger.entry.type)
        if not sources and is_passive(token) and trigger.entry.type in PHYSICAL and earlier:
            # "Two missiles were launched from the Sunan area", "Kyiv was attacked again": by whoever did it last.
            sources, confidence = earlier[:1], 0.4
        if not targets and trigger.entry.type in ANSWERING:
            targets = _authors_of_object(sentence, token, discourse)
        if not targets and trigger.entry.type == "THREATEN":
            targets = _answered(sentence, token, cues, discourse)
        if not targets and trigger.entry.type == "THREATEN" and sources:
            targets = _adversary(sentence, token, discourse, {country_of(m.code) for m in sources})
    if not sources:
        return None
    codes = {m.code for m in sources}
    source_countries = {country_of(m.code) for m in sources}
    home = next((c for c in source_countries if c and len(c) == 3), None)
    if trigger.entry.type == "ASSAULT" and sentence.country and sentence.country not in source_countries:
        home = sentence.country  # the people killed in a strike on Rafah are Rafah's
    targets = [replace(m, code=home + m.code[3:]) if m.code.startswith(UNPLACED) and home else m for m in targets]
    targets = [m for m in targets if not m.code.startswith(UNPLACED)]
    # The same actor on both sides is a parse slip, and a country does not act on its own bare self.
    targets = [m for m in targets if m.code not in codes
               and not (len(m.code) == 3 and m.code in source_countries)]
    return Participants(sources, unique_actors(targets), confidence, bool(between and sources == between))


def _subject_actors(sentence: ParsedSentence, subject: Token, cues: Cues,
                    discourse: Discourse, physical: bool = False) -> tuple[list[ActorMention], float]:
    if physical and subject.lemma_.lower() in sentence.things and subject.i not in sentence.actors:
        # "A Malian army drone strike killed 21 civilians": who struck is who killed.
        found = _modifier_actors(sentence, subject) or [
            m for o in (child(subject, "poss"),) if o is not None for m in phrase_actors(sentence, o)]
        return found, 0.6
    if is_pronoun(subject) and subject.i not in sentence.actors:
        owners = _clause_subject(sentence, subject, cues) if subject.dep_ == "poss" else []
        if owners:
            return owners, 0.7
        resolved = _resolve_pronoun(sentence, subject, cues, discourse, physical)
        return ([resolved], 0.6) if resolved is not None else ([], 0.0)
    found = phrase_actors(sentence, subject, agent=True)
    if not found:
        found = _placed_roles(sentence, subject, discourse)
        return found, 0.5
    return found, 0.8


def _placed_roles(sentence: ParsedSentence, head: Token, discourse: Discourse) -> list[ActorMention]:
    """'Armed bandits abducted …', 'More than 300 fighters of the CODECO militia …': a group named by its role
    only acts for the country the sentence places it in (else the story's home country)."""
    roles = [r for t in (head, *(o for o in head.children if o.dep_ == "prep" for o in o.children))
             for r in (sentence.role_nouns.get(t.lower_) or sentence.role_nouns.get(t.lemma_.lower()),) if r]
    country = sentence.country or discourse.home
    if not roles or not country:
        return []
    char = sentence.char(head)
    return [ActorMention(char, char + len(head.text), head.text, country + roles[0], sentence.index)]


def _clause_subject(sentence: ParsedSentence, pronoun: Token, cues: Cues) -> list[ActorMention]:
    """'the United States and South Korea launched their exercises': a possessive points to its clause's
    subject."""
    verb = next((t for t in pronoun.ancestors if t.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.lemma_.lower() in cues.reporting:
        return []  # "the JCS said, in its first launch": the possessive is the act's, not the reporter's
    subject = child(verb, "nsubj") if verb is not None else None
    if subject is None or is_pronoun(subject):
        return []
    return phrase_actors(sentence, subject, agent=True)


def _resolve_pronoun(sentence: ParsedSentence, pronoun: Token, cues: Cues, discourse: Discourse,
                     physical: bool = False) -> ActorMention | None:
    """'North Korea said it fired …' → the sayer; else the nearest actor named before the pronoun
    (a person for he/she)."""
    if pronoun.lower_ in ("who", "which", "that") and pronoun.head.dep_ == "relcl":
        return phrase_actor(sentence, pronoun.head.head)
    sayer = _sayer(sentence, pronoun, cues)
    if sayer is not None:
        return sayer
    # Sorted by position, not by the set of kinds: a set's order changes with the process's hash seed.
    forceful = sorted((m for kind in PHYSICAL for m in discourse.last_by_type.get(kind, [])[:1]),
                      key=lambda m: m.start)
    if physical and forceful and pronoun.lower_ not in PERSONAL:
        return forceful[-1]  # "… when it fired": who used force last, not who last spoke
    if discourse.last_agent is not None and pronoun.lower_ not in PERSONAL:
        return discourse.last_agent
    position = sentence.char(pronoun)
    earlier = discourse.actors[:bisect_left([m.start for m in discourse.actors], position)]
    if pronoun.lower_ in PERSONAL:
        person = next((m for m in reversed(earlier) if m.name and len(m.code) > 3), None)
        if person is not None:
            return person
    return earlier[-1] if earlier else None


def _sayer(sentence: ParsedSentence, pronoun: Token, cues: Cues) -> ActorMention | None:
    """'North Korea said it fired …': the pronoun inside what was said is the one who said it."""
    current = pronoun.head
    while current.head.i != current.i:
        if current.dep_ == "ccomp" and current.head.lemma_.lower() in cues.reporting:
            subject = child(current.head, "nsubj")
            if subject is not None and not is_pronoun(subject):
                return phrase_actor(sentence, subject)
            return None
        current = current.head
    return None


def _verb_sources(sentence: ParsedSentence, verb: Token, cues: Cues,
                  discourse: Discourse, physical: bool = False) -> tuple[list[ActorMention], float]:
    if is_passive(verb) or reduced_passive(verb):
        agent = agent_of(verb)
        if agent is not None:
            return phrase_actors(sentence, agent, agent=True), 0.8
    if reduced_passive(verb):
        return [], 0.0  # "schoolchildren abducted from their school": the noun is who suffered it, not the doer
    subject = child(verb, "nsubj", "csubj")
    if subject is not None:
        return _subject_actors(sentence, subject, cues, discourse, physical)
    head = verb.head
    if head.i == verb.i:
        return [], 0.0
    if verb.dep_ == "conj" or (verb.dep_ in ("xcomp", "advcl", "pcomp") and head.pos_ in ("VERB", "AUX")):
        # "fired … and warned", "vowed to retaliate", ", killing two soldiers": the governing verb's subject
        # (for an order, the one who orders).
        found, confidence = _verb_sources(sentence, head, cues, discourse)
        return found, min(confidence, 0.7)
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        return _verb_sources(sentence, head.head, cues, discourse)
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
        found = phrase_actor(sentence, head)
        if found is not None:
            return [found], 0.7
        if verb.dep_ == "acl" and head.dep_ in ("dobj", "pobj") and head.head.pos_ == "VERB":
            # "sent a letter to Putin praising …": the sender praises.
            carrier_verb = head.head if head.dep_ == "dobj" else head.head.head
            return _verb_sources(sentence, carrier_verb, cues, discourse)
        return [], 0.0
    return [], 0.0




def _verb_targets(sentence: ParsedSentence, verb: Token, preps: frozenset[str] = TARGET_PREPS,
                  roles: bool = True) -> list[ActorMention]:
    heads: list[Token] = []
    if is_passive(verb):
        heads += [c for c in verb.children if c.dep_ == "nsubjpass"]
    objects = [c for c in verb.children if c.dep_ in OBJECTS]
    heads += objects
    heads += [obj for _, obj in prep_objects(verb, preps)]
    for obj in [o for first in objects for o in (first, *first.conjuncts)]:
        heads += [o for _, o in prep_objects(obj, preps | {"by"})]  # "imposed sanctions on X"
    # "withdrew its troops", "recalled its ambassador": what the actor moves of its own is not acted upon.
    heads = [h for h in heads if not any(c.dep_ == "poss" and c.lower_ in OWN_POSSESSIVES for c in h.children)]
    found = [m for h in heads for m in phrase_actors(sentence, h)]
    if not found:
        found = places_as_targets(sentence, heads)
    if not found:
        found = _content_targets(sentence, verb)
    if not found and verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "sent 80 doctors to Honduras to help contain …": the purpose serves where the act went.
        found = [m for _, o in prep_objects(verb.head, TARGET_PREPS) for m in phrase_actors(sentence, o)]
    if not found and roles:
        found = _role_targets(sentence, heads)
    return found


def _role_targets(sentence: ParsedSentence, heads: list[Token]) -> list[ActorMention]:
    """'detained a journalist', 'arrested the organisers': people named by their role and no country; the country
    is filled in from the source (acts on one's own people are the common case)."""
    out = []
    for head in heads:
        role = sentence.role_nouns.get(head.lower_) or sentence.role_nouns.get(head.lemma_.lower())
        if role:
            char = sentence.char(head)
            out.append(ActorMention(char, char + len(head.text), head.text, UNPLACED + role, sentence.index))
    return out


def _authors_of_object(sentence: ParsedSentence, verb: Token, discourse: Discourse) -> list[ActorMention]:
    """'condemned the drills', 'rejected the demand', 'criticized the vetoes': the act named by the object was
    reported earlier; its authors are the target."""
    obj = child(verb, "dobj", "nsubjpass")
    if obj is not None and is_pronoun(obj) and verb.dep_ == "relcl":
        obj = verb.head  # "drills that Pyongyang condemned"
    if obj is None:
        return []
    kind = sentence.event_nouns.get(obj.lemma_.lower())
    return list(discourse.last_by_type.get(kind, [])) if kind else []


def _adversary(sentence: ParsedSentence, token: Token, discourse: Discourse,
               own: set[str | None]) -> list[ActorMention]:
    """A threat that names no one ("vowed to respond sternly to any provocation") is aimed at the other side the
    story has in view: the last country named before it that is not the speaker's."""
    position = sentence.char(token)
    earlier = discourse.actors[:bisect_left([m.start for m in discourse.actors], position)]
    for mention in reversed(earlier):
        country = country_of(mention.code)
        if country and len(country) == 3 and country not in own:
            return [replace(mention, code=country)]
    return []


def _answered(sentence: ParsedSentence, verb: Token, cues: Cues, discourse: Discourse) -> list[ActorMention]:
    """'vowed to retaliate after Indian missiles struck …': a threat answers the act in its clause of time."""
    for clause in (c for c in verb.children if c.dep_ == "advcl"):
        subject = child(clause, "nsubj")
        if subject is not None:
            found, _ = _subject_actors(sentence, subject, cues, discourse, True)
            if found:
                return found
    return []


def _content_targets(sentence: ParsedSentence, verb: Token) -> list[ActorMention]:
    """The recipient named in what was said or threatened: "threatened to strike the United States",
    "warned that Seoul would witness a new response" (the content's own subject, when it is someone else)."""
    content = child(verb, "xcomp", "ccomp")
    if content is None or content.pos_ not in ("VERB", "AUX"):
        return []
    subject = child(content, "nsubj", "nsubjpass")
    bare = not any(c.dep_ == "aux" for c in content.children)  # subjunctive: "that X extradite", not "X would"
    if content.dep_ == "ccomp" and bare and subject is not None and not is_pronoun(subject):
        # "demanded that Belgium extradite three men": a demand with its own named subject is put to that subject.
        named = [m for m in phrase_actors(sentence, subject, agent=True) if not m.code.startswith(UNPLACED)]
        if named:
            return named
    found = _verb_targets(sentence, content, roles=False)
    for clause in condition_clauses(content, IF_UNLESS):
        # "would take countermeasures if the allies went ahead": the threat is put to the allies.
        condition = child(clause, "nsubj")
        if not found and condition is not None:
            found = phrase_actors(sentence, condition, agent=True)
    subject = child(content, "nsubj", "nsubjpass")
    if not found and subject is not None and not is_pronoun(subject):
        found = phrase_actors(sentence, subject, agent=True)
    return found or _verb_targets(sentence, content)




def _noun_sources(sentence: ParsedSentence, noun: Token, cues: Cues, discourse: Discourse,
                  triggers: frozenset[int], spoken: bool) -> tuple[list[ActorMention], float]:
    """A said thing named by a noun ("North Korea's threats", "Beijing's warnings") is a topic, not an act,
    unless a verb carries it ("issued a warning"), an agent is named ("a demand by …") or it says what and to
    whom ("the Kremlin's condemnation of …", "Turkey's offer to host …")."""
    said_something = any(c.dep_ in ("prep", "acl", "relcl", "ccomp") for c in noun.children)
    for dep in () if spoken and not said_something else ("poss",):
        owner = child(noun, dep)
        if owner is not None:
            found, confidence = _subject_actors(sentence, owner, cues, discourse)
            if found:
                return found, confidence
    agent = next((o for p, o in prep_objects(noun, frozenset({"by", "from"})) if p == "by"), None)
    if agent is not None:
        return phrase_actors(sentence, agent), 0.8
    modifiers = _modifier_actors(sentence, noun)
    if modifiers and not spoken:
        return modifiers, 0.7
    verb = carrier(noun)
    if verb.i != noun.i and is_light(verb, cues) and verb.i not in triggers:
        found, confidence = _verb_sources(sentence, verb, cues, discourse)
        return found, confidence
    joint = any(c.lower_ in cues.joint_words for c in noun.children)
    scene = noun.head.head if joint and noun.dep_ == "pobj" and noun.head.lower_ in SCENE_PREPS else None
    if scene is not None and scene.pos_ == "VERB" and not is_passive(scene):
        # "police … broke up the ring in a joint operation": who acted did so in the joint operation (not in
        # "during past drills", which are another's).
        return _verb_sources(sentence, scene, cues, discourse)
    return [], 0.0




def _modifier_actors(sentence: ParsedSentence, noun: Token) -> list[ActorMention]:
    """Actors among the words before an event noun: "Israeli strikes", "a Malian army drone strike",
    "U.S. and British strikes"."""
    found: list[ActorMention] = []
    for modifier in noun.children:
        if modifier.dep_ not in ("amod", "compound", "nmod") or modifier.i > noun.i:
            continue
        for token in modifier.subtree:
            mention = sentence.actors.get(token.i)
            if mention is not None and mention not in found:
                found.append(mention)
    return found


def _parties(sentence: ParsedSentence, noun: Token) -> list[ActorMention]:
    """'talks between Armenia and Azerbaijan': both sides."""
    parties = []
    for _prep, obj in prep_objects(noun, frozenset({"between", "among"})):
        parties += phrase_actors(sentence, obj)
    return unique_actors(parties) if len(parties) > 1 else []


def _noun_targets(sentence: ParsedSentence, noun: Token, cues: Cues) -> list[ActorMention]:
    heads = [o for p, o in prep_objects(noun, NOUN_TARGET_PREPS) if p not in ("between", "among")]
    verb = carrier(noun)
    if verb.i != noun.i and is_light(verb, cues):
        heads += [c for c in verb.children if c.dep_ in ("dative", "iobj")]
        heads += [o for _, o in prep_objects(verb, TARGET_PREPS)]
    found = [m for h in heads for m in phrase_actors(sentence, h)]
    if not found:
        # "Beijing's warning that it would crush any move by Taiwan": the recipient is in what was said.
        content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ == "VERB"), None)
        found = _verb_targets(sentence, content) if content is not None else []
    return found or places_as_targets(sentence, heads) or _role_targets(sentence, heads)
