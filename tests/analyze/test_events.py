"""PLOVER events from French triggers: types, parties, and what did not happen."""

from __future__ import annotations

import pytest

import veille


def _events(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(e.type, e.actors) for e in veille.analyze(text, published="2025-03-14").events]


@pytest.mark.slow
def test_meeting_between_two_people() -> None:
    text = ("La rencontre entre le ministre Jean Dupont et son homologue Karl Weber a eu lieu "
            "mercredi à Berlin.")
    events = veille.analyze(text).events
    assert [e.type for e in events] == ["CONSULT"]
    assert set(events[0].actors) == {"Jean Dupont", "Karl Weber"}
    assert events[0].place == "Berlin"
    start, end = events[0].sentence
    assert text[start:end].startswith("La rencontre")


@pytest.mark.slow
def test_verb_trigger_with_subject_and_object() -> None:
    text = "Mardi, les manifestants ont attaqué le commissariat. La police a arrêté Paul Morin."
    kinds = [kind for kind, _actors in _events(text)]
    assert kinds == ["ASSAULT", "COERCE"]
    arrest = veille.analyze(text).events[1]
    assert arrest.targets == ("Paul Morin",)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Le groupe n'a pas attaqué la ville, a assuré son chef.",
    "Les rebelles pourraient attaquer la ville dans les prochains jours.",
    "Les rebelles attaqueraient la ville, selon des témoins.",
])
def test_negated_and_hypothetical_events_are_left_out(text: str) -> None:
    assert "ASSAULT" not in [kind for kind, _ in _events(text)]


@pytest.mark.slow
def test_reflexive_only_triggers() -> None:
    # "tout déploiement": any deployment, opposed in advance, is not one that happened
    assert [k for k, _ in _events("Moscou s'oppose à tout déploiement américain.")] == [
        "REJECT"]
    assert "REJECT" not in [k for k, _ in _events("Il oppose deux visions du monde.")]


# -- actors: the subject is not always a name ----------------------------------------------

def _actors_of(text: str, kind: str) -> tuple[str, ...]:
    found = [actors for k, actors in _events(text) if k == kind]
    assert found, f"no {kind} event in {_events(text)}"
    return found[0]


@pytest.mark.slow
def test_the_two_parties_are_the_parties_of_the_last_meeting() -> None:
    text = ("La rencontre entre le ministre Jean Dupont et son homologue Karl Weber a eu lieu "
            "mercredi à Berlin. Un porte-parole a déclaré que les deux parties étaient "
            "convenues de se revoir en mai.")
    assert set(_actors_of(text, "AGREE")) == {"Jean Dupont", "Karl Weber"}


@pytest.mark.slow
def test_talks_between_in_a_relative_clause() -> None:
    text = ("Les analystes commentent les négociations qui se déroulent entre la Norvège et "
            "le Danemark depuis janvier.")
    assert set(_actors_of(text, "CONSULT")) >= {"Norvège", "Danemark"}


@pytest.mark.slow
def test_who_called_the_protest_acts_not_the_crowd() -> None:
    text = ("Des milliers de personnes se sont rassemblées samedi à Lyon à l'appel de la "
            "Confédération générale du travail.")
    actors = _actors_of(text, "PROTEST")
    assert any("Confédération générale du travail" in a for a in actors), actors


@pytest.mark.slow
def test_passive_agent_without_a_name_is_the_phrase() -> None:
    text = "Les dernières sanctions ont été levées par le ministère de l'Économie."
    assert _actors_of(text, "CONCEDE") == ("ministère de l'Économie",)


