"""Reading the store while another process writes to it: WAL lets readers go on, and no
"database is locked" reaches the user.

The writer is a real second process running ``Store.write`` — what ``veille ingest`` and
``veille load`` call for every transaction — in a loop of large transactions (many articles
with long texts, so FTS5 indexing keeps the write lock for a while), without the spaCy model
so that the test stays short.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from veille.cli import main
from veille.records import Analysis, Article, Entity, Quote
from veille.store import Store

WRITER = r"""
import sys, time
from veille.records import Analysis, Article, Entity, Quote
from veille.store import Store

def analysis(n):
    text = ("Le maire de Bréhal a déclaré « nous tiendrons » devant le conseil. " * 60
            + f"Séance {n}.")
    article = Article(id=f"w{n}", source=f"writer:{n}", text=text, content_hash=f"h{n}",
                      title=f"Séance {n}", language="fr")
    return Analysis(article=article,
                    entities=(Entity(id="e1", name="Amélie Ferrand", type="PER",
                                     mentions=((0, 8),)),),
                    quotes=(Quote(text="nous tiendrons", start=36, end=50, kind="direct",
                                  speaker="Amélie Ferrand", speaker_id="e1"),),
                    analyzers={"quotes": "veille.quotes.v1"}, model="test")

with Store(sys.argv[1]) as store:
    n, stop = 0, time.monotonic() + float(sys.argv[2])
    print("ready", flush=True)
    while time.monotonic() < stop:
        store.write([analysis(n + i) for i in range(300)])
        n += 300
    print(n, flush=True)
"""

READS = [
    ["search", "Bréhal"],
    ["stats"],
    ["quotes", "--speaker", "Ferrand", "--limit", "5"],
    ["people", "--limit", "5"],
    ["failures"],
    ["show", "w1"],
    ["export", "quotes", "--format", "jsonl"],
]


def _seed(db: Path) -> None:
    article = Article(id="seed", source="seed", text="Le maire de Bréhal a parlé.",
                      content_hash="seed", language="fr")
    with Store(db) as store:
        store.write([Analysis(article=article, entities=(
            Entity(id="e1", name="Amélie Ferrand", type="PER", mentions=((0, 8),)),),
            quotes=(Quote(text="parlé", start=21, end=26, kind="indirect"),))])


def test_cli_reads_during_a_concurrent_writer_never_see_a_lock(tmp_path: Path) -> None:
    db = tmp_path / "busy.db"
    _seed(db)
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db), "6"],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    runner, reads, start = CliRunner(), 0, time.monotonic()
    try:
        while writer.poll() is None and time.monotonic() - start < 5:
            for args in READS:
                result = runner.invoke(main, [*args, "--db", str(db)])
                output = result.output + (str(result.exception) if result.exception else "")
                assert "locked" not in output.lower(), output
                assert result.exit_code == 0 or args[0] == "show", output
                reads += 1
            with Store(db, readonly=True) as store:
                assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] >= 1
    finally:
        written = int(writer.communicate(timeout=60)[0].split()[-1])
    assert writer.returncode == 0
    assert written >= 600 and reads >= 20, (written, reads)
    with Store(db, readonly=True) as store:
        assert store.db.execute("SELECT count(*) FROM articles").fetchone()[0] == written + 1
