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


def entity_named(analysis: Analysis, name: str) -> Entity:
    found = [e for e in analysis.entities if e.name == name]
    assert len(found) == 1, [(e.name, e.type) for e in analysis.entities]
    return found[0]


@pytest.mark.parametrize(("text", "name", "acronym"), [
    ("L'Agence nationale des forêts (ANF) a publié son rapport. Selon l'ANF, les coupes "
     "ont doublé.", "Agence nationale des forêts", "ANF"),
    ("Le Front uni du Nord (FUN) a revendiqué l'attaque de mardi. Le FUN promet d'autres "
     "opérations.", "Front uni du Nord", "FUN"),
    ("Les dirigeants de l'Union des producteurs laitiers (UPL) ont été reçus lundi. L'UPL "
     "réclame une hausse des prix.", "Union des producteurs laitiers", "UPL"),
], ids=["agency", "armed-group", "union"])
def test_acronym_in_parentheses_is_an_alias_of_the_full_name(analyse: Analyse, text: str,
                                                              name: str, acronym: str) -> None:
    entity = entity_named(analyse(text), name)
    assert entity.type == "ORG"
    assert mention_texts(text, entity).count(acronym) == 2
    assert not [e for e in analyse(text).entities if e.name == acronym]


def test_full_name_in_parentheses_after_the_acronym(analyse: Analyse) -> None:
    text = ("Le CNPA (Conseil national des pêcheurs artisans) a appelé à la grève. Le CNPA "
            "a été reçu au ministère jeudi.")
    entity = entity_named(analyse(text), "Conseil national des pêcheurs artisans")
    assert mention_texts(text, entity).count("CNPA") == 2


def test_full_name_in_apposition_after_the_acronym(analyse: Analyse) -> None:
    text = ("Le MLS, le Mouvement de libération du Sahel, a revendiqué l'enlèvement. Le MLS "
            "exige une rançon.")
    entity = entity_named(analyse(text), "Mouvement de libération du Sahel")
    assert mention_texts(text, entity).count("MLS") == 2


@pytest.mark.parametrize(("acronym", "name", "strict", "expected"), [
    ("OMS", "Organisation mondiale de la santé", True, True),
    ("FAE", "Front armé de l'Est", True, True),
    ("ONU", "Organisation des Nations unies", True, True),
    ("Anoca", "Association des comités nationaux olympiques d'Afrique", False, True),
    ("Anoca", "Association des comités nationaux olympiques d'Afrique", True, False),
    ("PSG", "Organisation mondiale de la santé", False, False),
    ("France", "Régie nationale des usines Renault", False, False),
], ids=["oms", "fae", "onu", "anoca-lenient", "anoca-strict", "unrelated", "a-country"])
def test_abbreviates(acronym: str, name: str, strict: bool, expected: bool) -> None:
    from veille.analyze.entities import abbreviates

    assert abbreviates(acronym, name, strict=strict) is expected


def test_a_country_in_parentheses_is_not_an_acronym(analyse: Analyse) -> None:
    text = "Le groupe Batimex (Belgique) a racheté trois usines en Lorraine."
    names = {e.name for e in analyse(text).entities}
    assert "Belgique" in names


def test_one_name_with_two_labels_is_one_entity(nlp: Any) -> None:
    text = "Le MFDC a annoncé une trêve. Le MFDC a été reçu à Dakar."
    doc = with_ents(nlp, text, [(1, 2, "ORG"), (8, 9, "LOC"), (13, 14, "LOC")])
    (mfdc, dakar) = entities_from_doc(doc)
    assert (mfdc.name, mfdc.type, len(mfdc.mentions)) == ("MFDC", "ORG", 2)
    assert dakar.name == "Dakar"


def test_entity_at_gives_the_full_name_for_an_acronym(analyse: Analyse) -> None:
    from veille.analyze.entities import entity_at

    text = "La Ligue des droits civiques (LDC) a porté plainte. Pour la LDC, la loi est injuste."
    analysis = analyse(text)
    start = text.rindex("la LDC")
    found = entity_at(analysis.entities, start, start + len("la LDC"))
    assert found is not None and found.name == "Ligue des droits civiques"
    assert entity_at(analysis.entities, 0, 2) is None


@pytest.mark.parametrize(("text", "name"), [
    ("Les supporters de Leeds United ont envahi la pelouse samedi.", "Leeds United"),
    ("Selon Harvard University, le taux a doublé.", "Harvard University"),
], ids=["club", "university"])
def test_names_with_an_organisation_word_are_not_people(nlp: Any, text: str,
                                                        name: str) -> None:
    doc = nlp(text)
    start = text.index(name)
    doc.set_ents([doc.char_span(start, start + len(name), label="PER")], default="outside")
    assert [e.type for e in entities_from_doc(doc) if e.name == name] == ["ORG"]


