"""Who is who across articles: the identity key of a name, decided at write time.

Within one article the analyzer already gives each person or organisation one entity whose
``name`` is the fullest form the article uses. Across articles, names are compared here:

- **Full names** ("Vladimir Poutine", "le président russe Vladimir Poutine", "M. Vladimir
  Vladimirovitch Poutine") reduce to a key made of the first given name and the surname
  (``vladimir poutine``): lowercase words and titles before the name are dropped, middle
  names too, case and accents do not count. Two full names with different first names
  ("Marine Le Pen", "Jean-Marie Le Pen") never share a key.
- **Short forms** — a bare surname ("Poutine", "Le Pen"), initials and a surname ("J.-M. Le
  Pen"), a one-word organisation ("OMS", "Hamas") — may stand for a fuller name that other
  articles give. They belong to a *group* (the surname, or the acronym) and are resolved by
  ``resolve`` against the full names the store knows in that group.
- Everything else (places, other entities, names no entity carries) is keyed by its
  lowercased, accent-free spelling.

The rules are data-free except two word lists, ``lang/fr/name_particles.txt`` and
``lang/fr/name_titles.txt``; ``VERSION`` hashes them with the rules' own version, and a store
whose aggregates were built under another version rebuilds them (``veille.store.aggregates``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from veille.lang.fr import word_list

RULES = "veille.identity.v1"
DOMINANCE = 10
"""A short form joins the most named full name of its group when that name is named in at
least this many times as many articles as all the group's other full names together. One
stray namesake or misspelling in a single article then does not cut "Macron" off from
"Emmanuel Macron", while two namesakes who are both regularly in the news (Marine and
Jean-Marie Le Pen) keep a bare "Le Pen" apart. Not tuned on data: no gold here says who a
bare surname is; chosen as the ratio at which a reader would still call the name
unambiguous (a 1-in-11 chance of a wrong join at worst)."""

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_EDGE_PUNCT = "\"'«»“”„‹›()[]{},;:!?…"
_INITIAL = re.compile(r"^(?:[^\W\d_]\.?)(?:-[^\W\d_]\.?)*$")
_ACRONYM = re.compile(r"^(?:[A-ZÀ-Þ0-9&]\.?){2,10}$")
_LETTERS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _data_hash() -> str:
    digest = hashlib.sha256(RULES.encode())
    for name in ("name_particles", "name_titles"):
        digest.update((files("veille.lang.fr") / f"{name}.txt").read_bytes())
    return digest.hexdigest()[:12]


def version() -> str:
    """The rules' version and a hash of their word lists: aggregates record it."""
    return f"{RULES}+{_data_hash()}"


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lowercase, accent-free, single-spaced ("Étienne  MARCHAL" → "etienne marchal")."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True, slots=True)
class Form:
    """A name as articles write it, reduced to what identifies it across articles."""

    type: str
    key: str
    """Unique per type: two spellings with one key are one form ("Poutine", "POUTINE")."""
    group: str | None = None
    """PER: the surname, for full names and short forms; other types: the alias a short
    form stands for (an acronym, a one-word name)."""
    short: bool = False
    """True when the form may stand for a fuller name the store knows (``resolve``)."""
    initials: str = ""
    """PER: the initials of the first given name ("jm" for Jean-Marie, "J.-M.")."""


def _words(name: str) -> list[str]:
    tokens = [t.strip(_EDGE_PUNCT) for t in name.translate(_APOSTROPHES).split()]
    return [t for t in tokens if t]


def _lower_start(token: str) -> bool:
    """True for "président", "lui-même"; False for "Poutine" and "d'Estaing"."""
    if token[:2].lower() in ("d'", "l'") and token[2:3].isupper():
        return False
    return not token[:1].isupper()


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return frozenset(fold(t) for t in word_list("name_titles"))


def _is_title(token: str) -> bool:
    return fold(token).rstrip(".") in _titles()


def _is_particle(token: str) -> bool:
    low = fold(token)
    return low in word_list("name_particles") or low in ("d'", "l'")


def _strip_front(tokens: list[str]) -> list[str]:
    """Drop what comes before a name: lowercase words ("le président russe"), titles
    ("M.", "Général"), but not a particle that starts the name ("de Gaulle")."""
    i = 0
    while i < len(tokens) - 1:
        token, following = tokens[i], tokens[i + 1]
        if _lower_start(token):
            if _is_particle(token) and not _lower_start(following):
                break
            i += 1
        elif _is_title(token):
            i += 1
        else:
            break
    rest = tokens[i:]
    while len(rest) > 1 and _lower_start(rest[-1]):  # "Poutine lui-même"
        rest.pop()
    return rest


def _is_caps(token: str) -> bool:
    """A word in capitals ("MARCHAL"), not initials ("J.-M.")."""
    letters = "".join(_LETTERS.findall(token))
    return len(letters) > 1 and letters.isupper() and not _INITIAL.match(token)


def _surname_first(tokens: list[str]) -> list[str]:
    """"MARCHAL Étienne" (surname in capitals first) → "Étienne MARCHAL"."""
    if len(tokens) < 2 or not _is_caps(tokens[0]) or _is_caps(tokens[-1]):
        return tokens
    n = 0
    while n < len(tokens) and (_is_caps(tokens[n]) or _is_particle(tokens[n])):
        n += 1
    return tokens[n:] + tokens[:n] if n < len(tokens) else tokens


