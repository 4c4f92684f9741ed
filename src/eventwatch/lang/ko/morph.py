"""Kiwi morphology for Korean: one analyser per process, morphemes with offsets into the article's text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kiwipiepy import Kiwi


@dataclass(frozen=True)
class Morph:
    form: str
    tag: str  # Sejong tag as Kiwi writes it: NNG, NNP, VV, XSV, JKS, JX, JKO, JKB, EC, EF, EP, ...
    start: int  # offsets into Article.text
    end: int

    @property
    def noun(self) -> bool:
        return self.tag in ("NNG", "NNP", "SL", "SH", "XR")

    @property
    def particle(self) -> bool:
        return self.tag.startswith("J")


@lru_cache(maxsize=1)
def kiwi() -> Any:
    # Loading the model takes ~2 s and ~100 MB: once per process, on the first Korean article.
    return Kiwi()


def analyse(text: str, offset: int = 0) -> list[Morph]:
    """The morphemes of ``text``; ``offset`` is where it starts in the article."""
    return [Morph(t.form, _tag(t.tag), offset + t.start, offset + t.start + t.len) for t in kiwi().tokenize(text)]


def _tag(tag: str) -> str:
    # Kiwi marks irregular conjugations (VV-I, VV-R); the bare tag is what the rules look at.
    return tag.split("-")[0]
