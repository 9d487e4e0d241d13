"""French linguistic resources: word lists as data files, loaded once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of ``lang/fr/<name>.txt`` (one per line, ``#`` comments), lowercased."""
    text = (files(__name__) / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))


def reporting_verbs() -> frozenset[str]:
    return word_list("reporting_verbs")


def role_nouns() -> frozenset[str]:
    return word_list("role_nouns")


def source_nouns() -> frozenset[str]:
    return word_list("source_nouns")
