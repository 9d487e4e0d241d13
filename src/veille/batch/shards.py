"""Parquet shards: what a worker writes for one partition, and reading them back.

Each partition gives two files, ``KEY.analyses.parquet`` and ``KEY.failures.parquet``,
written to a temporary name in the same directory and renamed into place (an atomic
rename on POSIX file systems): a killed run leaves whole shards or none, never half of one.
A partition is done when both exist.

An analyses row holds the full ``veille.analysis.v1`` record as JSON (``analysis``), the
article with the fields the contract leaves out (``article``: how the date was found, the
extractor, warnings) and a provenance fingerprint (``fingerprint``, JSON) when the worker
could compute one, plus plain columns for a quick look with any Parquet reader. A row whose
``analysis`` is null is an article whose analysis failed: it is stored without one, as
``veille ingest`` does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veille.records import Analysis, Article, Entity, Event, Failure, Place, Quote, Timex

if TYPE_CHECKING:
    import pyarrow as pa

ANALYSES = "analyses"
FAILURES = "failures"
SHARD_SCHEMA = "veille.shard.v1"


def shard_path(out_dir: Path, key: str, what: str) -> Path:
    return out_dir / f"{key}.{what}.parquet"


def is_done(out_dir: Path, key: str) -> bool:
    return all(shard_path(out_dir, key, what).exists() for what in (FAILURES, ANALYSES))


# -- records → rows -----------------------------------------------------------------------
def article_row(article: Article) -> dict[str, Any]:
    return {**article.to_dict(), "source": article.source,
            "published_from": article.published_from, "content_hash": article.content_hash,
            "extractor": article.extractor, "warnings": list(article.warnings)}


def analyses_row(article: Article, analysis: Analysis | None,
                 fingerprint: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        "id": article.id, "source": article.source, "url": article.url,
        "site": article.site, "title": article.title, "published": article.published,
        "language": article.language, "content_hash": article.content_hash,
        "model": analysis.model if analysis else None,
        "n_entities": len(analysis.entities) if analysis else None,
        "n_quotes": len(analysis.quotes) if analysis else None,
        "n_events": len(analysis.events) if analysis else None,
        "analysis": json.dumps(analysis.to_dict(), ensure_ascii=False) if analysis else None,
        "article": json.dumps(article_row(article), ensure_ascii=False),
        "fingerprint": json.dumps(fingerprint, ensure_ascii=False) if fingerprint else None,
    }


def failure_row(failure: Failure) -> dict[str, Any]:
    return {"source": failure.source, "stage": failure.stage, "error_type": failure.error_type,
            "message": failure.message, "level": failure.level,
            "occurred_at": failure.occurred_at.isoformat()}


def _schemas() -> dict[str, pa.Schema]:
    import pyarrow as pa

    text, count = pa.string(), pa.int32()
    return {
        ANALYSES: pa.schema([
            ("id", text), ("source", text), ("url", text), ("site", text), ("title", text),
            ("published", text), ("language", text), ("content_hash", text), ("model", text),
            ("n_entities", count), ("n_quotes", count), ("n_events", count),
            ("analysis", text), ("article", text), ("fingerprint", text)]),
        FAILURES: pa.schema([("source", text), ("stage", text), ("error_type", text),
                             ("message", text), ("level", text), ("occurred_at", text)]),
    }


def write_shard(out_dir: Path, key: str, what: str, rows: list[dict[str, Any]]) -> Path:
    """Write rows to the shard, atomically: a temporary file, flushed, then renamed."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pylist(rows, schema=_schemas()[what])
    final = shard_path(out_dir, key, what)
    temp = out_dir / f".{final.name}.{uuid.uuid4().hex}.tmp"
    try:
        with temp.open("wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    return final


# -- rows → records -----------------------------------------------------------------------
def read_rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def article_from_json(data: str) -> Article:
    d = json.loads(data)
    return Article(
        id=d["id"], source=d["source"], text=d["text"], url=d.get("url"), site=d.get("site"),
        title=d.get("title"), published=d.get("published"),
        published_from=d.get("published_from"), authors=tuple(d.get("authors") or ()),
        language=d.get("language"), content_hash=d.get("content_hash") or "",
        extractor=d.get("extractor") or "", warnings=tuple(d.get("warnings") or ()))


def analysis_from_json(data: str, article: Article) -> Analysis:
    """The ``veille.analysis.v1`` record back into an ``Analysis`` of ``article``."""
    d = json.loads(data)
    return Analysis(
        article=article,
        entities=tuple(Entity(id=e["id"], name=e["name"], type=e["type"],
                              roles=tuple(e["roles"]),
                              mentions=tuple((m[0], m[1]) for m in e["mentions"]))
                       for e in d["entities"]),
        quotes=tuple(Quote(**q) for q in d["quotes"]),
        timexes=tuple(Timex(**t) for t in d["timexes"]),
        events=tuple(Event(**{**e, "actors": tuple(e["actors"]), "targets": tuple(e["targets"]),
                              "sentence": (e["sentence"][0], e["sentence"][1])})
                     for e in d["events"]),
        places=tuple(Place(**p) for p in d["places"]),
        analyzers=dict(d.get("analyzers") or {}),
        model=d.get("model"),
    )


def failure_from_row(row: Mapping[str, Any]) -> Failure:
    return Failure(source=row["source"], stage=row["stage"], error_type=row["error_type"],
                   message=row["message"], level=row["level"],
                   occurred_at=dt.datetime.fromisoformat(row["occurred_at"]))


def iter_shard_keys(out_dir: Path) -> Iterator[str]:
    """Keys of the complete partitions in ``out_dir``: in the order of the batch's
    manifest when there is one, then any others sorted."""
    done = {p.name.split(".")[0] for p in out_dir.glob(f"*.{ANALYSES}.parquet")}
    done = {k for k in done if is_done(out_dir, k)}
    ordered: list[str] = []
    manifest = out_dir / "manifest.json"
    if manifest.exists():
        ordered = [k for k in json.loads(manifest.read_text())["partitions"] if k in done]
    yield from ordered
    yield from sorted(done - set(ordered))
