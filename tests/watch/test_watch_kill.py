"""SIGKILL in the middle of `veille watch`, then a rerun: nothing lost, nothing duplicated.

The same local site is watched by an uninterrupted `veille watch --once` (the reference)
and by a `veille watch` killed with SIGKILL once some articles are written, then run again
with --once: both stores hold the same articles, each with one version, its archived
response readable, every page stored, the same alert matches, and an intact database.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from local_site import Site, serve, wire_story

from veille.watch.archive import read_record

pytestmark = pytest.mark.slow

VEILLE = str(Path(sys.executable).with_name("veille"))
STORIES = 24


def veille(*args: str) -> str:
    done = subprocess.run([VEILLE, *args], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


def prepare(site: Site, db: Path) -> list[str]:
    veille("sources", "add", site.url("/fil.xml"), "--every", "1h", "--allow-private",
           "--db", str(db))
    veille("alerts", "add", "loyers", "loyers", "--db", str(db))
    return ["--db", str(db), "--archive", str(db.with_suffix(".warc")), "--delay", "0.05s"]


def count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def snapshot(db: Path) -> dict[str, Any]:
    con = sqlite3.connect(db)
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    located = con.execute("SELECT v.warc_file, v.warc_offset, a.url FROM article_versions v "
                          "JOIN articles a ON a.pk = v.article_pk").fetchall()
    for file, offset, url in located:  # each version's response reads back from the archive
        record = read_record(file, offset)
        assert record.status == 200 and record.url == url
    state = {
        "integrity": one("PRAGMA integrity_check"),
        "ids": sorted(r[0] for r in con.execute("SELECT id FROM articles")),
        "versions": sorted(con.execute("SELECT a.id, v.number FROM article_versions v JOIN "
                                       "articles a ON a.pk = v.article_pk").fetchall()),
        "archived": len(located),
        "pages": con.execute("SELECT state, count(*) FROM watch_pages GROUP BY state"
                             ).fetchall(),
        "analyses": one("SELECT count(*) FROM analyses"),
        "quotes": one("SELECT count(*) FROM quotes"),
        "matches": sorted(r[0] for r in con.execute(
            "SELECT a.id FROM alert_matches m JOIN articles a ON a.pk = m.article_pk")),
        "failures": one("SELECT count(*) FROM failures WHERE level = 'error'"),
    }
    con.close()
    return state


def test_watch_killed_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    site = Site(extra={f"/fil/{n}.html": wire_story(n) for n in range(STORIES)})
    with serve(site):
        reference_db = tmp_path / "reference.db"
        veille("watch", "--once", *prepare(site, reference_db))
        reference = snapshot(reference_db)
        assert len(reference["ids"]) == STORIES and reference["archived"] == STORIES
        assert reference["integrity"] == "ok" and reference["matches"]

        db = tmp_path / "killed.db"
        args = prepare(site, db)
        proc = subprocess.Popen([VEILLE, "watch", *args], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 240
        try:
            while count(db) == 0:
                assert proc.poll() is None, "the run ended before it could be killed"
                assert time.monotonic() < deadline, "no progress to kill after"
                time.sleep(0.05)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        assert 0 < count(db) < STORIES, "the kill must land mid-run"
        out = veille("watch", "--once", *args)
        assert "fil.xml" in out
        assert snapshot(db) == reference
        again = veille("watch", "--once", *args)  # nothing due, nothing pending
        assert "0 polls" in again and snapshot(db) == reference


def test_sigterm_stops_after_the_page_in_hand(tmp_path: Path) -> None:
    site = Site(extra={f"/fil/{n}.html": wire_story(n) for n in range(STORIES)})
    with serve(site):
        db = tmp_path / "stopped.db"
        args = prepare(site, db)
        proc = subprocess.Popen([VEILLE, "watch", *args, "--no-provenance"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 240
        while count(db) == 0:
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        assert "stopping after the page in hand" in err and "Traceback" not in err
        stopped_at = count(db)
        assert stopped_at > 0
        con = sqlite3.connect(db)
        fetched = {r[0] for r in con.execute("SELECT url FROM articles")}
        stored = {r[0] for r in con.execute("SELECT url FROM watch_pages WHERE state = 'stored'")}
        con.close()
        assert fetched == stored  # every page fetched before the stop was stored
        veille("watch", "--once", *args, "--no-provenance")  # the rest, on the next run
        assert count(db) == STORIES
