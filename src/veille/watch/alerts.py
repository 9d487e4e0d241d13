"""Alerts: saved searches. An article that matches is recorded once per alert, even when a
later version of it matches again.

An alert is a full-text query (FTS5 syntax, as ``veille search``; a query that is not valid
syntax is saved as its plain words) narrowed by a speaker, a person, an event type or a
place (names match as ``veille quotes --speaker`` does: all the words, whole, case and
accents aside). ``match_alerts`` looks at the articles written since each alert's last
check, so a run killed between writing articles and matching them loses no match: the
next run looks again, and a match already recorded is not recorded twice.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from veille.errors import NotFound, StoreError
from veille.store import Store
from veille.watch.sources import now_iso

__all__ = ["Alert", "add_alert", "get_alert", "match_alerts", "remove_alert"]

_NAME = re.compile(r"^[\w][\w.-]{0,79}$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Alert:
    pk: int
    name: str
    query: str
    speaker: str | None = None
    person: str | None = None
    event_type: str | None = None
    place: str | None = None
    created_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "query": self.query, "speaker": self.speaker,
                "person": self.person, "event_type": self.event_type, "place": self.place,
                "created_at": self.created_at}


def _valid_query(store: Store, query: str) -> str:
    if not query.strip():
        return ""
    try:
        store.db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1",
                         (query,)).fetchall()
        return query.strip()
    except sqlite3.OperationalError:  # not FTS5 syntax: its words, each quoted
        return " ".join(f'"{w}"' for w in _WORD.findall(query))


def add_alert(store: Store, name: str, query: str, *, speaker: str | None = None,
              person: str | None = None, event_type: str | None = None,
              place: str | None = None, backfill: bool = True) -> tuple[Alert, int]:
    """Save an alert; with ``backfill``, record the stored articles that match it now.
    Returns the alert and how many matches were recorded."""
    if not _NAME.match(name):
        raise StoreError(f"{name!r} is not a usable alert name: letters, digits, '.', '-' "
                         "and '_', at most 80, starting with a letter or digit")
    query = _valid_query(store, query)
    if not (query or speaker or person or event_type or place):
        raise StoreError("an alert needs a query or at least one of --speaker, --person, "
                         "--event-type, --place")
    now = now_iso()
    try:
        with store.db:
            store.db.execute(
                "INSERT INTO alerts (name, query, speaker, person, event_type, place, "
                "created_at, checked_at) VALUES (?,?,?,?,?,?,?,?)",
                (name, query, speaker, person, event_type.upper() if event_type else None,
                 place, now, "" if backfill else now))
    except sqlite3.IntegrityError:
        raise StoreError(f"an alert named {name!r} exists already: remove it first "
                         f"(`veille alerts remove {name}`)") from None
    alert = get_alert(store, name)
    return alert, (match_alerts(store, only=alert.pk) if backfill else 0)


def get_alert(store: Store, name: str) -> Alert:
    row = store.db.execute("SELECT * FROM alerts WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise NotFound(f"no alert {name!r}; list them with `veille alerts show`")
    return _alert(row)


def _alert(row: Any) -> Alert:
    return Alert(pk=row["pk"], name=row["name"], query=row["query"], speaker=row["speaker"],
                 person=row["person"], event_type=row["event_type"], place=row["place"],
                 created_at=row["created_at"])


def remove_alert(store: Store, name: str) -> Alert:
    alert = get_alert(store, name)
    with store.db:
        store.db.execute("DELETE FROM alerts WHERE pk = ?", (alert.pk,))
    return alert


def _conditions(alert: Alert) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if alert.query:
        clauses.append("a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(alert.query)
    if alert.speaker:
        clauses.append("EXISTS (SELECT 1 FROM quotes q WHERE q.article_pk = a.pk AND "
                       "veille_has_words(q.speaker, ?))")
        params.append(alert.speaker)
    if alert.person:
        clauses.append("EXISTS (SELECT 1 FROM entities e WHERE e.article_pk = a.pk AND "
                       "e.type = 'PER' AND veille_has_words(e.name, ?))")
        params.append(alert.person)
    if alert.event_type:
        clauses.append("EXISTS (SELECT 1 FROM events v WHERE v.article_pk = a.pk AND "
                       "v.type = ?)")
        params.append(alert.event_type)
    if alert.place:
        clauses.append("(EXISTS (SELECT 1 FROM places p WHERE p.article_pk = a.pk AND "
                       "veille_has_words(p.name, ?)) OR EXISTS (SELECT 1 FROM events v "
                       "WHERE v.article_pk = a.pk AND veille_has_words(v.place, ?)))")
        params += [alert.place, alert.place]
    return clauses, params


def match_alerts(store: Store, *, only: int | None = None) -> int:
    """Record the matches among articles written since each alert's last check; return how
    many new matches were recorded."""
    started = now_iso(dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    rows = store.db.execute("SELECT * FROM alerts" + (" WHERE pk = ?" if only else ""),
                            (only,) if only else ()).fetchall()
    added = 0
    with store.db:
        for row in rows:
            clauses, params = _conditions(_alert(row))
            where = " AND ".join(["a.updated_at >= ?", *clauses])
            cur = store.db.execute(
                "INSERT OR IGNORE INTO alert_matches (alert_pk, article_pk, version, "
                "matched_at) SELECT ?, a.pk, (SELECT max(number) FROM article_versions v "
                f"WHERE v.article_pk = a.pk), ? FROM articles a WHERE {where}",
                (row["pk"], now_iso(), row["checked_at"], *params))
            added += cur.rowcount
            store.db.execute("UPDATE alerts SET checked_at = ? WHERE pk = ?",
                             (started, row["pk"]))
    return added
