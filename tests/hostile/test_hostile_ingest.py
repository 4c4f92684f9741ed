"""Hostile and broken input through the real command (`eventwatch -v ingest`), into a store that already holds
good articles: every case gets its typed skip or its best-effort result, the printed summary counts every
case, and no row stored before the run changes."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sqlite3
import tracemalloc
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.errors import DocumentError
from eventwatch.ingest import iter_documents
from eventwatch.pipeline.run import ingest_paths
from eventwatch.store import Store, open_store
from eventwatch.store.records import ArticleRecord, EventRecord
from hostile import corpus, stories

Snapshot = dict[str, Counter]


@dataclass
class Run:
    root: Path  # the corpus folder
    db: str
    cases: list[corpus.Case]
    output: str
    exit_code: int
    skips: dict[str, Counter]  # case file → skip reasons logged for it
    stored: Counter  # case file → articles stored from it
    before: Snapshot
    after: Snapshot


class _Skips(logging.Handler):
    """The skips the run logs (runner: log.warning("skipped %s", error)), kept as DocumentErrors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[DocumentError] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.args and isinstance(record.args[0], DocumentError):
            self.errors.append(record.args[0])


def snapshot(db: str) -> Snapshot:
    """Every row of every table, as a multiset per table. FTS5 keeps its index in shadow tables whose pages
    are rewritten as rows are added; the virtual tables themselves (what a search reads) are compared."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        virtual = [n for n in names if conn.execute("SELECT sql FROM sqlite_master WHERE name = ?",
                                                    (n,)).fetchone()[0].upper().startswith("CREATE VIRTUAL")]
        tables = [n for n in names if not any(n.startswith(f"{v}_") for v in virtual)]
        return {t: Counter(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}


def case_of(origin: str, root: Path) -> str:
    """'…/corpus/bad-lines.jsonl:3' or '…/corpus/truncated.warc#603 (fetched …)' → the case's file name."""
    relative = origin.removeprefix(f"{root}/")
    return re.split(r"[:#]", relative, maxsplit=1)[0]


def write_good_articles(folder: Path) -> None:
    folder.mkdir()
    for name, text, published in (("launch", stories.STORED_LAUNCH, "2024-03-04"),
                                  ("drills", stories.STORED_DRILLS, "2024-03-05")):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        meta = {"url": f"https://wire.example.com/{name}", "published": published, "source": "Example Wire"}
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("hostile")
    db = str(base / "events.db")
    cli = CliRunner()
    write_good_articles(base / "good")
    first = cli.invoke(app, ["ingest", str(base / "good"), "--db", db, "-q"])
    assert first.exit_code == 0 and "2 stored" in first.output, first.output
    before = snapshot(db)

    root = base / "corpus"
    cases = corpus.build(root)
    handler = _Skips()
    logger = logging.getLogger("eventwatch.ingest")
    logger.addHandler(handler)
    try:
        result = cli.invoke(app, ["-v", "ingest", str(root), "--db", db, "-q"])
    finally:
        logger.removeHandler(handler)
    after = snapshot(db)

    skips: dict[str, Counter] = {}
    for error in handler.errors:
        skips.setdefault(case_of(error.origin, root), Counter())[error.reason] += 1
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        origins = [o for (o,) in conn.execute("SELECT origin FROM articles")]
    stored = Counter(case_of(o, root) for o in origins if o.startswith(str(root)))
    return Run(root, db, cases, result.output, result.exit_code, skips, stored, before, after)


def test_every_case_gets_its_typed_skip_or_is_stored(run: Run) -> None:
    assert run.exit_code == 0, run.output
    outcomes = {c.name: (run.stored.get(c.name, 0), dict(run.skips.get(c.name, {}))) for c in run.cases}
    assert outcomes == {c.name: (c.stored, c.skips) for c in run.cases}


def test_the_printed_summary_counts_every_case(run: Run) -> None:
    documents = sum(c.documents for c in run.cases)
    stored = sum(c.stored for c in run.cases)
    reasons: Counter = Counter()
    for case in run.cases:
        reasons.update(case.skips)
    head = re.search(r"(\d+) documents read: (\d+) stored .*?(\d+) already stored, (\d+) skipped", run.output)
    assert head is not None, run.output
    assert [int(g) for g in head.groups()] == [documents, stored, 0, sum(reasons.values())]
    printed = {m.group(2): int(m.group(1)) for m in re.finditer(r"skipped (\d+) × ([\w-]+): e\.g\. ", run.output)}
    assert printed == dict(reasons)
    # Each reason is shown with a real example: the no-date line tells the analyst what to do.
    assert re.search(r"no-date: e\.g\. .*monday-no-date\.txt: no-date \(no publication date", run.output)


def test_nothing_stored_before_the_run_changed(run: Run) -> None:
    assert set(run.before) == set(run.after)
    for table, rows in run.before.items():
        changed = rows - run.after[table]
        assert not changed, f"{table}: rows changed or removed: {list(changed)[:3]}"
    assert sum(run.after["articles"].values()) == sum(run.before["articles"].values()) + sum(
        c.stored for c in run.cases)


def _stored(run: Run, name: str) -> tuple[ArticleRecord, list[EventRecord]]:
    with open_store(run.db) as store:
        matches = [a for a in store.list_articles(limit=100)[1] if a.origin.startswith(f"{run.root}/{name}")]
        assert len(matches) == 1, name
        article = store.get_article(matches[0].id)
        assert article is not None
        return article, store.events_for_article(article.id)


