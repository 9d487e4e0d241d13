"""The web app: Starlette routes over ``veille.query``, Jinja2 pages and a JSON API.

Every page has a JSON twin under ``/api/`` built by the same function (``*_data`` below),
so what a page shows is what the API returns. Endpoints are synchronous functions; each
borrows its own read-only store connection (``veille.query.pool.StorePool``: the web layer
goes through ``veille.query`` for everything, connections included) for the request. The quick
ones (search, article, person) run on the event loop, the slow ones in Starlette's thread
pool (``_inline``). Templates autoescape everything; the only links built from stored data
are ``http(s)`` URLs; every response carries a strict Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import math
import re
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from veille import query
from veille.errors import NotFound
from veille.query import web as web_query
from veille.query.pool import Store, StorePool
from veille.web import render, world
from veille.web import watch as watch_pages
from veille.web.openapi import openapi_schema

log = logging.getLogger("veille.web")
HERE = Path(__file__).resolve().parent
PAGE_SIZE = 20
QUOTES_PAGE = 50
MAX_PAGE = 500
GRAPH_TTL = 300.0
"""Seconds the actor graph is reused before being rebuilt (it reads every event and quote:
3-5 s on the 10,000-article bench store)."""
MAP_PLACES = 1000
"""The map shows the places most articles name, at most this many."""
STATS_TTL = 60.0
"""Seconds the store's counts (home page) and places (map) are reused: 70 ms and 1 s to
compute on the bench store."""
GRAPH_NODES = 40
"""The graph page draws at most this many actors (most connected first): more is a hairball
(seen on the 10,000-article bench store)."""
QUOTED_DEFAULT_BELOW = 20
"""Co-quotation links are drawn by default only when there are fewer event links than this:
on a large store they outnumber and hide the events."""

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
_ISO_PREFIX = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class SecurityHeaders:
    """Adds ``SECURITY_HEADERS`` to every HTTP response (pure ASGI: no body buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


# -- parameters ------------------------------------------------------------------------------

def _text(request: Request, name: str, *, size: int = 500) -> str:
    return request.query_params.get(name, "").strip()[:size]


def _date(request: Request, name: str) -> str | None:
    value = _text(request, name, size=10)
    return value if _ISO_PREFIX.match(value) else None


def _page(request: Request) -> int:
    try:
        return max(1, min(MAX_PAGE, int(request.query_params.get("page", "1"))))
    except ValueError:
        return 1


# -- filters for templates ---------------------------------------------------------------------

def safe_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL, else None: no ``javascript:`` links."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return value.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def marked(snippet: str | None) -> list[tuple[str, bool]]:
    """A search snippet as (text, highlighted) pieces, split on the query's marks."""
    pieces: list[tuple[str, bool]] = []
    for i, part in enumerate(re.split(f"[{web_query.MARK_OPEN}{web_query.MARK_CLOSE}]",
                                      snippet or "")):
        if part:
            pieces.append((part, i % 2 == 1))
    return pieces


def path_part(value: Any) -> str:
    return quote(str(value), safe="")


def url_with(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one); a change of
    filters goes back to the first page. (Search pages build ~50 such links: each
    parameter of the request is encoded once per request.)"""
    encoded: list[tuple[str, str]] | None = getattr(request.state, "encoded_params", None)
    if encoded is None:
        encoded = [(k, urlencode([(k, v)])) for k, v in request.query_params.multi_items()]
        request.state.encoded_params = encoded
    parts = [part for key, part in encoded
             if key not in changes and (key != "page" or "page" in changes)]
    parts += [urlencode([(k, str(v))]) for k, v in changes.items() if v is not None and v != ""]
    return f"{request.url.path}?{'&'.join(parts)}"


def _environment() -> jinja2.Environment:
    # auto_reload off: installed templates do not change, and checking their files' dates
    # cost a stat() per template per request.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             auto_reload=False)
    env.filters.update(safe_url=safe_url, marked=marked, q=path_part)
    env.globals.update(url_with=url_with, family=family)
    env.filters["log2"] = lambda n: math.log2(max(1, n))
    return env


# -- page data (shared by the pages and the API) -------------------------------------------------

def search_data(store: Store, request: Request,
                stats: Callable[[Store], dict[str, Any]] = query.stats) -> dict[str, Any]:
    page = _page(request)
    filters: dict[str, Any] = {
        "site": _text(request, "site") or None, "language": _text(request, "language") or None,
        "since": _date(request, "since"), "until": _date(request, "until"),
        "person": _text(request, "person") or None}
    result = web_query.search_page(store, _text(request, "q"), limit=PAGE_SIZE,
                                   offset=(page - 1) * PAGE_SIZE, **filters)
    result.update(page=page, page_size=PAGE_SIZE, filters=filters,
                  pages=max(1, -(-result["total"] // PAGE_SIZE)))
    if not result["query"] and page == 1 and not any(filters.values()):
        result["stats"] = stats(store)
    return result


def article_data(store: Store, article_id: str) -> dict[str, Any]:
    data = web_query.article_view(store, article_id)
    data["provenance"] = provenance_of(store, data["article"]["id"])
    data["versions"] = watch_pages.article_versions(store, data["article"]["id"])
    return data


def _provenance_module() -> Any:
    """``veille.query.provenance``, or None when this installation lacks it."""
    try:
        return importlib.import_module("veille.query.provenance")
    except ImportError:
        return None


def provenance_of(store: Store, article_id: str) -> dict[str, Any] | None:
    """The provenance panel's data, when the provenance module exists and knows the article."""
    provenance = _provenance_module()
    if provenance is None:
        return None
    try:
        result: dict[str, Any] | None = provenance.article_provenance(store, article_id)
    except (AttributeError, sqlite3.OperationalError) as exc:  # older store, older module
        log.warning("provenance unavailable: %s", exc)
        return None
    return result


def stories_data(store: Store, request: Request) -> dict[str, Any]:
    page = _page(request)
    flag = _text(request, "flag", size=60) or None
    stories: list[dict[str, Any]] = []
    provenance = _provenance_module()
    available = provenance is not None
    try:
        if provenance is not None:
            stories = provenance.list_stories(store, limit=PAGE_SIZE,
                                              offset=(page - 1) * PAGE_SIZE, flag=flag)
    except (AttributeError, sqlite3.OperationalError) as exc:
        log.warning("stories unavailable: %s", exc)
        available = False
    return {"available": available, "stories": stories, "flag": flag, "page": page,
            "page_size": PAGE_SIZE}


def entity_data(store: Store, request: Request, kind: str) -> dict[str, Any]:
    name, page = request.path_params["name"], _page(request)
    profile = web_query.entity_profile(store, name, type=kind, limit=QUOTES_PAGE,
                                       offset=(page - 1) * QUOTES_PAGE)
    if profile is None:
        label = "person" if kind == "PER" else "organisation"
        raise NotFound(f"no {label} named {name!r} in this store; see the people page")
    profile.update(page=page, pages=max(1, -(-profile["quotes_total"] // QUOTES_PAGE)))
    return profile


def people_data(store: Store, request: Request) -> dict[str, Any]:
    name = _text(request, "name", size=200) or None
    return {"name": name,
            "people": [p.to_dict() for p in query.list_people(store, name=name, limit=200)]}


def timeline_data(store: Store, request: Request) -> dict[str, Any]:
    return web_query.timeline_series(store, query=_text(request, "q") or None,
                                     entity=_text(request, "entity", size=200) or None)


def places_data(store: Store) -> dict[str, Any]:
    return {"places": [p.to_dict() for p in query.list_places(store, limit=MAP_PLACES)]}


class Cached:
    """A whole-store summary (the actor graph, the store's counts), rebuilt at most every
    ``ttl`` seconds, one build at a time: they read every row, and a page needs them often."""

    def __init__(self, build: Callable[[Store], dict[str, Any]], ttl: float) -> None:
        self._build, self._ttl = build, ttl
        self._lock = threading.Lock()
        self._value: dict[str, Any] | None = None
        self._built = 0.0

    def get(self, store: Store) -> dict[str, Any]:
        with self._lock:
            if self._value is None or time.monotonic() - self._built > self._ttl:
                self._value = self._build(store)
                self._built = time.monotonic()
            return self._value


FAMILIES = {
    "meet": frozenset({"CONSULT", "AGREE", "COOPERATE"}),
    "support": frozenset({"SUPPORT", "AID", "CONCEDE", "RETREAT", "REQUEST"}),
    "oppose": frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                         "COERCE", "ASSAULT"}),
    "quoted": frozenset({"co-quoted"}),
}


def family(edge_type: str) -> str:
    return next((name for name, types in FAMILIES.items() if edge_type in types), "other")


def graph_data(store: Store, request: Request, cache: Cached) -> dict[str, Any]:
    """The actor graph, filtered by relation family and around an entity, laid out."""
    full = cache.get(store)
    edges = [dict(e, family=family(e["type"])) for e in full["edges"]]
    wanted = set(request.query_params.getlist("rel")) & {*FAMILIES, "other"}
    if not wanted:
        events = sum(1 for e in edges if e["family"] != "quoted")
        wanted = {"meet", "support", "oppose", "other"} | (
            {"quoted"} if events < QUOTED_DEFAULT_BELOW else set())
    focus = _text(request, "entity", size=200) or None
    edges = [e for e in edges if e["family"] in wanted]
    if focus:
        key = focus.casefold()
        named = {n["id"] for n in full["nodes"] if key in (n["id"].casefold(),
                                                          n["name"].casefold())}
        edges = [e for e in edges if named & {e["source"], e["target"]}]
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + e["count"]
    kept = set(sorted(degree, key=lambda n: (-degree[n], n))[:GRAPH_NODES])
    edges = [e for e in edges if e["source"] in kept and e["target"] in kept]
    web_query.edge_evidence(store, edges)
    nodes = [{k: v for k, v in n.items() if k != "pk"} | {"weight": degree[n["id"]]}
             for n in full["nodes"] if n["id"] in kept]
    return {"nodes": nodes, "edges": [{k: v for k, v in e.items() if k != "pks"}
                                      for e in edges],
            "relations": sorted(wanted), "entity": focus,
            "truncated": len(degree) > len(kept) or full.get("truncated_relations", False),
            "actors": len(degree)}


# -- the app ---------------------------------------------------------------------------------------

def create_app(db_path: str | Path) -> Starlette:
    """The web app over the store at ``db_path``, opened read-only."""
    pool = StorePool(db_path)
    templates = Jinja2Templates(env=_environment())
    graph_cache = Cached(web_query.actor_graph, GRAPH_TTL)
    stats_cache = Cached(query.stats, STATS_TTL)
    places_cache = Cached(places_data, STATS_TTL)

    def page(template: str, build: Callable[[Store, Request], dict[str, Any]], nav: str,
             *, quick: bool = False) -> Callable[[Request], Any]:
        def endpoint(request: Request) -> Response:
            with pool.store() as store:
                data = build(store, request)
            return templates.TemplateResponse(request, template, {"data": data, "nav": nav})
        return _inline(endpoint) if quick else endpoint

    def api(build: Callable[[Store, Request], dict[str, Any]], *,
            quick: bool = False) -> Callable[[Request], Any]:
        def endpoint(request: Request) -> Response:
            with pool.store() as store:
                return JSONResponse(build(store, request))
        return _inline(endpoint) if quick else endpoint

    def search(store: Store, request: Request) -> dict[str, Any]:
        return search_data(store, request, stats_cache.get)

    def article(store: Store, request: Request) -> dict[str, Any]:
        data = article_data(store, request.path_params["id"])
        data["segments"] = render.annotate(data)
        data["colours"] = render.speaker_classes(data.get("quotes", []))
        return data

    def entity(kind: str) -> Callable[[Store, Request], dict[str, Any]]:
        return lambda store, request: entity_data(store, request, kind)

    def graph_page(store: Store, request: Request) -> dict[str, Any]:
        data = graph_data(store, request, graph_cache)
        data["layout"], data["height"] = render.graph_layout(data)
        data["width"] = render.GRAPH_W
        sizes = {n["id"]: min(15.0, 4 + 2.5 * math.log2(1 + n["weight"]))
                 for n in data["nodes"]}
        data["radius"] = sizes
        data["paths"] = _edge_paths(data, sizes)
        return data

    def timeline_page(store: Store, request: Request) -> dict[str, Any]:
        data = timeline_data(store, request)
        data["chart"] = render.bar_chart(data["buckets"])
        return data

    def map_page(store: Store, request: Request) -> dict[str, Any]:
        data = dict(places_cache.get(store))
        data["markers"] = render.map_markers(data["places"])
        named = {world.numeric_code(p["country"]) for p in data["places"] if p["country"]}
        data["countries"] = world.countries()
        data["named_countries"] = named
        data["width"], data["height"] = world.WIDTH, world.HEIGHT
        return data

    routes = [
        Route("/", page("search.html", search, "search", quick=True)),
        Route("/search", page("search.html", search, "search", quick=True)),
        Route("/article/{id:path}", page("article.html", article, "search", quick=True)),
        Route("/people", page("people.html", people_data, "people")),
        Route("/person/{name:path}", page("entity.html", entity("PER"), "people", quick=True)),
        Route("/organisation/{name:path}", page("entity.html", entity("ORG"), "people",
                                                quick=True)),
        Route("/timeline", page("timeline.html", timeline_page, "timeline")),
        Route("/graph", page("graph.html", graph_page, "graph")),
        Route("/map", page("map.html", map_page, "map")),
        Route("/stories", page("stories.html", stories_data, "stories")),
        Route("/api/search", api(search, quick=True)),
        Route("/api/articles/{id:path}",
              api(lambda s, r: article_data(s, r.path_params["id"]), quick=True)),
        Route("/api/people", api(people_data)),
        Route("/api/people/{name:path}", api(entity("PER"), quick=True)),
        Route("/api/organisations/{name:path}", api(entity("ORG"), quick=True)),
        Route("/api/timeline", api(timeline_data)),
        Route("/api/graph", api(lambda s, r: graph_data(s, r, graph_cache))),
        Route("/api/places", api(lambda s, r: places_cache.get(s))),
        Route("/api/stories", api(stories_data)),
        Route("/api/stats", api(lambda s, r: stats_cache.get(s))),
        Route("/api/openapi.json", lambda r: JSONResponse(openapi_schema())),
        *watch_pages.routes(pool, templates, inline=_inline),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]

    def error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, NotFound):
            status, message = 404, str(exc)
        elif isinstance(exc, HTTPException):
            status = exc.status_code
            message = "no such page" if status == 404 else str(exc.detail).lower()
        else:  # a bug: logged with its traceback, never shown
            status, message = 500, "something went wrong on our side"
            log.error("error serving %s", request.url.path, exc_info=exc)
        # A 500 response is sent by Starlette's outermost middleware, around ours: it gets
        # the security headers here.
        headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS} if status == 500 else None
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status,
                                headers=headers)
        return templates.TemplateResponse(request, "error.html", {
            "status": status, "message": message, "nav": ""}, status_code=status,
            headers=headers)

    def warm_graph() -> None:
        """Build the actor graph in the background (seconds on a large store)."""
        with contextlib.suppress(Exception), pool.store() as store:
            graph_cache.get(store)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        threading.Thread(target=warm_graph, name="veille-graph", daemon=True).start()
        yield
        pool.close()

    app = Starlette(routes=routes, exception_handlers={
        NotFound: error, HTTPException: error, Exception: error}, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    app.state.pool = pool
    return app


def _inline(endpoint: Callable[[Request], Response]) -> Callable[[Request], Any]:
    """Run ``endpoint`` on the event loop instead of Starlette's thread pool.

    For the pages that answer in milliseconds from indexes (search, article, person):
    handing each to a thread costs CPU, and forty threads sharing the GIL stretch every
    answer. Measured on the 10,000-article bench store under 20 concurrent clients (a busy
    shared machine): p95 510-630 ms in the thread pool, 260-355 ms inline, at the same or a
    higher throughput. Slow pages (graph, map, people, timeline) stay in the pool, so they
    never hold up the others.
    """
    async def run_inline(request: Request) -> Response:
        return endpoint(request)

    return run_inline


def _edge_paths(data: dict[str, Any], radius: dict[str, float]) -> list[dict[str, Any]]:
    """Each edge's SVG path; edges between the same two actors bend apart."""
    layout = data["layout"]
    seen: dict[frozenset[str], int] = {}
    paths = []
    for edge in data["edges"]:
        pair = frozenset((edge["source"], edge["target"]))
        n = seen[pair] = seen.get(pair, -1) + 1
        (x1, y1), (x2, y2) = layout[edge["source"]], layout[edge["target"]]
        bend = 14.0 * (n + 1) * (1 if n % 2 == 0 else -1)
        paths.append(dict(edge, d=render.edge_geometry(x1, y1, x2, y2,
                                                      radius[edge["target"]], bend)))
    return paths


def app_from_environment() -> Starlette:
    """The app over ``$VEILLE_DB``: what each worker process builds (``--workers N``)."""
    import os

    return create_app(os.environ["VEILLE_DB"])
