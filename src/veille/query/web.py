"""Read queries behind the web app's pages (``veille serve``) that the CLI does not need.

Search with facets and a person filter, entity profiles (a person's or organisation's roles
over time, quotes, events, the people named with them), dated series for the timeline
chart, and the actor graph summed per pair. Like the rest of ``veille.query``, every
function takes a ``Store`` and returns plain dicts ready for JSON; the web layer holds no SQL.

Search results say when a query was not valid FTS5 syntax and was searched as plain words
(``syntax_fallback``), so a page can tell its reader why.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from veille.query import get_article
from veille.query._common import article_filters, fts_query
from veille.query.events import EventHit, _event, timeline
from veille.query.quotes import QuoteHit, list_quotes
from veille.store import Store

__all__ = [
    "actor_graph",
    "article_view",
    "browse_articles",
    "tune_for_reading",
    "entity_profile",
    "search_page",
    "timeline_series",
]

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
"""Snippet highlight marks: control characters that no stored text holds, so the page can
split on them and escape everything else."""

# How many matching articles the facets count over, best first. On the 10,000-article
# bench store (bench/web_store.py): sites, languages and months over 500 matches cost
# ~0.3 ms; people (~8 entity rows an article) ~8 ms over 500 and ~1 ms over 200. The top
# values barely move past the first couple of hundred.
FACET_WINDOW = 500
PEOPLE_WINDOW = 200
FACET_SIZE = 12

_MATCH = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
_PERSON = ("a.pk IN (SELECT article_pk FROM entities WHERE type = 'PER' AND "
           "name = ? COLLATE NOCASE)")


def _filters(*, site: str | None, language: str | None, since: str | None,
             until: str | None, person: str | None) -> tuple[list[str], list[Any]]:
    clauses, params = article_filters(site=site, language=language, since=since, until=until)
    if person:
        clauses.append(_PERSON)
        params.append(person)
    return clauses, params


def _valid_fts(store: Store, query: str) -> tuple[str | None, bool]:
    """The FTS5 query to run for ``query`` and whether it had to fall back to plain words.

    ``None`` when nothing searchable is left (only punctuation)."""
    if not query.strip():
        return None, False
    try:
        store.db.execute(f"{_MATCH} LIMIT 1", (query,)).fetchall()
        return query, False
    except sqlite3.OperationalError:
        words = fts_query(query)
        return (words or None), True


def search_page(
    store: Store,
    query: str,
    *,
    site: str | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    person: str | None = None,
    limit: int = 20,
    offset: int = 0,
    quotes: int = 10,
) -> dict[str, Any]:
    """One page of articles and quotes matching ``query`` (FTS5 syntax welcome), with facets.

    ``total`` counts every matching article; ``facets`` count sites, languages and months
    over the best ``FACET_WINDOW`` matches and people over the best ``PEOPLE_WINDOW``
    (``facets_window``, ``people_window``). An empty query lists the latest articles
    (``browse_articles``).
    """
    match, fallback = _valid_fts(store, query)
    if not query.strip():
        return browse_articles(store, site=site, language=language, since=since,
                               until=until, person=person, limit=limit, offset=offset)
    result: dict[str, Any] = {"query": query, "fts": match, "syntax_fallback": fallback,
                              "total": 0, "articles": [], "quotes": [],
                              "facets": _empty_facets(), "facets_window": FACET_WINDOW,
                              "people_window": PEOPLE_WINDOW}
    if match is None:
        return result
    clauses, params = _filters(site=site, language=language, since=since, until=until,
                               person=person)
    where = "".join(f" AND {c}" for c in clauses)
    db = store.db
    # Rank once: the best matches go to a temporary table that gives both this page's
    # articles and the facets (ranking is most of a search's cost on a large store).
    _fill_picked(store, "SELECT a.pk, bm25(articles_fts, 5.0, 1.0) AS score FROM articles_fts "
                 f"JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH ?{where} "
                 f"ORDER BY score LIMIT {max(FACET_WINDOW, offset + limit)}", [match, *params])
    rows = db.execute(
        "SELECT a.id, a.title, a.site, a.published, a.language, a.url, p.score, "
        f"snippet(articles_fts, 1, '{MARK_OPEN}', '{MARK_CLOSE}', ' … ', 24) AS snippet "
        "FROM articles_fts JOIN facet_pks p ON p.pk = articles_fts.rowid "
        "JOIN articles a ON a.pk = p.pk WHERE articles_fts MATCH ? AND "
        "articles_fts.rowid IN (SELECT pk FROM facet_pks WHERE n > ? AND n <= ?) ORDER BY p.n",
        (match, offset, offset + limit)).fetchall()
    result["articles"] = [_hit(r) for r in rows]
    result["total"] = db.execute(
        f"SELECT count(*) FROM articles a WHERE a.pk IN ({_MATCH}){where}" if clauses else
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
        (match, *params)).fetchone()[0]
    result["facets"] = _facets(store)
    if quotes and offset == 0:
        result["quotes"] = [q.to_dict() for q in list_quotes(
            store, query=match, site=site, since=since, until=until, limit=quotes)]
    return result


def browse_articles(store: Store, *, site: str | None = None, language: str | None = None,
                    since: str | None = None, until: str | None = None,
                    person: str | None = None, limit: int = 20,
                    offset: int = 0) -> dict[str, Any]:
    """The latest articles (filters as in ``search_page``), with facets over the latest."""
    clauses, params = _filters(site=site, language=language, since=since, until=until,
                               person=person)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    order = "ORDER BY a.published IS NULL, a.published DESC, a.pk DESC"
    db = store.db
    rows = db.execute(
        f"SELECT a.id, a.title, a.site, a.published, a.language, a.url, 0.0 AS score, "
        f"substr(a.text, 1, 240) AS snippet FROM articles a {where} {order} LIMIT ? OFFSET ?",
        (*params, limit, offset)).fetchall()
    total = db.execute(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0]
    _fill_picked(store, f"SELECT a.pk, 0.0 FROM articles a {where} {order} "
                 f"LIMIT {FACET_WINDOW}", params)
    facets = _facets(store)
    return {"query": "", "fts": None, "syntax_fallback": False, "total": total,
            "articles": [_hit(r) for r in rows], "quotes": [], "facets": facets,
            "facets_window": FACET_WINDOW, "people_window": PEOPLE_WINDOW}


def _hit(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "title": row["title"], "site": row["site"],
            "published": row["published"], "language": row["language"], "url": row["url"],
            "score": round(-row["score"], 3), "snippet": row["snippet"]}


def _empty_facets() -> dict[str, list[dict[str, Any]]]:
    return {"site": [], "language": [], "month": [], "person": []}


def _fill_picked(store: Store, sql: str, params: list[Any]) -> None:
    """Put the ``(pk, score)`` rows of ``sql`` in the connection's temporary table
    ``facet_pks``, numbered from 1 in their order."""
    db = store.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS facet_pks "
               "(n INTEGER PRIMARY KEY, pk INTEGER, score REAL)")
    db.execute("DELETE FROM facet_pks")
    db.execute(f"INSERT INTO facet_pks (pk, score) SELECT * FROM ({sql})", params)


def _facets(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Counts per site, language and month over the first ``FACET_WINDOW`` articles of
    ``facet_pks``, per person over the first ``PEOPLE_WINDOW``."""
    db = store.db
    # CROSS JOIN keeps the (small) temporary table outside: it has no statistics, and the
    # planner would otherwise scan a whole index of the big table.
    picked = ("FROM facet_pks f CROSS JOIN articles a ON a.pk = f.pk WHERE "
              f"f.n <= {FACET_WINDOW} AND")
    facets = {
        "site": db.execute(f"SELECT a.site, count(*) {picked} a.site IS NOT NULL "
                           f"GROUP BY a.site ORDER BY 2 DESC, 1 LIMIT {FACET_SIZE}"),
        "language": db.execute(f"SELECT a.language, count(*) {picked} a.language IS NOT "
                               f"NULL GROUP BY a.language ORDER BY 2 DESC, 1"),
        "month": db.execute(f"SELECT substr(a.published, 1, 7), count(*) {picked} "
                            "a.published IS NOT NULL GROUP BY 1 ORDER BY 1"),
        # IN, not a join: with a join SQLite builds a Bloom filter over every entity
        # (16 ms on the bench store) where 200 index look-ups take 1 ms.
        "person": db.execute(
            "SELECT max(e.name), count(DISTINCT e.article_pk) FROM entities e WHERE "
            f"e.article_pk IN (SELECT pk FROM facet_pks WHERE n <= {PEOPLE_WINDOW}) AND "
            "e.type = 'PER' GROUP BY e.name COLLATE NOCASE "
            f"ORDER BY 2 DESC, 1 LIMIT {FACET_SIZE}"),
    }
    return {key: [{"value": r[0], "count": r[1]} for r in rows] for key, rows in facets.items()}


