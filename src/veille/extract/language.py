"""Offline language identification (py3langid ships its model inside the wheel)."""

from __future__ import annotations

import re

import py3langid

# Below this many letters an identification is a guess; measured on the example pages,
# titles of 40-60 letters are still classified right, 20-letter fragments often are not.
_MIN_LETTERS = 40
_SAMPLE = 5_000
_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def identify(text: str, *, hint: str | None = None) -> str | None:
    """ISO 639-1 code of ``text``'s language, or ``hint`` when the text is too short."""
    sample = text[:_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return hint.lower() if hint else None
    lang, _score = py3langid.classify(sample)
    return str(lang)


def html_lang(html: str) -> str | None:
    """The ``<html lang>`` attribute, reduced to its primary subtag."""
    m = _HTML_LANG.search(html[:4096])
    return m.group(1).lower() if m else None
