"""Aggregates kept up to date at write time, in the transaction that writes the articles.

People, organisations, places and the actor graph are summed over the whole store by
``Store`` as it writes: adding an article adds its contribution (``veille.store.contrib``),
replacing or dropping its analysis first subtracts the contribution of the rows it had.
Every write path goes through ``Store.write``/``Store.add`` (ingest, load, article
versions), so every caller gets this, and a SIGKILL leaves the aggregates as consistent as
the articles (one SQLite transaction). ``veille.store.totals`` recomputes everything from
the base tables to check or rebuild them.

Tables (migration 5):

- ``actor_forms``: every name form seen (``veille.store.identity``) and the actor it
  belongs to; ``actors``: one row per person, organisation, place or other actor, with its
  displayed name, articles, mentions, quotes, first and last publication dates;
- for people and organisations (``PROFILED``), by date: ``actor_articles``,
  ``actor_quotes``, ``actor_events``, ``actor_roles`` (+ ``actor_role_articles``);
- ``actor_edges`` (+ ``edge_articles``): who acts on whom, counted and dated;
- ``place_totals`` (+ spellings, points), ``aliases`` (acronyms defined for organisations).

Dates stored in key columns use sentinels: ``''`` for an undated article in
``actor_articles`` and ``actor_role_articles`` (so that the latest come first in
descending order), ``'~'`` for an undated quote or event (so that they come last in
ascending order).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from veille.errors import StoreError
from veille.store.contrib import (
    ArticleRows,
    Contribution,
    EntityRow,
    FormPart,
    PlaceRow,
    QuoteRow,
    Share,
    contribution,
    entity_row,
    event_row,
    share,
)
from veille.store.identity import Candidate, Form, form_of, resolve

UNDATED_ARTICLE = ""
UNDATED_FACT = "~"
FormKey = tuple[str, str]
EdgeKey = tuple[int, int, str]


def rows_from_store(db: sqlite3.Connection, pk: int) -> ArticleRows:
    """The rows an analysed article has in the store (``contrib.ArticleRows``)."""
    article = db.execute("SELECT published FROM articles WHERE pk = ?", (pk,)).fetchone()
    return ArticleRows(
        pk=pk, published=article[0] if article else None,
        entities=tuple(entity_row(*r) for r in db.execute(
            "SELECT entity_id, name, type, roles, mentions FROM entities WHERE article_pk = ? "
            "ORDER BY rowid", (pk,))),
        quotes=tuple(QuoteRow(*r) for r in db.execute(
            "SELECT idx, speaker, speaker_id FROM quotes WHERE article_pk = ? ORDER BY idx",
            (pk,))),
        events=tuple(event_row(*r) for r in db.execute(
            "SELECT idx, type, actors, targets, date FROM events WHERE article_pk = ? "
            "ORDER BY idx", (pk,))),
        places=tuple(PlaceRow(*r) for r in db.execute(
            "SELECT name, entity_id, country, lat, lon FROM places WHERE article_pk = ? "
            "ORDER BY idx", (pk,))),
        aliases=tuple((r[0], r[1]) for r in db.execute(
            "SELECT alias, entity_id FROM article_aliases WHERE article_pk = ? ORDER BY 1, 2",
            (pk,))))


@dataclass
class _FormRow:
    pk: int
    actor: int
    form: Form


@dataclass
class _Pending:
    """Sums a batch changes, written once when it ends: adding and subtracting commute, so
    they need not be written article by article (rows keyed by article are, in order)."""

    forms: Counter[int] = field(default_factory=Counter)
    aliases: Counter[tuple[str, int]] = field(default_factory=Counter)
    actors: dict[int, list[int]] = field(default_factory=dict)
    """Actor → [articles, mentions, quotes] to add."""
    dates: dict[int, list[str | None]] = field(default_factory=dict)
    """Actor → [earliest, latest] publication dates added."""
    names: Counter[tuple[int, str, int]] = field(default_factory=Counter)
    edges: dict[EdgeKey, list[Any]] = field(default_factory=dict)
    """(source, target, type) → [facts to add, earliest date added, latest date added]."""
    places: dict[int, list[int]] = field(default_factory=dict)
    spellings: Counter[tuple[int, str]] = field(default_factory=Counter)
    points: Counter[tuple[int, float, float]] = field(default_factory=Counter)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    """Changes to ``store_counts`` (what ``veille stats`` reads)."""


@dataclass
class _Touched:
    """What a batch changed, to settle once at the end of the transaction."""

    groups: set[tuple[str, str]] = field(default_factory=set)
    actors_shrunk: set[int] = field(default_factory=set)
    """Actors that lost an article: their dates are recomputed, empty ones dropped."""
    actors_named: set[int] = field(default_factory=set)
    roles: set[tuple[int, str]] = field(default_factory=set)
    edges_shrunk: set[EdgeKey] = field(default_factory=set)
    places: set[int] = field(default_factory=set)
    forms_shrunk: set[int] = field(default_factory=set)
    aliases_shrunk: set[tuple[str, int]] = field(default_factory=set)


def _widen(span: list[Any], first: str | None, last: str | None) -> None:
    """Widen a [first, last] pair of dates (None: unknown) with another pair."""
    if first:
        span[0] = min(span[0] or first, first)
    if last:
        span[1] = max(span[1] or last, last)


class Aggregator:
    """Adds and subtracts article contributions on one connection, inside the caller's
    transaction; ``finish()`` writes the batch's sums and settles what depends on the whole
    batch (which full name a short form stands for, first and last dates after removals,
    displayed names)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self._forms: dict[FormKey, _FormRow] = {}
        self._actors: dict[FormKey, int] = {}
        self._places: dict[tuple[str, str], int] = {}
        self.pending = _Pending()
        self.touched = _Touched()

    # -- public ----------------------------------------------------------------------
    def add(self, rows: ArticleRows) -> None:
        self._apply(contribution(rows), +1)
        self.count("entities", "", len(rows.entities))
        self.count("quotes", "", len(rows.quotes))

    def remove(self, rows: ArticleRows) -> None:
        self._apply(contribution(rows), -1)
        self.count("entities", "", -len(rows.entities))
        self.count("quotes", "", -len(rows.quotes))

    def count(self, kind: str, value: str | None, delta: int) -> None:
        """Move a store-wide counter (articles, analyses, sites, languages, models)."""
        self.pending.counts[(kind, value or "")] += delta

    def finish(self) -> None:
        self._resolve_groups()
        self._flush()
        self._settle()

    # -- forms and actors --------------------------------------------------------------
    def _actor(self, type: str, key: str, name: str) -> int:
        """The actor keyed ``(type, key)``, created when missing."""
        found = self._actors.get((type, key))
        if found is not None:
            return found
        row = self.db.execute("SELECT pk FROM actors WHERE type = ? AND key = ?",
                              (type, key)).fetchone()
        if row is None:
            cur = self.db.execute("INSERT INTO actors (type, key, name) VALUES (?,?,?)",
                                  (type, key, name))
            row = (cur.lastrowid,)
        self._actors[(type, key)] = int(row[0])
        return int(row[0])

    def _form(self, part: FormPart, *, create: bool) -> _FormRow:
        form = part.form
        cached = self._forms.get((form.type, form.key))
        if cached is not None:
            return cached
        row = self.db.execute("SELECT pk, actor_pk FROM actor_forms WHERE type = ? AND key = ?",
                              (form.type, form.key)).fetchone()
        if row is None:
            if not create:
                raise StoreError(
                    f"the store's aggregates miss the name {form.key!r} ({form.type}): "
                    "rebuild them with `veille check --repair --db PATH`")
            name = part.spellings.most_common(1)[0][0] if part.spellings else form.key
            actor = self._target_actor(form, name)
            cur = self.db.execute(
                "INSERT INTO actor_forms (type, key, grp, short, initials, actor_pk) "
                "VALUES (?,?,?,?,?,?)", (form.type, form.key, form.group, int(form.short),
                                         form.initials, actor))
            row = (cur.lastrowid, actor)
            if form.group is not None:
                self.touched.groups.add((form.type, form.group))
        found = _FormRow(pk=int(row[0]), actor=int(row[1]), form=form)
        self._forms[(form.type, form.key)] = found
        return found

    def _target_actor(self, form: Form, name: str) -> int:
        """The actor a new form belongs to: its own, or the full name it stands for."""
        target = resolve(form, self._candidates(form.type, form.group)) if form.short else None
        if target is not None:
            return self._actor(form.type, target, name)
        return self._actor(form.type, form.key, name)

    def _candidates(self, type: str, group: str | None) -> list[Candidate]:
        if group is None:
            return []
        self._flush_names()
        if type == "PER":
            rows = self.db.execute(
                "SELECT key, articles, initials FROM actor_forms WHERE type = 'PER' AND "
                "grp = ? AND short = 0 AND articles > 0", (group,))
        else:
            rows = self.db.execute(
                "SELECT f.key, a.articles, f.initials FROM aliases a JOIN actor_forms f "
                "ON f.pk = a.form_pk WHERE a.alias = ? AND f.type = ? AND a.articles > 0",
                (group, type))
        return [Candidate(key=r[0], weight=r[1], initials=r[2]) for r in rows]

    # -- applying one contribution -----------------------------------------------------------
    def _apply(self, c: Contribution, sign: int) -> None:
        for part in c.forms.values():
            row = self._form(part, create=sign > 0)
            self.pending.forms[row.pk] += sign
            if sign < 0:
                self.touched.forms_shrunk.add(row.pk)
            if part.form.type == "PER" and part.form.group is not None:
                self.touched.groups.add(("PER", part.form.group))
        rows = share(c, lambda key: self._forms[key].actor)
        self._apply_actors(c, rows, sign)
        self._apply_profiles(c, rows, sign)
        self._apply_edges(c, rows, sign)
        self._apply_places(c, sign)
        self._apply_aliases(c, sign)

    def _apply_actors(self, c: Contribution, rows: Share, sign: int) -> None:
        for actor, (_, mentions, quotes) in rows.actors.items():
            sums = self.pending.actors.setdefault(actor, [0, 0, 0])
            sums[0] += sign
            sums[1] += sign * mentions
            sums[2] += sign * quotes
        for (actor, written, full), n in rows.names.items():
            self.pending.names[(actor, written, full)] += sign * n
        self.touched.actors_named.update(rows.actors)
        if sign < 0:
            self.touched.actors_shrunk.update(rows.actors)

    def _apply_profiles(self, c: Contribution, rows: Share, sign: int) -> None:
        """People's and organisations' articles, roles, quotes and events, by date."""
        db = self.db
        published = c.published or UNDATED_ARTICLE
        fact_date = c.published or UNDATED_FACT
        articles = [(actor, published, c.pk, m, q) for actor, m, q in rows.articles]
        roles = [(actor, key, published, c.pk, spelling, position)
                 for (actor, key), (spelling, position) in rows.roles.items()]
        quotes = [(actor, fact_date, c.pk, i) for actor, i in rows.quotes]
        events = [(actor, date, c.pk, i, role) for actor, date, i, role in rows.events]
        if sign > 0:
            db.executemany("INSERT INTO actor_articles (actor_pk, published, article_pk, "
                           "mentions, quotes) VALUES (?,?,?,?,?)", articles)
            for actor, *_ in articles:
                _widen(self.pending.dates.setdefault(actor, [None, None]), c.published,
                       c.published)
            db.executemany("INSERT INTO actor_roles (actor_pk, role_key, role, articles) VALUES "
                           "(?,?,?,1) ON CONFLICT DO UPDATE SET articles = articles + 1",
                           [(a, k, s) for a, k, _, _, s, _ in roles])
            db.executemany("INSERT INTO actor_role_articles (actor_pk, role_key, published, "
                           "article_pk, role, position) VALUES (?,?,?,?,?,?)", roles)
            db.executemany("INSERT INTO actor_quotes (actor_pk, published, article_pk, idx) "
                           "VALUES (?,?,?,?)", quotes)
            db.executemany("INSERT INTO actor_events (actor_pk, date, article_pk, idx, role) "
                           "VALUES (?,?,?,?,?)", events)
        else:
            db.executemany("DELETE FROM actor_articles WHERE actor_pk = ? AND published = ? AND "
                           "article_pk = ?", [a[:3] for a in articles])
            db.executemany("UPDATE actor_roles SET articles = articles - 1 WHERE actor_pk = ? "
                           "AND role_key = ?", [r[:2] for r in roles])
            db.executemany("DELETE FROM actor_role_articles WHERE actor_pk = ? AND role_key = ? "
                           "AND published = ? AND article_pk = ?", [r[:4] for r in roles])
            db.executemany("DELETE FROM actor_quotes WHERE actor_pk = ? AND published = ? AND "
                           "article_pk = ? AND idx = ?", quotes)
            db.executemany("DELETE FROM actor_events WHERE actor_pk = ? AND date = ? AND "
                           "article_pk = ? AND idx = ?", [e[:4] for e in events])
        self.touched.roles.update((a, k) for a, k, *_ in roles)

    def _apply_edges(self, c: Contribution, rows: Share, sign: int) -> None:
        facts = [(a, b, kind, c.pk, n, first or "", last or "")
                 for (a, b, kind), (n, first, last) in rows.edges.items()]
        for (a, b, kind), (n, first, last) in rows.edges.items():
            sums = self.pending.edges.setdefault((a, b, kind), [0, None, None])
            sums[0] += sign * n
            if sign > 0:
                sums[1:] = [min(filter(None, (sums[1], first)), default=None),
                            max(filter(None, (sums[2], last)), default=None)]
            else:
                self.touched.edges_shrunk.add((a, b, kind))
        if sign > 0:
            self.db.executemany("INSERT INTO edge_articles (source, target, type, article_pk, "
                                "count, first, last) VALUES (?,?,?,?,?,?,?)", facts)
        else:
            self.db.executemany("DELETE FROM edge_articles WHERE source = ? AND target = ? AND "
                                "type = ? AND article_pk = ?", [f[:4] for f in facts])

    def _place(self, key: tuple[str, str], name: str, *, create: bool) -> int:
        found = self._places.get(key)
        if found is None:
            row = self.db.execute("SELECT pk FROM place_totals WHERE key = ? AND country = ?",
                                  key).fetchone()
            if row is None:
                if not create:
                    raise StoreError(f"the store's aggregates miss the place {key[0]!r}: "
                                     "rebuild them with `veille check --repair --db PATH`")
                row = (self.db.execute("INSERT INTO place_totals (key, country, name) VALUES "
                                       "(?,?,?)", (*key, name)).lastrowid,)
            found = self._places[key] = int(row[0])
        return found

    def _apply_places(self, c: Contribution, sign: int) -> None:
        for key, part in c.places.items():
            pk = self._place(key, part.name, create=sign > 0)
            sums = self.pending.places.setdefault(pk, [0, 0])
            sums[0] += sign
            sums[1] += sign * part.mentions
            for written, n in part.spellings.items():
                self.pending.spellings[(pk, written)] += sign * n
            for (lat, lon), n in part.points.items():
                self.pending.points[(pk, lat, lon)] += sign * n
            self.touched.places.add(pk)

    def _apply_aliases(self, c: Contribution, sign: int) -> None:
        for alias, form_key in sorted(c.aliases):
            form = self._forms[form_key]
            self.pending.aliases[(alias, form.pk)] += sign
            self.touched.groups.add((form.form.type, alias))
            if sign < 0:
                self.touched.aliases_shrunk.add((alias, form.pk))

    # -- writing the batch's sums -----------------------------------------------------------
    def _flush_names(self) -> None:
        """Forms' and aliases' article counts: what resolving a short form reads."""
        p, db = self.pending, self.db
        db.executemany("UPDATE actor_forms SET articles = articles + ? WHERE pk = ?",
                       [(n, pk) for pk, n in p.forms.items() if n])
        db.executemany("INSERT INTO aliases (alias, form_pk, articles) VALUES (?,?,?) ON "
                       "CONFLICT DO UPDATE SET articles = articles + excluded.articles",
                       [(alias, pk, n) for (alias, pk), n in sorted(p.aliases.items()) if n])
        p.forms.clear()
        p.aliases.clear()

    def _flush(self) -> None:
        p, db = self.pending, self.db
        self._flush_names()
        db.executemany("UPDATE actors SET articles = articles + ?, mentions = mentions + ?, "
                       "quotes = quotes + ? WHERE pk = ?",
                       [(*sums, actor) for actor, sums in p.actors.items() if any(sums)])
        db.executemany(
            "UPDATE actors SET first_published = min(coalesce(first_published, ?1), ?1), "
            "last_published = max(coalesce(last_published, ?2), ?2) WHERE pk = ?3",
            [(first, last, actor) for actor, (first, last) in p.dates.items() if first])
        db.executemany('INSERT INTO actor_names (actor_pk, spelling, "full", n) VALUES (?,?,?,?)'
                       " ON CONFLICT DO UPDATE SET n = n + excluded.n",
                       [(*key, n) for key, n in p.names.items() if n])
        db.executemany(
            "INSERT INTO actor_edges (source, target, type, count, first, last) VALUES "
            "(?,?,?,?,?,?) ON CONFLICT DO UPDATE SET count = count + excluded.count, first = "
            "min(coalesce(first, excluded.first), coalesce(excluded.first, first)), last = "
            "max(coalesce(last, excluded.last), coalesce(excluded.last, last))",
            [(*key, *sums) for key, sums in p.edges.items()])
        db.executemany("UPDATE place_totals SET articles = articles + ?, mentions = mentions + ? "
                       "WHERE pk = ?", [(*sums, pk) for pk, sums in p.places.items()])
        db.executemany("INSERT INTO place_spellings (place_pk, spelling, n) VALUES (?,?,?) "
                       "ON CONFLICT DO UPDATE SET n = n + excluded.n",
                       [(*key, n) for key, n in p.spellings.items() if n])
        db.executemany("INSERT INTO place_points (place_pk, lat, lon, n) VALUES (?,?,?,?) "
                       "ON CONFLICT DO UPDATE SET n = n + excluded.n",
                       [(*key, n) for key, n in p.points.items() if n])
        changed = [(k, v, n) for (k, v), n in p.counts.items() if n]
        db.executemany("INSERT INTO store_counts (kind, value, n) VALUES (?,?,?) "
                       "ON CONFLICT DO UPDATE SET n = n + excluded.n", changed)
        db.executemany("DELETE FROM store_counts WHERE kind = ? AND value = ? AND n = 0",
                       [(k, v) for k, v, _ in changed])
        self.pending = _Pending()

    # -- settling a batch ---------------------------------------------------------------
    def _resolve_groups(self) -> None:
        """Short forms whose group changed follow the full name they now stand for: their
        articles are subtracted under the old assignment and added under the new one."""
        self._flush_names()
        groups, self.touched.groups = self.touched.groups, set()
        moves: dict[int, tuple[_FormRow, int]] = {}
        for type, group in sorted(groups):
            shorts = self.db.execute(
                "SELECT pk, key, initials, actor_pk FROM actor_forms WHERE type = ? AND "
                "grp = ? AND short = 1 AND articles > 0", (type, group)).fetchall()
            candidates = self._candidates(type, group) if shorts else []
            for pk, key, initials, actor in shorts:
                form = Form(type=type, key=key, group=group, short=True, initials=initials)
                target = resolve(form, candidates) or key
                new = self._actor(type, target, target)
                if new != actor:
                    moves[pk] = (_FormRow(pk=pk, actor=actor, form=form), new)
        if moves:
            self._move(moves)
        self.touched.groups.clear()

    def _move(self, moves: dict[int, tuple[_FormRow, int]]) -> None:
        articles = sorted(set().union(*(self._articles_with(row) for row, _ in moves.values())))
        rows = [rows_from_store(self.db, pk) for pk in articles]
        for r in rows:
            self.remove(r)
        for pk, (row, new) in moves.items():
            self.db.execute("UPDATE actor_forms SET actor_pk = ? WHERE pk = ?", (new, pk))
            self._forms[(row.form.type, row.form.key)] = _FormRow(pk=pk, actor=new,
                                                                  form=row.form)
        for r in rows:
            self.add(r)

    def _articles_with(self, row: _FormRow) -> set[int]:
        """The analysed articles whose entities use the form of ``row``."""
        found = set()
        pks = [r[0] for r in self.db.execute(
            "SELECT article_pk FROM actor_articles WHERE actor_pk = ?", (row.actor,))]
        for pk in pks:
            names = self.db.execute("SELECT name, type FROM entities WHERE article_pk = ? AND "
                                    "type = ?", (pk, row.form.type))
            if any(form_of(n, t).key == row.form.key for n, t in names):
                found.add(pk)
        return found

    def _settle(self) -> None:
        t, db = self.touched, self.db
        for actor in t.actors_shrunk:
            db.execute(
                "UPDATE actors SET first_published = (SELECT published FROM actor_articles "
                "WHERE actor_pk = ?1 AND published > '' ORDER BY published LIMIT 1), "
                "last_published = (SELECT published FROM actor_articles WHERE actor_pk = ?1 "
                "AND published > '' ORDER BY published DESC LIMIT 1) WHERE pk = ?1", (actor,))
        named = sorted(t.actors_named)
        db.executemany("DELETE FROM actor_names WHERE actor_pk = ? AND n = 0",
                       [(a,) for a in named])
        db.executemany(
            "UPDATE actors SET name = x.spelling FROM (SELECT spelling FROM actor_names WHERE "
            'actor_pk = ?1 ORDER BY "full" DESC, n DESC, spelling DESC LIMIT 1) AS x '
            "WHERE actors.pk = ?1 AND actors.name IS NOT x.spelling", [(a,) for a in named])
        for actor, key in t.roles:
            _settle_role(db, actor, key)
        for a, b, kind in t.edges_shrunk:
            db.execute(
                "UPDATE actor_edges SET first = (SELECT min(first) FROM edge_articles WHERE "
                "source = ?1 AND target = ?2 AND type = ?3 AND first > ''), last = (SELECT "
                "max(last) FROM edge_articles WHERE source = ?1 AND target = ?2 AND type = ?3 "
                "AND last > '') WHERE source = ?1 AND target = ?2 AND type = ?3", (a, b, kind))
        for pk in t.places:
            _settle_place(db, pk)
        _drop_empty(db, t)
        self.touched = _Touched()


