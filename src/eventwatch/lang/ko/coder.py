"""Korean articles into events: Kiwi morphemes, case particles for who acts on whom, a trigger lexicon on lemmas
(data/lang/ko/) onto the PLOVER types and modes of the English coder, and its ontology for CAMEO root and
intensity."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from eventwatch.actor_codes import country_of
from eventwatch.coding.coder import (
    ANTECEDENT_TYPES,
    MUTUAL_TYPES,
    PHYSICAL_TYPES,
    UNTARGETED_TYPES,
    claim_kind,
)
from eventwatch.coding.ontology import get_ontology
from eventwatch.lang import Coded
from eventwatch.lang.ko.clauses import Clause, Hit, Reading, read_sentence
from eventwatch.lang.ko.context import follow_on, introduce_speakers, remember_sides
from eventwatch.lang.ko.dates import KoDate, find_dates
from eventwatch.lang.ko.demands import mark_demands
from eventwatch.lang.ko.frames import about, complement, conjoined, promised
from eventwatch.lang.ko.mentions import Mention, find_actors, find_places, resolve_conjuncts
from eventwatch.lang.ko.modality import modality
from eventwatch.lang.ko.morph import analyse
from eventwatch.lang.ko.quantities import quantities
from eventwatch.lang.ko.resources import ActorName, Lexicon, Trigger, get_lexicon
from eventwatch.lang.ko.sentences import sentences_of
from eventwatch.model import ActorMention, Article, Event, Evidence, Place, PlaceMention, Quantity, Sentence

# 북한을 비난했다, 북한에 경고했다, 미국과 회담했다, 북한의 도발을 규탄했다, 북한의 도발에 대응하겠다
TARGET_CASES = frozenset({"object", "target", "with", "genitive-object", "genitive-target"})


@dataclass
class State:
    article: Article
    lexicon: Lexicon
    last_sources: list[Mention] = field(default_factory=list)  # Korean drops subjects the context gives
    last_date: tuple[dt.date, str] | None = None
    last_day: tuple[dt.date, str] | None = None  # the last act dated to a day: what 이 자리에서 refers to
    lead_day: tuple[dt.date, str] | None = None  # the first act dated to a day: what 이날 refers to
    last_physical: list[str] = field(default_factory=list)  # who did the last act of force, for 이를 규탄했다
    seen: set[tuple] = field(default_factory=set)
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    short_names: dict[str, ActorName] = field(default_factory=dict)  # 통신, once 조선중앙통신 has been named


@dataclass
class Setting:
    """What a sentence gives every event in it."""

    sentence: Sentence
    reading: Reading
    date: tuple[dt.date, str]
    place: tuple[int, int, Place] | None
    quantities: list[Quantity]


def code_article(article: Article) -> Coded:
    state = State(article, get_lexicon())
    events: list[Event] = []
    for sentence in sentences_of(article):
        events.extend(_code_sentence(sentence, state))
    return Coded(events, state.actors, state.places, [])


def _code_sentence(sentence: Sentence, state: State) -> list[Event]:
    text, lexicon = state.article.text, state.lexicon
    morphs = analyse(sentence.text, sentence.start)
    mentions = find_actors(text, morphs, lexicon, state.short_names)
    _introduce(mentions, state)
    resolve_conjuncts(mentions)
    introduce_speakers(mentions, text, state.short_names, lexicon)
    state.actors.extend(ActorMention(m.start, m.end, m.text, code, sentence.index) for m in mentions
                        for code in m.codes)
    reading = read_sentence(morphs, mentions, lexicon)
    places = find_places(text, sentence.start, sentence.end, lexicon)
    state.places.extend(PlaceMention(s, e, text[s:e], p, sentence.index) for s, e, p in places)
    stated = [p for p in places if reading.said is None or not reading.said[0] <= p[0] < reading.said[1]]
    counted = quantities(morphs, text, sentence.index, lexicon)
    setting = Setting(sentence, reading, _date(sentence, state), stated[0] if stated else None, counted)
    events, previous = [], []
    content = mark_demands(reading.clauses, lexicon)
    for i, clause in enumerate(reading.clauses):
        protasis = i + 1 < len(reading.clauses) and reading.clauses[i + 1].conditional
        if i in content or protasis:
            # 북한은 도발을 중단하고 …하라고 촉구했다: what is asked is not done; 미국이 훈련을 강행한다면
            # …하겠다: nor is what a condition supposes
            # …but its first topic may be who speaks (장관은 “북한은 …하라”고): whom it addresses never is
            addressed = {id(m) for c in reading.clauses for m in c.addressees}
            previous = [m for m in clause.mentions
                        if m.case == "subject" and m.topic and id(m) not in addressed] or previous
            continue
        found, previous = _code_clause(clause, setting, state, previous)
        events.extend(found)
    return _without_vaguer(events)


def _without_vaguer(events: list[Event]) -> list[Event]:
    """초치해 항의했다: the act with a target makes the same act without one redundant (as in English)."""
    targeted = {(e.source_actor, e.plover_type) for e in events if e.target_actor}
    return [e for e in events if e.target_actor or (e.source_actor, e.plover_type) not in targeted]


def _introduce(mentions: list[Mention], state: State) -> None:
    full = {m.text: m for m in mentions}
    for short, name in state.lexicon.short_references.items():
        if name in full and short not in state.short_names:
            state.short_names[short] = ActorName(short, full[name].codes, full[name].kind)
    for mention in mentions:
        for short in _surname_titles(mention, state.article.text):
            state.short_names.setdefault(short, ActorName(short, mention.codes, mention.kind))


def _surname_titles(mention: Mention, text: str) -> list[str]:
    """김정은 국무위원장은 … 김 위원장은: after a Korean person's full name and title, wire copy gives the surname
    and the title (or its head, 위원장 of 국무위원장)."""
    name = mention.text
    if mention.kind != "person" or mention.particle is None or len(name) != 3 or not _hangul(name):
        return []
    words = text[mention.end:mention.particle].split()
    if not words or len(words) > 4 or not _hangul(words[-1]):
        return []
    title = words[-1]
    return [f"{name[0]} {title[i:]}" for i in range(len(title) - 1)]


def _hangul(word: str) -> bool:
    return all("\uac00" <= c <= "\ud7a3" for c in word)


def _date(sentence: Sentence, state: State) -> tuple[dt.date, str]:
    published = state.article.published or dt.date.today()
    dates: list[KoDate] = find_dates(sentence.text, published, sentence.start)
    after = follow_on(sentence.text, state.last_date, state.lexicon)
    if after is not None:
        state.last_date = state.last_day = after
        return after
    if dates and dates[0].text in state.lexicon.cues["that_day"] and state.lead_day:
        return state.lead_day  # 이날: the day the lead dates its act, not always the day of publication
    if dates:
        state.last_date = (dates[0].value, dates[0].precision)
        if dates[0].precision == "day":
            state.last_day = state.last_date
            state.lead_day = state.lead_day or state.last_date
        return state.last_date
    if state.last_day and any(a in sentence.text for a in state.lexicon.cues["date_anchors"]):
        return state.last_day  # 김 위원장은 이 자리에서 …: the act told before, on its day
    return published, "day"  # a sentence with no date word is dated to publication (gold conventions)


def _code_clause(clause: Clause, setting: Setting, state: State,
                 previous: list[Mention]) -> tuple[list[Event], list[Mention]]:
    hit = _chosen(clause, state.lexicon)
    quoted = complement(clause, hit, state.lexicon, bool(previous))
    quoted += [m for m in about(clause, hit, state.lexicon) if m not in quoted]
    own = [m for m in clause.mentions if m.case == "subject" and not _relative(m, clause, state.lexicon)
           and m not in quoted]
    if clause.addressees:
        previous = [m for m in previous if m not in clause.addressees]
    # 국방부는 북한이 포격할 경우: the 이/가 subject is the verb's own, the topic scopes over what follows
    subjects = _nearest([m for m in own if not m.topic]) or own or previous
    # 쇼이구 서기가 평양을 방문해 …회담했다: a 이/가 subject also leads the clauses chained to its own
    carried = [m for m in own if m.topic] or previous or _nearest([m for m in own if not m.topic])
    if not own and _unnamed_subject(clause):
        subjects = []  # 선교사들이 귀환했다: someone the dictionary does not know did it
    if hit is None:
        return [], carried
    reading = setting.reading
    if not subjects and _unnamed_subject(clause):
        return [], carried
    sources, inherited = _sources(subjects, reading.reporter, reading.speaker_inside, hit, state)
    targets = [m for m in clause.mentions if m.case in TARGET_CASES and m not in sources]
    targets += [m for m in clause.addressees + quoted if m not in sources and m not in targets]
    if not targets and hit.entries[0].type in state.lexicon.cues["genitive_target_types"]:
        # 북한의 불법 활동에 관여한 개인을 제재했다: a genitive actor is whom a sanction is aimed at (not for
        # ACCUSE: 안보리 결의의 위반이라고 규탄했다)
        targets = [m for m in clause.mentions if (m.case or "").startswith("genitive") and m not in sources]
    partners = [m for m in targets if m.case == "with"]
    if partners and hit.entries[0].type in MUTUAL_TYPES:
        targets = partners  # 미국과 북한 미사일 정보를 공유했다: one shares with the partner, not with the topic
    events = [e for h in [*conjoined(clause, hit), hit] for e in _events(clause, h, sources, targets, setting, state)]
    if events:
        state.last_sources = sources
        for event in events:
            event.confidence = 0.4 if inherited else 0.5
    return events, carried




def _relative(mention: Mention, clause: Clause, lexicon: Lexicon) -> bool:
    """미국 항공모함이 참가하는 훈련을: a 이/가 subject of a verb that modifies a noun acts in that relative clause,
    not in the clause's own (but …할 예정이다, …한 것으로 알려졌다 are the clause's own verb)."""
    if mention.topic or mention.particle is None:
        return False
    after = [m for m in clause.morphs if m.start > mention.particle]
    for i, morph in enumerate(after):
        if morph.tag in ("EC", "EF", "JKS"):
            return False  # (a later 이/가 subject is the relative clause's own: 김정은께서 부대들이 …같은 훈련을)
        if morph.tag == "ETM":
            head = after[i + 1] if i + 1 < len(after) else None
            own_verb = lexicon.cues["plan_nouns"] + lexicon.cues["hypothetical_nouns"]
            return head is not None and head.tag == "NNG" and head.form not in own_verb
    return False


def _nearest(subjects: list[Mention]) -> list[Mention]:
    """병사 2명이 넘어와 우리 군이 사격했다: of several 이/가 subjects the verb's is the last (with the names
    joined to it by 과/와)."""
    if not subjects:
        return []
    chosen = [subjects[-1]]
    for mention in reversed(subjects[:-1]):
        if not mention.joined:
            break
        chosen.insert(0, mention)
    return chosen


def _unnamed_subject(clause: Clause) -> bool:
    named = {m.particle for m in clause.mentions}
    return any(m.tag == "JKS" and m.start not in named for m in clause.morphs)


def _chosen(clause: Clause, lexicon: Lexicon) -> Hit | None:
    """The clause's act: its predicate when that is a trigger (도발을 규탄했다 → 규탄); else a named act that
    a light verb carries (훈련을 실시했다 → 훈련) or that ends the clause (…미사일 발사)."""
    verb = (clause.predicate or "").removesuffix("다")
    said = [h for h in clause.hits if h.predicate and verb and h.lemma.removesuffix("다").endswith(verb)]
    if said:
        return said[-1]
    if clause.predicate in lexicon.cues["light"] or clause.predicate in lexicon.cues["order_verbs"]:
        # 훈련을 실시했다, 비난하는 담화를 냈다: the last act named before the light verb
        carried = [h for h in clause.hits if _carried_by_light_verb(clause, h)]
        return carried[-1] if carried else None
    return None




def _carried_by_light_verb(clause: Clause, hit: Hit) -> bool:
    """시험사격 현장에서 도발을 계속한다면: an object after the act that is not the act's own is what the
    light verb carries."""
    later = clause.morphs[hit.last:]
    # 비난하는 담화를 냈다: an object the act itself modifies (…하는 담화) is still the act's
    return not any(b.tag == "JKO" and a.tag != "ETM" for a, b in zip(later, later[2:], strict=False))


def _sources(subjects: list[Mention], reporter: Mention | None, speaker_inside: bool, hit: Hit,
             state: State) -> tuple[list[Mention], bool]:
    if subjects:
        return subjects, False
    physical = hit.entries[0].type in PHYSICAL_TYPES
    if reporter is not None and (not physical or speaker_inside):
        # 김여정은 "…규탄한다"고 말했다, 북한은 …발사했다고 밝혔다: who says it, with no other subject, did it
        return [reporter], False
    return state.last_sources, True


def _events(clause: Clause, hit: Hit, sources: list[Mention], targets: list[Mention], setting: Setting,
            state: State) -> list[Event]:
    if not sources:
        return []
    target_codes = [c for m in targets for c in m.codes]
    entry = _entry(hit.entries, bool(target_codes))
    if entry is None:
        return []
    plover, mode, mood = _kind(clause, hit, entry, sources, state.lexicon)
    if entry.promised_only and not (promised(clause, hit) and (clause.conditional or target_codes)):
        return []
    role = state.lexicon.cues["mode_roles"].get(entry.mode) or get_ontology()[plover].default_role
    source_codes = [_with_role(c, role) for m in sources for c in m.codes]
    if plover in UNTARGETED_TYPES:
        target_codes = []
    elif not target_codes and plover in ANTECEDENT_TYPES:
        # 외교부는 이를 규탄했다: what is condemned is the last act of force, so its authors are the target
        own = {country_of(c) for c in source_codes}
        target_codes = [c for c in state.last_physical if country_of(c) not in own]
    if mood == "asserted" and (plover in PHYSICAL_TYPES or mode == "military-exercise"):
        # 김여정은 이번 연습을 비난했다: a joint drill is as much what a condemnation answers as a launch
        state.last_physical = list(dict.fromkeys(source_codes))
    events = []
    mutual = plover != "REJECT" and (
        entry.symmetric or plover != entry.type or (plover in MUTUAL_TYPES and (
            not target_codes or len({country_of(c) for c in source_codes}) > 1)))  # 한미일은 …공유했다
    if mutual and plover in MUTUAL_TYPES and mood == "asserted":
        remember_sides([c for pair in _pairs(source_codes, target_codes, mutual) for c in pair if c],
                       state.short_names, state.lexicon)
    for source, target in _pairs(source_codes, target_codes, mutual):
        key = (source, target, plover, mode, setting.date, mood)
        if key in state.seen:
            continue
        state.seen.add(key)
        events.append(_event(source, target, plover, mode, mood, hit, setting, sources + targets, state))
    return events


def _entry(entries: list[Trigger], has_target: bool) -> Trigger | None:
    return next((e for e in entries if has_target or not e.needs_target), None)


def _kind(clause: Clause, hit: Hit, entry: Trigger, sources: list[Mention],
          lexicon: Lexicon) -> tuple[str, str | None, str]:
    plover, mode = entry.type, entry.mode
    countries = {country_of(c) for m in sources for c in m.codes}
    joint = any(m.form in lexicon.cues["joint_words"] for m in clause.morphs)
    if entry.joint and (len(countries) > 1 or joint):
        plover = entry.joint
    mood = entry.modality or modality(clause, hit, plover, lexicon)
    ordered = mood == "asserted" and not hit.predicate and clause.predicate in lexicon.cues["order_verbs"]
    if ordered:
        # 훈련을 조직할 데 대한 과업을 제시했다: a leader orders his forces to do X → X, planned (not AGREE)
        return plover, mode, "planned"
    if mood == "planned" and entry.future:
        plover = entry.future
    if mood == "threatened" and plover != "THREATEN":
        plover, mode = "THREATEN", "military-threat"
    if mood == "negated" and plover in lexicon.cues["refusable_types"] and promised(clause, hit):
        plover, mode, mood = "REJECT", None, "asserted"  # 어떤 대화도 하지 않을 것: a refusal, said now
    return plover, mode, mood




def _with_role(code: str, role: str) -> str:
    # 북한이 발사했다 → PRKMIL, 북한이 규탄했다 → PRKGOV: the ontology's default role of a bare country.
    if len(code) == 3 and country_of(code) == code:
        return code + role
    return code


def _pairs(sources: list[str], targets: list[str], mutual: bool) -> list[tuple[str, str | None]]:
    sources = list(dict.fromkeys(sources))
    own = {country_of(s) for s in sources}
    targets = [t for t in dict.fromkeys(targets) if t not in sources and country_of(t) not in own]
    if mutual and len(sources) > 1:  # 미국과 일본은 …협력하기로 했다: the act is between the sources
        return [(a, b) for a in sources for b in sources if a != b]
    if mutual and targets:
        pairs = [(a, b) for a in sources for b in targets]
        return pairs + [(b, a) for a, b in pairs]
    return [(a, b) for a in sources for b in (targets or [None])]


def _event(source: str, target: str | None, plover: str, mode: str | None, mood: str, hit: Hit,
           setting: Setting, named: list[Mention], state: State) -> Event:
    kind, sentence = get_ontology()[plover], setting.sentence
    reporter = _reported_by(setting.reading.reporter, source, plover)
    texts = {c: m.text for m in named for c in m.codes}
    event = Event(
        source_actor=source, target_actor=target, plover_type=plover, mode=mode, cameo_root=kind.cameo_root,
        intensity=kind.intensity(mode), modality=mood, date=setting.date[0], date_precision=setting.date[1],
        evidence=Evidence(sentence.text, sentence.index, sentence.start, sentence.end, hit.start, hit.end,
                          state.article.url),
        source_text=texts.get(source) or texts.get(source[:3]), target_text=texts.get(target) if target else None,
        reported_by=reporter[0] if reporter else None, reported_by_text=reporter[1] if reporter else None,
        claim=claim_kind(reporter[0] if reporter else None, source, target),
    )
    quantity = _quantity(hit, setting.quantities) if plover in PHYSICAL_TYPES else None
    if quantity is not None:
        # 올해 들어 10여 차례 발사했다: many acts over a month or a year are one aggregate event (as in English)
        event.quantity = quantity
        event.aggregate = setting.date[1] in ("month", "year") and quantity.value > 1
    if setting.place is not None:
        start, end, place = setting.place
        event.place, event.place_basis, event.place_text = place, "sentence", state.article.text[start:end]
    return event


def _quantity(hit: Hit, counted: list[Quantity]) -> Quantity | None:
    # Korean puts the count before the verb: the nearest one before the trigger, within a short reach.
    before = [q for q in counted if 0 <= hit.start - q.end <= 30]
    return before[-1] if before else None


def _reported_by(reporter: Mention | None, source: str, plover: str) -> tuple[str, str] | None:
    if reporter is None:
        return None
    code = reporter.codes[0]
    if len(code) == 3 and country_of(code) == code:
        code += "GOV"  # a country that says something speaks through its government
    if code == source:
        return None  # whoever condemns, threatens or says it supports is the speaker, not a reporter of it
    return code, reporter.text
