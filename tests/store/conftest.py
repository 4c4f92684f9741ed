"""Session-wide inputs of the crash and concurrency tests: one generated folder and its clean single run."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.ingest_helpers import corpus, expected_articles, ingest_to_completion, snapshot, write_folder


@pytest.fixture(scope="session")
def generated_docs():
    return corpus()


@pytest.fixture(scope="session")
def inputs(generated_docs, tmp_path_factory) -> tuple[Path, int]:
    """The folder every test ingests, and how many distinct articles (content at a URL) it holds."""
    return write_folder(generated_docs, tmp_path_factory.mktemp("ingest") / "in"), expected_articles(generated_docs)


@pytest.fixture(scope="session")
def clean_run(inputs, tmp_path_factory) -> dict:
    """The snapshot of one uninterrupted ingest of the folder, on SQLite."""
    folder, _ = inputs
    location = str(tmp_path_factory.mktemp("clean") / "clean.db")
    ingest_to_completion(folder, location)
    return snapshot(location)
