"""Articles and helpers for the watch tests: wire copy about launches on chosen days, stored through the real
pipeline and store."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from eventwatch.model import RawDocument
from eventwatch.pipeline.stages import Result, process
from eventwatch.store import Store

DEMO = Path(__file__).parents[2] / "src/eventwatch/data/demo"

LAUNCH = (
    "SEOUL — North Korea fired a short-range ballistic missile toward its eastern waters on {weekday}, "
    "South Korea's Joint Chiefs of Staff said, the latest in a string of weapons tests this year.\n\n"
    "The missile flew about 600 kilometers before landing in the sea, the Joint Chiefs said in a text "
    "message to reporters. Japan's defense ministry said it fell outside its exclusive economic zone.\n\n"
    "Source link\n\nYou May Also Like\nMarkets close mixed as oil slips…"
)
TALKS = (
    "GENEVA — Swiss and Austrian diplomats met on {weekday} to discuss river shipping rules, officials "
    "said. \"The talks were constructive,\" a Swiss spokesperson said.\n\nSource link"
)


def article(template: str, day: dt.date, outlet: str = "Harbour Wire", n: int = 0) -> Result:
    """The template as published the day after ``day``, whose weekday it names (a past-tense "on Monday")."""
    text = template.format(weekday=day.strftime("%A"))
    url = f"https://{outlet.lower().replace(' ', '')}.example.com/{day.isoformat()}/{n}"
    return process(RawDocument(text, "text", url, url=url, title=f"Launch report {day}",
                               published=day + dt.timedelta(days=1), source=outlet))


def save(store: Store, result: Result):
    return store.save(result.article, result.events, result.actors, places=result.places, quotes=result.quotes,
                      signature=result.signature, terms=result.terms)


def demo(name: str) -> Result:
    from eventwatch.ingest import iter_documents

    return process(next(iter(iter_documents(DEMO / f"{name}.txt"))))


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
