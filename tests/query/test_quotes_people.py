"""Quotes and people across the store, from analyses built here (not by the analyzer)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from veille.query import QuoteHit, get_article, list_people, list_quotes, stats
from veille.records import Analysis, Article, Entity, Quote
from veille.store import Store
from veille.store.migrations import MIGRATIONS

ANALYZERS = {"entities": "test.entities.v1", "quotes": "test.quotes.v1"}

# Two fictional articles; the second writes the surname in capitals, as French papers do.
HELSINKI = (
    "Le général Étienne Marchal a rencontré mercredi à Helsinki son homologue allemand. "
    "« Nous ne pouvons plus nous permettre d'attendre », a déclaré Étienne Marchal. "
    "Selon Anna Virtanen, porte-parole du ministère finlandais de la Défense, un exercice "
    "conjoint aura lieu en juillet. Un diplomate a estimé que la rencontre était « très "
    "utile »."
)
PARIS = (
    "Le général américain Mark Milley a reçu Étienne MARCHAL à Paris. "
    "« Nous parlons franchement », a dit Milley. "
    "Étienne MARCHAL, commandant adjoint des forces terrestres, a affirmé que l'alliance "
    "restait « solide »."
)


def _spans(text: str, *forms: str) -> tuple[tuple[int, int], ...]:
    spans = []
    for form in forms:
        start = text.find(form)
        while start >= 0:
            spans.append((start, start + len(form)))
            start = text.find(form, start + len(form))
    return tuple(sorted(spans))


def _quote(text: str, words: str, kind: Literal["direct", "indirect", "mixed"],
           speaker: str | None, speaker_id: str | None, mention: str, cue: str) -> Quote:
    start = text.index(words)
    return Quote(text=words, start=start, end=start + len(words), kind=kind,
                 speaker=speaker, speaker_id=speaker_id, speaker_mention=mention, cue=cue)


def _analysis(article_id: str, text: str, *, site: str, published: str, title: str,
              entities: tuple[Entity, ...], quotes: tuple[Quote, ...]) -> Analysis:
    article = Article(id=article_id, source=f"{article_id}.txt", text=text, site=site,
                      published=published, title=title, language="fr",
                      content_hash=f"hash-{article_id}", extractor="test")
    return Analysis(article=article, entities=entities, quotes=quotes, analyzers=ANALYZERS,
                    model="test-model")


def make_analyses() -> list[Analysis]:
    h, p = HELSINKI, PARIS
    helsinki = _analysis(
        "sommet-helsinki", h, site="Veille-Exemple.info", published="2025-03-14",
        title="À Helsinki, deux généraux européens",
        entities=(
            Entity(id="e1", name="Étienne Marchal", type="PER", roles=("général",),
                   mentions=_spans(h, "Étienne Marchal")),
            Entity(id="e2", name="Anna Virtanen", type="PER",
                   roles=("porte-parole du ministère finlandais de la Défense",),
                   mentions=_spans(h, "Anna Virtanen")),
            Entity(id="e3", name="Helsinki", type="LOC", mentions=_spans(h, "Helsinki")),
        ),
        quotes=(
            _quote(h, "Nous ne pouvons plus nous permettre d'attendre", "direct",
                   "Étienne Marchal", "e1", "Étienne Marchal", "a déclaré"),
            _quote(h, "un exercice conjoint aura lieu en juillet", "indirect",
                   "Anna Virtanen", "e2", "Anna Virtanen", "Selon"),
            _quote(h, "la rencontre était « très utile »", "mixed", None, None,
                   "Un diplomate", "a estimé"),
        ))
    paris = _analysis(
        "milley-paris", p, site="Exemple Hebdo", published="2025-03-20T09:30",
        title="Le général Milley reçoit son homologue français",
        entities=(
            Entity(id="e1", name="Mark Milley", type="PER",
                   roles=("général", "chef d'état-major des armées américaines"),
                   mentions=_spans(p, "Mark Milley", "Milley.")),
            Entity(id="e2", name="Étienne MARCHAL", type="PER",
                   roles=("Général", "commandant adjoint des forces terrestres"),
                   mentions=_spans(p, "Étienne MARCHAL")),
            Entity(id="e3", name="Paris", type="LOC", mentions=_spans(p, "Paris")),
        ),
        quotes=(
            _quote(p, "Nous parlons franchement", "direct", "Mark Milley", "e1", "Milley",
                   "a dit"),
            _quote(p, "l'alliance restait « solide »", "mixed", "Étienne MARCHAL", "e2",
                   "Étienne MARCHAL", "a affirmé"),
        ))
    return [helsinki, paris]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("quotes") / "q.db"
    with Store(path) as s:
        s.write(make_analyses())
        s.write(make_analyses())  # idempotent: nothing doubles
    s = Store(path)
    yield s
    s.close()


def _texts(hits: list[QuoteHit]) -> list[str]:
    return [h.text for h in hits]


# -- list_quotes ------------------------------------------------------------------------
def test_quotes_in_date_then_text_order_with_their_article(store) -> None:
    hits = list_quotes(store)
    assert [(h.article_id, h.kind) for h in hits] == [
        ("sommet-helsinki", "direct"), ("sommet-helsinki", "indirect"),
        ("sommet-helsinki", "mixed"), ("milley-paris", "direct"), ("milley-paris", "mixed")]
    first = hits[0]
    assert (first.title, first.site, first.published, first.url) == (
        "À Helsinki, deux généraux européens", "Veille-Exemple.info", "2025-03-14", None)
    assert HELSINKI[first.start:first.end] == first.text
    assert (first.speaker, first.speaker_id, first.cue) == ("Étienne Marchal", "e1",
                                                            "a déclaré")
    unnamed = hits[2]
    assert unnamed.speaker is None and unnamed.speaker_mention == "Un diplomate"


@pytest.mark.parametrize("speaker", ["Milley", "milley", "MARK", "mark milley", "Milley Mark",
                                     "Mark  Milley"])
def test_speaker_matches_whole_words(store, speaker) -> None:
    assert _texts(list_quotes(store, speaker=speaker)) == ["Nous parlons franchement"]


@pytest.mark.parametrize("speaker", ["Marchal", "etienne", "ÉTIENNE marchal", "etienne MARCHAL"])
def test_speaker_ignores_case_and_accents(store, speaker) -> None:
    assert [h.speaker for h in list_quotes(store, speaker=speaker)] == [
        "Étienne Marchal", "Étienne MARCHAL"]


@pytest.mark.parametrize("speaker", ["Mil", "Marc", "Mark Marchal", "Un diplomate", "-"])
def test_speaker_needs_every_whole_word(store, speaker) -> None:
    assert list_quotes(store, speaker=speaker) == []


@pytest.mark.parametrize("text", ['"', "AND", "(", "NEAR(", "speaker:", "text:", "-", "*", "'",
                                  'Milley"', "Milley*", "OR Milley", "\x00", "NOT"])
def test_bad_fts_syntax_never_raises(store, text) -> None:
    assert isinstance(list_quotes(store, speaker=text), list)
    assert isinstance(list_quotes(store, query=text), list)
    assert isinstance(list_quotes(store, speaker=text, query=text), list)


def test_query_searches_the_quoted_words(store) -> None:
    assert _texts(list_quotes(store, query="attendre")) == [
        "Nous ne pouvons plus nous permettre d'attendre"]
    assert _texts(list_quotes(store, query="TRES utile")) == ["la rencontre était « très utile »"]
    assert len(list_quotes(store, query="attendre OR franchement")) == 2
    assert _texts(list_quotes(store, query='"parlons franchement"')) == [
        "Nous parlons franchement"]
    assert list_quotes(store, query="Milley") == []  # the speaker is not the quote
    assert _texts(list_quotes(store, query='solide "')) == ["l'alliance restait « solide »"]


def test_quote_filters(store) -> None:
    assert {h.article_id for h in list_quotes(store, since="2025-03-15")} == {"milley-paris"}
    # until is inclusive even when the stored date has a time
    assert len(list_quotes(store, until="2025-03-20")) == 5
    assert {h.article_id for h in list_quotes(store, until="2025-03-19")} == {"sommet-helsinki"}
    assert len(list_quotes(store, since="2025-03", until="2025-03")) == 5
    assert {h.site for h in list_quotes(store, site="Exemple Hebdo")} == {"Exemple Hebdo"}
    assert [h.kind for h in list_quotes(store, kind="mixed")] == ["mixed", "mixed"]
    assert _texts(list_quotes(store, speaker="marchal", query="solide", kind="mixed",
                              site="Exemple Hebdo", since="2025-03-20")) == [
        "l'alliance restait « solide »"]
    assert list_quotes(store, speaker="Milley", since="2030-01-01") == []


def test_quote_paging(store) -> None:
    everything = list_quotes(store)
    assert list_quotes(store, limit=2) == everything[:2]
    assert list_quotes(store, limit=2, offset=2) == everything[2:4]
    assert list_quotes(store, offset=10) == []


def test_get_article_includes_the_stored_quotes(store) -> None:
    expected = [q.to_dict() for q in make_analyses()[0].quotes]
    assert get_article(store, "sommet-helsinki")["quotes"] == expected


def test_replaced_analysis_replaces_quotes_in_the_index(tmp_path: Path) -> None:
    first = make_analyses()[1]
    with Store(tmp_path / "r.db") as s:
        s.add(first)
        s.add(dataclasses.replace(first, quotes=first.quotes[1:],
                                  analyzers={**ANALYZERS, "quotes": "test.quotes.v2"}))
        assert list_quotes(s, speaker="Milley") == []
        assert list_quotes(s, query="franchement") == []
        assert len(list_quotes(s, speaker="Marchal")) == 1


# -- list_people ------------------------------------------------------------------------
def test_people_are_aggregated_across_articles(store) -> None:
    people = list_people(store)
    assert [p.name for p in people] == ["Étienne Marchal", "Mark Milley", "Anna Virtanen"]
    marchal = people[0]
    assert marchal.roles == ("général", "commandant adjoint des forces terrestres")
    assert (marchal.articles, marchal.mentions, marchal.quotes) == (2, 4, 2)
    assert (marchal.first_published, marchal.last_published) == ("2025-03-14",
                                                                  "2025-03-20T09:30")
    milley = people[1]
    assert milley.roles == ("général", "chef d'état-major des armées américaines")
    assert (milley.articles, milley.mentions, milley.quotes) == (1, 2, 1)
    assert people[2].to_dict() == {
        "name": "Anna Virtanen", "roles": ["porte-parole du ministère finlandais de la Défense"],
        "articles": 1, "mentions": 1, "quotes": 1, "first_published": "2025-03-14",
        "last_published": "2025-03-14"}


def test_people_by_name(store) -> None:
    assert [p.name for p in list_people(store, name="etienne")] == ["Étienne Marchal"]
    assert [p.name for p in list_people(store, name="MILLEY")] == ["Mark Milley"]
    for name in ("Mil", "Helsinki", "-", '"', "Marchal Milley"):
        assert list_people(store, name=name) == []
    assert len(list_people(store, limit=1)) == 1


def test_stats_count_people(store) -> None:
    numbers = stats(store)
    assert (numbers["people"], numbers["quotes"], numbers["articles"]) == (3, 5, 2)


def test_the_people_list_reads_an_index_range(tmp_path: Path) -> None:
    with Store(tmp_path / "m.db") as s:
        assert s.schema_version == len(MIGRATIONS) >= 5
        plan = " ".join(r[3] for r in s.db.execute(
            "EXPLAIN QUERY PLAN SELECT name FROM actors WHERE type = 'PER' ORDER BY quotes "
            "DESC, articles DESC, mentions DESC, name COLLATE NOCASE LIMIT 200"))
        assert "actors_rank" in plan and "SCAN actors" not in plan
