"""End to end in a real headless Chromium (Debian's, driven by Playwright): a journalist
searches, opens an article, follows a person, and looks at the graph, timeline and map.

Each test saves a screenshot (in a temporary folder, or ``$VEILLE_SCREENSHOTS``). Console
errors are collected: a Content-Security-Policy violation or a failed script fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from web.conftest import HOSTILE_ID

pytestmark = pytest.mark.slow


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.errors = []  # type: ignore[attr-defined]
    tab.dialogs = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    yield tab
    context.close()


def shot(page: Any, screenshots: Path, name: str) -> Path:
    path = screenshots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def no_errors(page: Any) -> None:
    assert page.errors == [], page.errors
    assert page.dialogs == [], "a script from stored content ran"


def test_search_open_article_follow_person(page: Any, server_url: str, screenshots: Path) -> None:
    page.goto(server_url + "/")
    assert page.locator("h1").inner_text() == "Search the news"
    page.fill("form.search input[name=q]", "Helsinki")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=Helsinki**")
    hits = page.locator("ol.hits li h3 a")
    assert hits.count() >= 1
    shot(page, screenshots, "search")
    hits.first.click()
    page.wait_for_url("**/article/**")
    assert "Helsinki" in page.locator("h1").inner_text()
    quotes = page.locator(".text .q")
    assert quotes.count() >= 3
    # The script works under the CSP: hovering a quote outlines all of its pieces.
    quotes.first.hover()
    assert page.locator(".text .q.hot").count() >= 1
    assert page.locator("html[data-js=ready]").count() == 1
    shot(page, screenshots, "article")
    page.locator(".text a.ent-per", has_text="Marchal").first.click()
    page.wait_for_url("**/person/**")
    assert page.locator("h1").inner_text() == "Étienne Marchal"
    assert page.locator("ul.quotes li").count() >= 2
    shot(page, screenshots, "person")
    no_errors(page)


def test_graph_renders_and_reacts(page: Any, server_url: str, screenshots: Path) -> None:
    page.goto(server_url + "/graph")
    nodes = page.locator("figure.graph .node")
    assert nodes.count() >= 3 and page.locator("figure.graph path.edge").count() >= 2
    box = page.locator("figure.graph svg").bounding_box()
    assert box and box["width"] > 600 and box["height"] > 100
    nodes.first.locator("circle").hover()
    assert page.locator("figure.graph.focus").count() == 1
    assert page.locator("figure.graph .node.on").count() >= 2
    shot(page, screenshots, "graph")
    no_errors(page)


def test_timeline_renders(page: Any, server_url: str, screenshots: Path) -> None:
    page.goto(server_url + "/timeline?entity=Marchal")
    bars = page.locator("#timeline-chart rect")
    assert bars.count() >= 1
    assert all((bars.nth(i).bounding_box() or {}).get("height", 0) > 0
               for i in range(bars.count()))
    assert page.locator("ol.timeline li").count() >= 3
    shot(page, screenshots, "timeline")
    no_errors(page)


def test_map_renders(page: Any, server_url: str, screenshots: Path) -> None:
    page.goto(server_url + "/map")
    assert page.locator("#map .countries path").count() > 150
    circles = page.locator("#map .places circle")
    assert circles.count() >= 5
    box = circles.first.bounding_box()
    assert box and box["width"] > 3
    shot(page, screenshots, "map")
    no_errors(page)


def test_stories_and_people_pages(page: Any, server_url: str, screenshots: Path) -> None:
    page.goto(server_url + "/stories")
    assert "Stories" in page.locator("h1").inner_text()
    assert page.locator(".empty, table.stories").count() >= 1
    shot(page, screenshots, "stories")
    page.goto(server_url + "/people")
    assert page.locator("table.people tbody tr").count() >= 10
    no_errors(page)


def test_hostile_article_runs_nothing(page: Any, server_url: str, screenshots: Path) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{server_url}/article/{HOSTILE_ID}")
    page.wait_for_load_state("networkidle")
    title = page.locator("h1").inner_text()
    assert "<script>alert('title')</script>" in title and "<b>gras</b>" in title
    assert "<img src=x onerror=alert('img')>" in page.locator(".text").inner_text()
    assert page.locator(".text img, .text script, .text iframe, .text svg").count() == 0
    assert all(url.startswith(server_url) for url in requests), requests
    shot(page, screenshots, "hostile")
    no_errors(page)
