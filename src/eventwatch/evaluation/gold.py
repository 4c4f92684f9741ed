"""Gold annotations in the shared format (../shared/spec/gold-format.md).

Each article is NNN.txt|html + NNN.meta.json + NNN.gold.yaml."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eventwatch.errors import EventwatchError
from eventwatch.model import PRECISIONS, RawDocument


class GoldError(EventwatchError):
    """A gold file does not follow the format."""


@dataclass(frozen=True)
class GoldEvent:
    source_actor: str | None
    target_actor: str | None
    plover_types: tuple[str, ...]  # one, or several where the codebook allows two readings
    mode: str | None
    date: dt.date
    date_precision: str
    modality: str | None
    evidence: str
    place: str | None = None
    reported_by: str | None = None
    has_reported_by: bool = False  # the key is present (null is an answer too)
    has_place: bool = False
    aggregate: bool = False


@dataclass
class GoldArticle:
    name: str
    raw: RawDocument
    events: list[GoldEvent] = field(default_factory=list)


def parse_gold_date(value: object, precision: str, where: str) -> dt.date:
    """YAML gives a date for YYYY-MM-DD, an int for YYYY and a string for YYYY-MM."""
    if precision not in PRECISIONS:
        raise GoldError(f"{where}: date_precision {precision!r} is not one of {PRECISIONS}")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        parts = [int(p) for p in text.split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError) as exc:
        raise GoldError(f"{where}: bad date {text!r}") from exc


def _event(raw: dict, where: str) -> GoldEvent:
    try:
        types = raw["plover_type"]
        types = tuple(types) if isinstance(types, list) else (types,)
        precision = raw["date_precision"]
        return GoldEvent(
            source_actor=raw.get("source_actor"), target_actor=raw.get("target_actor"),
            plover_types=tuple(str(t).upper() for t in types), mode=raw.get("mode"),
            date=parse_gold_date(raw["date"], precision, where), date_precision=precision,
            modality=raw.get("modality"), evidence=str(raw.get("evidence") or ""), place=raw.get("place"),
            reported_by=raw.get("reported_by"), has_reported_by="reported_by" in raw, has_place="place" in raw,
            aggregate=bool(raw.get("aggregate")),
        )
    except KeyError as exc:
        raise GoldError(f"{where}: missing field {exc}") from exc


def load_gold(folder: Path) -> list[GoldArticle]:
    """Every article of a gold folder (recursively), sorted by path."""
    articles: list[GoldArticle] = []
    for gold_path in sorted(folder.rglob("*.gold.yaml")):
        stem = gold_path.name.removesuffix(".gold.yaml")
        candidates = [gold_path.with_name(stem + ext) for ext in (".txt", ".html", ".htm")]
        page = next((p for p in candidates if p.exists()), None)
        if page is None:
            raise GoldError(f"{gold_path}: no article .txt/.html beside it")
        meta_path = gold_path.with_name(stem + ".meta.json")
        meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
        published = dt.date.fromisoformat(meta["published"]) if meta.get("published") else None
        raw = RawDocument(page.read_text("utf-8"), "text" if page.suffix == ".txt" else "html", str(page),
                          url=meta.get("url"), title=meta.get("title"), published=published,
                          source=meta.get("source"))
        data = yaml.safe_load(gold_path.read_text("utf-8")) or {}
        events = [_event(e, f"{gold_path}#{i}") for i, e in enumerate(data.get("events") or [])]
        articles.append(GoldArticle(str(gold_path.relative_to(folder)).removesuffix(".gold.yaml"), raw, events))
    return articles
