"""Every aggregate recomputed from the base tables: to check them, or to rebuild them.

``verify`` recomputes what the aggregate tables should hold from the articles' rows
(entities, quotes, events, places, aliases), with the same contribution and translation
functions as the write path (``contrib.contribution``, ``contrib.share``) but summed in
memory, and compares: exactly for the per-actor and per-place totals, by count and
checksum for the tables that hold one row per article and actor. ``rebuild`` writes them
afresh. Both read the whole store (two passes: first which names exist, so that every short
form is resolved against the final set of full names; then the sums).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from veille.store.aggregates import UNDATED_ARTICLE, UNDATED_FACT
from veille.store.contrib import (
    ArticleRows,
    EntityRow,
    EventRow,
    PlaceRow,
    QuoteRow,
    contribution,
    entity_row,
    event_row,
    share,
)
from veille.store.identity import Candidate, Form, resolve

ActorKey = tuple[str, str]
BIG_TABLES = ("actor_articles", "actor_role_articles", "actor_quotes", "actor_events",
              "edge_articles")
"""Tables with one row per article and actor (or relation): checked by count and checksum."""


# -- reading every article's rows -----------------------------------------------------------

def _grouped(db: sqlite3.Connection, sql: str, make: Callable[..., Any]
             ) -> Iterator[tuple[int, list[Any]]]:
    """Rows of ``sql`` (article pk first, ordered by it) grouped per article."""
    pk: int | None = None
    group: list[Any] = []
    for row in db.execute(sql):
        if row[0] != pk:
            if pk is not None:
                yield pk, group
            pk, group = row[0], []
        group.append(make(*row[1:]))
    if pk is not None:
        yield pk, group


def iter_article_rows(db: sqlite3.Connection) -> Iterator[ArticleRows]:
    """Every analysed article's rows, in article order (one pass over each table)."""
    streams = {
        "entities": _grouped(db, "SELECT article_pk, entity_id, name, type, roles, mentions "
                             "FROM entities ORDER BY article_pk, rowid", entity_row),
        "quotes": _grouped(db, "SELECT article_pk, idx, speaker, speaker_id FROM quotes "
                           "ORDER BY article_pk, idx", QuoteRow),
        "events": _grouped(db, "SELECT article_pk, idx, type, actors, targets, date FROM "
                           "events ORDER BY article_pk, idx", event_row),
        "places": _grouped(db, "SELECT article_pk, name, entity_id, country, lat, lon FROM "
                           "places ORDER BY article_pk, idx", PlaceRow),
        "aliases": _grouped(db, "SELECT article_pk, alias, entity_id FROM article_aliases "
                            "ORDER BY article_pk, alias, entity_id", lambda a, e: (a, e)),
    }
    heads: dict[str, tuple[int, list[Any]] | None] = {k: next(s, None)
                                                      for k, s in streams.items()}
    articles = db.cursor().execute("SELECT a.pk, a.published FROM articles a JOIN analyses n "
                                   "ON n.article_pk = a.pk ORDER BY a.pk")
    for pk, published in articles:
        parts: dict[str, list[Any]] = {}
        for name, stream in streams.items():
            head = heads[name]
            while head is not None and head[0] < pk:  # rows of an unanalysed article
                head = next(stream, None)
            if head is not None and head[0] == pk:
                parts[name] = head[1]
                head = next(stream, None)
            heads[name] = head
        yield ArticleRows(
            pk=pk, published=published,
            entities=tuple(parts.get("entities", ())),
            quotes=tuple(parts.get("quotes", ())), events=tuple(parts.get("events", ())),
            places=tuple(parts.get("places", ())), aliases=tuple(parts.get("aliases", ())))


# -- the sums ------------------------------------------------------------------------------

