"""Dates in text: header date lines and wire datelines (``veille.extract.dates``)."""

from __future__ import annotations

import datetime as dt

import pytest

from veille.extract.dates import dateline_date, is_date_line, labelled_dates, parse_date

D = dt.date
REFERENCE = D(2025, 3, 14)


# -- parse_date --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("22/11/2024", D(2024, 11, 22)),
    ("03/04/2024", D(2024, 4, 3)),  # day first, as in France
    ("22-11-2024", D(2024, 11, 22)),
    ("22.11.24", D(2024, 11, 22)),
    ("2024-11-22", D(2024, 11, 22)),
    ("Publié le 2024-11-22T08:30:00+01:00", D(2024, 11, 22)),
    ("22 novembre 2024", D(2024, 11, 22)),
    ("vendredi 22 novembre 2024", D(2024, 11, 22)),
    ("Vendredi 22 Novembre 2024", D(2024, 11, 22)),
    ("1er janvier 2020", D(2020, 1, 1)),
    ("22 nov. 2024", D(2024, 11, 22)),
    ("3 févr. 2023", D(2023, 2, 3)),
    ("15 aout 2023", D(2023, 8, 15)),
    ("15 août 2023", D(2023, 8, 15)),
])
def test_parse_date(text: str, expected: D) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "30 février 2024", "2024-13-01", "hier soir",
                                  "", "12 personnes"])
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    assert parse_date(text) is None


def test_parse_date_without_a_year_needs_a_reference() -> None:
    assert parse_date("mardi 3 mars") is None
    assert parse_date("mardi 3 mars", reference=REFERENCE) == D(2025, 3, 3)


# -- is_date_line ------------------------------------------------------------------------
@pytest.mark.parametrize("line", ["14/03/2025", " Vendredi 14 mars 2025 ", "2025-03-14",
                                  "Publié le 14/03/2025", "14 mars 2025, 10 h 32"])
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize("line", [
    "",
    "Veille-Exemple.info",
    "L'actualité sans détour",
    "Le 14 mars 2025, les deux généraux se sont rencontrés à Helsinki",
    "Mise à jour le vendredi 14 mars 2025 à 10 h 32 (heure de Paris)",
])
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


# -- datelines -----------------------------------------------------------------------------
@pytest.mark.parametrize(("body", "expected"), [
    ("29 mai 2012. – Le gouvernement a annoncé mardi un plan de relance.", D(2012, 5, 29)),
    ("PARIS, 12 mars (AFP) – Le gouvernement a annoncé un plan.", D(2025, 3, 12)),
    ("Le Caire, 2 mai (Reuters) — Les autorités égyptiennes ont annoncé.", D(2024, 5, 2)),
    ("GENÈVE, 3 février (Rédaction) – Le Haut-Commissariat a réclamé.", D(2025, 2, 3)),
    ("WASHINGTON, 1er avril (AFP) - La Maison Blanche a démenti.", D(2024, 4, 1)),
    ("Paris, le 12 mars 2024 : le préfet a interdit la manifestation.", D(2024, 3, 12)),
    ("SAINT-MALO, 14 mars (Ouest-France) – Le port a rouvert.", D(2025, 3, 14)),
    ("Aix en Provence, 9 janv. (AFP) – Le tribunal a rendu son jugement.", D(2025, 1, 9)),
    ("  \n12 mars 2023 – Le tribunal a rendu son jugement.", D(2023, 3, 12)),
])
def test_dateline(body: str, expected: D) -> None:
    assert dateline_date(body, reference=REFERENCE) == expected


@pytest.mark.parametrize(("reference", "expected"), [
    (D(2025, 3, 14), D(2025, 3, 12)),
    (D(2025, 3, 12), D(2025, 3, 12)),  # on the reference day itself
    (D(2025, 3, 11), D(2024, 3, 12)),  # a day later would be in the future: last year
    (D(2025, 1, 2), D(2024, 3, 12)),
    (D(2024, 12, 31), D(2024, 3, 12)),
])
def test_dateline_year_is_the_most_recent_on_or_before_the_reference(
    reference: D, expected: D
) -> None:
    body = "PARIS, 12 mars (AFP) – Le gouvernement a annoncé un plan."
    assert dateline_date(body, reference=reference) == expected


def test_dateline_without_year_or_reference_gives_no_date() -> None:
    assert dateline_date("PARIS, 12 mars (AFP) – Le gouvernement a annoncé un plan.") is None


def test_dateline_with_a_year_needs_no_reference() -> None:
    assert dateline_date("29 mai 2012. – Le gouvernement a annoncé.") == D(2012, 5, 29)


@pytest.mark.parametrize(("reference", "expected"), [
    (D(2024, 3, 1), D(2024, 2, 29)),
    (D(2025, 3, 1), D(2024, 2, 29)),
    (D(2026, 3, 1), D(2024, 2, 29)),
])
def test_dateline_on_29_february(reference: D, expected: D) -> None:
    body = "BRUXELLES, 29 février (AFP) – La Commission a présenté son projet."
    assert dateline_date(body, reference=reference) == expected


@pytest.mark.parametrize("body", [
    "Selon la préfecture, 12 personnes ont été interpellées mardi soir.",
    "À Paris, le 12 mars, la police a évacué la place de la République.",
    "Emmanuel Macron, 47 ans, a annoncé sa décision devant les maires.",
    "Au Mali, le 3 mai 2024 restera une date noire pour l'armée.",
    "Dans un communiqué publié mardi, le ministère a indiqué que 12 mai était retenu.",
    "Le président de la République, Emmanuel Macron, s'est rendu à Marseille.",
    "Jean-Pierre Dupont, maire de Lyon depuis 12 ans – un record – a démissionné.",
    "Le gouvernement a annoncé mardi un plan. PARIS, 12 mars (AFP) – rien.",
    "29 mai 2012 restera dans les mémoires – c'est le jour du grand incendie.",
])
def test_sentence_opening_with_a_capitalised_phrase_is_not_a_dateline(body: str) -> None:
    assert dateline_date(body, reference=REFERENCE) is None


# -- labelled dates: publication first, updates apart ---------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("Publié le 07/02/2025 à 18h04 - Mis à jour le 09/02/2025 à 07h30",
     {"published": D(2025, 2, 7), "updated": D(2025, 2, 9)}),
    ("Mis à jour le 09/02/2025 à 07h30 (publié le 07/02/2025 à 18h04)",
     {"published": D(2025, 2, 7), "updated": D(2025, 2, 9)}),
    ("Publiée le jeudi 6 février 2025 à 9 h, modifiée le vendredi 7 février",
     {"published": D(2025, 2, 6), "updated": D(2025, 2, 7)}),
    ("Mis en ligne : 2025-01-30", {"published": D(2025, 1, 30)}),
    ("Dernière mise à jour le 3 mars", {"updated": D(2025, 3, 3)}),
    ("MàJ 12.03.25", {"updated": D(2025, 3, 12)}),
    ("Actualisé le 1er mars 2025 à 16h", {"updated": D(2025, 3, 1)}),
    # labels with no date next to them, or words that are no label
    ("L'éditeur a publié le roman en 2019, bien avant le 3 mars.", {}),
    ("Le rapport, paru il y a deux ans, sera mis à jour en juin.", {}),
])
def test_labelled_dates(text: str, expected: dict[str, D]) -> None:
    assert labelled_dates(text, reference=REFERENCE) == expected
