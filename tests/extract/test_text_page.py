"""Plain-text page dumps → article fields (``veille.extract.text_page``), and via ``extract``."""

from __future__ import annotations

import datetime as dt

import pytest

from veille.errors import EmptyDocument
from veille.extract import extract
from veille.extract.text_page import NAME, extract_text_page, split_header
from veille.records import Page

TITLE = "Saint-Aubin : le conseil municipal vote la rénovation du théâtre"
BODY = (
    "Le conseil municipal de Saint-Aubin a adopté lundi soir, par 17 voix contre 4, le budget "
    "de rénovation du théâtre municipal, fermé depuis l’hiver dernier pour raisons de sécurité."
    "\n\n"
    "« C’est une œuvre collective et nous la mènerons à bien », a déclaré la maire, Hélène "
    "Vautrin, à l’issue d’une séance de près de trois heures. Les travaux doivent commencer "
    "en septembre.\n\n"
    "L’opposition a voté contre. Son chef de file, Rémi Castagné, a estimé que le projet "
    "était surdimensionné et qu’il pèserait sur les finances de la commune pendant dix ans."
)
DATELINE_BODY = "SAINT-AUBIN, 12 mars (AFP) – " + BODY


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def test_full_header_date_site_slogan_title_caption() -> None:
    text = _page("14/03/2025", "Veille-Exemple.info", "L'actualité sans détour", TITLE,
                 "photo d'archives", BODY)
    fields = extract_text_page(text)
    assert fields["title"] == TITLE
    assert fields["site"] == "Veille-Exemple.info"
    assert (fields["published"], fields["published_from"]) == ("2025-03-14", "header")
    assert fields["text"] == BODY
    assert fields["language"] == "fr"
    assert fields["extractor"] == NAME
    assert fields["authors"] == ()


@pytest.mark.parametrize(("date_line", "site_line", "published", "site"), [
    ("Vendredi 14 mars 2025", "www.exemple-hebdo.fr/", "2025-03-14", "www.exemple-hebdo.fr"),
    ("2025-03-14", "lemonde.fr", "2025-03-14", "lemonde.fr"),
    ("Publié le 14/03/2025", "exemple.org", "2025-03-14", "exemple.org"),
])
def test_header_date_and_domain_forms(date_line: str, site_line: str, published: str,
                                      site: str) -> None:
    fields = extract_text_page(_page(site_line, date_line, TITLE, BODY))
    assert (fields["published"], fields["site"], fields["title"]) == (published, site, TITLE)


def test_short_captions_after_the_title_are_not_the_title() -> None:
    for caption in ("photo d'archives", "AFP", "Photo DR", "(Illustration)"):
        fields = extract_text_page(_page("14/03/2025", TITLE, caption, BODY))
        assert fields["title"] == TITLE, caption


def test_photo_credit_after_the_title_is_not_the_title() -> None:
    fields = extract_text_page(_page("14/03/2025", TITLE, "Crédit photo : AFP", BODY))
    assert fields["title"] == TITLE


def test_title_and_body_only() -> None:
    fields = extract_text_page(_page(TITLE, BODY))
    assert fields["title"] == TITLE
    assert fields["site"] is None
    assert fields["published"] is None
    assert fields["text"] == BODY


def test_body_without_header() -> None:
    fields = extract_text_page(BODY)
    assert fields["title"] is None
    assert fields["site"] is None
    assert fields["published"] is None
    assert fields["text"] == BODY


def test_short_paragraphs_only_are_all_kept_as_body() -> None:
    text = "Brève\n\nLe maire démissionne.\n\nIl part lundi."
    fields = extract_text_page(text)
    assert fields["text"] == text
    assert fields["title"] is None


def test_split_header_returns_the_body_offset() -> None:
    text = _page("14/03/2025", TITLE, BODY)
    header, start = split_header(text)
    assert header == ["14/03/2025", TITLE]
    assert text[start:].startswith(BODY[:40])


def test_windows_line_endings_are_normalised() -> None:
    fields = extract_text_page(_page("14/03/2025", TITLE, BODY).replace("\n", "\r\n"))
    assert fields["title"] == TITLE
    assert fields["published"] == "2025-03-14"
    assert fields["text"] == BODY
    assert "\r" not in fields["text"]


@pytest.mark.parametrize("text", ["", "   \n\n \t\n"])
def test_empty_page_is_refused(text: str) -> None:
    with pytest.raises(EmptyDocument):
        extract_text_page(text)


# -- through extract(): dates from the header, then from a dateline --------------------------
def _extract(text: str, *, saved: dt.datetime) -> tuple[str | None, str | None, str | None]:
    page = Page(source="depeche.txt", content=text.encode(), fetched_at=saved)
    article = extract(page)
    assert article.extractor == NAME
    return article.title, article.published, article.published_from


SAVED = dt.datetime(2025, 3, 14, 9, 0, tzinfo=dt.UTC)


def test_header_date_wins_over_the_dateline() -> None:
    assert _extract(_page("10/03/2025", TITLE, DATELINE_BODY), saved=SAVED) == (
        TITLE, "2025-03-10", "header")


def test_dateline_year_comes_from_when_the_page_was_saved() -> None:
    assert _extract(_page(TITLE, DATELINE_BODY), saved=SAVED) == (TITLE, "2025-03-12", "dateline")
    earlier = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    assert _extract(_page(TITLE, DATELINE_BODY), saved=earlier)[1] == "2024-03-12"


def test_dateline_with_its_year_in_a_headerless_page() -> None:
    body = "29 mai 2012. – " + BODY
    assert _extract(body, saved=SAVED) == (None, "2012-05-29", "dateline")


def test_text_without_any_date_has_no_published_date() -> None:
    assert _extract(_page(TITLE, BODY), saved=SAVED) == (TITLE, None, None)


def test_article_text_is_the_body_and_ids_are_stable() -> None:
    text = _page("14/03/2025", TITLE, BODY)
    one = extract(Page(source="a.txt", content=text.encode(), fetched_at=SAVED))
    two = extract(Page(source="b.txt", content=text.encode()))
    assert one.text == BODY
    assert one.id == two.id
    assert one.content_hash == two.content_hash


@pytest.mark.parametrize(("header", "published"), [
    (["Publié le 07/03/2025 à 18h04 - Mis à jour le 09/03/2025 à 07h30"], "2025-03-07"),
    (["Mis à jour le 09/03/2025", "Publié le 07/03/2025"], "2025-03-07"),
    (["Mis à jour le 09/03/2025", "07/03/2025"], "2025-03-07"),
    # an update dates the page only when nothing else does
    (["Mis à jour le 09/03/2025 à 07h30"], "2025-03-09"),
])
def test_the_publication_date_is_not_the_update(header: list[str], published: str) -> None:
    fields = extract_text_page(_page(*header, TITLE, BODY))
    assert (fields["published"], fields["title"]) == (published, TITLE)