def _settle_role(db: sqlite3.Connection, actor: int, key: str) -> None:
    """A role's first and last dates, its spelling and position (those of its earliest
    article: dated first, then in the order articles were stored)."""
    args = (actor, key)
    first = db.execute("SELECT published, role, position FROM actor_role_articles WHERE "
                       "actor_pk = ? AND role_key = ? AND published > '' ORDER BY published, "
                       "article_pk LIMIT 1", args).fetchone()
    last = db.execute("SELECT published FROM actor_role_articles WHERE actor_pk = ? AND "
                      "role_key = ? AND published > '' ORDER BY published DESC LIMIT 1",
                      args).fetchone()
    earliest = first or db.execute(
        "SELECT '', role, position FROM actor_role_articles WHERE actor_pk = ? AND "
        "role_key = ? AND published = '' ORDER BY article_pk LIMIT 1", args).fetchone()
    if earliest is None:
        db.execute("DELETE FROM actor_roles WHERE actor_pk = ? AND role_key = ?", args)
        return
    db.execute("UPDATE actor_roles SET role = ?, first_position = ?, first_published = ?, "
               "last_published = ? WHERE actor_pk = ? AND role_key = ?",
               (earliest[1], earliest[2], first[0] if first else None,
                last[0] if last else None, *args))


