"""Russian sentences into events: triggers, sides, reporter, modality, date and place, with the same
ontology (CAMEO root, intensity, default roles) as the English coder."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from eventwatch.coding.coder import PHYSICAL_TYPES, UNTARGETED_TYPES, claim_kind
from eventwatch.coding.ontology import get_ontology
from eventwatch.lang.ru.antecedents import antecedent_targets, counterpart, dyad_sides, mediated_sides
from eventwatch.lang.ru.dates import find_date
from eventwatch.lang.ru.dictionaries import Lexicon
from eventwatch.lang.ru.mentions import Mention, PlaceName
from eventwatch.lang.ru.parse import ParsedSentence
from eventwatch.lang.ru.quantities import quantity_of
from eventwatch.lang.ru.roles import Roles, find_roles
from eventwatch.lang.ru.triggers import Found, modality
from eventwatch.model import Event, Evidence
from eventwatch.nlp.dictionary import country_of

# PLOVER: a planned act of cooperation is an agreement, a planned retreat a concession (as in lexicon.yaml).
_SAME_DAY = re.compile(r"\b(?:в тот же день|в тот же вечер|в этот же день|в тот день)\b")
_FUTURE = {"CONSULT": "AGREE", "SUPPORT": "AGREE", "COOPERATE": "AGREE", "AID": "AGREE", "RETREAT": "CONCEDE"}


@dataclass
class Clause:
    sentence: ParsedSentence
    index: int  # the sentence's index in Article.sentences
    mentions: list[Mention]
    places: list[PlaceName]
    reporter: Mention | None
    banned: set[int]  # tokens naming the reporter
    published: dt.date
    url: str | None
    anchor: tuple[dt.date, str] | None = None  # the last date an earlier sentence named ("в тот же день")
    history: list[Event] = field(default_factory=list)  # the article's events coded so far


def code_trigger(clause: Clause, item: Found, lexicon: Lexicon) -> list[Event]:
    # "Пентагон объявил о пакете помощи": the announcer of an act named by a noun is its author, not a reporter
    announced = item.anchor.lemma in lexicon.cues["reporting"]
    banned = set() if announced else clause.banned
    roles = find_roles(clause.sentence, item, clause.mentions, banned, lexicon)
    if item.entry.speaker:
        roles = _speaker_roles(clause, item, lexicon)
    elif not roles.targets and (item.entry.absorbs or item.entry.type == "THREATEN"):
        roles.targets = antecedent_targets(clause.sentence, item.anchor, {m.code for m in roles.sources},
                                           clause.history, lexicon)
    if item.entry.mode == "third-party" and not roles.targets:
        roles.targets = [t for t in mediated_sides(clause.history, item.token)
                         if t.code[:3] not in {s.code[:3] for s in roles.sources}]
    one_side = len({s.code for s in roles.sources}) == 1
    # (a downed weapon's target is the defender or the country where it fell, never a guess from the dyad)
    if one_side and not roles.targets and item.entry.type not in UNTARGETED_TYPES and not item.entry.intercepts:
        roles.targets = counterpart(clause.history, roles.sources[0].code, item.token)
    if item.entry.symmetric and not roles.sources and not roles.targets and modality(
            clause.sentence, item, lexicon) in ("planned", "hypothetical"):
        # talks still to come with no side named are those of the article's dyad; past ones may be anyone's
        roles.sources = dyad_sides(clause.history, item.token)
    if not roles.sources and not roles.targets:
        return []
    mood = modality(clause.sentence, item, lexicon)
    plover = _FUTURE.get(item.entry.type, item.entry.type) if mood == "planned" else item.entry.type
    date, precision = _when(clause, mood == "planned" and item.anchor.feats.get("Tense") != "Past")
    kind = get_ontology()[plover]
    mode = item.entry.mode if plover == item.entry.type else None
    quantity = quantity_of(clause.sentence, item.anchor, clause.index) if plover in PHYSICAL_TYPES else None
    events = []
    if plover in UNTARGETED_TYPES:
        roles.targets = []  # a drill, launch or parade has no recipient (the English gold conventions)
    for source, target in _pairs(roles, kind.default_role, item.entry.symmetric):
        event = Event(source_actor=source.code if source else None, target_actor=target.code if target else None,
                      plover_type=plover, mode=mode, cameo_root=kind.cameo_root, intensity=kind.intensity(mode),
                      modality=mood, date=date, date_precision=precision, evidence=_evidence(clause, item),
                      quantity=quantity, source_text=_text(clause, source), target_text=_text(clause, target))
        if not announced:
            _report(event, clause)
        _locate(event, clause, roles, _content(clause.sentence, item))
        _target_from_place(event)
        events.append(event)
    return events


def _speaker_roles(clause: Clause, item: Found, lexicon: Lexicon) -> Roles:
    """"атаки на наши города не останутся безнаказанными", заявил Песков: the speaker threatens the author of
    the act the clause is about (its subject), not anyone named inside it."""
    if clause.reporter is None:
        return Roles()
    tokens, anchor = clause.sentence.tokens, item.anchor
    scope = anchor if anchor.pos in ("VERB", "AUX") or anchor.head < 0 else tokens[anchor.head]
    sources = [clause.reporter]
    return Roles(sources, antecedent_targets(clause.sentence, scope, {clause.reporter.code}, clause.history, lexicon))


def _pairs(roles: Roles, role: str, symmetric: bool) -> list[tuple[Mention | None, Mention | None]]:
    sources = _unique([_with_role(s, role) for s in roles.sources])
    targets = [t for t in _unique(roles.targets) if t.code not in {s.code for s in sources}]
    # "отверг призывы ЕС к выводу российских войск": beside a foreign side, the source's own country named
    # inside the content is no target
    own = {s.code[:3] for s in sources}
    if any(t.code[:3] not in own for t in targets):
        targets = [t for t in targets if t.code[:3] not in own]
    if symmetric and not targets and len(sources) > 1:
        return [(a, b) for a in sources for b in sources if a.code != b.code]
    pairs: list[tuple[Mention | None, Mention | None]] = [(s, t) for s in sources or [None]
                                                          for t in targets or [None]]
    if symmetric:
        pairs += [(_with_role(t, role), s) for s, t in pairs if s is not None and t is not None]
    return pairs


def _unique(mentions: list[Mention]) -> list[Mention]:
    """One mention per code, and no bare country beside an actor of that country ("МИД Турции" is TURGOV)."""
    kept = list({m.code: m for m in reversed(mentions)}.values())[::-1]
    specific = {m.code[:3] for m in kept if len(m.code) > 3}
    return [m for m in kept if len(m.code) > 3 or m.code not in specific]


def _with_role(mention: Mention, role: str) -> Mention:
    # A bare country acting gets the type's default role ("Россия нанесла удар" → RUSMIL), as in English.
    if len(mention.code) == 3 and country_of(mention.code) == mention.code:
        return Mention(mention.first, mention.last, mention.code + role, mention.name, mention.capital,
                       mention.start, mention.end)
    return mention


def _text(clause: Clause, mention: Mention | None) -> str | None:
    if mention is None:
        return None
    offset = clause.sentence.start
    return clause.sentence.text[mention.start - offset:mention.end - offset]


def _when(clause: Clause, future: bool) -> tuple[dt.date, str]:
    # "во вторник согласился на предложение": an agreement told in the past is dated back, even if planned
    found = find_date(clause.sentence.text, clause.published, future=future)
    if clause.anchor and not found and _SAME_DAY.search(clause.sentence.text.lower()):
        return clause.anchor
    return found[0] if found else (clause.published, "day")


def _target_from_place(event: Event) -> None:
    """"ВСУ обстреляли Шебекино": an attack on a place with no side named hits the place's country."""
    place = event.place
    if event.plover_type != "ASSAULT" or event.target_actor or place is None or not place.country:
        return
    if event.source_actor and country_of(event.source_actor) != place.country:
        event.target_actor = place.country


