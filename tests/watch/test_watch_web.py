"""The web app's watch pages: the versions panel of an article, the alerts page, and each
alert as an Atom feed. The store is made by hand (no model, no network)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from veille.extract import content_hash
from veille.records import Analysis, Article, Quote
from veille.store import Store
from veille.watch import add_alert
from veille.watch.state import Fetched, PageTask, record_fetched, snapshot_stored

HOSTILE = "<script>alert('t')</script> Grève"
ATOM = "{http://www.w3.org/2005/Atom}"


def _analysis(text: str, title: str, quote: str) -> Analysis:
    start = text.index(quote)
    article = Article(id="greve-port", source="http://news.example/greve",
                      url="http://news.example/greve", title=title, text=text,
                      content_hash=content_hash(text), extractor="test",
                      published="2026-11-20", language="fr")
    return Analysis(article=article, quotes=(Quote(
        text=quote, start=start, end=start + len(quote), kind="direct",
        speaker="Marc Ferrand"),), analyzers={"quotes": "test"}, model="m")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from starlette.testclient import TestClient

    from veille.web.app import create_app

    path = tmp_path_factory.mktemp("watchweb") / "w.db"
    with Store(path) as store:
        first = _analysis("« Nous tiendrons », a déclaré Marc Ferrand au port de Marseille.",
                          "Grève au port", "Nous tiendrons")
        store.add(first)
        second = _analysis("« Nous tiendrons bon », a déclaré Marc Ferrand au port de "
                           "Marseille.", HOSTILE, "Nous tiendrons bon")
        add_alert(store, "port", '"port de Marseille"')
        snapshot_stored(store, ["greve-port"])
        store.write([second])
        with store.db:
            pk = store.db.execute("INSERT INTO watch_pages (url, first_seen) VALUES (?, '')",
                                  ("http://news.example/greve",)).lastrowid
        assert pk is not None
        task = PageTask(pk=pk, url="http://news.example/greve", source_pk=None,
                        article_pk=None)
        record_fetched(store, [Fetched(task=task, fetched_at=dt.datetime.now(dt.UTC),
                                       analysis=second, article=second.article)])
    with TestClient(create_app(path)) as test_client:
        yield test_client


def test_article_page_shows_versions_and_diff(client: Any) -> None:
    page = client.get("/article/greve-port")
    assert page.status_code == 200
    html = page.text
    assert "Versions" in html and "quotation-altered" in html and "title-changed" in html
    assert "<ins>bon </ins>" in html or "<ins>bon</ins>" in html
    assert "<script>alert('t')" not in html and "&lt;script&gt;" in html
    api = client.get("/api/articles/greve-port").json()
    assert [v["number"] for v in api["versions"]] == [1, 2]
    assert {"fetched", "title", "changes"} <= set(api["versions"][1])


def test_alerts_page_and_atom_feed(client: Any) -> None:
    page = client.get("/alerts")
    assert page.status_code == 200 and "/alerts/port.atom" in page.text
    feed = client.get("/alerts/port.atom")
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1  # one match, though the article has two versions
    assert entries[0].findtext(f"{ATOM}title") == HOSTILE  # escaped, read back as text
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/article/greve-port")
    assert client.get("/alerts/inconnue.atom").status_code == 404
    assert client.get("/api/alerts").json()["alerts"][0]["matches"] == 1


def test_hostile_titles_are_escaped_in_feeds(client: Any, tmp_path: Path) -> None:
    from veille.web.watch import atom_feed

    data = {"name": "x", "created_at": "2026-11-20T00:00:00+00:00", "items": [
        {"id": "a", "title": HOSTILE + " ]]> &amp;", "url": "javascript:alert(1)",
         "matched_at": "2026-11-20T00:00:00+00:00", "published": "2026-11-20",
         "site": "<b>", "lead": "<img src=x onerror=alert(1)>"}]}
    root = ET.fromstring(atom_feed(data, base="http://127.0.0.1:8000"))
    entry = root.find(f"{ATOM}entry")
    assert entry is not None and entry.findtext(f"{ATOM}title").startswith("<script>")
    assert [link.get("rel") for link in entry.findall(f"{ATOM}link")] == ["alternate"]