def tune_for_reading(store: Store) -> None:
    """A larger page cache for a long-lived read-only connection (the web app's): on the
    10,000-article bench store, 32 MiB instead of SQLite's 2 MiB halved search times.
    Temporary tables (the search's ranked matches) stay in memory."""
    store.db.execute("PRAGMA cache_size = -32768")
    store.db.execute("PRAGMA temp_store = MEMORY")


# -- one article -------------------------------------------------------------------------------

def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """``veille.query.get_article``'s answer (whole ids and prefixes both go through the id
    index)."""
    return get_article(store, article_id)


# -- people and organisations --------------------------------------------------------------

def entity_profile(store: Store, name: str, *, type: str = "PER", limit: int = 50,
                   offset: int = 0, related: int = 15) -> dict[str, Any] | None:
    """Everything the store says about one person (``PER``) or organisation (``ORG``).

    ``name`` is matched exactly, ASCII case aside (the grouping ``list_people`` uses).
    ``roles`` gives each role with the first and last dates it was given and in how many
    articles; ``quotes`` are the quotes whose speaker is that name, oldest first, ``limit``
    of them from ``offset`` (``quotes_total`` counts them all); ``events``
    are events of the articles naming the entity in which it is an actor or a target;
    ``related`` are the people and organisations most often named in the same articles.
    None when no entity has that name and type.
    """
    db = store.db
    head = db.execute(
        "SELECT count(DISTINCT e.article_pk) AS articles, sum(e.mentions) AS mentions, "
        "min(a.published) AS first, max(a.published) AS last FROM entities e "
        "JOIN articles a ON a.pk = e.article_pk WHERE e.type = ? AND e.name = ? COLLATE NOCASE",
        (type, name)).fetchone()
    if not head["articles"]:
        return None
    spelling = db.execute(
        "SELECT name FROM entities WHERE type = ? AND name = ? COLLATE NOCASE GROUP BY name "
        "ORDER BY count(*) DESC, name DESC LIMIT 1", (type, name)).fetchone()[0]
    return {
        "name": spelling, "type": type, "articles": head["articles"],
        "mentions": head["mentions"], "first_published": head["first"],
        "last_published": head["last"],
        "roles": _roles(store, type, name),
        "quotes": [q.to_dict() for q in _quotes_by(store, name, limit, offset)],
        "quotes_total": db.execute("SELECT count(*) FROM quotes WHERE speaker = ? COLLATE "
                                   "NOCASE", (name,)).fetchone()[0],
        "quotes_offset": offset,
        "events": [e.to_dict() for e in _events_of(store, type, name, 2 * limit)],
        "related": _related(store, type, name, related),
        "latest": _latest_articles(store, type, name, 10),
    }


