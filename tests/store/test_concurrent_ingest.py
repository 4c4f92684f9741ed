"""Two `eventwatch ingest` processes at once on one store (SQLite file, PostgreSQL database) end as one run would.

The two folders share their first third (the same pages at the same URLs), so both processes analyse and try
to store the same articles at the same moment, then go on with articles whose events merge with each other's.
The store does not exist when they start, so they also race to create and migrate it.
"""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from eventwatch.store.integrity import diagnose, diagnose_location
from eventwatch.text.article import article_id
from store.ingest_helpers import fresh_location, snapshot, start_ingest
from store.test_store_merging import results, save


@pytest.fixture(scope="module")
def analysed():
    return results()


def split(folder: Path, into: Path) -> tuple[Path, Path]:
    """Two folders: both start with the same third of the inputs, then each has half of the rest."""
    files = sorted(folder.glob("*.txt"))
    third = len(files) // 3
    rest = files[third:]
    parts = (files[:third] + rest[0::2], files[:third] + rest[1::2])
    made = []
    for name, part in zip(("a", "b"), parts, strict=True):
        target = into / name
        target.mkdir()
        for page in part:
            shutil.copy(page, target / page.name)
            shutil.copy(page.with_suffix(".meta.json"), target / f"{page.stem}.meta.json")
        made.append(target)
    return made[0], made[1]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_ingests_at_once_store_what_one_would(backend, inputs, clean_run, tmp_path):
    folder, total = inputs
    first, second = split(folder, tmp_path)
    with fresh_location(backend, tmp_path) as location:
        runs = [start_ingest(first, location), start_ingest(second, location)]
        outputs = [run.communicate(timeout=600) for run in runs]
        for run, (stdout, stderr) in zip(runs, outputs, strict=True):
            assert run.returncode == 0, stderr
            assert "store-error" not in stdout and " 0 skipped" in stdout, stdout
        together = snapshot(location)
        assert together["article_rows"] == total
        assert together == clean_run
        diagnosis = diagnose_location(location)
        assert diagnosis.clean, diagnosis.problems


WRITERS = 6


def test_simultaneous_saves_of_the_same_events_lose_no_report(new_store, analysed):
    """Six threads store six republications of one article at the same instant: every event they share must
    end with six reports and counts that agree with them (no lost update, no duplicate event)."""
    store = new_store()
    base = analysed["01-nk-srbm-launch"]
    copies = []
    for n in range(WRITERS):
        url = f"https://outlet{n}.example.com/nk-launch"
        article = replace(base.article, url=url, source=f"Outlet {n}",
                          id=article_id(base.article.content_hash, url))
        copies.append(replace(base, article=article))
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(result) -> None:
        try:
            start.wait()
            save(store, result)
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(c,)) for c in copies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    events = store.query_events(limit=1000)
    assert events and {(e.num_mentions >= WRITERS, e.num_articles, e.num_sources) for e in events} \
        == {(True, WRITERS, WRITERS)}
    assert len({e.id for e in events}) == len({e.id for e in store.events_for_article(copies[0].article.id)})
    diagnosis = diagnose(store.engine)
    assert diagnosis.clean, diagnosis.problems
