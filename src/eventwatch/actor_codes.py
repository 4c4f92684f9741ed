"""Parts of an actor code (country, role): plain string functions.

Apart from ``nlp.dictionary`` (which builds spaCy matchers) so that the store's event merging and the
evaluation can read codes without importing spaCy: a read command must not pay for the NLP stack.
"""

from __future__ import annotations

# Codes whose first three letters are not a country (CAMEO international / non-state prefixes).
NON_COUNTRY_PREFIXES = frozenset({"IGO", "NGO", "NAT", "IMG", "MNC", "INT", "UIS", "NGM"})


def country_of(code: str | None) -> str | None:
    """The country part of an actor code: ISO-3 for states; for an international body its organisation
    (IGOUNOWFP → IGOUNO: the World Food Programme is part of the U.N.)."""
    if not code:
        return None
    if code[:3] == "IGO" and len(code) >= 6:
        return code[:6]
    if code == "NATO" or code[:3] in NON_COUNTRY_PREFIXES:
        return code
    return code[:3]


def role_of(code: str) -> str | None:
    if code == "NATO" or code[:3] in NON_COUNTRY_PREFIXES:
        return None
    return code[3:6] or None
