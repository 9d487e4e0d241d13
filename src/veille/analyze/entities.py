"""Named entities: spaCy's NER grouped into one entity per referent.

``name`` is the fullest form in the article and every shorter mention points to it: a
one- or two-token mention that ends a longer person's name ("Milley" → "Mark Milley") joins
that person, whatever label spaCy gave the short form (the md model often tags a bare
surname ORG or MISC).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from veille.analyze.roles import roles_for
from veille.lang.fr import role_nouns, source_nouns
from veille.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "veille.entities.v1"
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
_LABELS: dict[str, EntityType] = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC",
                                  "GPE": "LOC", "MISC": "MISC"}
_STRIP = " \t\n'’\"«»“”,.;:!?()[]-–—"
_HONORIFICS = {"m.", "mm.", "mme", "mmes", "mlle", "dr", "dr.", "pr", "pr.", "me", "mr", "mr.",
               "mrs", "ms"}


def _key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


@dataclass
class _Group:
    type: EntityType
    forms: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return max(self.forms, key=lambda f: (len(f.split()), len(f)))


def _mentions(doc: Doc) -> Iterable[tuple[str, EntityType, int, int]]:
    full = doc.text  # Doc.text rebuilds the string from tokens at every access
    for ent in doc.ents:
        label = _LABELS.get(ent.label_)
        if label is None:
            continue
        text = ent.text
        start = ent.start_char + (len(text) - len(text.lstrip(_STRIP)))
        end = ent.end_char - (len(text) - len(text.rstrip(_STRIP)))
        while full[start:start + 2].lower() in ("l'", "l’", "d'", "d’") and end - start > 3:
            start += 2  # "l’Amérique" → "Amérique"
        if label != "PER" and full[start:start + 1].islower() and (
                full[start:end].split()[0] in role_nouns()):
            continue  # "vice-ministre russe des Affaires étrangères" is a title, not a place
        if label == "LOC" and _demonym(doc, ent.start, ent.end):
            label = "MISC"  # "des Américains", "les Afghans": people, not places
        if label == "PER":  # "général Valery Gerasimov", "M. Romney": titles are not names
            start = _skip_titles(full, start, end)
            label = _person_or_not(doc, full, start, end)
        elif sum(t.text[:1].isupper() for t in ent) >= 2 and len(ent) <= 4 and (
                _after_role_noun(doc, ent.start) or _after_role_phrase(doc, ent.start)):
            label = "PER"  # "le professeur Nobutaka Miura", "le ministre …, Olivier Ternaux"
        if end - start >= 2:
            yield full[start:end], label, start, end


def _skip_titles(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading lowercase words and honorifics."""
    while start < end:
        space = text.find(" ", start, end)
        word = text[start:space] if space > 0 else ""
        if space < 0 or not (text[start].islower() or word.lower() in _HONORIFICS):
            return start
        start = space + 1
    return start


def _person_or_not(doc: Doc, text: str, start: int, end: int) -> EntityType:
    """ "la République", "du Grundgesetz", "PH1", "pendaison": not people."""
    name = text[start:end]
    before = text[max(0, start - 4):start].lower().rstrip()
    if not name[:1].isupper() or any(ch.isdigit() for ch in name):
        return "MISC"
    if before.endswith((" la", " le", " les", "l'", "l’", " du", " des", " au", " aux")) or (
            before in ("la", "le", "les", "du", "des")):
        return "MISC"
    previous = text[max(0, start - 20):start].split()
    if previous and previous[-1].islower() and previous[-1] in source_nouns():
        return "ORG"  # "la société Valmont", "le groupe Dassault"
    return "PER"


_DEMONYM = re.compile(r"(?:ains?|aines?|ois|oises?|ais|aises?|iens?|iennes?|éens?|éennes?|ans|"
                      r"anes|ites|ards)$")


def _demonym(doc: Doc, start: int, end: int) -> bool:
    """A plural inhabitant noun after "les"/"des"/"aux"/"d'" ("des Afghans", "les
    Américains"), which the NER tags as a place."""
    if end - start != 1 or start == 0:
        return False
    word = doc[start].text
    return word[:1].isupper() and word.endswith("s") and bool(_DEMONYM.search(word)) and (
        doc[start - 1].lower_ in ("les", "des", "aux", "d'", "d’", "ces"))


def _after_role_noun(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].lower_ in role_nouns()


def _after_role_phrase(doc: Doc, i: int) -> bool:
    """ "le ministre délégué chargé des Transports, Olivier Ternaux": a name in apposition
    to a title (the NER often calls it an organisation)."""
    if i < 2 or doc[i - 1].text != ",":
        return False
    for token in reversed(doc[max(0, i - 10):i - 1]):
        if token.is_punct or token.is_space:
            return False
        if token.lower_ in role_nouns() and token.i > 0 and doc[token.i - 1].pos_ == "DET":
            return True
    return False


def entities_from_doc(doc: Doc) -> tuple[Entity, ...]:
    """Group ``doc.ents`` into entities with canonical names and all their mentions."""
    mentions = list(_mentions(doc))
    first_seen: dict[str, int] = {}
    for form, _label, start, _end in mentions:
        first_seen.setdefault(_key(form), start)
    groups: dict[tuple[str, EntityType], _Group] = {}
    persons: dict[str, _Group] = {}
    # Longest forms first, so that short forms find the person they abbreviate.
    for form, label, _s, _e in sorted(mentions, key=lambda m: (-len(m[0].split()), -len(m[0]))):
        key = _key(form)
        if (key, label) in groups:
            continue
        target = (_person_ending_with(key, persons, first_seen) if len(key.split()) <= 3
                  else None)
        group = target or _Group(type=label)
        groups[(key, label)] = group
        if group.type == "PER" and target is None:
            persons[key] = group
    for form, label, start, end in mentions:
        group = groups[(_key(form), label)]
        group.forms.append(form)
        group.mentions.append((start, end))
    ordered = sorted({id(g): g for g in groups.values()}.values(), key=lambda g: min(g.mentions))
    return tuple(
        Entity(id=f"e{i}", name=g.name, type=cast(EntityType, g.type),
               mentions=(spans := tuple(sorted(set(g.mentions)))),
               roles=roles_for(doc, spans) if g.type == "PER" else ())
        for i, g in enumerate(ordered, start=1)
    )


def _same_person(short: list[str], full: list[str]) -> bool:
    """ "Milley" ~ "Mark Milley", "B. Obama" ~ "Barack Obama", "Ana Pastor" ~ "Ana Pastor
    García": a surname, an initial and a surname, or the first names of a longer name."""
    if len(short) < len(full) and full[-len(short):] == short:
        return True
    if len(short) == len(full) and len(short) >= 2 and short[1:] == full[1:] and (
            short[0].endswith(".") and full[0].startswith(short[0][:-1])):
        return True
    return 2 <= len(short) < len(full) and full[:len(short)] == short


def _person_ending_with(key: str, persons: dict[str, _Group],
                        first_seen: dict[str, int]) -> _Group | None:
    """The person a short form names; when several fit ("Obama": Barack or Michelle), the
    one the article introduced first, as news style names the main person first."""
    tokens = key.split()
    found = {id(g): (first_seen.get(name, 1 << 30), g) for name, g in persons.items()
             if _same_person(tokens, name.split())}
    if not found:
        return None
    return min(found.values(), key=lambda pair: pair[0])[1]