def _roles(store: Store, type: str, name: str) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT j.value AS role, min(a.published) AS first, max(a.published) AS last, "
        "count(DISTINCT e.article_pk) AS articles FROM entities e "
        "JOIN articles a ON a.pk = e.article_pk, json_each(e.roles) j "
        "WHERE e.type = ? AND e.name = ? COLLATE NOCASE AND trim(j.value) != '' "
        "GROUP BY lower(j.value) ORDER BY first IS NULL, first, articles DESC",
        (type, name))
    return [dict(r) for r in rows]


_QUOTES_BY = (
    'SELECT a.id AS article_id, a.title, a.site, a.published, a.url, q.text, q.start, q."end",'
    " q.kind, q.speaker, q.speaker_id, q.speaker_mention, q.cue "
    "FROM quotes q JOIN articles a ON a.pk = q.article_pk "
    "WHERE q.speaker = ? COLLATE NOCASE "
    "ORDER BY a.published IS NULL, a.published, a.id, q.start LIMIT ? OFFSET ?"
)


def _quotes_by(store: Store, name: str, limit: int, offset: int) -> list[QuoteHit]:
    return [QuoteHit(**dict(r)) for r in store.db.execute(_QUOTES_BY, (name, limit, offset))]


_EVENTS_OF = (
    "SELECT a.id AS article_id, a.title, a.site, a.published, "
    "coalesce(e.date, a.published) AS date, e.type, e.trigger, e.actors, e.targets, e.place, "
    'e.start, e."end", e.sentence_start, e.sentence_end '
    "FROM events e JOIN articles a ON a.pk = e.article_pk "
    "WHERE e.article_pk IN (SELECT article_pk FROM entities WHERE type = ? AND "
    "name = ? COLLATE NOCASE) AND (EXISTS (SELECT 1 FROM json_each(e.actors) WHERE "
    "veille_has_words(value, ?)) OR EXISTS (SELECT 1 FROM json_each(e.targets) WHERE "
    "veille_has_words(value, ?))) "
    "ORDER BY date IS NULL, date, a.id, e.start LIMIT ?"
)


