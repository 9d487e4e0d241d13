"""Salient words: which articles use a word often, so that search can rank only those.

FTS5 ranks a query's matches with bm25, and must score every match to find the best: 80 ms
for a word in half of a 100,000-article store. But bm25 is bounded: a phrase that occurs
with weighted frequency ``f`` in a row of ``D`` tokens adds at most
``idf · f·(k1+1) / (f + k1·(1 − b + b·D/avgdl))``. So for each article the store records,
in a small contentless FTS5 index (``search_salient``), the words whose weighted frequency
(5 per occurrence in the title, 1 in the text: the weights of the search) reaches each
level of ``LEVELS``. An article that is not listed for any word of a query at level ``S``
scores at most the bound with ``f = S − 1``; ``veille.query.ranking`` ranks the listed ones
exactly and keeps their order when the page's last score beats that bound — the same
first page as ranking everything. Articles shorter than ``SHORT`` tokens (whose bound is
weak) are listed at every level with all their words.

Words are runs of letters and digits, lowercased, without accents. FTS5's ``unicode61``
tokenizer never cuts inside such a run (its separators are spaces and punctuation), so a
token of the index is one or several of these words, each at least as frequent as it: an
article where a query's token is frequent is listed under the query's words.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

LEVELS = (4, 8, 16, 32)
"""Weighted frequencies at which a word is listed: each level lists ~half the words of
the one before (measured on the 300 articles of ``bench/web_store.py --limit 300``: 48,
26, 12 and 5 words per article), and the query tries the highest first."""
SHORT = 150
"""Articles with fewer tokens are listed with all their words at every level: in the
bench corpus, 3 % of articles."""
TITLE_WEIGHT, TEXT_WEIGHT = 5, 1
"""The bm25 column weights of ``veille.query.ranking`` (title, text)."""



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


def levels(title: str | None, text: str) -> tuple[str, ...]:
    """The ``search_salient`` row of an article: per level, its listed words."""
    in_title, in_text = tokens(title), tokens(text)
    weight = Counter(in_text)
    for token in in_title:
        weight[token] += TITLE_WEIGHT
    assert TEXT_WEIGHT == 1  # Counter(in_text) counts each occurrence once
    short = len(in_title) + len(in_text) < SHORT
    return tuple(" ".join(sorted(t for t, w in weight.items() if short or w >= level))
                 for level in LEVELS)


COLUMNS = tuple(f"s{level}" for level in LEVELS)
