"""The demo store every export test reads (built once per session: the demo runs the NLP)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from eventwatch.cli import app


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("export") / "demo.db")
    result = CliRunner().invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    return db
