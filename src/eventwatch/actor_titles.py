"""The proper name of an actor code, for titles: PRK → North Korea, PRKGOV → North Korea — government,
IGOUNO → United Nations, IGOUNOWFP → World Food Programme.

A code names a country or an organisation, never a person: the people of the dictionary (and whatever name the
store kept for a code, often the first person coded with it) share their country's role codes, so "Kim Jong Un"
must not become the title of PRKGOV. Names come from the actor dictionary first (its short common names:
"North Korea", "Russia"), then pycountry for other ISO-3 codes (its common name where it has one).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from eventwatch.actor_codes import NON_COUNTRY_PREFIXES, country_of
from eventwatch.actor_names import actor_names

TitleKind = Literal["country", "organisation", "role", "unknown"]

# CAMEO role codes (the CAMEO actor codebook's primary and secondary types), as a news reader says them.
ROLE_LABELS = {
    "GOV": "government", "MIL": "military", "LEG": "legislature", "JUD": "judiciary", "COP": "police",
    "SPY": "intelligence", "MED": "media", "CVL": "civilians", "OPP": "opposition", "REB": "rebels",
    "INS": "insurgents", "SEP": "separatists", "UAF": "armed groups", "PTY": "party", "CRM": "criminals",
    "BUS": "business", "AGR": "agriculture", "DEV": "development", "EDU": "education", "ELI": "elites",
    "ENV": "environment", "HLH": "health", "HRI": "human rights", "LAB": "labour", "REF": "refugees",
    "MOD": "moderates", "RAD": "radicals", "SET": "settlers",
}


@dataclass(frozen=True)
class ActorTitle:
    code: str
    name: str  # the code itself when nothing names it
    kind: TitleKind
    country: str | None  # country_of(code): ISO-3, or the organisation's code
    country_name: str | None
    role: str | None  # the role part (GOV, MILSPY) of a country's code
    role_label: str | None  # "government", "military, intelligence"


@lru_cache(maxsize=1)
def _dictionary_names() -> dict[str, tuple[str, str]]:
    """Code → (name, kind) of the first country or organisation the dictionary lists with that code: the
    dictionary lists an organisation's own name before its organs' (United Nations before its Security Council)."""
    names: dict[str, tuple[str, str]] = {}
    for actor in actor_names():
        if actor.kind != "person":
            names.setdefault(actor.code, (actor.name, actor.kind))
    return names


def country_name(iso3: str) -> str | None:
    """The dictionary's name of a country (North Korea), else pycountry's common or short name."""
    known = _dictionary_names().get(iso3)
    if known and known[1] == "country":
        return known[0]
    import pycountry  # its database loads on first use: not for `eventwatch --help`

    found = pycountry.countries.get(alpha_3=iso3)
    return (getattr(found, "common_name", None) or found.name) if found else None


def role_label(role: str) -> str | None:
    """"MILSPY" → "military, intelligence"; None when any 3-letter part is no known role."""
    parts = [role[i:i + 3] for i in range(0, len(role), 3)]
    labels = [ROLE_LABELS.get(part) for part in parts]
    return ", ".join(label for label in labels if label) if all(labels) else None


def actor_title(code: str) -> ActorTitle:
    code = code.upper()
    home = country_of(code)
    if code == "NATO" or code[:3] in NON_COUNTRY_PREFIXES:
        return _organisation(code, home)
    nation = country_name(code[:3]) if len(code) >= 3 else None
    if nation is None:
        return ActorTitle(code, code, "unknown", home, None, None, None)
    if len(code) == 3:
        return ActorTitle(code, nation, "country", home, nation, None, None)
    role = code[3:]
    label = role_label(role)
    return ActorTitle(code, f"{nation} — {label or role}", "role", home, nation, role, label)


def _organisation(code: str, home: str | None) -> ActorTitle:
    """An international body: its own dictionary name, else its parent's (an unknown UN agency is at least
    "United Nations (IGOUNOXYZ)"), else the code."""
    own = _dictionary_names().get(code)
    parent = _dictionary_names().get(home) if home else None
    name = own[0] if own else f"{parent[0]} ({code})" if parent else code
    return ActorTitle(code, name, "organisation" if own or parent else "unknown", home,
                      parent[0] if parent else None, None, None)
