"""Scoring on single sentences with one gold event each (tests/gold/sentences/*.yaml).

Each file: ``published`` (the date the sentences are read against) and ``sentences``, a list of
``{id, text, plover_type (one or a list), mode, source_actor, target_actor, modality}``. Dates are not scored.

- type recall: sentences where some coded event has the gold type;
- full recall: sentences where some coded event has the gold type and the gold source and target countries
  (the rule of the article scorer, without the date);
- precision: coded events that are the sentence's gold event, over all coded events (each gold event
  counts once; a second event of the same sentence is a false positive even where the codebook would allow it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from eventwatch.errors import EventwatchError
from eventwatch.evaluation.score import _same_country
from eventwatch.model import Event, RawDocument
from eventwatch.pipeline.stages import process


class SentenceGoldError(EventwatchError):
    """A sentence gold file does not follow the format."""


@dataclass(frozen=True)
class GoldSentence:
    id: str
    text: str
    published: dt.date
    plover_types: tuple[str, ...]
    mode: str | None
    source_actor: str | None
    target_actor: str | None
    modality: str | None


@dataclass
class SentenceReport:
    sentences: int = 0
    type_found: int = 0
    full_found: int = 0
    predicted: int = 0
    correct: int = 0
    per_type: dict[str, Counter] = field(default_factory=dict)
    misses: list[tuple[GoldSentence, list[Event]]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def type_recall(self) -> float:
        return self.type_found / self.sentences if self.sentences else 0.0

    @property
    def full_recall(self) -> float:
        return self.full_found / self.sentences if self.sentences else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    def as_dict(self) -> dict:
        return {
            "sentences": self.sentences, "type_recall": round(self.type_recall, 4),
            "full_recall": round(self.full_recall, 4), "precision": round(self.precision, 4),
            "per_type": {k: dict(v) for k, v in sorted(self.per_type.items())},
            "misses": [{"id": g.id, "gold": f"{g.source_actor} {'|'.join(g.plover_types)} {g.target_actor}",
                        "coded": [f"{e.source_actor} {e.plover_type} {e.target_actor}" for e in coded],
                        "text": g.text} for g, coded in self.misses],
            "errors": self.errors,
        }


def is_sentence_folder(folder: Path) -> bool:
    return any(folder.glob("*.yaml")) and not any(folder.rglob("*.gold.yaml"))


def load_sentences(folder: Path) -> list[GoldSentence]:
    found: list[GoldSentence] = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8")) or {}
        published = data.get("published")
        if not isinstance(published, dt.date):
            raise SentenceGoldError(f"{path}: 'published' must be a YYYY-MM-DD date")
        for index, raw in enumerate(data.get("sentences") or []):
            try:
                types = raw["plover_type"]
                found.append(GoldSentence(
                    str(raw["id"]), str(raw["text"]), published,
                    tuple(str(t).upper() for t in (types if isinstance(types, list) else [types])),
                    raw.get("mode"), raw.get("source_actor"), raw.get("target_actor"), raw.get("modality")))
            except (KeyError, TypeError) as exc:
                raise SentenceGoldError(f"{path}#{index}: missing or bad field {exc}") from exc
    return found


def _is_gold(event: Event, gold: GoldSentence) -> bool:
    return (event.plover_type in gold.plover_types and _same_country(event.source_actor, gold.source_actor)
            and _same_country(event.target_actor, gold.target_actor))


def evaluate_sentences(sentences: list[GoldSentence]) -> SentenceReport:
    report = SentenceReport()
    for gold in sentences:
        report.sentences += 1
        counts = report.per_type.setdefault(gold.plover_types[0], Counter())
        counts["sentences"] += 1
        try:
            coded = process(RawDocument(gold.text, "text", gold.id, published=gold.published)).events
        except Exception as exc:  # a crash on one sentence is a scoring fact, not a reason to stop
            report.errors.append(f"{gold.id}: {exc!r}")
            coded = []
        typed = any(e.plover_type in gold.plover_types for e in coded)
        full = any(_is_gold(e, gold) for e in coded)
        report.type_found += typed
        report.full_found += full
        counts["type"] += typed
        counts["full"] += full
        report.predicted += len(coded)
        report.correct += int(full)
        if not full:
            report.misses.append((gold, coded))
    return report
