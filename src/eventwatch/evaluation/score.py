"""Scoring coded events against gold, with the matching rules of the shared gold format.

A prediction matches a gold event of the same article when the PLOVER type is equal (any of a gold list), the
source actors agree on the country part, the targets agree likewise (null = null), and the dates are compatible
at the coarser of the two precisions. Each gold event matches at most one prediction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from eventwatch.evaluation.gold import GoldArticle, GoldEvent
from eventwatch.evaluation.places import same_place
from eventwatch.model import Event
from eventwatch.nlp.dictionary import country_of
from eventwatch.pipeline.stages import process

_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _period(day: dt.date, precision: str) -> tuple:
    if precision == "day":
        return (day,)
    if precision == "week":
        return day.isocalendar()[:2]
    if precision == "month":
        return (day.year, day.month)
    return (day.year,)


def dates_compatible(a: dt.date, pa: str, b: dt.date, pb: str) -> bool:
    coarser = pa if _RANK[pa] >= _RANK[pb] else pb
    return _period(a, coarser) == _period(b, coarser)


def _same_country(a: str | None, b: str | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and country_of(a) == country_of(b))


def matches(event: Event, gold: GoldEvent) -> bool:
    return (
        event.plover_type in gold.plover_types
        and _same_country(event.source_actor, gold.source_actor)
        and _same_country(event.target_actor, gold.target_actor)
        and dates_compatible(event.date, event.date_precision, gold.date, gold.date_precision)
    )


def _closeness(event: Event, gold: GoldEvent) -> int:
    """Among several matching predictions prefer the one that also gets the details right."""
    return sum((event.source_actor == gold.source_actor, event.target_actor == gold.target_actor,
                event.date == gold.date and event.date_precision == gold.date_precision,
                event.mode == gold.mode, event.modality == gold.modality))


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    overall: Tally = field(default_factory=Tally)
    per_type: dict[str, Tally] = field(default_factory=dict)
    exact: Counter[str] = field(default_factory=Counter)  # attribute -> matched events where it was exact
    judged: Counter[str] = field(default_factory=Counter)  # attribute -> matched events where it was scored
    false_positives: list[tuple[str, Event]] = field(default_factory=list)
    false_negatives: list[tuple[str, GoldEvent]] = field(default_factory=list)
    articles: int = 0
    errors: list[str] = field(default_factory=list)

    def exactness(self, attribute: str) -> float | None:
        return self.exact[attribute] / self.judged[attribute] if self.judged[attribute] else None

    def tally(self, plover_type: str) -> Tally:
        return self.per_type.setdefault(plover_type, Tally())

    def as_dict(self) -> dict:
        def t(x: Tally) -> dict:
            return {"tp": x.tp, "fp": x.fp, "fn": x.fn, "precision": round(x.precision, 4),
                    "recall": round(x.recall, 4), "f1": round(x.f1, 4)}
        return {
            "articles": self.articles, "overall": t(self.overall),
            "per_type": {k: t(v) for k, v in sorted(self.per_type.items())},
            "exactness": {k: round(self.exactness(k) or 0.0, 4) for k in sorted(self.judged)},
            "judged": dict(self.judged),
            "false_positives": [{"article": a, "source": e.source_actor, "type": e.plover_type,
                                 "target": e.target_actor, "date": e.date_label, "evidence": e.evidence.sentence}
                                for a, e in self.false_positives],
            "false_negatives": [{"article": a, "source": g.source_actor, "type": "|".join(g.plover_types),
                                 "target": g.target_actor, "date": str(g.date), "evidence": g.evidence}
                                for a, g in self.false_negatives],
            "errors": self.errors,
        }


def _judge(report: Report, event: Event, gold: GoldEvent) -> None:
    checks = {
        "actor_codes": event.source_actor == gold.source_actor and event.target_actor == gold.target_actor,
        "date": event.date == gold.date and event.date_precision == gold.date_precision,
        "mode": event.mode == gold.mode,
        "modality": event.modality == gold.modality,
    }
    if gold.has_reported_by:
        checks["reported_by"] = _same_reporter(event.reported_by, gold.reported_by)
        checks["reported_by_code"] = event.reported_by == gold.reported_by
    if gold.has_place:
        checks["place"] = same_place(event, gold.place)
        if gold.place is not None:
            checks["place_named"] = checks["place"]
    for name, ok in checks.items():
        report.judged[name] += 1
        report.exact[name] += int(ok)


def _same_reporter(predicted: str | None, gold: str | None) -> bool:
    return (predicted is None and gold is None) or (
        predicted is not None and gold is not None and country_of(predicted) == country_of(gold))


def score_article(report: Report, name: str, predicted: list[Event], gold: list[GoldEvent]) -> None:
    unused = list(predicted)
    for gold_event in gold:
        candidates = [e for e in unused if matches(e, gold_event)]
        if not candidates:
            report.overall.fn += 1
            report.tally(gold_event.plover_types[0]).fn += 1
            report.false_negatives.append((name, gold_event))
            continue
        best = max(candidates, key=lambda e: _closeness(e, gold_event))
        unused.remove(best)
        report.overall.tp += 1
        report.tally(best.plover_type).tp += 1
        _judge(report, best, gold_event)
    for event in unused:
        report.overall.fp += 1
        report.tally(event.plover_type).fp += 1
        report.false_positives.append((name, event))


def evaluate(articles: list[GoldArticle]) -> Report:
    report = Report()
    for article in articles:
        report.articles += 1
        try:
            predicted = process(article.raw).events
        except Exception as exc:  # a crash on one article is a scoring fact, not a reason to stop
            report.errors.append(f"{article.name}: {exc!r}")
            predicted = []
        score_article(report, article.name, predicted, article.events)
    return report
