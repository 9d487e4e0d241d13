"""Author strings from bylines → clean names ("Par Rédaction" → "Rédaction")."""

from __future__ import annotations

import re

# Byline prefixes in French and English news pages.
_PREFIX = re.compile(
    r"^\s*(?:propos recueillis par|texte|écrit par|publié par|rédigé par|auteure?s?|par|by)"
    r"\s*[:\-]?\s+",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:;|,|\bet\b|\band\b|&|/|\|)\s*", re.IGNORECASE)
# A final period goes, unless it ends an initial ("Nicolas Gutierrez C.").
_TRAILING_DOT = re.compile(r"(?<!\b[A-Z])\.+$")
_NOISE = re.compile(r"\s*(?:\(.*?\)|@\w+)\s*")


def clean_authors(raw: str | None) -> tuple[str, ...]:
    """Split a byline into names, without prefixes, duplicates or e-mail handles."""
    if not raw:
        return ()
    names: list[str] = []
    for part in _SPLIT.split(raw):
        name = _NOISE.sub(" ", _PREFIX.sub("", part)).strip(" ·-–—")
        name = _TRAILING_DOT.sub("", name)
        name = re.sub(r"\s+", " ", name)
        if name and len(name) <= 80 and "@" not in name and name not in names:
            names.append(name)
    return tuple(names)
