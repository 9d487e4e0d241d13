"""``veille ingest``: fetch, extract, analyse and store, with a progress bar.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from veille.cli._common import (
    DB_OPTION,
    MAX_BYTES_OPTION,
    STRICT_OPTION,
    _echo,
    _fail_line,
    _open_store,
)
from veille.fetch.count import estimate_documents
from veille.ingest import IngestReport
from veille.ingest import ingest as run_ingest

# A worker process loads its own model (~4 s of CPU, the analysis of ~30 news articles):
# each should get more documents than that to pay for itself. Measured on this machine's
# corpus texts (bench/end_to_end.py); an explicit --workers N is taken as given.
MIN_DOCS_PER_WORKER = 30


def processes(documents: int, asked: int | None) -> int:
    """How many analysis processes: ``asked`` (at most one per document), else one per CPU
    as long as each gets ``MIN_DOCS_PER_WORKER`` documents; 1 means in this process."""
    if asked is not None:
        return max(1, min(asked, documents))
    return max(1, min(os.cpu_count() or 1, documents // MIN_DOCS_PER_WORKER))


# -- ingest -----------------------------------------------------------------------------
@click.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@MAX_BYTES_OPTION
@STRICT_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary.")
@click.option("--no-provenance", is_flag=True,
              help="Skip fingerprinting and linking copies (a fingerprint costs about a "
                   "quarter of the analysis); `veille relink` does it later.")
@click.option("--workers", type=click.IntRange(1), default=None,
              help="Analysis processes (default: one per CPU; inputs of fewer than "
                   f"{MIN_DOCS_PER_WORKER} documents per process stay in one process). The "
                   "command's own process writes the store.")
def ingest(inputs: tuple[str, ...], db_path: Path, max_bytes: int, strict: bool,
           quiet: bool, no_provenance: bool, workers: int | None) -> None:
    """Fetch, extract, analyse and store documents; failures are recorded, not fatal.

    Ingesting the same document again stores nothing new. See what failed with
    `veille failures`.

    \b
    Example:
      veille ingest ./scraped/ --db news.db
      veille ingest crawl.warc.gz --db news.db --workers 2
      veille ingest records.jsonl https://example.org/article --db news.db
    """
    store = _open_store(db_path, create=True)
    total = estimate_documents(inputs)
    workers = processes(total, workers)
    bar = click.progressbar(length=total, label="ingesting", file=sys.stderr,
                            show_pos=True, show_eta=True, item_show_func=lambda s: s)
    if quiet or not sys.stderr.isatty():
        bar.hidden = True
    with store, bar:
        report = run_ingest(inputs, store, max_bytes=max_bytes, provenance=not no_provenance,
                            workers=workers,
                            progress=lambda result: bar.update(1, _short(result.source)))
    _summary(report, db_path)
    if report.failures and strict:
        raise SystemExit(1)


def _short(source: str, width: int = 40) -> str:
    return source if len(source) <= width else "…" + source[-width + 1:]


def _summary(report: IngestReport, db_path: Path) -> None:
    shown = 50
    problems = report.failures + report.warnings
    for f in problems[:shown]:
        _echo(_fail_line(f), err=True)
    if len(problems) > shown:
        _echo(f"… and {len(problems) - shown} more (see veille failures)", err=True)
    warned = f", {len(report.warnings)} with warnings" if report.warnings else ""
    _echo(
        f"{report.processed} documents processed into {db_path}: {report.added} added, "
        f"{report.updated} updated, {report.unchanged} already stored; "
        f"{len(report.failures)} failed{warned}"
        + (" (list them: veille failures)" if problems else ""))
