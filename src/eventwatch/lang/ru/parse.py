"""Natasha's segmentation, morphology, UD parse and lemmas over an article's own text.

The models ship inside the natasha/slovnet/navec wheels, so nothing is fetched at run time; they are loaded once
per process because loading costs about a second and a half, parsing a short article a tenth of that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pymorphy3
from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter


@dataclass
class Token:
    index: int  # position in its sentence, from 0
    text: str
    lemma: str  # natasha's lemma, lower-case, ё as е
    forms: frozenset[str]  # lemma, the word itself and every pymorphy3 normal form: dictionary lookups use these
    pos: str
    rel: str
    head: int  # index of the head in the sentence; -1 for a root
    start: int  # offsets into Article.text
    end: int
    feats: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedSentence:
    start: int
    end: int
    text: str
    tokens: list[Token]
    locations: list[tuple[int, int, str]] = field(default_factory=list)  # NER LOC spans: start, end, normal form

    def children(self, token: Token) -> list[Token]:
        return [t for t in self.tokens if t.head == token.index]

    def subtree(self, token: Token, depth: int = 4) -> list[Token]:
        found, frontier = [token], [token]
        for _ in range(depth):
            frontier = [c for t in frontier for c in self.children(t)]
            found += frontier
        return sorted(found, key=lambda t: t.index)


@dataclass(frozen=True)
class _Models:
    segmenter: Any
    morph: Any
    syntax: Any
    ner: Any
    vocab: Any
    analyzer: Any


@lru_cache(maxsize=1)
def _models() -> _Models:
    embedding = NewsEmbedding()
    return _Models(Segmenter(), NewsMorphTagger(embedding), NewsSyntaxParser(embedding), NewsNERTagger(embedding),
                   MorphVocab(), pymorphy3.MorphAnalyzer())


def plain(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=50_000)
def _normal_forms(word: str) -> frozenset[str]:
    return frozenset(plain(p.normal_form) for p in _models().analyzer.parse(word))


def parse(text: str) -> list[ParsedSentence]:
    models = _models()
    doc = Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(models.morph)
    doc.parse_syntax(models.syntax)
    doc.tag_ner(models.ner)
    sentences = [_sentence(text, sent, models) for sent in doc.sents]
    for span in doc.spans:
        if span.type == "LOC":
            span.normalize(models.vocab)  # "Белгородской области" → "Белгородская область"
            home = next((s for s in sentences if s.start <= span.start < s.end), None)
            if home is not None:
                home.locations.append((span.start, span.stop, span.normal or span.text))
    return sentences


def _sentence(text: str, sent: Any, models: _Models) -> ParsedSentence:
    ids = {t.id: i for i, t in enumerate(sent.tokens)}
    tokens = []
    for i, t in enumerate(sent.tokens):
        t.lemmatize(models.vocab)
        lemma = plain(t.lemma or t.text)
        forms = frozenset({lemma, plain(t.text)}) | _normal_forms(t.text)
        tokens.append(Token(i, t.text, lemma, forms, t.pos or "", t.rel or "", ids.get(t.head_id, -1),
                            t.start, t.stop, dict(t.feats or {})))
    _repair_subjects(tokens)
    return ParsedSentence(sent.start, sent.stop, text[sent.start:sent.stop], tokens)


def _repair_subjects(tokens: list[Token]) -> None:
    """Natasha sometimes hangs a subject on a verb across another finite verb that has none ("Украинские
    беспилотники атаковали Саратов, … возник пожар"; "посредниками выступили ОАЭ" with ОАЭ on the verb before).
    A subject belongs to the nearest subjectless finite verb between it and its head."""
    has_subject = {t.head for t in tokens if t.rel in ("nsubj", "nsubj:pass")}
    for token in tokens:
        if token.rel != "nsubj" or token.head < 0:
            continue
        low, high = sorted((token.index, token.head))
        between = [t for t in tokens[low + 1:high] if t.pos == "VERB" and t.feats.get("VerbForm") == "Fin"
                   and t.index not in has_subject]
        if between:
            verb = min(between, key=lambda t: abs(t.index - token.index))
            has_subject.add(verb.index)
            token.head = verb.index