def _assert_offsets(article: ArticleRecord, events: list[EventRecord]) -> None:
    for event in events:
        assert article.text[event.start:event.end] == event.sentence
        assert event.start <= event.trigger_start < event.trigger_end <= event.end


def test_invisible_characters_are_removed_and_the_launch_is_still_coded(run: Run) -> None:
    article, events = _stored(run, "invisible-characters.txt")
    invisible = {corpus.RLM, corpus.LRM, corpus.ZWJ, corpus.ZWNJ, corpus.ZWSP, corpus.RLI, corpus.PDI, corpus.SHY,
                 corpus.WJ, corpus.TAG}
    assert not invisible & set(article.text)
    assert "North Korea fired several cruise missiles over the Yellow Sea on Saturday" in article.text
    launches = [e for e in events if e.plover_type == "MOBILIZE" and (e.source_actor or "").startswith("PRK")]
    assert launches and launches[0].date == dt.date(2024, 5, 18)  # the Saturday before Monday 20 May
    assert article.text[launches[0].trigger_start:launches[0].trigger_end] == "fired"
    _assert_offsets(article, events)


def test_a_name_spelt_with_cyrillic_look_alikes_is_read_as_north_korea(run: Run) -> None:
    # Decision (text/confusables.py): in a word mixing Latin and Cyrillic/Greek letters the look-alikes are
    # read as Latin, so a spoofed "Nоrth Kоrea" is coded PRK rather than silently missed.
    article, events = _stored(run, "homoglyphs.txt")
    assert corpus.CYRILLIC_O not in article.text and article.text.startswith("TOKYO — North Korea launched")
    assert any(e.plover_type == "MOBILIZE" and (e.source_actor or "").startswith("PRK") for e in events)
    _assert_offsets(article, events)


def test_mixed_encodings_keep_utf8_and_read_stray_bytes_as_windows_1252(run: Run) -> None:
    article, events = _stored(run, "mixed-encoding.txt")
    assert "NEW YORK — The U.N. Security Council" in article.text
    assert "“The council cannot stay silent,”" in article.text
    assert "at a café near the U.N. headquarters, where one called the talks “tense.”" in article.text
    assert "â€" not in article.text and "Ã" not in article.text
    _assert_offsets(article, events)
    article, events = _stored(run, "invalid-utf8.txt")
    assert article.text.startswith("BEIJING — China and Russia held talks")
    assert "ÿenergy" in article.text and "tra€de" in article.text  # the two stray bytes, as windows-1252
    assert any(e.plover_type == "CONSULT" for e in events)


def test_deeply_nested_html_still_yields_its_article(run: Run) -> None:
    article, events = _stored(run, "deeply-nested.html")
    assert article.text.startswith("TOKYO — Japan lodged a protest with China on Wednesday")
    assert article.published == dt.date(2024, 5, 15)
    assert events
    _assert_offsets(article, events)


def test_nul_and_lone_surrogates_in_jsonl_metadata_are_removed(run: Run) -> None:
    article, events = _stored(run, "bad-lines.jsonl:9")
    assert article.url == "https://hostile.example/jsonl/talks" and article.title == "Talks in Beijing"
    assert "Beijing on Tuesday" in article.text
    assert not re.search("[\x00\ud800-\udfff]", article.text + article.title + article.url)
    _assert_offsets(article, events)


def test_an_undated_article_is_skipped_not_dated_by_the_ingest_day(run: Run) -> None:
    assert run.skips["monday-no-date.txt"] == Counter({"no-date": 1})
    with open_store(run.db) as store:
        assert store.query_events(since=dt.date.today() - dt.timedelta(days=7), limit=10) == []


def test_big_files_are_skipped_without_being_read_whole(tmp_path: Path) -> None:
    """50 MB inputs under a 1 MB limit: a file is refused on its size, a JSONL line after the limit plus 1 MB
    chunks while the reader passes over the rest of the line, and a compressed WARC payload after the limit
    plus what warcio inflates at once (one 16 kB block, at most ~1,032 times larger with deflate)."""
    cases = {c.name: c for c in corpus.cases()}
    limit = corpus.MB
    bounds = {"huge-page.txt": limit, "huge-page.html": limit, "huge-line.jsonl": 8 * limit,
              "huge-record.warc.gz": 20 * limit}
    for name, bound in bounds.items():
        cases[name].write(tmp_path / name)
        tracemalloc.start()
        try:
            reasons = [getattr(i, "reason", "document") for i in iter_documents(tmp_path / name, max_bytes=limit)]
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert reasons.count("too-large") == 1, name
        assert peak < bound < corpus.BIG_BYTES / 2, f"{name}: {peak:,} bytes held"
        (tmp_path / name).unlink()


def test_bad_jsonl_metadata_is_storable_on_every_backend(new_store, tmp_path: Path) -> None:
    """NUL and lone surrogates are legal in JSON; PostgreSQL refuses NUL in text, neither stores surrogates."""
    cases = {c.name: c for c in corpus.cases()}
    for name in ("bad-lines.jsonl", "invisible-characters.txt"):
        cases[name].write(tmp_path / name)
    store: Store = new_store()
    summary = ingest_paths([tmp_path], store)
    assert (summary.stored, dict(summary.skipped)) == (3, {"malformed-jsonl": 5, "empty": 1, "binary": 1})
