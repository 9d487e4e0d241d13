"""SIGKILL while a writer adds, re-analyses and drops articles: the aggregates stay exactly
those of the articles the store holds (they are written in the same transactions)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from veille.store import Store, check

HERE = Path(__file__).resolve().parent

WRITER = """
import dataclasses, itertools, sys
sys.path[:0] = [{here!r}]
from test_aggregates import (ANALYZERS, JEAN_MARIE, LE_PEN, MARINE, OMS_FULL, OMS_ONLY,
                             POUTINE_BARE, POUTINE_FULL, POUTINE_TITLED)
from veille.store import Store

base = [POUTINE_FULL, POUTINE_BARE, POUTINE_TITLED, MARINE, LE_PEN, OMS_ONLY, OMS_FULL]
with Store({db!r}) as store:
    for n in itertools.count():
        batch = []
        for k, a in enumerate(base):  # new copies, and the same ones re-analysed
            art = dataclasses.replace(a.article, id=f"{{a.article.id}}-{{n % 5}}-{{k}}")
            version = {{**ANALYZERS, "entities": f"v{{n % 3}}"}}
            kept = a.entities if n % 2 else a.entities[:1]
            batch.append(dataclasses.replace(a, article=art, analyzers=version,
                                             entities=kept))
        if n % 4 == 3:  # Jean-Marie comes and goes: bare "Le Pen" moves each time
            batch.append(dataclasses.replace(JEAN_MARIE, analyzers={{"entities": f"j{{n}}"}}))
        else:
            batch.append(dataclasses.replace(JEAN_MARIE, entities=()))
        store.write(batch)
        open({progress!r}, "w").write(str(n))
"""


def test_a_killed_writer_leaves_consistent_aggregates(tmp_path: Path) -> None:
    db, progress = tmp_path / "k.db", tmp_path / "progress"
    script = tmp_path / "writer.py"
    script.write_text(WRITER.format(here=str(HERE), db=str(db), progress=str(progress)))
    proc = subprocess.Popen([sys.executable, str(script)], start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    try:
        while not _progress(progress) >= 6:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
            assert time.monotonic() < deadline, "the writer made no progress"
            time.sleep(0.02)
        time.sleep(0.05)  # land inside a later transaction
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    with Store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] > 10
        assert check(store) == []


def _progress(path: Path) -> int:
    """The writer's last finished batch; the file is rewritten, so it may be read empty."""
    try:
        return int(path.read_text() or -1)
    except (FileNotFoundError, ValueError):
        return -1
