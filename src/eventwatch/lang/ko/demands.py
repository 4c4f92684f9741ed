"""A demand's content: 국방부는 북한은 도발을 중단하고 대화에 나서야 한다고 촉구했다. The clauses a directive verb
(촉구, 요구, 요청) quotes say what is asked, not what was done: they give no events, and their subjects are whom
the demand addresses."""

from __future__ import annotations

from eventwatch.lang.ko.clauses import Clause
from eventwatch.lang.ko.resources import Lexicon

# A demand's content runs back over a few chained clauses at most (…중단하고 …복귀하라고 촉구했다).
MAX_CONTENT = 3


def mark_demands(clauses: list[Clause], lexicon: Lexicon) -> set[int]:
    """Give each directive clause the subjects of its content as addressees; return the content clauses."""
    content: set[int] = set()
    for i, clause in enumerate(clauses):
        quote = _quoted_demand(clause, lexicon)
        if quote is None:
            continue
        inside = [m for m in clause.mentions if m.case == "subject" and m.start < quote]
        earlier = _content_before(clauses, i, lexicon) if not inside else []
        content.update(earlier)
        addressed = [m for j in earlier for m in clauses[j].mentions if m.case == "subject"]
        if earlier and not _spoken_before(clauses, earlier[0]):
            addressed = addressed[1:]  # 장관은 “북한은 …복원하고 …호응하라”고: the first is who demands
        if inside and (len(inside) > 1 or _spoken_before(clauses, i)):
            addressed = inside[1:] if len(inside) > 1 and not _spoken_before(clauses, i) else inside
        clause.addressees += [m for m in addressed if m not in clause.addressees]
    return content


def _quoted_demand(clause: Clause, lexicon: Lexicon) -> int | None:
    """Where the quotative ending before a directive predicate is (…하라고 촉구했다)."""
    directive = [h for h in clause.hits if h.predicate and h.entries[0].type in lexicon.cues["directive_types"]]
    if not directive:
        return None
    for morph in reversed(clause.morphs[:directive[-1].first]):
        if morph.tag in ("EC", "JKQ") and morph.form in lexicon.cues["quotative"]:
            return morph.start
    return None


def _content_before(clauses: list[Clause], i: int, lexicon: Lexicon) -> list[int]:
    """The chained clauses before clause ``i`` back to the one that names its subject."""
    for j in range(i - 1, max(-1, i - 1 - MAX_CONTENT), -1):
        if clauses[j].conditional or _speech(clauses[j], lexicon):
            return []
        if any(m.case == "subject" for m in clauses[j].mentions):
            subjects = [m for m in clauses[j].mentions if m.case == "subject"]
            return list(range(j, i)) if _spoken_before(clauses, j) or len(subjects) > 1 else []
    return []


def _spoken_before(clauses: list[Clause], j: int) -> bool:
    """Whether someone is already the sentence's speaker before clause ``j`` (국방부는 …하면서 북한은 …)."""
    return any(m.case == "subject" and m.topic for c in clauses[:j] for m in c.mentions)


def _speech(clause: Clause, lexicon: Lexicon) -> bool:
    """…위반이라고 비판하며 …하라고 촉구했다: a clause that itself condemns or rejects is the speaker's own act,
    not part of what is demanded."""
    return any(h.predicate and h.entries[0].type in lexicon.cues["complement_types"] for h in clause.hits)