def _initials(token: str) -> str:
    return "".join(part[0] for part in fold(token).split("-") if part)


@lru_cache(maxsize=100_000)
def spelling(name: str, type: str) -> str:
    """How ``name`` is shown once what is not the name is dropped: "le président russe
    Vladimir Poutine" → "Vladimir Poutine", "l'OMS" → "OMS"; other types as written."""
    if type == "PER":
        tokens = _strip_front(_words(name))
    elif type == "ORG":
        tokens = _org_tokens(name)
    else:
        return " ".join(name.split())
    return " ".join(tokens) or " ".join(name.split())


@lru_cache(maxsize=100_000)
def person_form(name: str) -> Form:
    """The form of a person's name (see the module's docstring)."""
    tokens = _surname_first(_strip_front(_words(name)))
    if not tokens:
        return Form(type="PER", key=fold(name))
    j = len(tokens) - 1
    while j > 0 and _is_particle(tokens[j - 1]):
        j -= 1
    surname, given = fold(" ".join(tokens[j:])), tokens[:j]
    if not given:
        return Form(type="PER", key=surname, group=surname, short=True)
    names = [g for g in given if not _INITIAL.match(g)]
    if not names:
        initials = _initials(given[0])
        return Form(type="PER", key=f"{initials}. {surname}", group=surname, short=True,
                    initials=initials)
    first = fold(names[0])
    return Form(type="PER", key=f"{first} {surname}", group=surname, initials=_initials(first))


_DETERMINERS = frozenset({"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'"})


def _org_tokens(name: str) -> list[str]:
    tokens = _words(name)
    while len(tokens) > 1 and fold(tokens[0]) in _DETERMINERS:
        tokens = tokens[1:]
    if tokens and fold(tokens[0])[:2] in ("l'", "d'") and len(tokens[0]) > 2:
        tokens[0] = tokens[0][2:]
    return tokens


@lru_cache(maxsize=100_000)
def organisation_form(name: str) -> Form:
    """The form of an organisation's name: determiners dropped ("l'OMS" → "OMS"); a
    one-word name is short (it may be the acronym of a full name)."""
    tokens = _org_tokens(name)
    key = fold(" ".join(tokens)) or fold(name)
    if len(tokens) == 1:
        return Form(type="ORG", key=key, group=alias_key(tokens[0]), short=True)
    return Form(type="ORG", key=key)


def form_of(name: str, type: str) -> Form:
    """The form of an entity's name; ``type`` is PER, ORG, LOC, MISC or UNKNOWN (a name no
    entity of its article carries)."""
    if type == "PER":
        return person_form(name)
    if type == "ORG":
        return organisation_form(name)
    return Form(type=type, key=fold(name))


def alias_key(token: str) -> str:
    """"O.N.U." → "onu"."""
    return "".join(_LETTERS.findall(fold(token)))


def _initial_letters(name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s'\-]+", fold(name)) if w)


def is_alias_of(alias: str, full_name: str) -> bool:
    """True when ``alias`` looks like an abbreviation of ``full_name``: written in capitals
    ("OMS", "O.N.U."), or its letters follow the initials of the name's words in order
    ("Cedeao" in "Communauté économique des États de l'Afrique de l'Ouest")."""
    letters = alias_key(alias)
    if len(letters) < 2 or " " in alias.strip() or alias_key(full_name) == letters:
        return False
    if _ACRONYM.match(alias.strip()):
        return True
    initials = iter(_initial_letters(full_name))
    return letters[0] == _initial_letters(full_name)[:1] and all(c in initials for c in letters)


_DEFINED = re.compile(r"\s*\(\s*([^\s()]{2,12})\s*\)")


def aliases_defined(name: str, text: str, mentions: Iterable[Sequence[int]]) -> set[str]:
    """Aliases an article gives an organisation named ``name`` in full: a mention written
    as an alias ("OMS" among the mentions of "Organisation mondiale de la santé"), or an
    alias in brackets right after a mention ("… de la santé (OMS)")."""
    if organisation_form(name).short:
        return set()
    found = set()
    for start, end in mentions:
        surface = text[start:end]
        if is_alias_of(surface, name):
            found.add(alias_key(surface))
        bracket = _DEFINED.match(text, end)
        if bracket and is_alias_of(bracket.group(1), name):
            found.add(alias_key(bracket.group(1)))
    return found


@dataclass(frozen=True, slots=True)
class Candidate:
    """A full name a short form may stand for, and how many articles support it."""

    key: str
    weight: int
    initials: str = ""


def resolve(form: Form, candidates: Iterable[Candidate]) -> str | None:
    """The key of the full name ``form`` stands for, or None when it stands alone.

    Candidates are the full names of the form's group (PER: same surname and, for
    initials, the same initials; ORG: the names articles define with that alias). The
    most supported one wins when it is the only one or ``DOMINANCE`` times as supported as
    all others together; otherwise the form is ambiguous and stays its own entry.
    """
    if not form.short:
        return None
    usable = sorted((c for c in candidates if c.weight > 0 and (
        not form.initials or c.initials.startswith(form.initials))),
        key=lambda c: (-c.weight, c.key))
    if not usable:
        return None
    best, others = usable[0], sum(c.weight for c in usable[1:])
    return best.key if best.weight >= DOMINANCE * others else None
