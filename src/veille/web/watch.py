"""The web app's pages for watching: the alerts page, each alert as an Atom feed that a
feed reader can follow (``/alerts/NAME.atom``), their JSON twins, and the versions panel of
the article page.

The Atom document is built with ElementTree, which escapes every text and attribute:
scraped titles and texts cannot inject markup into a reader.
"""

from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from veille._version import __version__
from veille.query.watch import alert_matches, list_alerts, list_versions
from veille.store import Store

__all__ = ["article_versions", "atom_feed", "routes"]

FEED_ITEMS = 50
"""Entries in an alert's feed: the newest matches (a feed reader keeps the older ones)."""
_ATOM = "http://www.w3.org/2005/Atom"


def article_versions(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The versions panel's data: [] for an article that was never watched (or a store
    from before watch)."""
    try:
        versions: list[dict[str, Any]] = list_versions(store, article_id)["versions"]
    except sqlite3.OperationalError:
        return []
    return versions


def _utc(stamp: str | None) -> str:
    return (stamp or "1970-01-01T00:00:00+00:00").replace("+00:00", "Z")


def atom_feed(data: dict[str, Any], *, base: str) -> bytes:
    """An alert's matches as an Atom 1.0 document; links point into this web app."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed")
    name = data["name"]
    self_url = f"{base}/alerts/{quote(name, safe='')}.atom"

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{_ATOM}}}{tag}", attrs)
        if text is not None:
            node.text = text
        return node

    sub(feed, "title", f"veille alert: {name}")
    sub(feed, "id", f"urn:veille:alert:{quote(name, safe='')}")
    sub(feed, "link", rel="self", href=self_url)
    sub(feed, "link", rel="alternate", href=f"{base}/alerts")
    sub(feed, "updated", _utc(data["items"][0]["matched_at"] if data["items"]
                             else data["created_at"]))
    sub(feed, "generator", "veille", version=__version__)
    sub(sub(feed, "author"), "name", "veille")
    for item in data["items"]:
        entry = sub(feed, "entry")
        sub(entry, "title", item["title"] or item["id"])
        sub(entry, "id", f"urn:veille:article:{item['id']}")
        sub(entry, "link", rel="alternate", href=f"{base}/article/{quote(item['id'], safe='')}")
        if item["url"] and str(item["url"]).lower().startswith(("http://", "https://")):
            sub(entry, "link", rel="related", href=item["url"])
        sub(entry, "updated", _utc(item["matched_at"]))
        if item["published"]:
            sub(entry, "published", _utc(f"{item['published'][:10]}T00:00:00+00:00"))
        lead = " ".join((item["lead"] or "").split())
        sub(entry, "summary", f"{item['site'] or ''} — {lead}…".strip(" —"))
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8")


def routes(pool: Any, templates: Any, *, inline: Callable[[Any], Any]) -> list[Route]:
    """The alert routes, over the app's store pool and templates."""
    def alerts_data(store: Store) -> dict[str, Any]:
        alerts = list_alerts(store)
        recent = {a["name"]: alert_matches(store, a["name"], limit=5)["items"]
                  for a in alerts}
        return {"alerts": alerts, "recent": recent}

    def page(request: Request) -> Response:
        with pool.store() as store:
            data = alerts_data(store)
        return templates.TemplateResponse(request, "alerts.html", {"data": data,
                                                                   "nav": "alerts"})

    def api_list(request: Request) -> Response:
        from starlette.responses import JSONResponse

        with pool.store() as store:
            return JSONResponse({"alerts": list_alerts(store)})

    def api_one(request: Request) -> Response:
        from starlette.responses import JSONResponse

        with pool.store() as store:
            return JSONResponse(alert_matches(store, request.path_params["name"],
                                              limit=FEED_ITEMS))

    def feed(request: Request) -> Response:
        with pool.store() as store:
            data = alert_matches(store, request.path_params["name"], limit=FEED_ITEMS)
        base = str(request.base_url).rstrip("/")
        return Response(atom_feed(data, base=base),
                        media_type="application/atom+xml; charset=utf-8")

    return [
        Route("/alerts", inline(page)),
        Route("/alerts/{name}.atom", inline(feed)),
        Route("/api/alerts", inline(api_list)),
        Route("/api/alerts/{name}", inline(api_one)),
    ]
