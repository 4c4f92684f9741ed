"""Shapes of a Korean clause around its act that the coder reads: a quoted complement (…위반이라고 비판했다),
acts joined by 나/과 (발사나 핵실험을 감행할), and a promise in the negative (하지 않을 것)."""

from __future__ import annotations

from itertools import pairwise

from eventwatch.lang.ko.clauses import Clause, Hit
from eventwatch.lang.ko.mentions import Mention
from eventwatch.lang.ko.resources import Lexicon


def complement(clause: Clause, hit: Hit | None, lexicon: Lexicon, spoken: bool) -> list[Mention]:
    """외교부는 북러 간 협력은 결의 위반이라고 비판했다: a subject in the clause an accusation quotes (…라고,
    …다고 before the verb) is what is accused, not who accuses. ``spoken``: an earlier clause named the speaker;
    else the clause's first subject is the speaker."""
    if hit is None or hit.entries[0].type not in lexicon.cues["complement_types"]:
        return []
    quotative = lexicon.cues["quotative"]
    ends = [m.start for m in clause.morphs[:hit.first] if m.tag in ("EC", "JKQ") and m.form in quotative]
    if not ends:
        return []
    inside = [m for m in clause.mentions if m.case == "subject" and m.particle is not None and m.particle < ends[-1]]
    return inside if spoken else inside[1:]


def conjoined(clause: Clause, hit: Hit) -> list[Hit]:
    """추가 발사나 핵실험을 감행할: acts named before the chosen one and joined to it by 나/이나/와/과 are done
    (or supposed) alike."""
    joined: list[Hit] = []
    later = hit
    for earlier in reversed([h for h in clause.hits if h.last <= hit.first]):
        between = clause.morphs[earlier.last:later.first]
        # 발사나 7차 핵실험: the conjunction, then only numbers, counters and nouns that modify the next act
        if not between or between[0].tag != "JC" or any(
                not (m.noun or m.tag in ("SN", "NNB")) for m in between[1:]):
            break
        joined.insert(0, earlier)
        later = earlier
    return joined


def promised(clause: Clause, hit: Hit) -> bool:
    """할 것, 하지 않겠다: the clause speaks of what will (or will not) be done."""
    after = clause.morphs[hit.last:]
    return any(m.tag == "EP" and m.form == "겠" for m in after) or any(
        a.tag == "ETM" and a.form in ("ㄹ", "을", "\u11af") and b.form == "것" for a, b in pairwise(after))


def about(clause: Clause, hit: Hit | None, lexicon: Lexicon) -> list[Mention]:
    """미 항공모함이 부산에 입항한 데 대해 비판했다: the subject of what an accusation is about (…한 데 대해) is its
    target, not who accuses."""
    if hit is None or hit.entries[0].type not in lexicon.cues["complement_types"]:
        return []
    found = []
    for mention in clause.mentions:
        if mention.case != "subject" or mention.topic or mention.particle is None:
            continue
        after = [m for m in clause.morphs[:hit.first] if m.start > mention.particle]
        ending = next((i for i, m in enumerate(after) if m.tag in ("ETM", "EC", "EF")), None)
        if ending is not None and after[ending].tag == "ETM" and ending + 1 < len(after) and \
                after[ending + 1].form in lexicon.cues["about_heads"]:
            found.append(mention)
    return found