def _evidence(clause: Clause, item: Found) -> Evidence:
    s = clause.sentence
    ends = [item.token.start, item.token.end, item.anchor.start, item.anchor.end]
    start, end = (min(ends), max(ends)) if abs(item.anchor.index - item.token.index) <= 3 else (
        item.token.start, item.token.end)
    return Evidence(s.text, clause.index, s.start, s.end, start, end, clause.url)


def _report(event: Event, clause: Clause) -> None:
    if clause.reporter is None:
        return
    code = clause.reporter.code
    if len(code) == 3 and country_of(code) == code:
        code += "GOV"  # a country that says something speaks through its government, as in English
    event.reported_by, event.reported_by_text = code, _text(clause, clause.reporter)
    event.claim = claim_kind(code, event.source_actor, event.target_actor)


def _content(sentence: ParsedSentence, item: Found) -> set[int]:
    """The tokens of what a statement is about ("осудила удар по Белгороду"): its places are the other act's."""
    if not item.entry.absorbs:
        return set()
    inner = [c for c in sentence.children(item.anchor) if c.rel in ("obj", "xcomp", "ccomp")]
    return {t.index for c in inner for t in sentence.subtree(c, 6)}


def _locate(event: Event, clause: Clause, roles: Roles, content: set[int]) -> None:
    """The place named nearest the trigger, that names no side, reporter or statement's content; a capital
    reached by the act stays a place while it stands for its country ("посетит Пекин", "атаковала Москву")."""
    tokens = clause.sentence.tokens
    taken = [(m.start, m.end) for m in roles.sources] + [
        (m.start, m.end) for m in roles.targets
        if not m.capital or tokens[m.first].feats.get("Case") == "Dat"]  # "поставлять Киеву": a recipient
    if clause.reporter is not None:
        taken.append((clause.reporter.start, clause.reporter.end))
    # a place that is some clause's subject acts there ("если Москва не согласится"), it is not where
    subjects = {t.index for t in tokens if t.rel in ("nsubj", "nsubj:pass")}
    usable = [p for p in clause.places if p.first not in content and p.first not in subjects
              and not any(start < p.end and p.start < end for start, end in taken)]
    if not usable:
        return
    trigger = event.evidence.trigger_start
    place = min(usable, key=lambda p: abs(p.start - trigger))
    event.place, event.place_basis = place.place, "sentence"
    event.place_text = clause.sentence.text[place.start - clause.sentence.start:place.end - clause.sentence.start]
