"""Ingest stage: turn files and folders into RawDocuments (or DocumentErrors for unusable input)."""

from eventwatch.ingest.files import documents_in, iter_documents

__all__ = ["documents_in", "iter_documents"]
