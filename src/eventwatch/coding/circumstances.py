"""How, when and on whose word: the modality, the date and the reporter of a trigger, from the parse.

The modality comes from the trigger's own auxiliaries and negation and from the verbs that govern it ("plans to",
"refused to", "could"). The date is the time expression attached to the event verb, not the nearest one.
The reporter is the subject of a reporting verb whose complement holds the trigger ("…, the ministry said").
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Token

from eventwatch.coding.lexicon import Cues
from eventwatch.coding.participants import ParsedSentence, child, phrase_actors
from eventwatch.model import ActorMention, DateMention
from eventwatch.nlp.dates import is_background

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
MODALS = frozenset({"could", "might", "may", "would", "should", "can", "must", "ca"})
VAGUE_TIMES = frozenset({"overnight", "today", "tonight", "this morning", "this evening", "earlier", "recently"})


def carrier(trigger: Token) -> Token:
    """The verb an event noun hangs on ("held talks" → held; "took part in drills" → took), else the word."""
    current = trigger
    for _ in range(3):
        if current.dep_ in ("dobj", "attr", "nsubjpass", "oprd") or (
                current.dep_ == "pobj" and current.head.dep_ == "prep"):
            current = current.head if current.dep_ != "pobj" else current.head.head
            if current.pos_ in ("VERB", "AUX"):
                return current
        else:
            break
    return trigger


def governors(verb: Token, cues: Cues) -> list[Token]:
    """Verbs above a complement, nearest first, up to (not past) a reporting verb: "vowed to retaliate"."""
    chain, current = [], verb
    while current.dep_ in ("xcomp", "pcomp", "prep", "pobj", "acl") and current.head.i != current.i:
        current = current.head
        if current.lemma_.lower() in cues.reporting:
            break
        if current.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            chain.append(current)
    return chain


def _words(token: Token, deps: tuple[str, ...]) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in deps} | {
        c.lower_ for c in token.children if c.dep_ in deps}


def modality(trigger: Token, verb: Token, fixed: str | None, cues: Cues) -> tuple[str, bool]:
    """(modality, ordered). ``verb`` is the trigger itself or the verb that carries the event noun."""
    chain = [verb, *governors(verb, cues)]
    lemmas = {t.lemma_.lower() for t in chain[1:]}
    negated = any(c.dep_ == "neg" for t in chain for c in t.children) or bool(lemmas & cues.negating)
    negated = negated or any(c.lower_ in ("no", "never") and c.dep_ == "det" for c in trigger.children)
    ordered = bool(lemmas & cues.ordering)
    if negated:
        return "negated", ordered
    if fixed:
        return fixed, ordered
    aux = set().union(*(_words(t, ("aux", "auxpass", "mark", "advmod")) for t in chain))
    modifiers = _words(trigger, ("amod", "compound")) if trigger.i != verb.i else set()
    reported = verb.dep_ in ("ccomp",) and verb.head.lemma_.lower() in cues.reporting
    if aux & {"if", "unless", "whether"}:
        return "hypothetical", ordered
    if "would" in aux and reported:
        return "planned", ordered
    if aux & MODALS or lemmas & cues.hypothetical or modifiers & cues.hypothetical:
        return "hypothetical", ordered
    if ordered or aux & FUTURE_AUX or lemmas & cues.planning or modifiers & cues.planning:
        return "planned", ordered
    if _going_to(verb):
        return "planned", ordered
    return "asserted", ordered


def _going_to(verb: Token) -> bool:
    """"is set to", "are due to", "is going to": the governor is an adjective or participle of plan."""
    head = verb.head
    return verb.dep_ == "xcomp" and head.lower_ in ("going", "set", "due", "scheduled", "poised", "expected")


def _date_root(sentence: ParsedSentence, mention: DateMention) -> Token | None:
    span = sentence.doc.char_span(mention.start - sentence.offset, mention.end - sentence.offset,
                                  alignment_mode="expand")
    return span.root if span is not None else None


def _attached_to(root: Token, stops: set[int]) -> Token:
    """The first verb or event word above a time expression: where it belongs."""
    current = root
    while current.head.i != current.i:
        current = current.head
        if current.i in stops or current.pos_ in ("VERB", "AUX"):
            return current
    return current


def event_date(sentence: ParsedSentence, trigger: Token, verb: Token, dates: list[DateMention],
               triggers: set[int], reporting: set[int], published: dt.date) -> tuple[dt.date, str, bool]:
    """(date, precision, stated). Attached to the trigger or its carrying verb; else a clause hanging on a time
    expression ("September 2022, when … were killed"); else one attached to the governing verbs; else a date
    that belongs to no other act or saying; else one of the saying; else the publication date."""
    if not dates:
        return published, "day", False
    rooted = [(d, _date_root(sentence, d)) for d in dates]
    rooted = [(d, r) for d, r in rooted if r is not None]
    stops = triggers | {trigger.i, verb.i}
    attached = {id(d): _attached_to(r, stops) for d, r in rooted}
    mine = {trigger.i, verb.i}
    own = [d for d, _ in rooted if attached[id(d)].i in mine]
    if not own:
        spans = {id(d): {t.i for t in r.subtree} for d, r in rooted}
        clause = next((t for t in (verb, *verb.ancestors) if t.pos_ in ("VERB", "AUX")), verb)
        own = [d for d, r in rooted if clause.dep_ in ("relcl", "advcl", "acl") and clause.head.i in spans[id(d)]]
        if own:
            chosen = own[0]
            return chosen.value, chosen.precision, True
    if not own:
        # "was killed when Pakistani Rangers opened fire late on Wednesday": the moment of the clause of time.
        moments = {c.i for c in verb.children if c.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in ("when", "as", "while") for m in c.children)}
        own = [d for d, _ in rooted if attached[id(d)].i in moments]
    if not own:
        above = {t.i for t in verb.ancestors if t.i not in reporting}
        own = [d for d, _ in rooted if attached[id(d)].i in above]
    if not own:
        # A time expression of the main clause (not of a relative clause about something else) dates the act.
        own = [d for d, _ in rooted if attached[id(d)].dep_ == "ROOT" and attached[id(d)].i not in reporting]
    if not own:
        own = [d for d, _ in rooted if attached[id(d)].i in reporting]
    usable = [d for d in own if not is_background(d)]
    if not usable:
        return published, "day", False
    position = sentence.char(trigger)
    # Time adjuncts mostly follow their verb; a date before it is often a parse slip from an earlier clause.
    # "overnight into Monday": the named day, not the vague word beside it.
    nearest = min(usable, key=lambda d: (d.text.lower() in VAGUE_TIMES, d.start < position, abs(d.start - position)))
    return nearest.value, nearest.precision, True


def reporting_verbs(sentence: ParsedSentence, cues: Cues) -> list[Token]:
    return [t for t in sentence.doc if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in cues.reporting]


def reporters(sentence: ParsedSentence, trigger: Token, cues: Cues) -> tuple[list[ActorMention], list[ActorMention]]:
    """(reporters, cited sources) of the act: the subject of the reporting verb above it or beside it, and
    "according to X"; those after "citing"/"quoting" are the cited ones."""
    said: list[Token] = [t for t in trigger.ancestors if t.lemma_.lower() in cues.reporting and t.pos_ == "VERB"]
    root = trigger if not list(trigger.ancestors) else list(trigger.ancestors)[-1]
    said += [c for c in root.children if c.dep_ in ("parataxis", "advcl", "ccomp", "conj")
             and c.lemma_.lower() in cues.reporting and trigger not in c.subtree]
    outer: list[ActorMention] = []
    cited: list[ActorMention] = []
    for verb in said:
        subject = child(verb, "nsubj")
        if subject is not None:
            outer.extend(phrase_actors(sentence, subject))
        for aside in verb.children:
            if aside.lemma_.lower() in cues.citing and aside.dep_ in ("advcl", "prep", "xcomp"):
                obj = child(aside, "dobj", "pobj")
                if obj is not None:
                    cited.extend(phrase_actors(sentence, obj))
    for token in sentence.doc:
        if token.lower_ in cues.introducing:
            to = child(token, "prep")
            obj = child(to, "pobj") if to is not None else None
            if obj is not None:
                outer.extend(phrase_actors(sentence, obj))
    return outer, cited


CONDITIONS = frozenset({"if", "unless", "until", "lest"})


def is_condition(clause: Token, marks: frozenset[str] = CONDITIONS) -> bool:
    """An adverbial clause opened by one of these marks: "if Guyana goes ahead"."""
    return clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children)


def condition_clauses(verb: Token, marks: frozenset[str] = CONDITIONS) -> list[Token]:
    return [c for c in verb.children if is_condition(c, marks)]


def is_conditional(trigger: Token, cues: Cues) -> bool:
    """The act is promised on a condition ("will strike if …") or announced as what the speaker will do."""
    verb = carrier(trigger) if trigger.pos_ != "VERB" else trigger
    chain = [verb, *governors(verb, cues)]
    return any(condition_clauses(t) for t in chain)


def in_condition(trigger: Token) -> bool:
    """Whether the word lies inside an if/unless clause."""
    current = trigger
    while current.head.i != current.i:
        if is_condition(current):
            return True
        current = current.head
    return False


def condition_actors(sentence: ParsedSentence, verb: Token, sources: list[ActorMention]) -> list[ActorMention]:
    """Who the condition is put to: the subject of the if/unless clause ("… if Guyana goes ahead")."""
    own = {m.code[:3] for m in sources}
    for clause in condition_clauses(verb):
        subject = child(clause, "nsubj", "nsubjpass")
        if subject is not None:
            found = [m for m in phrase_actors(sentence, subject) if m.code[:3] not in own]
            if found:
                return found
    return []
