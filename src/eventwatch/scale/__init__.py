"""Scale-out: a Dask cluster to run on (cluster.py) and the month-partitioned Parquet dataset (parquet.py). The
ingest loop's Dask driver is pipeline/dask.py."""
