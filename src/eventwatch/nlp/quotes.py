"""Quotations in wire copy: the quoted words, whole clause or fragment, and who said them.

Marks pair per paragraph: straight and curly double quotes, and curly single quotes outside them (’ before a
letter is an apostrophe; straight ' is never a quote). A quote still open at its paragraph end is a wire-style
multi-paragraph quote whose closing mark is omitted; none crosses a paragraph. Offsets exclude the marks, edge
spaces and the hand-over comma of '"…," he said'.

"direct": the quote opens its sentence, follows an introducer ('Kim said: "', 'said in a statement, "', 'said
"We', 'according to X, "', 'quoted him as saying, "') or continues a multi-paragraph quote; else "partial".

Speaker, from tokens only (no parser). Direct: the introducer, else the attribution after it ('"…," Kim said',
'"…," said Kim Yo Jong, the sister…', '"…" the agency quoted him as saying'). Partial: the subject of the last
speech verb before it in the sentence, else an attribution after a comma-ended quote ('a "grave provocation,"
Seoul said'), else the nearest mention before it in the sentence not after "of"/"by"/… A phrase resolves to the
mention in it (people first); a lone pronoun or "the ministry" to the latest mention outside quotes before it
(people first for he/she); else speaker is None and speaker_text keeps the words ("analysts"). The quotes of a
multi-paragraph chain share a speaker.

Limitations: straight marks pair by alternation, so a stray one flips the rest of its paragraph; the partial
subject is the nearest name, not a parsed subject; a reporter after a partial quote ('called it a "rehearsal,"
KCNA said') becomes its speaker; a pronoun naming someone only later ('quoted him…' before the name) stays None.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from functools import lru_cache

from spacy.attrs import IDX
from spacy.tokens import Doc

from eventwatch.datafiles import data_mapping
from eventwatch.model import ActorMention, Article, Quote
from eventwatch.nlp.actors import sentence_locator
from eventwatch.nlp.dictionary import get_actor_dictionary

_MARKS = re.compile(r"[\"“”‘’]")
_WORD = re.compile(r"\w")
_LEADING = re.compile(r"[\s\-—–•*·]*")
_TRIM = " \t\n\r\f\v\u00a0\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
# Orthography rather than vocabulary: tokens no speaker phrase runs across.
_BOUNDARY = frozenset({",", ";", ":", "(", ")", "[", "]", '"', "“", "”", "‘", "’", "—", "–", "--", ".", "!", "?", "…"})
_HARD_BOUNDARY = _BOUNDARY - {","}

Phrase = tuple[int, int]  # token range
Speaker = tuple[str | None, str | None]  # (code, text)


@dataclass(frozen=True)
class _Words:
    """The quote scanner's view of data/attribution.yaml, plus the people of the actor dictionary (whom he/she
    prefer)."""

    speech_verbs: frozenset[str]  # forms of the verbs under reporting, speech_acts and beside_quotes
    quoting_verbs: frozenset[str]  # forms of the verbs under citing
    auxiliaries: frozenset[str]
    person_pronouns: frozenset[str]
    other_pronouns: frozenset[str]
    determiners: frozenset[str]
    references: frozenset[str]
    not_subject_after: frozenset[str]
    articles: frozenset[str]
    clause_breaks: frozenset[str]
    relatives: frozenset[str]
    people: frozenset[str]
    quoting_tail: tuple[str, ...]
    introducers: tuple[tuple[str, ...], ...]
    max_speaker_tokens: int


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = data_mapping("attribution.yaml")
    own = data["quotes"]
    sets = {f.name: frozenset(str(w).lower() for w in own.get(f.name) or ())
            for f in fields(_Words) if f.type == "frozenset[str]"}
    sets["speech_verbs"] = _forms(data, "reporting", "speech_acts", "beside_quotes")
    sets["quoting_verbs"] = _forms(data, "citing")
    sets["people"] = frozenset(n for e in get_actor_dictionary().entries if e.kind == "person"
                               for n in (e.name, e.phrase, e.surname) if n)
    return _Words(**sets, quoting_tail=tuple(data["quoting_tail"]),
                  introducers=tuple(tuple(str(p).lower().split()) for p in data.get("introducers") or ()),
                  max_speaker_tokens=int(own["max_speaker_tokens"]))


def _forms(data: dict, *groups: str) -> frozenset[str]:
    """The written forms of the verbs of these groups (``lemma: [forms]``): the scanner has no lemmas."""
    return frozenset(str(form).lower() for group in groups for forms in data[group].values() for form in forms)


@dataclass(frozen=True)
class _Raw:
    mark: int  # the opening mark
    close: int  # the closing mark, or the paragraph end when unclosed
    closed: bool
    start: int  # the quoted words
    end: int
    comma: bool  # '"…," he said': the comma hands over to an attribution
    paragraph: int
    continues: bool  # opens the paragraph after an unclosed quote


def recognise_quotes(article: Article, doc: Doc, actors: list[ActorMention]) -> list[Quote]:
    """Quotes of ``article`` in text order; ``doc`` is its token Doc, ``actors`` its actor mentions."""
    raws = list(_find(article.text, [(p.start, p.end) for p in article.paragraphs] or [(0, len(article.text))]))
    scanner = _Scanner(article, doc, actors, raws, _words()) if raws else None
    quotes = [scanner.quote(raw) for raw in raws] if scanner else []
    # A multi-paragraph quote is usually attributed once; its other paragraphs borrow that speaker.
    chain: list[int] = []
    for index in range(len(quotes) + 1):
        if index < len(quotes) and raws[index].continues:
            chain.append(index)
            continue
        known = next((quotes[i] for i in chain if quotes[i].speaker_text), None)
        for i in chain if known is not None else ():
            if not quotes[i].speaker_text:
                quotes[i] = replace(quotes[i], speaker=known.speaker, speaker_text=known.speaker_text)
        chain = [index]
    return quotes


def _find(text: str, paragraphs: list[tuple[int, int]]) -> Iterator[_Raw]:
    previous: _Raw | None = None
    for number, (lo, hi) in enumerate(paragraphs):
        lo, hi = max(0, lo), min(len(text), hi)
        for mark, close, closed in _pair(text, lo, hi):
            start, end = mark + 1, close
            while start < end and text[start] in _TRIM:
                start += 1
            while end > start and text[end - 1] in _TRIM + ",":
                end -= 1
            if _WORD.search(text, start, end):
                continues = (previous is not None and not previous.closed and previous.paragraph == number - 1
                             and _blank(text, lo, mark))
                previous = _Raw(mark, close, closed, start, end, "," in text[end:close], number, continues)
                yield previous


def _blank(text: str, start: int, end: int) -> bool:
    """Nothing but spaces, dashes or bullets between start and end."""
    match = _LEADING.match(text, start, end)
    return match is not None and match.end() == end


def _pair(text: str, lo: int, hi: int) -> Iterator[tuple[int, int, bool]]:
    double: int | None = None
    single: int | None = None
    for match in _MARKS.finditer(text, lo, hi):
        i, mark = match.start(), match.group()
        before = text[i - 1] if i > lo else " "
        after = text[i + 1] if i + 1 < hi else " "
        if mark in "‘’":
            if double is None and mark == "‘" and not before.isalnum() and after.isalpha():
                single = i
            elif double is None and mark == "’" and single is not None and not after.isalnum():
                yield single, i, True
                single = None
        elif double is None:
            # A mark glued to a word is no opener: a stray closing mark, or inches in 5'10".
            if mark == "“" or not before.isalnum():
                double, single = i, None
        elif mark == "“":
            double = i  # an unbalanced opener: start again from the newer one
        else:
            yield double, i, True
            double = None
    if double is not None:
        yield double, hi, False


class _Scanner:
    def __init__(self, article: Article, doc: Doc, actors: list[ActorMention], raws: list[_Raw], words: _Words):
        self.text, self.doc, self.w, self.sentences = article.text, doc, words, article.sentences
        self.idx = doc.to_array(IDX).tolist() if len(doc) else []  # token offsets, without a Python token loop
        self.locate = sentence_locator(article)
        marks, closes = [r.mark for r in raws], [r.close for r in raws]

        def quoted(m: ActorMention) -> bool:  # words inside a quote are the speaker's, not speakers
            i = bisect_right(marks, m.start) - 1
            return i >= 0 and m.start < closes[i]

        self.mentions = sorted((m for m in actors if not quoted(m)), key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def quote(self, raw: _Raw) -> Quote:
        sentence, s_start, _ = self._sentence(raw.mark)
        lo = bisect_left(self.idx, s_start)
        intro = self._introducer(raw, lo)
        direct = raw.continues or intro is not None or _blank(self.text, s_start, raw.mark)
        if direct:
            phrase = intro[1] if intro and intro[1] else self._after(raw)
        else:
            phrase = self._speech_subject(raw.mark, lo)
            k = bisect_left(self.idx, raw.close + 1)
            if phrase is None and (raw.comma or (k < len(self.doc) and self.doc[k].text == ",")):
                phrase = self._after(raw)
        speaker = self._resolve(phrase, raw.mark) if phrase else self._nearest(raw, s_start)
        return Quote(raw.start, raw.end, self.text[raw.start:raw.end], sentence,
                     "direct" if direct else "partial", *speaker)

    def _sentence(self, char: int) -> tuple[int, int, int]:
        index = self.locate(char)
        if index < len(self.sentences):
            return index, self.sentences[index].start, self.sentences[index].end
        return 0, 0, len(self.text)

    def _breaks(self, i: int) -> bool:
        token = self.doc[i]
        return token.text in _BOUNDARY or token.is_space or token.lower_ in self.w.clause_breaks

    def _lowered(self, start: int, end: int) -> tuple[str, ...]:
        return tuple(t.lower_ for t in self.doc[start:end])

    def _introducer(self, raw: _Raw, lo: int) -> tuple[bool, Phrase | None] | None:
        """'Kim said: "', 'according to X, "', 'quoted him as saying "': (True, the speaker phrase)."""
        doc, w = self.doc, self.w
        j = bisect_left(self.idx, raw.mark) - 1
        punct = doc[j].text if j >= lo and doc[j].text in (":", ",") else ""
        j -= bool(punct)
        colon = (True, None) if punct == ":" else None
        if j < lo:
            return colon
        tail = len(w.quoting_tail)
        if j - tail >= lo and self._lowered(j - tail + 1, j + 1) == w.quoting_tail:
            for q in range(j - tail, max(lo, j - tail - w.max_speaker_tokens) - 1, -1):
                if doc[q].lower_ in w.quoting_verbs:
                    return True, (q + 1, j - tail + 1) if q < j - tail else self._backward(q, lo)
        if not punct:  # 'Kim said "We…"': only a verb right before a capital
            said = doc[j].lower_ in w.speech_verbs and self.text[raw.start].isupper()
            return (True, self._backward(j, lo)) if said else None
        for v in range(j, max(lo, j - 3 * w.max_speaker_tokens) - 1, -1):
            for intro in w.introducers if punct == "," else ():
                if v + len(intro) <= j and self._lowered(v, v + len(intro)) == intro:
                    return True, (v + len(intro), j + 1)
            if doc[v].lower_ in w.speech_verbs:
                return True, self._backward(v, lo)
            if doc[v].text in _HARD_BOUNDARY or doc[v].lower_ in w.clause_breaks:
                break
        return colon

    def _after(self, raw: _Raw) -> Phrase | None:
        """'"…," Kim said', '"…," said Kim', '"…" the agency quoted him as saying'."""
        doc, w, n = self.doc, self.w, len(self.doc)
        if not raw.closed:
            return None
        limit = min(self._sentence(raw.close)[2], raw.close + 400)
        k = bisect_left(self.idx, raw.close + 1)
        k += k < n and doc[k].text == ","
        for j in range(k, min(n, k + w.max_speaker_tokens + 1)):
            if self.idx[j] >= limit:
                return None
            if doc[j].lower_ in w.speech_verbs:
                return self._forward(j + 1, limit) if j == k else self._phrase(k, self._skip_aux(k, j))
            if doc[j].lower_ in w.quoting_verbs:
                tail = len(w.quoting_tail)
                for a in range(j + 1, min(n - tail + 1, j + 2 + w.max_speaker_tokens)):
                    if self._lowered(a, a + tail) == w.quoting_tail:
                        return (j + 1, a) if a > j + 1 else self._phrase(k, self._skip_aux(k, j))
                return None
            if self._breaks(j):
                return None
        return None

    @staticmethod
    def _phrase(start: int, end: int) -> Phrase | None:
        return (start, end) if start < end else None

    def _skip_aux(self, start: int, end: int) -> int:
        while end > start and self.doc[end - 1].lower_ in self.w.auxiliaries:
            end -= 1
        return end

    def _forward(self, i: int, limit: int) -> Phrase | None:
        if i >= len(self.doc) or self.idx[i] >= limit or self.doc[i].lower_ in self.w.not_subject_after:
            return None
        j = i
        while j < len(self.doc) and self.idx[j] < limit and j - i < self.w.max_speaker_tokens and not self._breaks(j):
            j += 1
        return self._phrase(i, j)

    def _group(self, end: int, lo: int) -> Phrase | None:
        start = end
        while start > lo and end - start < self.w.max_speaker_tokens and not self._breaks(start - 1):
            start -= 1
        return self._phrase(start, end)

    def _backward(self, verb: int, lo: int) -> Phrase | None:
        """The subject before a speech verb, over 'Kim Yo Jong, the sister of…, said' and 'Kim, who…, said'."""
        doc, w = self.doc, self.w
        end = self._skip_aux(lo, verb)
        phrase = self._group(end, lo)
        if phrase or end <= lo or doc[end - 1].text != ",":
            return phrase
        inner = self._group(end - 1, lo)
        start = inner[0] if inner else end - 1
        start -= start > lo and doc[start - 1].lower_ in w.relatives
        if start > lo and doc[start - 1].text == "," and doc[start].lower_ in w.articles | w.relatives:
            return self._group(start - 1, lo) or inner
        return inner

    def _speech_subject(self, mark: int, lo: int) -> Phrase | None:
        o = bisect_left(self.idx, mark)
        for v in range(o - 1, max(lo, o - 4 * self.w.max_speaker_tokens) - 1, -1):
            if self.doc[v].lower_ in self.w.speech_verbs:
                return self._backward(v, lo)
        return None

    def _nearest(self, raw: _Raw, s_start: int) -> Speaker:
        """The nearest mention before the quote in its sentence that is no complement ('the launch by North Korea')."""
        i = bisect_left(self.starts, raw.mark)
        for m in self.mentions[max(0, i - 20):i][::-1]:
            if m.start < s_start:
                break
            t = bisect_left(self.idx, m.start) - 1
            while t >= 0 and self.doc[t].lower_ in self.w.articles:
                t -= 1
            if m.end <= raw.mark and not (t >= 0 and self.doc[t].lower_ in self.w.not_subject_after):
                return m.code, m.text
        return None, None

    def _is_person(self, m: ActorMention) -> bool:
        return m.name in self.w.people or m.text in self.w.people

    def _recent(self, before: int, person: bool) -> ActorMention | None:
        i = bisect_left(self.starts, before)
        recent = self.mentions[max(0, i - 50):i][::-1]
        return next((m for m in recent if self._is_person(m) == person), recent[0] if recent else None)

    def _resolve(self, phrase: Phrase, before: int) -> Speaker:
        (i, j), w, doc = phrase, self.w, self.doc
        start, end = self.idx[i], self.idx[j - 1] + len(doc[j - 1])
        inside = [m for m in self.mentions[bisect_left(self.starts, start):bisect_left(self.starts, end)]
                  if m.end <= end]
        if inside:
            # The head of 'said Kim Yo Jong, the sister…' comes first; of 'Japan's minister Yoko Kamikawa said', last.
            pool = [m for m in inside if self._is_person(m)] or inside
            m = pool[0] if i > 0 and doc[i - 1].lower_ in w.speech_verbs | w.quoting_verbs else pool[-1]
            return m.code, m.text
        lowered = self._lowered(i, j)
        found: ActorMention | None = None
        if len(lowered) == 1 and (lowered[0] in w.person_pronouns or lowered[0] in w.other_pronouns):
            found = self._recent(min(before, start), lowered[0] in w.person_pronouns)
        elif len(lowered) > 1 and lowered[0] in w.determiners and lowered[-1] in w.references:
            found = self._recent(min(before, start), False)
        else:  # 'a senior official in Seoul told…' → 'a senior official'
            cut = next((k for k in range(i + 1, j) if lowered[k - i] in w.not_subject_after), j)
            end = self.idx[cut - 1] + len(doc[cut - 1])
        return (found.code if found else None), self.text[start:end]
