"""Sentence spans over raw text (no model): where French news sentences end, and where not."""

from __future__ import annotations

import pytest

from veille.analyze.sentences import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Le conseil a voté. La séance est levée.", ["Le conseil a voté.", "La séance est levée."]),
    ("Qui paiera ? Personne ne le sait.", ["Qui paiera ?", "Personne ne le sait."]),
    ("Quel gâchis ! Les élus protestent.", ["Quel gâchis !", "Les élus protestent."]),
    ("Et ensuite… Rien n'a changé.", ["Et ensuite…", "Rien n'a changé."]),
    ("Le port a rouvert. « Enfin », soupire un pêcheur.",
     ["Le port a rouvert.", "« Enfin », soupire un pêcheur."]),
], ids=["period", "question", "exclamation", "ellipsis", "before-opening-quote"])
def test_splits_after_final_punctuation_before_a_capital(text: str,
                                                         expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize("text", [
    "M. Dupont est arrivé. Il a parlé.",
    "Mme Caron est arrivée. Il a parlé.",
    "Le Dr. Roche est arrivé. Il a parlé.",
    "B. Oudin est arrivé. Il a parlé.",
    pytest.param("J.-P. Lacombe est arrivé. Il a parlé."),
], ids=["honorific", "honorific-no-period", "abbreviation", "initial", "compound-initials"])
def test_no_sentence_end_after_abbreviations_and_initials(text: str) -> None:
    first = text.removesuffix(" Il a parlé.")
    assert sentences(text) == [first, "Il a parlé."]


@pytest.mark.parametrize("text", [
    "Il a dit : « Je pars. Je reviens demain », a-t-il lancé. Puis il est parti.",
    "Elle a écrit : “Je pars. Je reviens demain”, a-t-elle lancé. Puis elle est partie.",
], ids=["guillemets", "english-marks"])
def test_no_sentence_end_inside_quotation_marks(text: str) -> None:
    assert len(sentences(text)) == 2
    assert sentences(text)[0].endswith("lancé.")


def test_sentence_ends_after_a_closing_quotation_mark() -> None:
    text = "« Nous partirons demain. » Le maire a ensuite quitté la salle."
    assert sentences(text) == ["« Nous partirons demain. »", "Le maire a ensuite quitté la salle."]


def test_paragraph_break_ends_a_sentence_without_punctuation() -> None:
    text = "Un titre sans point\n\nLe premier paragraphe commence ici."
    assert sentences(text) == ["Un titre sans point", "Le premier paragraphe commence ici."]


def test_single_line_break_does_not_end_a_sentence() -> None:
    text = "La ligne est coupée\nen deux. Fin."
    assert sentences(text) == ["La ligne est coupée\nen deux.", "Fin."]


@pytest.mark.parametrize("text", [
    "  Le conseil a voté.   La séance est levée.  ",
    "Titre\n\n\n  Premier paragraphe. Deuxième phrase !\n\n",
    "« Oui », dit-il. M. Dupont sourit.",
])
def test_spans_are_ordered_trimmed_and_cover_every_word(text: str) -> None:
    spans = split_sentences(text)
    assert spans == sorted(spans)
    assert all(text[s:e] == text[s:e].strip() and s < e for s, e in spans)
    assert [w for s, e in spans for w in text[s:e].split()] == text.split()


@pytest.mark.parametrize("text", ["", "   ", "\n\n"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_links_to_other_articles_pasted_in_the_body_are_cut_off() -> None:
    text = ("Le maire a parlé. À lire aussi sur Info Sud : Un pont fermé à Nîmes Les travaux "
            "reprendront lundi, a-t-il ajouté.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Le maire a parlé.", "À lire aussi sur Info Sud :", "Un pont fermé à Nîmes",
        "Les travaux reprendront lundi, a-t-il ajouté."]
