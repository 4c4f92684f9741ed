"""A Korean sentence as clauses: who reports it (…했다고 합참이 밝혔다, 조선중앙통신은 …고 보도했다, 합참에 따르면),
and the clauses the quoted part chains (…발사하고 …경고했다), each with its triggers and its predicate."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventwatch.lang.ko.mentions import Mention
from eventwatch.lang.ko.morph import Morph
from eventwatch.lang.ko.resources import Lexicon, Trigger

# Nouns of a compound trigger may be spaced (시험 발사) or not (시험발사); a compound has a few parts at most.
MAX_COMPOUND = 4


@dataclass
class Hit:
    entries: list[Trigger]
    lemma: str
    first: int  # morpheme indexes, end exclusive
    last: int
    start: int  # character offsets in the article
    end: int
    predicate: bool  # the clause says it (발사했다), not only names it (발사를 실시했다)


@dataclass
class Clause:
    morphs: list[Morph]
    mentions: list[Mention]
    hits: list[Hit] = field(default_factory=list)
    predicate: str | None = None  # its main verb's lemma: 발사, 실시, 쏘다
    conditional: bool = False  # it follows a condition (…할 경우, …하면): what it says is hypothetical
    possible: bool = False  # it ends in a possibility (…감행할 가능성, …나설 수 있다): supposed, not done
    # whom the act is aimed at by its context: the subject of a condition (미국이 도발한다면 응징하겠다) or of
    # a demand (북한은 도발을 중단하라고 촉구했다)
    addressees: list[Mention] = field(default_factory=list)


@dataclass
class Reading:
    clauses: list[Clause]
    reporter: Mention | None  # whoever the sentence says reports its clauses
    said: tuple[int, int] | None = None  # the attribution's characters (", 합참이 밝혔다"): not the act's place
    speaker_inside: bool = False  # the reporter leads the quoted clause (북한은 …했다고 밝혔다)


def read_sentence(morphs: list[Morph], mentions: list[Mention], lexicon: Lexicon) -> Reading:
    quote = _quote_end(morphs, lexicon)
    inner = morphs if quote is None else morphs[:quote + 1]
    reporter = _reporter(morphs, mentions, quote, lexicon)
    said = (morphs[quote + 1].start, morphs[-1].end) if quote is not None and quote + 1 < len(morphs) else None
    clauses: list[Clause] = []
    for part in _split(inner, lexicon):
        first, last = part[0].start, part[-1].end
        inside = [m for m in mentions if first <= m.start < last and m is not reporter]
        conditional = bool(clauses) and _condition(clauses[-1].morphs, lexicon)
        clause = Clause(part, inside, _hits(part, lexicon), _predicate(_before_report(part, lexicon)), conditional)
        clause.possible = _possibility(morphs, part, lexicon)
        if conditional:
            clause.addressees = [m for m in clauses[-1].mentions if m.case == "subject" and not m.topic]
        elif clauses and clauses[-1].addressees:
            # …멈추지 않는다면 제재를 강화해 나갈 것이라고 경고했다: the chain after a condition still answers it
            clause.addressees = list(clauses[-1].addressees)
        clauses.append(clause)
    inside = reporter is not None and quote is not None and reporter.index <= quote
    return Reading(clauses, reporter, said, inside)


def _quote_end(morphs: list[Morph], lexicon: Lexicon) -> int | None:
    """The index of the ending that closes a quoted clause followed by a reporting verb (…했다고 밝혔다)."""
    cues = lexicon.cues
    for i in range(len(morphs) - 1, -1, -1):
        morph = morphs[i]
        if morph.tag in ("EC", "JKQ") and morph.form in cues["quotative"] and i > 0:
            predicate = _predicate(morphs[i + 1:])
            return i if predicate in cues["reporting"] else None
    return None


def _reporter(morphs: list[Morph], mentions: list[Mention], quote: int | None, lexicon: Lexicon) -> Mention | None:
    according = next((m for m in mentions if m.case == "according"), None)
    if according is not None or quote is None:
        return according
    tail = [m for m in mentions if m.index > quote and m.case == "subject"]
    if tail:
        return tail[0]
    # 조선중앙통신은 김정은이 …했다고 보도했다: a leading topic before the quoted clause's own subject.
    subjects = [m for m in mentions if m.index <= quote and m.case == "subject" and m.topic]
    return subjects[0] if subjects else None


def _before_report(part: list[Morph], lexicon: Lexicon) -> list[Morph]:
    """…대응할 것”이라고 밝혔다고 보도했다: a report inside the reported clause says who said it; the act is the
    verb before its quotative ending."""
    cues = lexicon.cues
    for i in range(len(part) - 2, 0, -1):  # the part's own last ending is the sentence's quotative
        if part[i].tag in ("EC", "JKQ") and part[i].form in cues["quotative"]:
            return part[:i] if _predicate(part[i + 1:]) in cues["reporting"] else part
    return part


def _split(morphs: list[Morph], lexicon: Lexicon) -> list[list[Morph]]:
    parts: list[list[Morph]] = []
    current: list[Morph] = []
    for i, morph in enumerate(morphs):
        current.append(morph)
        if i < len(morphs) - 1 and _boundary(morphs, i, lexicon):
            parts.append(current)
            current = []
    if current:
        parts.append(current)
    return parts


def _boundary(morphs: list[Morph], i: int, lexicon: Lexicon) -> bool:
    """Whether a clause ends at morpheme ``i``: a connective ending (…발사하고, …규탄하며), a verbal noun's
    하다 + 어 (방문해 …회담했다; not 대해, whose 대하 is a verb), or a condition (…할 경우, …하면)."""
    morph, cues = morphs[i], lexicon.cues
    if i + 1 < len(morphs) and morphs[i + 1].tag == "VX":
        return False  # 고조시키고 있다, 포함돼 있다: an auxiliary verb follows, the clause goes on
    if morph.tag == "EC" and morph.form in cues["connective"]:
        return True
    if morph.tag == "EC" and morph.form in ("어", "아", "어서", "아서") and i > 0 and morphs[i - 1].tag == "XSV":
        return True
    return _condition(morphs[:i + 1], lexicon) or _possibility(morphs, morphs[:i + 1], lexicon)


def _possibility(morphs: list[Morph], part: list[Morph], lexicon: Lexicon) -> bool:
    """Whether ``part`` (a prefix of ``morphs``' run) ends in a verb's ㄹ ending before a noun of possibility
    (감행할 가능성, 나설 수 있다, 도발할 우려): what that verb says may happen, and is its own clause."""
    last = part[-1]
    if last.tag != "ETM" or last.form not in ("ㄹ", "을", "\u11af"):
        return False
    after = [m for m in morphs if m.start >= last.end][:1]
    return bool(after) and after[0].form in lexicon.cues["possibility_nouns"]


def _condition(morphs: list[Morph], lexicon: Lexicon) -> bool:
    """Whether these morphemes end in a condition: …할 경우, …하면."""
    cues = lexicon.cues
    last = morphs[-1]
    if last.tag == "EC" and last.form in cues["hypothetical_endings"]:
        return len(morphs) < 2 or morphs[-2].form not in cues["not_conditions"]
    return last.form in cues["hypothetical_nouns"] and len(morphs) > 1 and morphs[-2].tag == "ETM"


def _hits(morphs: list[Morph], lexicon: Lexicon) -> list[Hit]:
    hits, i = [], 0
    while i < len(morphs):
        hit = _hit_at(morphs, i, lexicon)
        if hit is None:
            i += 1
            continue
        hits.append(hit)
        i = hit.last
    return hits


def _hit_at(morphs: list[Morph], i: int, lexicon: Lexicon) -> Hit | None:
    morph = morphs[i]
    if morph.tag == "VV" and morph.form + "다" in lexicon.triggers:
        lemma = morph.form + "다"
        return Hit(lexicon.triggers[lemma], lemma, i, i + 1, morph.start, morph.end, True)
    if morph.tag not in ("NNG", "NNP"):
        return None
    run = i
    while run < len(morphs) and run - i < MAX_COMPOUND and morphs[run].tag in ("NNG", "NNP"):
        run += 1
    for last in range(run, i, -1):
        lemma = "".join(m.form for m in morphs[i:last])
        if lemma in lexicon.triggers:
            predicate = last < len(morphs) and morphs[last].tag == "XSV"
            return Hit(lexicon.triggers[lemma], lemma, i, last, morph.start, morphs[last - 1].end, predicate)
    return None


def _predicate(morphs: list[Morph]) -> str | None:
    """The clause's main verb: its last verb stem (발사하지 않았다 → 발사; 열 예정이다 → 열다)."""
    for i in range(len(morphs) - 1, -1, -1):
        morph = morphs[i]
        if morph.tag == "VV":
            # 쏘아 올렸다: in a serial verb the first carries the act
            serial = i > 1 and morphs[i - 1].form in ("어", "아") and morphs[i - 2].tag == "VV"
            return (morphs[i - 2] if serial else morph).form + "다"
        if morph.tag == "XSV" and i > 0:
            return morphs[i - 1].form
    return None