def _events_of(store: Store, type: str, name: str, limit: int) -> list[EventHit]:
    rows = store.db.execute(_EVENTS_OF, (type, name, name, name, limit))
    return [_event(r) for r in rows]


def _related(store: Store, type: str, name: str, limit: int) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT max(o.name) AS name, o.type, count(DISTINCT o.article_pk) AS articles "
        "FROM entities o WHERE o.article_pk IN (SELECT article_pk FROM entities WHERE "
        "type = ? AND name = ? COLLATE NOCASE) AND o.type IN ('PER', 'ORG') AND NOT "
        "(o.type = ? AND o.name = ? COLLATE NOCASE) GROUP BY o.name COLLATE NOCASE, o.type "
        "ORDER BY articles DESC, name LIMIT ?", (type, name, type, name, limit))
    return [dict(r) for r in rows]


def _latest_articles(store: Store, type: str, name: str, limit: int) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT a.id, a.title, a.site, a.published FROM articles a WHERE a.pk IN "
        "(SELECT article_pk FROM entities WHERE type = ? AND name = ? COLLATE NOCASE) "
        "ORDER BY a.published IS NULL, a.published DESC LIMIT ?", (type, name, limit))
    return [dict(r) for r in rows]


# -- timeline --------------------------------------------------------------------------------

def timeline_series(store: Store, *, query: str | None = None, entity: str | None = None,
                    limit: int = 2000) -> dict[str, Any]:
    """Events and quotes over time, for an entity's name or for a full-text query.

    ``items`` are the dated facts (as ``veille.query.timeline`` gives them: kind is a PLOVER
    type or ``quote``); ``buckets`` count them per period (day, month or year, whichever
    keeps the chart readable), split into events and quotes. Undated items are counted in
    ``undated``.
    """
    items: list[dict[str, Any]] = []
    if entity and entity.strip():
        items = [t.to_dict() for t in timeline(store, entity, limit=limit)]
    elif query and query.strip():
        match, _ = _valid_fts(store, query)
        if match:
            items = _query_items(store, match, limit)
    granularity = _granularity([i["date"] for i in items if _DAY.match(i["date"] or "")])
    width = {"day": 10, "month": 7, "year": 4}[granularity]
    shape = {"day": _DAY, "month": _MONTH, "year": _YEAR}[granularity]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        key = (item["date"] or "")[:width]
        if shape.fullmatch(key):
            counts[key]["quotes" if item["kind"] == "quote" else "events"] += 1
    drawn = sum(sum(c.values()) for c in counts.values())
    buckets = [{"period": p, "events": counts[p]["events"], "quotes": counts[p]["quotes"]}
               for p in _periods(min(counts), max(counts), granularity)] if counts else []
    return {"query": query or None, "entity": entity or None, "granularity": granularity,
            "buckets": buckets, "items": items, "undated": len(items) - drawn}


