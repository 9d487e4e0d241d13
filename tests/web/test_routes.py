"""Every route of the web app, in process: status, content, escaping, headers, the API."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest

from web.conftest import HOSTILE_ID

pytestmark = pytest.mark.slow  # the session store is built with the spaCy model

HELSINKI = "sommet-helsinki"
PAGES = ["/", "/search?q=Helsinki", "/search?q=gr%C3%A8ve&page=1", "/people",
         "/person/%C3%89tienne%20Marchal", "/timeline", "/timeline?entity=Marchal",
         "/timeline?q=gr%C3%A8ve", "/graph", "/map", "/stories", f"/article/{HOSTILE_ID}",
         "/search?q=%3Cscript%3E", "/people?name=Marchal"]
APIS = ["/api/search?q=Helsinki", "/api/people", "/api/people/%C3%89tienne%20Marchal",
        "/api/timeline?entity=Marchal", "/api/graph", "/api/places", "/api/stories",
        "/api/stats", "/api/openapi.json", f"/api/articles/{HOSTILE_ID}"]


def helsinki_id(client: Any) -> str:
    hits = client.get("/api/search", params={"q": "Helsinki"}).json()["articles"]
    assert hits, "the Helsinki example is in the store"
    return str(hits[0]["id"])


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def assert_safe_html(html: str) -> None:
    """No inline script or style, no event handler, no javascript: URL, scripts only ours."""
    tags = parse(html)
    assert not tags.script_text, "no inline script"
    for tag, attrs in tags.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler attribute on <{tag}>"
            assert name != "style", f"inline style on <{tag}> (CSP forbids it)"
            if name in ("href", "src", "action", "formaction") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:", "//")), \
                    f"<{tag} {name}={value!r}>"
        if tag in ("script", "img", "iframe", "link"):
            target = attrs.get("src") or attrs.get("href") or ""
            assert tag not in ("img", "iframe"), f"<{tag}> from stored content"
            assert target.startswith("/static/"), f"<{tag}> loads {target!r}"


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_safely(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "<h1>" in response.text or "<h1 " in response.text
    assert_safe_html(response.text)


@pytest.mark.parametrize("url", APIS)
def test_every_api_answers_json(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json(), dict)


def test_openapi_documents_every_api_route(app: Any, client: Any) -> None:
    schema = client.get("/api/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    routes = {re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", r.path) for r in app.routes
              if getattr(r, "path", "").startswith("/api/") and r.path != "/api/openapi.json"}
    assert routes == set(schema["paths"]), "every /api/ route has an OpenAPI entry"
    for path, item in schema["paths"].items():
        for name in re.findall(r"\{(\w+)\}", path):
            assert any(p["name"] == name and p["in"] == "path" for p in item["get"]["parameters"])


def test_search_finds_articles_quotes_and_facets(client: Any) -> None:
    data = client.get("/api/search", params={"q": "grève"}).json()
    assert data["total"] >= 1 and not data["syntax_fallback"]
    assert any("Marseille" in (a["title"] or "") for a in data["articles"])
    assert data["quotes"], "quotes with the word are searched too"
    assert {f["value"] for f in data["facets"]["language"]} == {"fr"}
    assert data["facets"]["person"] and data["facets"]["site"] and data["facets"]["month"]
    page = client.get("/search", params={"q": "grève"}).text
    assert "<mark>" in page and "Quotations with these words" in page


@pytest.mark.parametrize("query", ['"', '"port de', "AND", "(", "NEAR(", "title:", "-", "*",
                                   "'", "a OR", "\x00", "é\"è", "^", ")))", "NOT"])
def test_bad_fts_syntax_is_never_a_500(client: Any, query: str) -> None:
    response = client.get("/search", params={"q": query})
    assert response.status_code == 200
    api = client.get("/api/search", params={"q": query})
    assert api.status_code == 200
    if api.json()["syntax_fallback"]:
        assert "not valid search syntax" in response.text


def test_lone_quote_searches_the_words(client: Any) -> None:
    data = client.get("/api/search", params={"q": '"Helsinki'}).json()
    assert data["syntax_fallback"] and data["total"] >= 1


def test_facet_filters_narrow_the_results(client: Any) -> None:
    everything = client.get("/api/search").json()
    assert everything["total"] >= 6 and everything["stats"]["articles"] == everything["total"]
    site = next(f for f in everything["facets"]["site"] if f["value"] == "Exemple Hebdo")
    only = client.get("/api/search", params={"site": site["value"]}).json()
    assert only["total"] == site["count"]
    assert {a["site"] for a in only["articles"]} == {"Exemple Hebdo"}
    person = client.get("/api/search", params={"person": "Étienne Marchal"}).json()
    assert person["total"] == 1 and "Helsinki" in person["articles"][0]["title"]
    dated = client.get("/api/search", params={"since": "2026-01-01", "until": "2026-12"}).json()
    assert dated["total"] >= 1 and all(a["published"] >= "2026" for a in dated["articles"])
    nonsense = client.get("/api/search", params={"since": "tomorrow"}).json()
    assert nonsense["total"] == everything["total"], "a malformed date is ignored"
    chip = client.get("/search", params={"q": "", "site": "Exemple Hebdo"}).text
    assert "site: Exemple Hebdo" in chip


def test_search_pages(client: Any) -> None:
    first = client.get("/api/search").json()
    assert first["page"] == 1 and first["pages"] == 1
    beyond = client.get("/api/search", params={"page": "7"}).json()
    assert beyond["articles"] == [] and beyond["page"] == 7
    assert client.get("/search", params={"page": "x"}).status_code == 200


def test_article_page_marks_quotes_people_times_and_events(client: Any) -> None:
    article_id = helsinki_id(client)
    html = client.get(f"/article/{article_id}").text
    data = client.get(f"/api/articles/{article_id}").json()
    speakers = {q["speaker"] for q in data["quotes"] if q["speaker"]}
    assert "Étienne Marchal" in speakers and "Matthias Brenner" in speakers
    classes = set(re.findall(r'class="q (spk-[\w-]+)', html))
    assert len(classes) >= len(speakers), "one colour per speaker"
    assert 'href="/person/%C3%89tienne%20Marchal"' in html
    assert 'class="ent ent-per"' in html and "timex" in html and "event" in html
    assert "général allemand" in html, "roles are listed"
    assert "No copies of this article are known" in html
    text = data["article"]["text"]
    for item in data["quotes"]:
        assert text[item["start"]:item["end"]] == item["text"]


def test_unknown_things_are_404_pages(client: Any) -> None:
    for url in ["/article/nope", "/person/Nobody%20Atall", "/organisation/Nope", "/nowhere"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "text/html" in response.headers["content-type"] and "<h1>" in response.text
    api = client.get("/api/articles/nope")
    assert api.status_code == 404 and "no article" in api.json()["error"]
    assert client.get("/api/nothing-here").json() == {"error": "no such page", "status": 404}
    post = client.post("/search", data={"q": "x"})
    assert post.status_code == 405 and "method not allowed" in post.text


def test_person_page(client: Any) -> None:
    html = client.get("/person/%C3%89tienne%20Marchal").text
    data = client.get("/api/people/%C3%89tienne%20Marchal").json()
    assert data["name"] == "Étienne Marchal" and data["quotes_total"] >= 2
    dates = [q["published"] for q in data["quotes"]]
    assert dates == sorted(dates)
    assert {r["role"] for r in data["roles"]} >= {"général français"}
    assert any(r["name"] == "Matthias Brenner" for r in data["related"])
    assert "Roles over time" in html and "Most often named with" in html
    assert "général français" in html and "Matthias Brenner" in html


def test_organisation_page(client: Any) -> None:
    orgs = [e["name"] for e in client.get(f"/api/articles/{helsinki_id(client)}").json()[
        "entities"] if e["type"] == "ORG"]
    assert orgs
    response = client.get(f"/organisation/{quote(orgs[0], safe='')}")
    assert response.status_code == 200 and "Organisation" in response.text


def test_timeline_draws_bars_for_an_entity_and_a_query(client: Any) -> None:
    data = client.get("/api/timeline", params={"entity": "Marchal"}).json()
    assert data["items"] and any(i["kind"] == "quote" for i in data["items"])
    assert sum(b["events"] + b["quotes"] for b in data["buckets"]) + data["undated"] == len(
        data["items"])
    html = client.get("/timeline", params={"entity": "Marchal"}).text
    assert html.count('<rect class="qu"') >= 1 and "What happened, in order" in html
    assert client.get("/timeline", params={"q": "grève"}).text.count("<rect") >= 1
    empty = client.get("/timeline").text
    assert "Choose a person or organisation" in empty


def test_graph_draws_actors_and_filters(client: Any) -> None:
    data = client.get("/api/graph").json()
    assert data["nodes"] and data["edges"]
    names = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in names and e["target"] in names for e in data["edges"])
    html = client.get("/graph").text
    assert html.count("<circle") == len(data["nodes"])
    quoted = client.get("/api/graph", params={"rel": "quoted"}).json()
    assert {e["family"] for e in quoted["edges"]} == {"quoted"}
    around = client.get("/api/graph", params={"entity": "Étienne Marchal"}).json()
    assert around["edges"] and all("Étienne Marchal" in (e["source"], e["target"])
                                   for e in around["edges"])


def test_map_draws_the_world_and_the_places(client: Any) -> None:
    html = client.get("/map").text
    places = client.get("/api/places").json()["places"]
    located = [p for p in places if p["lat"] is not None]
    assert located
    assert html.count("<path d=\"M") > 150, "country outlines are drawn"
    assert html.count("<circle") == len(located)
    assert "Helsinki" in html and "Natural Earth" in html


def test_static_files_are_served(client: Any) -> None:
    for path in ["/static/style.css", "/static/app.js", "/static/favicon.svg",
                 "/static/vendor/world-atlas/LICENSE"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "content-security-policy" in response.headers


def test_article_view_answers_as_get_article(app: Any) -> None:
    from veille.errors import NotFound
    from veille.query import get_article
    from veille.query.web import article_view, browse_articles

    with app.state.pool.store() as store:
        ids = [a["id"] for a in browse_articles(store, limit=50)["articles"]]
        assert len(ids) >= 6
        hashed = next(i for i in ids if re.fullmatch(r"[0-9a-f]{16}", i))
        for article_id in [*ids, hashed[:8]]:  # whole ids, and a prefix
            assert article_view(store, article_id) == get_article(store, article_id)
        with pytest.raises(NotFound):
            article_view(store, "no-such-article")


def test_a_person_page_opens_under_a_shorter_name(client: Any) -> None:
    full = client.get("/api/people/%C3%89tienne%20Marchal").json()
    bare = client.get("/api/people/Marchal").json()
    assert bare["name"] == full["name"] == "Étienne Marchal"
    assert bare["articles"] == full["articles"] and bare["spellings"]
    page = client.get("/person/MARCHAL")
    assert page.status_code == 200 and "Étienne Marchal" in page.text


def test_search_says_how_it_ranked_and_counted(client: Any) -> None:
    data = client.get("/api/search", params={"q": "Helsinki"}).json()
    assert data["ranking"] in ("all", "none") or data["ranking"].startswith("salient-")
    assert data["total_is_estimate"] is False and data["total"] >= 1


def test_an_acronym_the_example_defines_is_the_same_actor(client: Any) -> None:
    # examples/frappe-dateline.txt: "le Front armé de l'Est (FAE)", then "le FAE".
    full = client.get("/api/organisations/Front%20arm%C3%A9%20de%20l%27Est").json()
    short = client.get("/api/organisations/FAE").json()
    assert short["name"] == full["name"] == "Front armé de l'Est"
    graph = client.get("/api/graph", params={"rel": ["meet", "support", "oppose", "other",
                                                       "quoted"]}).json()
    assert "FAE" not in {n["name"] for n in graph["nodes"]}
