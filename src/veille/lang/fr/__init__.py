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


# Endings of nouns of professions and expertise ("toxicologue", "climatologue", "pédiatre",
# "urbaniste"): people, whether or not a list has them.
_PROFESSION_SUFFIXES = ("logue", "logiste", "iatre", "graphe", "naute", "urbaniste",
                        "biologiste", "chimiste", "juriste", "économiste", "analyste")


def singular(word: str) -> str:
    """A French plural's singular, for looking words up in the lists ("opposants")."""
    if word.endswith("aux"):
        return word[:-3] + "al"
    return word[:-1] if word.endswith(("s", "x")) and len(word) > 3 else word


def human_noun(word: str) -> bool:
    """A noun for a person or a group of people, or an institution: "toxicologue",
    "opposants", "autorités", singular or plural (``role_nouns``, ``person_nouns``,
    ``source_nouns`` and professions by their ending)."""
    word = word.lower().replace("’", "'").removeprefix("l'")
    lists = (role_nouns(), word_list("person_nouns"), source_nouns())
    return any(w in lst for w in (word, singular(word)) for lst in lists) or (
        singular(word).endswith(_PROFESSION_SUFFIXES))


def noun_gender(determiner: str, noun: str) -> str | None:
    """ "m" or "f" for a person noun after its determiner: "la", "une" → f; "le", "un" →
    m; after "l'" the noun's form tells ("l'élue" beside "élu" → f; "l'élu" → m)."""
    determiner = determiner.lower().replace("’", "'")
    if determiner in ("la", "une", "cette"):
        return "f"
    if determiner in ("le", "un", "ce", "cet"):
        return "m"
    known = role_nouns() | word_list("person_nouns")
    if noun.endswith("e") and noun[:-1] in known:
        return "f"
    if noun + "e" in known or noun.endswith(("eur", "ier", "ien")):
        return "m"
    return None
