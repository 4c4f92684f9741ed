"""Run eventwatch commands in one process and print, as JSON, how the store at DB would be opened and each
command's exit status and output. The read-only tests run it where the store's folder is read-only for real
(one process: the language model and the CLI load once for all the commands).

    python readonly_commands.py DB '[["events", "--db", "DB"], …]'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from eventwatch.cli import app
from eventwatch.store.readonly import read_only_mode


def main() -> None:
    db, commands = Path(sys.argv[1]), json.loads(sys.argv[2])
    mode = read_only_mode(db)  # before any command has opened it
    runner = CliRunner()
    results = [runner.invoke(app, command) for command in commands]
    print(json.dumps({"mode": mode, "results": [{"exit": r.exit_code, "output": r.output} for r in results]}))


if __name__ == "__main__":
    main()
