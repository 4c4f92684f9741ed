"""Typed errors. Each carries the origin of the document it is about, so a skip can be reported precisely."""

from __future__ import annotations


class EventwatchError(Exception):
    """Base class for every error eventwatch raises on purpose."""


class DocumentError(EventwatchError):
    """A source document cannot be used; the run skips it and counts the reason."""

    def __init__(self, origin: str, reason: str, detail: str = "") -> None:
        self.origin = origin
        self.reason = reason  # short, stable key for summaries: "empty", "binary", "too-large", ...
        self.detail = detail
        super().__init__(f"{origin}: {reason}" + (f" ({detail})" if detail else ""))

    def __reduce__(self):
        # Skips travel back from Dask workers; the default pickling would call __init__ with the message only.
        return (type(self), (self.origin, self.reason, self.detail))


class StoreError(EventwatchError):
    """The store cannot be opened or written."""


class StoreUnwritable(StoreError):
    """No write to the store can succeed until someone acts: the disk is full, the file or its medium is
    read-only, permission is denied, the store is damaged. Unlike an error of one article's data, it recurs for
    every article, so a run stops at the first one instead of analysing everything only to store nothing.

    ``reason`` is a short, stable key: "full", "read-only", "denied", "unavailable", "io", "damaged" or
    "resources" (see store/failures.py for what each is decided from)."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)

    def __reduce__(self):
        return (type(self), (self.reason, str(self)))


class DictionaryError(EventwatchError):
    """A data file under eventwatch/data is malformed."""


class ModelError(EventwatchError):
    """The trained English pipeline cannot be loaded."""
