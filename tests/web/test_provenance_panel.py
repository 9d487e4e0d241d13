"""The provenance panel and the stories page show what ``veille.query.provenance`` returns,
and say plainly that no copies are known when it returns nothing or does not exist."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from markupsafe import escape

from web.conftest import COPIED_ID, COPY_ID, HOSTILE_ID

pytestmark = pytest.mark.slow


def test_a_copy_shows_its_story(client: Any) -> None:
    """The real provenance module, on a store with a later copy of one example."""
    html = client.get(f"/article/{COPY_ID}").text
    assert "belongs to a story told by <strong>2</strong> articles" in html
    assert f'href="/article/{COPIED_ID}"' in html and "near-duplicate" in html
    original = client.get(f"/article/{COPIED_ID}").text
    assert "First copy:\n" in original and "<strong>this article</strong>" in original
    stories = client.get("/api/stories").json()
    assert stories["available"] and stories["stories"][0]["first"] == COPIED_ID
    page = client.get("/stories").text
    assert '<table class="stories">' in page and "Copie.example" in page


def _ids(client: Any) -> list[dict[str, Any]]:
    return client.get("/api/search").json()["articles"]


@pytest.fixture
def fake_provenance(client: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Two example articles made copies of one story (the second a translation, flagged)."""
    import veille.query.provenance as provenance

    first, second = _ids(client)[:2]

    def copy(a: dict[str, Any], relation: str, language: str) -> dict[str, Any]:
        return {"id": a["id"], "title": a["title"], "site": a["site"], "language": language,
                "published": a["published"], "relation": relation, "score": 0.91}

    story = {"story": "s-1", "first": first["id"], "size": 2, "languages": ["en", "fr"],
             "first_published": first["published"], "last_published": second["published"],
             "flags": ["republished"],
             "copies": [copy(first, "self", "fr"), copy(second, "translation", "en")]}

    def article_provenance(store: Any, article_id: str) -> dict[str, Any] | None:
        if article_id != second["id"]:
            return None
        return {"story": "s-1", "first": first["id"],
                "copies": [copy(first, "translation", "fr"), copy(second, "self", "en")],
                "flags": [{"kind": "republished", "detail": "<b>dated</b> a year after"}]}

    def list_stories(store: Any, *, limit: int = 50, offset: int = 0,
                     flag: str | None = None) -> list[dict[str, Any]]:
        return [story] if flag in (None, "republished") and offset == 0 else []

    monkeypatch.setattr(provenance, "article_provenance", article_provenance)
    monkeypatch.setattr(provenance, "list_stories", list_stories)
    return {"first": first, "second": second}


def test_panel_shows_story_first_copy_and_flags(client: Any, fake_provenance: Any) -> None:
    first, second = fake_provenance["first"], fake_provenance["second"]
    html = client.get(f"/article/{second['id']}").text
    assert "belongs to a story told by <strong>2</strong> articles" in html
    assert f'href="/article/{first["id"]}"' in html
    assert "translation" in html and "republished" in html
    assert "&lt;b&gt;dated&lt;/b&gt;" in html, "flag details are escaped"
    assert "No copies of this article are known" not in html
    api = client.get(f"/api/articles/{second['id']}").json()
    assert api["provenance"]["first"] == first["id"]


def test_stories_page_lists_clusters(client: Any, fake_provenance: Any) -> None:
    html = client.get("/stories").text
    assert "<table class=\"stories\">" in html
    assert str(escape(fake_provenance["first"]["title"])) in html and "en, fr" in html
    assert 'href="/stories?flag=republished"' in html
    assert client.get("/stories", params={"flag": "other"}).text.count("<tr>") <= 1
    assert client.get("/api/stories").json()["stories"][0]["story"] == "s-1"


def test_without_provenance_module_the_pages_say_so(client: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "veille.query.provenance", None)  # import fails
    html = client.get(f"/article/{HOSTILE_ID}").text
    assert "No copies of this article are known" in html
    stories = client.get("/stories").text
    assert "Provenance is not available" in stories
    assert client.get("/api/stories").json()["available"] is False
