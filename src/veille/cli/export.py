"""``veille export``: whole tables or the actor graph, for spreadsheets, pandas or Gephi.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO, cast

import click

from veille.cli._common import (
    DB_OPTION,
    _count,
    _echo,
    _open_store,
)
from veille.query.export import Table, columns, iter_rows, write_csv, write_jsonl, write_parquet
from veille.store import Store

# -- export -----------------------------------------------------------------------------
_TABLE_FORMATS = ("csv", "jsonl", "parquet")
_GRAPH_FORMATS = ("graphml", "gexf")


@click.command(name="export")
@click.argument("what", type=click.Choice(["quotes", "events", "people", "articles", "graph"]))
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice([*_TABLE_FORMATS, *_GRAPH_FORMATS]),
              default=None, help="csv, jsonl or parquet for tables (default csv); graphml or "
              "gexf for the graph (default graphml).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write here instead of standard output (required for parquet and graphs).")
def export_command(what: str, db_path: Path, fmt: str | None, output: Path | None) -> None:
    """Export a whole table, or the actor graph, for spreadsheets, pandas or Gephi.

    Tables (quotes, events, people, articles) stream as CSV or JSON Lines to standard
    output, or go to a Parquet file. The graph links actors by the events between them
    (typed and dated) and by being quoted in the same article ("co-quoted").

    \b
    Example:
      veille export quotes --db news.db --format csv > quotes.csv
      veille export events --db news.db --format parquet --output events.parquet
      veille export graph --db news.db --format graphml --output actors.graphml
    """
    graph = what == "graph"
    fmt = fmt or ("graphml" if graph else "csv")
    if graph != (fmt in _GRAPH_FORMATS):
        allowed = _GRAPH_FORMATS if graph else _TABLE_FORMATS
        raise click.UsageError(f"{what} exports as {' or '.join(allowed)}, not {fmt}")
    if output is None and fmt not in ("csv", "jsonl"):
        raise click.UsageError(f"--format {fmt} writes a file: give it with --output FILE")
    with _open_store(db_path) as store:
        if graph:
            from veille.query.graph import GraphFormat, write_graph

            assert output is not None
            g = write_graph(store, output, fmt=cast(GraphFormat, fmt))
            _echo(f"{g.number_of_nodes()} actors and {g.number_of_edges()} links "
                       f"written to {output}")
            return
        _export_table(store, cast(Table, what), fmt, output)


def _export_table(store: Store, table: Table, fmt: str, output: Path | None) -> None:
    if fmt == "parquet":
        assert output is not None
        count = write_parquet(store, table, output)
    elif output is None:
        count = _write_rows(store, table, fmt, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as out:
            count = _write_rows(store, table, fmt, out)
    if output is not None:
        _echo(f"{_count(count, 'row')} written to {output}")


def _write_rows(store: Store, table: Table, fmt: str, out: TextIO) -> int:
    rows = iter_rows(store, table)
    if fmt == "csv":
        return write_csv(rows, out, fieldnames=columns(table))
    return write_jsonl(rows, out)
