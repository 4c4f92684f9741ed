"""Terminal rendering of an evaluation report."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from eventwatch.evaluation.score import Report


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
