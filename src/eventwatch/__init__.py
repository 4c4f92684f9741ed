"""eventwatch: raw news pages → coded, dated, source-linked events."""

__version__ = "0.1.0"
