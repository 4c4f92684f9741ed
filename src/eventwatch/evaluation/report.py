"""Terminal rendering of an evaluation report."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from eventwatch.evaluation.score import Report
from eventwatch.evaluation.sentences import SentenceReport


def print_report(console: Console, report: Report, show_errors: int = 200) -> None:
    table = Table(title=f"event scores over {report.articles} articles", header_style="bold")
    for name in ("type", "gold", "predicted", "TP", "precision", "recall", "F1"):
        table.add_column(name, justify="right" if name != "type" else "left")
    rows = [("ALL", report.overall), *sorted(report.per_type.items())]
    for name, t in rows:
        table.add_row(name, str(t.tp + t.fn), str(t.tp + t.fp), str(t.tp), f"{t.precision:.3f}",
                      f"{t.recall:.3f}", f"{t.f1:.3f}")
    console.print(table)
    for attribute in sorted(report.judged):
        value = report.exactness(attribute)
        console.print(f"{attribute} exactness among matched events: {value:.3f} "
                      f"({report.exact[attribute]}/{report.judged[attribute]})")
    for label, items in (("false positives", report.false_positives), ("false negatives", report.false_negatives)):
        if not items or show_errors <= 0:
            continue
        console.rule(f"{len(items)} {label}")
        for article, event in items[:show_errors]:
            if label == "false positives":
                head = f"{event.source_actor} {event.plover_type} {event.target_actor or '—'} {event.date_label}"
                evidence = event.evidence.sentence
            else:
                head = (f"{event.source_actor} {'|'.join(event.plover_types)} {event.target_actor or '—'} "
                        f"{event.date}")
                evidence = event.evidence
            console.print(f"[bold]{escape(article)}[/bold] {escape(head)}: [dim]{escape(evidence[:200])}[/dim]")
    for error in report.errors:
        console.print(f"[red]error[/red] {escape(error)}")


def print_sentence_report(console: Console, report: SentenceReport, show_errors: int = 200) -> None:
    table = Table(title=f"{report.sentences} gold sentences", header_style="bold")
    for name in ("type", "sentences", "type found", "type + source + target"):
        table.add_column(name, justify="right" if name != "type" else "left")
    for name, counts in sorted(report.per_type.items()):
        n = counts["sentences"]
        table.add_row(name, str(n), f"{counts['type'] / n:.2f}", f"{counts['full'] / n:.2f}")
    console.print(table)
    console.print(f"type recall {report.type_recall:.3f} · type + source + target recall {report.full_recall:.3f} · "
                  f"precision {report.precision:.3f} ({report.correct}/{report.predicted} coded events)")
    for gold, coded in report.misses[:max(show_errors, 0)]:
        got = "; ".join(f"{e.source_actor} {e.plover_type} {e.target_actor or '—'}" for e in coded) or "nothing"
        console.print(f"[bold]{escape(gold.id)}[/bold] gold {escape(str(gold.source_actor))} "
                      f"{'|'.join(gold.plover_types)} {escape(str(gold.target_actor or '—'))}, coded {escape(got)}: "
                      f"[dim]{escape(gold.text[:160])}[/dim]")
    for error in report.errors:
        console.print(f"[red]error[/red] {escape(error)}")
