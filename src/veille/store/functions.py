"""SQL functions that every ``Store`` connection registers (deterministic, pure Python).

``veille_has_words(text, words)`` is 1 when every word of ``words`` is a whole word of
``text``, ignoring case and accents: the matching that FTS5's ``unicode61
remove_diacritics 2`` tokenizer gives the full-text indexes, for columns that have none
(entity names).
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65_536)
def words(text: str) -> frozenset[str]:
    """The words of ``text``, lower-cased and without accents ("Étienne" → "etienne")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return frozenset(_WORD.findall(bare.casefold()))


def has_words(text: str | None, needle: str | None) -> int:
    """1 when ``needle`` has words and all of them are words of ``text``."""
    if not text or not needle:
        return 0
    wanted = words(needle)
    return int(bool(wanted) and wanted <= words(text))


def register(db: sqlite3.Connection) -> None:
    db.create_function("veille_has_words", 2, has_words, deterministic=True)
