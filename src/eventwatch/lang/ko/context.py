"""What earlier sentences of a Korean article give later ones: who 대변인 / 이 당국자 is once an institution's
spokesman has been named, who 양측 are once two sides have met, and the day 이튿날 counts from."""

from __future__ import annotations

import datetime as dt

from eventwatch.lang.ko.mentions import Mention
from eventwatch.lang.ko.resources import ActorName, Lexicon


def introduce_speakers(mentions: list[Mention], text: str, named: dict[str, ActorName], lexicon: Lexicon) -> None:
    """중국 외교부 대변인은 … 대변인은 또, 외교부 당국자는 … 이 당국자는: a title word right after an institution's
    name (before its particle) makes the bare title, and 이 + title, that institution's from then on."""
    for mention in mentions:
        if mention.kind == "person" or mention.particle is None or mention.case != "subject":
            continue
        title = text[mention.end:mention.particle].strip()
        # 중국 외교부 대변인 may itself be a name in the dictionary
        title = title or next((t for t in lexicon.cues["speaker_titles"] if mention.text.endswith(" " + t)), "")
        if title in lexicon.cues["speaker_titles"]:
            for short in (title, f"이 {title}", f"같은 {title}"):
                named[short] = ActorName(short, mention.codes, mention.kind)


def remember_sides(codes: list[str], named: dict[str, ActorName], lexicon: Lexicon) -> None:
    """쇼이구 서기는 김정은 위원장과 회담했다. 양측은 …합의했다: 양측 / 양국 are the two sides of the last
    mutual act."""
    sides = tuple(dict.fromkeys(codes))
    if len(sides) == 2:
        for word in lexicon.cues["both_sides"]:
            named[word] = ActorName(word, sides, "group")


def follow_on(sentence: str, last: tuple[dt.date, str] | None, lexicon: Lexicon) -> tuple[dt.date, str] | None:
    """국방부는 이튿날 …: the day after the act told before (not after publication)."""
    if last is None or last[1] != "day" or not any(w in sentence for w in lexicon.cues["next_day_words"]):
        return None
    return last[0] + dt.timedelta(days=1), "day"
