"""Writing with tokens made by `eventwatch token create`: hashed at rest, revocable, last use recorded, and the
start-up token ($EVENTWATCH_API_TOKEN) still accepted beside them."""

from __future__ import annotations

import shutil

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwatch.api import create_app
from eventwatch.api.app import TOKEN_ENV
from eventwatch.cli import app as cli

ARTICLE = {"text": "SEOUL — North Korea fired a cruise missile toward the Yellow Sea on Monday, the Joint Chiefs of "
                   "Staff said.", "url": "https://tokens.example.org/a", "published": "2024-05-06"}


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_token_lifecycle_through_the_cli_and_the_api(demo_db, tmp_path, monkeypatch):
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    runner = CliRunner()
    client = TestClient(create_app(str(db), rate_limit=0))
    assert client.post("/api/articles", json=ARTICLE).status_code == 403  # no token anywhere: writing is off

    made = runner.invoke(cli, ["token", "create", "--name", "newsroom crawler", "--db", str(db)])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("ew_")
    assert "never" in runner.invoke(cli, ["token", "list", "--db", str(db)]).stdout

    # The running server sees the new token at once; a wrong one is now a 401 (writing is on).
    assert client.post("/api/articles", json=ARTICLE, headers=bearer(secret + "x")).status_code == 401
    stored = client.post("/api/articles", json=ARTICLE, headers=bearer(secret))
    assert stored.status_code == 200 and stored.json()["results"][0]["stored"]
    listing = runner.invoke(cli, ["token", "list", "--db", str(db)]).stdout
    assert "newsroom crawler" in listing and "never" not in listing  # last used is set
    for path in tmp_path.iterdir():  # the database file (and any journal beside it) holds no secret
        assert secret.encode() not in path.read_bytes(), path

    revoked = runner.invoke(cli, ["token", "revoke", "1", "--db", str(db)])
    assert revoked.exit_code == 0 and "revoked" in revoked.stdout
    assert runner.invoke(cli, ["token", "revoke", "1", "--db", str(db)]).exit_code == 1
    assert client.post("/api/articles", json=ARTICLE, headers=bearer(secret)).status_code == 403  # none active
    runner.invoke(cli, ["token", "create", "--name", "analyst", "--db", str(db)])
    assert client.post("/api/articles", json=ARTICLE, headers=bearer(secret)).status_code == 401
    assert runner.invoke(cli, ["token", "create", "--name", " ", "--db", str(db)]).exit_code == 2


def test_the_startup_token_works_beside_stored_ones(demo_db, tmp_path, monkeypatch):
    db = tmp_path / "copy.db"
    shutil.copy(demo_db, db)
    made = CliRunner().invoke(cli, ["token", "create", "--name", "crawler", "--db", str(db)])
    secret = made.stdout.strip().splitlines()[-1]
    monkeypatch.setenv(TOKEN_ENV, "from-the-environment")
    client = TestClient(create_app(str(db), rate_limit=0))
    assert client.post("/api/articles", json=ARTICLE, headers=bearer("from-the-environment")).status_code == 200
    assert client.post("/api/articles", json=ARTICLE, headers=bearer(secret)).status_code == 200
    assert client.post("/api/articles", json=ARTICLE, headers=bearer("from-the-environment!")).status_code == 401
    assert client.post("/api/articles", json=ARTICLE).status_code == 401
