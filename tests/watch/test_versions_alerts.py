"""Versions and alerts over hand-made records (no model, no network): what changed in
veille's terms, snapshots of what the store held, matches recorded once per alert."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.errors import StoreError
from veille.extract import content_hash
from veille.query.watch import list_versions, watch_counts
from veille.records import Analysis, Article, Quote
from veille.store import Store
from veille.watch import add_alert, match_alerts, remove_alert
from veille.watch.state import PageTask, record_fetched, snapshot_stored
from veille.watch.versions import changes, quote_changes, word_diff


def q(text: str, speaker: str | None, kind: str = "direct") -> dict[str, object]:
    return {"text": text, "speaker": speaker, "kind": kind}


def test_quotation_changes_in_veille_terms() -> None:
    old = [q("Nous ne céderons pas sur les salaires", "Marc Ferrand"),
           q("Le port est bloqué depuis lundi", "Julien Morel"),
           q("Rien n'est décidé", "Anne Leclerc")]
    new = [q("Nous ne céderons jamais sur les salaires", "Marc Ferrand"),
           q("Le port est bloqué depuis lundi", "Claire Dumont"),
           q("Une réunion aura lieu jeudi à la préfecture", None)]
    kinds = [(c["kind"], c.get("speaker") or c.get("after")) for c in quote_changes(old, new)]
    assert ("quotation-altered", "Marc Ferrand") in kinds
    assert ("speaker-changed", "Claire Dumont") in kinds
    assert ("quotation-removed", "Anne Leclerc") in kinds
    assert ("quotation-added", None) in kinds
    assert len(kinds) == 4


def test_title_date_and_text_changes() -> None:
    before = {"title": "Grève au port", "published": "2026-11-20", "text": "Un deux trois.",
              "quotes": []}
    after = {"title": "Grève au port de Marseille", "published": "2026-11-21",
             "text": "Un deux quatre cinq.", "quotes": []}
    found = {c["kind"]: c for c in changes(before, after)}
    assert found["title-changed"]["after"] == "Grève au port de Marseille"
    assert found["date-changed"] == {"kind": "date-changed", "before": "2026-11-20",
                                     "after": "2026-11-21"}
    assert (found["text-changed"]["words_removed"], found["text-changed"]["words_added"]) == (
        1, 2)
    assert changes(before, dict(before)) == []


def test_word_diff_keeps_context_around_changes() -> None:
    words = " ".join(f"mot{i}" for i in range(100))
    diff = word_diff(words, words.replace("mot50", "changé"))
    assert ("-", "mot50 ") in diff and ("+", "changé ") in diff
    assert all(len(t.split()) <= 20 for op, t in diff if op == "=")
    assert word_diff("même texte", "même texte", context=None) == [("=", "même texte")]


def analysis(text: str, *, title: str, quotes: tuple[Quote, ...] = ()) -> Analysis:
    article = Article(id="art-1", source="http://news.example/a", url="http://news.example/a",
                      title=title, text=text, content_hash=content_hash(text),
                      extractor="test", published="2026-11-20", language="fr")
    return Analysis(article=article, quotes=quotes, analyzers={"quotes": "test"}, model="m")


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "s.db")


def _page(store: Store, url: str) -> PageTask:
    with store.db:
        cur = store.db.execute("INSERT INTO watch_pages (url, first_seen) VALUES (?, '')",
                               (url,))
    assert cur.lastrowid is not None
    return PageTask(pk=cur.lastrowid, url=url, source_pk=None, article_pk=None)


def test_an_article_stored_before_it_was_watched_becomes_version_one(store: Store) -> None:
    import datetime as dt

    from veille.watch.state import Fetched

    text = "« Nous tiendrons », a déclaré Marc Ferrand. Le port reste bloqué."
    first = analysis(text, title="Grève", quotes=(
        Quote(text="Nous tiendrons", start=2, end=16, kind="direct", speaker="Marc Ferrand"),))
    store.add(first)  # ingested, not watched
    edited = analysis(text.replace("tiendrons", "tiendrons bon"), title="Grève au port",
                      quotes=(Quote(text="Nous tiendrons bon", start=2, end=20, kind="direct",
                                    speaker="Marc Ferrand"),))
    snapshot_stored(store, ["art-1"])
    snapshot_stored(store, ["art-1"])  # twice: still one version
    store.write([edited])
    task = _page(store, "http://news.example/a")
    fetched = Fetched(task=task, fetched_at=dt.datetime.now(dt.UTC), analysis=edited,
                      article=edited.article)
    assert record_fetched(store, [fetched]) == {task.pk: "changed"}
    assert record_fetched(store, [fetched]) == {task.pk: "unchanged"}  # a rerun adds nothing
    versions = list_versions(store, "art-1")["versions"]
    assert [v["number"] for v in versions] == [1, 2]
    kinds = {c["kind"] for c in versions[1]["changes"]}
    assert kinds == {"title-changed", "text-changed", "quotation-altered"}
    assert watch_counts(store)["versions"] == 2 and watch_counts(store)["edited"] == 1


def test_alerts_match_once_and_only_new_articles_with_new_only(store: Store) -> None:
    store.add(analysis("La grève du port de Marseille continue.", title="Grève"))
    _, matched = add_alert(store, "port", '"port de Marseille"')
    assert matched == 1
    _, none = add_alert(store, "port-new", '"port de Marseille"', backfill=False)
    assert none == 0
    changed = analysis("La grève du port de Marseille continue, dit-on.", title="Grève 2")
    store.write([changed])
    assert match_alerts(store) == 1  # the new alert sees the changed article, the old one not
    assert match_alerts(store) == 0
    rows = store.db.execute("SELECT count(*) FROM alert_matches").fetchone()[0]
    assert rows == 2
    with pytest.raises(StoreError, match="exists already"):
        add_alert(store, "port", "autre")
    with pytest.raises(StoreError, match="needs a query"):
        add_alert(store, "vide", "")
    with pytest.raises(StoreError, match="not a usable alert name"):
        add_alert(store, "../x", "grève")
    _, plain = add_alert(store, "syntax", 'grève "')  # not FTS5: searched as words
    assert plain == 1
    remove_alert(store, "port")
    assert watch_counts(store)["alerts"] == 2
