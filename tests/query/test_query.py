"""Read functions: search (FTS5, ranked, snippets, hostile syntax), show, failures, stats."""

from __future__ import annotations

import pytest

from veille.errors import NotFound
from veille.pipeline import iter_analyses
from veille.query import get_article, list_failures, search, stats
from veille.records import Failure
from veille.store import Store


@pytest.fixture(scope="module")
def store(examples, tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("q") / "q.db"
    results = list(iter_analyses([str(examples), str(examples / "missing.html")]))
    with Store(path) as s:
        s.write([r.analysis for r in results if r.analysis],
                [r.failure for r in results if r.failure])
    s = Store(path)
    yield s
    s.close()


def test_search_ranks_and_snippets(store) -> None:
    hits = search(store, "Helsinki")
    assert hits and "Helsinki" in (hits[0].title or "")  # title matches rank first
    assert "**Helsinki**" in hits[0].snippet


def test_search_ignores_accents_and_case(store) -> None:
    assert search(store, "greve marseille")
    assert [h.id for h in search(store, "GRÈVE")] == [h.id for h in search(store, "greve")]


@pytest.mark.parametrize("query", ['"', "AND", "(", "NEAR(", "title:", "-", "*", "'"])
def test_search_never_raises_on_bad_syntax(store, query) -> None:
    assert isinstance(search(store, query), list)


def test_search_filters(store) -> None:
    assert search(store, "accord", since="2025-01-01", until="2025-01-31")
    assert not search(store, "accord", since="2030-01-01")
    assert all(h.site == "Exemple Hebdo" for h in search(store, "école", site="Exemple Hebdo"))


def test_get_article_by_id_and_prefix(store) -> None:
    data = get_article(store, "exemple-conseil-municipal")
    assert data["article"]["title"].startswith("Montclar-sur-Drôme")
    assert data["article"]["published"] == "2025-02-20"
    assert data["schema"] == "veille.analysis.v1" and data["entities"]
    assert get_article(store, "exemple-cons")["article"]["id"] == "exemple-conseil-municipal"
    with pytest.raises(NotFound, match="several"):
        get_article(store, "exemple-")
    with pytest.raises(NotFound, match="no article"):
        get_article(store, "nope%")


def test_failures_and_stats(store) -> None:
    rows = list_failures(store)
    assert [r.error_type for r in rows] == ["SourceNotFound"]
    numbers = stats(store)
    assert numbers["articles"] == 5 and numbers["failures"] == 1
    assert numbers["languages"] == {"fr": 5}


def test_unknown_failure_level_filter(store) -> None:
    assert list_failures(store, level="warning") == []
    assert isinstance(Failure(source="x", stage="s", error_type="t", message="m").to_dict(),
                      dict)
