"""People across the store: PER entities grouped by name, with roles and quotes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from veille.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonRow:
    """One person (a PER entity name, case aside) summed over the articles naming them."""

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


# Per person, computed for the people kept by LIMIT only: the spelling that most entity
# rows use (on a tie the greatest, so "Marchal" wins over "MARCHAL") and the roles counted
# by spelling, first seen first on a tie (article, then place in that article's list).
_SQL = """
WITH spoken AS (
    SELECT speaker, count(*) AS n FROM quotes WHERE speaker IS NOT NULL
    GROUP BY speaker COLLATE NOCASE
), people AS (
    SELECT e.name AS key, count(DISTINCT e.article_pk) AS articles,
           sum(e.mentions) AS mentions, min(a.published) AS first_published,
           max(a.published) AS last_published
    FROM entities e JOIN articles a ON a.pk = e.article_pk
    WHERE e.type = 'PER' {where}
    GROUP BY e.name COLLATE NOCASE
), ranked AS (
    SELECT p.*, coalesce(s.n, 0) AS quotes
    FROM people p LEFT JOIN spoken s ON s.speaker = p.key COLLATE NOCASE
    ORDER BY quotes DESC, p.articles DESC, p.mentions DESC, p.key COLLATE NOCASE
    LIMIT ?
)
SELECT r.*,
    (SELECT e.name FROM entities e WHERE e.type = 'PER' AND e.name = r.key COLLATE NOCASE
     GROUP BY e.name ORDER BY count(*) DESC, e.name DESC LIMIT 1) AS name,
    (SELECT json_group_array(json_array(value, n)) FROM (
        SELECT j.value, count(*) AS n, min(e.article_pk * 65536 + j.key) AS seen
        FROM entities e, json_each(e.roles) j
        WHERE e.type = 'PER' AND e.name = r.key COLLATE NOCASE
        GROUP BY j.value ORDER BY n DESC, seen)) AS roles
FROM ranked r
ORDER BY r.quotes DESC, r.articles DESC, r.mentions DESC, r.key COLLATE NOCASE
"""


def list_people(store: Store, *, name: str | None = None, limit: int = 100) -> list[PersonRow]:
    """People named in the store, most quoted first, then most written about.

    People are PER entities grouped by name (ASCII case aside: SQLite's NOCASE). ``roles``
    gathers every role given to that name in any article, once each whatever the case,
    most frequent first; ``quotes`` counts the quotes whose speaker is that name. ``name``
    keeps names that contain all its words as whole words, ignoring case and accents.
    """
    where, params = "", []
    if name:
        where, params = "AND veille_has_words(e.name, ?)", [name]
    rows = store.db.execute(_SQL.format(where=where), (*params, limit)).fetchall()
    return [PersonRow(name=r["name"], roles=_merge_roles(r["roles"]), articles=r["articles"],
                      mentions=r["mentions"], quotes=r["quotes"],
                      first_published=r["first_published"],
                      last_published=r["last_published"]) for r in rows]


def _merge_roles(counted: str | None) -> tuple[str, ...]:
    """Roles once each, case aside, most frequent first; a role keeps its first spelling."""
    totals: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for role, n in json.loads(counted or "[]"):
        if not isinstance(role, str) or not role.strip():
            continue
        key = " ".join(role.casefold().split())
        totals[key] = totals.get(key, 0) + n
        spelling.setdefault(key, role)
    ranked = sorted(totals, key=lambda k: -totals[k])  # stable: first seen wins ties
    return tuple(spelling[k] for k in ranked)
