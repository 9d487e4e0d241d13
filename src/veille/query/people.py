"""People and organisations across the store, read from the aggregates kept at write time.

A person is one identity across articles (``veille.store.identity``): "Poutine", "Vladimir
Poutine" and "le président russe Vladimir Poutine" are one person; "Marine Le Pen" and
"Jean-Marie Le Pen" are two. Their counts, roles and dates are summed as articles are
written (``veille.store.aggregates``), so a list costs an index range, not a pass over every
entity.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from veille.query._common import fts_phrases
from veille.store import Store
from veille.store.identity import Candidate, alias_key, form_of, resolve


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonRow:
    """One person summed over the articles naming them."""

    name: str
    roles: tuple[str, ...]
    articles: int
    mentions: int
    quotes: int
    first_published: str | None
    last_published: str | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["roles"] = list(self.roles)
        return data


_ORDER = "ORDER BY quotes DESC, articles DESC, mentions DESC, name COLLATE NOCASE"


def list_people(store: Store, *, name: str | None = None, limit: int = 100,
                type: str = "PER") -> list[PersonRow]:
    """People named in the store, most quoted first, then most written about.

    ``roles`` gathers every role given to that person in any article, once each whatever
    the case, most frequent first; ``quotes`` counts the quotes attributed to them. ``name``
    keeps people whose displayed name contains all its words as whole words, ignoring case
    and accents. ``type="ORG"`` lists organisations the same way.
    """
    params: list[Any] = [type]
    where = "type = ?"
    if name is not None:
        phrases = fts_phrases(name)
        if not any(c.isalnum() for c in name) or not phrases:
            return []
        where += " AND pk IN (SELECT rowid FROM actors_fts WHERE actors_fts MATCH ?)"
        params.append(phrases)
    rows = store.db.execute(
        "SELECT pk, name, articles, mentions, quotes, first_published, last_published "
        f"FROM actors WHERE {where} {_ORDER} LIMIT ?", (*params, limit)).fetchall()
    roles = roles_by_actor(store, [r["pk"] for r in rows])
    return [PersonRow(name=r["name"], roles=roles.get(r["pk"], ()), articles=r["articles"],
                      mentions=r["mentions"], quotes=r["quotes"],
                      first_published=r["first_published"],
                      last_published=r["last_published"]) for r in rows]


def roles_by_actor(store: Store, actors: list[int]) -> dict[int, tuple[str, ...]]:
    """Each actor's roles, most frequent first (on a tie, first given first)."""
    found: dict[int, tuple[str, ...]] = {}
    for pk in actors:
        found[pk] = tuple(r[0] for r in store.db.execute(
            "SELECT role FROM actor_roles WHERE actor_pk = ? ORDER BY articles DESC, "
            "first_published IS NULL, first_published, first_position, role_key", (pk,)))
    return found


def find_actor(store: Store, name: str, type: str) -> dict[str, Any] | None:
    """The actor (``PER``, ``ORG`` …) a name designates: by its displayed name (case
    aside), else by the identity rules ("Poutine" → "Vladimir Poutine" when the store
    knows him). None when the store has no such actor."""
    db = store.db
    row = db.execute("SELECT * FROM actors WHERE name = ? COLLATE NOCASE AND type = ? "
                     "ORDER BY articles DESC LIMIT 1", (name, type)).fetchone()
    if row is None:
        form = form_of(name, type)
        row = db.execute("SELECT a.* FROM actor_forms f JOIN actors a ON a.pk = f.actor_pk "
                         "WHERE f.type = ? AND f.key = ?", (type, form.key)).fetchone()
        if row is None and form.short and form.group is not None and type == "PER":
            # A surname no article uses alone: the full name it would stand for, if any.
            candidates = [Candidate(key=r[0], weight=r[1], initials=r[2]) for r in db.execute(
                "SELECT key, articles, initials FROM actor_forms WHERE type = 'PER' AND "
                "grp = ? AND short = 0", (form.group,))]
            target = resolve(form, candidates)
            if target is not None:
                row = db.execute("SELECT a.* FROM actor_forms f JOIN actors a ON a.pk = "
                                 "f.actor_pk WHERE f.type = 'PER' AND f.key = ?",
                                 (target,)).fetchone()
        if row is None and type == "ORG":
            # An acronym articles define for an organisation named in full ("FAE").
            row = db.execute("SELECT a.* FROM aliases x JOIN actor_forms f ON f.pk = x.form_pk "
                             "JOIN actors a ON a.pk = f.actor_pk WHERE x.alias = ? "
                             "ORDER BY x.articles DESC LIMIT 1", (alias_key(name),)).fetchone()
    return dict(row) if row is not None else None
