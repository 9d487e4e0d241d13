"""What runs on a Dask worker: one partition in, two Parquet shards out.

The per-document work is ``veille.pipeline.process_chunk``, the same function that
``veille analyze`` and ``veille ingest`` run; the spaCy model is loaded once per worker
process (``veille.analyze.nlp.load`` caches it, and ``ModelPreload`` loads it when the
worker starts, before the first task).
"""

from __future__ import annotations

import os
import resource
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from veille.analyze.nlp import load
from veille.batch.plan import Partition, Slice
from veille.batch.shards import (
    ANALYSES,
    FAILURES,
    analyses_row,
    failure_row,
    is_done,
    write_shard,
)
from veille.fetch import iter_sources
from veille.fetch.files import iter_record_file
from veille.fetch.warc import iter_warc
from veille.pipeline import CHUNK, Result, process_chunk
from veille.records import Article, Failure, Page

Fingerprinter = Callable[[Article], Mapping[str, Any]]


@dataclass(frozen=True, slots=True, kw_only=True)
class PartitionReport:
    """What one partition gave; returned to the client for the progress bar and summary."""

    key: str
    docs: int
    analysed: int
    articles: int
    failures: int
    warnings: int
    seconds: float
    peak_rss_mib: float
    worker: str = ""
    """``host:pid`` of the process that ran it."""
    skipped: bool = False


def read_slice(piece: Slice, *, max_bytes: int) -> Iterator[Page | Failure]:
    path = Path(piece.path)
    if piece.kind == "warc":
        yield from iter_warc(path, max_bytes=max_bytes, start=(piece.offset, piece.first),
                             limit=piece.count)
    elif piece.kind == "jsonl":
        yield from iter_record_file(path, max_bytes=max_bytes, offset=piece.offset,
                                    first_line=piece.first, lines=piece.count)
    else:
        yield from iter_sources([piece.path], max_bytes=max_bytes)


def read_partition(part: Partition, *, max_bytes: int) -> Iterator[Page | Failure]:
    for piece in part.slices:
        yield from read_slice(piece, max_bytes=max_bytes)


def fingerprinter() -> Fingerprinter:
    """``veille.provenance.fingerprints``, imported on the worker (it loads the sentence
    encoder on first use)."""
    from veille.provenance import fingerprint

    return fingerprint


def _fingerprint(fp: Fingerprinter | None, article: Article
                 ) -> tuple[Mapping[str, Any] | None, Failure | None]:
    if fp is None:
        return None, None
    try:
        return fp(article), None
    except Exception as exc:  # a fingerprint bug must not lose the analysis
        return None, Failure(source=article.source, stage="provenance",
                             error_type=type(exc).__name__, message=f"no fingerprint: {exc}")


def _rows(results: Iterator[Result], fp: Fingerprinter | None
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int]]:
    analyses: list[dict[str, Any]] = []
    failures: list[dict[str, Any]] = []
    counts = {"docs": 0, "analysed": 0, "articles": 0, "failures": 0, "warnings": 0}
    for result in results:
        counts["docs"] += 1
        problems = [*result.warnings, *([result.failure] if result.failure else [])]
        if result.article is not None:
            fprint, problem = _fingerprint(fp, result.article)
            problems += [problem] if problem else []
            analyses.append(analyses_row(result.article, result.analysis, fprint))
            counts["analysed" if result.analysis else "articles"] += 1
        counts["failures"] += result.failure is not None
        counts["warnings"] += len(result.warnings)
        failures += [failure_row(f) for f in problems]
    return analyses, failures, counts


def _results(items: Iterator[Page | Failure]) -> Iterator[Result]:
    nlp = load()
    while chunk := list(islice(items, CHUNK)):
        yield from process_chunk(chunk, nlp)


def run_partition(part: Partition, out_dir: str, *, max_bytes: int,
                  fingerprints: bool = True) -> PartitionReport:
    """Analyse one partition and write its two shards (failures first, then analyses, so
    that the analyses file marks a finished partition)."""
    start = time.perf_counter()
    out = Path(out_dir)
    if is_done(out, part.key):
        return PartitionReport(key=part.key, docs=part.docs, analysed=0, articles=0,
                               failures=0, warnings=0, seconds=0.0,
                               peak_rss_mib=peak_rss_mib(), skipped=True)
    analyses, failures, counts = _rows(_results(read_partition(part, max_bytes=max_bytes)),
                                       fingerprinter() if fingerprints else None)
    write_shard(out, part.key, FAILURES, failures)
    write_shard(out, part.key, ANALYSES, analyses)
    return PartitionReport(key=part.key, docs=counts["docs"], analysed=counts["analysed"],
                           articles=counts["articles"], failures=counts["failures"],
                           warnings=counts["warnings"], seconds=time.perf_counter() - start,
                           peak_rss_mib=peak_rss_mib(),
                           worker=f"{socket.gethostname()}:{os.getpid()}")


def peak_rss_mib() -> float:
    """This process's peak resident set size (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
