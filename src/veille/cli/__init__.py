"""The ``veille`` command line. Thin: every command calls the public API or ``query``.

Each command lives in a module of this package; this one only makes the group and adds
them. No command module imports another (shared helpers are in ``_common``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import click

from veille._version import __version__
from veille.errors import VeilleError


class _Group(click.Group):
    """Errors a user can meet become one clear line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except VeilleError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.OperationalError as exc:
            hint = " (another veille ingest writing? retry when it is done)" if "locked" in str(
                exc) else ""
            raise click.ClickException(f"database error: {exc}{hint}") from None
        except OSError as exc:
            if exc.filename is None:
                raise
            raise click.ClickException(f"{exc.filename}: {exc.strerror or exc}") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="veille")
def main() -> None:
    """veille: turn raw news pages into knowledge you can query.

    \b
    Quick tour:
      veille analyze page.html --format text      # what is in one page
      veille ingest ./scraped/ --db news.db       # store a corpus
      veille search "Gerasimov" --db news.db      # full-text search
      veille quotes --speaker Milley --db news.db # who said what
    """
    from veille.analyze.nlp import fewer_collections

    fewer_collections()


# Modules that import heavy dependencies (dask, uvicorn, the sentence encoder) do so inside
# their commands, so `veille --help` stays fast.
from veille.cli.alerts import alerts_group  # noqa: E402
from veille.cli.analyze import analyze  # noqa: E402
from veille.cli.articles import search_command, show  # noqa: E402
from veille.cli.batch import batch_command, load_command  # noqa: E402
from veille.cli.check import check_command, optimize_command  # noqa: E402
from veille.cli.eval import eval_command  # noqa: E402
from veille.cli.export import export_command  # noqa: E402
from veille.cli.ingest import ingest  # noqa: E402
from veille.cli.lists import (  # noqa: E402
    events_command,
    failures,
    people_command,
    places_command,
    quotes_command,
    stats_command,
    timeline_command,
)
from veille.cli.provenance import duplicates_command, relink_command, story_command  # noqa: E402
from veille.cli.serve import serve_command  # noqa: E402
from veille.cli.watch import sources_group, versions_command, watch_command  # noqa: E402

for _command in (analyze, ingest, search_command, show, quotes_command, people_command,
                 events_command, places_command, timeline_command, export_command, failures,
                 stats_command, eval_command, batch_command, load_command, duplicates_command,
                 story_command, relink_command, serve_command, sources_group, watch_command,
                 versions_command, alerts_group, check_command, optimize_command):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
