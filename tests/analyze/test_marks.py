"""Quotation marks paired on raw text (``veille.analyze.marks``), one class per test."""

from __future__ import annotations

from veille.analyze.marks import quoted_spans


def inner(text: str) -> list[str]:
    return [text[q.inner[0]:q.inner[1]].strip() for q in quoted_spans(text)]


def test_angle_and_curly_marks_with_nesting() -> None:
    text = "Elle a dit : « Le mot “crise” est trop faible ». Puis « Non »."
    assert inner(text) == ["Le mot “crise” est trop faible", "Non"]


def test_straight_quotes_open_before_a_word_and_close_after_one() -> None:
    text = 'Le maire a parlé d\'un "chantier historique", puis a ajouté "nous tiendrons".'
    assert inner(text) == ["chantier historique", "nous tiendrons"]


def test_straight_quote_nested_in_a_straight_quotation() -> None:
    text = ('"À sa place, je lui aurais dit "range ton téléphone" et basta. Il le fallait", '
            'a lancé l\'entraîneur. "Une autre fois" suffira.')
    assert inner(text) == ['À sa place, je lui aurais dit "range ton téléphone" et basta. '
                           'Il le fallait', "Une autre fois"]


def test_reopened_mark_continues_the_quotation_over_sentences() -> None:
    """Agency copy that lost its paragraph breaks: each paragraph reopened the mark."""
    text = ('"Nous avons tout reconstruit en deux ans. "Les habitants sont revenus et les '
            'commerces aussi." Le maire sourit.')
    assert inner(text) == ['Nous avons tout reconstruit en deux ans. "Les habitants sont '
                           'revenus et les commerces aussi.']


def test_reopened_mark_continues_the_quotation_over_paragraphs() -> None:
    text = ("« Le barrage tiendra cet hiver.\n\n« Mais il faudra le renforcer avant 2030 », "
            "prévient l'ingénieure.\n\nLa suite.")
    assert inner(text) == ["Le barrage tiendra cet hiver.\n\n« Mais il faudra le renforcer "
                           "avant 2030"]


def test_unclosed_mark_stops_at_the_end_of_its_paragraph() -> None:
    text = "« Nous verrons bien, dit-il.\n\nLe conseil vote demain."
    assert inner(text) == ["Nous verrons bien, dit-il"]


def test_doubled_apostrophes_as_quotation_marks() -> None:
    text = "Il sourit : ''Le plus dur est derrière nous.'' Puis il repart."
    assert inner(text) == ["Le plus dur est derrière nous."]


def test_apostrophes_in_words_are_not_marks() -> None:
    assert inner("L'équipe d'Anne n'a pas joué aujourd'hui.") == []


def test_straight_mark_closed_by_a_curly_one() -> None:
    text = 'Selon elle, la dette est "insoutenable” à terme. « Vraiment », dit-il.'
    assert inner(text) == ["insoutenable", "Vraiment"]


def test_straight_marks_with_spaces_inside_pair_by_position() -> None:
    """A no-break space before the closing mark, or spaces inside both marks."""
    text = ('"Nous avons fait le maximum\u00a0", a dit le coach. Il parle d\'un " écart '
            'énorme " avec les leaders. "Rien n\'est perdu", conclut-il.')
    assert inner(text) == ["Nous avons fait le maximum", "écart énorme", "Rien n'est perdu"]
