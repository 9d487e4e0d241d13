"""``veille check`` and ``veille optimize``: verify a store's derived data, keep it fast."""

from __future__ import annotations

import time
from pathlib import Path

import click

from veille.cli._common import DB_OPTION, _echo, _open_store


@click.command(name="check")
@DB_OPTION
@click.option("--fts", is_flag=True, help="Also check every full-text index against its "
              "content with FTS5's integrity-check (reads every article: minutes per "
              "million).")
@click.option("--repair", "rebuild", is_flag=True, help="Rebuild the aggregates and the "
              "salient-word index from the articles' rows, then check again.")
def check_command(db_path: Path, fts: bool, rebuild: bool) -> None:
    """Check that the store's aggregates match its articles.

    People, organisations, places, the actor graph and the store's counts are kept up to
    date as articles are written; this recomputes all of them from the stored entities,
    quotes, events and places and compares. Exit status 1 when anything differs (then run
    it with --repair). It reads the whole store: about a minute per 100,000 articles.

    \b
    Example:
      veille check --db news.db
      veille check --db news.db --fts --repair
    """
    from veille.store import check, repair

    started = time.perf_counter()
    with _open_store(db_path, write=fts or rebuild) as store:
        if rebuild:
            repair(store)
        problems = check(store, fts=fts)
        articles = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    for line in problems:
        _echo(f"wrong: {line}", err=True)
    seconds = time.perf_counter() - started
    if problems:
        raise click.ClickException(f"{len(problems)} problems in {db_path}: run `veille check "
                                   f"--repair --db {db_path}`")
    _echo(f"ok: the aggregates of {articles} articles match their rows"
          f"{' and the full-text indexes their content' if fts else ''} ({seconds:.1f} s)")


@click.command(name="optimize")
@DB_OPTION
def optimize_command(db_path: Path) -> None:
    """Merge the full-text indexes into one b-tree each, for faster searches.

    FTS5 merges its index segments as it goes; after a large ingest or load, merging them
    all (what FTS5's authors recommend for large indexes) makes searches read one b-tree
    per word. It rewrites the indexes: run it when no ingest is writing.

    \b
    Example:
      veille load shards/ --db news.db && veille optimize --db news.db
    """
    from veille.store import optimize

    started = time.perf_counter()
    with _open_store(db_path, write=True) as store:
        optimize(store)
    _echo(f"optimized {db_path} in {time.perf_counter() - started:.1f} s")
