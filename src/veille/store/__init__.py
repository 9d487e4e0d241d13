"""Store: records ↔ SQLite (WAL, FTS5), idempotent by article id and content hash, with the
aggregates (people, organisations, places, actor graph) kept in the same transactions."""

from veille.store.maintenance import check, optimize, repair
from veille.store.store import Outcome, Store

__all__ = ["Outcome", "Store", "check", "optimize", "repair"]