@pytest.mark.slow
def test_a_reported_stance_belongs_to_the_reporter_but_a_deed_does_not() -> None:
    stance = ("Le gouvernement norvégien a réaffirmé en mai que la constitution du pays "
              "excluait la présence de troupes étrangères.")
    assert _actors_of(stance, "REJECT") == ("gouvernement norvégien",)
    deed = ("Le ministère de la Santé a affirmé que la frappe avait tué dix civils près de "
            "Gaza.")
    assert "ministère" not in " ".join(_actors_of(deed, "ASSAULT"))


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "Une telle stratégie exige des moyens importants.",            # a thing cannot demand
    "L'opposition socialiste a voté le budget.",                    # the parties out of power
    "Le ministre veut s'attaquer au chômage des jeunes.",           # to tackle
    "Le groupe a présenté sa console lors d'une conférence de presse.",
    "S'il refuse, l'hébergeur devra retirer la page.",              # if, and must: not done
    "Les propriétaires pourront contester la décision.",            # may, not did
])
def test_trigger_words_in_senses_that_are_no_event(text: str) -> None:
    assert _events(text) == []


@pytest.mark.slow
def test_to_show_support_is_support_not_a_protest() -> None:
    assert [k for k, _a in _events("Ils ont manifesté leur soutien au maire.")] == ["SUPPORT"]


@pytest.mark.slow
def test_what_did_happen_with_a_modal_in_the_past() -> None:
    assert [k for k, _a in _events("La police a dû arrêter le conducteur.")] == ["COERCE"]


@pytest.mark.slow
def test_a_meeting_told_twice_is_one_event_completed_by_both_sentences() -> None:
    text = ("Le ministre néerlandais a rencontré son homologue belge mardi. La rencontre, à "
            "Bruges, entre Pieter de Vries et Luc Janssens a duré trois heures.\n\n"
            "Pieter de Vries et Luc Janssens se connaissent depuis longtemps.")
    events = [e for e in veille.analyze(text, published="2025-03-14").events
              if e.type == "CONSULT"]
    assert len(events) == 1
    meeting = events[0]
    assert meeting.trigger == "a rencontré"
    assert set(meeting.actors + meeting.targets) == {"Pieter de Vries", "Luc Janssens"}
    assert (meeting.place, meeting.date) == ("Bruges", "2025-03-11")


@pytest.mark.slow
def test_the_place_is_where_it_happens_not_where_from() -> None:
    text = "Les troupes belges ont quitté la base après le retrait d'Irak, à Bruxelles."
    retreat = [e for e in veille.analyze(text).events if e.type == "RETREAT"]
    assert retreat and all(e.place != "Irak" for e in retreat)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind"), [
    ("La profession pointe du doigt les choix fiscaux du gouvernement.", "ACCUSE"),
    ("Plusieurs médecins ont émis des mises en garde contre la fermeture.", "THREATEN"),
    ("Des manifestants ont envahi le siège du parti à Lyon.", "COERCE"),
])
def test_triggers_of_several_words(text: str, kind: str) -> None:
    assert kind in [k for k, _a in _events(text)]


@pytest.mark.slow
def test_a_charge_or_a_call_is_not_the_event_it_names() -> None:
    text = ("Le préfet accuse le syndicat de « prendre en otage l'économie ». La CGT appelle à "
            "manifester jeudi.")
    kinds = [k for k, _a in _events(text)]
    assert "ACCUSE" in kinds and "ASSAULT" not in kinds and "PROTEST" not in kinds


@pytest.mark.slow
def test_an_event_that_only_dates_another_gives_it_no_actor() -> None:
    text = ("La rencontre entre Jean Dupont et Karl Weber intervient deux semaines après une "
            "frappe qui a tué six civils.")
    strikes = [a for k, a in _events(text) if k == "ASSAULT"]
    assert strikes and all("rencontre" not in " ".join(a) for a in strikes)


@pytest.mark.slow
def test_coordinated_subjects_all_act() -> None:
    text = ("Le général français Paul Morel et le général allemand Karl Weber se sont "
            "rencontrés mardi à Oslo.")
    assert set(_actors_of(text, "CONSULT")) == {"Paul Morel", "Karl Weber"}


