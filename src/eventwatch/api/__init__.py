"""The REST API and the dashboard it serves (``eventwatch serve``)."""

from eventwatch.api.app import create_app

__all__ = ["create_app"]
