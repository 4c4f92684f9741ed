"""Reading the package's data files (dictionaries, patterns, gazetteer), with a typed error when one is missing."""

from __future__ import annotations

from importlib import resources

from eventwatch.errors import DictionaryError


def data_text(*parts: str) -> str:
    path = resources.files("eventwatch").joinpath("data", *parts)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DictionaryError(f"cannot read data file {'/'.join(parts)}: {exc}") from exc
