"""HTML extraction: headline cleanup, repeated titles, metadata order, the example page."""

from __future__ import annotations

import pytest

from veille.extract import extract
from veille.extract.blocks import Paragraph
from veille.extract.html import clean_title, drop_repeated_title, extract_html
from veille.records import Page


@pytest.mark.parametrize(("title", "headings", "site", "host", "expected"), [
    ("A Paris-8, un peu de tension - Bondy Blog", ["A Paris-8, un peu de tension"],
     "Bondy Blog", "www.bondyblog.fr", "A Paris-8, un peu de tension"),
    ("Pour le néolibéralisme, la retraite est un archaïsme - AOC media - Analyse",
     ["Opinion"], "AOC media - Analyse", "aoc.media",
     "Pour le néolibéralisme, la retraite est un archaïsme"),
    ("La perte des terres fertiles | Environnement | DW | 23.05.2011", [], "DW.COM",
     "www.dw.com", "La perte des terres fertiles"),
    ("Glyphosate: radiographie d’une intoxication – Economie | L'Opinion", [], "L'Opinion",
     "www.lopinion.fr", "Glyphosate: radiographie d’une intoxication"),
    # A colon inside a headline is not a site separator, and nothing names the site.
    ("Covid-19 : la France - le point", [], None, None, "Covid-19 : la France - le point"),
    ("Europe : les ventes de voitures", ["Europe"], "Les Echos", None,
     "Europe : les ventes de voitures"),
])
def test_clean_title(title, headings, site, host, expected) -> None:
    assert clean_title(title, headings=headings, site=site, host=host) == expected


def test_repeated_title_and_rubric_are_dropped() -> None:
    paras = [Paragraph(t) for t in ("Économie · Marseille", "Grève au port",
                                    "Les dockers ont entamé lundi…")]
    assert drop_repeated_title(paras, "Grève au port") == paras[2:]
    alone = [Paragraph("Un seul paragraphe")]
    assert drop_repeated_title(alone, "Un seul paragraphe") == alone  # never an empty body
    assert drop_repeated_title(paras, None) == paras


def test_example_page_metadata_and_clean_body(examples) -> None:
    page = examples / "greve-port-marseille.html"
    article = extract(Page(source=str(page), content=page.read_bytes()))
    assert article.title == "Grève au port de Marseille : les dockers durcissent le mouvement"
    assert article.site == "Le Courrier du Sud (exemple)"
    assert article.published == "2025-03-11" and article.published_from == "metadata"
    assert article.authors == ("Rédaction",)
    assert article.language == "fr"
    assert article.text.startswith("Entrés dans leur deuxième semaine de grève")
    for boilerplate in ("Photo d'illustration", "Lire aussi", "cookies", "Économie ·"):
        assert boilerplate not in article.text
    assert "\n\n" in article.text  # paragraphs separated by blank lines


def test_dateline_beats_text_search_when_metadata_is_missing() -> None:
    html = ("<html><body><h1>Essai</h1><p>29 mai 2012. - Le 1er janvier 2011, la loi avait "
            "changé, a rappelé le ministre devant les députés réunis à Paris.</p>"
            "<p>Le texte sera examiné en 2013 par le Sénat, selon le calendrier.</p>"
            "</body></html>")
    article = extract(Page(source="x.html", content=html.encode()))
    assert (article.published, article.published_from) == ("2012-05-29", "dateline")


def test_page_without_body_is_an_error() -> None:
    from veille.errors import EmptyDocument

    with pytest.raises(EmptyDocument, match="no article text"):
        extract_html("<html><head><title>x</title></head><body><script>1</script></body></html>")


_STORY = ("<p>Le conseil départemental a voté jeudi une aide d'urgence aux éleveurs touchés "
          "par la sécheresse, a annoncé sa présidente devant les élus réunis en séance.</p>"
          "<p>Les syndicats agricoles jugent la somme insuffisante et demandent une rencontre "
          "avec le préfet avant la fin du mois, selon un communiqué publié vendredi.</p>") * 2


@pytest.mark.parametrize(("head", "shown", "expected"), [
    # publication and update in the metadata: the publication
    ('<meta property="article:published_time" content="2024-07-04T09:00:00+02:00">'
     '<meta property="article:modified_time" content="2024-07-06T11:00:00+02:00">', "",
     ("2024-07-04", "metadata")),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": '
     '"2024-07-06T11:00:00+02:00", "datePublished": "2024-07-04T09:00:00+02:00"}</script>', "",
     ("2024-07-04", "metadata")),
    # only the update in the metadata: the page's own "Publié le" label
    ('<meta property="article:modified_time" content="2024-07-06T11:00:00+02:00">',
     "<p>Publié le 04/07/2024 à 09h00</p>", ("2024-07-04", "header")),
    # no metadata: the visible line, publication first
    ("", "<p>Publié le 04/07/2024 à 09h00, mis à jour le 06/07/2024 à 11h00</p>",
     ("2024-07-04", "header")),
    ("", "<p>Mis à jour le 06/07/2024 à 11h00 (publié le 04/07/2024 à 09h00)</p>",
     ("2024-07-04", "header")),
])
def test_the_publication_date_is_not_the_update(head: str, shown: str, expected) -> None:
    html = (f"<html><head><title>Sécheresse</title>{head}</head><body><article>"
            f"<h1>Sécheresse : une aide d'urgence</h1>{shown}{_STORY}</article></body></html>")
    article = extract(Page(source="x.html", content=html.encode()))
    assert (article.published, article.published_from) == expected
