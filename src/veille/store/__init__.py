"""Store: records ↔ SQLite (WAL, FTS5), idempotent by article id and content hash."""

from veille.store.store import Outcome, Store

__all__ = ["Outcome", "Store"]
