"""The escalation index: a daily series of conflict and cooperation between actors, its baseline, spikes
(``index.py``) and record years (``yearly_records.py``), and its one JSON shape (``shape.py``).

An analytic index over stored events, not a watch: nothing here keeps state. Nothing is imported here either,
so the CLI can read ``index``'s option defaults without loading pydantic.
"""