def _periods(first: str, last: str, granularity: str) -> list[str]:
    """Every period from ``first`` to ``last`` (inclusive), so that gaps show on the chart."""
    if granularity == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    if granularity == "month":
        y, m = int(first[:4]), int(first[5:7])
        out = []
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    try:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    except ValueError:  # a malformed stored date: only the periods seen
        return sorted({first, last})
    return [(day + dt.timedelta(days=n)).isoformat() for n in range((end - day).days + 1)]


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")
# A day per bar up to two months, a month per bar up to six years: at most ~70 bars.
DAYS_BY_DAY, DAYS_BY_MONTH = 62, 6 * 366


def _granularity(days: list[str]) -> str:
    """The period of one bar for dates ``days`` (full ``YYYY-MM-DD`` dates only)."""
    if not days:
        return "month"
    try:
        span = (dt.date.fromisoformat(max(days)[:10]) - dt.date.fromisoformat(min(days)[:10]))
    except ValueError:
        return "month"
    if span.days <= DAYS_BY_DAY:
        return "day"
    return "month" if span.days <= DAYS_BY_MONTH else "year"


def _query_items(store: Store, match: str, limit: int) -> list[dict[str, Any]]:
    """Events and quotes of the articles matching ``match`` (valid FTS5), in date order."""
    rows = store.db.execute(
        "SELECT * FROM (SELECT coalesce(e.date, a.published) AS date, e.type AS kind, "
        "'event' AS role, e.trigger AS text, a.id AS article_id, a.title, e.start AS pos "
        f"FROM events e JOIN articles a ON a.pk = e.article_pk WHERE a.pk IN ({_MATCH}) "
        "UNION ALL SELECT a.published, 'quote', 'speaker', q.text, a.id, a.title, q.start "
        f"FROM quotes q JOIN articles a ON a.pk = q.article_pk WHERE a.pk IN ({_MATCH})) "
        "ORDER BY date IS NULL, date, article_id, pos LIMIT ?", (match, match, limit))
    return [{k: r[k] for k in ("date", "kind", "role", "text", "article_id", "title")}
            for r in rows]


# -- graph -----------------------------------------------------------------------------------

def actor_graph(store: Store, *, co_quoted: bool = True) -> dict[str, Any]:
    """The actor graph (``veille.query.graph``) with one edge per (source, target, type).

    Each edge counts its facts and keeps up to five article ids as evidence; each node has
    its type, its number of articles and its degree (distinct neighbours).
    """
    from veille.query.graph import CO_QUOTED, build_graph

    graph = build_graph(store)
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for source, target, data in graph.edges(data=True):
        if data["type"] == CO_QUOTED and not co_quoted:
            continue
        edge = edges.setdefault((source, target, data["type"]), {
            "source": source, "target": target, "type": data["type"], "count": 0,
            "articles": [], "first": None, "last": None})
        edge["count"] += 1
        if data["article_id"] not in edge["articles"] and len(edge["articles"]) < 5:
            edge["articles"].append(data["article_id"])
        if data["date"]:
            edge["first"] = min(filter(None, (edge["first"], data["date"])))
            edge["last"] = max(filter(None, (edge["last"], data["date"])))
    neighbours: dict[str, set[str]] = defaultdict(set)
    for source, target, _ in edges:
        neighbours[source].add(target)
        neighbours[target].add(source)
    nodes = [{"id": n, "name": d["name"], "type": d["type"], "articles": d["articles"],
              "degree": len(neighbours[n])} for n, d in graph.nodes(data=True)
             if neighbours[n]]
    return {"nodes": nodes, "edges": list(edges.values())}
