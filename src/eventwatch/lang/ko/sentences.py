"""The sentences of a Korean article. The shared splitter (text/) splits Korean wire copy well, since its
sentences end in "다." like English ones end in "."; an article it left unsplit is split by Kiwi."""

from __future__ import annotations

from eventwatch.lang.ko.morph import kiwi
from eventwatch.model import Article, Sentence


def sentences_of(article: Article) -> list[Sentence]:
    if article.sentences:
        return article.sentences
    found = kiwi().split_into_sents(article.text)
    return [Sentence(i, s.start, s.end, s.text, 0) for i, s in enumerate(found)]
