"""Places (``veille.places.v1``): LOC entities → country code and coordinates, offline.

Unit tests build entities by hand over short French sentences written for them, so that they
do not depend on the NER model; one test runs the real pipeline on the reference article.
The gazetteer is built once per session into a temporary cache directory.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Literal

import pytest

from veille.analyze import places
from veille.analyze.places import Gazetteer, load_gazetteer, places_from_entities
from veille.records import Entity, Place


@pytest.fixture(scope="session")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return load_gazetteer(tmp_path_factory.mktemp("veille-cache"))


def entity(text: str, name: str, type_: Literal["PER", "ORG", "LOC", "MISC"] = "LOC",
           *, id_: str | None = None) -> Entity:
    """An entity for every occurrence of ``name`` in ``text``."""
    spans, start = [], text.find(name)
    while start >= 0:
        spans.append((start, start + len(name)))
        start = text.find(name, start + 1)
    assert spans, f"{name!r} is not in the text"
    return Entity(id=id_ or f"e-{name}", name=name, type=type_, mentions=tuple(spans))


def resolve(gaz: Gazetteer, text: str, *names: str) -> dict[str, Place]:
    found = places_from_entities([entity(text, n) for n in names], text, gaz=gaz)
    return {p.name: p for p in found}


@pytest.mark.parametrize(("name", "country"), [
    ("Athènes", "GR"), ("Moscou", "RU"), ("Kaboul", "AF"), ("Helsinki", "FI"),
    ("Londres", "GB"), ("Pékin", "CN"), ("Le Caire", "EG"), ("Saint-Pétersbourg", "RU"),
])
def test_french_city_names(gaz: Gazetteer, name: str, country: str) -> None:
    text = f"Le ministre s'est rendu à {name} mardi."
    assert resolve(gaz, text, name)[name].country == country


@pytest.mark.parametrize(("name", "country"), [
    ("États-Unis", "US"), ("Russie", "RU"), ("Ouzbékistan", "UZ"), ("Kirghizistan", "KG"),
    ("Tadjikistan", "TJ"), ("Afghanistan", "AF"), ("Corée du Sud", "KR"), ("Syrie", "SY"),
    ("Royaume-Uni", "GB"), ("Fédération de Russie", "RU"), ("Etats Unis", "US"),
    ("RD Congo", "CD"), ("République démocratique du Congo", "CD"),
])
def test_french_country_names(gaz: Gazetteer, name: str, country: str) -> None:
    text = f"Les diplomates ont parlé de {name} hier."
    assert resolve(gaz, text, name)[name].country == country


@pytest.mark.parametrize("name", ["l’Afghanistan", "l'Afghanistan", "la Russie",
                                  "le Kirghizistan", "L’Ouzbékistan"])
def test_articles_and_elision(gaz: Gazetteer, name: str) -> None:
    text = f"Ils ont parlé de {name} hier."
    assert resolve(gaz, text, name)[name].country is not None


def test_country_coordinates_are_the_capitals(gaz: Gazetteer) -> None:
    text = "La Finlande et Helsinki."
    found = resolve(gaz, text, "Finlande", "Helsinki")
    assert (found["Finlande"].lat, found["Finlande"].lon) == (60.17, 24.94)
    assert (found["Helsinki"].lat, found["Helsinki"].lon) == (60.17, 24.94)


def test_washington_is_the_us_capital(gaz: Gazetteer) -> None:
    text = "Les tensions avec Washington ont grandi."
    place = resolve(gaz, text, "Washington")["Washington"]
    assert place.country == "US"
    assert place.lat is not None and place.lon is not None
    assert abs(place.lat - 38.9) < 0.1 and abs(place.lon + 77.04) < 0.1


def test_a_country_named_in_the_article_wins(gaz: Gazetteer) -> None:
    # Hyderabad, India (7.0 M) alone; Hyderabad, Pakistan (1.9 M) in a story about Pakistan.
    assert resolve(gaz, "Le cortège a quitté Hyderabad.", "Hyderabad")["Hyderabad"].country == "IN"
    text = "Au Pakistan, la ville de Hyderabad a voté."
    assert resolve(gaz, text, "Pakistan", "Hyderabad")["Hyderabad"].country == "PK"


def test_a_national_capital_beats_a_small_homonym_in_context(gaz: Gazetteer) -> None:
    text = "Les États-Unis ont envoyé un émissaire à Dublin."
    assert resolve(gaz, text, "États-Unis", "Dublin")["Dublin"].country == "IE"


def test_function_words_are_not_places(gaz: Gazetteer) -> None:
    assert "les" in gaz.cities  # an Albanian town's alternate name
    assert resolve(gaz, "Les élus ont voté.", "Les")["Les"].country is None


def test_ambiguous_without_context_stays_unresolved(gaz: Gazetteer) -> None:
    cities = gaz.cities["san fernando"]
    assert len({c.country for c in cities}) > 2  # Philippines, Trinidad, Spain, Argentina…
    text = "Le cortège a traversé San Fernando."
    assert resolve(gaz, text, "San Fernando")["San Fernando"] == Place(
        name="San Fernando", entity_id="e-San Fernando")


@pytest.mark.parametrize("name", ["golfe Persique", "Karshi-Khanabad", "Asie centrale",
                                  "Europe", "Zorblaville", "centre de transit de Manas"])
def test_unknown_places_stay_unresolved(gaz: Gazetteer, name: str) -> None:
    text = f"Les avions sont passés par {name}."
    place = resolve(gaz, text, name)[name]
    assert (place.country, place.lat, place.lon) == (None, None, None)


def test_a_base_named_after_a_town_is_not_the_town(gaz: Gazetteer) -> None:
    text = "Les troupes ont utilisé le centre de transit de Manas, au Kirghizistan."
    found = resolve(gaz, text, "Manas", "Kirghizistan")
    assert found["Manas"].country is None
    assert found["Kirghizistan"].country == "KG"
    assert resolve(gaz, "La ville de Manas a voté.", "Manas")["Manas"].country == "KG"


def test_an_airport_is_in_its_city(gaz: Gazetteer) -> None:
    text = "Une attaque contre l'aéroport de Kaboul."
    assert resolve(gaz, text, "aéroport de Kaboul")["aéroport de Kaboul"].country == "AF"


def test_misspelt_country(gaz: Gazetteer) -> None:
    text = "le Krygyzstan a insisté."
    assert resolve(gaz, text, "Krygyzstan")["Krygyzstan"].country == "KG"


def test_org_named_like_a_country_is_a_place_and_other_orgs_are_not(gaz: Gazetteer) -> None:
    text = "Les États-Unis et l'OTAN ont discuté avec Milley."
    found = places_from_entities([entity(text, "États-Unis", "ORG", id_="e1"),
                                  entity(text, "OTAN", "ORG", id_="e2"),
                                  entity(text, "Milley", "PER", id_="e3")], text, gaz=gaz)
    assert [(p.name, p.entity_id, p.country) for p in found] == [("États-Unis", "e1", "US")]


def test_second_load_reads_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_gazetteer(tmp_path)
    assert places.cache_path(tmp_path).is_file()
    assert not list(tmp_path.glob("*.tmp"))  # written atomically, no leftovers

    def no_build() -> Gazetteer:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(places, "build_gazetteer", no_build)
    second = load_gazetteer(tmp_path)
    assert second.countries == first.countries
    assert second.cities["kaboul"] == first.cities["kaboul"]


def test_a_broken_cache_is_rebuilt(tmp_path: Path, gaz: Gazetteer,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    places.cache_path(tmp_path).write_bytes(b"not a pickle")
    monkeypatch.setattr(places, "build_gazetteer", lambda: gaz)
    assert load_gazetteer(tmp_path) is gaz
    with places.cache_path(tmp_path).open("rb") as handle:
        assert pickle.load(handle).countries == gaz.countries


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VEILLE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert places.cache_dir() == Path("/somewhere/veille")
    monkeypatch.setenv("VEILLE_CACHE_DIR", "/elsewhere")
    assert places.cache_path().parent == Path("/elsewhere")


@pytest.mark.slow
def test_reference_article_places(reference_page: Path, gaz: Gazetteer) -> None:
    from veille.pipeline import iter_analyses

    analysis = next(iter(iter_analyses([str(reference_page)]))).analysis
    assert analysis is not None
    found = places_from_entities(analysis.entities, analysis.article.text, gaz=gaz)
    by_name = {p.name: p.country for p in found}
    for name, country in [("Helsinki", "FI"), ("Athènes", "GR"), ("Moscou", "RU"),
                          ("Washington", "US"), ("Ouzbékistan", "UZ"), ("Kirghizistan", "KG"),
                          ("Tadjikistan", "TJ"), ("Afghanistan", "AF")]:
        assert by_name.get(name) == country, name
    kabul = [p for p in found if "Kaboul" in p.name]
    assert kabul and all(p.country == "AF" for p in kabul)
    washington = next(p for p in found if p.name == "Washington")
    assert washington.lat is not None and abs(washington.lat - 38.9) < 0.1
    for name in ("golfe Persique", "Karshi-Khanabad", "Manas"):
        assert by_name.get(name) is None, name  # unresolved, or absent from the entities
