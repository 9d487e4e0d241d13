"""Two `veille watch --once` runs over the local test site (local_site.py).

The second run comes after the summit article was edited (title and one quotation): it
fetches no unchanged page, stores the edit as a second version with its diff, records each
alert match once, and the archive holds every response the site sent.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from local_site import LIMITED, SOMMET, Site, serve

from veille.cli import main

pytestmark = pytest.mark.slow

ARTICLE_PAGES = {"/politique/conseil-municipal.html", "/economie/port.html", SOMMET,
                 "/culture/festival.html", LIMITED}


def veille(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def warc_records(folder: Path) -> list[dict[str, Any]]:
    from warcio.archiveiterator import ArchiveIterator

    records = []
    for path in sorted(folder.glob("*.warc.gz")):
        with path.open("rb") as raw:
            for record in ArchiveIterator(raw):
                records.append({"type": record.rec_type,
                                "url": record.rec_headers.get_header("WARC-Target-URI"),
                                "status": int(record.http_headers.get_statuscode()),
                                "truncated": record.rec_headers.get_header("WARC-Truncated")})
    return records


@pytest.fixture(scope="module")
def runs(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Sources and alerts added, one run, the summit edited, a second run."""
    folder = tmp_path_factory.mktemp("watch")
    db, archive = str(folder / "news.db"), folder / "archive"
    with serve(Site()) as site:
        common = ["--every", "1s", "--allow-private", "--db", db]
        veille("sources", "add", site.url("/"), "--name", "veilleur", *common)
        veille("sources", "add", site.url("/sitemap_index.xml"), "--name", "plan", *common)
        veille("sources", "add", site.url("/casse.xml"), "--name", "casse", *common)
        veille("sources", "add", site.url("/entites.xml"), "--name", "entites", *common)
        veille("alerts", "add", "helsinki", "Helsinki", "--db", db)
        veille("alerts", "add", "dumont", "", "--speaker", "Claire Dumont", "--db", db)
        watch = ["watch", "--once", "--db", db, "--archive", str(archive), "--delay", "0s",
                 "--no-provenance"]
        first_output = veille(*watch)
        first = {"log": list(site.log), "stats": stats(db), "records": warc_records(archive)}
        site.phase = 2
        time.sleep(1.1)  # every source is due again (--every 1s)
        second_output = veille(*watch)
        second = {"log": site.log[len(first["log"]):], "stats": stats(db),
                  "records": warc_records(archive)}
        yield {"db": db, "archive": archive, "site": site, "first": first, "second": second,
               "outputs": (first_output, second_output)}


def stats(db: str) -> dict[str, Any]:
    return json.loads(veille("stats", "--db", db, "--format", "json"))


def sql(db: str, query: str, *args: Any) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return [tuple(r) for r in con.execute(query, args)]
    finally:
        con.close()


def paths(log: list[Any]) -> list[str]:
    return [h.path.split("?")[0] for h in log]


def test_first_run_stores_every_article_once(runs: dict[str, Any]) -> None:
    db = runs["db"]
    urls = {row[0] for row in sql(db, "SELECT url FROM articles")}
    assert urls == {runs["site"].url(p) for p in ARTICLE_PAGES}
    assert runs["first"]["stats"]["articles"] == len(ARTICLE_PAGES)
    assert runs["first"]["stats"]["versions"] == len(ARTICLE_PAGES)
    assert runs["first"]["stats"]["sources"] == 4 and runs["first"]["stats"]["alerts"] == 2
    # Tracking parameters are gone: the RSS links carried utm_source and xtor.
    assert not any("utm_" in u or "xtor" in u for u in urls)
    titles = {row[0] for row in sql(db, "SELECT title FROM articles")}
    assert "Grève au port de Marseille : les dockers maintiennent le blocage" in titles


def test_each_page_is_fetched_once_and_politely(runs: dict[str, Any]) -> None:
    fetched = paths(runs["first"]["log"])
    for page in ARTICLE_PAGES - {LIMITED}:
        assert fetched.count(page) == 1, page  # listed by several feeds: fetched once
    assert "/prive/interne.html" not in fetched  # robots.txt disallows /prive/
    assert fetched[0] == "/robots.txt" and fetched.count("/robots.txt") == 1
    agents = {h.headers.get("User-Agent", "") for h in runs["first"]["log"]}
    assert all(a.startswith("veille/") and "+http" in a for a in agents)


