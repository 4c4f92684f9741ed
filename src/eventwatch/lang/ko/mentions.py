"""Actor and place names in a Korean sentence, and the particle that tells each actor's role in its clause."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from eventwatch.actor_codes import country_of
from eventwatch.lang.ko.morph import Morph
from eventwatch.lang.ko.resources import ActorName, Lexicon
from eventwatch.model import Place
from eventwatch.nlp.gazetteer import get_gazetteer

LONGEST_NAME = 16
# Title and classifier nouns may stand between a name and its particle (김여정 노동당 부부장은), a few at most.
MAX_TITLE_MORPHS = 5


@dataclass
class Mention:
    start: int
    end: int
    text: str
    codes: tuple[str, ...]
    kind: str
    case: str | None = None  # "subject", "object", "target", "with", "according", "genitive-object", ...
    topic: bool = False  # marked by 은/는: it scopes over the clauses after it, a 이/가 subject only its own
    particle: int | None = None  # where its particle starts
    joined: bool = False  # joined to the next name by 과/와 (한국과 미국은)
    index: int = 0  # the morpheme the mention starts at


def find_actors(text: str, morphs: list[Morph], lexicon: Lexicon,
                named: dict[str, ActorName] | None = None) -> list[Mention]:
    """Actor names in ``text`` (the article), on morpheme boundaries, longest first, with their cases.
    ``named``: the short references the article has introduced so far (통신 for 조선중앙통신)."""
    names = {**lexicon.names, **named} if named else lexicon.names
    starts = {m.start: i for i, m in enumerate(morphs)}
    ends = {m.end for m in morphs}
    found: list[Mention] = []
    position = morphs[0].start if morphs else 0
    limit = morphs[-1].end if morphs else 0
    while position < limit:
        mention = _name_at(text, position, starts, ends, morphs, lexicon, names) if position in starts else None
        if mention is None:
            position += 1
            continue
        found.append(mention)
        position = mention.end
    for mention in found:
        mention.case = _case(mention, morphs, found, lexicon)
        particle = _particle_after(mention, morphs)
        mention.particle = particle.start if particle else None
        mention.topic = mention.case == "subject" and particle is not None and particle.tag == "JX"
    _titles(text, found)
    return found


def _particle_after(mention: Mention, morphs: list[Morph]) -> Morph | None:
    return next((m for m in morphs if m.start >= mention.end and m.particle), None)


def _titles(text: str, found: list[Mention]) -> None:
    """기시다 후미오 일본 총리와, 김여정 노동당 부부장은: names after a person's are the person's title."""
    for person, title in pairwise(found):
        if person.kind == "person" and title.kind != "person" and not text[person.end:title.start].strip():
            title.case, person.case = "modifier", title.case


def _name_at(text: str, start: int, starts: dict[int, int], ends: set[int], morphs: list[Morph],
             lexicon: Lexicon, names: dict[str, ActorName]) -> Mention | None:
    name = _longest(text, start, ends, names)
    if name is None or _suffixed(start + len(name.name), starts, morphs, lexicon):
        return None
    end = start + len(name.name)
    if name.kind in ("country", "group"):
        # 이란 외무부, 한미 양국 군: a country (or each of a group) and an institution of it are one actor, the
        # institution's role in that country.
        after = _after_both(text, end, lexicon)
        role = _longest(text, after, ends, lexicon.institutions)
        if role is not None and after > end:
            codes = tuple((country_of(c) or c) + role.codes[0] for c in name.codes)
            end = after + len(role.name)
            kind = "organisation" if len(codes) == 1 else "group"
            return Mention(start, end, text[start:end], codes, kind, index=starts[start])
    return Mention(start, end, text[start:end], name.codes, name.kind, index=starts[start])


def _after_both(text: str, end: int, lexicon: Lexicon) -> int:
    """Past the spaces, and a word for both sides (한미 양국 군), after a country's name."""
    after = end
    while after < len(text) and text[after] == " ":
        after += 1
    for word in lexicon.cues["both_words"]:
        if text.startswith(word + " ", after) and after > end:
            return after + len(word) + 1
    return after


def _suffixed(end: int, starts: dict[int, int], morphs: list[Morph], lexicon: Lexicon) -> bool:
    """인도적 지원: a name followed by a word-forming suffix is part of another word."""
    after = morphs[starts[end]] if end in starts else None
    return after is not None and after.tag == "XSN" and after.form in lexicon.cues["not_after_name"]


def _longest(text: str, start: int, ends: set[int], names: dict[str, ActorName]) -> ActorName | None:
    for length in range(LONGEST_NAME, 0, -1):
        candidate = text[start:start + length]
        if len(candidate) == length and candidate in names and start + length in ends:
            return names[candidate]
    return None


