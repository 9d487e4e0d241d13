"""Aggregates kept at write time: one person across articles, namesakes apart, re-analysis
subtracts, any write order gives the same totals, and ``veille check`` agrees.

The articles are written for these tests (short, in French); their analyses are built here,
not by the analyzer, so that each test says exactly which names an article gives.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from veille.cli import main
from veille.query import list_people, list_places, stats
from veille.query.profiles import entity_profile
from veille.query.web import actor_graph
from veille.records import Analysis, Article, Entity, Event, Place, Quote
from veille.store import Store, check

ANALYZERS = {"entities": "test.entities.v1", "quotes": "test.quotes.v1"}


def _spans(text: str, form: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], text.find(form)
    while start >= 0:
        spans.append((start, start + len(form)))
        start = text.find(form, start + len(form))
    assert spans, form
    return tuple(spans)


def article(aid: str, text: str, published: str | None, people: dict[str, tuple[str, ...]],
            *, orgs: dict[str, tuple[str, ...]] | None = None, quotes: tuple[str, ...] = (),
            events: tuple[tuple[str, str, str], ...] = (), places: tuple[str, ...] = (),
            analyzers: dict[str, str] | None = None) -> Analysis:
    """An analysis of ``text``: ``people`` maps each person's entity name to the forms that
    mention them; ``quotes`` are words said by the first person; ``events`` are (type,
    actor name, target name)."""
    entities: list[Entity] = []
    for n, (name, forms) in enumerate({**people, **(orgs or {})}.items(), start=1):
        mentions = tuple(sorted(s for f in (forms or (name,)) for s in _spans(text, f)))
        entities.append(Entity(id=f"e{n}", name=name, type="PER" if name in people else "ORG",
                               mentions=mentions, roles=()))
    for place in places:
        entities.append(Entity(id=f"l{len(entities)}", name=place, type="LOC",
                               mentions=_spans(text, place)))
    first = entities[0]
    quoted = tuple(Quote(text=q, start=text.index(q), end=text.index(q) + len(q),
                         kind="direct", speaker=first.name, speaker_id=first.id, cue="a dit")
                   for q in quotes)
    happened = tuple(Event(type=t, trigger=t.lower(), start=0, end=1, sentence=(0, len(text)),
                           actors=(a,), targets=(b,)) for t, a, b in events)
    located = tuple(Place(name=p, entity_id=e.id, country="FR", lat=48.0, lon=2.0)
                    for p in places for e in entities if e.name == p)
    art = Article(id=aid, source=f"{aid}.txt", text=text, published=published, site="Test",
                  title=f"Titre {aid}", language="fr", content_hash=f"h-{aid}",
                  extractor="test")
    return Analysis(article=art, entities=tuple(entities), quotes=quoted, events=happened,
                    places=located, analyzers=analyzers or ANALYZERS, model="test-model")


def with_roles(a: Analysis, roles: dict[str, tuple[str, ...]]) -> Analysis:
    return dataclasses.replace(a, entities=tuple(
        dataclasses.replace(e, roles=roles.get(e.name, e.roles)) for e in a.entities))


POUTINE_FULL = with_roles(article(
    "kremlin-1", "Vladimir Poutine a reçu Anatole Brisquet à Moscou. « Le dialogue reste "
    "ouvert », a dit Poutine.", "2024-03-02",
    {"Vladimir Poutine": ("Vladimir Poutine", "Poutine."), "Anatole Brisquet": ()},
    quotes=("Le dialogue reste ouvert",), events=(("CONSULT", "Vladimir Poutine",
                                                  "Anatole Brisquet"),), places=("Moscou",)),
    {"Vladimir Poutine": ("président russe",)})
POUTINE_BARE = article(
    "kremlin-2", "Poutine a critiqué Anatole Brisquet mardi. « Rien n'est décidé », a dit "
    "Poutine.", "2024-05-10", {"Poutine": (), "Anatole Brisquet": ()},
    quotes=("Rien n'est décidé",), events=(("ACCUSE", "Poutine", "Anatole Brisquet"),))
POUTINE_TITLED = with_roles(article(
    "kremlin-3", "Le président russe Vladimir Poutine était à Moscou jeudi.", "2024-01-20",
    {"président russe Vladimir Poutine": ()}, places=("Moscou",)),
    {"président russe Vladimir Poutine": ("président",)})
MARINE = article("rn-1", "Marine Le Pen a présenté son programme à Lille.", "2024-02-01",
                 {"Marine Le Pen": ()})
JEAN_MARIE = article("fn-1", "Jean-Marie Le Pen a fêté son anniversaire à Saint-Cloud.",
                     "2024-02-03", {"Jean-Marie Le Pen": ()})
LE_PEN = article("rn-2", "Le Pen a répondu aux journalistes à Lille. « Nous verrons », a "
                 "dit Le Pen.", "2024-02-05", {"Le Pen": ()}, quotes=("Nous verrons",))
OMS_FULL = article(
    "sante-1", "L'Organisation mondiale de la santé (OMS) alerte Clémence Aubry.",
    "2024-04-01", {"Clémence Aubry": ()},
    orgs={"Organisation mondiale de la santé": ("Organisation mondiale de la santé",)})
OMS_ONLY = article("sante-2", "Selon l'OMS, Clémence Aubry a raison.", "2024-04-03",
                   {"Clémence Aubry": ()}, orgs={"OMS": ("OMS",)})


@pytest.fixture()
def store(tmp_path: Path) -> Any:
    with Store(tmp_path / "agg.db") as s:
        yield s


def _people(store: Store) -> dict[str, tuple[int, int, int]]:
    return {p.name: (p.articles, p.mentions, p.quotes) for p in list_people(store)}


def test_one_person_across_spellings(store: Store) -> None:
    store.write([POUTINE_FULL, POUTINE_BARE, POUTINE_TITLED])
    assert check(store) == []
    people = _people(store)
    assert people["Vladimir Poutine"] == (3, 5, 2)
    assert "Poutine" not in people and "président russe Vladimir Poutine" not in people
    assert people["Anatole Brisquet"] == (2, 2, 0)
    profile = entity_profile(store, "Poutine")  # the bare name opens the same page
    assert profile is not None and profile["name"] == "Vladimir Poutine"
    assert (profile["first_published"], profile["last_published"]) == ("2024-01-20",
                                                                        "2024-05-10")
    assert [r["role"] for r in profile["roles"]] == ["président", "président russe"]
    assert [q["text"] for q in profile["quotes"]] == ["Le dialogue reste ouvert",
                                                      "Rien n'est décidé"]
    assert {e["type"] for e in profile["events"]} == {"CONSULT", "ACCUSE"}
    assert set(profile["spellings"]) >= {"Vladimir Poutine", "Poutine"}


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_any_write_order_gives_the_same_totals(tmp_path: Path, order: tuple[int, ...]) -> None:
    articles = [POUTINE_FULL, POUTINE_BARE, POUTINE_TITLED]
    with Store(tmp_path / "o.db") as s:
        for i in order:  # one transaction each: the bare name is resolved as names arrive
            s.add(articles[i])
            assert check(s) == []
        assert _people(s)["Vladimir Poutine"] == (3, 5, 2)


def test_namesakes_stay_apart_and_a_bare_surname_waits(store: Store) -> None:
    store.write([MARINE, LE_PEN])
    assert check(store) == []
    assert _people(store)["Marine Le Pen"] == (2, 3, 1)  # the only Le Pen known: joined
    store.add(JEAN_MARIE)  # now a bare "Le Pen" could be either
    assert check(store) == []
    people = _people(store)
    assert people["Marine Le Pen"] == (1, 1, 0)
    assert people["Jean-Marie Le Pen"] == (1, 1, 0)
    assert people["Le Pen"] == (1, 2, 1)
    profile = entity_profile(store, "Le Pen")
    assert profile is not None and profile["name"] == "Le Pen"


def test_reanalysis_subtracts_the_old_contribution(store: Store) -> None:
    store.write([POUTINE_FULL, POUTINE_BARE])
    again = dataclasses.replace(
        POUTINE_BARE, entities=POUTINE_BARE.entities[1:], quotes=(), events=(),
        analyzers={**ANALYZERS, "entities": "test.entities.v2"})
    assert store.add(again) == "updated"
    assert check(store) == []
    people = _people(store)
    assert people["Vladimir Poutine"] == (1, 2, 1)
    assert people["Anatole Brisquet"] == (2, 2, 0)
    # The text changes and the analysis fails: the article stays, its contribution goes.
    changed = dataclasses.replace(POUTINE_FULL.article, text=POUTINE_FULL.article.text + " Fin.",
                                  content_hash="changed")
    assert store.add_article(changed) == "updated"
    assert check(store) == []
    assert "Vladimir Poutine" not in _people(store)
    assert stats(store)["analyzed"] == 1


def test_an_acronym_joins_the_name_another_article_defines(store: Store) -> None:
    store.add(OMS_ONLY)
    alone = entity_profile(store, "OMS", type="ORG")
    assert alone is not None and alone["name"] == "OMS"
    store.add(OMS_FULL)
    assert check(store) == []
    profile = entity_profile(store, "OMS", type="ORG")
    assert profile is not None and profile["name"] == "Organisation mondiale de la santé"
    assert profile["articles"] == 2


def test_the_graph_and_places_follow_identities(store: Store) -> None:
    store.write([POUTINE_FULL, POUTINE_BARE, POUTINE_TITLED])
    graph = actor_graph(store)
    names = {n["name"] for n in graph["nodes"]}
    assert "Vladimir Poutine" in names and "Poutine" not in names
    edges = {(e["source"], e["target"], e["type"]): e["count"] for e in graph["edges"]}
    assert edges[("Vladimir Poutine", "Anatole Brisquet", "ACCUSE")] == 1
    assert edges[("Vladimir Poutine", "Anatole Brisquet", "CONSULT")] == 1
    moscow = list_places(store)[0]
    assert (moscow.name, moscow.articles, moscow.country) == ("Moscou", 2, "FR")


def test_stats_come_from_counters_kept_at_write_time(store: Store) -> None:
    store.write([POUTINE_FULL, MARINE, OMS_FULL])
    numbers = stats(store)
    assert (numbers["articles"], numbers["analyzed"], numbers["quotes"]) == (3, 3, 1)
    assert numbers["entities"] == sum(len(a.entities) for a in (POUTINE_FULL, MARINE, OMS_FULL))
    assert (numbers["people"], numbers["organisations"], numbers["places"]) == (4, 1, 1)
    assert numbers["languages"] == {"fr": 3} and numbers["models"] == ["test-model"]


def test_check_finds_a_wrong_aggregate_and_repairs_it(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    with Store(path) as s:
        s.write([POUTINE_FULL, POUTINE_BARE, MARINE])
    runner = CliRunner()
    ok = runner.invoke(main, ["check", "--db", str(path)])
    assert ok.exit_code == 0 and ok.output.startswith("ok: the aggregates of 3 articles")
    with Store(path) as s, s.db:
        s.db.execute("UPDATE actors SET articles = articles + 1 WHERE name = 'Marine Le Pen'")
        s.db.execute("DELETE FROM actor_quotes")
    broken = runner.invoke(main, ["check", "--db", str(path)])
    assert broken.exit_code == 1
    assert "actors: 1 of" in broken.output and "actor_quotes: 0 rows stored" in broken.output
    fixed = runner.invoke(main, ["check", "--db", str(path), "--repair", "--fts"])
    assert fixed.exit_code == 0, fixed.output


def test_removing_an_article_subtracts_it(store: Store) -> None:
    store.write([POUTINE_FULL, POUTINE_BARE, MARINE, OMS_FULL, OMS_ONLY])
    assert store.remove("kremlin-1") and not store.remove("kremlin-1")
    assert check(store) == []
    assert _people(store)["Poutine"] == (1, 2, 1)  # no full name left: the bare one alone
    assert stats(store)["articles"] == 4
    assert store.db.execute("SELECT count(*) FROM entities e JOIN articles a ON a.pk = "
                            "e.article_pk WHERE a.id = 'kremlin-1'").fetchone()[0] == 0


def test_a_store_from_before_the_aggregates_gets_them_once(tmp_path: Path) -> None:
    from samples import make_old
    from veille.query import get_article

    path = tmp_path / "old.db"
    with Store(path) as s:
        s.write([POUTINE_FULL, POUTINE_BARE, MARINE, OMS_FULL, OMS_ONLY])
        before = get_article(s, "kremlin-1")
        make_old(s, 4)  # as migration 4 left it: no aggregates, analyses as plain JSON
    with Store(path, readonly=True) as s:  # a reader migrates it first
        assert s.schema_version >= 5 and s.aggregates_version is not None
        assert check(s) == []
        assert _people(s)["Vladimir Poutine"] == (2, 4, 2)
        assert s.db.execute("SELECT count(*) FROM analyses WHERE typeof(data) = 'text'"
                            ).fetchone()[0] == 0
        after = get_article(s, "kremlin-1")
    assert {k: v for k, v in after.items() if k != "stored"} == {
        k: v for k, v in before.items() if k != "stored"}
