"""Named entities: spaCy's NER grouped into one entity per referent.

``name`` is the fullest form in the article and every shorter mention points to it: a
one- or two-token mention that ends a longer person's name ("Milley" → "Mark Milley") joins
that person, whatever label spaCy gave the short form (the md model often tags a bare
surname ORG or MISC).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from veille.analyze.roles import roles_for
from veille.records import Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc

NAME = "veille.entities.v1"
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
_LABELS: dict[str, EntityType] = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "LOC": "LOC",
                                  "GPE": "LOC", "MISC": "MISC"}
_STRIP = " \t\n'’\"«»“”,.;:!?()[]-–—"


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
        if label == "PER":  # "général Valery Gerasimov": the title is a role, not the name
            start = _skip_lowercase_words(full, start, end)
        if end - start >= 2:
            yield full[start:end], label, start, end


def _skip_lowercase_words(text: str, start: int, end: int) -> int:
    """Move ``start`` past leading lowercase words (titles swallowed into a name)."""
    while start < end and text[start].islower():
        space = text.find(" ", start, end)
        if space < 0:
            return start
        start = space + 1
    return start


def entities_from_doc(doc: Doc) -> tuple[Entity, ...]:
    """Group ``doc.ents`` into entities with canonical names and all their mentions."""
    mentions = list(_mentions(doc))
    groups: dict[tuple[str, EntityType], _Group] = {}
    persons: dict[str, _Group] = {}
    # Longest forms first, so that short forms find the person they abbreviate.
    for form, label, _s, _e in sorted(mentions, key=lambda m: -len(m[0].split())):
        key = _key(form)
        if (key, label) in groups:
            continue
        target = _person_ending_with(key, persons) if len(key.split()) <= 2 else None
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


def _person_ending_with(key: str, persons: dict[str, _Group]) -> _Group | None:
    tokens = key.split()
    found = [g for name, g in persons.items()
             if len(name.split()) > len(tokens) and name.split()[-len(tokens):] == tokens]
    return found[0] if len(found) == 1 else None
