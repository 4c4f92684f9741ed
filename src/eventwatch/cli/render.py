"""Terminal output of the command line: event tables, JSON/CSV, ingest summaries and articles with highlighted
evidence."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from eventwatch.lang.detect import CODED_LANGUAGES
from eventwatch.model import STATED_PLACE_BASES
from eventwatch.store import ArticleRecord, EventRecord
from eventwatch.store.flat import event_rows
from eventwatch.store.records import MentionRecord, QuoteRecord, StoryRecord

if TYPE_CHECKING:  # the ingest loop pulls in the NLP pipeline, stories SQLAlchemy: `--help` needs neither
    from eventwatch.pipeline.run import IngestSummary
    from eventwatch.store.stories import Related

COLUMNS = ("id", "date", "precision", "source", "type", "mode", "target", "modality", "intensity",
           "quantity", "aggregate", "reported_by", "place", "article_id", "url", "evidence", "start", "end")


def print_events(console: Console, records: list[EventRecord], fmt: str, wide: bool = False) -> None:
    """JSON, CSV, or for the terminal one line per event (``wide``: the full table)."""
    rows = event_rows(records)
    if fmt == "json":
        console.print_json(json.dumps(rows, ensure_ascii=False))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        flat = [{**row, "quotes": " | ".join(_quote_label(q) for q in row["quotes"])} for row in rows]
        writer = csv.DictWriter(buffer, fieldnames=list(flat[0]) if flat else list(COLUMNS))
        writer.writeheader()
        writer.writerows(flat)
        console.file.write(buffer.getvalue())
        return
    if not wide:
        _print_event_lines(console, rows)
        return
    _print_wide(console, rows)


def _print_wide(console: Console, rows: list[dict[str, Any]]) -> None:
    """Every field of each event, the whole evidence sentence wrapped beneath it: a block per event reads at any
    width, where a table of twelve columns folds every cell at 80."""
    console.print(Text(f"{len(rows)} events", style="bold"))
    for row in rows:
        details = [f"article {row['article_id']}", f"{row['num_mentions']} mentions from {row['num_sources']} sources"]
        if row["place"]:
            details.append(f"where: {_place_label(row)}")
        if row["reported_by"]:
            details.append(f"reported by {row['reported_by']}")
        if row["quantity"]:
            details.append(f"quantity: {row['quantity']}")
        evidence = Text(_SPACE.sub(" ", row["evidence"]).strip())
        offset = evidence.plain.find(row["trigger"]) if row["trigger"] else -1
        if offset >= 0:
            evidence.stylize("bold yellow", offset, offset + len(row["trigger"]))
        console.print()
        console.print(Text.assemble((str(row["id"]), "bold"), f"  {row['date']}  ", (_action(row), "bold"),
                                    " (aggregate)" if row["aggregate"] else ""))
        for text in (Text(" · ".join(details), style="dim"), evidence):
            for line in text.wrap(console, max(20, console.width - 4)):
                line.rstrip()
                console.print(Text.assemble("    ", line), soft_wrap=True)


# --- the default view: one line per event, sized to the console (--wide folds the evidence over many lines) ---
# Each line: event id, date, source → TYPE/mode → target, place, and the evidence cut with "…" around its trigger.

INFERRED = "≈"  # marks a place the text does not state (dateline, actor's country)
_SPACE = re.compile(r"\s+")
# Share of the line the action and the place may take at most; the evidence gets what is left.
_ACTION_SHARE, _PLACE_SHARE, _MIN_EVIDENCE = 0.34, 0.15, 12


def _action(row: dict[str, Any], with_mode: bool = True) -> str:
    kind = row["type"] + (f"/{row['mode']}" if with_mode and row["mode"] else "")
    if row["modality"] != "asserted":
        kind += f" ({row['modality']})"
    return f"{row['source'] or '—'} → {kind}" + (f" → {row['target']}" if row["target"] else "")


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    cut = Text(text)
    cut.truncate(width, overflow="ellipsis")
    return cut.plain


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _place(row: dict[str, Any]) -> str:
    if not row["place"]:
        return ""
    return (INFERRED if row["place_basis"] not in STATED_PLACE_BASES else "") + row["place"]


def _evidence(row: dict[str, Any], width: int) -> Text:
    """The sentence on one line, cut to ``width`` cells around its trigger (which stays visible and bold)."""
    sentence = _SPACE.sub(" ", row["evidence"]).strip()
    trigger = _SPACE.sub(" ", row["trigger"] or "")
    offset = sentence.find(trigger) if trigger else -1
    start = 0
    if cell_len(sentence) > width and offset > width // 3:
        # A quarter of the room before the trigger, but never leave room empty at the end.
        start = max(0, min(offset - width // 4, len(sentence) - width + 1))
    shown = Text(("…" if start else "") + sentence[start:])
    at = shown.plain.find(trigger) if trigger else -1
    if at >= 0:
        shown.stylize("bold yellow", at, at + len(trigger))
    shown.truncate(width, overflow="ellipsis")
    return shown


def event_lines(rows: list[dict[str, Any]], width: int) -> list[Text]:
    """A header and one line per row, none wider than ``width`` cells."""
    id_width = max([len("id"), *(len(str(r["id"])) for r in rows)])
    date_width = max([len("date"), *(len(r["date"]) for r in rows)])
    action_cap = max(16, int(width * _ACTION_SHARE))
    actions = []
    for row in rows:
        action = _action(row)
        # The mode is the first thing to go when the action does not fit: type and actors matter more.
        actions.append(_fit(action if cell_len(action) <= action_cap else _action(row, False), action_cap))
    action_width = max([len("source → type → target"), *(cell_len(a) for a in actions)])
    action_width = min(action_width, action_cap)
    places = [_place(r) for r in rows]
    place_width = min(max([len("place"), *(cell_len(p) for p in places)]), max(8, int(width * _PLACE_SHARE)))
    evidence_width = max(_MIN_EVIDENCE, width - id_width - date_width - action_width - place_width - 4)

    def line(ident: str, date: str, action: str, place: str, evidence: Text, style: str = "") -> Text:
        return Text.assemble(
            (ident.rjust(id_width), style or "bold"), " ", (_pad(date, date_width), style), " ",
            (_pad(_fit(action, action_width), action_width), style), " ",
            (_pad(_fit(place, place_width), place_width), style), " ", evidence)

    header = line("id", "date", "source → type → target", "place", Text("evidence", style="dim"), "dim")
    return [header] + [line(str(row["id"]), row["date"], action, place, _evidence(row, evidence_width))
                       for row, action, place in zip(rows, actions, places, strict=True)]


def _print_event_lines(console: Console, rows: list[dict[str, Any]]) -> None:
    for text in event_lines(rows, console.width):
        console.print(text, no_wrap=True, overflow="ellipsis", crop=True, soft_wrap=False)
    legend = f"{len(rows)} events" + (f" · {INFERRED} inferred place" if any(
        p.startswith(INFERRED) for p in map(_place, rows)) else "")
    console.print(Text(f"{legend} · --wide for all columns · event ID for its reports", style="dim"),
                  no_wrap=True, overflow="ellipsis", crop=True)


def _place_label(row: dict[str, Any]) -> str:
    """'Sunan (site)'; an inferred place is marked: 'Seoul (city, dateline)'."""
    if not row["place"]:
        return ""
    inferred = row["place_basis"] not in STATED_PLACE_BASES
    return f"{row['place']} ({row['place_precision']}{', ' + row['place_basis'] if inferred else ''})"


def _quote_label(quote: dict[str, Any]) -> str:
    speaker = quote["speaker"] or quote["speaker_text"] or "unattributed"
    return f"“{quote['text']}” — {speaker}"


def print_event(console: Console, record: EventRecord, mentions: Sequence[MentionRecord]) -> None:
    row = event_rows([record])[0]
    console.rule(f"event {record.id}")
    console.print(f"[bold]{row['source'] or '—'} {row['type']}{'/' + row['mode'] if row['mode'] else ''} → "
                  f"{row['target'] or '—'}[/bold] {row['date']} ({row['modality']}"
                  f"{', aggregate' if row['aggregate'] else ''}) intensity {row['intensity']}")
    if row["place"]:
        console.print(f"where: {escape(_place_label(row))} at {row['lat']:.3f}, {row['lon']:.3f}")
    console.print(f"{record.num_mentions} mentions in {record.num_articles} articles from {record.num_sources} "
                  f"sources, first seen {record.first_seen or '?'}, last seen {record.last_seen or '?'}")
    for quote in row["quotes"]:
        console.print(f"quote: {escape(_quote_label(quote))}")
    for mention in mentions:
        sentence = Text(mention.sentence)
        sentence.stylize("bold yellow", mention.trigger_start - mention.start, mention.trigger_end - mention.start)
        console.print(Text.assemble((f"{mention.published or '?'} {mention.outlet or '—'} "
                                     f"article {mention.article_id} ", "dim"), sentence))
        if mention.url:
            console.print(f"   [dim]{escape(mention.url)}[/dim]")


def print_related(console: Console, article: ArticleRecord, related: Sequence[Related]) -> None:
    console.rule(f"related to {escape(article.title or article.id)}")
    if not related:
        console.print("no related stories stored")
    for item in related:
        why = [f"{item.shared_events} shared events"] if item.shared_events else []
        if item.shared_terms:
            why.append("terms: " + ", ".join(item.shared_terms[:6]))
        console.print(f"{item.score:6.3f}  {item.article_id}  {item.published or '?'}  "
                      f"{escape(item.title or '')}{escape('  [copy]') if item.duplicate else ''}\n"
                      f"        [dim]{escape('; '.join(why))}[/dim]")


def print_stories(console: Console, stories: Sequence[StoryRecord]) -> None:
    table = Table(title=f"{len(stories)} stories", header_style="bold")
    for name in ("story", "label", "articles", "from", "to", "articles (id: title)"):
        table.add_column(name, overflow="fold")
    for story in stories:
        # Each title with its article id, for `eventwatch show ID`; the story id is its first article's.
        titles = "\n".join(f"{ident}: {title}" for ident, title in zip(story.article_ids, story.titles[:3],
                                                                       strict=False))
        table.add_row(story.cluster_id, escape(story.label), str(story.articles), str(story.first_published),
                      str(story.last_published), escape(titles or " | ".join(story.titles[:3])))
    console.print(table)


def print_summary(console: Console, summary: IngestSummary, counts: dict[str, int]) -> None:
    console.print(
        f"[bold]{summary.documents}[/bold] documents read: [green]{summary.stored} stored[/green] "
        f"({summary.events} events: {summary.new_events} new, {summary.events - summary.new_events} merged into "
        f"stored events), {summary.near_duplicates} near-duplicate copies, {summary.duplicates} already stored, "
        f"[yellow]{sum(summary.skipped.values())} skipped[/yellow]"
    )
    for reason, count in sorted(summary.skipped.items()):
        console.print(f"  skipped {count} × {reason}: e.g. {escape(summary.skipped_examples[reason])}")
    if summary.unsupported_language:
        languages = ", ".join(f"{code} × {n}" for code, n in summary.unsupported_language.most_common())
        console.print(f"  stored but not coded, unsupported-language: {languages}")
    if counts:
        console.print("Store now holds " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if summary.ended:
        console.print(f"[red]{escape(summary.ended)}[/red]")


def print_article(console: Console, article: ArticleRecord, records: list[EventRecord],
                  quotes: Sequence[QuoteRecord] = ()) -> None:
    console.rule(escape(article.title or article.id))
    console.print(f"id {article.id}  published {article.published or 'unknown'}  source {article.source or '—'}"
                  f"  url {article.url or '—'}  language {article.language or 'en (before 0012)'}")
    if article.language and article.language not in CODED_LANGUAGES:
        console.print(f"[yellow]not coded: eventwatch does not read this language ({article.language})[/yellow]")
    if article.dateline:
        console.print(f"dateline: {escape(article.dateline.place)}")
    if article.duplicate_of:
        console.print(f"near-duplicate copy of {article.duplicate_of} (similarity {article.similarity:.2f}): "
                      "its events are mentions of the original's")
    if article.cluster_id and article.cluster_id != article.id:
        console.print(f"story: {article.cluster_id}")
    body = Text(article.text)
    for record in records:
        body.stylize("on grey23", record.start, record.end)
    for record in records:
        body.stylize("bold yellow", record.trigger_start, record.trigger_end)
    console.print(body)
    console.rule(f"{len(records)} events")
    for number, row in enumerate(event_rows(records), 1):
        console.print(
            f"[bold]{number}.[/bold] {row['date']} {row['source'] or '—'} "
            f"[bold]{row['type']}[/bold]{'/' + row['mode'] if row['mode'] else ''} → {row['target'] or '—'}"
            f" ({row['modality']}{', aggregate' if row['aggregate'] else ''})"
            f"{' ' + escape(row['quantity']) if row['quantity'] else ''}"
            f"{' reported by ' + row['reported_by'] if row['reported_by'] else ''}"
            f"{' via ' + row['reported_via'] if row['reported_via'] else ''}"
            f"{' [' + row['claim'] + ']' if row['claim'] else ''}"
            f"  [dim]chars {row['start']}–{row['end']}: “{escape(row['trigger'])}”[/dim]"
        )
        if row["place"]:
            console.print(f"    where: {escape(_place_label(row))} at {row['lat']:.3f}, {row['lon']:.3f}"
                          f"{' — “' + escape(row['place_text']) + '”' if row['place_text'] else ''}")
        for quote in row["quotes"]:
            console.print(f"    quote: {escape(_quote_label(quote))}")
    if quotes:
        console.rule(f"{len(quotes)} quotes")
        for quote in quotes:
            console.print(f"“{escape(quote.text)}” — {escape(quote.speaker or quote.speaker_text or 'unattributed')}"
                          f" [dim]({quote.kind}, chars {quote.start}–{quote.end})[/dim]")
