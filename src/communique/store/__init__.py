"""DuckDB store: schema, idempotent ingest, queries."""

from .db import Store
from .ingest import IngestSummary, Outcome, ingest, ingest_items

__all__ = ["Store", "ingest", "ingest_items", "IngestSummary", "Outcome"]
