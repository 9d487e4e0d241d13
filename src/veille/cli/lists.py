"""Read commands that list what the store knows.

quotes, people, events, places, timeline, failures and stats.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from veille.cli._common import (
    DB_OPTION,
    _check_date,
    _count,
    _echo,
    _emit,
    _format_option,
    _list_output,
    _open_store,
    _quoted,
    _speaker,
)
from veille.query import (
    EventHit,
    PersonRow,
    PlaceRow,
    QuoteHit,
    TimelineItem,
    list_events,
    list_failures,
    list_people,
    list_places,
    list_quotes,
    stats,
    timeline,
)


# -- quotes -----------------------------------------------------------------------------
@click.command(name="quotes")
@DB_OPTION
@click.option("--speaker", help="Only quotes by this speaker: all its words, case and "
              "accents aside (Milley finds Mark Milley).")
@click.option("--query", help="Only quotes whose words match this full-text query.")
@click.option("--since", callback=_check_date,
              help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_check_date,
              help="Only articles published on or before this date (YYYY-MM-DD).")
@click.option("--site", help="Only articles from this site.")
@click.option("--kind", type=click.Choice(["direct", "indirect", "mixed"]),
              help="Only quotes of this kind.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@_format_option(["text", "json", "jsonl", "csv"])
def quotes_command(db_path: Path, speaker: str | None, query: str | None, since: str | None,
                   until: str | None, site: str | None, kind: str | None, limit: int,
                   offset: int, fmt: str) -> None:
    """List stored quotations with their speaker and article, oldest first.

    Accents and case do not matter. --query takes FTS5 syntax ("exact phrase", OR, NOT,
    prefix*); a query that is not valid syntax is searched as plain words.

    \b
    Example:
      veille quotes --speaker Marchal --db news.db
      veille quotes --query "frontières" --since 2025-01-01 --format csv > quotes.csv
    """
    with _open_store(db_path) as store:
        hits = list_quotes(store, speaker=speaker, query=query, since=since, until=until,
                           site=site, kind=kind, limit=limit, offset=offset)
    _list_output(hits, fmt, empty="no quote matches", as_text=_quote_text)


def _quote_text(h: QuoteHit) -> str:
    return (f"{(h.published or '????-??-??')[:10]}  {h.site or '—'}  "
            f"{_speaker(h.speaker, h.speaker_mention)}  {click.style(h.kind, fg='yellow')}\n"
            f"  {_quoted(h.text, h.kind)}\n"
            f"  {click.style(h.article_id, fg='cyan')}  {h.title or '(no title)'}\n")


# -- people -----------------------------------------------------------------------------
@click.command(name="people")
@DB_OPTION
@click.option("--name", help="Only people whose name has all these words, case and accents "
              "aside.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100_000))
@_format_option(["text", "json", "jsonl", "csv"])
def people_command(db_path: Path, name: str | None, limit: int, fmt: str) -> None:
    """List the people named in the store with their roles, most quoted first.

    A person is one identity across articles ("Poutine" and "Vladimir Poutine" are one;
    "Marine Le Pen" and "Jean-Marie Le Pen" two: see docs/people.md), summed as articles
    are stored: roles from all articles, number of articles and mentions, quotes.

    \b
    Example:
      veille people --db news.db
      veille people --name Marchal --db news.db --format json
    """
    with _open_store(db_path) as store:
        rows = list_people(store, name=name, limit=limit)
    empty = "no person matches" if name else "no people stored"
    _list_output(rows, fmt, empty=empty, as_text=_person_text)


def _person_text(r: PersonRow) -> str:
    first, last = (d[:10] if d else None for d in (r.first_published, r.last_published))
    dates = first or "date unknown"
    if last and last != first:
        dates += f" → {last}"
    roles = f"\n  {'; '.join(r.roles)}" if r.roles else ""
    counts = " · ".join(_count(n, word) for n, word in (
        (r.articles, "article"), (r.mentions, "mention"), (r.quotes, "quote")))
    return f"{click.style(r.name, bold=True)}  {counts} · {dates}{roles}"


# -- events -----------------------------------------------------------------------------
@click.command(name="events")
@DB_OPTION
@click.option("--type", "event_type", help="Only events of this PLOVER type (CONSULT, "
              "ACCUSE, AGREE …), case aside.")
@click.option("--actor", help="Only events with an actor or target that has all these "
              "words, case and accents aside.")
@click.option("--place", help="Only events whose place has all these words.")
@click.option("--since", callback=_check_date,
              help="Only events dated on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_check_date,
              help="Only events dated on or before this date (YYYY-MM-DD).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@_format_option(["text", "json", "jsonl", "csv"])
def events_command(db_path: Path, event_type: str | None, actor: str | None,
                   place: str | None, since: str | None, until: str | None, limit: int,
                   offset: int, fmt: str) -> None:
    """List stored events (who did what to whom, where, when), oldest first.

    An event's date is its own when one was resolved, else its article's publication date.

    \b
    Example:
      veille events --db news.db
      veille events --type CONSULT --actor Marchal --since 2025-03 --db news.db --format csv
    """
    with _open_store(db_path) as store:
        hits = list_events(store, type=event_type, actor=actor, place=place, since=since,
                           until=until, limit=limit, offset=offset)
    _list_output(hits, fmt, empty="no event matches", as_text=_event_text)


def _event_text(h: EventHit) -> str:
    who = ", ".join(h.actors) or "?"
    whom = f" → {', '.join(h.targets)}" if h.targets else ""
    where = f" @ {h.place}" if h.place else ""
    return (f"{(h.date or '????-??-??')[:10]}  {click.style(h.type, fg='yellow')}  "
            f"{click.style(who, bold=True)}{whom}{where}  ({h.trigger})\n"
            f"  {click.style(h.article_id, fg='cyan')}  {h.title or '(no title)'}\n")


# -- places -----------------------------------------------------------------------------
@click.command(name="places")
@DB_OPTION
@click.option("--country", help="Only places in this country (ISO 3166-1 code, e.g. FI).")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100_000))
@_format_option(["text", "json", "jsonl", "csv"])
def places_command(db_path: Path, country: str | None, limit: int, fmt: str) -> None:
    """List the places named in the store, with country and coordinates, most cited first.

    \b
    Example:
      veille places --db news.db
      veille places --country FI --db news.db --format json
    """
    with _open_store(db_path) as store:
        rows = list_places(store, country=country, limit=limit)
    empty = "no place matches" if country else "no places stored"
    _list_output(rows, fmt, empty=empty, as_text=_place_text)


def _place_text(r: PlaceRow) -> str:
    point = f"  {r.lat:.4f}, {r.lon:.4f}" if r.lat is not None and r.lon is not None else ""
    counts = f"{_count(r.articles, 'article')} · {_count(r.mentions, 'mention')}"
    return f"{click.style(r.name, bold=True)}  {r.country or '??'}{point}  {counts}"


# -- timeline ---------------------------------------------------------------------------
@click.command(name="timeline")
@click.argument("name")
@DB_OPTION
@click.option("--limit", default=1000, show_default=True, type=click.IntRange(1, 100_000))
@_format_option(["text", "json", "jsonl", "csv"])
def timeline_command(name: str, db_path: Path, limit: int, fmt: str) -> None:
    """What a person or organisation did, underwent and said, in date order.

    NAME matches an event's actors and targets and a quote's speaker: all its words,
    case and accents aside.

    \b
    Example:
      veille timeline Marchal --db news.db
      veille timeline "Mark Milley" --db news.db --format json
    """
    with _open_store(db_path) as store:
        items = timeline(store, name, limit=limit)
    _list_output(items, fmt, empty=f"nothing stored about {name!r}", as_text=_timeline_text)


def _timeline_text(i: TimelineItem) -> str:
    return (f"{(i.date or '????-??-??')[:10]}  {click.style(i.kind, fg='yellow')} "
            f"({i.role})  {i.text}\n  {click.style(i.article_id, fg='cyan')}  "
            f"{i.title or '(no title)'}\n")


# -- failures ---------------------------------------------------------------------------
@click.command()
@DB_OPTION
@click.option("--all", "include_resolved", is_flag=True,
              help="Include failures of inputs that have since gone through.")
@click.option("--warnings/--no-warnings", default=True, show_default=True,
              help="Include warnings (documents stored with a caveat).")
@click.option("--limit", type=click.IntRange(1), default=None)
@_format_option(["text", "json", "jsonl", "csv"])
def failures(db_path: Path, include_resolved: bool, warnings: bool, limit: int | None,
             fmt: str) -> None:
    """List recorded failures: which input, which stage, what went wrong.

    \b
    Example:
      veille failures --db news.db
      veille failures --db news.db --format csv > failures.csv
    """
    with _open_store(db_path) as store:
        rows = list_failures(store, include_resolved=include_resolved,
                             level=None if warnings else "error", limit=limit)
    if fmt != "text":
        _emit([r.to_dict() for r in rows], fmt)
        return
    if not rows:
        _echo("no failures recorded")
    for r in rows:
        seen = f" (seen {r.count}×)" if r.count > 1 else ""
        status = " [resolved]" if r.resolved_at else ""
        _echo(f"{r.last_seen}  {r.level}: {r.source}: {r.stage}: {r.error_type}: "
                   f"{r.message}{seen}{status}")


# -- stats ------------------------------------------------------------------------------
@click.command(name="stats")
@DB_OPTION
@_format_option(["text", "json"])
def stats_command(db_path: Path, fmt: str) -> None:
    """Counts over the store: articles, failures, languages, dates, models, watching.

    The counts of articles, entities, quotes, people, organisations and places are kept
    up to date as articles are written (so this answers in milliseconds at any size);
    `veille check` verifies them against the articles' rows.

    \b
    Example:
      veille stats --db news.db --format json
    """
    with _open_store(db_path) as store:
        data = stats(store)
    if fmt == "json":
        _echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    langs = ", ".join(f"{k} {v}" for k, v in data["languages"].items()) or "—"
    _echo(f"articles   {data['articles']} ({data['analyzed']} analysed)\n"
               f"failures   {data['failures']} unresolved, {data['warnings']} warnings\n"
               f"published  {data['published']['first'] or '—'} → "
               f"{data['published']['last'] or '—'}\n"
               f"sites      {data['sites']}\nlanguages  {langs}\n"
               f"entities   {data['entities']} · people {data['people']} · organisations "
               f"{data['organisations']} · places {data['places']} · quotes "
               f"{data['quotes']}\n"
               f"models     {', '.join(data['models']) or '—'}")
    if data.get("sources") or data.get("versions") or data.get("alerts"):
        _echo(f"watch      {data['sources']} sources · {data['versions']} versions "
              f"({data['edited']} articles edited) · {data['alerts']} alerts, "
              f"{data['alert_matches']} matches")
