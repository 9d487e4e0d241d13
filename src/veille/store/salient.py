"""Salient words: which articles a word weighs a lot in, so that search ranks only those.

FTS5 ranks a query's matches with bm25 and must score every match to find the best: 20 ms
for a word in a third of a 100,000-article store, 200 ms at a million. But bm25 is bounded.
A phrase that occurs with weighted frequency ``f`` (5 per occurrence in the title, 1 in the
text: the search's weights) in a row of ``D`` tokens adds ``idf · (k1+1) · s`` to its score,
where ``s = f / (f + k1·(1 − b + b·D/avgdl))`` is its *saturation*, below 1.

So for each article the store lists, in a small contentless FTS5 index (``search_salient``,
one column per level of ``LEVELS``), the words whose saturation reaches that level,
computed with the article's token count as FTS5 counts it and a reference average length
``A`` that the store records (``store_meta.salient_avgdl``: ``AVGDL`` until ``veille
optimize`` lists every article again with the store's own average). An article not listed
at level ``t`` for any word of a query scores at most ``Σ idf · (k1+1) · t / (t + (1 − t)·m)``
with ``m = min(1, A / avgdl)`` (``avgdl`` the store's when the query runs: the bound holds
however it moved since). ``veille.query.ranking``
ranks the listed articles exactly and keeps their order when the page's last score beats
that bound — the same first page as ranking every match.

Words are runs of letters and digits, lowercased, without accents. FTS5's ``unicode61``
tokenizer never cuts inside such a run (its separators are spaces and punctuation), so a
token of the index is one or several of these words, each at least as frequent as it: an
article where a query's token weighs a lot is listed under the query's words.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections import Counter
from functools import lru_cache

LEVELS = (0.7, 0.8, 0.9, 0.95)
"""Saturations at which a word is listed; the query tries the highest first. Measured on
the 300 articles of ``bench/web_store.py --limit 300``: 54, 30, 13 and 6 words per article;
the best article for a frequent word ("Afrique", "président", "santé") has saturation
0.95, the 20th best 0.66-0.84 among those 300 distinct articles, and higher in a larger
store. Each level about halves the articles a frequent word lists (on the 100,000-article
bench store "Afrique": 15,000, 11,000, 4,000 and then the 333 copies of its best article),
and scoring a listed article costs ~3 µs."""
AVGDL = 800.0
"""The reference average length (tokens) of a new store: French news articles average 874
tokens in that corpus. A store whose average is far above its reference prunes less (the
bound widens), never wrongly; ``veille optimize`` resets the reference to the average."""
K1, B = 1.2, 0.75
"""FTS5's bm25 parameters (``fts5_aux.c``)."""
TITLE_WEIGHT = 5
"""The title's bm25 weight in ``veille.query.ranking`` (the text's is 1)."""


def averages(db: sqlite3.Connection) -> tuple[int, float] | None:
    """(rows, average tokens per row) of the article index, read from FTS5's own
    'averages' record (rowid 1 of its data table: varints, rows then tokens per column)."""
    row = db.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return None
    values, data, i = [], bytes(row[0]), 0
    while i < len(data):
        value = 0
        for j in range(9):
            byte = data[i]
            i += 1
            if j == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        values.append(value)
    if len(values) != 3 or values[0] <= 0:
        return None
    return values[0], (values[1] + values[2]) / values[0]


class _Folding(dict[int, str]):
    """``str.translate`` table, filled as characters are met: a letter or digit becomes
    itself lowercased without accents, anything else a space; ``str.split`` then cuts the
    words (10× faster than a regular expression over the text)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _bare(char.lower()) if char.isalnum() else " "
        self[code] = folded
        return folded


_FOLD = _Folding()


def tokens(text: str | None) -> list[str]:
    """``text``'s words ("L'Élysée" → l, elysee)."""
    return text.translate(_FOLD).split() if text else []


@lru_cache(maxsize=200_000)
def _bare(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def saturation(f: float, tokens: int, avgdl: float = AVGDL) -> float:
    """``f / (f + k1·(1 − b + b·D/avgdl))`` for ``f`` weighted occurrences in ``D`` tokens."""
    return f / (f + K1 * (1 - B + B * tokens / avgdl))


def levels(title: str | None, text: str, size: int | None = None,
           avgdl: float = AVGDL) -> tuple[str, ...]:
    """The ``search_salient`` row of an article: per level, its listed words. ``size`` is
    the article's token count as FTS5 counts it (its own cut of the text otherwise);
    ``avgdl`` the store's reference average length."""
    in_title, in_text = tokens(title), tokens(text)
    weight = Counter(in_text)
    for token in in_title:
        weight[token] += TITLE_WEIGHT
    length = size if size is not None else len(in_title) + len(in_text)
    scored = {word: saturation(f, length, avgdl) for word, f in weight.items()}
    return tuple(" ".join(sorted(w for w, s in scored.items() if s >= level))
                 for level in LEVELS)


COLUMNS = tuple(f"s{round(level * 100)}" for level in LEVELS)
