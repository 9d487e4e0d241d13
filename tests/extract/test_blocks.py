"""What HTML extraction keeps for the analysis, and the kinds of block it marks.

The page ``page_blocks.html`` was written for these tests (an invented local news story):
intertitles, a standfirst in an ``<h2>``, a pull quote, a quote-marked intertitle, an
embedded post, and page furniture (a "Lire aussi" link, a paywall notice, a photo credit).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from lxml import etree

from veille.extract import extract
from veille.extract.blocks import (
    Paragraph,
    assemble,
    body_paragraphs,
    is_furniture,
    is_intertitle,
    post_author,
)
from veille.records import Page

PAGE = Path(__file__).parent / "page_blocks.html"


@pytest.fixture(scope="module")
def article():
    return extract(Page(source=str(PAGE), content=PAGE.read_bytes(),
                        url="https://www.courrier-du-val.fr/politique/budget-ecoles"))


def _blocks(article) -> list[tuple[str, str]]:
    return [(kind, article.text[start:end]) for start, end, kind in article.blocks]


def test_headings_quotes_and_posts_are_marked(article) -> None:
    assert _blocks(article) == [
        ("heading", "Un vote serré au conseil"),
        ("quote", "Les écoles passent avant les ronds-points"),
        ("heading", "« Nous ne lâcherons rien »"),
        ("post", "Le budget des écoles est voté. Merci aux parents mobilisés ce soir ! "
                 "https://t.co/abc\n\n— Paul Ledru (@paulledru) March 4, 2024"),
        ("quote", "« Une ville qui ferme ses classes se condamne »"),
    ]


def test_blocks_are_whole_paragraphs_in_text_order(article) -> None:
    text = article.text
    ends = [0]
    for start, end, _kind in article.blocks:
        assert start >= ends[-1]
        assert start == 0 or text[start - 2:start] == "\n\n"
        assert end == len(text) or text[end:end + 2] == "\n\n"
        ends.append(end)


def test_headings_stay_paragraphs_of_their_own(article) -> None:
    assert "\n\nUn vote serré au conseil\n\nIl a fallu deux tours" in article.text


def test_a_standfirst_in_a_heading_element_is_prose(article) -> None:
    assert article.text.startswith("Le conseil municipal a voté le budget. Les parents")
    assert all(article.text[s:e] != "Le conseil municipal a voté le budget."
               for s, e, _ in article.blocks)


def test_page_furniture_is_left_out(article) -> None:
    for furniture in ("Lire aussi", "À lire également", "Il vous reste", "réservée aux abonnés",
                      "Crédit photo", "Mentions légales", "Accueil"):
        assert furniture not in article.text
    assert article.text.endswith("pour la rentrée de septembre.")


def test_text_after_an_empty_inline_element_is_kept(article) -> None:
    assert "Le projet a été défendu par l'adjointe chargée de l'éducation" in article.text


def test_article_with_blocks_pickles(article) -> None:
    assert pickle.loads(pickle.dumps(article)) == article


@pytest.mark.parametrize("text", [
    "Lire aussi : Grève des éboueurs, la ville de Nantes se prépare",
    "À lire aussi Les agriculteurs bloquent l'autoroute A7",
    "A LIRE ÉGALEMENT | Le prix du pain flambe",
    "Voir aussi : notre carte des écoles fermées",
    "À écouter aussi : le podcast de la rédaction",
    "Crédits photos : Studio Lemoine",
    "Crédit image : archives de la ville",
    "Il vous reste 80 % de cet article à lire.",
    "Il vous reste 12.5% de l'article à découvrir",
    "Cet article est réservé aux abonnés.",
    "La suite est réservée aux abonnés. Déjà abonné ? Se connecter",
])
def test_furniture(text: str) -> None:
    assert is_furniture(text)


@pytest.mark.parametrize("text", [
    "Il vous reste deux jours pour vous inscrire sur les listes électorales.",
    "Lire un roman par semaine, voilà le défi que s'est lancé le club de la médiathèque.",
    "Les crédits de la ville pour la photo de classe ont été votés.",
    "Voir Naples et mourir, disait-on autrefois ; les touristes préfèrent aujourd'hui Capri.",
    # a long paragraph is text whatever its first words
    "Lire aussi les rapports de la Cour des comptes, insiste la députée, " + "c'est " * 40,
])
def test_not_furniture(text: str) -> None:
    assert not is_furniture(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Les marins-pêcheurs inquiets", True),
    ("« Nous irons jusqu'au bout »", True),
    ("Pourquoi les loyers flambent-ils ?", True),
    ("La grève a duré trois jours. Les usagers ont pris leur mal en patience.", False),
    (" ".join(["mot"] * 30), False),
])
def test_intertitle(text: str, expected: bool) -> None:
    assert is_intertitle(text) is expected


@pytest.mark.parametrize(("post", "expected"), [
    ("Le train est reparti.\n\n— Inès Morel (@inesmorel) 12 juin 2024",
     ("Inès Morel", "inesmorel")),
    ("Appel aux bénévoles\n\nPubliée par Banque alimentaire du Nord sur Samedi 3 février 2024",
     ("Banque alimentaire du Nord", None)),
    ("Une publication partagée par Karim Aït (@karim.ait)", ("Karim Aït", "karim.ait")),
    ("Posted by Coastal Rescue on Monday, May 6, 2024", ("Coastal Rescue", None)),
    ("Un simple paragraphe sans signature.", None),
])
def test_post_author(post: str, expected) -> None:
    assert post_author(post) == expected


def test_a_blockquote_ending_with_an_attribution_line_is_a_post() -> None:
    body = etree.fromstring(
        "<body><p>Le maire a réagi dans la soirée.</p>"
        "<quote><p>On ne lâche rien.</p><p>— Jeanne Roy (@jeanneroy) 2 avril 2024</p></quote>"
        "<quote><p>Les écoles d'abord</p></quote></body>")
    paras = body_paragraphs(body)
    assert [p.kind for p in paras] == [None, "post", "post", "quote"]
    text, blocks = assemble(paras)
    assert [text[s:e] for s, e, _ in blocks] == [
        "On ne lâche rien.\n\n— Jeanne Roy (@jeanneroy) 2 avril 2024", "Les écoles d'abord"]


def test_assemble_joins_paragraphs_with_blank_lines() -> None:
    text, blocks = assemble([Paragraph("Titre", "heading", 0), Paragraph("Texte.", None, 1)])
    assert text == "Titre\n\nTexte." and blocks == ((0, 5, "heading"),)
