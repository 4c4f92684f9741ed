"""A demo store shared by the API tests (built once per session; the tests only read it, or write to copies)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.cli import app as cli

TOKEN = "test-token-5c1e"


@pytest.fixture(scope="session")
def api_token() -> str:
    return TOKEN


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("api") / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def client(demo_db) -> TestClient:
    # Shared by many tests in one session: the rate limiter (tests/api/test_limits.py) would count them all.
    return TestClient(create_app(str(demo_db), token=TOKEN, rate_limit=0), raise_server_exceptions=False)
