"""Keeping a large store fast and checking it: what ``veille check`` and ``veille optimize``
run.

- ``optimize``: FTS5 keeps each index as a set of b-trees that it merges as it goes
  (``automerge``); its authors recommend merging them into one with the ``optimize``
  command after a bulk load, which makes queries read one b-tree per term instead of
  several. ``PRAGMA optimize`` then refreshes the planner's statistics.
- ``check``: every aggregate against a recomputation from the base tables
  (``veille.store.totals``), and with ``fts=True`` FTS5's own ``integrity-check`` of each
  full-text index against its content (it reads every article: minutes per million).
"""

from __future__ import annotations

import sqlite3

from veille.store import salient, totals
from veille.store.store import Store

FTS_INDEXES = ("articles_fts", "quotes_fts", "actors_fts")
"""External-content indexes: their integrity can be checked against their tables."""
MERGED = (*FTS_INDEXES, "search_salient")


RELIST = 0.05
"""``optimize`` lists every article's salient words again when the store's average length
is more than this share away from the reference they were listed with (the search bound
widens with the gap: at 5 % it costs little; listing again costs ~1 ms an article)."""


def average_length(store: Store) -> float | None:
    """The store's average article length in tokens, as FTS5 counts it."""
    found = salient.averages(store.db)
    return found[1] if found else None


def optimize(store: Store) -> None:
    """List salient words again if the store's average length moved, merge every
    full-text index into one b-tree and refresh the planner's statistics."""
    average = average_length(store)
    if average and abs(average - store.salient_avgdl) > RELIST * average:
        store.rebuild_salient(avgdl=round(average, 1))
    with store.db:
        for index in MERGED:
            store.db.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")
    store.db.execute("PRAGMA optimize")


def check(store: Store, *, fts: bool = False) -> list[str]:
    """What is wrong with the store's derived data, one line each (empty when all is
    right): aggregates and counters, and with ``fts`` the full-text indexes."""
    problems = totals.verify(store.db)
    if store.aggregates_version is None:
        problems.insert(0, "the aggregates were never built")
    if fts:
        for index in FTS_INDEXES:
            try:
                store.db.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"{index}: {exc}")
    return problems


def repair(store: Store) -> None:
    """Rebuild every aggregate and the salient-word index from the base tables."""
    store.rebuild_aggregates()
    store.rebuild_salient()
