"""Who did what to whom, when: turns an Analysis into coded, dated, source-linked events.

Per sentence: find trigger phrases (data/coding/patterns.yaml), drop those inside attribution clauses or
absorbed by an earlier speech act ("urged X to stop launches" is one REQUEST), then find the source before
the trigger and targets after it within the clause, read the modality from the words before the trigger,
and take the nearest time expression of the sentence (else the publication date).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Doc
from spacy.util import filter_spans

from eventwatch.coding import clauses, location
from eventwatch.coding.clauses import SentenceTokens
from eventwatch.coding.evidence_quotes import link_quotes
from eventwatch.coding.ontology import get_ontology
from eventwatch.coding.patterns import PatternBook, Trigger, get_pattern_book
from eventwatch.model import ActorMention, Analysis, DateMention, Event, Evidence, PlaceMention, Quantity, Sentence
from eventwatch.nlp.dates import is_background
from eventwatch.nlp.dictionary import country_of, role_of
from eventwatch.nlp.language import doc_text

JOINT_WORDS = frozenset({"joint", "combined", "trilateral", "bilateral", "multinational", "allied"})
PHYSICAL_TYPES = frozenset({"MOBILIZE", "ASSAULT"})
CIVILIAN_ROLES = frozenset({"CVL", "LAB"})
ANTECEDENT_TYPES = frozenset({"ACCUSE", "SANCTION"})
SPEECH_ACTS = frozenset({"ACCUSE", "REQUEST", "THREATEN", "REJECT"})


@dataclass
class _Found:
    trigger: Trigger
    start: int  # token indices
    end: int


class _ArticleState:
    def __init__(self, places: dict[int, list[PlaceMention]]) -> None:
        self.last_source: dict[str, str] = {}  # PLOVER type -> last source code
        self.last_physical_source: str | None = None
        self.seen: set[tuple] = set()
        self.acts: dict[tuple, list[Event]] = {}  # (source, target, type, mode) -> events coded in this article
        self.sentence_sources: list[str] = []  # sources of the last act coded in the current sentence
        self.places = places  # sentence index -> place mentions
        self.clause_end = 0  # token end of the current trigger's whole clause (targets stop at the next act)


def code_events(analysis: Analysis, book: PatternBook | None = None) -> list[Event]:
    book = book or get_pattern_book()
    doc: Doc = analysis.doc
    article = analysis.article
    published = article.published or dt.date.today()
    found = _find_triggers(doc, book)
    found_starts = [f.start for f in found]  # sorted: each sentence's triggers are a slice, found by bisection
    state = _ArticleState(_group(analysis.places))
    events: list[Event] = []
    actors_by_sentence = _group(analysis.actors)
    dates_by_sentence = _group(analysis.dates)
    quantities_by_sentence = _group(analysis.quantities)
    for sentence in article.sentences:
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        if span is None:
            continue
        sent = SentenceTokens(span.start, span.end)
        in_sentence = found[bisect_left(found_starts, sent.start):bisect_left(found_starts, sent.end)]
        if not in_sentence:
            continue
        actors = [(_token_range(doc, m), m) for m in actors_by_sentence.get(sentence.index, [])]
        events.extend(
            _code_sentence(doc, sentence, sent, in_sentence, actors, dates_by_sentence.get(sentence.index, []),
                           quantities_by_sentence.get(sentence.index, []), published, article.url, book, state)
        )
    location.fill_unstated(events, analysis.dateline_place)
    link_quotes(events, analysis.quotes)
    return events


def _group(items: list) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(item.sentence, []).append(item)
    return grouped


def _token_range(doc: Doc, mention: ActorMention) -> tuple[int, int]:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def _find_triggers(doc: Doc, book: PatternBook) -> list[_Found]:
    labels: dict[tuple[int, int], list[int]] = {}
    for match_id, s, e in book.matcher(doc):
        labels.setdefault((s, e), []).append(int(doc.vocab.strings[match_id]))
    chosen = filter_spans([doc[s:e] for s, e in labels])
    found = []
    for span in chosen:
        for index in labels[(span.start, span.end)]:
            found.append(_Found(book.triggers[index], span.start, span.end))
    found.sort(key=lambda f: f.start)
    return found


def _window_words(doc: Doc, start: int, end: int, left: int, right: int, window: int) -> set[str]:
    return {t.lower_ for t in doc[max(left, start - window):min(right, end + window)]}


def _applies(doc: Doc, found: _Found, left: int, right: int) -> bool:
    pattern, trigger = found.trigger.pattern, found.trigger
    following = [t.lower_ for t in doc[found.end:found.end + 3]]
    if pattern.excludes and following and following[0] in pattern.excludes:
        return False
    if pattern.excludes_before and found.start > 0 and doc[found.start - 1].lower_ in pattern.excludes_before:
        return False
    required = pattern.requires_for.get(trigger.head, pattern.requires)
    if required:
        words = _window_words(doc, found.start, found.end, left, right, pattern.window)
        words |= {w.split("-")[0] for w in words}
        if not words & required:
            return False
    return True


def _code_sentence(doc, sentence: Sentence, sent: SentenceTokens, found: list[_Found],
                   actors: list[tuple[tuple[int, int], ActorMention]], dates: list[DateMention],
                   quantities: list[Quantity], published: dt.date, url: str | None, book: PatternBook,
                   state: _ArticleState) -> list[Event]:
    cues = book.cues
    trigger_tokens = {i for f in found for i in range(f.start, f.end)}
    actor_tokens = {i for (s, e), _ in actors for i in range(s, e)}
    attribution = clauses.attribution_spans(doc, sent, cues, trigger_tokens, actor_tokens)
    hidden = {i for r in attribution for i in r}
    # "North Korea said on Friday it had test-fired …": the saying's date is not the act's.
    own_dates = [d for d in dates if _token_at(doc, d.start) not in hidden]
    events: list[Event] = []
    absorbed_until = -1
    state.sentence_sources = []
    if _is_background_sentence(doc, sent, dates, cues):
        return events
    for position, item in enumerate(found):
        coordinated = bool(state.sentence_sources) and _follows_and(doc, item.start)
        if item.start in hidden or (item.start < absorbed_until and not coordinated):
            continue
        left, right = clauses.clause_bounds(doc, sent, item.start, cues)
        if not _applies(doc, item, left, right):
            continue
        pattern = item.trigger.pattern
        if pattern.absorbs:
            absorbed_until = _absorb_end(doc, item.end, sent.end)
        reporters = _reporters(attribution, actors, sent, left, right)
        next_start = next((f.start for f in found[position + 1:] if f.start >= item.end), right)
        state.clause_end = right
        events.extend(_build(doc, sentence, item, left, min(right, next_start), actors, hidden, own_dates or dates,
                             quantities, published, url, reporters, book, state, sent,
                             inherited=state.sentence_sources if coordinated else None))
    return events


def _reporters(attribution: list[range], actors, sent: SentenceTokens, left: int, right: int) -> list:
    """Who reports the act in clause [left, right): an attribution inside the clause, or one that frames the
    whole sentence ("According to X, …" at the start, "…, X said." at the end)."""
    framing = [r for r in attribution
               if (r.start < right and left < r.stop) or r.start == sent.start or r.stop >= sent.end - 1]
    return [m for (s, _), m in actors if any(s in r for r in framing)]


def _chain(doc: Doc, reporters: list[ActorMention], cues, source: str,
           plover: str) -> tuple[ActorMention | None, ActorMention | None]:
    """(outermost reporter, the source it cites): 'Yonhap, citing the Joint Chiefs of Staff, said' →
    (Yonhap, JCS). A reporter right after 'citing'/'quoting' is the cited one. Whoever condemns, demands or
    threatens in the sentence that reports it is the speaker, not a reporter ('Kim said … and warned …, KCNA
    reported' → KCNA)."""
    reporters = [_as_speaker(m) for m in reporters]
    if plover in SPEECH_ACTS:
        reporters = [m for m in reporters if m.code != source]
    if not reporters:
        return None, None
    text = doc_text(doc)
    cited = [m for m in reporters if _after_citing(text, m.start, cues)]
    outer = [m for m in reporters if m not in cited]
    if not outer:
        return cited[0], None
    via = next((m for m in cited if m.code != outer[0].code), None)
    return outer[0], via


def _as_speaker(mention: ActorMention) -> ActorMention:
    # A country that says something speaks through its government ("North Korea said …").
    if len(mention.code) == 3 and country_of(mention.code) == mention.code:
        return replace(mention, code=mention.code + "GOV")
    return mention


def _after_citing(text: str, start: int, cues) -> bool:
    before = text[max(0, start - 40):start].lower().split()
    return any(w in cues.citing_words for w in before[-4:])


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


def _absorb_end(doc: Doc, start: int, end: int) -> int:
    for i in range(start, end - 1):
        if doc[i].text == ";" or (doc[i].text == "," and doc[i + 1].lower_ in ("as", "while", "but", "amid")):
            return i
    return end


def _is_background_sentence(doc: Doc, sent: SentenceTokens, dates: list[DateMention], cues) -> bool:
    """'Diplomacy has been stalled since 2019' describes a lasting state: no event in that sentence."""
    if not any(d.text.lower().startswith("since") for d in dates):
        return False
    return any(doc[i].lower_ in cues.perfect_aux for i in range(sent.start, sent.end))


def _order_at(doc: Doc, left: int, trigger: int, cues) -> int | None:
    """Position of 'ordered/told … to' before the trigger: 'Kim ordered his military to prepare …'."""
    for i in range(left, trigger):
        if doc[i].lower_ in cues.order_verbs and any(t.lower_ == "to" for t in doc[i + 1:min(trigger, i + 6)]):
            return i
    return None


def _follows_and(doc: Doc, start: int) -> bool:
    """'condemned the launch … and urged Pyongyang': a second verb sharing the first one's subject."""
    return start > 0 and doc[start - 1].lower_ in ("and", "also") and (
        start < 2 or doc[start - 2].lower_ != "between")


def _sources(doc, item: _Found, left: int, right: int, actors, hidden: set[int], cues) -> tuple[list, bool]:
    """Actors doing the act, and whether they were found in the clause itself."""
    order = _order_at(doc, left, item.start, cues)
    limit = item.start if order is None else order
    if clauses.is_passive(doc, item.start, left):
        agent = clauses.by_agent_start(doc, item.end, right)
        if agent is not None:
            chosen = [m for (s, e), m in actors if s >= agent and s < right and s not in hidden]
            return _coordinated(doc, chosen, forward=True), True
    appositive = clauses.appositive_tokens(doc, left, limit)
    before = [m for (s, e), m in actors if left <= s and e <= limit and s not in hidden and s not in appositive]
    return _coordinated(doc, before, forward=False), bool(before)


def _coordinated(doc, mentions: list[ActorMention], forward: bool) -> list[ActorMention]:
    """The nearest actor plus any joined to it by 'and' or commas ('the United States and South Korea')."""
    if not mentions:
        return []
    ordered = mentions if forward else list(reversed(mentions))
    group = [ordered[0]]
    for mention in ordered[1:]:
        last = group[-1]
        if mention.start == last.start:
            group.append(mention)
            continue
        a, b = (last, mention) if forward else (mention, last)
        between = doc_text(doc)[a.end:b.start].strip().lower().removesuffix(" the").removesuffix("the").strip()
        if between in ("and", ",", ", and", "or", "&", "as well as") or between == "":
            group.append(mention)
        else:
            break
    return group if forward else list(reversed(group))


def _targets(doc, item: _Found, right: int, actors, hidden: set[int], source_countries: set) -> list:
    # "a violation of U.N. Security Council resolutions": an actor after "of" belongs to a noun, not the verb.
    after = [m for (s, e), m in actors if item.end <= s < right and s not in hidden
             and country_of(m.code) not in source_countries and doc[s - 1].lower_ not in ("of", "by")]
    # "condemned the launch, calling it a violation of U.N. resolutions": past a comma is another phrase.
    if after and "," in doc_text(doc)[doc[item.end - 1].idx:after[0].start]:
        return []
    return _coordinated(doc, after, forward=True)


def _modality(doc, item: _Found, left: int, cues, orders: bool) -> str:
    near = [t.lower_ for t in doc[max(left, item.start - 5):item.start]]
    clause = [t.lower_ for t in doc[left:item.start] if t.text != "May"]  # the month, not the modal
    if any(w in cues.negation for w in near):
        return "negated"
    if item.trigger.pattern.modality:
        return item.trigger.pattern.modality
    if any(w in cues.hypothetical for w in clause):
        return "hypothetical"
    if orders or any(w in cues.planned for w in clause):
        return "planned"
    return "asserted"


def _pick_date(text: str, item_char: int, dates: list[DateMention], published: dt.date,
               clause: tuple[int, int]) -> tuple[dt.date, str]:
    usable = [d for d in dates if not is_background(d)]
    if not usable:
        return published, "day"
    in_clause = [d for d in usable if clause[0] <= d.start < clause[1]]
    # A date after a comma that follows the trigger belongs to an appended phrase
    # ("…, the first split since the council imposed sanctions in 2006"), unless nothing else is left.
    attached = [d for d in in_clause if d.start < item_char or "," not in text[item_char:d.start]]
    usable = attached or in_clause or usable
    nearest = min(usable, key=lambda d: abs(d.start - item_char))
    return nearest.value, nearest.precision


def _pick_quantity(item_start: int, item_end: int, quantities: list[Quantity]) -> Quantity | None:
    near = [q for q in quantities if -40 <= q.start - item_end <= 80 or 0 <= item_start - q.end <= 40]
    return min(near, key=lambda q: abs(q.start - item_end)) if near else None


def _mode(doc, sent: SentenceTokens, item: _Found) -> tuple[str | None, str]:
    pattern = item.trigger.pattern
    words = {t.lower_ for t in doc[sent.start:sent.end]}
    for rule in pattern.modes:
        if words & rule.words:
            return rule.mode, rule.cameo or pattern.cameo
    return pattern.mode, pattern.cameo


def _with_role(code: str | None, role: str) -> str | None:
    if code and len(code) == 3 and country_of(code) == code:
        return code + role
    return code


def _build(doc, sentence: Sentence, item: _Found, left: int, right: int, actors, hidden: set[int],
           dates, quantities, published, url, reporters, book: PatternBook,
           state: _ArticleState, sent: SentenceTokens, inherited: list[str] | None = None) -> list[Event]:
    cues = book.cues
    pattern = item.trigger.pattern
    ontology = get_ontology()
    sources, direct = _sources(doc, item, left, right, actors, hidden, cues)
    confidence = 0.8 if direct else 0.5
    if not sources and clauses.has_pronoun_subject(doc, left, item.start) and reporters:
        sources, confidence = [reporters[-1]], 0.6
    source_codes = [m.code for m in sources]
    if inherited:
        source_codes, confidence = list(inherited), 0.7
    passive = clauses.is_passive(doc, item.start, left)
    if not source_codes and passive and pattern.type in PHYSICAL_TYPES and state.last_source.get(pattern.type):
        # "Two missiles were launched from the Sunan area": the launcher is the one the story is about.
        source_codes, confidence = [state.last_source[pattern.type]], 0.4
    if not source_codes:
        return []
    orders = _order_at(doc, left, item.start, cues) is not None
    modality = _modality(doc, item, left, cues, orders)
    mode, cameo = _mode(doc, sent, item)
    plover = pattern.type
    countries = {country_of(c) for c in source_codes}
    joint = pattern.joint and (len(countries) > 1 or JOINT_WORDS & _window_words(
        doc, item.start, item.start, left, right, 4))
    if joint:
        plover = pattern.joint
    if pattern.civilian_type and all(role_of(c) in CIVILIAN_ROLES for c in source_codes):
        plover, mode = pattern.civilian_type, "strike" if "strike" in item.trigger.phrase else None
    if modality == "planned" and pattern.future and not orders:  # an order keeps the act ordered
        plover = pattern.future
    default_role = ontology[pattern.type].default_role
    source_codes = [_with_role(c, default_role) for c in source_codes]
    targets = _targets(doc, item, right, actors, hidden, countries) if pattern.targets else []
    target_codes = [m.code for m in targets]
    if not target_codes and ontology[plover].own_government_target:
        # Protesters who name no one protest against their own government.
        target_codes = list(dict.fromkeys(c[:3] + "GOV" for c in source_codes if len(country_of(c) or "") == 3))
    antecedent = state.last_physical_source
    if not target_codes and plover in ANTECEDENT_TYPES and antecedent and country_of(antecedent) not in countries:
        # "Seoul condemned the launch": the act condemned is the last one reported, so is its author.
        target_codes = [antecedent]
    if pattern.counterpart and not target_codes and len(set(source_codes)) < 2:
        return []  # a visit or meeting with no one named on the other side says too little to code
    pairs = _pairs(source_codes, target_codes, pattern.symmetric or bool(joint))
    clause_chars = (doc[left].idx, doc[right - 1].idx + len(doc[right - 1].text))
    date, precision = _pick_date(doc_text(doc), doc[item.start].idx, dates, published, clause_chars)
    undated = not dates
    quantity = _pick_quantity(doc[item.start].idx, doc[item.end - 1].idx, quantities)
    aggregate = bool(quantity and plover in PHYSICAL_TYPES and precision in ("month", "year")
                     and quantity.value > 1)
    evidence = Evidence(sentence.text, sentence.index, sentence.start, sentence.end, doc[item.start].idx,
                        doc[item.end - 1].idx + len(doc[item.end - 1].text), url)
    # The place may lie past the next act of the clause: "struck 60 targets in Yemen", "invited him to visit China".
    whole_clause = (clause_chars[0], doc[state.clause_end - 1].idx + len(doc[state.clause_end - 1].text))
    place = location.place_in_clause(doc_text(doc), state.places.get(sentence.index, []),
                                     (evidence.trigger_start, evidence.trigger_end), whole_clause,
                                     _char_ranges(doc, hidden), pattern.type in SPEECH_ACTS)
    event_type = ontology[plover]
    names = {m.code: m.text for m in sources + targets}
    events = []
    for source, target in pairs:
        key = (source, target, plover, mode, date, precision, modality)
        restated = (source, target, plover, mode)
        claimant, via = _chain(doc, reporters, cues, source, plover)
        # An undated sentence about an act already reported ("The missiles were launched from …") restates it,
        # and may say where it happened.
        if key in state.seen or (undated and restated in state.acts):
            if place is not None and undated:
                for earlier in state.acts.get(restated, []):
                    if earlier.place is None:
                        location.set_stated(earlier, place, "restatement")
            continue
        state.seen.add(key)
        event = Event(
            source_actor=source, target_actor=target, plover_type=plover, mode=mode,
            cameo_root=event_type.cameo_root if plover != pattern.type else cameo[:2],
            intensity=event_type.intensity(mode), modality=modality, date=date,
            date_precision=precision, evidence=evidence, aggregate=aggregate,
            quantity=quantity if plover in PHYSICAL_TYPES or aggregate else None,
            source_text=names.get(source), target_text=names.get(target) if target else None,
            reported_by=claimant.code if claimant else None,
            reported_by_text=claimant.text if claimant else None,
            reported_via=via.code if via and claimant else None,
            claim=claim_kind(claimant.code if claimant else None, source, target),
            confidence=confidence,
        )
        if place is not None:
            location.set_stated(event, place, "sentence")
        state.acts.setdefault(restated, []).append(event)
        events.append(event)
    state.sentence_sources = source_codes
    if plover == pattern.type:
        state.last_source[plover] = source_codes[0]
    if plover in PHYSICAL_TYPES and modality == "asserted":
        state.last_physical_source = source_codes[0]
    return events


def _char_ranges(doc: Doc, tokens: set[int]) -> list[tuple[int, int]]:
    return [(doc[i].idx, doc[i].idx + len(doc[i].text)) for i in sorted(tokens)]


def _token_at(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else -1


def _pairs(sources: list, targets: list, symmetric: bool) -> list[tuple]:
    unique_sources = list(dict.fromkeys(sources))
    unique_targets = list(dict.fromkeys(targets))
    if symmetric and not unique_targets and len(unique_sources) > 1:
        return [(a, b) for a in unique_sources for b in unique_sources if a != b]
    if symmetric and unique_targets:
        pairs = [(a, b) for a in unique_sources for b in unique_targets]
        return pairs + [(b, a) for a, b in pairs]
    return [(a, b) for a in unique_sources for b in (unique_targets or [None])]
