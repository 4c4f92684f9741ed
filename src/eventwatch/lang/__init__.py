"""Coders for the languages eventwatch reads besides English, each in its own package (``lang/ko``, ``lang/ru``)
behind an optional extra (``eventwatch[ko]``, ``eventwatch[ru]``), into the same events as English.

A language's package has ``code_article(article) -> Coded``: its events, actors and places, with offsets into the
article's own text. ``CODERS`` names the package and the extra of each language; a language not listed is stored
and not coded ("unsupported-language", pipeline/stages.py), and a listed one whose extra is not installed is
skipped with a reason that names the extra to install.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from eventwatch.errors import DocumentError
from eventwatch.model import ActorMention, Article, Event, PlaceMention, Quote

# language → (package with code_article, the extra whose libraries it needs)
CODERS: dict[str, tuple[str, str]] = {
    "ko": ("eventwatch.lang.ko", "ko"),
    "ru": ("eventwatch.lang.ru", "ru"),
}


@dataclass
class Coded:
    events: list[Event]
    actors: list[ActorMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


def coder_for(article: Article) -> Callable[[Article], Coded] | None:
    """The coder of the article's language; None when eventwatch has none for it. DocumentError
    ("missing-extra") when it has one whose optional libraries are not installed."""
    if article.language not in CODERS:
        return None
    package, extra = CODERS[article.language]
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise DocumentError(article.origin, "missing-extra",
                            f"{article.language} text needs the optional '{extra}' dependencies, which are not "
                            f"installed: pip install 'eventwatch[{extra}]' ({exc})") from exc
    return module.code_article
