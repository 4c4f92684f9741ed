"""Who did what to whom, when: turns an Analysis into coded, dated, source-linked events.

Per parsed sentence: find the event words (lexicon on lemmas), drop those that are the content of another act,
then read each act's source and targets from the dependency parse (participants), its modality, date and
reporter (circumstances), and emit one event per source and target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from eventwatch.coding import location
from eventwatch.coding.circumstances import (
    carrier,
    condition_actors,
    event_date,
    in_condition,
    is_conditional,
    modality,
    reporters,
    reporting_verbs,
)
from eventwatch.coding.evidence_quotes import link_quotes
from eventwatch.coding.lexicon import Entry, Lexicon, get_lexicon
from eventwatch.coding.ontology import get_ontology
from eventwatch.coding.participants import ParsedSentence, attach_mentions
from eventwatch.coding.roles import Discourse, Participants, find_participants
from eventwatch.coding.triggers import Trigger, conditional_threats, find_triggers
from eventwatch.model import ActorMention, Analysis, DateMention, Event, Evidence, PlaceMention, Quantity, Sentence
from eventwatch.nlp.dictionary import country_of, role_nouns, role_of

PHYSICAL_TYPES = frozenset({"MOBILIZE", "ASSAULT"})
CIVILIAN_ROLES = frozenset({"CVL", "LAB"})
ANTECEDENT_TYPES = frozenset({"ACCUSE", "SANCTION"})
SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT"})
UNTARGETED_TYPES = frozenset({"MOBILIZE"})  # a launch, drill or parade has no recipient (gold conventions)
REFUSABLE = frozenset({"AGREE", "SUPPORT", "CONCEDE"})
# "Xi and Putin signed agreements": parties named together act on each other.
MUTUAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT"})
# Force, coercion or sanctions announced on a condition are a threat of that kind.
THREAT_MODES = {"ASSAULT": "military-threat", "COERCE": "restrict", "SANCTION": "restrict"}
SPOKEN_FORCE = frozenset({"ASSAULT", "COERCE"})  # force or arrest someone says will come is a threat


@dataclass
class ArticleState:
    """What earlier sentences established: the last actor who acted, for pronouns and antecedents."""

    text: str  # Article.text
    discourse: Discourse
    places: dict[int, list[PlaceMention]]
    last_physical_sources: list[str] = field(default_factory=list)  # who did the last act of force
    seen: set[tuple] = field(default_factory=set)
    acts: dict[tuple, list[Event]] = field(default_factory=dict)


def code_events(analysis: Analysis, lexicon: Lexicon | None = None) -> list[Event]:
    lexicon = lexicon or get_lexicon()
    article = analysis.article
    published = article.published or dt.date.today()
    home = analysis.dateline_place.country if analysis.dateline_place is not None else None
    discourse = Discourse(sorted(analysis.actors, key=lambda m: m.start), home)
    state = ArticleState(article.text, discourse, _group(analysis.places))
    dates, quantities = _group(analysis.dates), _group(analysis.quantities)
    actors = _group(analysis.actors)
    events: list[Event] = []
    for index in sorted(analysis.parses):
        sentence = article.sentences[index]
        parse = analysis.parses[index]
        parsed = ParsedSentence(parse, index, parse.user_data.get("offset", sentence.start), things=lexicon.things,
                                event_nouns=lexicon.event_nouns, role_nouns=role_nouns())
        attach_mentions(parsed, actors.get(index, []), parsed.actors)
        attach_mentions(parsed, state.places.get(index, []), parsed.places)
        parsed.country = _setting(state.places.get(index, []), actors.get(index, []))
        events.extend(_code_sentence(parsed, sentence, lexicon, dates.get(index, []),
                                     quantities.get(index, []), published, article.url, state))
    location.fill_unstated(events, analysis.dateline_place)
    link_quotes(events, analysis.quotes)
    return events


def _setting(places: list[PlaceMention], actors: list[ActorMention]) -> str | None:
    """The country a sentence is set in: its first named place, else its first country-coded actor."""
    for place in places:
        if place.place.country:
            return place.place.country
    return next((country_of(m.code) for m in actors if len(country_of(m.code) or "") == 3), None)


def _group(items: list) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(item.sentence, []).append(item)
    return grouped


def _code_sentence(sentence: ParsedSentence, whole: Sentence, lexicon: Lexicon, dates: list[DateMention],
                   quantities: list[Quantity], published: dt.date, url: str | None,
                   state: ArticleState) -> list[Event]:
    triggers = find_triggers(sentence, lexicon)
    triggers += conditional_threats(sentence, triggers)
    if not triggers:
        return []
    cues = lexicon.cues
    trigger_ids = frozenset(t.token.i for t in triggers)
    saying = {t.i for t in reporting_verbs(sentence, cues)}
    events: list[Event] = []
    for trigger in triggers:
        if in_condition(trigger.token):
            continue  # "… if Ethiopia attempts to seize the port": the condition of another act, not an event
        people = find_participants(sentence, trigger, cues, state.discourse, trigger_ids)
        if people is None:
            continue
        verb = carrier(trigger.token) if trigger.is_noun else trigger.token
        date, precision, stated = event_date(sentence, trigger.token, verb, dates, trigger_ids - {trigger.token.i},
                                             saying, published)
        if not stated and _perfect_state(trigger.token):
            continue
        events.extend(_emit(sentence, whole, trigger, verb, people, (date, precision, stated), quantities,
                            url, lexicon, state))
    return _without_vaguer(events)


def _perfect_state(word: Token) -> bool:
    """'has been stalled since 2019', 'talks … have been stalled since 2019': a lasting state, not an event —
    only when a 'since' phrase says so."""
    verb = word.head if word.dep_ in ("nsubj", "nsubjpass") else word
    has_perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    if any(c.dep_ == "neg" for c in verb.children):
        return False  # "has not conducted a nuclear test since 2017" reports an act that did not happen
    return has_perfect and any(t.lower_ == "since" for t in verb.subtree)


def _type_of(trigger: Trigger, people: Participants, mood: str, ordered: bool, cues) -> tuple[str, str | None]:
    entry = trigger.entry
    plover, mode = entry.type, entry.mode
    spoken_force = (entry.type in SPOKEN_FORCE and not trigger.is_noun and mood in ("planned", "hypothetical")
                    and _said(trigger.token, cues))
    if entry.type in THREAT_MODES and mood in ("planned", "hypothetical") and (
            spoken_force or is_conditional(trigger.token, cues)):
        # "will strike … if", "would expel … unless": force announced on a condition is a threat (PLOVER).
        return "THREATEN", mode if mode in ("nuclear-threat",) else THREAT_MODES[entry.type]
    countries = {country_of(m.code) for m in people.sources}
    joint_word = any(c.lower_ in cues.joint_words for c in trigger.token.children)
    if entry.joint and (len(countries) > 1 or joint_word or people.between):
        plover = entry.joint
    if entry.civilian_type and all(role_of(m.code) in CIVILIAN_ROLES for m in people.sources):
        plover, mode = entry.civilian_type, "strike" if entry.head == "strike" else None
    if mood == "planned" and entry.future and not ordered:
        plover = entry.future
    if mood == "negated" and plover in REFUSABLE:
        plover, mode = "REJECT", None  # "will not accept", "did not agree": a refusal (PLOVER REJECT)
    return plover, mode


def _said(token: Token, cues) -> bool:
    """Whether the act is what someone said they would do ("…would be arrested, the prosecutor said")."""
    return any(t.lemma_.lower() in cues.reporting for t in token.ancestors)


def _emit(sentence: ParsedSentence, whole: Sentence, trigger: Trigger, verb: Token, people: Participants,
          when: tuple[dt.date, str, bool], quantities: list[Quantity], url: str | None, lexicon: Lexicon,
          state: ArticleState) -> list[Event]:
    cues, entry = lexicon.cues, trigger.entry
    mood, ordered = modality(trigger.token, verb, entry.modality, cues)
    plover, mode = _type_of(trigger, people, mood, ordered, cues)
    if plover == "REJECT" and entry.type in REFUSABLE:
        mood = "asserted"
    if plover == "THREATEN" and entry.type != "THREATEN":
        mood = "threatened"
        people.targets = people.targets or condition_actors(sentence, verb, people.sources)
    sources, targets = _sides(entry, plover, people, ordered, state)
    if (entry.needs_target and not targets) or (entry.counterpart and not targets and len(set(sources)) < 2):
        return []
    kind = get_ontology()[plover]
    date, precision, stated = when
    first = sentence.doc[trigger.start]
    trigger_chars = (sentence.char(first), sentence.char(trigger.token) + len(trigger.token.text))
    evidence = Evidence(whole.text, whole.index, whole.start, whole.end, *trigger_chars, url)
    quantity = _pick_quantity(*trigger_chars, quantities)
    aggregate = bool(quantity and plover in PHYSICAL_TYPES and precision in ("month", "year") and quantity.value > 1)
    place = location.place_in_clause(state.text, state.places.get(sentence.index, []),
                                     trigger_chars, (whole.start, whole.end), _hidden(sentence, verb, cues),
                                     plover in SPEECH_ACTS)
    outer, cited = reporters(sentence, trigger.token, cues)
    names = {m.code: m.text for m in people.sources + people.targets}
    events = []
    mutual = entry.symmetric or (plover != entry.type and bool(entry.joint)) or (
        plover in MUTUAL_TYPES and not set(targets) - set(sources))  # a target that is a source is no other side
    for source, target in _pairs(sources, targets, mutual):
        claimant, via = _chain(outer, cited, source, plover)
        restated = (source, target, plover, mode)
        if _told_before(state, (*restated, date, precision, mood), stated, place):
            continue
        event = Event(
            source_actor=source, target_actor=target, plover_type=plover, mode=mode,
            cameo_root=kind.cameo_root if plover != entry.type or not entry.cameo else entry.cameo[:2],
            intensity=kind.intensity(mode), modality=mood, date=date, date_precision=precision,
            evidence=evidence, aggregate=aggregate,
            quantity=quantity if plover in PHYSICAL_TYPES or aggregate else None,
            source_text=names.get(source) or names.get(source[:3]), target_text=names.get(target) if target else None,
            reported_by=claimant.code if claimant else None, reported_by_text=claimant.text if claimant else None,
            reported_via=via.code if via and claimant else None,
            claim=claim_kind(claimant.code if claimant else None, source, target), confidence=people.confidence,
        )
        if place is not None:
            location.set_stated(event, place, "sentence")
        state.acts.setdefault(restated, []).append(event)
        events.append(event)
    if events:
        _remember(state, entry.type, plover, mood, people.sources, sources)
    return events


def _sides(entry: Entry, plover: str, people: Participants, ordered: bool,
           state: ArticleState) -> tuple[list[str], list[str]]:
    """(source codes, target codes): the sources in their role (the government, when they order the act); the
    targets named, else the sources' own government (a protest) or the authors of the last act of force."""
    ontology = get_ontology()
    role = "GOV" if ordered else ontology[entry.type].default_role
    sources = [_with_role(m.code, role) for m in people.sources]
    targets = [] if plover in UNTARGETED_TYPES else [m.code for m in people.targets]
    source_countries = {country_of(c) for c in sources}
    if not targets and ontology[plover].own_government_target:
        targets = list(dict.fromkeys(c[:3] + "GOV" for c in sources if len(country_of(c) or "") == 3))
    antecedents = [c for c in state.last_physical_sources if country_of(c) not in source_countries]
    if not targets and plover in ANTECEDENT_TYPES and antecedents:
        targets = antecedents  # "Seoul condemned the launch": the launch last reported, so its authors
    return sources, targets


