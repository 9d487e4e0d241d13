"""Running partitions on a Dask cluster: a local one by default, or ``tcp://HOST:PORT``.

The client plans partitions, skips those whose shards exist (resume), submits the rest
(``client.map`` of ``worker.run_partition``) and collects one small report per partition
as it finishes. Workers write the shards themselves, so documents never travel back
through the client; ``OUT`` must therefore be a directory every worker can write at the
same path (a shared file system on a real cluster; see docs/scaling.md).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dask
from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from veille.batch.plan import Partition, plan
from veille.batch.shards import is_done
from veille.batch.worker import PartitionReport, run_partition
from veille.errors import VeilleError
from veille.fetch import DEFAULT_MAX_BYTES
from veille.fetch.count import estimate_documents

# Documents per partition: with ~0.1 s of analysis per news article a partition of 100
# takes ~10 s, so Dask's ~2 ms per task is noise, a kill loses at most 10 s per worker,
# and a worker holds at most 100 documents' results in memory before writing them.
PARTITION_SIZE = 100
# Without a given size, each local worker gets about this many partitions (balanced ends:
# the last partitions finish together), none smaller than MIN_PARTITION (Dask's ~2 ms per
# task and one Parquet file per partition stay noise).
PARTS_PER_WORKER = 4
MIN_PARTITION = 10
# Diagnostics a batch run does not use: the worker's stack-sampling profiler (every 10 ms),
# GIL monitor (every 1 ms) and event-loop tick (every 20 ms) wake threads that take the GIL
# from the analysis; with them off the client used half the CPU (1.5 → 0.7 s on 100 texts).
QUIET_WORKERS = {"distributed.worker.profile.enabled": False,
                 "distributed.admin.system-monitor.gil.enabled": False,
                 "distributed.admin.tick.interval": "1s",
                 # Dask's default also sets MALLOC_TRIM_THRESHOLD_=65536, which fixes glibc's
                 # mmap threshold: spaCy's arrays then cost an mmap/munmap each, +2.2 s of
                 # system time per 100 texts (`veille analyze`: 0.9 → 3.1 s). Left out.
                 # A worker allocates from its event loop's thread and its task thread, and
                 # glibc gives each thread its own malloc arena: with two arenas at most the
                 # workers' peak RSS on 300 corpus texts went from 973 to 885 MiB.
                 "distributed.nanny.pre-spawn-environ": {
                     "OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1,
                     "MALLOC_ARENA_MAX": 2}}


@dataclass
class BatchReport:
    partitions: int = 0
    skipped: int = 0
    done: list[PartitionReport] = field(default_factory=list)
    lost: dict[str, str] = field(default_factory=dict)
    """Partitions whose task failed (a worker killed again and again …): key → reason."""

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.done)

    @property
    def peak_rss_mib(self) -> float:
        return max((r.peak_rss_mib for r in self.done), default=0.0)


class ModelPreload(WorkerPlugin):
    """A Dask worker plugin: load the spaCy model when a worker starts, once per process."""

    name = "veille-model"

    def setup(self, worker: Any) -> None:
        from veille.analyze.nlp import fewer_collections, load

        load()
        fewer_collections(freeze=True)


@contextlib.contextmanager
def make_client(scheduler: str | None, workers: int | None) -> Iterator[Client]:
    """A client of ``scheduler``, or of a new local cluster of ``workers`` processes with
    one thread each (spaCy is not faster with threads; processes sidestep the GIL), shut
    down on exit."""
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except OSError as exc:
            raise VeilleError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); "
                              "is `dask scheduler` running there?") from None
        with client:
            yield client
        return
    with dask.config.set(QUIET_WORKERS), LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client


def partition_size(inputs: list[str], out: Path, workers: int | None) -> int:
    """Documents per partition when none is given: the size of an earlier run in ``out``
    (so that a rerun finds its partitions), else enough partitions for each local worker
    to get about ``PARTS_PER_WORKER`` (300 documents on 2 workers as 3 partitions of 100
    would keep one worker busy twice as long as the other), at most ``PARTITION_SIZE``."""
    manifest = out / "manifest.json"
    if manifest.exists():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            return int(json.loads(manifest.read_text())["partition_size"])
    if workers is None and "DASK_SCHEDULER_ADDRESS" not in os.environ:
        workers = os.cpu_count() or 1
    if not workers:
        return PARTITION_SIZE
    docs = estimate_documents(inputs)
    return max(MIN_PARTITION, min(PARTITION_SIZE, -(-docs // (workers * PARTS_PER_WORKER))))


def write_manifest(out: Path, parts: list[Partition], size: int) -> None:
    """Partition keys in input order, so ``veille load`` stores articles in that order."""
    manifest = out / "manifest.json"
    temp = out / ".manifest.json.tmp"
    temp.write_text(json.dumps({"partition_size": size, "partitions": [p.key for p in parts],
                                "docs": sum(p.docs for p in parts)}))
    os.replace(temp, manifest)


def run_batch(
    inputs: Iterable[str],
    out: Path,
    *,
    scheduler: str | None = None,
    workers: int | None = None,
    size: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fingerprints: bool = True,
    on_plan: Callable[[list[Partition], int], None] | None = None,
    progress: Callable[[PartitionReport], None] | None = None,
) -> BatchReport:
    """Analyse ``inputs`` into shards under ``out``; partitions already there are skipped.

    ``fingerprints=False`` leaves out provenance fingerprints (`veille relink` makes them
    later, in one process).
    """
    out.mkdir(parents=True, exist_ok=True)
    inputs = list(inputs)
    if size is None:
        size = partition_size(inputs, out, None if scheduler else workers)
    parts = plan(inputs, size=size)
    write_manifest(out, parts, size)
    todo = [p for p in parts if not is_done(out, p.key)]
    report = BatchReport(partitions=len(parts), skipped=len(parts) - len(todo))
    if on_plan is not None:
        on_plan(parts, sum(p.docs for p in todo))
    if not todo:
        return report
    local = min(workers or os.cpu_count() or 1, len(todo))  # no idle model loads
    with make_client(scheduler, local) as client:
        client.register_plugin(ModelPreload())
        futures = client.map(run_partition, todo, out_dir=str(out.resolve()),
                             max_bytes=max_bytes, fingerprints=fingerprints,
                             key=[f"veille-{p.key}" for p in todo],
                             pure=False)
        keys = {f.key: p.key for f, p in zip(futures, todo, strict=True)}
        for future in as_completed(futures):
            try:
                done = future.result()
            except Exception as exc:  # KilledWorker, a bug: the partition is redone next run
                report.lost[keys[future.key]] = f"{type(exc).__name__}: {exc}"
                continue
            report.done.append(done)
            if progress is not None:
                progress(done)
    return report
