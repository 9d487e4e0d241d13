"""One person's or organisation's page: read from the aggregates, an index range each.

Everything here starts from the actor a name designates (``people.find_actor``: the
displayed name, else the identity rules, so "Poutine" opens Vladimir Poutine's page when
the store knows him) and reads the rows kept for it at write time
(``veille.store.aggregates``), in date order, ``LIMIT``-ed: a page costs the same for a
person named in ten articles or in fifty thousand.
"""

from __future__ import annotations

from typing import Any

from veille.query.events import EventHit, _event
from veille.query.people import find_actor
from veille.query.quotes import QuoteHit
from veille.store import Store

RELATED_WINDOW = 500
"""Who is named with an actor is counted over their latest this many articles: on the
100,000-article bench store, the most named person's 11,000 articles took 0.2 s to read;
500 take ~10 ms, and the first names of the list barely change past the first hundred."""

_QUOTES = (
    'SELECT a.id AS article_id, a.title, a.site, a.published, a.url, q.text, q.start, q."end",'
    " q.kind, q.speaker, q.speaker_id, q.speaker_mention, q.cue "
    "FROM actor_quotes x JOIN quotes q ON q.article_pk = x.article_pk AND q.idx = x.idx "
    "JOIN articles a ON a.pk = x.article_pk WHERE x.actor_pk = ? "
    "ORDER BY x.published, x.article_pk, x.idx LIMIT ? OFFSET ?"
)
_EVENTS = (
    "SELECT a.id AS article_id, a.title, a.site, a.published, "
    "coalesce(e.date, a.published) AS date, e.type, e.trigger, e.actors, e.targets, e.place, "
    'e.start, e."end", e.sentence_start, e.sentence_end '
    "FROM actor_events x JOIN events e ON e.article_pk = x.article_pk AND e.idx = x.idx "
    "JOIN articles a ON a.pk = x.article_pk WHERE x.actor_pk = ? "
    "ORDER BY x.date, x.article_pk, x.idx LIMIT ?"
)


def entity_profile(store: Store, name: str, *, type: str = "PER", limit: int = 50,
                   offset: int = 0, related: int = 15) -> dict[str, Any] | None:
    """Everything the store says about one person (``PER``) or organisation (``ORG``).

    ``roles`` gives each role with the first and last dates it was given and in how many
    articles; ``quotes`` are the quotes attributed to them, oldest first, ``limit`` of them
    from ``offset`` (``quotes_total`` counts them all); ``events`` are the events where
    they act or are acted on; ``related`` are the people and organisations most often
    named with them in their latest ``RELATED_WINDOW`` articles (``related_window``);
    ``spellings`` are how articles write their name, most used first. None when the store
    has no such person or organisation.
    """
    actor = find_actor(store, name, type)
    if actor is None:
        return None
    pk = actor["pk"]
    return {
        "name": actor["name"], "type": type, "articles": actor["articles"],
        "mentions": actor["mentions"], "first_published": actor["first_published"],
        "last_published": actor["last_published"],
        "spellings": spellings(store, pk),
        "roles": _roles(store, pk),
        "quotes": [q.to_dict() for q in quotes_of(store, pk, limit=limit, offset=offset)],
        "quotes_total": actor["quotes"],
        "quotes_offset": offset,
        "events": [e.to_dict() for e in events_of(store, pk, limit=2 * limit)],
        "related": _related(store, pk, related),
        "related_window": RELATED_WINDOW,
        "latest": _latest_articles(store, pk, 10),
    }


def spellings(store: Store, actor: int, limit: int = 10) -> list[str]:
    return [r[0] for r in store.db.execute(
        'SELECT spelling FROM actor_names WHERE actor_pk = ? ORDER BY "full" DESC, n DESC, '
        "spelling LIMIT ?", (actor, limit))]


def _roles(store: Store, actor: int) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT role, first_published AS first, last_published AS last, articles "
        "FROM actor_roles WHERE actor_pk = ? "
        "ORDER BY first IS NULL, first, articles DESC, first_position", (actor,))
    return [dict(r) for r in rows]


def quotes_of(store: Store, actor: int, *, limit: int = 50, offset: int = 0) -> list[QuoteHit]:
    """The actor's quotes, oldest article first, in text order within an article."""
    return [QuoteHit(**dict(r)) for r in store.db.execute(_QUOTES, (actor, limit, offset))]


def events_of(store: Store, actor: int, *, limit: int = 100) -> list[EventHit]:
    """Events the actor acts in or is acted on, by date (undated last)."""
    return [_event(r) for r in store.db.execute(_EVENTS, (actor, limit))]


def _related(store: Store, actor: int, limit: int) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT o.name, o.type, count(*) AS articles FROM (SELECT article_pk FROM "
        "actor_articles WHERE actor_pk = ?1 ORDER BY published DESC LIMIT ?2) x "
        "JOIN actor_articles y ON y.article_pk = x.article_pk JOIN actors o ON o.pk = "
        "y.actor_pk WHERE y.actor_pk != ?1 GROUP BY y.actor_pk "
        "ORDER BY articles DESC, o.name LIMIT ?3", (actor, RELATED_WINDOW, limit))
    return [dict(r) for r in rows]


def _latest_articles(store: Store, actor: int, limit: int) -> list[dict[str, Any]]:
    rows = store.db.execute(
        "SELECT a.id, a.title, a.site, a.published FROM actor_articles x JOIN articles a "
        "ON a.pk = x.article_pk WHERE x.actor_pk = ? ORDER BY x.published DESC, "
        "x.article_pk DESC LIMIT ?", (actor, limit))
    return [dict(r) for r in rows]


def actor_timeline(store: Store, actor: int, *, limit: int = 2000) -> list[dict[str, Any]]:
    """What the actor did (actor), underwent (target) or said (speaker), in date order:
    the ``timeline`` items of ``veille.query.timeline`` for one identity."""
    # Each side is read in date order from its index and cut at ``limit``: the merge sorts
    # at most twice ``limit`` rows, however many the actor has.
    rows = store.db.execute(
        "SELECT * FROM (SELECT * FROM (SELECT x.date AS sort, coalesce(e.date, a.published) "
        "AS date, e.type AS kind, x.role, e.trigger AS text, a.id AS article_id, a.title, "
        "e.start AS pos FROM actor_events x JOIN events e ON e.article_pk = x.article_pk AND "
        "e.idx = x.idx JOIN articles a ON a.pk = x.article_pk WHERE x.actor_pk = ?1 "
        "ORDER BY x.date, x.article_pk, x.idx LIMIT ?2) "
        "UNION ALL SELECT * FROM (SELECT x.published, a.published, 'quote', 'speaker', "
        "q.text, a.id, a.title, q.start FROM actor_quotes x JOIN quotes q ON q.article_pk = "
        "x.article_pk AND q.idx = x.idx JOIN articles a ON a.pk = x.article_pk WHERE "
        "x.actor_pk = ?1 ORDER BY x.published, x.article_pk, x.idx LIMIT ?2)) "
        "ORDER BY sort, article_id, pos LIMIT ?2", (actor, limit))
    return [{k: r[k] for k in ("date", "kind", "role", "text", "article_id", "title")}
            for r in rows]
