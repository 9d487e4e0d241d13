"""Sources: the feeds, sitemaps and home pages that ``veille watch`` polls, kept in the store.

A source's kind is found on its first poll (``auto`` until then): ``feed``, ``sitemap``
(or index) or ``home`` (a home page whose feeds are found by discovery).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from veille.errors import NotFound, Refused, StoreError
from veille.store import Store
from veille.watch.safety import check_url

__all__ = ["Source", "add_source", "due_sources", "get_source", "remove_source"]

_NAME = re.compile(r"[^\w.-]+")


def now_iso(when: dt.datetime | None = None) -> str:
    return (when or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    pk: int
    url: str
    name: str
    kind: str
    every: float
    """Seconds between two polls."""
    allow_private: bool
    next_poll_at: str
    feeds: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: Any) -> Source:
        import json

        return cls(pk=row["pk"], url=row["url"], name=row["name"], kind=row["kind"],
                   every=row["every_seconds"], allow_private=bool(row["allow_private"]),
                   next_poll_at=row["next_poll_at"], feeds=tuple(json.loads(row["feeds"])))


def _default_name(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "source").removeprefix("www.")
    path = _NAME.sub("-", parts.path.strip("/")).strip("-")
    return f"{host}/{path}" if path else host


def add_source(store: Store, url: str, *, every: float, name: str | None = None,
               allow_private: bool = False) -> Source:
    """Add a source (due at once); ``Refused`` for a URL that is not http(s), a source that
    exists already is an error naming it."""
    check_url(url)
    url = url.strip()
    name = (name or _default_name(url)).strip()
    if not name:
        raise Refused("a source needs a name")
    if every <= 0:
        raise Refused("--every must be positive")
    now = now_iso()
    try:
        with store.db:
            store.db.execute(
                "INSERT INTO watch_sources (url, name, every_seconds, allow_private, added_at, "
                "next_poll_at) VALUES (?,?,?,?,?,?)",
                (url, name, every, int(allow_private), now, now))
    except sqlite3.IntegrityError:
        row = store.db.execute("SELECT name, url FROM watch_sources WHERE url = ? OR name = ?",
                               (url, name)).fetchone()
        raise StoreError(f"a source {row['name']!r} already watches {row['url']}: remove it "
                         "first (`veille sources remove NAME`) or choose another --name"
                         ) from None
    return get_source(store, name)


def get_source(store: Store, key: str) -> Source:
    """A source by name, URL or number."""
    row = store.db.execute(
        "SELECT * FROM watch_sources WHERE name = ? OR url = ? OR CAST(pk AS TEXT) = ?",
        (key, key, key)).fetchone()
    if row is None:
        raise NotFound(f"no source {key!r}; list them with `veille sources list`")
    return Source.from_row(row)


def remove_source(store: Store, key: str) -> Source:
    """Stop watching a source. Its articles, versions and archive stay."""
    source = get_source(store, key)
    with store.db:
        store.db.execute("DELETE FROM watch_pages WHERE source_pk = ? AND state = 'pending'",
                         (source.pk,))
        store.db.execute("DELETE FROM watch_sources WHERE pk = ?", (source.pk,))
    return source


def due_sources(store: Store, when: dt.datetime | None = None) -> list[Source]:
    """Sources whose next poll is due, the longest overdue first."""
    rows = store.db.execute("SELECT * FROM watch_sources WHERE next_poll_at <= ? "
                            "ORDER BY next_poll_at, pk", (now_iso(when),))
    return [Source.from_row(r) for r in rows]


def next_due(store: Store) -> str | None:
    row = store.db.execute("SELECT min(next_poll_at) FROM watch_sources").fetchone()
    return row[0] if row else None
