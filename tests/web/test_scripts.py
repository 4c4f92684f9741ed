"""The dashboard's scripts are plain files sharing one global scope (the CSP allows no modules from elsewhere and no
build step): a name declared at the top level of two of them stops the second from loading at all."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

STATIC = Path(__file__).parents[2] / "src" / "eventwatch" / "web" / "static"
TOP_LEVEL = re.compile(r"^(?:async\s+)?(?:function\s*\*?\s*|const\s+|let\s+|var\s+|class\s+)([A-Za-z_$][\w$]*)", re.M)


def test_no_two_dashboard_scripts_declare_the_same_global_name() -> None:
    declared: dict[str, list[str]] = defaultdict(list)
    for script in sorted(STATIC.glob("*.js")):
        for name in TOP_LEVEL.findall(script.read_text(encoding="utf-8")):
            declared[name].append(script.name)
    assert len(declared) > 50  # the pattern does find the scripts' declarations
    twice = {name: files for name, files in declared.items() if len(files) > 1}
    assert not twice, twice