def test_429_is_retried_after_retry_after(runs: dict[str, Any]) -> None:
    hits = [h for h in runs["first"]["log"] if h.path == LIMITED]
    assert [h.status for h in hits] == [429, 200]
    assert hits[1].at - hits[0].at >= 1.0  # Retry-After: 1


def test_hostile_sources_are_recorded_failures(runs: dict[str, Any]) -> None:
    db = runs["db"]
    failures = {(src.rsplit("/", 1)[-1], kind): msg for src, kind, msg in sql(
        db, "SELECT source, error_type, message FROM failures WHERE level = 'error'")}
    assert "declares XML entities" in failures[("entites.xml", "MalformedFeed")]
    assert "not a readable feed" in failures[("casse.xml", "MalformedFeed")]
    assert "redirect loop" in failures[("boucle-a.html", "HTTPError")]
    assert "over the 20 MB limit" in failures[("bombe.html", "TooLarge")]
    assert "compression bomb" in failures[("bombe-sitemap.xml.gz", "TooLarge")]
    assert "sitemap index loop" in failures[("sitemap_index.xml", "MalformedFeed")]
    refused = sql(db, "SELECT message FROM failures WHERE source LIKE '%/prive/interne.html'")
    assert refused == [("disallowed by the site's robots.txt",)]
    listed = json.loads(veille("sources", "list", "--db", db, "--format", "json"))
    status = {s["name"]: s["last_status"] for s in listed}
    assert status["casse"] == status["entites"] == "failed"
    assert {s["name"]: s["kind"] for s in listed}["veilleur"] == "home"
    assert {"url", "kind", "every", "last_poll", "last_status", "articles"} <= set(listed[0])
    assert {s["name"]: s["articles"] for s in listed}["veilleur"] >= 4


def test_second_run_fetches_no_unchanged_page(runs: dict[str, Any]) -> None:
    fetched = paths(runs["second"]["log"])
    assert [p for p in fetched if p in ARTICLE_PAGES] == [SOMMET]
    summit = next(h for h in runs["second"]["log"] if h.path == SOMMET)
    assert summit.headers.get("If-None-Match")  # a conditional request
    conditional = {h.path: h.status for h in runs["second"]["log"]
                   if h.path in ("/rss.xml", "/news-sitemap.xml", "/sitemap_index.xml", "/")}
    assert conditional["/rss.xml"] == conditional["/news-sitemap.xml"] == 304
    assert "/robots.txt" not in fetched  # kept in the store from the first run
    assert "2 new, 0 changed" not in runs["outputs"][1]
    assert "veilleur: 0 new, 1 changed, 0 failed" in runs["outputs"][1]


def test_the_edit_is_a_second_version_with_its_diff(runs: dict[str, Any]) -> None:
    db, site = runs["db"], runs["site"]
    assert runs["second"]["stats"]["articles"] == runs["first"]["stats"]["articles"]
    assert runs["second"]["stats"]["versions"] == runs["first"]["stats"]["versions"] + 1
    versions = json.loads(veille("versions", site.url(SOMMET), "--db", db, "--format", "json"))
    assert [v["number"] for v in versions] == [1, 2]
    assert all({"fetched", "title", "changes"} <= set(v) for v in versions)
    assert versions[0]["changes"] == []
    kinds = [c["kind"] for c in versions[1]["changes"]]
    assert "title-changed" in kinds and "quotation-altered" in kinds
    assert "quotation-removed" not in kinds and "quotation-added" not in kinds
    altered = next(c for c in versions[1]["changes"] if c["kind"] == "quotation-altered")
    assert altered["speaker"] == "Anne Leclerc"
    assert ["+", "absolument "] in altered["diff"]
    assert ["-", "aux "] in versions[1]["diff"]["text"]
    # Only the latest version is the article that search and people read.
    (title,) = sql(db, "SELECT title FROM articles WHERE url = ?", site.url(SOMMET))[0]
    assert title.endswith("s'accordent a minima sur l'énergie")
    text = veille("versions", site.url(SOMMET), "--db", db)
    assert "quotation-altered" in text and "{+absolument+}" in text


