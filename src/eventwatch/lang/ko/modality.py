"""What a Korean clause says of its act: done, not done (하지 않았다), planned (할 예정), threatened (하겠다 of a
hostile act) or supposed (할 경우)."""

from __future__ import annotations

from itertools import pairwise

from eventwatch.lang.ko.clauses import Clause, Hit
from eventwatch.lang.ko.morph import Morph
from eventwatch.lang.ko.resources import Lexicon


def modality(clause: Clause, hit: Hit, plover: str, lexicon: Lexicon) -> str:
    cues = lexicon.cues
    after = clause.morphs[_index(clause, hit) + 1:]
    before = clause.morphs[max(0, _index(clause, hit) - 1):_index(clause, hit)]
    if any(m.tag == "VX" and m.form in cues["negators"] for m in after) or any(
            m.tag == "MAG" and m.form in cues["negator_adverbs"] for m in before + after[:2]):
        return "negated"
    if clause.possible:
        return "hypothetical"  # 북한이 추가 발사를 감행할 가능성: an analyst's supposition, not a threat
    future = any(m.tag == "EP" and m.form in cues["future_forms"] for m in after) or _noun_after_adnominal(
        after, ["것"])
    if future and (plover in cues["hostile_types"] or plover == "THREATEN"):
        return "threatened"  # 공격하겠다, even on a condition (…하면 공격하겠다): force promised is a threat
    if clause.conditional or _noun_after_adnominal(after, cues["hypothetical_nouns"]) or any(
            m.tag == "EC" and m.form in cues["hypothetical_endings"] for m in after):
        return "hypothetical"
    if future or _noun_after_adnominal(after, cues["plan_nouns"]):
        return "planned"
    return "asserted"


def _index(clause: Clause, hit: Hit) -> int:
    # hit indexes count in the clause's own morphemes
    return hit.last - 1


def _noun_after_adnominal(after: list[Morph], nouns: list[str]) -> bool:
    """할 예정, 할 경우, 할 것: a future adnominal ending (ㄹ/을) and then one of ``nouns``."""
    return any(m.tag == "ETM" and m.form in ("ㄹ", "을", "\u11af") and n.form in nouns
               for m, n in pairwise(after))
