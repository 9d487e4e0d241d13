"""`veille ingest --workers N`: the analysis in N processes gives the store one process
gives; a worker that dies fails its documents, not the run."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from veille.cli.ingest import MIN_DOCS_PER_WORKER, processes
from veille.ingest import ingest
from veille.store import Store

DOCS = 12


@pytest.fixture(scope="module")
def inputs(eval_dir: Path, examples: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> list[str]:
    """The examples, 12 corpus texts cut short, and a file that does not exist."""
    records = tmp_path_factory.mktemp("workers") / "corpus.jsonl"
    with (eval_dir / "corpus" / "masakhanews_fra.jsonl").open(encoding="utf-8") as src, \
            records.open("w", encoding="utf-8") as out:
        for _, line in zip(range(DOCS), src, strict=False):
            row = json.loads(line)
            out.write(json.dumps({"id": row["doc_id"], "text": row["text"][:600]},
                                 ensure_ascii=False) + "\n")
    return [str(examples), str(records), str(examples / "nope.html")]


def contents(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(db)
    rows = lambda sql: con.execute(sql).fetchall()  # noqa: E731
    found = {
        "articles": rows("SELECT id, content_hash FROM articles ORDER BY pk"),
        "analyses": rows("SELECT a.id, n.data FROM articles a JOIN analyses n "
                         "ON n.article_pk = a.pk ORDER BY a.pk"),
        "failures": rows("SELECT source, stage, error_type FROM failures ORDER BY source"),
        "fingerprinted": rows("SELECT count(*) FROM provenance_fingerprints"),
        "links": rows("SELECT count(*) FROM provenance_links"),
    }
    con.close()
    return found


@pytest.fixture(scope="module")
def one_process(inputs: list[str], tmp_path_factory: pytest.TempPathFactory
                ) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("one") / "one.db"
    with Store(db) as store:
        ingest(inputs, store)
    return contents(db)


def test_two_workers_store_what_one_process_stores(inputs, one_process, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "two.db"
    seen: list[str] = []
    with Store(db) as store:
        report = ingest(inputs, store, workers=2, progress=lambda r: seen.append(r.source))
        assert report.added == DOCS + 5 and len(report.failures) == 1
        assert len(seen) == DOCS + 6
        again = ingest(inputs, store, workers=2)
        assert (again.added, again.updated, again.unchanged) == (0, 0, DOCS + 5)
    assert contents(db) == one_process
    assert one_process["fingerprinted"] == [(DOCS + 5,)]


def test_a_worker_that_dies_fails_its_documents_and_the_rest_go_on(
        inputs, one_process, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import veille.pool

    real = veille.pool._work

    def dying(items):  # type: ignore[no-untyped-def]
        if any(i.source.endswith("sommet-helsinki.txt") for i in items):
            os._exit(1)  # what the kernel's OOM killer does to a worker
        return real(items)

    monkeypatch.setattr(veille.pool, "_work", dying)  # the forked workers inherit it
    db = tmp_path / "dying.db"
    with Store(db) as store:
        report = ingest(inputs, store, workers=2)
        died = [f for f in report.failures if f.error_type == "WorkerDied"]
        assert any(f.source.endswith("sommet-helsinki.txt") for f in died)
        assert "rerun" in died[0].message
        assert report.added + len(died) == DOCS + 5
        monkeypatch.setattr(veille.pool, "_work", real)
        ingest(inputs, store, workers=2)
    done = contents(db)
    assert done["analyses"] == one_process["analyses"] or sorted(done["analyses"]) == sorted(
        one_process["analyses"])


@pytest.mark.parametrize(("documents", "asked", "expected"), [
    (1, None, 1), (MIN_DOCS_PER_WORKER * 2 - 1, None, 1),
    (10_000, None, os.cpu_count() or 1), (5, 4, 4), (2, 4, 2), (10_000, 1, 1)])
def test_small_inputs_stay_in_one_process(documents: int, asked: int | None,
                                          expected: int) -> None:
    if asked is None and documents >= MIN_DOCS_PER_WORKER * 2:
        expected = min(expected, documents // MIN_DOCS_PER_WORKER)
    assert processes(documents, asked) == min(expected, max(documents, 1))
