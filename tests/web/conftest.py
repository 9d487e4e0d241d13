"""Fixtures for the web app's tests: one example store per session, with a hostile article.

The store holds ``examples/`` (analysed once with the session's spaCy model) and one
JSON Lines record whose title, body, site and URL carry HTML and script injections: every
page must show them as text.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from veille.ingest import ingest
from veille.query import get_article
from veille.store import Store

HOSTILE_ID = "hostile-article"
HOSTILE_TITLE = "<script>alert('title')</script> Le maire <b>gras</b></textarea>"
HOSTILE_TEXT = (
    "Le ministre Paul Verdier a rencontré mardi à Lyon le maire de la ville. "
    "« Nous ne cèderons pas <script>alert('quote')</script> », a déclaré Paul Verdier. "
    "Voir <img src=x onerror=alert('img')> et <a href=\"javascript:alert('link')\">ce lien</a>."
    "\n\nUn texte qui ferme </textarea><svg onload=alert('svg')> et <iframe src=//evil.example>"
    " puis {{ 7*7 }} et ${7*7}."
)
COPIED_ID = "exemple-accord-peche"
COPY_ID = "copie-accord-peche"
HOSTILE_RECORD = {"id": HOSTILE_ID, "url": "javascript:alert('url')", "title": HOSTILE_TITLE,
                  "site": "<i>Site</i>\"'", "published": "2025-04-01", "language": "fr",
                  "text": HOSTILE_TEXT}


@pytest.fixture(scope="session")
def web_store_path(examples: Path, nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE_RECORD, ensure_ascii=False) + "\n", encoding="utf-8")
    path = folder / "web.db"
    with Store(path) as store:
        report = ingest([str(examples), str(hostile)], store, nlp=nlp)
        assert report.added >= 6 and not report.failures
        # A later copy of one example on another site: provenance links the two.
        original = get_article(store, COPIED_ID)["article"]
        copy = folder / "copy.jsonl"
        copy.write_text(json.dumps({**original, "id": COPY_ID, "url": None,
                                    "site": "Copie.example", "published": "2025-06-01"},
                                   ensure_ascii=False) + "\n", encoding="utf-8")
        assert ingest([str(copy)], store, nlp=nlp).added == 1
    return path


@pytest.fixture(scope="session")
def app(web_store_path: Path) -> Any:
    from veille.web.app import create_app

    return create_app(web_store_path)


@pytest.fixture(scope="session")
def client(app: Any) -> Iterator[Any]:
    from starlette.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


# -- a real server and a real browser ------------------------------------------------------

CHROMIUM = Path(os.environ.get("VEILLE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _no_browser(why: str) -> None:
    """Skip where the browser truly cannot be had; in CI (which installs it), fail."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {why}")
    pytest.skip(f"browser tests skipped: {why} (`make test` installs Debian's chromium when "
                "apt is usable: tests/web/ensure-chromium.sh)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server_url(app: Any) -> Iterator[str]:
    """The app served by uvicorn on 127.0.0.1, in a thread of this process."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        _no_browser(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("the playwright package is not installed (pip install -e '.[dev]')")
    executable = str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))
    with sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable,
                                                  args=CHROMIUM_ARGS)
        except Exception as exc:  # any launch failure means no browser
            _no_browser(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save their screenshots (VEILLE_SCREENSHOTS to keep them)."""
    kept = os.environ.get("VEILLE_SCREENSHOTS")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return tmp_path_factory.mktemp("screenshots")
