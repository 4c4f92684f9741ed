"""Property-based run of every API operation against its own OpenAPI schema: no server errors, ever."""

from __future__ import annotations

import tempfile

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.cli import app as cli

TOKEN = "schema-test-token"


def _app(tmp_dir: str):
    db = f"{tmp_dir}/schema.db"
    assert CliRunner().invoke(cli, ["demo", "--db", db]).exit_code == 0
    return create_app(db, token=TOKEN, rate_limit=0)  # hundreds of calls from one client: not about limits


_TMP = tempfile.mkdtemp(prefix="eventwatch-schema-")
schema = schemathesis.openapi.from_asgi("/openapi.json", _app(_TMP))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
