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
from veille.query.events import timeline
from veille.query.people import find_actor
from veille.query.profiles import actor_timeline, entity_profile
from veille.query.quotes import QuoteHit
from veille.query.ranking import page_rows, rank, restriction
from veille.store import Store

__all__ = [
    "actor_graph",
    "article_view",
    "browse_articles",
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
QUOTES_WINDOW = 50
"""The search page's quotes come from the best this many articles: their ~450 quotes are
read in 1-2 ms, where the 500 of the facets' window took 13 ms on the 10,000-article bench
store (a busy machine), and ten quotes are always found among them when there are ten."""

_MATCH = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
_PERSON = "a.pk IN (SELECT article_pk FROM actor_articles WHERE actor_pk = ?)"


def _filters(store: Store, *, site: str | None, language: str | None, since: str | None,
             until: str | None, person: str | None) -> tuple[list[str], list[Any]]:
    clauses, params = article_filters(site=site, language=language, since=since, until=until)
    if person:
        actor = find_actor(store, person, "PER")
        clauses.append(_PERSON)
        params.append(actor["pk"] if actor else -1)
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

    The page is the one ranking every match gives (``veille.query.ranking``: ``ranking``
    says how it was found). ``total`` counts the matching articles (``total_is_estimate``
    when there are too many to count); ``facets`` count sites, languages and months over
    the best ``FACET_WINDOW`` articles found and people over the best ``PEOPLE_WINDOW``
    (``facets_window``, ``people_window``); ``quotes`` are quotes matching the query in
    the best ``QUOTES_WINDOW`` articles, best article first. An empty query lists the
    latest articles (``browse_articles``).
    """
    match, fallback = _valid_fts(store, query)
    if not query.strip():
        return browse_articles(store, site=site, language=language, since=since,
                               until=until, person=person, limit=limit, offset=offset)
    result: dict[str, Any] = {"query": query, "fts": match, "syntax_fallback": fallback,
                              "total": 0, "total_is_estimate": False, "ranking": "none",
                              "articles": [], "quotes": [], "facets": _empty_facets(),
                              "facets_window": FACET_WINDOW, "people_window": PEOPLE_WINDOW}
    if match is None:
        return result
    clauses, params = _filters(store, site=site, language=language, since=since,
                               until=until, person=person)
    ranked = rank(store, match, need=offset + limit, window=max(FACET_WINDOW, offset + limit),
                  restrict=restriction(clauses), params=params)
    _fill_ranked(store, ranked.pks, ranked.scores)
    result.update(
        total=ranked.total, total_is_estimate=ranked.total_is_estimate, ranking=ranked.method,
        articles=page_rows(store, match, ranked.pks[offset:offset + limit],
                           ranked.scores[offset:offset + limit], marks=(MARK_OPEN, MARK_CLOSE),
                           size=24),
        facets=_facets(store))
    if quotes and offset == 0:
        result["quotes"] = _quotes_in_ranked(store, match, ranked.pks[:QUOTES_WINDOW], quotes)
    return result


def _fill_ranked(store: Store, pks: list[int], scores: list[float]) -> None:
    """``facet_pks`` holds the ranked articles, numbered from 1 best first."""
    db = store.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS facet_pks "
               "(n INTEGER PRIMARY KEY, pk INTEGER, score REAL)")
    db.execute("DELETE FROM facet_pks")
    db.executemany("INSERT INTO facet_pks (n, pk, score) VALUES (?,?,?)",
                   [(n, pk, score) for n, (pk, score) in enumerate(zip(pks, scores,
                                                                       strict=True), 1)])


def _quotes_in_ranked(store: Store, match: str, pks: list[int],
                      limit: int) -> list[dict[str, Any]]:
    """Quotes whose words match, in the articles ``pks`` (best first), best article first.

    The articles' quotes are listed first (an index range each), then the quote index is
    walked once for the query, keeping those: a join would have SQLite build a Bloom
    filter over every quote, and an ``IN (subquery)`` every match into a temporary index
    (30-70 ms on the bench stores, where this takes about one)."""
    if not pks:
        return []
    db = store.db
    holes = ",".join("?" * len(pks))
    quotes = {r[0]: (r[1], r[2]) for r in db.execute(
        f"SELECT pk, article_pk, idx FROM quotes WHERE article_pk IN ({holes})", pks)}
    if not quotes:
        return []
    matching = [r[0] for r in db.execute(
        "SELECT rowid FROM quotes_fts WHERE quotes_fts.text MATCH ? AND +rowid IN "
        f"({','.join('?' * len(quotes))})", (match, *quotes))]
    order = {pk: n for n, pk in enumerate(pks)}
    chosen = sorted(matching, key=lambda q: (order[quotes[q][0]], quotes[q][1]))[:limit]
    if not chosen:
        return []
    rows = {r["pk"]: r for r in db.execute(
        'SELECT q.pk, a.id AS article_id, a.title, a.site, a.published, a.url, q.text, '
        'q.start, q."end", q.kind, q.speaker, q.speaker_id, q.speaker_mention, q.cue '
        "FROM quotes q JOIN articles a ON a.pk = q.article_pk WHERE q.pk IN "
        f"({','.join('?' * len(chosen))})", chosen)}
    return [QuoteHit(**{k: v for k, v in dict(rows[q]).items() if k != "pk"}).to_dict()
            for q in chosen]


def browse_articles(store: Store, *, site: str | None = None, language: str | None = None,
                    since: str | None = None, until: str | None = None,
                    person: str | None = None, limit: int = 20,
                    offset: int = 0) -> dict[str, Any]:
    """The latest articles (filters as in ``search_page``), with facets over the latest."""
    clauses, params = _filters(store, site=site, language=language, since=since,
                               until=until, person=person)
    db = store.db
    rows = db.execute(_latest(clauses, "a.id, a.title, a.site, a.published, a.language, "
                                        "a.url, 0.0 AS score, substr(a.text, 1, 240) AS snippet"),
                      (*params, offset + limit, *params, offset + limit, limit, offset)).fetchall()
    if clauses:
        total = db.execute(f"SELECT count(*) FROM articles a WHERE {' AND '.join(clauses)}",
                           params).fetchone()[0]
    else:
        row = db.execute("SELECT n FROM store_counts WHERE kind = 'articles'").fetchone()
        total = row[0] if row else 0
    _fill_picked(store, _latest(clauses, "a.pk, 0.0"),
                 [*params, FACET_WINDOW, *params, FACET_WINDOW, FACET_WINDOW, 0])
    facets = _facets(store)
    return {"query": "", "fts": None, "syntax_fallback": False, "total": total,
            "total_is_estimate": False, "ranking": "latest",
            "articles": [_hit(r) for r in rows], "quotes": [], "facets": facets,
            "facets_window": FACET_WINDOW, "people_window": PEOPLE_WINDOW}


def _latest(clauses: list[str], columns: str) -> str:
    """The latest articles passing ``clauses``, dated ones first (newest first), then the
    undated (latest stored first): each part reads the publication-date index in order.
    Parameters: the clauses' twice, each with the part's limit, then LIMIT and OFFSET."""
    where = "".join(f" AND {c}" for c in clauses)
    return (f"SELECT * FROM (SELECT {columns} FROM articles a WHERE a.published IS NOT NULL"
            f"{where} ORDER BY a.published DESC, a.pk DESC LIMIT ?) UNION ALL SELECT * FROM "
            f"(SELECT {columns} FROM articles a WHERE a.published IS NULL{where} ORDER BY "
            "a.pk DESC LIMIT ?) LIMIT ? OFFSET ?")


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
        # People as the aggregates know them (one identity across spellings), from the
        # index of actor_articles by article: ~6 rows per article.
        "person": db.execute(
            "SELECT p.name, count(*) FROM facet_pks f CROSS JOIN actor_articles x ON "
            f"x.article_pk = f.pk JOIN actors p ON p.pk = x.actor_pk WHERE f.n <= "
            f"{PEOPLE_WINDOW} AND p.type = 'PER' GROUP BY x.actor_pk "
            f"ORDER BY 2 DESC, 1 LIMIT {FACET_SIZE}"),
    }
    return {key: [{"value": r[0], "count": r[1]} for r in rows] for key, rows in facets.items()}


# -- one article -------------------------------------------------------------------------------

def article_view(store: Store, article_id: str) -> dict[str, Any]:
    """``veille.query.get_article``'s answer (whole ids and prefixes both go through the id
    index)."""
    return get_article(store, article_id)


# -- people and organisations --------------------------------------------------------------
# ``entity_profile`` (in ``veille.query.profiles``) reads the aggregates kept at write time.


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
    actor = _timeline_actor(store, entity) if entity and entity.strip() else None
    if actor is not None:
        items = actor_timeline(store, actor, limit=limit)
    elif entity and entity.strip():
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


def _timeline_actor(store: Store, entity: str) -> int | None:
    """The person or organisation ``entity`` names, when the store knows one: the
    timeline then follows that identity; otherwise it matches the name's words."""
    for type in ("PER", "ORG"):
        actor = find_actor(store, entity, type)
        if actor is not None:
            return int(actor["pk"])
    return None


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

