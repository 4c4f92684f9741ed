"""Watching the store: watchlists, alerts and the escalation index."""
