"""Ingest throughput: spaCy bare vs ``veille analyze`` vs ``veille ingest``, same documents.

Three stages run on the same texts, in one process, with the model loaded once
(``veille.analyze.nlp.load()``, so the same components are enabled everywhere):

1. ``spacy-bare``: ``nlp.pipe(texts, batch_size=8)``, docs iterated and dropped;
2. ``analyze``: ``veille.pipeline.iter_analyses`` over a JSON Lines file (extract + analyze);
3. ``ingest``: ``veille.ingest.ingest`` — what ``veille ingest`` runs — into a fresh
   database (transactions of 32 documents).

Stages are interleaved (bare, analyze, ingest, bare, ...) and each figure is the median
over ``--repeat`` runs.

How to read the ratios: ``ratio`` is the stage's throughput divided by spaCy bare's
(= bare seconds / stage seconds), on the same documents and words, so docs/s and words/s
ratios are the same number. 1.00× means veille adds nothing on top of spaCy; 0.90× means
veille's own work (record reading, extraction, entity grouping, SQLite) costs 10 % of
throughput. Compare ratios across machines and runs; absolute seconds on a shared, noisy
2-core machine are for information only. Peak RSS is the process high-water mark
(``ru_maxrss``) after a stage, so it only grows: a stage raised memory when its figure is
above the previous one.

Usage: python bench/ingest_throughput.py [--corpus PATH] [--limit N] [--repeat R] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from _common import log, parse_bench_args, peak_rss_mib, read_corpus

from veille.analyze import BATCH_SIZE
from veille.analyze.nlp import load, model_label
from veille.ingest import BATCH as INGEST_BATCH
from veille.ingest import ingest
from veille.pipeline import iter_analyses
from veille.store import Store

if TYPE_CHECKING:
    from spacy.language import Language

WARM_UP_DOCS = 8
STAGES = ("spacy-bare", "analyze", "ingest")
BASELINE = STAGES[0]


@dataclass
class Run:
    """One run of one stage."""

    seconds: float
    failed: int = 0
    write_seconds: float = 0.0
    db_bytes: int = 0
    rss_mib: float = 0.0


# -- corpus -------------------------------------------------------------------------------
def _record(row: dict[str, Any]) -> dict[str, Any]:
    return {"id": row.get("doc_id"), "title": row.get("title"), "url": row.get("url"),
            "text": row["text"], "language": "fr"}


def load_corpus(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """The first ``limit`` corpus lines as veille JSON Lines records."""
    return [_record(row) for _lineno, row in read_corpus(path, limit)]


def write_records(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


# -- stages -------------------------------------------------------------------------------
def run_bare(nlp: Language, texts: list[str]) -> Run:
    """Baseline: spaCy alone, same model, components and batch size as veille."""
    start = time.perf_counter()
    deque(nlp.pipe(texts, batch_size=BATCH_SIZE), maxlen=0)
    return Run(seconds=time.perf_counter() - start)


def run_analyze(nlp: Language, jsonl: Path) -> Run:
    """What ``veille analyze`` runs, without printing: extract + analyze."""
    start = time.perf_counter()
    failed = sum(r.failure is not None for r in iter_analyses([str(jsonl)], nlp=nlp))
    return Run(seconds=time.perf_counter() - start, failed=failed)


def run_ingest(nlp: Language, jsonl: Path, db_path: Path) -> Run:
    """``veille.ingest.ingest`` (what ``veille ingest`` runs) into a fresh database, with
    the time spent in ``Store.write`` measured apart."""
    write_seconds = 0.0
    with Store(db_path) as store:
        real_write = store.write

        def timed_write(*args: Any, **kwargs: Any) -> dict[str, int]:
            nonlocal write_seconds
            begin = time.perf_counter()
            try:
                return real_write(*args, **kwargs)
            finally:
                write_seconds += time.perf_counter() - begin

        store.write = timed_write  # type: ignore[method-assign]
        start = time.perf_counter()
        report = ingest([str(jsonl)], store, nlp=nlp)
        seconds = time.perf_counter() - start
    return Run(seconds=seconds, failed=len(report.failures), write_seconds=write_seconds,
               db_bytes=db_size(db_path))


def db_size(db_path: Path) -> int:
    """Bytes of the database with its WAL side files, if any are left."""
    files = [db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")]
    return sum(f.stat().st_size for f in files if f.exists())


def warm_up(nlp: Language, texts: list[str], jsonl: Path) -> None:
    """First-call costs (spaCy, record reading) paid before any stage is timed."""
    deque(nlp.pipe(texts[:WARM_UP_DOCS], batch_size=BATCH_SIZE), maxlen=0)
    deque(islice(iter_analyses([str(jsonl)], nlp=nlp, chunk=WARM_UP_DOCS), WARM_UP_DOCS),
          maxlen=0)


def run_stage(stage: str, nlp: Language, texts: list[str], jsonl: Path, db_path: Path) -> Run:
    if stage == "spacy-bare":
        return run_bare(nlp, texts)
    if stage == "analyze":
        return run_analyze(nlp, jsonl)
    return run_ingest(nlp, jsonl, db_path)


def measure(nlp: Language, texts: list[str], jsonl: Path, workdir: Path,
            repeat: int) -> dict[str, list[Run]]:
    """Run the stages interleaved ``repeat`` times; peak RSS is read after each run."""
    runs: dict[str, list[Run]] = {stage: [] for stage in STAGES}
    for i in range(1, repeat + 1):
        for stage in STAGES:
            run = run_stage(stage, nlp, texts, jsonl, workdir / f"ingest-{i}.db")
            run.rss_mib = peak_rss_mib()
            runs[stage].append(run)
            log(f"  repeat {i}/{repeat}  {stage:<10} {run.seconds:8.2f} s  "
                f"peak RSS {run.rss_mib:,.0f} MiB")
    return runs


# -- report -------------------------------------------------------------------------------
def _stage_figures(runs: list[Run], docs: int, words: int, base: float) -> dict[str, Any]:
    seconds = statistics.median(r.seconds for r in runs)
    return {
        "docs": docs, "words": words, "seconds": round(seconds, 3),
        "docs_per_s": round(docs / seconds, 2), "words_per_s": round(words / seconds, 1),
        "ratio": round(base / seconds, 3), "failed": runs[-1].failed,
        "peak_rss_mib": round(runs[-1].rss_mib, 1),
        "runs_seconds": [round(r.seconds, 3) for r in runs],
    }


def summarise(runs: dict[str, list[Run]], texts: list[str], meta: dict[str, Any]
              ) -> dict[str, Any]:
    """All figures as one JSON-ready dict: medians, ratios, memory, store costs."""
    docs, words = len(texts), sum(len(t.split()) for t in texts)
    base = statistics.median(r.seconds for r in runs[BASELINE])
    stages = {s: _stage_figures(runs[s], docs, words, base) for s in STAGES}
    ingest = runs["ingest"]
    write = statistics.median(r.write_seconds for r in ingest)
    db_bytes = ingest[-1].db_bytes
    stored = docs - ingest[-1].failed
    return {
        **meta, "docs": docs, "words": words, "baseline": BASELINE, "stages": stages,
        "store_write": {
            "seconds": round(write, 3),
            "share_of_ingest": round(write / stages["ingest"]["seconds"], 4),
            "runs_seconds": [round(r.write_seconds, 3) for r in ingest],
        },
        "database": {
            "bytes": db_bytes, "articles": stored,
            "mib_per_1000_articles": round(db_bytes / 2**20 * 1000 / max(stored, 1), 2),
        },
    }


def print_table(report: dict[str, Any]) -> None:
    """The human-readable report: one row per stage, then ratios, store and memory."""
    print(f"corpus   {report['corpus']}  ({report['docs']} docs, {report['words']:,} words)")
    print(f"model    {report['model']}  components {', '.join(report['components'])}  "
          f"batch_size {report['batch_size']}  spaCy {report['spacy']}")
    print(f"machine  {report['cpus']} CPUs, Python {report['python']}; model load "
          f"{report['load_seconds']:.1f} s; median of {report['repeat']} interleaved run(s)\n")
    head = (f"{'stage':<11}{'docs':>6}{'words':>10}{'seconds':>9}{'docs/s':>8}"
            f"{'words/s':>9}{'ratio':>8}{'failed':>7}{'peak RSS':>11}")
    print(head)
    print("-" * len(head))
    for name, s in report["stages"].items():
        print(f"{name:<11}{s['docs']:>6}{s['words']:>10,}{s['seconds']:>9.2f}"
              f"{s['docs_per_s']:>8.2f}{s['words_per_s']:>9,.0f}{s['ratio']:>7.2f}×"
              f"{s['failed']:>7}{s['peak_rss_mib']:>7,.0f} MiB")
    print()
    for name in STAGES[1:]:
        print(f"{name} = {report['stages'][name]['ratio']:.2f}× spaCy bare")
    w, d = report["store_write"], report["database"]
    print(f"Store.write alone: {w['seconds']:.2f} s = {w['share_of_ingest']:.1%} of ingest time")
    print(f"database: {d['bytes'] / 2**20:.2f} MiB for {d['articles']} articles = "
          f"{d['mib_per_1000_articles']:.2f} MiB per 1,000 articles")
    print(f"peak RSS after model load: {report['rss_after_load_mib']:,.0f} MiB "
          "(ru_maxrss is a high-water mark: it only grows from stage to stage)")


# -- main ---------------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    return parse_bench_args(__doc__, argv, limit=None, repeat=2)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    records = load_corpus(args.corpus, args.limit)
    texts = [r["text"] for r in records]
    log(f"loading the model; {len(records)} documents from {args.corpus}")
    start = time.perf_counter()
    nlp = load()
    meta = {
        "corpus": str(args.corpus), "limit": args.limit, "repeat": args.repeat,
        "model": model_label(nlp), "components": list(nlp.pipe_names),
        "batch_size": BATCH_SIZE, "flush_every": INGEST_BATCH, "spacy": spacy.__version__,
        "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_seconds": round(time.perf_counter() - start, 2),
        "rss_after_load_mib": round(peak_rss_mib(), 1),
    }
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as tmp:
        workdir = Path(tmp)
        jsonl = workdir / "corpus.jsonl"
        write_records(records, jsonl)
        warm_up(nlp, texts, jsonl)
        runs = measure(nlp, texts, jsonl, workdir, args.repeat)
    report = summarise(runs, texts, meta)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_table(report)


if __name__ == "__main__":
    main()
