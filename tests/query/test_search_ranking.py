"""Search ranks only the articles that use the query's words often, and gives the same
first page as scoring every match (the bm25 bound of ``veille.query.ranking``)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from veille.query import search as search_articles
from veille.query.ranking import _scored, phrases, rank
from veille.records import Analysis, Article
from veille.store import Store

WORDS = ["port", "grève", "marins", "dockers", "salaire", "ministre", "accord", "conteneurs",
         "quai", "syndicat", "armateur", "nuit", "matin", "ville", "région", "bateau", "pêche",
         "filet", "marée", "vent", "tempête", "côte", "phare", "digue", "écluse",
         # Words that FTS5 cuts otherwise than the salient index: a symbol stays in the
         # token ("10€"), a combining accent too ("cafe" + U+0301).
         "10€", "cafe\u0301"]


def _text(rng: random.Random, length: int) -> str:
    # Zipf-like: the first words are everywhere, the last ones rare.
    weights = [1 / (i + 1) ** 1.1 for i in range(len(WORDS))]
    return " ".join(rng.choices(WORDS, weights, k=length)) + "."


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    rng = random.Random(5)
    analyses = []
    for n in range(600):
        length = rng.choice((40, 120, 300, 600, 900, 1500))  # short ones included
        art = Article(id=f"a{n}", source=f"a{n}", text=_text(rng, length),
                      title=_text(rng, rng.randint(3, 9)), published=f"2024-01-{n % 28 + 1:02d}",
                      site=("Nord", "Sud")[n % 2], language="fr", content_hash=f"h{n}",
                      extractor="test")
        analyses.append(Analysis(article=art, analyzers={"entities": "t"}, model="m"))
    path: Path = tmp_path_factory.mktemp("rank") / "r.db"
    with Store(path) as s:
        s.write(analyses)
    s = Store(path, readonly=True)
    yield s
    s.close()


QUERIES = ["port", "grève", "marins", "phare", "écluse", "port grève", "port OR phare",
           '"port grève"', "port NOT grève", "(marée OR vent) AND tempête", "dockers", "quai",
           "10€", "cafe\u0301", '"10€ cafe\u0301"']


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("need", [1, 10, 20])
def test_the_first_page_is_the_one_ranking_everything_gives(
        store: Store, query: str, need: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("veille.query.ranking.RANK_ALL", 0)  # prune even small result sets
    ranked = rank(store, query, need=need, window=need)
    every = _scored(store.db, query, None, [], need)
    assert ranked.pks[:need] == [pk for pk, _ in every]
    assert ranked.scores[:need] == [score for _, score in every]


def test_pruning_does_happen(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("veille.query.ranking.RANK_ALL", 0)
    methods = {rank(store, q, need=10, window=10).method for q in QUERIES}
    assert any(m.startswith("salient-") for m in methods), methods
    assert "all" in methods or len(methods) > 1


def test_filters_keep_the_same_first_page(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("veille.query.ranking.RANK_ALL", 0)
    restrict, params = "SELECT a.pk FROM articles a WHERE a.site = ?", ["Nord"]
    for query in QUERIES:
        ranked = rank(store, query, need=10, window=10, restrict=restrict, params=params)
        every = _scored(store.db, query, restrict, params, 10)
        assert ranked.pks == [pk for pk, _ in every], query
        assert ranked.total == store.db.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ? AND rowid IN "
            "(SELECT pk FROM articles WHERE site = 'Nord')", (query,)).fetchone()[0]


def test_the_cli_search_agrees(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("veille.query.ranking.RANK_ALL", 0)
    hits = search_articles(store, "phare", limit=5)
    every = _scored(store.db, "phare", None, [], 5)
    ids = {r[0]: r[1] for r in store.db.execute("SELECT pk, id FROM articles")}
    assert [h.id for h in hits] == [ids[pk] for pk, _ in every]
    assert any("**phare**" in h.snippet for h in hits)  # the text's match, marked


def test_counts_past_the_exact_limit_are_estimates(store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("veille.query.ranking.COUNT_EXACT", 50)
    ranked = rank(store, "port", need=5, window=5)
    exact = store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH "
                             "'port'").fetchone()[0]
    assert ranked.total_is_estimate and exact > 50
    assert 0.5 * exact <= ranked.total <= 2 * exact


@pytest.mark.parametrize(("query", "expected"), [
    ("port", [["port"]]), ('"Coupe du monde" Afrique', [["coupe", "du", "monde"], ["afrique"]]),
    ("a OR (b NOT c)", [["a"], ["b"], ["c"]]), ("prési*", None), ("NEAR(a b)", None),
    ("title: port", None), ("^port", None)])
def test_phrases_of_supported_queries(query: str, expected: list[list[str]] | None) -> None:
    assert phrases(query) == expected
