"""The escalation index's JSON shape lives beside the index, not in the API: printing it loads no web stack."""

from __future__ import annotations

import json
import subprocess
import sys


def _imported(module: str, watched: tuple[str, ...]) -> list[str]:
    code = f"import json, sys; import {module}; print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_json_shape_needs_no_fastapi_and_the_index_no_store_or_pydantic() -> None:
    assert _imported("eventwatch.escalation.shape", ("fastapi", "starlette", "sqlalchemy", "numpy")) == []
    # The CLI reads the index's option defaults at import: it must stay as light as the CLI itself.
    assert _imported("eventwatch.escalation.index", ("pydantic", "sqlalchemy", "numpy", "fastapi")) == []
