"""Batch runs: the per-document pipeline mapped by Dask over partitions of many inputs.

The only package that imports dask (in ``run.py``, imported by the commands when they
run). ``plan`` cuts inputs into partitions with stable keys, ``worker.run_partition``
analyses one into Parquet shards, ``run.run_batch`` maps it over a cluster, and
``load.load_shards`` merges shards into a store with one writer.
"""
