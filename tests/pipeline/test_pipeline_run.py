"""A run ends early, with the summary of what it stored, when the store cannot be written and on Ctrl-C; an error
of one article's own data is counted and the run goes on. Every article is stored whole or not at all."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from eventwatch.errors import StoreUnwritable
from eventwatch.model import RawDocument
from eventwatch.pipeline.run import IngestInterrupted, IngestRun, IngestStopped, ingest_documents
from eventwatch.pipeline.stages import process
from eventwatch.store import open_store, saving
from eventwatch.store.integrity import diagnose_location
from store.ingest_helpers import cap_growth

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from generate import corpus

DOCS = list(corpus(16, seed=3, words=250))


def test_a_store_that_fills_up_stops_the_run_at_the_first_failure(tmp_path: Path) -> None:
    location = str(tmp_path / "full.db")
    with open_store(location) as store:
        assert ingest_documents(DOCS[:3], store).stored == 3
        cap_growth(store, 12)
        with pytest.raises(IngestStopped) as raised:
            ingest_documents(DOCS[3:], store)
    stopped = raised.value
    summary = stopped.summary
    assert stopped.exit_status == 3
    assert isinstance(stopped.cause, StoreUnwritable) and stopped.cause.reason == "full"
    # Stopped at the first article that could not be stored, not after trying every one of them.
    assert summary.documents == summary.stored + 1 < len(DOCS) - 3
    assert not summary.skipped
    assert summary.ended is not None and "database or disk is full" in summary.ended
    diagnosis = diagnose_location(location)
    assert diagnosis.clean, diagnosis.problems
    assert diagnosis.counts["articles"] == 3 + summary.stored


def test_an_articles_own_store_error_is_counted_and_the_run_goes_on(tmp_path: Path) -> None:
    bad, good = process(DOCS[0]), process(DOCS[1])
    assert bad.events
    bad.events[0].plover_type = None  # type: ignore[assignment]  # its data breaks a NOT NULL constraint
    with open_store(str(tmp_path / "own.db")) as store:
        run = IngestRun(store)
        run.save(bad)
        run.save(good)
        assert store.counts()["articles"] == 1
    summary = run.summary
    assert summary.skipped == {"store-error": 1} and summary.stored == 1
    assert summary.ended is None


def test_ctrl_c_during_a_save_rolls_it_back_and_ends_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = saving.insert_events
    saves = []

    def interrupted_in_the_third(*args, **kwargs):
        saves.append(1)
        found = original(*args, **kwargs)
        if len(saves) == 3:
            raise KeyboardInterrupt  # SIGINT arriving while the transaction has written half the article
        return found

    monkeypatch.setattr(saving, "insert_events", interrupted_in_the_third)
    location = str(tmp_path / "interrupted.db")
    with open_store(location) as store, pytest.raises(IngestInterrupted) as raised:
        ingest_documents(DOCS[:6], store)
    interrupted = raised.value
    assert isinstance(interrupted, KeyboardInterrupt) and interrupted.exit_status == 130
    assert (interrupted.summary.documents, interrupted.summary.stored) == (3, 2)
    assert interrupted.summary.ended is not None and interrupted.summary.ended.startswith("interrupted")
    diagnosis = diagnose_location(location)
    assert diagnosis.clean, diagnosis.problems
    assert diagnosis.counts["articles"] == 2


def test_an_unreadable_store_stops_the_run_too(tmp_path: Path) -> None:
    """The look-up before the analysis meets the damage first; it is not an analysis error per document."""
    location = tmp_path / "gone.db"
    with open_store(str(location)) as store:
        store.engine.dispose()
        location.write_bytes(b"not a database any more " * 400)
        with pytest.raises(IngestStopped) as raised:
            ingest_documents([DOCS[0], RawDocument("x", "text", "y")], store)
    assert raised.value.cause.reason == "damaged"
    assert raised.value.summary.documents == 1 and not raised.value.summary.skipped


def test_ctrl_c_swallowed_where_python_ignores_exceptions_still_ends_the_run() -> None:
    """SIGINT's KeyboardInterrupt raised inside a garbage-collector callback is printed and dropped (distributed
    runs such callbacks in the Dask driver); the run must stop at its next step all the same."""
    import contextlib
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, not a background job
    seen: list[str] = []
    try:
        run = IngestRun(None)
        with pytest.raises(IngestInterrupted), run.ending_early():
            for raw in run.read(iter(DOCS[:3])):
                seen.append(raw.origin)
                with contextlib.suppress(KeyboardInterrupt):  # "Exception ignored in …"
                    signal.getsignal(signal.SIGINT)(signal.SIGINT, None)  # what Ctrl-C runs, here in a callback
        assert len(seen) == 1 and run.summary.ended and "interrupted" in run.summary.ended
    finally:
        signal.signal(signal.SIGINT, previous)
    assert signal.getsignal(signal.SIGINT) is previous
