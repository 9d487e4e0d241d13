"""A small pool of read-only store connections, one per request in flight.

The web app opens the store through this module (web → query → store: the web layer
imports neither ``veille.store`` nor SQL). The app's endpoints run on the event loop's
thread (the quick pages) or in Starlette's thread pool (the others). A ``sqlite3``
connection must not be used by two threads at once, so each request borrows a whole
``Store`` (its own connection) and gives it back;
the pool grows to the number of requests served at the same time (at most the thread
pool's size plus one) and never lends a connection twice.
Read-only connections on a WAL database read concurrently without blocking each other or
a writer (``veille ingest`` may run meanwhile).
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from pathlib import Path

from veille.store import Store

__all__ = ["Store", "StorePool", "tune_for_reading"]


def tune_for_reading(store: Store) -> None:
    """A larger page cache for a long-lived read-only connection (the web app's): on the
    10,000-article bench store, 32 MiB instead of SQLite's 2 MiB halved search times.
    Temporary tables (the search's ranked matches) stay in memory."""
    store.db.execute("PRAGMA cache_size = -32768")
    store.db.execute("PRAGMA temp_store = MEMORY")


class StorePool:
    """Read-only ``Store`` objects for ``path``, lent one request at a time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self._closed = False
        self.give_back(self._open())  # fail now, with a clear message, if it cannot open

    def _open(self) -> Store:
        store = Store(self.path, readonly=True, create=False)
        tune_for_reading(store)
        with self._lock:
            self._all.append(store)
        return store

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        """Borrow a store for the duration of a ``with`` block."""
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = self._open()
        try:
            yield store
        finally:
            self.give_back(store)

    def give_back(self, store: Store) -> None:
        if self._closed:
            store.close()
        else:
            self._idle.put(store)

    @property
    def size(self) -> int:
        return len(self._all)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            for store in self._all:
                with contextlib.suppress(Exception):
                    store.close()
            self._all.clear()
