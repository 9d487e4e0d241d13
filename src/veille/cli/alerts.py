"""``veille alerts``: saved searches whose matches are recorded as articles arrive.
"""

from __future__ import annotations

from pathlib import Path

import click

from veille.cli._common import DB_OPTION, _echo, _emit, _format_option, _open_store
from veille.query.watch import alert_matches, list_alerts
from veille.watch import add_alert, remove_alert


@click.group(name="alerts")
def alerts_group() -> None:
    """Saved searches: every article that matches is recorded once, as it arrives.

    `veille serve` lists them and serves each as an Atom feed, /alerts/NAME.atom.

    \b
    Example:
      veille alerts add port-marseille '"port de Marseille" grève' --db news.db
      veille alerts add marchal "" --speaker Marchal --db news.db
      veille alerts show port-marseille --db news.db
    """


@alerts_group.command(name="add")
@click.argument("name")
@click.argument("query")
@click.option("--speaker", help="Only articles quoting this speaker (all its words).")
@click.option("--person", help="Only articles naming this person.")
@click.option("--event-type", help="Only articles with an event of this PLOVER type "
                                   "(CONSULT, PROTEST …).")
@click.option("--place", help="Only articles naming this place.")
@click.option("--new-only", is_flag=True,
              help="Record only articles stored from now on, not those already stored.")
@DB_OPTION
def alerts_add(name: str, query: str, speaker: str | None, person: str | None,
               event_type: str | None, place: str | None, new_only: bool,
               db_path: Path) -> None:
    """Save a search. QUERY is full-text (FTS5 syntax as `veille search`; "" for none).

    The articles already stored that match are recorded at once (--new-only: not them);
    later ones as `veille watch` stores them. An article is recorded once per alert,
    even when a later version of it matches again.

    \b
    Example:
      veille alerts add greve '"port de Marseille" grève' --db news.db
      veille alerts add rencontres "" --event-type CONSULT --place Helsinki --db news.db
    """
    with _open_store(db_path, create=True) as store:
        alert, matched = add_alert(store, name, query, speaker=speaker, person=person,
                                   event_type=event_type, place=place, backfill=not new_only)
    _echo(f"saved alert {alert.name}: {matched} stored article{'s' if matched != 1 else ''} "
          "match it now (see `veille alerts show " + alert.name + "`)")


@alerts_group.command(name="show")
@click.argument("name", required=False)
@DB_OPTION
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@_format_option(["text", "json", "jsonl", "csv"])
def alerts_show(name: str | None, db_path: Path, limit: int, fmt: str) -> None:
    """An alert's matches, newest first; without NAME, every alert.

    \b
    Example:
      veille alerts show --db news.db
      veille alerts show greve --db news.db --format json
    """
    with _open_store(db_path) as store:
        if name is None:
            alerts = list_alerts(store)
            data = None
        else:
            data = alert_matches(store, name, limit=limit)
    if data is None:
        if fmt != "text":
            _emit(alerts, fmt)
        elif not alerts:
            _echo("no alert yet: save one with `veille alerts add NAME QUERY`")
        for a in alerts if fmt == "text" else []:
            _echo(f"{click.style(a['name'], bold=True)}  {a['matches']} matches, last "
                  f"{a['last_match'] or '—'}  ·  {_criteria(a)}")
        return
    if fmt != "text":
        _emit(data["items"], fmt)
        return
    _echo(f"{click.style(data['name'], bold=True)} · {_criteria(data)} · {data['matches']} "
          "matches")
    for item in data["items"]:
        _echo(f"  {item['matched_at']}  {click.style(item['id'], fg='cyan')}  "
              f"{item['published'] or '????-??-??'}  {item['site'] or '—'}\n"
              f"    {item['title'] or '(no title)'}")


def _criteria(alert: dict[str, object]) -> str:
    parts = [f"query {alert['query']!r}"] if alert["query"] else []
    parts += [f"{key.replace('_', ' ')} {alert[key]!r}"
              for key in ("speaker", "person", "event_type", "place") if alert.get(key)]
    return ", ".join(parts)


@alerts_group.command(name="remove")
@click.argument("name")
@DB_OPTION
def alerts_remove(name: str, db_path: Path) -> None:
    """Delete an alert and its recorded matches (the articles stay).

    \b
    Example:
      veille alerts remove greve --db news.db
    """
    with _open_store(db_path, write=True) as store:
        remove_alert(store, name)
    _echo(f"removed alert {name}")
