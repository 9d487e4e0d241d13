"""French time expressions: one sentence per pattern, values against a known publication date.

The sentences are written for these tests, in newswire style. Friday 22 November 2024 is
the publication date unless a test says otherwise.
"""

from __future__ import annotations

import pickle

import pytest

from veille.analyze.timexes import NAME, timexes_from_text
from veille.records import Timex

PUBLISHED = "2024-11-22"  # a Friday, ISO week 47


def found(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str | None, str]]:
    timexes = timexes_from_text(text, published=published)
    for t in timexes:
        assert text[t.start:t.end] == t.text
    return [(t.text, t.value, t.type) for t in timexes]


CASES = [
    # full dates
    ("Le ministre est arrivé le 20 mai 2012 à Kaboul.", ("le 20 mai 2012", "2012-05-20", "date")),
    ("La loi a été votée le 20/05/2012.", ("20/05/2012", "2012-05-20", "date")),
    ("Le texte entrera en vigueur le 1er janvier.", ("le 1er janvier", "2025-01-01", "date")),
    ("Il a démissionné le 20 mai dernier.", ("le 20 mai dernier", "2024-05-20", "date")),
    ("Le sommet aura lieu le 3 mars prochain.", ("le 3 mars prochain", "2025-03-03", "date")),
    ("La réunion s'est tenue mardi 19 novembre.", ("mardi 19 novembre", "2024-11-19", "date")),
    ("Il est né le 10 novembre 93 à Lyon.", ("le 10 novembre 93", "1993-11-10", "date")),
    # months and years
    ("Les travaux ont commencé en juillet.", ("juillet", "2024-07", "date")),
    ("Le chantier reprendra début octobre.", ("début octobre", "2024-10", "date")),
    ("Les élections ont eu lieu en mars 1952.", ("mars 1952", "1952-03", "date")),
    ("Les pourparlers de décembre dernier ont échoué.", ("décembre dernier", "2023-12",
                                                         "date")),
    ("Le contrat sera signé en juin prochain.", ("juin prochain", "2025-06", "date")),
    ("La centrale fermera au mois de décembre.", ("mois de décembre", "2024-12", "date")),
    ("L'usine a ouvert en 2014.", ("2014", "2014", "date")),
    ("Le traité sera révisé fin 2026.", ("fin 2026", "2026", "date")),
    ("Le groupe est né dans les années 1960.", ("les années 1960", "196X", "date")),
    ("Le bénéfice a doublé au premier semestre 2012.", ("premier semestre 2012", "2012-H1",
                                                        "date")),
    # days relative to publication
    ("Le président a parlé hier.", ("hier", "2024-11-21", "date")),
    ("Il revient aujourd'hui à Paris.", ("aujourd'hui", "2024-11-22", "date")),
    ("Le vote aura lieu demain.", ("demain", "2024-11-23", "date")),
    ("Le drame s'est produit avant-hier.", ("avant-hier", "2024-11-20", "date")),
    ("Les manifestants se sont réunis hier soir.", ("hier soir", "2024-11-21TEV", "time")),
    ("Le ministre a annoncé ce matin sa démission.", ("ce matin", "2024-11-22TMO", "time")),
    ("Cette nuit, des tirs ont été entendus.", ("Cette nuit", "2024-11-21TNI", "time")),
    # weekdays
    ("Le général a rencontré son homologue mercredi.", ("mercredi", "2024-11-20", "date")),
    ("Le général rencontrera son homologue mercredi.", ("mercredi", "2024-11-27", "date")),
    ("Le conseil se réunira lundi prochain.", ("lundi prochain", "2024-11-25", "date")),
    ("Le conseil s'est réuni samedi dernier.", ("samedi dernier", "2024-11-16", "date")),
    ("Le maire a pris la parole ce mardi.", ("ce mardi", "2024-11-19", "date")),
    # weeks, months, years relative to publication
    ("Les combats ont repris ce week-end.", ("ce week-end", "2024-W46-WE", "date")),
    ("Le rapport a été publié cette semaine.", ("cette semaine", "2024-W47", "date")),
    ("Le rapport a été publié la semaine dernière.", ("la semaine dernière", "2024-W46",
                                                      "date")),
    ("Le vote aura lieu la semaine prochaine.", ("la semaine prochaine", "2024-W48", "date")),
    ("Les prix ont baissé le mois dernier.", ("le mois dernier", "2024-10", "date")),
    ("Les ventes ont chuté l'an dernier.", ("l'an dernier", "2023", "date")),
    ("Les ventes ont chuté l'année dernière.", ("l'année dernière", "2023", "date")),
    ("Les ventes devraient remonter l'année prochaine.", ("l'année prochaine", "2025", "date")),
    ("Le navire a coulé il y a deux semaines.", ("il y a deux semaines", "2024-11-08", "date")),
    ("Le barrage a cédé au printemps dernier.", ("printemps dernier", "2024-SP", "date")),
    # clock times take the day they follow
    ("Le vote aura lieu demain, à 15 heures.", ("15 heures", "2024-11-23T15:00", "time")),
    ("Le train est parti vers 0 h 40.", ("vers 0 h 40", "2024-11-22T00:40", "time")),
    # durations
    ("Il a dirigé le pays pendant trois ans.", ("trois ans", "P3Y", "duration")),
    ("Le chantier a duré deux mois.", ("deux mois", "P2M", "duration")),
    ("Le retrait prendra d'ici un an à deux ans.", ("un an à deux ans", "P1Y", "duration")),
    ("La mission durera vingt-quatre heures.", ("vingt-quatre heures", "PT24H", "duration")),
    ("Le vol a duré moins de quarante cinq minutes.", ("moins de quarante cinq minutes",
                                                       "PT45M", "duration")),
    ("L'enquête a pris plusieurs années.", ("plusieurs années", "PXY", "duration")),
    ("Le candidat promet un quinquennat de réformes.", ("quinquennat", "P5Y", "duration")),
    # sets
    ("Le festival se tient chaque année à Lyon.", ("chaque année", "P1Y", "set")),
    ("Le club s'entraîne tous les jeudis.", ("tous les jeudis", "XXXX-WXX-4", "set")),
    ("La direction organise une réunion hebdomadaire.", ("hebdomadaire", "P1W", "set")),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1][0] for c in CASES])
