"""Beyond one machine: the runner mapped over partitions on a Dask cluster, into a Parquet dataset."""

from .dataset import load
from .engine import DaskSummary, ingest_dask

__all__ = ["ingest_dask", "load", "DaskSummary"]
