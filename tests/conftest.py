"""Shared fixtures: the pipeline on a test text, stores on every backend (SQLite, PostgreSQL), and the demo store
that tests which only read share."""

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from eventwatch.store import open_store
from eventwatch.store.engine import to_url
from eventwatch.store.location import DB_ENV
from pg_helpers import drop_database
from pipeline_helpers import run_text


@pytest.fixture
def code():
    return run_text


@pytest.fixture(autouse=True)
def no_store_from_the_environment(monkeypatch):
    """Every command reads $EVENTWATCH_DB when --db is not given: a developer's own setting must not point the
    tests (or the commands they start as subprocesses) at a real store."""
    monkeypatch.delenv(DB_ENV, raising=False)


# --- store backends: every test using `new_store` runs on SQLite and on a real PostgreSQL server ---------------




PG_ENV = "EVENTWATCH_TEST_PG_URL"  # e.g. postgresql://eventwatch:eventwatch@127.0.0.1/eventwatch_test
REQUIRE_PG = "EVENTWATCH_REQUIRE_PG"  # CI sets it, so a missing server fails instead of skipping


def _pg_admin_url():
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get(REQUIRE_PG):
            raise RuntimeError(f"{REQUIRE_PG} is set but {PG_ENV} is not")
        pytest.skip(f"no PostgreSQL: set {PG_ENV} (CI does)")
    return to_url(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def new_store(request, tmp_path):
    """A factory of empty, migrated stores on this test's backend; each call gives a new database."""
    made, databases = [], []
    admin = _pg_admin_url() if request.param == "postgresql" else None

    def make(name: str = "store"):
        if admin is None:
            location = str(tmp_path / f"{name}.db")
        else:
            database = f"ew_{uuid.uuid4().hex[:12]}"
            engine = create_engine(admin, isolation_level="AUTOCOMMIT")
            with engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{database}"'))
            engine.dispose()
            databases.append(database)
            location = admin.set(database=database).render_as_string(hide_password=False)
        store = open_store(location)
        made.append(store)
        return store

    make.backend = request.param
    yield make
    for store in made:
        store.close()
    if databases:
        engine = create_engine(admin, isolation_level="AUTOCOMMIT")
        for database in databases:
            drop_database(engine, database)
        engine.dispose()



@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo corpus stored once per session (the demo runs the NLP): for tests that only read it. A test that
    writes builds its own (tests/api has its own demo_db: its client ingests)."""
    from eventwatch.cli import app

    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    result = CliRunner().invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    return db
