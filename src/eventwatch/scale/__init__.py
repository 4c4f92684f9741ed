"""Scale-out: the analysis on a Dask cluster, results to the store and/or partitioned Parquet."""
