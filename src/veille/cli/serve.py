"""``veille serve``: the web app over a store, served by uvicorn (imported when run)."""

from __future__ import annotations

import os
from pathlib import Path

import click

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command(name="serve")
@click.option("--db", "db_path", default="veille.db", show_default=True, envvar="VEILLE_DB",
              type=click.Path(dir_okay=False, path_type=Path),
              help="SQLite database file (or set VEILLE_DB). Opened read-only.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The app has no login: keep it on 127.0.0.1 "
              "unless the network is trusted.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each with its own connections to the store).")
def serve_command(db_path: Path, host: str, port: int, workers: int) -> None:
    """Explore a store in the browser: search, articles, people, timeline, graph, map.

    Serves a local web app (and its JSON API under /api/, described at
    /api/openapi.json) that reads the store without ever writing to it, so it can run
    while `veille ingest` adds articles. Stop it with Ctrl-C.

    \b
    Example:
      veille serve --db news.db
      veille serve --db news.db --port 8080   # then open http://127.0.0.1:8080/
    """
    import uvicorn

    from veille.errors import VeilleError
    from veille.web.app import create_app
    from veille.web.server import H11NoDelay

    try:
        app = create_app(db_path)  # opens the store now: a wrong path fails here, clearly
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from None
    if host not in LOOPBACK:
        click.echo(f"warning: listening on {host}: anyone who can reach it can read the "
                   "store (there is no login)", err=True)
    click.echo(f"veille: serving {db_path} at http://{_url_host(host)}:{port}/ "
               "(Ctrl-C to stop)", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, http=H11NoDelay, log_level="warning",
                    access_log=False)
        return
    os.environ["VEILLE_DB"] = str(Path(db_path).resolve())
    uvicorn.run("veille.web.app:app_from_environment", factory=True, host=host, port=port,
                workers=workers, http=H11NoDelay, log_level="warning", access_log=False)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