@dataclass
class Totals:
    """What every aggregate table should hold, keyed by names instead of row numbers."""

    forms: dict[ActorKey, Form] = field(default_factory=dict)
    form_articles: Counter[ActorKey] = field(default_factory=Counter)
    actor_of: dict[ActorKey, ActorKey] = field(default_factory=dict)
    actors: dict[ActorKey, list[int]] = field(default_factory=dict)
    """[articles, mentions, quotes]."""
    names: Counter[tuple[ActorKey, str, int]] = field(default_factory=Counter)
    dates: dict[ActorKey, list[str]] = field(default_factory=dict)
    roles: dict[tuple[ActorKey, str], list[Any]] = field(default_factory=dict)
    """[articles, first (date, article pk, spelling), last date]."""
    edges: dict[tuple[ActorKey, ActorKey, str], list[Any]] = field(default_factory=dict)
    aliases: Counter[tuple[str, ActorKey]] = field(default_factory=Counter)
    places: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    """[articles, mentions, spellings Counter, points Counter]."""
    digests: dict[str, list[int]] = field(default_factory=dict)
    """Per big table: [rows, checksum]."""


def _first_pass(db: sqlite3.Connection) -> Totals:
    """Which forms and aliases exist, and how many articles each: enough to resolve."""
    totals = Totals()
    for rows in iter_article_rows(db):
        c = contribution(rows)
        for key, part in c.forms.items():
            totals.forms.setdefault(key, part.form)
            totals.form_articles[key] += 1
        for alias, key in c.aliases:
            totals.aliases[(alias, key)] += 1
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for key, form in totals.forms.items():
        if form.type == "PER" and form.group is not None and not form.short:
            groups.setdefault(("PER", form.group), []).append(Candidate(
                key=form.key, weight=totals.form_articles[key], initials=form.initials))
    for (alias, key), n in totals.aliases.items():
        groups.setdefault((key[0], alias), []).append(Candidate(
            key=key[1], weight=n, initials=totals.forms[key].initials))
    for key, form in totals.forms.items():
        target = None
        if form.short and form.group is not None:
            target = resolve(form, groups.get((form.type, form.group), []))
        totals.actor_of[key] = (form.type, target or form.key)
    return totals


def _digest(totals: Totals, table: str, row: tuple[Any, ...]) -> None:
    entry = totals.digests.setdefault(table, [0, 0])
    entry[0] += 1
    entry[1] = (entry[1] + hash(row)) % (1 << 64)


def compute(db: sqlite3.Connection,
            emit: Callable[[str, tuple[Any, ...]], None] | None = None) -> Totals:
    """The totals of the whole store; each big-table row goes to ``emit(table, row)`` when
    given (to write it), else into a checksum."""
    totals = _first_pass(db)
    out = emit or (lambda table, row: _digest(totals, table, row))
    for rows in iter_article_rows(db):
        _add(totals, rows, out)
    return totals


def _add(totals: Totals, rows: ArticleRows, out: Callable[[str, tuple[Any, ...]], None]
         ) -> None:
    c = contribution(rows)
    s = share(c, lambda key: totals.actor_of[key])
    published = c.published or UNDATED_ARTICLE
    for actor, (_, mentions, quotes) in s.actors.items():
        entry = totals.actors.setdefault(actor, [0, 0, 0])
        entry[0] += 1
        entry[1] += mentions
        entry[2] += quotes
    totals.names.update(s.names)
    for actor, mentions, quotes in s.articles:
        out("actor_articles", (actor, published, c.pk, mentions, quotes))
        if c.published:
            dates = totals.dates.setdefault(actor, [c.published, c.published])
            dates[0], dates[1] = min(dates[0], c.published), max(dates[1], c.published)
    for (actor, key), (spelling, position) in s.roles.items():
        out("actor_role_articles", (actor, key, published, c.pk, spelling, position))
        role = totals.roles.setdefault((actor, key), [0, None, None, None])
        role[0] += 1
        mark = (published == UNDATED_ARTICLE, published, c.pk, spelling, position)
        role[1] = mark if role[1] is None else min(role[1], mark)
        if c.published:
            role[2] = c.published if role[2] is None else max(role[2], c.published)
    for actor, idx in s.quotes:
        out("actor_quotes", (actor, c.published or UNDATED_FACT, c.pk, idx))
    for actor, date, idx, role_name in s.events:
        out("actor_events", (actor, date, c.pk, idx, role_name))
    for (a, b, kind), (n, first, last) in s.edges.items():
        out("edge_articles", (a, b, kind, c.pk, n, first or "", last or ""))
        edge = totals.edges.setdefault((a, b, kind), [0, None, None])
        edge[0] += n
        edge[1] = min(filter(None, (edge[1], first)), default=None)
        edge[2] = max(filter(None, (edge[2], last)), default=None)
    for place_key, part in c.places.items():
        place = totals.places.setdefault(place_key, [0, 0, Counter(), Counter()])
        place[0] += 1
        place[1] += part.mentions
        place[2].update(part.spellings)
        place[3].update(part.points)


