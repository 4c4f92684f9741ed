"""The escalation index's default settings, apart from its arithmetic (``index.py``): the CLI shows them in
`eventwatch escalation --help` without importing the index (see tests/test_startup.py). Why these values:
index.py's notes."""

DEFAULT_WINDOW = 30  # days of baseline before each day
DEFAULT_THRESHOLD = 3.5  # robust z of a spike
DEFAULT_MIN_INTENSITY = 10.0  # a spike's least daily total: two ordinary events' worth