GRAPH_EDGES = 20_000
"""The graph reads at most this many relations, the most frequent first (an index range):
on the 100,000-article bench store there are 4,400; a store of a million real articles
may hold millions, of which a 40-actor drawing shows the heaviest anyway."""


def actor_graph(store: Store, *, co_quoted: bool = True,
                limit: int = GRAPH_EDGES) -> dict[str, Any]:
    """The actor graph, summed per (source, target, type) as the store keeps it
    (``veille.store.aggregates``): one node per person, organisation or other actor
    (``id`` is its displayed name, with its type when two actors share a name), one edge
    per relation with its count and first and last dates. ``truncated`` says when only
    the ``limit`` most frequent relations were read. Evidence articles are not read here
    (``edge_evidence``)."""
    db = store.db
    rows = db.execute("SELECT source, target, type, count, first, last FROM actor_edges "
                      "ORDER BY count DESC LIMIT ?", (limit + 1,)).fetchall()
    truncated = len(rows) > limit
    rows = [r for r in rows[:limit] if co_quoted or r["type"] != "co-quoted"]
    actors = _actors_by_pk(store, {r[0] for r in rows} | {r[1] for r in rows})
    ids = _node_ids(actors)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        neighbours[r["source"]].add(r["target"])
        neighbours[r["target"]].add(r["source"])
    nodes = [{"id": ids[pk], "name": a["name"], "type": a["type"], "articles": a["articles"],
              "degree": len(neighbours[pk]), "pk": pk} for pk, a in actors.items()]
    edges = [{"source": ids[r["source"]], "target": ids[r["target"]], "type": r["type"],
              "count": r["count"], "first": r["first"], "last": r["last"],
              "pks": (r["source"], r["target"])} for r in rows]
    return {"nodes": nodes, "edges": edges, "truncated_relations": truncated}


def _actors_by_pk(store: Store, pks: set[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    ordered = sorted(pks)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for r in store.db.execute(f"SELECT pk, name, type, articles FROM actors WHERE pk IN "
                                  f"({marks})", chunk):
            found[r["pk"]] = dict(r)
    return found


def _node_ids(actors: dict[int, dict[str, Any]]) -> dict[int, str]:
    """Each actor's node id: its name, and its type too when another actor has that name."""
    named = Counter(a["name"].casefold() for a in actors.values())
    return {pk: a["name"] if named[a["name"].casefold()] == 1 else f"{a['name']} ({a['type']})"
            for pk, a in actors.items()}


def edge_evidence(store: Store, edges: list[dict[str, Any]], *, per_edge: int = 5) -> None:
    """Fill each edge's ``articles`` with the ids of up to ``per_edge`` articles that
    state it (those stored first)."""
    for edge in edges:
        source, target = edge["pks"]
        edge["articles"] = [r[0] for r in store.db.execute(
            "SELECT a.id FROM edge_articles x JOIN articles a ON a.pk = x.article_pk WHERE "
            "x.source = ? AND x.target = ? AND x.type = ? ORDER BY x.article_pk LIMIT ?",
            (source, target, edge["type"], per_edge))]
