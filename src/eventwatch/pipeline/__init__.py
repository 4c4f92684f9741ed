"""The pipeline: the stages in their order (stages.py) and the one ingest loop that runs documents through them into
the store (run.py), for every driver: the CLI, Dask workers (dask.py), the API's writes and feed polls (feeds.py)."""
