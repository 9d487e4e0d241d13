"""The hostile corpus (make_corpus.py) through `veille ingest` and through `veille batch` +
`veille load`: no crash, every failure recorded with its input, stage and reason, every
good input stored, and bounded memory.

Memory bound (measured 2026-11-29 on this corpus): the ingest process peaks at ~1.2 GiB and
a batch worker at about the same — the spaCy model and the sentence encoder (~0.8 GiB),
plus the largest document analysed (the 50,000 quotation marks: +0.3 GiB). Files over the
size cap (the 50 MB page, the 20 MiB line, a gzip bomb) are refused before they are read
whole. The tests hold each process under 1.5 GiB.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.make_corpus import Expect, make_corpus

pytestmark = pytest.mark.slow

VEILLE = str(Path(sys.executable).with_name("veille"))
LIMIT_MIB = 1536
# Runs a command and reports its peak RSS: RUSAGE_CHILDREN of a process whose only child is
# the command is exactly that command's high-water mark.
_MEASURE = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
            "print(f'PEAK_RSS_KIB={peak}', file=sys.stderr); sys.exit(code)")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Expect]]:
    root = tmp_path_factory.mktemp("hostile")
    return root, make_corpus(root / "in")


def run(*args: str, timeout: float = 300) -> tuple[str, float]:
    """Run veille; return its stdout + stderr and its peak RSS in MiB."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, VEILLE, *args], capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-3000:]
    peak = re.search(r"PEAK_RSS_KIB=(\d+)", done.stderr)
    assert peak is not None
    return done.stdout + done.stderr, int(peak[1]) / 1024


def check_store(db: Path, root: Path, expects: list[Expect]) -> None:
    con = sqlite3.connect(db)
    articles = con.execute("SELECT source, text FROM articles").fetchall()
    failures = con.execute("SELECT source, stage, message, level FROM failures").fetchall()
    con.close()
    base = str(root) + os.sep
    good = 0
    for e in expects:
        name = base + e.source
        mine = [t for s, t in articles if s == name or (e.source.endswith(("@", ":"))
                                                       and s.startswith(name))]
        failed = [f for f in failures if f[0] == name or f[0].startswith(name + "@")]
        if e.outcome == "good":
            hits = [t for t in mine if e.marker in t]
            assert len(hits) == e.count, (e, [s for s, _ in articles])
            good += e.count
        elif e.outcome == "bad":
            errors = [f for f in failed if f[3] == "error"]
            assert errors, (e, failures)
            assert all(f[1] == e.stage and f[2] for f in errors), (e, errors)
            assert not [s for s, _ in articles if s == name], e
        else:  # either stored or recorded, never silently lost
            assert mine or failed, e
            good += bool(mine)
    assert len(articles) == good, sorted(s for s, _ in articles)


def test_ingest_survives_the_hostile_corpus(corpus: tuple[Path, list[Expect]],
                                            tmp_path: Path) -> None:
    root, expects = corpus
    db = tmp_path / "hostile.db"
    output, peak = run("ingest", str(root / "in"), "--db", str(db), "--quiet")
    check_store(db, root / "in", expects)
    assert "Traceback" not in output
    assert peak < LIMIT_MIB, f"ingest peaked at {peak:.0f} MiB"
    # Every failure line names the input, the stage and the reason.
    for line in output.splitlines():
        if line.startswith("error:"):
            assert re.match(r"error: \S+: (fetch|extract|analyze): \S", line), line


def test_batch_survives_the_hostile_corpus(corpus: tuple[Path, list[Expect]],
                                           tmp_path: Path) -> None:
    root, expects = corpus
    shards, db = tmp_path / "shards", tmp_path / "hostile.db"
    output, _ = run("batch", str(root / "in"), "--out", str(shards), "--workers", "1",
                    "--partition-size", "6")
    assert "Traceback" not in output
    worker = float(re.search(r"peak RSS per worker ([\d,]+) MiB", output)[1].replace(",", ""))
    assert 0 < worker < LIMIT_MIB, output
    assert "0 of" in output and "partitions were already done" in output
    run("load", str(shards), "--db", str(db))
    check_store(db, root / "in", expects)
    again, _ = run("batch", str(root / "in"), "--out", str(shards), "--workers", "1",
                   "--partition-size", "6")
    assert re.search(r"(\d+) of \1 partitions were already done", again), again