def test_alerts_record_each_match_once(runs: dict[str, Any]) -> None:
    db = runs["db"]
    matches = json.loads(veille("alerts", "show", "helsinki", "--db", db, "--format", "json"))
    assert [m["url"] for m in matches] == [runs["site"].url(SOMMET)]
    assert matches[0]["version"] == 1  # recorded by the first version, not again
    dumont = json.loads(veille("alerts", "show", "dumont", "--db", db, "--format", "json"))
    assert [m["url"] for m in dumont] == [runs["site"].url("/politique/conseil-municipal.html")]
    assert runs["second"]["stats"]["alert_matches"] == 2


def test_the_archive_holds_every_response(runs: dict[str, Any]) -> None:
    for run in ("first", "second"):
        records = runs[run]["records"]
        assert all(r["type"] == "response" for r in records)
        sent = sorted((h.path.split("?")[0], h.status) for h in (
            runs["first"]["log"] + (runs["second"]["log"] if run == "second" else [])))
        got = sorted((urlsplit(r["url"]).path, r["status"]) for r in records)
        assert got == sent
    bomb = [r for r in runs["second"]["records"] if r["url"].endswith("/bombe.html")]
    assert bomb and all(r["truncated"] == "length" for r in bomb)
    assert [p.name for p in runs["archive"].iterdir()] == [
        f"veille-{time.strftime('%Y%m%d', time.gmtime())}.warc.gz"]


def test_show_raw_prints_the_archived_page(runs: dict[str, Any]) -> None:
    db, site = runs["db"], runs["site"]
    (article_id,) = sql(db, "SELECT id FROM articles WHERE url = ?", site.url(SOMMET))[0]
    latest = veille("show", article_id, "--raw", "--db", db)
    first = veille("show", article_id, "--raw", "--version", "1", "--db", db)
    assert latest.startswith("<!doctype html>") and "a minima" in latest
    assert "a minima" not in first and "Helsinki" in first
    result = CliRunner().invoke(main, ["show", "exemple-inconnu", "--raw", "--db", db])
    assert result.exit_code != 0 and "no article" in result.output


def test_batch_and_analyze_read_the_archive(runs: dict[str, Any]) -> None:
    archive = next(runs["archive"].glob("*.warc.gz"))
    result = CliRunner().invoke(main, ["analyze", str(archive), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    # One document per archived HTML page (the summit twice, the home page too), and no
    # redirect, 304 or 429 response.
    urls = sorted(r["article"]["url"].rsplit("/", 1)[-1] for r in rows
                  if "article" in r and urlsplit(r["article"]["url"]).path != "/")
    assert urls == sorted([p.rsplit("/", 1)[-1] for p in ARTICLE_PAGES] + ["sommet.html"])
    # The gzip bomb's record holds what was read before the cap: an empty, truncated page.
    bombs = [r for r in runs["second"]["records"] if r["url"].endswith("/bombe.html")]
    assert len([r for r in rows if "error" in r]) == len(bombs) == 1


def test_reanalyse_from_the_archive_fetches_nothing(runs: dict[str, Any]) -> None:
    db, site = runs["db"], runs["site"]
    before = (len(site.log), stats(db)["articles"], stats(db)["versions"])
    out = veille("watch", "--reanalyse", "--db", db, "--no-provenance")
    assert f"0 articles analysed again from the archive, {len(ARTICLE_PAGES)} already" in out
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE analyses SET model = 'an-older-model'")  # as after an upgrade
    con.close()
    out = veille("watch", "--reanalyse", "--db", db, "--no-provenance")
    assert f"{len(ARTICLE_PAGES)} articles analysed again from the archive, 0 already" in out
    assert sql(db, "SELECT count(*) FROM analyses WHERE model = 'an-older-model'") == [(0,)]
    assert (len(site.log), stats(db)["articles"], stats(db)["versions"]) == before
