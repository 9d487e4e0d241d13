"""Ranking full-text matches without scoring every one of them, with the same answers.

``rank`` returns the best matches of an FTS5 query in bm25 order (title 5×, text 1×; ties
by storage order), as ranking every match would. When a query matches more than
``RANK_ALL`` articles, it first ranks only the articles in which one of the query's words
weighs a lot (``veille.store.salient``: listed per level of bm25 saturation) and accepts
their order when the page's last score beats what any unlisted article can score (bm25's
bound, see ``_bound``); otherwise it tries a lower level, and in the end ranks every match. The
answer says how it was found (``method``).

Counting is cheap in FTS5 (30 ns a match: it walks document lists without scoring; filters
are a set of article numbers probed per match) up to ``COUNT_EXACT`` matches; past it the
total is estimated and says so (``total_is_estimate``).
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from veille.store import Store
from veille.store.salient import AVGDL, COLUMNS, LEVELS, averages, tokens

WEIGHTS = (5.0, 1.0)
"""bm25 weights of the title and the text (a word in the title counts five times)."""
BM25 = f"bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]})"
K1 = 1.2
"""FTS5's bm25 k1 (fts5_aux.c)."""
RANK_ALL = 2000
"""Up to this many matches, every one is scored (at ~1.5 µs a match on this machine: 3 ms)."""
COUNT_EXACT = 200_000
"""Matches counted one by one (30 ns each: 6 ms); past this, the count is estimated."""

_STRING = re.compile(r'"(?:[^"]|"")*"')
_OPERATOR = re.compile(r"\b(?:AND|OR|NOT)\b")
_BAREWORD = re.compile(r"[\w\x1a\u0080-\U0010ffff]+")


@dataclass
class Ranked:
    """The best matches of a query, best first."""

    pks: list[int] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    """bm25 as FTS5 gives it (negative: lower is better)."""
    total: int = 0
    total_is_estimate: bool = False
    method: str = "all"
    """``all`` (every match scored), ``salient-NN`` (only articles where a query word's
    saturation reaches 0.NN), or ``none`` (nothing matched)."""
    exact: int = 0
    """How many of ``pks`` are certainly the true best, in order (at least the page)."""


def _parse(query: str) -> list[tuple[str, list[str]]] | None:
    """The phrases of an FTS5 query made of words, "quoted phrases", AND, OR, NOT and
    brackets: each as FTS5 reads it (a query of its own) and as its words; None for any
    other syntax (prefixes, NEAR, columns …), for which ``rank`` scores every match."""
    found: list[tuple[str, list[str]]] = []
    rest = query.strip()
    while rest:
        if rest[0] in "()":
            rest = rest[1:].lstrip()
            continue
        string = _STRING.match(rest)
        if string:
            found.append((string.group(0), tokens(string.group(0)[1:-1].replace('""', '"'))))
            rest = rest[string.end():].lstrip()
            if rest.startswith(("*", "+")):
                return None
            continue
        word = _BAREWORD.match(rest)
        if not word:
            return None
        if word.group(0) not in ("AND", "OR", "NOT"):
            if word.group(0) == "NEAR" or rest[word.end():word.end() + 1] in ("*", ":", "+"):
                return None
            found.append((word.group(0), tokens(word.group(0))))
        rest = rest[word.end():].lstrip()
    return [p for p in found if p[1]] or None


def phrases(query: str) -> list[list[str]] | None:
    """The words of each phrase of ``query`` (see ``_parse``)."""
    parsed = _parse(query)
    return [words for _, words in parsed] if parsed is not None else None


def _quoted(words: list[str]) -> str:
    return '"' + " ".join(words) + '"'


def _idf_sum(db: sqlite3.Connection, found: list[tuple[str, list[str]]],
             known: int | None = None) -> tuple[float, float] | None:
    """(Σ idf of the query's phrases, m) where m = min(1, reference length / average
    length): the two numbers the bound of each level needs, read once per query. ``known``
    is the exact number of matches when the query is one phrase (no need to count again).
    Each phrase's matches are counted exactly: an idf from an estimate could be too low
    for the bound to hold."""
    found_averages = averages(db)
    if found_averages is None:
        return None
    rows, avgdl = found_averages
    recorded = db.execute("SELECT value FROM store_meta WHERE key = 'salient_avgdl'").fetchone()
    m = min(1.0, (float(recorded[0]) if recorded else AVGDL) / avgdl)
    total = 0.0
    for phrase, _ in found:  # counted as FTS5 reads it, not as our words
        hits = known if known is not None else db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
            (phrase,)).fetchone()[0]
        total += max(math.log((rows - hits + 0.5) / (hits + 0.5)), 1e-6)
    return total, m


def _bound(idf: tuple[float, float], level: float) -> float:
    """The best score an article not listed at saturation ``level`` for any word of the
    query can have (``veille.store.salient``): each phrase weighs less than ``level`` in
    it, whatever its length."""
    total, m = idf
    return total * (K1 + 1) * level / (level + (1 - level) * m)