def _told_before(state: ArticleState, key: tuple, stated: bool, place: PlaceMention | None) -> bool:
    """Whether this act was coded already in the article (``key``: source, target, type, mode, date, precision,
    mood); an undated restatement lends its place to the earlier report ("launched from the Sunan area")."""
    restated = key[:4]
    if key in state.seen or (not stated and restated in state.acts):
        if place is not None and not stated:
            for earlier in state.acts.get(restated, []):
                if earlier.place is None:
                    location.set_stated(earlier, place, "restatement")
        return True
    state.seen.add(key)
    return False


def _remember(state: ArticleState, entry_type: str, plover: str, mood: str, mentions: list[ActorMention],
              sources: list[str]) -> None:
    """Who acted last, for the pronouns and antecedents of later sentences."""
    state.discourse.last_agent = mentions[0]
    state.discourse.last_by_type[entry_type] = [replace(m, code=c) for m, c in zip(mentions, sources, strict=True)]
    if plover in PHYSICAL_TYPES and mood == "asserted":
        state.last_physical_sources = list(dict.fromkeys(sources))


def _hidden(sentence: ParsedSentence, verb: Token, cues) -> list[tuple[int, int]]:
    """Character ranges of the reporting clauses (", the ministry said"): their places are not the act's."""
    inside = {t.i for t in verb.subtree}
    ranges = []
    for token in reporting_verbs(sentence, cues):
        if token.i in inside and token.i != verb.i:
            continue
        for word in token.subtree:
            if word.i in inside:
                continue
            start = sentence.char(word)
            ranges.append((start, start + len(word.text)))
    return ranges


