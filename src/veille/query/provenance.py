"""Provenance reads: links, stories and flags written by ``veille.provenance``.

What ``veille duplicates``, ``veille story``, ``veille show --format json`` (its
``provenance`` object) and the web app's provenance panel and stories page call. Every
function returns plain dicts ready for JSON. A *copy* is
``{"id", "title", "site", "language", "published", "relation", "score"}`` where
``relation`` is how that copy relates to the article asked about: ``self``,
``near-duplicate`` (same language) or ``translation``; ``score`` is the direct link's score,
or None when the two are in one story through other copies.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from veille.errors import NotFound
from veille.store import Store

__all__ = ["article_provenance", "list_links", "list_stories", "resolve_article", "story"]

_COPY_COLUMNS = "a.pk, a.id, a.title, a.site, a.language, a.published"


def _has_tables(store: Store) -> bool:
    """A read-only store older than migration 4 has no provenance tables: no provenance."""
    return store.schema_version >= 4


def resolve_article(store: Store, article_id: str) -> sqlite3.Row:
    """The article row for an id or an unambiguous id prefix (as ``veille show``)."""
    rows = store.db.execute(
        f"SELECT {_COPY_COLUMNS} FROM articles a WHERE a.id = ? UNION ALL "
        f"SELECT {_COPY_COLUMNS} FROM articles a WHERE a.id > ? AND a.id < ? || char(1114111) "
        "LIMIT 3", (article_id, article_id, article_id)).fetchall()  # a range: the id index
    if not rows:
        raise NotFound(f"no article with id {article_id!r}; find ids with `veille search`")
    if rows[0]["id"] != article_id and len(rows) > 1:
        ids = ", ".join(r["id"] for r in rows)
        raise NotFound(f"{article_id!r} is the start of several ids ({ids} …): give more of it")
    return rows[0]


def _copy(row: sqlite3.Row, relation: str, score: float | None) -> dict[str, Any]:
    return {"id": row["id"], "title": row["title"], "site": row["site"],
            "language": row["language"], "published": row["published"],
            "relation": relation, "score": None if score is None else round(score, 4)}


def _story_row(store: Store, pk: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = store.db.execute(
        "SELECT s.story, s.first_pk, s.size, f.id AS first_id FROM provenance_stories s "
        "JOIN articles f ON f.pk = s.first_pk WHERE s.article_pk = ?", (pk,)).fetchone()
    return row


def _members(store: Store, story_id: str) -> list[sqlite3.Row]:
    """The story's articles in story order: first copy first, then by date (undated last),
    then by ingestion order."""
    return store.db.execute(
        f"SELECT {_COPY_COLUMNS}, s.first_pk FROM provenance_stories s "
        "JOIN articles a ON a.pk = s.article_pk WHERE s.story = ? "
        "ORDER BY a.pk != s.first_pk, a.published IS NULL, substr(a.published, 1, 10), a.pk",
        (story_id,)).fetchall()


def _direct_links(store: Store, pk: int) -> dict[int, tuple[str, float]]:
    rows = store.db.execute(
        "SELECT b_pk AS other, kind, score FROM provenance_links WHERE a_pk = ? UNION ALL "
        "SELECT a_pk AS other, kind, score FROM provenance_links WHERE b_pk = ?", (pk, pk))
    return {r["other"]: (r["kind"], r["score"]) for r in rows}


def _copies(store: Store, row: sqlite3.Row, members: list[sqlite3.Row]) -> list[dict[str, Any]]:
    direct = _direct_links(store, row["pk"])
    copies = []
    for member in members:
        if member["pk"] == row["pk"]:
            copies.append(_copy(member, "self", None))
            continue
        kind, score = direct.get(member["pk"], (None, None))
        if kind is None:
            same = (member["language"] or "") == (row["language"] or "") or not (
                member["language"] and row["language"])
            kind = "near-duplicate" if same else "translation"
        copies.append(_copy(member, kind, score))
    return copies


def _flags(store: Store, pk: int) -> list[dict[str, str]]:
    return [{"kind": r["kind"], "detail": r["detail"]} for r in store.db.execute(
        "SELECT kind, detail FROM provenance_flags WHERE article_pk = ? ORDER BY "
        "CASE kind WHEN 'republished' THEN 0 WHEN 'translation' THEN 1 ELSE 2 END", (pk,))]


def _provenance_of(store: Store, row: sqlite3.Row) -> dict[str, Any]:
    if not _has_tables(store):
        return {"story": None, "first": None, "copies": [_copy(row, "self", None)],
                "flags": []}
    found = _story_row(store, row["pk"])
    if found is None:
        return {"story": None, "first": None, "copies": [_copy(row, "self", None)],
                "flags": _flags(store, row["pk"])}
    members = _members(store, found["story"])
    return {"story": found["story"], "first": found["first_id"],
            "copies": _copies(store, row, members), "flags": _flags(store, row["pk"])}


def article_provenance(store: Store, article_id: str) -> dict[str, Any] | None:
    """``{"story", "first", "copies", "flags"}`` for one article (exact id), None if unknown.

    An article in no story has ``story`` and ``first`` None and itself as only copy.
    """
    row = store.db.execute(f"SELECT {_COPY_COLUMNS} FROM articles a WHERE a.id = ?",
                           (article_id,)).fetchone()
    return None if row is None else _provenance_of(store, row)


def story(store: Store, article_id: str) -> dict[str, Any]:
    """What ``veille story ID`` prints: the article, its story's copies, first copy and
    flags (every copy's flags too). Raises ``NotFound`` for an unknown id."""
    row = resolve_article(store, article_id)
    result = _provenance_of(store, row)
    result["article"] = _copy(row, "self", None)
    result["languages"] = sorted({c["language"] for c in result["copies"] if c["language"]})
    result["size"] = len(result["copies"])
    copy_flags: dict[str, list[dict[str, str]]] = {}
    if result["story"] is not None:
        for member in _members(store, result["story"]):
            flags = _flags(store, member["pk"])
            if flags:
                copy_flags[member["id"]] = flags
    result["copy_flags"] = copy_flags
    return result


def list_stories(store: Store, *, limit: int = 50, offset: int = 0,
                 flag: str | None = None) -> list[dict[str, Any]]:
    """Stories of two or more articles, the most recently active first.

    Each is ``{"story", "first", "size", "languages", "first_published",
    "last_published", "flags", "copies"}``; ``flags`` lists the kinds raised on any copy;
    ``copies`` are seen from the first copy. ``flag`` keeps stories with that kind of flag.
    """
    if not _has_tables(store):
        return []
    where, params = "", []
    if flag:
        where = ("WHERE s.story IN (SELECT s2.story FROM provenance_flags g JOIN "
                 "provenance_stories s2 ON s2.article_pk = g.article_pk WHERE g.kind = ?)")
        params.append(flag)
    rows = store.db.execute(
        "SELECT s.story, max(a.published) AS last_published FROM provenance_stories s "
        f"JOIN articles a ON a.pk = s.article_pk {where} GROUP BY s.story "
        "ORDER BY last_published IS NULL, last_published DESC, s.story LIMIT ? OFFSET ?",
        (*params, int(limit), int(offset))).fetchall()
    return [_story_summary(store, r["story"]) for r in rows]


def _story_summary(store: Store, story_id: str) -> dict[str, Any]:
    members = _members(store, story_id)
    first = members[0]
    dates = sorted(m["published"] for m in members if m["published"])
    kinds = [r["kind"] for r in store.db.execute(
        "SELECT DISTINCT g.kind FROM provenance_flags g JOIN provenance_stories s ON "
        "s.article_pk = g.article_pk WHERE s.story = ? ORDER BY g.kind", (story_id,))]
    return {"story": story_id, "first": first["id"], "size": len(members),
            "languages": sorted({m["language"] for m in members if m["language"]}),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
            "flags": kinds, "copies": _copies(store, first, members)}


def list_links(store: Store, *, kind: str | None = None, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
    """Every link ``{"a", "b", "kind", "score"}`` (article ids, ``a`` before ``b`` in
    ingestion order), strongest first."""
    if not _has_tables(store):
        return []
    where = "WHERE l.kind = ?" if kind else ""
    params: list[Any] = [kind] if kind else []
    sql = ("SELECT x.id AS a, y.id AS b, l.kind, l.score FROM provenance_links l "
           "JOIN articles x ON x.pk = l.a_pk JOIN articles y ON y.pk = l.b_pk "
           f"{where} ORDER BY l.score DESC, l.a_pk, l.b_pk")
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params += [-1 if limit is None else int(limit), int(offset)]
    return [{"a": r["a"], "b": r["b"], "kind": r["kind"], "score": round(r["score"], 4)}
            for r in store.db.execute(sql, params)]
