"""Reading the package's data files (dictionaries, lexicons, gazetteer): the one way every reader reaches them,
with a typed error (DictionaryError) when one is missing or malformed."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from eventwatch.errors import DictionaryError


def data_text(*parts: str) -> str:
    """The text of ``data/<parts…>``."""
    try:
        return _resource(*parts).read_text(encoding="utf-8")
    except OSError as exc:
        raise DictionaryError(f"cannot read data file {_name(parts)}: {exc}") from exc


def data_yaml(*parts: str, default: Any = None) -> Any:
    """The parsed YAML of ``data/<parts…>``; ``default`` when the file is empty."""
    try:
        found = yaml.safe_load(data_text(*parts))
    except yaml.YAMLError as exc:
        raise DictionaryError(f"cannot parse data file {_name(parts)}: {exc}") from exc
    return default if found is None else found


def data_mapping(*parts: str) -> dict[str, Any]:
    """The parsed YAML of ``data/<parts…>``, which must be a mapping (an empty file is an empty one)."""
    found = data_yaml(*parts, default={})
    if not isinstance(found, dict):
        raise DictionaryError(f"data file {_name(parts)}: top level must be a mapping")
    return found


def data_rows(*parts: str) -> list[dict[str, str]]:
    """The rows of the CSV file ``data/<parts…>``, keyed by its header."""
    return list(csv.DictReader(data_text(*parts).splitlines()))


def data_folder(*parts: str) -> Path:
    """The folder ``data/<parts…>`` on disk, for readers that take a path (the demo corpus is ingested as files)."""
    return Path(str(_resource(*parts)))


def _resource(*parts: str) -> Any:
    return resources.files("eventwatch").joinpath("data", *parts)


def _name(parts: tuple[str, ...]) -> str:
    return "/".join(parts)