def _without_vaguer(events: list[Event]) -> list[Event]:
    """'fired across the border, killing two soldiers': the act with a target makes the same act without one
    redundant."""
    targeted = {(e.source_actor, e.plover_type) for e in events if e.target_actor}
    kept, seen = [], set()
    for event in events:
        # "staged a live-fire exercise, firing 400 rounds": two words of one sentence for the same act.
        key = (event.source_actor, event.plover_type, event.target_actor, event.date, event.modality)
        if key in seen or (not event.target_actor and (event.source_actor, event.plover_type) in targeted):
            continue
        seen.add(key)
        kept.append(event)
    return kept


def _chain(outer: list[ActorMention], cited: list[ActorMention], source: str,
           plover: str) -> tuple[ActorMention | None, ActorMention | None]:
    """(outermost reporter, the source it cites). Whoever condemns, demands or threatens is the speaker, not a
    reporter of it."""
    outer = [_as_speaker(m) for m in outer]
    cited = [_as_speaker(m) for m in cited]
    if plover in SPEECH_ACTS:
        outer = [m for m in outer if m.code != source]
    if not outer:
        return (cited[0], None) if cited else (None, None)
    via = next((m for m in cited if m.code != outer[0].code), None)
    return outer[0], via


def _as_speaker(mention: ActorMention) -> ActorMention:
    # A country that says something speaks through its government ("North Korea said …").
    if len(mention.code) == 3 and country_of(mention.code) == mention.code:
        return replace(mention, code=mention.code + "GOV")
    return mention


