"""Reads behind ``veille sources``, ``veille versions``, ``veille alerts``, ``veille show
--raw`` and the web app's versions panel and alert feeds.

Versions come with what changed from the one before: word-level diffs of title and body,
and the changes in veille's terms (``veille.watch.versions.changes``).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from veille.errors import NotFound
from veille.store import Store
from veille.watch.durations import format_duration
from veille.watch.versions import changes, word_diff

__all__ = ["SourceRow", "alert_matches", "article_key", "list_alerts", "list_sources",
           "list_versions", "raw_location", "watch_counts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRow:
    name: str
    url: str
    kind: str
    every: str
    last_poll: str | None
    last_status: str | None
    last_error: str | None
    next_poll: str
    articles: int
    pending: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_sources(store: Store) -> list[SourceRow]:
    """Every source, in the order they were added, with how many articles each brought."""
    rows = store.db.execute(
        "SELECT s.*, (SELECT count(DISTINCT p.article_pk) FROM watch_pages p "
        "WHERE p.source_pk = s.pk AND p.article_pk IS NOT NULL) AS articles, "
        "(SELECT count(*) FROM watch_pages p WHERE p.source_pk = s.pk AND p.state = "
        "'pending') AS pending FROM watch_sources s ORDER BY s.pk")
    return [SourceRow(name=r["name"], url=r["url"], kind=r["kind"],
                      every=format_duration(r["every_seconds"]), last_poll=r["last_poll_at"],
                      last_status=r["last_status"], last_error=r["last_error"],
                      next_poll=r["next_poll_at"], articles=r["articles"],
                      pending=r["pending"]) for r in rows]


def article_key(store: Store, key: str) -> tuple[int, str]:
    """(pk, id) of an article given by id, unambiguous id prefix, or watched URL."""
    row = store.db.execute("SELECT pk, id FROM articles WHERE id = ?", (key,)).fetchone()
    if row is None and key.lower().startswith(("http://", "https://")):
        row = store.db.execute(
            "SELECT a.pk, a.id FROM watch_pages p JOIN articles a ON a.pk = p.article_pk "
            "WHERE p.url = ? UNION ALL SELECT pk, id FROM articles WHERE url = ? LIMIT 1",
            (key, key)).fetchone()
    if row is None:
        rows = store.db.execute("SELECT pk, id FROM articles WHERE id > ? AND id < ? || "
                                "char(1114111) LIMIT 2", (key, key)).fetchall()
        if len(rows) > 1:
            raise NotFound(f"{key!r} is the start of several ids: give more of it")
        row = rows[0] if rows else None
    if row is None:
        raise NotFound(f"no article {key!r}; find ids with `veille search`")
    return row["pk"], row["id"]


def _version_rows(store: Store, article_pk: int) -> list[dict[str, Any]]:
    try:
        rows = store.db.execute("SELECT * FROM article_versions WHERE article_pk = ? "
                                "ORDER BY number", (article_pk,)).fetchall()
    except sqlite3.OperationalError:  # a store from before watch
        return []
    return [dict(r, quotes=json.loads(r["quotes"])) for r in rows]


def list_versions(store: Store, key: str, *, diff: bool = True) -> dict[str, Any]:
    """An article's stored versions, oldest first, each with ``fetched``, ``title``,
    ``changes`` from the one before (``[]`` for the first) and, with ``diff``, word-level
    ``diff`` of title and text. An article never watched has no versions."""
    pk, article_id = article_key(store, key)
    rows = _version_rows(store, pk)
    versions = []
    for i, row in enumerate(rows):
        before = rows[i - 1] if i else None
        item: dict[str, Any] = {
            "number": row["number"], "fetched": row["fetched_at"], "title": row["title"],
            "published": row["published"], "url": row["url"],
            "content_hash": row["content_hash"], "words": len(row["text"].split()),
            "quotes": len(row["quotes"]),
            "archived": ({"file": row["warc_file"], "offset": row["warc_offset"]}
                         if row["warc_file"] else None),
            "changes": changes(before, row) if before else [],
        }
        if diff and before:
            item["diff"] = {"title": word_diff(before["title"], row["title"], context=None),
                            "text": word_diff(before["text"], row["text"])}
        versions.append(item)
    return {"id": article_id, "versions": versions}


def raw_location(store: Store, key: str, *, version: int | None = None
                 ) -> tuple[str, tuple[str, int] | None]:
    """(article id, (WARC file, offset)) of the archived response of an article's latest
    version (or of ``version``); None when that version was not archived."""
    pk, article_id = article_key(store, key)
    rows = [r for r in _version_rows(store, pk) if version is None or r["number"] == version]
    if version is not None and not rows:
        raise NotFound(f"article {article_id} has no version {version}")
    archived = [r for r in rows if r["warc_file"]]
    if not archived:
        return article_id, None
    last = archived[-1]
    return article_id, (last["warc_file"], last["warc_offset"])


def list_alerts(store: Store) -> list[dict[str, Any]]:
    """Every alert with its number of matches and the time of the latest."""
    try:
        rows = store.db.execute(
            "SELECT l.*, count(m.article_pk) AS matches, max(m.matched_at) AS last_match "
            "FROM alerts l LEFT JOIN alert_matches m ON m.alert_pk = l.pk "
            "GROUP BY l.pk ORDER BY l.name").fetchall()
    except sqlite3.OperationalError:
        return []
    return [{"name": r["name"], "query": r["query"], "speaker": r["speaker"],
             "person": r["person"], "event_type": r["event_type"], "place": r["place"],
             "created_at": r["created_at"], "matches": r["matches"],
             "last_match": r["last_match"]} for r in rows]


def alert_matches(store: Store, name: str, *, limit: int = 50) -> dict[str, Any]:
    """An alert and its matches, newest first."""
    alert = next((a for a in list_alerts(store) if a["name"] == name), None)
    if alert is None:
        raise NotFound(f"no alert {name!r}; list them with `veille alerts show`")
    rows = store.db.execute(
        "SELECT a.id, a.title, a.site, a.url, a.published, substr(a.text, 1, 400) AS lead, "
        "m.matched_at, m.version FROM alert_matches m JOIN alerts l ON l.pk = m.alert_pk "
        "JOIN articles a ON a.pk = m.article_pk WHERE l.name = ? "
        "ORDER BY m.matched_at DESC, a.pk DESC LIMIT ?", (name, limit))
    return {**alert, "items": [dict(r) for r in rows]}


def watch_counts(store: Store) -> dict[str, int]:
    """What ``veille stats`` says of watching: sources, stored versions, alerts, and the
    articles that were edited after publication (two versions or more)."""
    def one(sql: str) -> int:
        try:
            return int(store.db.execute(sql).fetchone()[0] or 0)
        except sqlite3.OperationalError:  # a store from before watch
            return 0

    return {
        "sources": one("SELECT count(*) FROM watch_sources"),
        "versions": one("SELECT count(*) FROM article_versions"),
        "edited": one("SELECT count(DISTINCT article_pk) FROM article_versions "
                      "WHERE number > 1"),
        "alerts": one("SELECT count(*) FROM alerts"),
        "alert_matches": one("SELECT count(*) FROM alert_matches"),
    }
