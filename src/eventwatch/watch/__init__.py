"""Watching the store: watchlists and alerts."""