def _case(mention: Mention, morphs: list[Morph], found: list[Mention], lexicon: Lexicon) -> str | None:
    later = {m.start for m in found if m.start >= mention.end}
    following = [m for m in morphs if m.start >= mention.end][:MAX_TITLE_MORPHS + 2]
    if len(following) > 1 and following[0].form == "," and following[1].start in later:
        return "conjunct"  # 미국, 일본과: a comma list takes the case of its last name, as 과/와 does
    for i, morph in enumerate(following):
        if morph.start in later and mention.kind != "person":
            return "modifier"  # 북한 김정은 국무위원장이: the later name carries the particle
        if morph.particle:
            return _particle_case(morph, following[i + 1:], lexicon)
        if not (morph.noun or morph.tag in ("NNB", "SN", "XSN", "SS")) or i >= MAX_TITLE_MORPHS:
            return None
    return None


def _particle_case(particle: Morph, rest: list[Morph], lexicon: Lexicon) -> str | None:
    cues = lexicon.cues
    if particle.tag in cues["subject_tags"] or (particle.tag == "JX" and particle.form in cues["topic_forms"]):
        return "subject"
    if particle.tag in cues["object_tags"]:
        # 조선중앙통신을 통해 발표했다, 대사관 경로를 통해 항의했다: the channel, not whom the act is aimed at
        return "via" if rest and rest[0].form in cues["via_verbs"] else "object"
    if particle.tag == "JC":
        return "conjunct"  # 한국과 미국은: takes the case of the next name
    if particle.tag == "JKG":
        return "genitive-" + (_governed(rest, lexicon) or "other")
    follows = rest[0] if rest else None
    if particle.form == "에" and follows is not None and follows.tag == "VV":
        if follows.form == cues["according_verb"][:-1]:
            return "according"
        if follows.form == cues["about_verb"][:-1]:
            return "target"
    if particle.form in cues["with_forms"]:
        return "with"
    return "target" if particle.form in cues["target_forms"] else None


def _governed(rest: list[Morph], lexicon: Lexicon) -> str | None:
    # 북한의 도발을: the genitive's noun is the object, so the genitive actor is the act's target.
    for i, morph in enumerate(rest[:6]):
        if morph.tag == "JC":
            continue  # 러시아의 주권과 영토를 수호: the genitive governs the whole coordination
        if morph.particle:
            case = _particle_case(morph, rest[i + 1:], lexicon)
            return case if case in ("object", "subject", "target") else None
    return None


def resolve_conjuncts(mentions: list[Mention]) -> None:
    """한국과 미국은: a name joined by 과/와 takes the case of the name after it."""
    for i in range(len(mentions) - 1, -1, -1):
        if mentions[i].case == "conjunct":
            after = mentions[i + 1] if i + 1 < len(mentions) else None
            joint = mentions[i].particle if mentions[i].particle is not None else mentions[i].end  # 과 or ","
            if after is None or after.start - joint > 3:
                mentions[i].case = "with"  # 일본과 잠수함 정보를 공유: no name right after 과, so it is "with"
                continue
            if after.case == "object" and after.particle is not None and after.particle - after.end > 1:
                # 일본과 북한 미사일 정보를 공유했다: the next name only modifies the object, so 과 is "with"
                mentions[i].case = "with"
                continue
            mentions[i].case, mentions[i].topic = after.case, after.topic
            mentions[i].joined = True


def find_places(text: str, start: int, end: int, lexicon: Lexicon) -> list[tuple[int, int, Place]]:
    """(start, end, place) of the Korean place names between ``start`` and ``end``, longest first."""
    found = []
    position = start
    names = sorted(lexicon.places, key=len, reverse=True)
    while position < end:
        name = next((n for n in names if text.startswith(n, position) and _word_start(text, position)), None)
        place = _place(lexicon.places[name]) if name else None
        if name is None or place is None:
            position += 1
            continue
        if not _dateline(text, position + len(name)):
            found.append((position, position + len(name), place))
        position += len(name)
    return found


def _dateline(text: str, end: int) -> bool:
    """서울 — …, (서울=연합뉴스): where the story was filed from, not where its acts happened."""
    return text[end:end + 3].lstrip(" ")[:1] in ("—", "–", "=")


def _word_start(text: str, position: int) -> bool:
    return position == 0 or not text[position - 1].isalnum()


@lru_cache(maxsize=256)
def _place(english: str) -> Place | None:
    candidates = get_gazetteer().lookup(english)
    return candidates[0].place if candidates else None