@pytest.mark.parametrize(("text", "name"), [
    ("Les cas de Covid ont doublé en une semaine à Lyon.", "Covid"),
    ("Le syndrome de Marfan touche une personne sur cinq mille.", "Marfan"),
    ("Le lycée Jules Ferry a fermé ses portes jeudi.", "Jules Ferry"),
    ("Intrigués, les chercheurs ont refait les calculs.", "Intrigués"),
    ("Les baskets « Lagos Blue » sont en rupture de stock.", "Lagos Blue"),
], ids=["disease", "eponym-of", "eponym", "sentence-initial-word", "quoted-product"])
def test_words_the_model_tags_as_people_are_not(nlp: Any, text: str, name: str) -> None:
    doc = nlp(text)
    start = text.index(name)
    doc.set_ents([doc.char_span(start, start + len(name), label="PER")], default="outside")
    assert [e for e in entities_from_doc(doc) if e.type == "PER"] == []


def test_mention_stops_at_a_line_break(nlp: Any) -> None:
    text = "Photo : Awa Ndiaye\n\nCrédit photo AFP. La ville a voté."
    doc = nlp(text)
    end = text.index("AFP")
    doc.set_ents([doc.char_span(8, end - 1, label="PER")], default="outside")
    (person,) = entities_from_doc(doc)
    assert person.name == "Awa Ndiaye"


def test_mention_stops_at_a_title_glued_to_the_name(nlp: Any) -> None:
    text = "Analyse de Oumar SangaréEnseignant-chercheur à l'université de Bamako."
    doc = nlp(text)
    start = text.index("Oumar")
    span = doc.char_span(start, text.index(" à l'"), label="PER", alignment_mode="expand")
    doc.set_ents([span], default="outside")
    (person,) = entities_from_doc(doc)
    assert person.name == "Oumar Sangaré"


@pytest.mark.parametrize(("text", "name", "label"), [
    ("Selon Dr Amina Diallo, consultante en pédiatrie, les cas sont rares.", "Amina Diallo",
     "MISC"),
    ("« Le fleuve déborde », affirme Rajkumar, un habitant du village.", "Rajkumar", "LOC"),
], ids=["honorific", "apposition"])
def test_person_the_model_missed_is_found_by_construction(nlp: Any, text: str, name: str,
                                                          label: str) -> None:
    doc = nlp(text)
    start = text.index(name)
    doc.set_ents([doc.char_span(start, start + len(name), label=label)], default="outside")
    assert [(e.name, e.type) for e in entities_from_doc(doc)] == [(name, "PER")]


def test_a_place_before_an_apposition_is_not_a_person(nlp: Any) -> None:
    text = "En Norvège, la ministre de la Santé, Ingrid Dahl, a démissionné."
    doc = nlp(text)
    spans = [doc.char_span(3, 10, label="LOC"),
             doc.char_span(text.index("Ingrid"), text.index(", a"), label="PER")]
    doc.set_ents(spans, default="outside")
    assert [(e.name, e.type) for e in entities_from_doc(doc)] == [("Norvège", "LOC"),
                                                                   ("Ingrid Dahl", "PER")]


def test_first_name_alone_joins_the_one_person_it_starts(analyse: Analyse) -> None:
    text = ("Léonie Castaing a quitté Bordeaux en 2019. Depuis, Léonie vit à Montréal avec "
            "Hugo Ferrand.")
    names = {p.name: sorted(mention_texts(text, p)) for p in people(analyse(text))}
    assert names["Léonie Castaing"] == ["Léonie", "Léonie Castaing"]


def test_family_name_first_after_an_honorific(nlp: Any) -> None:
    text = "Li Qiang a reçu la délégation. M. Li a promis des investissements."
    doc = with_ents(nlp, text, [(0, 2, "PER"), (8, 9, "PER")])
    (person,) = entities_from_doc(doc)
    assert person.name == "Li Qiang" and len(person.mentions) == 2


def test_first_name_shared_by_two_people_joins_neither(nlp: Any) -> None:
    text = "Paul Morin et Paul Girard sont arrivés. Paul a parlé le premier."
    doc = with_ents(nlp, text, [(0, 2, "PER"), (3, 5, "PER"), (8, 9, "PER")])
    assert sorted(e.name for e in entities_from_doc(doc)) == ["Paul", "Paul Girard",
                                                              "Paul Morin"]


def test_two_people_sharing_a_surname_stay_two(analyse: Analyse) -> None:
    text = ("Marc Delorme et sa sœur Claire Delorme ont fondé l'entreprise. Claire Delorme "
            "dirige désormais l'usine de Rennes.")
    assert sorted(p.name for p in people(analyse(text))) == ["Claire Delorme", "Marc Delorme"]