# -- what the tables hold, in the same shape ---------------------------------------------------

def displayed_name(spellings: dict[tuple[str, int], int]) -> str:
    """An actor's name: of its full names, the most used (on a tie the greatest)."""
    return max(spellings, key=lambda s: (s[1], spellings[s], s[0]))[0]


def _expected(totals: Totals) -> dict[str, dict[Any, Any]]:
    spellings: dict[ActorKey, dict[tuple[str, int], int]] = {}
    for (owner, spelling, full), n in totals.names.items():
        spellings.setdefault(owner, {})[(spelling, full)] = n
    return {
        "actor_forms": {k: (f.group, int(f.short), f.initials, totals.form_articles[k],
                            totals.actor_of[k]) for k, f in totals.forms.items()},
        "actors": {a: (displayed_name(spellings[a]), *v, *totals.dates.get(a, (None, None)))
                   for a, v in totals.actors.items()},
        "actor_names": dict(totals.names),
        "actor_roles": {k: _role(v) for k, v in totals.roles.items()},
        "actor_edges": {k: tuple(v) for k, v in totals.edges.items()},
        "aliases": dict(totals.aliases),
        "place_totals": {k: _place(v) for k, v in totals.places.items()},
    }


def _role(v: list[Any]) -> tuple[Any, ...]:
    """(spelling, articles, first date, last date, position) from [articles, earliest
    mark, last date]."""
    undated, published, _, spelling, position = v[1]
    return (spelling, v[0], None if undated else published, v[2], position)


def _place(v: list[Any]) -> tuple[Any, ...]:
    point = min(v[3].items(), key=lambda p: (-p[1], p[0]))[0] if v[3] else (None, None)
    return (max(v[2]), v[0], v[1], *point)


_COUNTS = (
    "SELECT 'articles', '', count(*) FROM articles",
    "SELECT 'analyzed', '', count(*) FROM analyses",
    "SELECT 'entities', '', count(*) FROM entities",
    "SELECT 'quotes', '', count(*) FROM quotes",
    "SELECT 'site', coalesce(site, ''), count(*) FROM articles GROUP BY 2",
    "SELECT 'language', coalesce(language, ''), count(*) FROM articles GROUP BY 2",
    "SELECT 'model', coalesce(model, ''), count(*) FROM analyses GROUP BY 2",
)