def claim_kind(reporter: str | None, source: str | None, target: str | None) -> str | None:
    """Whose claim an event is: the acting side's own media or officials, the target's side, a third
    country, or an international body. State media (KCNA on a North Korean launch) is 'own-media'."""
    if reporter is None:
        return None
    country = country_of(reporter)
    if country is None or len(country) != 3:
        return "international"
    if country == country_of(source):
        return "own-media" if role_of(reporter) == "MED" else "own-side"
    if target is not None and country == country_of(target):
        return "target-side"
    return "third-party"


def _pick_quantity(start: int, end: int, quantities: list[Quantity]) -> Quantity | None:
    near = [q for q in quantities if -40 <= q.start - end <= 80 or 0 <= start - q.end <= 40]
    return min(near, key=lambda q: abs(q.start - end)) if near else None


def _with_role(code: str, role: str) -> str:
    if len(code) == 3 and country_of(code) == code:
        return code + role
    return code


def _pairs(sources: list[str], targets: list[str], symmetric: bool) -> list[tuple[str, str | None]]:
    unique_sources = list(dict.fromkeys(sources))
    unique_targets = [t for t in dict.fromkeys(targets) if t not in unique_sources]
    if symmetric and len({country_of(c) for c in unique_sources}) > 1:
        # "Egypt and Jordan pledged to coordinate on Gaza": two countries acting together are each other's
        # counterpart; a third one named in the phrase is the topic or the venue, not a party.
        unique_targets = []
    if symmetric and not unique_targets and len(unique_sources) > 1:
        return [(a, b) for a in unique_sources for b in unique_sources if a != b]
    if symmetric and unique_targets:
        pairs = [(a, b) for a in unique_sources for b in unique_targets]
        return pairs + [(b, a) for a, b in pairs]
    return [(a, b) for a in unique_sources for b in (unique_targets or [None])]
