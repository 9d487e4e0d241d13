"""Events, places and timelines across the store (``veille events``, ``places``, ``timeline``).

An event's date is its own when the analyzer resolved one, else its article's publication
date: ``since``/``until`` and the ordering read that date.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from veille.query._common import date_filters
from veille.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class EventHit:
    """One stored event with the article it comes from."""

    article_id: str
    title: str | None
    site: str | None
    published: str | None
    date: str | None
    """The event's date, else the article's publication date."""
    type: str
    trigger: str
    actors: tuple[str, ...]
    targets: tuple[str, ...]
    place: str | None
    start: int
    end: int
    sentence_start: int
    sentence_end: int

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["actors"], data["targets"] = list(self.actors), list(self.targets)
        return data


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRow:
    """One place (name and country, case aside) summed over the articles naming it."""

    name: str
    country: str | None
    lat: float | None
    lon: float | None
    articles: int
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True, kw_only=True)
class TimelineItem:
    """One dated thing a person or organisation did, underwent or said."""

    date: str | None
    kind: str
    """The event type (PLOVER: CONSULT, ACCUSE …) or ``"quote"``."""
    role: str
    """``actor``, ``target`` or ``speaker``."""
    text: str
    """The event's trigger word, or the quoted words."""
    article_id: str
    title: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_DATE = "coalesce(e.date, a.published)"
_EVENTS = (
    f"SELECT a.id AS article_id, a.title, a.site, a.published, {_DATE} AS date, e.type, "
    'e.trigger, e.actors, e.targets, e.place, e.start, e."end", e.sentence_start, '
    "e.sentence_end FROM events e JOIN articles a ON a.pk = e.article_pk"
)
_HAS_NAME = "EXISTS (SELECT 1 FROM json_each(e.{column}) WHERE veille_has_words(value, ?))"


def list_events(
    store: Store,
    *,
    type: str | None = None,
    actor: str | None = None,
    place: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[EventHit]:
    """Stored events, oldest first, in text order within an article.

    ``type`` is a PLOVER type, case aside. ``actor`` keeps events that have an actor or a
    target whose name contains all its words as whole words, ignoring case and accents;
    ``place`` does the same on the event's place. ``since``/``until`` are inclusive ISO
    dates or prefixes of the event's date.
    """
    clauses, params = date_filters(_DATE, since=since, until=until)
    if type:
        clauses.append("e.type = ?")
        params.append(type.upper())
    if actor:
        clauses.append(f"({_HAS_NAME.format(column='actors')} OR "
                       f"{_HAS_NAME.format(column='targets')})")
        params += [actor, actor]
    if place:
        clauses.append("veille_has_words(e.place, ?)")
        params.append(place)
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = store.db.execute(
        f"{_EVENTS} {where}ORDER BY {_DATE} IS NULL, {_DATE}, a.id, e.start, e.idx "
        "LIMIT ? OFFSET ?", (*params, limit, offset))
    return [_event(r) for r in rows]


def iter_events(store: Store) -> Iterator[EventHit]:
    """Every stored event, in ``list_events`` order, streamed (``veille export``)."""
    for row in store.db.execute(f"{_EVENTS} ORDER BY {_DATE} IS NULL, {_DATE}, a.id, "
                                "e.start, e.idx"):
        yield _event(row)


def _event(row: Any) -> EventHit:
    data = dict(row)
    data["actors"] = tuple(json.loads(data["actors"]))
    data["targets"] = tuple(json.loads(data["targets"]))
    return EventHit(**data)


def list_places(store: Store, *, country: str | None = None,
                limit: int = 100) -> list[PlaceRow]:
    """Places named in the store, most written about first (from the totals kept at write
    time, ``veille.store.aggregates``).

    A place is a name (case aside) in a country; ``country`` is an ISO 3166-1 alpha-2
    code, case aside. A place's mentions are its entity's mentions (one when the place has
    no entity); its coordinates are those most of its rows give; of its spellings, the
    greatest is shown (so "Genève" rather than "GENÈVE").
    """
    where, params = "", []
    if country:
        where, params = "WHERE country = ?", [country.upper()]
    rows = store.db.execute(
        "SELECT name, country, lat, lon, articles, mentions FROM place_totals "
        f"{where} ORDER BY articles DESC, mentions DESC, name COLLATE NOCASE LIMIT ?",
        (*params, limit))
    return [PlaceRow(name=r["name"], country=r["country"] or None, lat=r["lat"], lon=r["lon"],
                     articles=r["articles"], mentions=r["mentions"]) for r in rows]


_TIMELINE = f"""
SELECT * FROM (
SELECT {_DATE} AS date, e.type AS kind, 'actor' AS role, e.trigger AS text,
       a.id AS article_id, a.title, e.start AS pos
FROM events e JOIN articles a ON a.pk = e.article_pk
WHERE {_HAS_NAME.format(column="actors")}
UNION ALL
SELECT {_DATE}, e.type, 'target', e.trigger, a.id, a.title, e.start
FROM events e JOIN articles a ON a.pk = e.article_pk
WHERE {_HAS_NAME.format(column="targets")}
UNION ALL
SELECT a.published, 'quote', 'speaker', q.text, a.id, a.title, q.start
FROM quotes q JOIN articles a ON a.pk = q.article_pk
WHERE veille_has_words(q.speaker, ?)
)
ORDER BY date IS NULL, date, article_id, pos
LIMIT ?
"""


def timeline(store: Store, name: str, *, limit: int = 1000) -> list[TimelineItem]:
    """What a person or organisation did (actor), underwent (target) or said (speaker).

    ``name`` matches as in ``list_events(actor=…)``: all its words, whole, case and
    accents aside. Items come in date order (events by their own date when known, quotes
    by their article's), then in text order within an article.
    """
    if not name.strip():
        return []
    rows = store.db.execute(_TIMELINE, (name, name, name, limit))
    return [TimelineItem(date=r["date"], kind=r["kind"], role=r["role"], text=r["text"],
                         article_id=r["article_id"], title=r["title"]) for r in rows]