def test_coordinated_first_name_shares_the_surname(nlp: Any) -> None:
    text = "Nadia et Karim Benali ont porté plainte. Nadia Benali a témoigné lundi."
    doc = with_ents(nlp, text, [(0, 1, "PER"), (2, 4, "PER"), (8, 10, "PER")])
    names = {e.name: len(e.mentions) for e in entities_from_doc(doc)}
    assert names == {"Nadia Benali": 2, "Karim Benali": 1}


def test_middle_initial_is_the_same_person(analyse: Analyse) -> None:
    text = "Le sénateur John F. Whitman a voté contre. John Whitman s'en est expliqué mardi."
    (person,) = people(analyse(text))
    assert person.name == "John F. Whitman" and len(person.mentions) == 2


def test_spanish_double_surname(nlp: Any) -> None:
    text = "Lucía Ortega Ruiz a présenté le journal. Ortega a été remerciée lundi."
    doc = with_ents(nlp, text, [(0, 3, "PER"), (8, 9, "PER")])
    (person,) = entities_from_doc(doc)
    assert person.name == "Lucía Ortega Ruiz" and len(person.mentions) == 2


@pytest.mark.parametrize("text", [
    "Le maire Hugo Lenoir a ouvert la séance. Debout sur l'estrade, il a salué les élus du "
    "collectif Nuit Debout.",
    "La ministre Rose Kaplan a visité l'usine. Seule face aux salariés, elle a défendu "
    "le plan. Les syndicats de Lucie Seule ont protesté.",
], ids=["debout", "seule"])
def test_a_word_opening_a_sentence_is_not_the_surname_of_a_later_name(analyse: Analyse,
                                                                      text: str) -> None:
    analysis = analyse(text)
    opener = text.split(". ")[1].split()[0]
    at = text.index(f". {opener}") + 2
    for entity in analysis.entities:
        if entity.type == "PER":
            assert all(s != at for s, _e in entity.mentions), entity


def test_a_title_and_a_name_read_whole_by_the_model_give_the_person(analyse: Analyse) -> None:
    analysis = analyse("Le Premier ministre Lucien Garnier a reçu les syndicats lundi.")
    assert [(e.name, e.roles) for e in people(analysis)] == [
        ("Lucien Garnier", ("Premier ministre",))]


@pytest.mark.parametrize(("text", "name", "role"), [
    ("La porte-parole du gouvernement Inès Lacombe a répondu aux questions.", "Inès Lacombe",
     "porte-parole du gouvernement"),
    ("Le député de Haute-Savoie Alexis Perrier a déposé un amendement.", "Alexis Perrier",
     "député de Haute-Savoie"),
], ids=["institution-before-a-full-name", "place-read-into-the-name"])
def test_a_title_with_its_complement_before_a_full_name(analyse: Analyse, text: str,
                                                       name: str, role: str) -> None:
    person = entity_named(analyse(text), name)
    assert person.type == "PER" and role in person.roles


def test_a_name_ending_with_a_word_that_names_no_one_is_no_person(analyse: Analyse) -> None:
    analysis = analyse("Le conducteur a écopé d'une amende, sous la forme d'un P.-V. Covid.")
    assert people(analysis) == []


def test_a_one_word_question_is_nobody(analyse: Analyse) -> None:
    analysis = analyse("La confiance dans les médias recule encore. Paradoxal ? Les audiences "
                       "n'ont jamais été aussi fortes, explique Nora Lenoir.")
    assert [e.name for e in people(analysis)] == ["Nora Lenoir"]


@pytest.mark.parametrize(("text", "name", "acronym"), [
    ("L'autorité de régulation des transports ferroviaires (ARTF) a rendu son avis. Selon "
     "l'ARTF, les tarifs augmenteront.", "autorité de régulation des transports ferroviaires",
     "ARTF"),
    ("Le consortium européen de recherche sur le climat (ECRC) publie un rapport. L'ECRC "
     "appelle à agir.", "consortium européen de recherche sur le climat", "ECRC"),
], ids=["autorite", "consortium-english-acronym"])
def test_an_institution_named_in_lower_case_before_its_acronym(analyse: Analyse, text: str,
                                                              name: str, acronym: str) -> None:
    analysis = analyse(text)
    entity = entity_named(analysis, name)
    assert entity.type == "ORG" and sum(text[s:e] == acronym for s, e in entity.mentions) == 2


def test_a_lower_case_phrase_before_an_acronym_is_no_organisation(analyse: Analyse) -> None:
    analysis = analyse("La zone économique exclusive (ZEE) du pays est très vaste.")
    assert all(e.name != "zone économique exclusive" for e in analysis.entities)
