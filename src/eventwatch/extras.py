"""Optional extras: what only some users need is installed only by them.

The default store is SQLite and the default run is one process, so the PostgreSQL driver, Dask and Arrow are
extras (``pip install 'eventwatch[postgres]'``, ``[dask]``, ``[parquet]``). A command that needs one that is
missing stops with ``MissingExtra``, which names the extra to install, instead of an ImportError traceback.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from eventwatch.errors import EventwatchError

# Each importable module an extra provides → that extra's name in pyproject.toml.
EXTRA_OF = {"distributed": "dask", "dask": "dask", "pyarrow": "parquet", "psycopg": "postgres", "kiwipiepy": "ko",
            "natasha": "ru"}


class MissingExtra(EventwatchError):
    """A command needs an optional dependency that is not installed."""

    def __init__(self, extra: str, purpose: str) -> None:
        self.extra = extra
        super().__init__(f"{purpose} needs the optional '{extra}' dependencies, which are not installed: "
                         f"pip install 'eventwatch[{extra}]'")


def require(module: str, purpose: str) -> ModuleType:
    """``module`` imported, or MissingExtra naming the extra that provides it. ``purpose`` says what needed it,
    e.g. "a Parquet export"."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtra(EXTRA_OF[module.split(".")[0]], purpose) from exc
