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


@cache
def reporting_forms() -> frozenset[str]:
    """Third-person forms of the reporting verbs: "indique", "indiquent", "indiquait", "dit"…

    spaCy's French lemmatizer leaves some of them unlemmatised ("indique" → "indique"),
    so cues are also recognised by form.
    """
    forms = set(word_list("reporting_forms"))
    for lemma in reporting_verbs():
        if lemma.endswith("er") and not lemma.startswith("s'"):
            stem = lemma[:-2]
            forms.update(stem + ending for ending in ("e", "ent", "a", "ait", "aient", "é",
                                                      "ant", "èrent"))
            if "é" in stem[-3:]:  # espérer → espère, répéter → répète
                grave = stem[::-1].replace("é", "è", 1)[::-1]
                forms.update((grave + "e", grave + "ent"))
    return frozenset(forms)


def role_nouns() -> frozenset[str]:
    return word_list("role_nouns")


def source_nouns() -> frozenset[str]:
    return word_list("source_nouns")
