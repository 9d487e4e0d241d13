"""The JSON API's OpenAPI 3.1 description, served at ``/api/openapi.json``.

Written out by hand from one table (``ENDPOINTS``) rather than parsed from docstrings, so
that every query parameter is described; a test checks that every ``/api/`` route of the
app is in it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from veille._version import __version__

_STR = {"type": "string"}
_DATE = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
_PAGE = ("page", "query", {"type": "integer", "minimum": 1, "default": 1},
         "Page number (20 results a page).")

# path → (summary, description, parameters as (name, in, schema, description))
ENDPOINTS: dict[str, tuple[str, str, list[tuple[str, str, dict[str, Any], str]]]] = {
    "/api/search": (
        "Search articles and quotes",
        "Full-text search (SQLite FTS5 syntax: words, \"phrases\", OR, NOT, prefix*). A "
        "query that is not valid syntax is searched as plain words and `syntax_fallback` "
        "is true. With no `q`, the latest articles. Articles are ranked by bm25 (title 5×, "
        "text 1×); `ranking` says how the page was found (`all`: every match scored; "
        "`salient-NN`: only articles where a query word weighs a lot, proved to give the same "
        "page). "
        "`total` is an estimate when `total_is_estimate` is true. `facets` count sites, "
        "languages, months and people over the best matches found; `quotes` come from the "
        "best 50 articles.",
        [("q", "query", _STR, "The search query."),
         ("site", "query", _STR, "Only articles of this site (exact name)."),
         ("language", "query", _STR, "Only articles in this language (ISO 639-1)."),
         ("since", "query", _DATE, "Published on or after this date (inclusive prefix)."),
         ("until", "query", _DATE, "Published on or before this date (inclusive prefix)."),
         ("person", "query", _STR, "Only articles naming this person (a name as /api/people "
          "lists it, or any name the store resolves to that person)."),
         _PAGE]),
    "/api/articles/{id}": (
        "One article with its analysis and provenance",
        "The stored article and its `veille.analysis.v1` analysis (entities, quotes, "
        "timexes, events, places; offsets into `article.text`), with `provenance` (story, "
        "first copy, copies, flags) or null when no copy is known, and `versions` (each "
        "fetch that changed it, with `changes` and `diff`; empty when never watched).",
        [("id", "path", _STR, "Article id, or an unambiguous prefix of it.")]),
    "/api/people": (
        "People named in the store",
        "One entry per person across articles (\"Poutine\" and \"Vladimir Poutine\" are "
        "one; namesakes apart: see docs/people.md), most quoted first, with roles and dates.",
        [("name", "query", _STR, "Only names containing all these words.")]),
    "/api/people/{name}": (
        "One person's profile",
        "Roles over time, quotes in date order, events as actor or target, the people and "
        "organisations most often named in the same articles (over the latest "
        "`related_window`), latest articles, and the `spellings` articles use.",
        [("name", "path", _STR, "The person's name (as listed by /api/people, or a shorter "
          "form the store resolves: a bare surname).")]),
    "/api/organisations/{name}": (
        "One organisation's profile",
        "As /api/people/{name}, for an ORG entity.",
        [("name", "path", _STR, "The organisation's name.")]),
    "/api/timeline": (
        "Events and quotes over time",
        "For an entity (its events as actor or target and its quotes) or for the articles "
        "matching a full-text query; `buckets` count them per day, month or year.",
        [("entity", "query", _STR, "A person's or organisation's name (all its words)."),
         ("q", "query", _STR, "A full-text query (used when `entity` is not given).")]),
    "/api/graph": (
        "Who meets, supports or opposes whom",
        "The actor network: nodes are actors (one per person or organisation across "
        "articles), edges are typed relations (PLOVER event types, or `co-quoted`) with the "
        "number of facts and example article ids, summed as articles are stored.",
        [("rel", "query", {"type": "string",
                           "enum": ["meet", "support", "oppose", "quoted", "other"]},
          "Relation families to keep (repeatable). Default: all but quoted."),
         ("entity", "query", _STR, "Only edges touching this actor (exact name).")]),
    "/api/places": (
        "Places named in the store",
        "Each place with its country, coordinates and article and mention counts.", []),
    "/api/stories": (
        "Stories: duplicate and translation clusters",
        "Clusters of copies of the same story (also across languages), with the first copy, "
        "dates and flags. `available` is false when provenance is not computed.",
        [("flag", "query", _STR, "Only stories with this flag."), _PAGE]),
    "/api/stats": ("Store counts", "Articles, analyses, quotes, people, organisations, places, "
                   "sites, languages: counters kept as articles are stored.", []),
    "/api/alerts": ("Saved searches", "Every alert with its criteria and number of matches.",
                    []),
    "/api/alerts/{name}": (
        "One alert's matches",
        "The alert and its 50 newest matches (`items`); also as Atom at /alerts/NAME.atom.",
        [("name", "path", _STR, "The alert's name.")]),
}


@lru_cache(maxsize=1)
def openapi_schema() -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for path, (summary, description, params) in ENDPOINTS.items():
        paths[path] = {"get": {
            "summary": summary,
            "description": description,
            "parameters": [{"name": n, "in": where, "required": where == "path",
                            "schema": schema, "description": text}
                           for n, where, schema, text in params],
            "responses": {
                "200": {"description": "JSON", "content": {"application/json": {
                    "schema": {"type": "object"}}}},
                "404": {"description": "Not found: `{\"error\", \"status\"}`"},
            },
        }}
    return {
        "openapi": "3.1.0",
        "info": {"title": "veille web API", "version": __version__,
                 "description": "Read-only JSON API of `veille serve`; every page of the "
                                "web app shows the data of one of these endpoints."},
        "paths": paths,
    }
