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
    assert [k for k, _ in _events("Moscou s'oppose à tout déploiement américain.")] == [
        "REJECT", "MOBILIZE"]
    assert "REJECT" not in [k for k, _ in _events("Il oppose deux visions du monde.")]
