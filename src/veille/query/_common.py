"""Helpers shared by the query modules: safe FTS5 queries and article filters."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)
# Appended to an ``until`` bound: sorts after every character that an ISO date can hold,
# so that ``until="2025-01-31"`` keeps "2025-01-31T18:00" (same day, with a time).
_END_OF_PREFIX = "\uffff"


def fts_query(text: str) -> str:
    """A safe FTS5 query: every word quoted (so ``"``, ``-``, ``:`` are not syntax)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    return " ".join(f'"{w}"' for w in words)


def fts_phrases(text: str) -> str:
    """Every space-separated part of ``text`` as an FTS5 string: never syntax, all required.

    FTS5 splits each string with the table's tokenizer, so "Jean-Pierre" and "d'Estaing"
    match as the indexed text would.
    """
    parts = text.replace("\x00", " ").split()  # FTS5 reads a NUL as the end of the query
    return " ".join('"' + part.replace('"', '""') + '"' for part in parts)


def article_filters(*, site: str | None = None, language: str | None = None,
                    since: str | None = None, until: str | None = None,
                    alias: str = "a") -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) on the articles table aliased ``alias``.

    ``since`` and ``until`` are inclusive ISO prefixes: ``until="2025-01"`` keeps all of
    January, ``until="2025-01-31"`` keeps articles dated that day with a time.
    """
    clauses: list[str] = []
    params: list[Any] = []
    for clause, value in ((f"{alias}.site = ?", site), (f"{alias}.language = ?", language),
                          (f"{alias}.published >= ?", since),
                          (f"{alias}.published <= ?", until and until + _END_OF_PREFIX)):
        if value:
            clauses.append(clause)
            params.append(value)
    return clauses, params


def date_filters(column: str, *, since: str | None = None,
                 until: str | None = None) -> tuple[list[str], list[Any]]:
    """SQL conditions on the ISO date ``column``, inclusive as in ``article_filters``."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append(f"{column} >= ?")
        params.append(since)
    if until:
        clauses.append(f"{column} <= ?")
        params.append(until + _END_OF_PREFIX)
    return clauses, params
