"""Two `eventwatch ingest` processes at once on one store (SQLite file, PostgreSQL database) end as one run would.

The two folders share their first third (the same pages at the same URLs), so both processes analyse and try
to store the same articles at the same moment, then go on with articles whose events merge with each other's.
The store does not exist when they start, so they also race to create and migrate it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventwatch.store.integrity import diagnose_location
from store.ingest_helpers import fresh_location, snapshot, start_ingest


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