def count(db: sqlite3.Connection, match: str, restrict: str | None,
          params: list[Any]) -> tuple[int, bool]:
    """How many articles match (and pass ``restrict``, a subquery of article pks), and
    whether that is an estimate: up to ``COUNT_EXACT`` they are counted, past it the count
    is scaled from the row number the ``COUNT_EXACT``-th match has (matches are spread
    over the store's rows)."""
    where = f" AND +rowid IN ({restrict})" if restrict else ""
    n = db.execute(f"SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts "
                   f"MATCH ?{where} LIMIT ?)", (match, *params, COUNT_EXACT + 1)).fetchone()[0]
    if n <= COUNT_EXACT:
        return n, False
    last = db.execute(f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?{where} "
                      "ORDER BY rowid LIMIT 1 OFFSET ?",
                      (match, *params, COUNT_EXACT)).fetchone()
    top = db.execute("SELECT max(pk) FROM articles").fetchone()[0] or 1
    return int(COUNT_EXACT * top / max(1, last[0])), True


def _scored(db: sqlite3.Connection, match: str, restrict: str | None, params: list[Any],
            window: int) -> list[tuple[int, float]]:
    where = f" AND +rowid IN ({restrict})" if restrict else ""
    return [(r[0], r[1]) for r in db.execute(
        f"SELECT rowid, {BM25} AS score FROM articles_fts WHERE articles_fts MATCH ?{where} "
        "ORDER BY score, rowid LIMIT ?", (match, *params, window))]


def rank(store: Store, match: str, *, need: int, window: int,
         restrict: str | None = None, params: list[Any] | None = None) -> Ranked:
    """The ``window`` best articles for the FTS5 query ``match`` (valid syntax), of which
    the first ``need`` are exactly those ranking every match gives (``need`` ≤ ``window``).
    ``restrict`` is a subquery of the article pks allowed (filters) with its ``params``."""
    db, params = store.db, params or []
    total, estimate = count(db, match, restrict, params)
    out = Ranked(total=total, total_is_estimate=estimate)
    if total == 0:
        out.method = "none"
        return out
    found = _parse(match) if total > RANK_ALL else None
    known = total if (found and len(found) == 1 and not restrict and not estimate
                      and not _OPERATOR.search(match)) else None
    idf: list[tuple[float, float] | None] = []  # computed when first needed
    for level, column in reversed(list(zip(LEVELS, COLUMNS, strict=True))):
        if found is None:
            break
        ranked = _rank_salient(db, match, (found, known), (level, column), restrict, params,
                               (need, window), idf)
        if ranked is not None:
            out.pks, out.scores = [r[0] for r in ranked], [r[1] for r in ranked]
            out.method, out.exact = f"salient-{column[1:]}", need
            return out
    ranked = _scored(db, match, restrict, params, window)
    out.pks, out.scores = [r[0] for r in ranked], [r[1] for r in ranked]
    out.exact = len(ranked)
    return out


def _rank_salient(db: sqlite3.Connection, match: str,
                  query: tuple[list[tuple[str, list[str]]], int | None],
                  where: tuple[float, str], restrict: str | None, params: list[Any],
                  sizes: tuple[int, int], idf: list[tuple[float, float] | None]
                  ) -> list[tuple[int, float]] | None:
    """The candidates listed at saturation ``where`` (level, column) ranked, when their
    order is provably the true one for the first ``need`` of ``sizes`` (need, window);
    else None. ``query`` is its phrases and their matches when known (one phrase);
    ``idf`` caches ``_idf_sum`` across levels."""
    (level, column), (need, window), (found, known) = where, sizes, query
    words = sorted({w for _, phrase in found for w in phrase})
    listed = f"{column} : (" + " OR ".join(_quoted([w]) for w in words) + ")"
    candidates = (f"SELECT rowid FROM search_salient WHERE search_salient MATCH "
                  f"{_literal(listed)}")
    if restrict:
        candidates += f" AND rowid IN ({restrict})"
    n = db.execute(f"SELECT count(*) FROM ({candidates})", params).fetchone()[0]
    if n < need:
        return None
    ranked = _scored(db, match, candidates, params, window)
    if len(ranked) < need:
        return None
    if not idf:
        idf.append(_idf_sum(db, found, known))
    if idf[0] is None or -ranked[need - 1][1] <= _bound(idf[0], level) * (1 + 1e-9):
        return None
    return ranked


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def restriction(clauses: list[str]) -> str | None:
    """The subquery of article pks that pass ``clauses`` (conditions on ``articles a``)."""
    return f"SELECT a.pk FROM articles a WHERE {' AND '.join(clauses)}" if clauses else None


def page_rows(store: Store, match: str, pks: list[int], scores: list[float], *,
              marks: tuple[str, str], size: int) -> list[dict[str, Any]]:
    """The articles ``pks`` (in that order) with their scores and a snippet of the text
    around the query's words, between ``marks``."""
    if not pks:
        return []
    db, holes = store.db, ",".join("?" * len(pks))
    snippets = dict(db.execute(
        f"SELECT rowid, snippet(articles_fts, 1, ?, ?, ' … ', ?) FROM articles_fts "
        f"WHERE articles_fts MATCH ? AND rowid IN ({holes})", (*marks, size, match, *pks)))
    rows = {r["pk"]: r for r in db.execute(
        f"SELECT pk, id, title, site, published, language, url FROM articles WHERE pk IN "
        f"({holes})", pks)}
    return [{"id": rows[pk]["id"], "title": rows[pk]["title"], "site": rows[pk]["site"],
             "published": rows[pk]["published"], "language": rows[pk]["language"],
             "url": rows[pk]["url"], "score": round(-score, 3),
             "snippet": snippets.get(pk, "")} for pk, score in zip(pks, scores, strict=True)]
