"""Quotations across the store: who said what, where and when (``veille quotes``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from veille.query._common import article_filters, fts_phrases, fts_query
from veille.store import Store


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteHit:
    """One stored quotation with the article it comes from."""

    article_id: str
    title: str | None
    site: str | None
    published: str | None
    url: str | None
    text: str
    start: int
    end: int
    kind: str
    speaker: str | None
    speaker_id: str | None
    speaker_mention: str | None
    cue: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_SELECT = (
    'SELECT a.id AS article_id, a.title, a.site, a.published, a.url, q.text, q.start, q."end",'
    " q.kind, q.speaker, q.speaker_id, q.speaker_mention, q.cue "
    "FROM quotes q JOIN articles a ON a.pk = q.article_pk"
)
_ORDER = "ORDER BY a.published IS NULL, a.published, a.id, q.start, q.idx"
_IN_FTS = "q.pk IN (SELECT rowid FROM quotes_fts WHERE quotes_fts.{column} MATCH ?)"


def list_quotes(
    store: Store,
    *,
    speaker: str | None = None,
    query: str | None = None,
    since: str | None = None,
    until: str | None = None,
    site: str | None = None,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[QuoteHit]:
    """Stored quotations, oldest article first and in text order within an article.

    ``speaker`` keeps quotes whose speaker's name contains all its words as whole words,
    ignoring case and accents ("milley" finds "Mark Milley"; "Mil" does not); it is never
    read as FTS5 syntax. ``query`` searches the quoted words (FTS5 syntax welcome; a query
    that is not valid syntax is searched as plain words). ``since``/``until`` are inclusive
    ISO dates or prefixes of the article's publication date.
    """
    clauses, params = article_filters(site=site, since=since, until=until)
    if kind:
        clauses.append("q.kind = ?")
        params.append(kind)
    if speaker:
        phrases = fts_phrases(speaker)
        if not phrases:
            return []
        clauses.append(_IN_FTS.format(column="speaker"))
        params.append(phrases)
    if not query:
        return _select(store, clauses, params, limit=limit, offset=offset)
    for attempt, text in enumerate((query, fts_query(query))):
        if not text.strip():
            continue
        try:
            return _select(store, [*clauses, _IN_FTS.format(column="text")], [*params, text],
                           limit=limit, offset=offset)
        except sqlite3.OperationalError:
            if attempt == 0:  # not valid FTS5 syntax: search the words instead
                continue
            raise
    return []


def _select(store: Store, clauses: list[str], params: list[Any], *, limit: int,
            offset: int) -> list[QuoteHit]:
    where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
    rows = store.db.execute(f"{_SELECT} {where}{_ORDER} LIMIT ? OFFSET ?",
                            (*params, limit, offset))
    return [QuoteHit(**dict(r)) for r in rows]


def iter_quotes(store: Store) -> Iterator[QuoteHit]:
    """Every stored quotation, in ``list_quotes`` order, streamed (``veille export``)."""
    for row in store.db.execute(f"{_SELECT} {_ORDER}"):
        yield QuoteHit(**dict(row))