def test_pattern(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in found(text)


def test_month_names_need_context() -> None:
    assert found("Elle élève sept enfants.") == []
    assert found("La famille compte sept enfants et trois petits-enfants.") == []
    assert found("Mai Nguyen a parlé aux journalistes.") == []


def test_named_days_are_not_anchored_parts() -> None:
    assert found("Le 8 mars 2024, à l'occasion de la Journée internationale des femmes.") == [
        ("Le 8 mars 2024", "2024-03-08", "date")]


def test_day_and_month_alone_take_the_nearest_year() -> None:
    assert found("Le verdict est attendu le 3 décembre.") == [
        ("le 3 décembre", "2024-12-03", "date")]
    assert found("Le verdict est attendu le 3 décembre.", published="2025-01-10") == [
        ("le 3 décembre", "2024-12-03", "date")]


def test_quantities_are_not_years() -> None:
    assert found("Le plan coûte 2000 euros par foyer et concerne 1 500 personnes.") == []


def test_newspaper_is_not_a_set() -> None:
    assert found("Le quotidien Libération a publié l'enquête.") == []


def test_several_timexes_in_order_with_valid_offsets() -> None:
    text = ("22 novembre 2024. - Le général a rencontré son homologue mercredi, après une "
            "première réunion en juillet. Il s'y rendra le lendemain.")
    values = [(t[0], t[1]) for t in found(text)]
    assert values == [("22 novembre 2024", "2024-11-22"), ("mercredi", "2024-11-20"),
                      ("juillet", "2024-07"), ("le lendemain", "2024-11-21")]


def test_without_publication_date_only_absolute_expressions() -> None:
    text = "Le 20 mai 2012, hier, il a parlé pendant trois ans, en juillet et mercredi."
    assert found(text, published=None) == [("Le 20 mai 2012", "2012-05-20", "date"),
                                           ("trois ans", "P3Y", "duration")]


def test_bad_publication_date_is_ignored() -> None:
    assert found("Il est parti hier.", published="n/a") == []


def test_timexes_are_records_that_pickle() -> None:
    timexes = timexes_from_text("Il est parti hier.", published=PUBLISHED)
    assert isinstance(timexes, tuple) and isinstance(timexes[0], Timex)
    assert pickle.loads(pickle.dumps(timexes)) == timexes
    assert timexes[0].to_dict()["value"] == "2024-11-21"


def test_name_is_versioned() -> None:
    assert NAME == "veille.timexes.v1"
