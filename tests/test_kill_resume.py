"""SIGKILL in the middle of `veille ingest` (one process, and --workers 2) and of `veille
batch`, then a rerun: the store is the same as after an uninterrupted run — same
articles, no duplicates, same analyses, `PRAGMA integrity_check` ok. The kills are real:
the command runs in its own session and the whole process group (Dask workers and
analysis processes included) gets SIGKILL once some work is written.

The documents are the first 40 texts of ../shared/eval/corpus (cut to ~500 characters to
keep the test short) plus the repository's examples/, read at test time.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow

VEILLE = str(Path(sys.executable).with_name("veille"))
DOCS = 40


@pytest.fixture(scope="module")
def inputs(eval_dir: Path, examples: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> list[str]:
    root = tmp_path_factory.mktemp("kill")
    records = root / "corpus.jsonl"
    with (eval_dir / "corpus" / "masakhanews_fra.jsonl").open(encoding="utf-8") as src, \
            records.open("w", encoding="utf-8") as out:
        for _, line in zip(range(DOCS), src, strict=False):
            row = json.loads(line)
            text = row["text"][:500].rsplit(" ", 1)[0]
            out.write(json.dumps({"id": row["doc_id"], "title": row.get("title"),
                                  "text": text}, ensure_ascii=False) + "\n")
    return [str(records), str(examples)]


@pytest.fixture(scope="module")
def reference(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("reference") / "ref.db"
    veille("ingest", *inputs, "--db", str(db), "--quiet")
    return snapshot(db)


def veille(*args: str) -> str:
    done = subprocess.run([VEILLE, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def snapshot(db: Path) -> dict[str, Any]:
    """What must not differ between a killed-and-rerun store and an uninterrupted one."""
    con = sqlite3.connect(db)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    state = {
        "integrity": one("PRAGMA integrity_check"),
        "articles": one("SELECT count(*) FROM articles"),
        "distinct_ids": one("SELECT count(DISTINCT id) FROM articles"),
        "distinct_texts": one("SELECT count(DISTINCT content_hash) FROM articles"),
        "ids": sorted(r[0] for r in con.execute("SELECT id FROM articles")),
        "analyses": one("SELECT count(*) FROM analyses"),
        "quotes": con.execute("SELECT a.id, count(q.idx) FROM articles a LEFT JOIN quotes q "
                              "ON q.article_pk = a.pk GROUP BY a.id ORDER BY a.id").fetchall(),
        "entities": one("SELECT count(*) FROM entities"),
        "failures": one("SELECT count(*) FROM failures WHERE level = 'error'"),
        "fingerprinted": one("SELECT count(*) FROM provenance_fingerprints"),
        "links": one("SELECT count(*) FROM provenance_links"),
    }
    con.close()
    return state


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:  # not created yet
        return 0


def kill_when(args: list[str], ready: Callable[[], bool], timeout: float = 240) -> None:
    """Start veille in its own session; SIGKILL its whole process group once ``ready``."""
    proc = subprocess.Popen([VEILLE, *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while not ready():
            assert proc.poll() is None, "the run ended before it could be killed"
            assert time.monotonic() < deadline, "no progress to kill after"
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ingest_killed_then_rerun_gives_the_same_store(inputs: list[str],
                                                      reference: dict[str, Any],
                                                      tmp_path: Path, workers: str) -> None:
    """One process, and two analysis processes with the writer (killed together)."""
    db = tmp_path / "killed.db"
    args = ["ingest", *inputs, "--db", str(db), "--quiet", "--workers", workers]
    kill_when(args, lambda: _count(db) > 0)
    assert 0 < _count(db) < reference["articles"], "the kill must land mid-run"
    veille(*args)
    assert snapshot(db) == reference
    assert reference["integrity"] == "ok"
    assert reference["articles"] == reference["distinct_ids"] > DOCS


def test_batch_killed_then_rerun_and_loaded_gives_the_same_store(
        inputs: list[str], reference: dict[str, Any], tmp_path: Path) -> None:
    shards, db = tmp_path / "shards", tmp_path / "batch.db"
    args = ["batch", *inputs, "--out", str(shards), "--workers", "1", "--partition-size", "8"]
    kill_when(args, lambda: any(shards.glob("*.analyses.parquet")))
    total = len(json.loads((shards / "manifest.json").read_text())["partitions"])
    written = len(list(shards.glob("*.analyses.parquet")))
    assert 0 < written < total, "the kill must land mid-run"
    rerun = veille(*args, "--quiet")
    skipped = re.search(r"(\d+) of (\d+) partitions were already done", rerun)
    assert skipped and int(skipped[1]) >= written and int(skipped[2]) == total, rerun
    veille("load", str(shards), "--db", str(db))
    assert snapshot(db) == reference
    again = veille("load", str(shards), "--db", str(db))
    assert re.search(r": 0 added, 0 updated, \d+ already stored", again), again
    assert snapshot(db) == reference
