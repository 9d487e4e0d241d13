"""Who is who across articles: name forms, short forms and how they resolve (pure rules)."""

from __future__ import annotations

import pytest

from veille.store.identity import (
    DOMINANCE,
    Candidate,
    aliases_defined,
    form_of,
    is_alias_of,
    organisation_form,
    person_form,
    resolve,
    version,
)


@pytest.mark.parametrize("name", [
    "Vladimir Poutine", "le président russe Vladimir Poutine", "M. Vladimir Poutine",
    "Vladimir Vladimirovitch Poutine", "VLADIMIR POUTINE", "Vladimir Poutine,",
    "POUTINE Vladimir"])
def test_full_names_of_one_person_share_a_key(name: str) -> None:
    form = person_form(name)
    assert (form.key, form.group, form.short) == ("vladimir poutine", "poutine", False)


def test_namesakes_never_share_a_key() -> None:
    marine, jean_marie = person_form("Marine Le Pen"), person_form("Jean-Marie Le Pen")
    assert marine.key != jean_marie.key
    assert marine.group == jean_marie.group == "le pen"


@pytest.mark.parametrize(("name", "key", "initials"), [
    ("Poutine", "poutine", ""), ("Le Pen", "le pen", ""), ("M. Le Pen", "le pen", ""),
    ("de Gaulle", "de gaulle", ""), ("Général de Gaulle", "de gaulle", ""),
    ("J.-M. Le Pen", "jm. le pen", "jm"), ("V. Poutine", "v. poutine", "v")])
def test_short_forms(name: str, key: str, initials: str) -> None:
    form = person_form(name)
    assert (form.key, form.short, form.initials) == (key, True, initials)


def test_particles_stay_in_the_surname() -> None:
    assert person_form("Charles de Gaulle").group == "de gaulle"
    assert person_form("Jean d'Ormesson").key == "jean d'ormesson"
    assert person_form("Mohammed ben Salmane").group == "ben salmane"


def _candidates(**weights: int) -> list[Candidate]:
    return [Candidate(key=k.replace("_", " "), weight=w,
                      initials="".join(p[0] for p in k.split("_")[0].split("-")))
            for k, w in weights.items()]


def test_a_bare_surname_joins_the_only_full_name() -> None:
    bare = person_form("Poutine")
    assert resolve(bare, _candidates(vladimir_poutine=3)) == "vladimir poutine"
    assert resolve(bare, []) is None


def test_a_bare_surname_is_ambiguous_between_two_known_namesakes() -> None:
    bare = person_form("Le Pen")
    assert resolve(bare, _candidates(**{"marine_le pen": 40, "jean-marie_le pen": 12})) is None


def test_a_stray_namesake_does_not_block_a_dominant_name() -> None:
    bare = person_form("Macron")
    dominant = _candidates(emmanuel_macron=DOMINANCE * 3, brigitte_macron=3)
    assert resolve(bare, dominant) == "emmanuel macron"
    balanced = _candidates(emmanuel_macron=DOMINANCE * 3 - 1, brigitte_macron=3)
    assert resolve(bare, balanced) is None


def test_initials_choose_among_namesakes() -> None:
    both = _candidates(**{"marine_le pen": 40, "jean-marie_le pen": 12})
    assert resolve(person_form("J.-M. Le Pen"), both) == "jean-marie le pen"
    assert resolve(person_form("M. Le Pen"), both) is None  # "M." is a title, not an initial


def test_full_names_never_resolve_elsewhere() -> None:
    assert resolve(person_form("Marine Le Pen"), _candidates(**{"jean-marie_le pen": 9})) is None


def test_organisations_and_their_acronyms() -> None:
    full = organisation_form("l'Organisation mondiale de la santé")
    assert (full.key, full.short) == ("organisation mondiale de la sante", False)
    acronym = organisation_form("l'OMS")
    assert (acronym.key, acronym.group, acronym.short) == ("oms", "oms", True)
    assert organisation_form("O.N.U.").group == "onu"
    assert is_alias_of("OMS", "Organisation mondiale de la santé")
    assert is_alias_of("Cedeao", "Communauté économique des États de l'Afrique de l'Ouest")
    assert not is_alias_of("Paris", "Société générale")


def test_an_article_defines_an_acronym_in_brackets_or_as_a_mention() -> None:
    text = "L'Union des pêcheurs du Nord (UPN) a protesté. Selon l'UPN, rien n'est réglé."
    name = "Union des pêcheurs du Nord"
    start = text.index(name)
    assert aliases_defined(name, text, [(start, start + len(name))]) == {"upn"}
    later = text.index("UPN", text.index("Selon"))
    assert aliases_defined(name, text, [(later, later + 3)]) == {"upn"}
    assert aliases_defined("UPN", text, [(later, later + 3)]) == set()


def test_other_types_are_keyed_by_their_folded_name() -> None:
    assert form_of("Genève", "LOC").key == form_of("GENÈVE", "LOC").key == "geneve"


def test_the_version_names_the_rules_and_their_word_lists() -> None:
    assert version().startswith("veille.identity.v1+") and len(version()) > 20