# -- triggers from verb classes, and what did not happen ----------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind"), [
    ("Les insurgés ont égorgé deux gardes près du barrage.", "ASSAULT"),
    ("La police a incarcéré trois militants écologistes.", "COERCE"),
    ("La sénatrice a fustigé la réforme des retraites.", "ACCUSE"),
    ("Les deux délégations ont parlementé toute la nuit à Genève.", "CONSULT"),
    ("Les troupes se sont repliées vers la frontière.", "RETREAT"),
    ("Le gouvernement a gracié quarante détenus.", "CONCEDE"),
])
def test_triggers_from_verb_classes(text: str, kind: str) -> None:
    assert kind in [k for k, _a in _events(text)]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind"), [
    ("Il a replié la carte avant de partir.", "RETREAT"),        # only reflexively
    ("Le comité se réunira lundi à Nantes.", "CONSULT"),          # to come
    ("Les ministres vont signer l'accord en juin.", "AGREE"),     # to come
    ("Le préfet a interdit le rassemblement prévu samedi.", "PROTEST"),  # banned
    ("Le juge a suspendu l'audience pendant une heure.", "SANCTION"),   # no supply cut
    ("Il a appelé son frère dimanche soir.", "REQUEST"),          # a phone call
])
def test_what_did_not_happen_or_another_sense(text: str, kind: str) -> None:
    assert kind not in [k for k, _a in _events(text)]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind"), [
    ("Le tribunal a condamné Marc Lefort à trois ans de prison.", "SANCTION"),
    ("Le Japon a suspendu son aide au Laos.", "SANCTION"),
    ("La Suède a expulsé deux diplomates iraniens.", "SANCTION"),
    ("Le secrétaire général a appelé à la retenue.", "REQUEST"),
])
def test_types_by_construction(text: str, kind: str) -> None:
    assert kind in [k for k, _a in _events(text)]


# -- actors by syntax and by discourse ------------------------------------------------------

@pytest.mark.slow
def test_a_description_stands_for_the_organisation_named_before() -> None:
    text = ("Une étude attribuée à l'université de Grenoble circulait sur les réseaux. "
            "Mais cette université a aussitôt démenti.")
    assert any("université de Grenoble" in a for a in _actors_of(text, "REJECT"))


@pytest.mark.slow
def test_a_state_body_stands_for_its_country() -> None:
    text = "Les autorités marocaines ont expulsé trois journalistes néerlandais."
    assert "Maroc" in _actors_of(text, "COERCE")


@pytest.mark.slow
def test_nominal_triggers_agent_target_and_nationality() -> None:
    critics = "La ministre a essuyé de vives critiques de la part de l'opposition."
    assert _actors_of(critics, "ACCUSE") == ("opposition",)
    attack = [e for e in veille.analyze(
        "L'attaque des miliciens contre l'armée malienne a fait six morts à Gao.").events
        if e.type == "ASSAULT"]
    assert attack and any("armée malienne" in t for t in attack[0].targets)
    offensive = "L'offensive ukrainienne a repris dans la région de Kharkiv."
    assert _actors_of(offensive, "ASSAULT") == ("Ukraine",)


@pytest.mark.slow
def test_a_participle_qualifying_a_noun_is_passive() -> None:
    text = "Le Parlement a adopté une loi critiquée par Amnesty International."
    assert _actors_of(text, "ACCUSE") == ("Amnesty International",)


@pytest.mark.slow
def test_first_person_in_a_quotation_is_its_speaker() -> None:
    text = "« Nous avons rencontré le maire hier », a déclaré Claire Dumas, porte-parole."
    assert _actors_of(text, "CONSULT") == ("Claire Dumas",)


@pytest.mark.slow
def test_who_condemns_an_attack_did_not_commit_it() -> None:
    text = "Le Quai d'Orsay a condamné l'attaque contre l'ambassade à Niamey."
    attacks = [a for k, a in _events(text) if k == "ASSAULT"]
    assert attacks and all("Quai d'Orsay" not in actors for actors in attacks)


@pytest.mark.slow
def test_a_court_of_appeal_is_no_call() -> None:
    text = "La cour d'appel de Rennes a rejeté le recours de la commune."
    assert [k for k, _a in _events(text)] == ["REJECT"]


@pytest.mark.slow
def test_relief_sent_by_an_agent_the_parse_hung_elsewhere() -> None:
    text = ("Deux cents tonnes de blé ont été acheminées au Malawi par le Kenya pour venir "
            "en aide aux sinistrés.")
    assert "Kenya" in _actors_of(text, "AID")