def _settle_place(db: sqlite3.Connection, pk: int) -> None:
    """A place's displayed spelling (the greatest: "Genève" over "GENÈVE") and its
    coordinates (those most of its rows give)."""
    db.execute("DELETE FROM place_spellings WHERE place_pk = ? AND n = 0", (pk,))
    db.execute("DELETE FROM place_points WHERE place_pk = ? AND n = 0", (pk,))
    db.execute(
        "UPDATE place_totals SET name = coalesce((SELECT max(spelling) FROM place_spellings "
        "WHERE place_pk = ?1), name), lat = (SELECT lat FROM place_points WHERE place_pk = ?1 "
        "ORDER BY n DESC, lat, lon LIMIT 1), lon = (SELECT lon FROM place_points WHERE "
        "place_pk = ?1 ORDER BY n DESC, lat, lon LIMIT 1) WHERE pk = ?1", (pk,))


def _drop_empty(db: sqlite3.Connection, t: _Touched) -> None:
    """Rows whose counts fell to zero: nothing in the store gives them any more."""
    db.executemany("DELETE FROM actor_forms WHERE pk = ? AND articles = 0",
                   [(pk,) for pk in t.forms_shrunk])
    db.executemany("DELETE FROM aliases WHERE alias = ? AND form_pk = ? AND articles = 0",
                   sorted(t.aliases_shrunk))
    db.executemany("DELETE FROM actor_edges WHERE source = ? AND target = ? AND type = ? AND "
                   "count = 0", sorted(t.edges_shrunk))
    for pk in t.places:
        if db.execute("DELETE FROM place_totals WHERE pk = ? AND articles = 0",
                      (pk,)).rowcount:
            db.execute("DELETE FROM place_spellings WHERE place_pk = ?", (pk,))
            db.execute("DELETE FROM place_points WHERE place_pk = ?", (pk,))
    for pk in t.actors_shrunk:
        if db.execute("DELETE FROM actors WHERE pk = ? AND articles = 0", (pk,)).rowcount:
            for table in ("actor_names", "actor_roles"):
                db.execute(f"DELETE FROM {table} WHERE actor_pk = ?", (pk,))


def apply_many(db: sqlite3.Connection, removed: Iterable[ArticleRows],
               added: Iterable[ArticleRows]) -> None:
    """Subtract ``removed`` then add ``added`` and settle: a whole batch at once."""
    aggregator = Aggregator(db)
    for rows in removed:
        aggregator.remove(rows)
    for rows in added:
        aggregator.add(rows)
    aggregator.finish()


__all__ = ["Aggregator", "EntityRow", "apply_many", "rows_from_store"]
