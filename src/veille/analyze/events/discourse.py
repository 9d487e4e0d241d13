"""Actors the sentence names only by description or by the people of a country.

* A description standing for an organisation or a country named earlier ("cette université
  a démenti" → the université de Vienne of the sentence before; "l'entreprise a refusé" →
  the company last named; "le pays accuse" → the country last named), from
  ``lang/fr/event_descriptions.tsv``.
* A people or a body of a state standing for its country ("les Camerounaises ont protesté"
  → Cameroun; "les autorités américaines ont interdit" → États-Unis): the country whose
  name the demonym's stem begins (when the article names it) or that
  ``lang/fr/demonyms.tsv`` gives.

Only the words of the subject are read, and only the entity mentions before it: no pass
over the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from veille.records import Entity

Mention = tuple[int, int, Entity]

# How far back a description may reach for what it stands for (a few paragraphs).
_REACH = 3000
_DEMONYM_END = re.compile(
    r"(?:iennes?|iens?|éennes?|éens?|aises?|ais|aines?|ains?|oises?|ois|ines?|ins?|es?|s)$")
_DETERMINERS = {"le", "la", "les", "l'", "cette", "ce", "cet", "ces", "son", "sa", "ses",
                "leur", "leurs"}


def _rows(name: str) -> list[list[str]]:
    text = (files("veille.lang.fr") / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


@cache
def descriptions() -> dict[str, frozenset[str]]:
    """noun → how it is resolved (named, org, country, state)."""
    table: dict[str, set[str]] = {}
    for noun, how in _rows("event_descriptions.tsv"):
        table.setdefault(noun, set()).add(how)
    return {noun: frozenset(hows) for noun, hows in table.items()}


@cache
def _irregular_demonyms() -> tuple[tuple[str, str], ...]:
    """(stem, country), longest stems first ("sud-africain" before "africain")."""
    rows = [(stem, country) for stem, country in _rows("demonyms.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def _head_words(mention: str) -> list[str]:
    words = mention.lower().replace("’", "'").split()
    if words and words[0].startswith("l'") and len(words[0]) > 2:
        words = ["l'", words[0][2:], *words[1:]]
    return words


def described(mention: str, at: int, mentions: Sequence[Mention], *,
              exclude: Sequence[str] = ()) -> str | None:
    """The organisation or country a definite description stands for: "cette université",
    "l'entreprise", "le pays d'Afrique de l'Ouest"; None for an indefinite one ("une
    société") or one whose referent the article has not named before ``at``."""
    words = _head_words(mention)
    if len(words) < 2 or words[0] not in _DETERMINERS:
        return None
    head = words[1]
    hows = descriptions().get(head) or descriptions().get(head.rstrip("s"), frozenset())
    earlier = [ent for s, _e, ent in reversed(mentions)
               if at - _REACH < s < at and ent.name not in exclude]
    for ent in earlier:
        folded = _fold(ent.name).replace("-", " ").split()
        if ent.type == "ORG" and (("named" in hows and _fold(head.rstrip("s")) in
                                   [w.rstrip("s") for w in folded]) or "org" in hows):
            return ent.name
        if ent.type == "LOC" and "country" in hows and _is_country(ent.name):
            return ent.name
    return None


def named_before(text: str, mention: str, at: int) -> str | None:
    """ "cette université" when the NER missed the name given before: the last "université
    de Vienne" (the noun, "de" and capitalised words) in the text before ``at``."""
    words = _head_words(mention)
    if len(words) < 2 or words[0] not in _DETERMINERS or "named" not in descriptions().get(
            words[1], frozenset()):
        return None
    pattern = re.compile(rf"(?i:\b{re.escape(words[1])})\s+(?:de\s+la\s+|de\s+l['’]|du\s+|"
                         r"des\s+|de\s+|d['’])(?:[A-ZÉÈÀÂÎÔÛÇ][\w'’-]*\s?){1,4}")
    found = list(pattern.finditer(text, max(0, at - _REACH), at))
    return found[-1].group(0).strip() if found else None


def _is_country(name: str) -> bool:
    from veille.analyze.places import gazetteer

    return gazetteer().country_code(name) is not None


def country_of(words: Sequence[str], at: int, mentions: Sequence[Mention]) -> str | None:
    """The country a people ("les Sénégalais") or a body of a state with a nationality
    adjective ("les autorités américaines", "l'armée malienne") stands for."""
    lowered = [w.lower() for w in words if w.lower() not in _DETERMINERS]
    if not lowered:
        return None
    if lowered[0] in descriptions() and "state" in descriptions()[lowered[0]]:
        candidates = lowered[1:3]  # "les forces armées maliennes"
    elif words and words[-1][:1].isupper() and len(lowered) == 1:
        candidates = lowered  # "les Camerounaises"
    else:
        return None
    for word in candidates:
        country = country_of_adjective(word, at, mentions)
        if country:
            return country
    return None


def country_of_adjective(word: str, at: int, mentions: Sequence[Mention]) -> str | None:
    """The country a nationality word names: "russe" → Russie (``demonyms.tsv``),
    "sénégalaise" → the "Sénégal" the article names."""
    folded = _fold(word)
    for stem, country in _irregular_demonyms():
        if folded.startswith(_fold(stem)):
            return country
    stem = _DEMONYM_END.sub("", folded)
    if len(stem) < 4:
        return None
    for s, _e, ent in reversed(mentions):
        if s < at + _REACH and ent.type == "LOC" and _fold(ent.name).startswith(stem):
            return ent.name
    return None
