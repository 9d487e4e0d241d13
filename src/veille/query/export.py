"""Whole tables out of the store: quotes, events, people, articles as CSV, JSONL or Parquet.

Rows stream from SQLite to the writer (CSV, JSONL) or in batches (Parquet), so an export
does not hold the corpus in memory. Parquet columns are typed from the row records, so a
column that happens to be all empty keeps its type.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from veille.query.events import EventHit, iter_events
from veille.query.people import PersonRow, list_people
from veille.query.quotes import QuoteHit, iter_quotes
from veille.store import Store

Table = Literal["quotes", "events", "people", "articles"]
TABLES: tuple[Table, ...] = ("quotes", "events", "people", "articles")
# Rows per Parquet row group: a few MB of quotes, measured on the examples' ~300-char rows.
_BATCH = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleRow:
    """One stored article, its metadata and text (``veille export articles``)."""

    id: str
    url: str | None
    site: str | None
    title: str | None
    published: str | None
    published_from: str | None
    authors: tuple[str, ...]
    language: str | None
    source: str
    content_hash: str
    extractor: str
    ingested_at: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        return data


def _iter_people(store: Store) -> Iterator[PersonRow]:
    yield from list_people(store, limit=-1)  # SQLite: a negative LIMIT is no limit


def _iter_articles(store: Store) -> Iterator[ArticleRow]:
    columns = [f.name for f in dataclasses.fields(ArticleRow)]
    for row in store.db.execute(f"SELECT {', '.join(columns)} FROM articles "
                                "ORDER BY published IS NULL, published, id"):
        data = dict(row)
        data["authors"] = tuple(json.loads(data["authors"]))
        yield ArticleRow(**data)


_ITERATORS: dict[Table, tuple[type, Callable[[Store], Iterator[Any]]]] = {
    "quotes": (QuoteHit, iter_quotes),
    "events": (EventHit, iter_events),
    "people": (PersonRow, _iter_people),
    "articles": (ArticleRow, _iter_articles),
}


def iter_rows(store: Store, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of ``table`` as a dict ready for JSON, in a stable order."""
    _, iterate = _ITERATORS[table]
    for record in iterate(store):
        yield record.to_dict()


def columns(table: Table) -> list[str]:
    """The column names of ``table``, in order."""
    return [f.name for f in dataclasses.fields(_ITERATORS[table][0])]


def csv_cell(value: Any) -> Any:
    """A list as one cell ("a; b"); text that a spreadsheet would run as a formula
    (=, +, -, @ first) is prefixed with an apostrophe: scraped text is hostile."""
    if isinstance(value, list | tuple):
        value = "; ".join(map(str, value))
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO, *, fieldnames: list[str]) -> int:
    """CSV with a header, each cell through ``csv_cell``."""
    writer = csv.DictWriter(out, fieldnames=fieldnames)
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        count += 1
    return count


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One JSON object per line."""
    count = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_parquet(store: Store, table: Table, path: str | Path) -> int:
    """``table`` as a Parquet file at ``path``, written in row groups of ``_BATCH`` rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(_ITERATORS[table][0])
    count = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in iter_rows(store, table):
            batch.append(row)
            if len(batch) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
        count += len(batch)
    return count


def _arrow_schema(record: type) -> Any:
    """Arrow types from the record's annotations (strings under postponed evaluation)."""
    import pyarrow as pa

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "tuple[str, ...]": pa.list_(pa.string())}
    fields = []
    for f in dataclasses.fields(record):
        annotation = str(f.type).replace(" | None", "")
        fields.append(pa.field(f.name, kinds[annotation], nullable=True))
    return pa.schema(fields)
