"""``veille load``: merge a batch's shards into the store, with one writer.

SQLite takes one writer at a time, so workers never touch the database: this step reads
the shards in partition order and writes them with ``Store.write``, one transaction per
partition. It is idempotent: an article already stored unchanged is left alone and a
failure already recorded is not counted again, so loading twice adds nothing, and a load
killed halfway is completed by running it again.

When the shards carry provenance fingerprints, the articles of each partition whose links
are missing or out of date are linked to the rest of the store with
``veille.provenance.link_new``, right after the partition is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veille.batch.shards import (
    ANALYSES,
    FAILURES,
    analysis_from_json,
    article_from_json,
    failure_from_row,
    iter_shard_keys,
    read_rows,
    shard_path,
)
from veille.errors import VeilleError
from veille.provenance import link_new, stale_articles
from veille.records import Analysis, Article
from veille.store import Store


@dataclass
class LoadReport:
    partitions: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failures: int = 0
    linked: int = 0
    """New provenance links made by ``veille.provenance.link_new``."""


def _records(rows: list[dict[str, Any]]
             ) -> tuple[list[Analysis], list[Article], dict[str, Mapping[str, Any]]]:
    analyses: list[Analysis] = []
    articles: list[Article] = []
    prints: dict[str, Mapping[str, Any]] = {}
    for row in rows:
        article = article_from_json(row["article"])
        if row["analysis"] is not None:
            analyses.append(analysis_from_json(row["analysis"], article))
        else:
            articles.append(article)
        if row["fingerprint"]:
            prints[article.id] = json.loads(row["fingerprint"])
    return analyses, articles, prints


def load_partition(store: Store, out: Path, key: str) -> tuple[dict[str, int], int]:
    """Write one partition's shards in one transaction, then link its articles whose
    provenance is missing or out of date (all of them the first time; after a load killed
    between the two steps, those it did not link). Returns the counts and the new links."""
    rows = read_rows(shard_path(out, key, ANALYSES))
    failures = [failure_from_row(r) for r in read_rows(shard_path(out, key, FAILURES))]
    analyses, articles, prints = _records(rows)
    counts = store.write(analyses, failures, articles, recount_failures=False)
    if not prints:
        return counts, 0
    stale = stale_articles(store, list(prints))
    return counts, link_new(store, {i: prints[i] for i in stale}) if stale else 0


def load_shards(out: Path, store: Store, *,
                progress: Callable[[str], None] | None = None) -> LoadReport:
    """Merge every complete partition under ``out`` into ``store``."""
    if not out.is_dir():
        raise VeilleError(f"no batch output at {out}: run `veille batch INPUT --out {out}` "
                          "first")
    report = LoadReport()
    for key in iter_shard_keys(out):
        counts, linked = load_partition(store, out, key)
        report.partitions += 1
        report.added += counts["added"]
        report.updated += counts["updated"]
        report.unchanged += counts["unchanged"]
        report.failures += counts["failures"]
        report.linked += linked
        if progress is not None:
            progress(key)
    return report
