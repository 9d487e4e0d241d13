"""Time expressions, places and events in the store, and the queries over them.

The analyses are built here (not by the analyzer): three fictional articles.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from samples import make_old
from veille.query import get_article, list_events, list_places, timeline
from veille.records import Analysis, Article, Entity, Event, Place, Quote, Timex
from veille.store import Store
from veille.store.migrations import MIGRATIONS

ANALYZERS = {"entities": "test.entities.v1", "quotes": "test.quotes.v1",
             "timexes": "test.timexes.v1", "places": "test.places.v1",
             "events": "test.events.v1"}

HELSINKI = (
    "Le général Étienne Marchal a rencontré mercredi à Helsinki son homologue Anna Virtanen. "
    "« Nous devons agir », a déclaré Étienne Marchal. Selon Anna Virtanen, l'exercice aura "
    "lieu en juillet. Anna Virtanen a accusé la Russie de violer l'espace aérien finlandais."
)
PARIS = (
    "Le général Mark Milley a reçu Étienne MARCHAL à Paris. « Nous parlons franchement », a "
    "dit Milley. Milley a critiqué Moscou."
)
SUITE = "Helsinki accueillera un nouvel exercice au printemps."


def span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _sentence(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    begin = max(text.rfind(". ", 0, start) + 2, 0) if ". " in text[:start] else 0
    end = text.find(".", start) + 1
    return begin, end


def _event(text: str, kind: str, trigger: str, actors: tuple[str, ...],
           targets: tuple[str, ...] = (), place: str | None = None,
           date: str | None = None) -> Event:
    start, end = span(text, trigger)
    return Event(type=kind, trigger=trigger, start=start, end=end,
                 sentence=_sentence(text, trigger), actors=actors, targets=targets,
                 place=place, date=date)


def _quote(text: str, words: str, speaker: str, kind: str = "direct") -> Quote:
    start, end = span(text, words)
    return Quote(text=words, start=start, end=end, kind=kind,  # type: ignore[arg-type]
                 speaker=speaker, speaker_mention=speaker)


def _entity(text: str, eid: str, name: str, kind: str, form: str | None = None) -> Entity:
    form = form or name
    spans, start = [], text.find(form)
    while start >= 0:
        spans.append((start, start + len(form)))
        start = text.find(form, start + 1)
    return Entity(id=eid, name=name, type=kind, mentions=tuple(spans))  # type: ignore[arg-type]


def _analysis(article_id: str, text: str, published: str, **parts: tuple) -> Analysis:
    article = Article(id=article_id, source=f"{article_id}.txt", text=text,
                      site="Veille-Exemple.info", published=published,
                      title=f"Titre de {article_id}", language="fr",
                      content_hash=f"hash-{article_id}", extractor="test")
    return Analysis(article=article, analyzers=ANALYZERS, model="test-model", **parts)


def make_analyses() -> list[Analysis]:
    h, p, s = HELSINKI, PARIS, SUITE
    helsinki = _analysis(
        "sommet-helsinki", h, "2025-03-14",
        entities=(_entity(h, "e1", "Étienne Marchal", "PER"),
                  _entity(h, "e2", "Anna Virtanen", "PER"),
                  _entity(h, "e3", "Helsinki", "LOC"), _entity(h, "e4", "Russie", "LOC")),
        quotes=(_quote(h, "Nous devons agir", "Étienne Marchal"),
                _quote(h, "l'exercice aura lieu en juillet", "Anna Virtanen", "indirect")),
        timexes=(Timex(text="mercredi", start=span(h, "mercredi")[0],
                       end=span(h, "mercredi")[1], value="2025-03-12"),
                 Timex(text="en juillet", start=span(h, "en juillet")[0],
                       end=span(h, "en juillet")[1], value="2025-07")),
        places=(Place(name="Helsinki", entity_id="e3", country="FI", lat=60.17, lon=24.94),
                Place(name="Russie", entity_id="e4", country="RU", lat=61.0, lon=98.0)),
        events=(_event(h, "CONSULT", "a rencontré", ("Étienne Marchal", "Anna Virtanen"),
                       place="Helsinki", date="2025-03-12"),
                _event(h, "ACCUSE", "a accusé", ("Anna Virtanen",), ("Russie",))))
    paris = _analysis(
        "milley-paris", p, "2025-03-20T09:30",
        entities=(_entity(p, "e1", "Mark Milley", "PER", "Milley"),
                  _entity(p, "e2", "Étienne MARCHAL", "PER"),
                  _entity(p, "e3", "Paris", "LOC"), _entity(p, "e4", "Moscou", "LOC")),
        quotes=(_quote(p, "Nous parlons franchement", "Mark Milley"),),
        places=(Place(name="Paris", entity_id="e3", country="FR", lat=48.85, lon=2.35),
                Place(name="Moscou", entity_id="e4", country="RU")),
        events=(_event(p, "CONSULT", "a reçu", ("Mark Milley",), ("Étienne MARCHAL",),
                       place="Paris", date="2025-03-20"),
                _event(p, "ACCUSE", "a critiqué", ("Mark Milley",), ("Moscou",))))
    suite = _analysis(
        "helsinki-suite", s, "2025-04-02",
        entities=(_entity(s, "e1", "Helsinki", "LOC"),),
        places=(Place(name="HELSINKI", entity_id="e1", country="FI", lat=60.17, lon=24.94),))
    return [helsinki, paris, suite]


def build_store(path: Path) -> Path:
    with Store(path) as s:
        s.write(make_analyses())
        s.write(make_analyses())  # idempotent: nothing doubles
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = build_store(tmp_path_factory.mktemp("events") / "e.db")
    s = Store(path)
    yield s
    s.close()


def _count(store: Store, table: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


# -- storage ----------------------------------------------------------------------------
def test_timexes_places_events_round_trip(store: Store) -> None:
    assert (_count(store, "timexes"), _count(store, "places"), _count(store, "events")) == (
        2, 5, 4)
    helsinki = make_analyses()[0]
    row = store.db.execute(
        'SELECT e.*, a.id FROM events e JOIN articles a ON a.pk = e.article_pk '
        "WHERE a.id = 'sommet-helsinki' AND e.idx = 0").fetchone()
    event = helsinki.events[0]
    assert (row["type"], row["trigger"], row["start"], row["end"], row["place"],
            row["date"]) == (event.type, event.trigger, event.start, event.end, event.place,
                             event.date)
    assert json.loads(row["actors"]) == ["Étienne Marchal", "Anna Virtanen"]
    assert (row["sentence_start"], row["sentence_end"]) == event.sentence
    assert row["analyzer"] == "test.events.v1"
    timex = store.db.execute("SELECT text, start, \"end\", value, type, analyzer FROM timexes "
                             "ORDER BY article_pk, idx").fetchone()
    assert tuple(timex) == ("mercredi", *span(HELSINKI, "mercredi"), "2025-03-12", "date",
                            "test.timexes.v1")
    place = store.db.execute("SELECT name, entity_id, country, lat, lon, analyzer FROM places "
                             "ORDER BY article_pk, idx").fetchone()
    assert tuple(place) == ("Helsinki", "e3", "FI", 60.17, 24.94, "test.places.v1")
    data = get_article(store, "sommet-helsinki")
    assert data["events"] == [e.to_dict() for e in helsinki.events]
    assert data["places"] == [p.to_dict() for p in helsinki.places]


def test_adding_again_does_not_duplicate(tmp_path: Path) -> None:
    with Store(tmp_path / "twice.db") as s:
        assert s.write(make_analyses())["added"] == 3
        assert s.write(make_analyses())["unchanged"] == 3
        assert (_count(s, "timexes"), _count(s, "places"), _count(s, "events")) == (2, 5, 4)


def test_a_new_analysis_replaces_the_rows(tmp_path: Path) -> None:
    first = make_analyses()[0]
    with Store(tmp_path / "r.db") as s:
        s.add(first)
        outcome = s.add(dataclasses.replace(first, events=first.events[1:], timexes=(),
                                            analyzers={**ANALYZERS, "events": "test.v2"}))
        assert outcome == "updated"
        assert [e.type for e in list_events(s)] == ["ACCUSE"]
        assert _count(s, "timexes") == 0 and _count(s, "places") == 2
        assert s.db.execute("SELECT analyzer FROM events").fetchone()[0] == "test.v2"


def test_an_article_without_analysis_drops_the_old_rows(tmp_path: Path) -> None:
    first = make_analyses()[0]
    changed = dataclasses.replace(first.article, text=first.article.text + " Fin.",
                                  content_hash="changed")
    with Store(tmp_path / "u.db") as s:
        s.add(first)
        assert s.add_article(changed) == "updated"
        assert (_count(s, "timexes"), _count(s, "places"), _count(s, "events")) == (0, 0, 0)


def test_the_migration_fills_the_tables_from_stored_analyses(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Store(path) as s:  # a store as it was before migration 3, with analyses in it
        s.write(make_analyses())
        make_old(s, 2)
    with Store(path) as s:
        assert s.schema_version == len(MIGRATIONS) >= 3
        assert (_count(s, "timexes"), _count(s, "places"), _count(s, "events")) == (2, 5, 4)
        assert [e.to_dict() for e in list_events(s)] == [
            e.to_dict() for e in list_events(Store(build_store(tmp_path / "new.db")))]
        assert s.db.execute("SELECT DISTINCT analyzer FROM places").fetchall()[0][0] == (
            "test.places.v1")


def test_indexes_serve_the_filters(store: Store) -> None:
    def plan(sql: str) -> str:
        return " ".join(r[3] for r in store.db.execute(f"EXPLAIN QUERY PLAN {sql}"))

    assert "events_type" in plan("SELECT * FROM events WHERE type = 'CONSULT'")
    assert "events_date" in plan("SELECT * FROM events WHERE date >= '2025'")
    # Places are listed from their totals, kept at write time (migration 5).
    assert "place_totals_country" in plan("SELECT * FROM place_totals WHERE country = 'FI' "
                                          "ORDER BY articles DESC")
    assert "place_totals_rank" in plan("SELECT * FROM place_totals ORDER BY articles DESC, "
                                       "mentions DESC LIMIT 10")


# -- list_events ------------------------------------------------------------------------
def _events(store: Store, **filters: str) -> list[tuple[str, str]]:
    return [(e.article_id, e.trigger) for e in list_events(store, **filters)]  # type: ignore[arg-type]


def test_events_in_date_order_with_their_article(store: Store) -> None:
    hits = list_events(store)
    assert [(h.date, h.type, h.trigger) for h in hits] == [
        ("2025-03-12", "CONSULT", "a rencontré"), ("2025-03-14", "ACCUSE", "a accusé"),
        ("2025-03-20", "CONSULT", "a reçu"), ("2025-03-20T09:30", "ACCUSE", "a critiqué")]
    first = hits[0]
    assert (first.article_id, first.title, first.published, first.place) == (
        "sommet-helsinki", "Titre de sommet-helsinki", "2025-03-14", "Helsinki")
    assert HELSINKI[first.start:first.end] == first.trigger
    assert first.to_dict()["actors"] == ["Étienne Marchal", "Anna Virtanen"]


@pytest.mark.parametrize("actor", ["Marchal", "marchal", "ETIENNE", "etienne MARCHAL"])
def test_actor_matches_actors_and_targets_case_and_accents_aside(store: Store,
                                                                 actor: str) -> None:
    assert _events(store, actor=actor) == [("sommet-helsinki", "a rencontré"),
                                           ("milley-paris", "a reçu")]


@pytest.mark.parametrize("actor", ["Marc", "Mark Marchal", "Marchal Virtanen", "-", '"'])
def test_actor_needs_every_whole_word_of_one_name(store: Store, actor: str) -> None:
    assert list_events(store, actor=actor) == []


def test_event_filters(store: Store) -> None:
    assert _events(store, actor="russie") == [("sommet-helsinki", "a accusé")]
    assert [e.type for e in list_events(store, type="consult")] == ["CONSULT", "CONSULT"]
    assert _events(store, place="helsinki") == [("sommet-helsinki", "a rencontré")]
    assert {a for a, _ in _events(store, since="2025-03-15")} == {"milley-paris"}
    assert {a for a, _ in _events(store, until="2025-03-14")} == {"sommet-helsinki"}
    assert len(list_events(store, until="2025-03-20")) == 4  # inclusive, times too
    assert _events(store, type="ACCUSE", actor="milley", since="2025-03") == [
        ("milley-paris", "a critiqué")]
    assert list_events(store, type="PROTEST") == []
    assert list_events(store, limit=2, offset=1) == list_events(store)[1:3]


# -- list_places ------------------------------------------------------------------------
def test_places_are_aggregated_across_articles(store: Store) -> None:
    rows = list_places(store)
    assert [(r.name, r.country, r.articles, r.mentions) for r in rows] == [
        ("Helsinki", "FI", 2, 2), ("Moscou", "RU", 1, 1), ("Paris", "FR", 1, 1),
        ("Russie", "RU", 1, 1)]
    assert (rows[0].lat, rows[0].lon) == (60.17, 24.94)
    assert rows[1].to_dict() == {"name": "Moscou", "country": "RU", "lat": None,
                                 "lon": None, "articles": 1, "mentions": 1}
    assert [r.name for r in list_places(store, country="ru")] == ["Moscou", "Russie"]
    assert list_places(store, country="US") == []
    assert len(list_places(store, limit=1)) == 1


# -- timeline ---------------------------------------------------------------------------
def test_timeline_gathers_events_and_quotes_in_date_order(store: Store) -> None:
    items = timeline(store, "marchal")
    assert [(i.date, i.kind, i.role, i.text, i.article_id) for i in items] == [
        ("2025-03-12", "CONSULT", "actor", "a rencontré", "sommet-helsinki"),
        ("2025-03-14", "quote", "speaker", "Nous devons agir", "sommet-helsinki"),
        ("2025-03-20", "CONSULT", "target", "a reçu", "milley-paris")]
    assert items[0].title == "Titre de sommet-helsinki"
    virtanen = timeline(store, "Anna Virtanen")
    assert [(i.kind, i.role) for i in virtanen] == [
        ("CONSULT", "actor"), ("quote", "speaker"), ("ACCUSE", "actor")]  # text order
    assert [i.kind for i in timeline(store, "Moscou")] == ["ACCUSE"]
    assert timeline(store, "Nobody") == [] and timeline(store, " ") == []
    assert len(timeline(store, "marchal", limit=2)) == 2
