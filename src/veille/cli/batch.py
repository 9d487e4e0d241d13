"""``veille batch`` and ``veille load``: thin adapters over ``veille.batch``.

Dask and pyarrow are imported inside the commands, so ``veille --help`` stays fast.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from veille.fetch import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from veille.batch.plan import Partition
    from veille.batch.worker import PartitionReport


class _Progress:
    """Documents done, rate and ETA: a bar on a terminal, one plain line per finished
    partition otherwise (a log file or a CI job gets no carriage returns)."""

    def __init__(self, quiet: bool):
        self.quiet, self.tty = quiet, sys.stderr.isatty()
        self.total = self.done = 0
        self.bar: Any = None
        self.start = time.monotonic()

    def planned(self, parts: list[Partition], todo_docs: int) -> None:
        self.total, self.start = todo_docs, time.monotonic()
        if not self.quiet and self.tty and todo_docs:
            self.bar = click.progressbar(length=todo_docs, label="analysing", file=sys.stderr,
                                         show_pos=True, show_eta=True,
                                         item_show_func=lambda rate: rate)
            self.bar.__enter__()

    def update(self, report: PartitionReport) -> None:
        self.done += report.docs
        rate = self.done / max(time.monotonic() - self.start, 1e-9)
        if self.bar is not None:
            self.bar.update(report.docs, f"{rate:.1f} docs/s")
        elif not self.quiet:
            left = max(self.total - self.done, 0) / rate if rate else 0.0
            click.echo(f"{self.done}/{self.total} documents, {rate:.1f} docs/s, "
                       f"ETA {_duration(left)}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


@click.command(name="batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the Parquet shards (shared by all workers on a cluster).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Dask scheduler of a running cluster (default: start a local one).")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Local worker processes (default: one per CPU).")
@click.option("--partition-size", type=click.IntRange(1), default=None,
              help="Documents per partition (per Parquet shard, per resumable unit). "
              "Default: that of an earlier run in OUT, else about four partitions per local "
              "worker, at most 100.")
@click.option("--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True,
              type=click.IntRange(1), help="Refuse pages (and JSON Lines records) larger "
              "than this.")
@click.option("--fingerprints/--no-fingerprints", default=True, show_default=True,
              help="Compute provenance fingerprints on the workers (`veille load` links "
              "them); without, `veille relink` does it later in one process.")
@click.option("--quiet", "-q", is_flag=True, help="No progress; only the summary.")
def batch_command(inputs: tuple[str, ...], out: Path, scheduler: str | None,
                  workers: int | None, partition_size: int | None, max_bytes: int,
                  fingerprints: bool, quiet: bool) -> None:
    """Analyse many inputs on a Dask cluster into Parquet shards; load them with `veille load`.

    INPUTS are files (HTML, text pages, JSON Lines, WARC .warc/.warc.gz), directories
    (read recursively) and URLs. Each partition of documents gives OUT/KEY.analyses.parquet
    (the full veille.analysis.v1 record as JSON, plus columns) and OUT/KEY.failures.parquet.
    Rerunning the same command skips the partitions already written, so an interrupted
    run resumes where it stopped.

    \b
    Example:
      veille batch examples/ --out shards/ --workers 2
      veille batch crawl/*.warc.gz --out /shared/shards --scheduler tcp://10.0.0.5:8786
      veille load shards/ --db news.db
    """
    from veille.batch.run import run_batch

    if "-" in inputs:
        raise click.UsageError("veille batch reads files, directories and URLs: standard "
                               "input cannot be split between workers (save it to a file)")
    if scheduler and workers:
        raise click.UsageError("--workers starts a local cluster; with --scheduler the "
                               "cluster's workers are used: give one or the other")
    progress = _Progress(quiet)
    try:
        report = run_batch(inputs, out, scheduler=scheduler, workers=workers,
                           size=partition_size, max_bytes=max_bytes,
                           fingerprints=fingerprints, on_plan=progress.planned,
                           progress=progress.update)
    finally:
        progress.close()
    for key, reason in report.lost.items():
        click.echo(f"error: partition {key} was not done ({reason}); rerun to retry it",
                   err=True)
    done = report.total("docs")
    click.echo(
        f"{done} documents in {len(report.done)} partitions into {out}: "
        f"{report.total('analysed')} analysed, {report.total('articles')} kept without "
        f"analysis, {report.total('failures')} failed; {report.skipped} of "
        f"{report.partitions} partitions were already done; peak RSS per worker "
        f"{report.peak_rss_mib:,.0f} MiB. Next: veille load {out} --db DB")
    if report.lost:
        raise SystemExit(1)


@click.command(name="load")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--db", "db_path", default="veille.db", show_default=True, envvar="VEILLE_DB",
              type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite database file (or set VEILLE_DB).")
def load_command(directory: Path, db_path: Path) -> None:
    """Merge the Parquet shards of `veille batch` into a store (one writer, idempotent).

    Loading the same shards twice adds nothing; a load that was interrupted is finished by
    running it again.

    \b
    Example:
      veille batch examples/ --out shards/ --workers 1
      veille load shards/ --db news.db
    """
    from veille.batch.load import load_shards
    from veille.store import Store

    with Store(db_path) as store:
        report = load_shards(directory, store)
    click.echo(
        f"{report.partitions} partitions loaded into {db_path}: {report.added} added, "
        f"{report.updated} updated, {report.unchanged} already stored; "
        f"{report.failures} failures and warnings recorded; {report.linked} new provenance "
        "links")