def counts(db: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """What ``store_counts`` should hold, counted from the base tables."""
    return {(k, v): n for sql in _COUNTS for k, v, n in db.execute(sql) if n}


def _stored(db: sqlite3.Connection) -> dict[str, dict[Any, Any]]:
    actor = {pk: (t, k) for pk, t, k in db.execute("SELECT pk, type, key FROM actors")}
    form = {pk: (t, k) for pk, t, k in db.execute("SELECT pk, type, key FROM actor_forms")}
    return {
        "actor_forms": {(t, k): (g, s, i, n, actor.get(a)) for t, k, g, s, i, n, a in
                        db.execute("SELECT type, key, grp, short, initials, articles, actor_pk "
                                   "FROM actor_forms")},
        "actors": {(t, k): tuple(v) for t, k, *v in db.execute(
            "SELECT type, key, name, articles, mentions, quotes, first_published, "
            "last_published FROM actors")},
        "actor_names": {(actor.get(a), s, f): n for a, s, f, n in db.execute(
            'SELECT actor_pk, spelling, "full", n FROM actor_names')},
        "actor_roles": {(actor.get(a), k): tuple(v) for a, k, *v in db.execute(
            "SELECT actor_pk, role_key, role, articles, first_published, last_published, "
            "first_position FROM actor_roles")},
        "actor_edges": {(actor.get(a), actor.get(b), t): tuple(v) for a, b, t, *v in db.execute(
            "SELECT source, target, type, count, first, last FROM actor_edges")},
        "aliases": {(al, form.get(f)): n for al, f, n in db.execute(
            "SELECT alias, form_pk, articles FROM aliases")},
        "place_totals": {(k, c): tuple(v) for k, c, *v in db.execute(
            "SELECT key, country, name, articles, mentions, lat, lon FROM place_totals")},
        "store_counts": {(k, v): n for k, v, n in db.execute(
            "SELECT kind, value, n FROM store_counts")},
    }


def _stored_digests(db: sqlite3.Connection) -> dict[str, list[int]]:
    actor = {pk: (t, k) for pk, t, k in db.execute("SELECT pk, type, key FROM actors")}
    found: dict[str, list[int]] = {}
    shapes = {
        "actor_articles": "actor_pk, published, article_pk, mentions, quotes",
        "actor_role_articles": "actor_pk, role_key, published, article_pk, role, position",
        "actor_quotes": "actor_pk, published, article_pk, idx",
        "actor_events": "actor_pk, date, article_pk, idx, role",
        "edge_articles": "source, target, type, article_pk, count, first, last",
    }
    for table, columns in shapes.items():
        entry = found.setdefault(table, [0, 0])
        ends = 2 if table == "edge_articles" else 1
        for row in db.execute(f"SELECT {columns} FROM {table}"):
            keyed = tuple(actor.get(v) for v in row[:ends]) + tuple(row[ends:])
            entry[0] += 1
            entry[1] = (entry[1] + hash(keyed)) % (1 << 64)
    return found


def verify(db: sqlite3.Connection, *, examples: int = 3) -> list[str]:
    """What the aggregate tables get wrong, one line per table (empty when all is right)."""
    totals = compute(db)
    expected, stored = _expected(totals), _stored(db)
    expected["store_counts"] = counts(db)
    problems = []
    for table, want in expected.items():
        have = stored[table]
        wrong = [k for k in want.keys() | have.keys() if want.get(k) != have.get(k)]
        if wrong:
            shown = "; ".join(f"{k!r}: {have.get(k)!r} instead of {want.get(k)!r}"
                              for k in sorted(wrong, key=repr)[:examples])
            problems.append(f"{table}: {len(wrong)} of {len(want)} rows wrong ({shown})")
    digests = _stored_digests(db)
    for table in BIG_TABLES:
        want_rows, want_sum = totals.digests.get(table, [0, 0])
        have_rows, have_sum = digests.get(table, [0, 0])
        if (want_rows, want_sum) != (have_rows, have_sum):
            problems.append(f"{table}: {have_rows} rows stored, {want_rows} expected"
                            + ("" if have_rows != want_rows else " (contents differ)"))
    return problems


# -- rebuilding ---------------------------------------------------------------------------------

AGGREGATE_TABLES = ("actors", "actor_forms", "actor_names", "actor_roles", "actor_edges",
                    "aliases", "place_totals", "place_spellings", "place_points",
                    "store_counts", *BIG_TABLES)


def rebuild(db: sqlite3.Connection) -> None:
    """Empty every aggregate table and fill it from the base tables (inside the caller's
    transaction)."""
    for table in AGGREGATE_TABLES:
        db.execute(f"DELETE FROM {table}")
    first = _first_pass(db)
    pks: dict[ActorKey, int] = {}
    for key in sorted(set(first.actor_of.values())):
        pks[key] = int(db.execute("INSERT INTO actors (type, key, name) VALUES (?,?,?)",
                                  (*key, key[1])).lastrowid or 0)
    pending: dict[str, list[tuple[Any, ...]]] = {t: [] for t in BIG_TABLES}

    def emit(table: str, row: tuple[Any, ...]) -> None:
        ends = 2 if table == "edge_articles" else 1
        pending[table].append(tuple(pks[v] for v in row[:ends]) + row[ends:])
        if len(pending[table]) >= 10_000:
            _flush(db, table, pending[table])

    totals = first
    totals.digests.clear()
    for rows in iter_article_rows(db):
        _add(totals, rows, emit)
    for table, left in pending.items():
        _flush(db, table, left)
    _write_small(db, totals, pks)
    db.executemany("INSERT INTO store_counts (kind, value, n) VALUES (?,?,?)",
                   [(k, v, n) for (k, v), n in counts(db).items()])


_COLUMNS = {"actor_articles": 5, "actor_role_articles": 6, "actor_quotes": 4,
            "actor_events": 5, "edge_articles": 7}


def _flush(db: sqlite3.Connection, table: str, rows: list[tuple[Any, ...]]) -> None:
    marks = ",".join("?" * _COLUMNS[table])
    db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    rows.clear()


def _write_small(db: sqlite3.Connection, totals: Totals, pks: dict[ActorKey, int]) -> None:
    want = _expected(totals)
    db.executemany("UPDATE actors SET name = ?, articles = ?, mentions = ?, quotes = ?, "
                   "first_published = ?, last_published = ? WHERE pk = ?",
                   [(*v, pks[k]) for k, v in want["actors"].items()])
    db.execute("DELETE FROM actors WHERE articles = 0")
    forms: dict[ActorKey, int] = {}
    for (t, k), (g, s, i, n, a) in want["actor_forms"].items():
        forms[(t, k)] = int(db.execute(
            "INSERT INTO actor_forms (type, key, grp, short, initials, articles, actor_pk) "
            "VALUES (?,?,?,?,?,?,?)", (t, k, g, s, i, n, pks[a])).lastrowid or 0)
    db.executemany('INSERT INTO actor_names (actor_pk, spelling, "full", n) VALUES (?,?,?,?)',
                   [(pks[a], s, f, n) for (a, s, f), n in want["actor_names"].items()])
    db.executemany("INSERT INTO actor_roles (actor_pk, role_key, role, articles, "
                   "first_published, last_published, first_position) VALUES (?,?,?,?,?,?,?)",
                   [(pks[a], k, *v) for (a, k), v in want["actor_roles"].items()])
    db.executemany("INSERT INTO actor_edges (source, target, type, count, first, last) VALUES "
                   "(?,?,?,?,?,?)", [(pks[a], pks[b], t, *v)
                                     for (a, b, t), v in want["actor_edges"].items()])
    db.executemany("INSERT INTO aliases (alias, form_pk, articles) VALUES (?,?,?)",
                   [(al, forms[k], n) for (al, k), n in want["aliases"].items()])
    for (key, country), v in totals.places.items():
        name, articles, mentions, lat, lon = _place(v)
        pk = db.execute("INSERT INTO place_totals (key, country, name, articles, mentions, lat,"
                        " lon) VALUES (?,?,?,?,?,?,?)",
                        (key, country, name, articles, mentions, lat, lon)).lastrowid
        db.executemany("INSERT INTO place_spellings VALUES (?,?,?)",
                       [(pk, s, n) for s, n in v[2].items()])
        db.executemany("INSERT INTO place_points VALUES (?,?,?,?)",
                       [(pk, la, lo, n) for (la, lo), n in v[3].items()])


__all__ = ["EntityRow", "EventRow", "Totals", "compute", "iter_article_rows", "rebuild",
           "verify"]
