"""The command line: one module per command group, each adding its commands with ``register(app)``; the root
``app`` (the `eventwatch` script's entry point) is built in ``main.py``."""

from eventwatch.cli.main import app

__all__ = ["app"]
