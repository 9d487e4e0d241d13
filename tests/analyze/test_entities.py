"""Entities (``veille.entities.v1``): one entity per person, names without titles.

Most tests go through ``veille.analyze(text)``; those about a span the NER model may or may
not produce set the document's entities by hand, so that they do not depend on the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from veille.analyze.entities import entities_from_doc
from veille.records import Analysis, Entity

pytestmark = pytest.mark.slow

Analyse = Callable[[str], Analysis]


def people(analysis: Analysis) -> list[Entity]:
    return [e for e in analysis.entities if e.type == "PER"]


def mention_texts(text: str, entity: Entity) -> list[str]:
    return [text[s:e] for s, e in entity.mentions]


def with_ents(nlp: Any, text: str, spans: list[tuple[int, int, str]]) -> Any:
    """``text`` parsed, its entities replaced by token spans ``(start, end, label)``."""
    from spacy.tokens import Span

    doc = nlp(text)
    doc.set_ents([Span(doc, s, e, label=label) for s, e, label in spans], default="outside")
    return doc


@pytest.mark.parametrize("text", [
    "Jean Dupont a été élu maire dimanche. M. Dupont a remercié les électeurs.",
    "M. Dupont a remercié les électeurs. Jean Dupont a été élu maire dimanche.",
], ids=["full-name-first", "honorific-first"])
def test_honorific_and_surname_join_the_full_name(analyse: Analyse, text: str) -> None:
    (person,) = people(analyse(text))
    assert person.name == "Jean Dupont"
    assert sorted(mention_texts(text, person)) == ["Dupont", "Jean Dupont"]


@pytest.mark.parametrize("text", [
    "Bernard Oudin a été reçu à l'Élysée. B. Oudin a ensuite quitté Paris.",
    "B. Oudin a quitté Paris mardi. Bernard Oudin sera reçu à Berlin jeudi.",
], ids=["full-name-first", "initial-first"])
def test_initial_and_surname_join_the_full_name(analyse: Analyse, text: str) -> None:
    (person,) = people(analyse(text))
    assert person.name == "Bernard Oudin"
    assert sorted(mention_texts(text, person)) == ["B. Oudin", "Bernard Oudin"]


@pytest.mark.xfail(strict=True, reason=(
    "entities.py _same_person compares an initial with the first letters of the first "
    "name only: 'j.-p.' is not a prefix of 'jean-pierre'"))
def test_compound_initials_join_the_full_name(analyse: Analyse) -> None:
    text = "Jean-Pierre Lacombe a été reçu à Matignon. J.-P. Lacombe a ensuite rejoint Lyon."
    found = people(analyse(text))
    assert [sorted(mention_texts(text, p)) for p in found] == [
        ["J.-P. Lacombe", "Jean-Pierre Lacombe"]]


def test_title_inside_a_person_span_is_not_part_of_the_name(nlp: Any) -> None:
    text = "Le général Paul Mercier a inspecté les troupes."
    doc = with_ents(nlp, text, [(1, 4, "PER")])  # "général Paul Mercier"
    (person,) = entities_from_doc(doc)
    assert (person.name, mention_texts(text, person)) == ("Paul Mercier", ["Paul Mercier"])


def test_title_swallowed_by_the_model_joins_the_person(analyse: Analyse) -> None:
    text = ("Lors de sa visite, le général Paul Mercier a salué les soldats. Le général Mercier "
            "a ensuite quitté la base.")
    (person,) = people(analyse(text))
    assert person.name == "Paul Mercier"
    assert mention_texts(text, person) == ["Paul Mercier", "Mercier"]


def test_honorific_inside_a_person_span_is_not_part_of_the_name(analyse: Analyse) -> None:
    text = "Mme Sylvie Caron a été nommée préfète du Cantal."
    (person,) = people(analyse(text))
    assert mention_texts(text, person) == ["Sylvie Caron"]


def test_republique_tagged_as_a_person_is_not_one(nlp: Any) -> None:
    doc = with_ents(nlp, "Il a prêté serment devant la République.", [(6, 7, "PER")])
    (entity,) = entities_from_doc(doc)
    assert (entity.name, entity.type) == ("République", "MISC")


@pytest.mark.parametrize("text", [
    "Le président de la République a reçu les syndicats à l'Élysée.",
    "Le texte défend les valeurs de la République et de la laïcité.",
], ids=["in-a-title", "alone"])
def test_republique_is_not_a_person(analyse: Analyse, text: str) -> None:
    assert people(analyse(text)) == []


def test_company_named_after_a_surname_is_not_a_person(analyse: Analyse) -> None:
    text = "La lettre du président de la société Valmont, Jean Rivière, a surpris les salariés."
    assert [e.name for e in people(analyse(text))] == ["Jean Rivière"]
