"""``eventwatch eval``: score the pipeline against a gold corpus of articles or of sentences, with floors that
make the exit status fail a build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from eventwatch.cli.common import console, err, fail
from eventwatch.errors import EventwatchError


def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of NNN.txt|html + NNN.meta.json + NNN.gold.yaml.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the full report as JSON.")] = None,
    min_f1: Annotated[float | None, typer.Option(help="Exit with status 1 when overall F1 is below this.")] = None,
    show_errors: Annotated[int, typer.Option(help="How many false positives/negatives to list.")] = 200,
    min_type_recall: Annotated[float | None, typer.Option(
        help="Sentence sets: exit with status 1 when type recall is below this.")] = None,
    min_full_recall: Annotated[float | None, typer.Option(
        help="Sentence sets: exit with status 1 when type + source + target recall is below this.")] = None,
) -> None:
    """Score the pipeline against a gold corpus (articles, or a folder of gold sentences): P/R/F1 overall and
    per type, exactness, FP/FN lists."""
    from eventwatch.evaluation.gold import load_gold
    from eventwatch.evaluation.report import print_report
    from eventwatch.evaluation.score import evaluate
    from eventwatch.evaluation.sentences import is_sentence_folder

    if not gold_dir.is_dir():
        raise typer.BadParameter(f"{gold_dir} is not a folder")
    if is_sentence_folder(gold_dir):
        _eval_sentences(gold_dir, json_out, show_errors, min_type_recall, min_full_recall)
        return
    try:
        articles = load_gold(gold_dir)
    except EventwatchError as exc:
        fail(exc)
    report = evaluate(articles)
    print_report(console, report, show_errors)
    if json_out:
        json_out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), "utf-8")
    if min_f1 is not None and report.overall.f1 < min_f1:
        err.print(f"[red]overall event F1 {report.overall.f1:.3f} is below the floor {min_f1:.3f}[/red]")
        raise typer.Exit(1)


def _eval_sentences(folder: Path, json_out: Path | None, show_errors: int, min_type: float | None,
                    min_full: float | None) -> None:
    from eventwatch.evaluation.report import print_sentence_report
    from eventwatch.evaluation.sentences import evaluate_sentences, load_sentences

    try:
        report = evaluate_sentences(load_sentences(folder))
    except EventwatchError as exc:
        fail(exc)
    print_sentence_report(console, report, show_errors)
    if json_out:
        json_out.write_text(json.dumps(report.as_dict(), indent=2, ensure_ascii=False), "utf-8")
    for name, value, floor in (("type recall", report.type_recall, min_type),
                               ("type + source + target recall", report.full_recall, min_full)):
        if floor is not None and value < floor:
            err.print(f"[red]{name} {value:.3f} is below the floor {floor:.3f}[/red]")
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_)
