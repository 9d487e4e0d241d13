"""Scraped text is hostile: an article full of HTML and script injections renders as text.

The session store holds one such article (``conftest.HOSTILE_RECORD``): its title, body,
site and URL carry ``<script>``, ``<img onerror>``, ``javascript:`` links, ``</textarea>``,
``<svg onload>``, ``<iframe>`` and template syntax. Every page that shows it must show the
characters, never the markup.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from web.conftest import HOSTILE_ID, HOSTILE_RECORD
from web.test_routes import assert_safe_html

pytestmark = pytest.mark.slow

RAW = ["<script>alert(", "<img src=x", "<svg onload", "<iframe",
       'href="javascript:', "href='javascript:", "</textarea><", "<b>gras</b>", "<i>Site</i>"]
ESCAPED = ["&lt;script&gt;alert(", "&lt;img src=x onerror=alert(", "&lt;/textarea&gt;",
           "&lt;b&gt;gras&lt;/b&gt;"]


def pages_showing_the_hostile_article(client: Any) -> list[str]:
    return [f"/article/{HOSTILE_ID}", "/search?q=textarea", "/search?q=ministre+Verdier",
            "/search?q=", "/search?q=c%C3%A8derons", "/people", "/person/Paul%20Verdier",
            "/timeline?q=Verdier", "/timeline?entity=Paul%20Verdier", "/graph", "/map"]


@pytest.mark.parametrize("index", range(11))
def test_hostile_text_renders_as_text(client: Any, index: int) -> None:
    url = pages_showing_the_hostile_article(client)[index]
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.text
    for raw in RAW:
        assert raw not in html, f"{url} contains raw {raw!r}"
    assert_safe_html(html)


def test_hostile_article_shows_its_characters(client: Any) -> None:
    html = client.get(f"/article/{HOSTILE_ID}").text
    for escaped in ESCAPED:
        assert escaped in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("<footer>")[0].split("id <code>")[1], \
        "template syntax in the text is not evaluated"
    assert "javascript:alert(&#39;url&#39;)" in html, "a non-http URL is shown as text"
    assert 'href="javascript' not in html
    search = client.get("/search", params={"q": "textarea"}).text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in search


def test_the_api_returns_the_text_verbatim(client: Any) -> None:
    data = client.get(f"/api/articles/{HOSTILE_ID}").json()
    assert data["article"]["title"] == HOSTILE_RECORD["title"]
    assert data["article"]["url"] == HOSTILE_RECORD["url"]
    assert "<script>alert('quote')</script>" in data["article"]["text"]


def test_hostile_query_is_escaped(client: Any) -> None:
    html = client.get("/search", params={"q": '"><script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def test_the_store_is_opened_read_only(app: Any) -> None:
    import sqlite3

    with app.state.pool.store() as store, pytest.raises(sqlite3.OperationalError):
        store.db.execute("DELETE FROM articles")


def test_pool_never_lends_a_store_twice(web_store_path: Path) -> None:
    from veille.query.pool import StorePool

    pool = StorePool(web_store_path)
    in_use: set[int] = set()
    clash = threading.Event()
    lock = threading.Lock()

    def borrow() -> None:
        for _ in range(50):
            with pool.store() as store:
                with lock:
                    if id(store) in in_use:
                        clash.set()
                    in_use.add(id(store))
                store.db.execute("SELECT count(*) FROM articles").fetchone()
                with lock:
                    in_use.discard(id(store))

    threads = [threading.Thread(target=borrow) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not clash.is_set()
    assert 1 <= pool.size <= 9
    pool.close()
