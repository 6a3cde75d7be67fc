"""DuckDB store: schema, idempotent ingest, queries."""

from .db import Store
from .ingest import IngestSummary, ingest

__all__ = ["Store", "ingest", "IngestSummary"]
