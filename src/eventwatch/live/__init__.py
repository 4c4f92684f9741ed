"""Live feed polling: a pipeline of feed workers, page workers and an analyser (see runner.py)."""
