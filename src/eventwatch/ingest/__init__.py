"""Ingest stage: turn files and folders into RawDocuments (or DocumentErrors for unusable input)."""

from eventwatch.ingest.files import iter_documents

__all__ = ["iter_documents"]
