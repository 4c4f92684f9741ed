"""One event, many reports: near-duplicate articles, event merging, story clusters, related stories.

Pure functions of an article or an event; the store keeps the index they feed (``store/saving.py``).
"""
