"""Which words of a parsed Russian sentence are events (data/lang/ru/triggers.yaml), and how sure the text is
of each: asserted, planned, threatened, negated or hypothetical."""

from __future__ import annotations

from dataclasses import dataclass

from eventwatch.lang.ru.dictionaries import Lexicon, Trigger
from eventwatch.lang.ru.parse import ParsedSentence, Token
from eventwatch.model import Modality

_VERB_POS = ("VERB", "AUX")
_NOUN_POS = ("NOUN", "PROPN")
# A noun act in one of these relations to a verb is told by that verb ("провели переговоры", "нанесли удар").
_NOUN_UNDER_VERB = ("obj", "nsubj", "nsubj:pass", "obl", "xcomp")  # xcomp: "посредниками выступили ОАЭ"


@dataclass
class Found:
    token: Token
    entry: Trigger
    anchor: Token  # the verb whose subject and objects are the act's sides


def find_triggers(sentence: ParsedSentence, lexicon: Lexicon) -> list[Found]:
    found = []
    for token in sentence.tokens:
        entry = _entry(sentence, token, lexicon)
        if entry is not None and entry.type == "REJECT" and any(
                c.lemma in lexicon.cues["no_comment"] for c in sentence.children(token)):
            continue  # "отказались комментировать" declines to comment, it rejects nothing
        if entry is not None:
            found.append(Found(token, entry, _anchor(sentence, token)))
    return _without_absorbed(sentence, found)


def _entry(sentence: ParsedSentence, token: Token, lexicon: Lexicon) -> Trigger | None:
    pos = "verb" if token.pos in _VERB_POS else "noun" if token.pos in _NOUN_POS else (
        "adj" if token.pos == "ADJ" else None)
    if pos is None:
        return None
    phrase = {f for t in sentence.subtree(token, 2) for f in t.forms}
    if pos == "noun" and token.head >= 0:
        phrase |= {f for t in sentence.subtree(sentence.tokens[token.head], 1) for f in t.forms}
    # a statement's content lies a clause deeper: "пообещал, что Украина будет наносить удары"
    # (or in the words right after it, where the parser loses the clause)
    content = {f for t in sentence.subtree(token, 3) + sentence.tokens[token.index + 1:token.index + 9]
               for f in t.forms}
    for entry in lexicon.triggers.get(token.lemma, []):
        if entry.pos not in (None, pos) or (pos == "adj" and entry.pos != "adj"):
            continue
        if not entry.needs or entry.needs & (content if entry.absorbs else phrase):
            return entry
    return None


def _anchor(sentence: ParsedSentence, token: Token) -> Token:
    """The verb that tells a noun act: "провели переговоры", and through a counting noun, "ввёл пакет санкций"."""
    if token.pos not in _NOUN_POS:
        return token
    noun = token
    if noun.rel == "nmod" and noun.head >= 0:
        noun = sentence.tokens[noun.head]
    if noun.head >= 0 and noun.rel in _NOUN_UNDER_VERB and sentence.tokens[noun.head].pos in _VERB_POS:
        return sentence.tokens[noun.head]
    return token


def _without_absorbed(sentence: ParsedSentence, found: list[Found]) -> list[Found]:
    """"осудили удар" is one ACCUSE: a trigger inside the object or complement of an absorbing trigger, or a
    noun under a verb that is itself a trigger, is no event of its own."""
    by_index = {f.token.index: f for f in found}
    # "атаки … не останутся безнаказанными": the attack a veiled threat names is the threat's content
    idioms = {f.anchor.index if f.anchor.pos in _VERB_POS else f.anchor.head for f in found if f.entry.speaker}
    kept = []
    for item in found:
        if item.token.pos in _NOUN_POS and not item.entry.speaker and item.token.head in idioms:
            continue
        head, absorbed = item.token, False
        for _ in range(3):
            if head.head < 0:
                break
            head = sentence.tokens[head.head]
            outer = by_index.get(head.index)
            if outer and (outer.entry.absorbs or (item.token.pos in _NOUN_POS and outer.anchor is head)
                          or outer.entry.type == item.entry.type):
                absorbed = True
                break
        if not absorbed:
            kept.append(item)
    return kept


def modality(sentence: ParsedSentence, item: Found, lexicon: Lexicon) -> Modality:
    cues = lexicon.cues
    chain = _chain(sentence, item)
    words = [c for t in chain for c in sentence.children(t)]
    if item.entry.speaker:
        return "threatened"  # the idiom negates its own verb: "не останутся без ответа" is a threat
    if any(w.lemma in cues["negation_words"] for w in words) or any(t.lemma in cues["negated"] for t in chain[1:]):
        return "negated"
    if any(w.lemma in cues["hypothetical"] and w.rel == "mark" for w in words) or any(
            t.lemma in cues["possible"] for t in chain[1:]):
        return "hypothetical"
    if item.entry.type == "THREATEN" or any(t.lemma in cues["threatened"] for t in chain[1:]):
        return "threatened"
    if any(t.lemma in cues["planned"] for t in chain[1:]) or _future(sentence, item.anchor):
        return "planned"
    if item.entry.type == "AGREE":
        return "planned"  # as in English: an agreement or pledge is about acts still to come
    return "asserted"


def _chain(sentence: ParsedSentence, item: Found) -> list[Token]:
    """The trigger, its verb, and the verbs it depends on through xcomp/ccomp ("не планирует провести")."""
    chain = [item.token] if item.anchor is item.token else [item.token, item.anchor]
    token = item.anchor
    while token.rel in ("xcomp", "ccomp", "csubj") and token.head >= 0:
        token = sentence.tokens[token.head]
        chain.append(token)
    return chain


def _future(sentence: ParsedSentence, verb: Token) -> bool:
    if verb.feats.get("Tense") == "Fut":
        return True
    return any(c.lemma == "быть" and c.feats.get("Tense") == "Fut" for c in sentence.children(verb))
