"""Query: the read functions that the CLI, the web app and exports call.

No SQL lives anywhere else than here and in ``store/``. Every function takes a ``Store``
and returns plain frozen records or dicts ready for JSON. Whole-table exports live in
``veille.query.export`` and the actor graph in ``veille.query.graph`` (imported on demand:
they pull in pyarrow and networkx).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from veille.errors import NotFound
from veille.query._common import article_filters, fts_query
from veille.query.events import (
    EventHit,
    PlaceRow,
    TimelineItem,
    list_events,
    list_places,
    timeline,
)
from veille.query.people import PersonRow, list_people
from veille.query.quotes import QuoteHit, list_quotes
from veille.query.ranking import page_rows, rank, restriction
from veille.store import Store, codec

__all__ = [
    "EventHit",
    "FailureRow",
    "PersonRow",
    "PlaceRow",
    "QuoteHit",
    "SearchHit",
    "TimelineItem",
    "get_article",
    "list_events",
    "list_failures",
    "list_people",
    "list_places",
    "list_quotes",
    "search",
    "stats",
    "timeline",
]

MARK_OPEN, MARK_CLOSE = "**", "**"


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    id: str
    title: str | None
    site: str | None
    published: str | None
    url: str | None
    snippet: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class FailureRow:
    source: str
    stage: str
    error_type: str
    message: str
    level: str
    first_seen: str
    last_seen: str
    count: int
    resolved_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def search(
    store: Store,
    query: str,
    *,
    limit: int = 20,
    offset: int = 0,
    site: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[SearchHit]:
    """Articles matching ``query`` (FTS5 syntax welcome), best first, with snippets.

    A query that is not valid FTS5 (a lone ``"``, a stray ``AND``) is retried as plain words.
    Ranking is bm25 (title 5×, text 1×), ties in storage order; ``veille.query.ranking``
    finds the same best articles without scoring every match of a frequent word.
    """
    filters, params = article_filters(site=site, language=language, since=since, until=until)
    for attempt, candidate in enumerate((query, fts_query(query))):
        if not candidate.strip():
            continue
        try:
            ranked = rank(store, candidate, need=offset + limit, window=offset + limit,
                          restrict=restriction(filters), params=params)
        except sqlite3.OperationalError:
            if attempt == 0:  # not valid FTS5 syntax: search the words instead
                continue
            raise
        rows = page_rows(store, candidate, ranked.pks[offset:], ranked.scores[offset:],
                         marks=(MARK_OPEN, MARK_CLOSE), size=16)
        return [SearchHit(id=r["id"], title=r["title"], site=r["site"],
                          published=r["published"], url=r["url"], snippet=r["snippet"],
                          score=r["score"]) for r in rows]
    return []


def get_article(store: Store, article_id: str) -> dict[str, Any]:
    """The stored article and its analysis (``veille.analysis.v1``), by id or id prefix."""
    rows = store.db.execute(
        # The prefix as a range, so that the id index answers (a substr() scans the table).
        "SELECT * FROM articles WHERE id = ? UNION ALL SELECT * FROM articles "
        "WHERE id > ? AND id < ? || char(1114111) LIMIT 3",
        (article_id, article_id, article_id)).fetchall()
    if not rows:
        raise NotFound(f"no article with id {article_id!r}; find ids with `veille search`")
    if rows[0]["id"] != article_id and len(rows) > 1:
        ids = ", ".join(r["id"] for r in rows)
        raise NotFound(f"{article_id!r} is the start of several ids ({ids} …): give more of it")
    row = rows[0]
    analysis = store.db.execute("SELECT data, analyzers, model, created_at FROM analyses "
                                "WHERE article_pk = ?", (row["pk"],)).fetchone()
    data: dict[str, Any] = codec.unpack(analysis["data"], row["text"]) if analysis else {
        "schema": "veille.analysis.v1", "source": row["source"], "entities": [], "quotes": [],
        "timexes": [], "events": [], "places": []}
    data["source"] = row["source"]
    data["article"] = {
        "id": row["id"], "url": row["url"], "site": row["site"], "title": row["title"],
        "published": row["published"], "authors": json.loads(row["authors"]),
        "language": row["language"], "text": row["text"],
    }
    data["stored"] = {
        "content_hash": row["content_hash"], "extractor": row["extractor"],
        "published_from": row["published_from"], "ingested_at": row["ingested_at"],
        "updated_at": row["updated_at"], "analyzed_at": analysis["created_at"] if analysis
        else None,
    }
    return data


def list_failures(store: Store, *, include_resolved: bool = False, level: str | None = None,
                  limit: int | None = None) -> list[FailureRow]:
    """Recorded failures, most recent first; resolved ones only when asked."""
    clauses = [] if include_resolved else ["resolved_at IS NULL"]
    params: list[Any] = []
    if level:
        clauses.append("level = ?")
        params.append(level)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = (f"SELECT source, stage, error_type, message, level, first_seen, last_seen, count, "
           f"resolved_at FROM failures {where} ORDER BY last_seen DESC, pk DESC")
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [FailureRow(**dict(r)) for r in store.db.execute(sql, params)]


def stats(store: Store) -> dict[str, Any]:
    """Counts over the whole store (``veille stats``), from the counters and aggregates
    kept at write time: milliseconds whatever the store's size."""
    db = store.db

    def one(sql: str) -> Any:
        return db.execute(sql).fetchone()[0]

    counts: dict[str, dict[str, int]] = {}
    for kind, value, n in db.execute("SELECT kind, value, n FROM store_counts"):
        counts.setdefault(kind, {})[value] = n
    first = one("SELECT min(published) FROM articles")
    last = one("SELECT max(published) FROM articles")
    languages = sorted(counts.get("language", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    return {
        "articles": counts.get("articles", {}).get("", 0),
        "failures": one("SELECT count(*) FROM failures WHERE level = 'error' AND resolved_at "
                        "IS NULL"),
        "warnings": one("SELECT count(*) FROM failures WHERE level = 'warning'"),
        "analyzed": counts.get("analyzed", {}).get("", 0),
        "entities": counts.get("entities", {}).get("", 0),
        "quotes": counts.get("quotes", {}).get("", 0),
        "people": one("SELECT count(*) FROM actors WHERE type = 'PER'"),
        "organisations": one("SELECT count(*) FROM actors WHERE type = 'ORG'"),
        "places": one("SELECT count(*) FROM place_totals"),
        "sites": sum(1 for site in counts.get("site", {}) if site),
        "languages": {language or "unknown": n for language, n in languages},
        "published": {"first": first, "last": last},
        "models": sorted(m for m in counts.get("model", {}) if m),
        "schema_version": store.schema_version,
        **_watch_counts(store),
        "aggregates": store.aggregates_version,
    }


def _watch_counts(store: Store) -> dict[str, int]:
    """Sources, versions and alerts of ``veille watch`` (``veille.query.watch``)."""
    from veille.query.watch import watch_counts

    return watch_counts(store)
