"""``veille serve`` options and errors, and every page of an empty store (no spaCy here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from veille.cli import main
from veille.store import Store

PAGES = ["/", "/search?q=x", "/search?q=%22", "/people", "/timeline", "/timeline?entity=X",
         "/timeline?q=x", "/graph", "/map", "/stories", "/api/search", "/api/graph",
         "/api/places", "/api/stories", "/api/stats", "/api/timeline?q=x"]


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "no database at" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "none.db").exists(), "serve never creates a store"


def test_serve_binds_loopback_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    Store(tmp_path / "s.db").close()
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert "warning" not in result.output
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "s.db"), "--host",
                                       "0.0.0.0"])
    assert "anyone who can reach it can read the store" in result.output


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from starlette.testclient import TestClient

    from veille.web.app import create_app

    path = tmp_path_factory.mktemp("empty") / "empty.db"
    Store(path).close()
    with TestClient(create_app(path)) as client:
        yield client


@pytest.mark.parametrize("url", PAGES)
def test_an_empty_store_gives_empty_states(empty_client: Any, url: str) -> None:
    response = empty_client.get(url)
    assert response.status_code == 200
    if not url.startswith("/api/"):
        assert 'class="empty"' in response.text or "<table" not in response.text


def test_a_bug_is_a_plain_500(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from veille.query import web as web_query
    from veille.web.app import create_app

    Store(tmp_path / "s.db").close()

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret <b>detail</b>")

    monkeypatch.setattr(web_query, "search_page", broken)
    with TestClient(create_app(tmp_path / "s.db"), raise_server_exceptions=False) as client:
        page = client.get("/search?q=x")
        api = client.get("/api/search?q=x")
    assert page.status_code == 500 and "something went wrong" in page.text
    assert "secret" not in page.text and "Traceback" not in page.text
    assert "content-security-policy" in page.headers
    assert api.status_code == 500 and api.json()["status"] == 500
