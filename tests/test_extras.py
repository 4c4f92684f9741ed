"""PostgreSQL, Dask and Parquet are optional extras: the core install works without them, and a command that
needs a missing one says which extra to install instead of failing with an ImportError."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.extras import MissingExtra, require
from eventwatch.store import open_store

ROOT = Path(__file__).parents[1]
runner = CliRunner()
ARTICLE = ("SEOUL — North Korea fired a ballistic missile into the sea off its east coast on Tuesday, "
           "South Korea's military said.\n")


def _block(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    """Make ``modules`` unimportable in this process, and forget eventwatch modules that imported them, as if
    the extra had never been installed."""
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)
    for name in [m for m in sys.modules if m.startswith(("eventwatch.scale.", "eventwatch.export.parquet"))]:
        monkeypatch.delitem(sys.modules, name)


def test_the_core_install_needs_none_of_the_extras():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"]).lower()
    extras = project["optional-dependencies"]
    for extra, package in (("postgres", "psycopg"), ("dask", "dask"), ("parquet", "pyarrow")):
        assert package not in core
        assert any(dep.startswith(package) for dep in extras[extra])


def test_require_names_the_extra_that_provides_a_missing_module(monkeypatch: pytest.MonkeyPatch):
    _block(monkeypatch, "pyarrow")
    with pytest.raises(MissingExtra, match=r"pip install 'eventwatch\[parquet\]'"):
        require("pyarrow", "a Parquet export")


def test_a_parquet_export_without_arrow_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    db = str(tmp_path / "ew.db")
    with open_store(db):  # an empty store: export reads one, it does not make one (issue 17)
        pass
    _block(monkeypatch, "pyarrow", "pyarrow.parquet")
    result = runner.invoke(app, ["export", "--db", db, "--format", "parquet", "--out", str(tmp_path / "e.parquet")])
    assert result.exit_code == 2
    assert "eventwatch[parquet]" in result.output
    csv = runner.invoke(app, ["export", "--db", db, "--format", "csv", "--out", str(tmp_path / "e.csv")])
    assert csv.exit_code == 0, csv.output  # the other formats need no Arrow


def test_a_dask_run_without_dask_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    _block(monkeypatch, "distributed", "dask")
    result = runner.invoke(app, ["ingest", str(article), "--published", "2026-03-03", "--db",
                                 str(tmp_path / "ew.db"), "--workers", "1", "--quiet"])
    assert result.exit_code == 2
    assert "eventwatch[dask]" in result.output


def test_a_postgresql_store_without_its_driver_names_the_extra(monkeypatch: pytest.MonkeyPatch):
    from eventwatch.store import open_store

    _block(monkeypatch, "psycopg")
    with pytest.raises(MissingExtra, match=r"eventwatch\[postgres\]"):
        open_store("postgresql://nobody:secret@127.0.0.1:9/none")


def test_a_dask_run_that_writes_no_parquet_needs_no_arrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    _block(monkeypatch, "pyarrow", "pyarrow.parquet")
    result = runner.invoke(app, ["ingest", str(article), "--published", "2026-03-03", "--db",
                                 str(tmp_path / "ew.db"), "--workers", "1", "--quiet", "--no-alerts"])
    assert result.exit_code == 0, result.output
    assert "parquet" not in result.output.lower()
