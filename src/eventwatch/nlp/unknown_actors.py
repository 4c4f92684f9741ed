from __future__ import annotations


def recognise_unknown_actors(article, doc, parses, known):
    return []
