"""The ``veille`` command line. Thin: every command calls the public API or ``query``."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO, cast

import click

from veille import __version__
from veille.errors import VeilleError
from veille.fetch import DEFAULT_MAX_BYTES
from veille.fetch.count import estimate_documents
from veille.ingest import IngestReport
from veille.ingest import ingest as run_ingest
from veille.pipeline import Result, iter_analyses
from veille.query import (
    EventHit,
    PersonRow,
    PlaceRow,
    QuoteHit,
    TimelineItem,
    get_article,
    list_events,
    list_failures,
    list_people,
    list_places,
    list_quotes,
    search,
    stats,
    timeline,
)
from veille.query.export import Table, columns, iter_rows, write_csv, write_jsonl, write_parquet
from veille.records import Failure
from veille.store import Store

# Scraped text is hostile: only the colour codes veille itself adds may reach a terminal.
_OSC = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
_CSI_NOT_COLOUR = re.compile(r"\x1b\[[0-9;?]*[A-Za-ln-z@`]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f](?<!\x1b)|\x1b(?!\[[0-9;]*m)")


def _safe(text: str) -> str:
    """``text`` without terminal control sequences (titles, cursor moves, clipboard
    writes), keeping newlines, tabs and the SGR colours of click.style."""
    return _CONTROLS.sub("", _CSI_NOT_COLOUR.sub("", _OSC.sub("", text)))


def _echo(message: object = "", **kwargs: Any) -> None:
    click.echo(_safe(str(message)) if message is not None else None, **kwargs)


DB_OPTION = click.option(
    "--db", "db_path", default="veille.db", show_default=True, envvar="VEILLE_DB",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite database file (or set VEILLE_DB).")
MAX_BYTES_OPTION = click.option(
    "--max-bytes", default=DEFAULT_MAX_BYTES, show_default=True, type=click.IntRange(1),
    help="Refuse pages (and JSON Lines records) larger than this.")
STRICT_OPTION = click.option(
    "--strict", is_flag=True, help="Exit with status 1 if any document fails.")


def _format_option(choices: Sequence[str], default: str = "text") -> Any:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def _fail_line(f: Failure) -> str:
    return f"{f.level}: {f.source}: {f.stage}: {f.message}"


def _open_store(path: Path, *, create: bool = False, write: bool = False) -> Store:
    """The store at ``path``: read-only for commands that only read it (they never take a
    write lock, so they run beside an ingest), read-write for ``create`` or ``write``."""
    try:
        return Store(path, create=create, readonly=not (create or write))
    except VeilleError as exc:
        raise click.ClickException(str(exc)) from None


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--since/--until: YYYY, YYYY-MM or YYYY-MM-DD, checked, so a typo is an error and not
    a silently wrong answer."""
    if value is None:
        return None
    ok = re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value)
    try:
        if ok:
            dt.date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        ok = None
    if not ok:
        raise click.BadParameter(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return value


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


# -- analyze ----------------------------------------------------------------------------
@main.command()
@click.argument("inputs", nargs=-1, required=True)
@_format_option(["json", "jsonl", "text"], default="json")
@click.option("--indent", type=click.IntRange(0, 8), default=None,
              help="Pretty-print JSON with this indent (default: one object per line).")
@MAX_BYTES_OPTION
@STRICT_OPTION
def analyze(inputs: tuple[str, ...], fmt: str, indent: int | None, max_bytes: int,
            strict: bool) -> None:
    """Analyse documents and print one veille.analysis.v1 object per document.

    INPUTS are files (HTML, text pages, JSON Lines), directories (read recursively),
    http(s) URLs, or - for standard input. Output lines follow input order; a document
    that fails prints {"schema", "source", "error"} in its place.

    \b
    Example:
      veille analyze examples/sommet-helsinki.txt --format json
      veille analyze examples/ --format text
    """
    failed = 0
    for result in iter_analyses(inputs, max_bytes=max_bytes):
        for warning in result.warnings:
            _echo(_fail_line(warning), err=True)
        if result.failure is not None:
            failed += 1
            _echo(_fail_line(result.failure), err=True)
        if fmt == "text":
            _echo(_text_summary(result))
        else:
            data = (result.analysis.to_dict(source=result.source) if result.analysis
                    else result.failure.to_dict() if result.failure else {})
            _echo(json.dumps(data, ensure_ascii=False, indent=indent))
    if failed and strict:
        raise SystemExit(1)


def _names(entities: Iterable[dict[str, Any]], kind: str, limit: int = 12) -> str:
    chosen = [e for e in entities if e["type"] == kind]
    chosen.sort(key=lambda e: -len(e["mentions"]))
    shown = ", ".join(f"{e['name']} ({len(e['mentions'])})" for e in chosen[:limit])
    more = f", … {len(chosen) - limit} more" if len(chosen) > limit else ""
    return (shown + more) or "—"


def _text_summary(result: Result) -> str:
    if result.analysis is None:
        msg = result.failure.message if result.failure else "unknown error"
        return f"{result.source}\n  FAILED     {msg}\n"
    d = result.analysis.to_dict(source=result.source)
    a = d["article"]
    a_from = result.analysis.article.published_from
    paragraphs = a["text"].count("\n\n") + 1
    lines = [
        result.source,
        f"  id         {a['id']}",
        f"  title      {a['title'] or '—'}",
        f"  site       {a['site'] or '—'}",
        f"  published  {a['published'] or '—'} ({a_from or 'unknown'})",
        f"  language   {a['language'] or '—'}",
        f"  authors    {', '.join(a['authors']) or '—'}",
        f"  text       {len(a['text']):,} characters, {paragraphs} paragraphs: "
        f"{a['text'][:70]!r}…",
        f"  orgs       {_names(d['entities'], 'ORG')}",
        f"  places     {_places_line(d['places'])}",
        f"  model      {d['model']}",
        *_section("people", [_person_line(e) for e in d["entities"] if e["type"] == "PER"]),
        *_section("quotes", [_quote_line(q) for q in d["quotes"]]),
        *_section("dates", [f"{t['text']} → {t['value']}" for t in d["timexes"] if t["value"]]),
        *_section("events", [_event_line(e) for e in d["events"]]),
    ]
    return "\n".join(lines) + "\n"


def _section(title: str, items: list[str], limit: int = 12) -> list[str]:
    """An indented list under a heading, cut after ``limit`` items."""
    if not items:
        return [f"  {title:<10} —"]
    shown = [f"    {item}" for item in items[:limit]]
    more = [f"    … {len(items) - limit} more"] if len(items) > limit else []
    return [f"  {title} ({len(items)})", *shown, *more]


def _short_text(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _person_line(e: dict[str, Any]) -> str:
    roles = f" — {'; '.join(e['roles'])}" if e["roles"] else ""
    return f"{e['name']}{roles} ({_count(len(e['mentions']), 'mention')})"


def _quote_line(q: dict[str, Any]) -> str:
    who = q["speaker"] or f"[{q['speaker_mention'] or 'unnamed'}]"
    words = _short_text(_quoted(q["text"], q["kind"]))
    return f"{who} ({q['kind']}, {q['cue'] or 'no cue'}): {words}"


def _event_line(e: dict[str, Any]) -> str:
    parties = ", ".join([*e["actors"], *(f"→ {t}" for t in e["targets"])])
    where = f" @ {e['place']}" if e["place"] else ""
    when = f" {e['date']}" if e["date"] else ""
    return f"{e['type']} «{e['trigger']}» ({parties or 'no actor'}){where}{when}"


def _places_line(places: list[dict[str, Any]]) -> str:
    shown = [f"{p['name']} ({p['country']})" if p["country"] else p["name"] for p in places[:12]]
    return ", ".join(shown) or "—"


# -- ingest -----------------------------------------------------------------------------
@main.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@MAX_BYTES_OPTION
@STRICT_OPTION
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary.")
@click.option("--no-provenance", is_flag=True,
              help="Skip fingerprinting and linking copies (a fingerprint costs about 0.3× "
                   "the analysis); "
                   "`veille relink` does it later.")
def ingest(inputs: tuple[str, ...], db_path: Path, max_bytes: int, strict: bool,
           quiet: bool, no_provenance: bool) -> None:
    """Fetch, extract, analyse and store documents; failures are recorded, not fatal.

    Ingesting the same document again stores nothing new. See what failed with
    `veille failures`.

    \b
    Example:
      veille ingest ./scraped/ --db news.db
      veille ingest records.jsonl https://example.org/article --db news.db
    """
    store = _open_store(db_path, create=True)
    total = estimate_documents(inputs)
    bar = click.progressbar(length=total, label="ingesting", file=sys.stderr,
                            show_pos=True, show_eta=True, item_show_func=lambda s: s)
    if quiet or not sys.stderr.isatty():
        bar.hidden = True
    with store, bar:
        report = run_ingest(inputs, store, max_bytes=max_bytes, provenance=not no_provenance,
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


# -- search -----------------------------------------------------------------------------
@main.command(name="search")
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--offset", default=0, type=click.IntRange(0))
@click.option("--site", help="Only articles from this site.")
@click.option("--language", help="Only articles in this language (ISO 639-1, e.g. fr).")
@click.option("--since", callback=_check_date,
              help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", callback=_check_date,
              help="Only articles published on or before this date (YYYY-MM-DD).")
@_format_option(["text", "json", "jsonl", "csv"])
def search_command(query: str, db_path: Path, limit: int, offset: int, site: str | None,
                   language: str | None, since: str | None, until: str | None,
                   fmt: str) -> None:
    """Full-text search over titles and texts, best matches first, with snippets.

    Accents and case do not matter. FTS5 syntax works ("exact phrase", OR, NOT, prefix*);
    a query that is not valid syntax is searched as plain words.

    \b
    Example:
      veille search "Gerasimov" --db news.db
      veille search '"port de Marseille" grève' --since 2025-01-01 --format json
    """
    with _open_store(db_path) as store:
        hits = search(store, query, limit=limit, offset=offset, site=site, language=language,
                      since=since, until=until)
    rows = [h.to_dict() for h in hits]
    if fmt != "text":
        _emit(rows, fmt)
        return
    if not hits:
        _echo(f"no article matches {query!r}")
    for h in hits:
        bold = h.snippet.replace("\n", " ")
        bold = _embolden(bold)
        _echo(f"{click.style(h.id, fg='cyan')}  {h.published or '????-??-??'}  "
                   f"{h.site or '—'}\n  {click.style(h.title or '(no title)', bold=True)}\n"
                   f"  {bold}\n")


def _embolden(snippet: str) -> str:
    parts = snippet.split("**")
    return "".join(click.style(p, bold=True, fg="yellow") if i % 2 else p
                   for i, p in enumerate(parts))


def _list_output(rows: Sequence[Any], fmt: str, *, empty: str,
                 as_text: Callable[[Any], str]) -> None:
    """A list command's output: records as json/jsonl/csv, or one text block per record."""
    if fmt != "text":
        _emit([row.to_dict() for row in rows], fmt)
        return
    if not rows:
        _echo(empty)
    for row in rows:
        _echo(as_text(row))


def _emit(rows: list[dict[str, Any]], fmt: str) -> None:
    """JSON, JSON Lines or CSV (where a list becomes one cell, its items joined by "; ")."""
    if fmt == "json":
        _echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            _echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        if rows:
            write_csv(rows, buf, fieldnames=list(rows[0]))
        _echo(buf.getvalue(), nl=False)


# -- show -------------------------------------------------------------------------------
@main.command()
@click.argument("article_id")
@DB_OPTION
@_format_option(["text", "json"])
def show(article_id: str, db_path: Path, fmt: str) -> None:
    """Show a stored article and its analysis. An unambiguous id prefix is enough.

    \b
    Example:
      veille show exemple-conseil-municipal --db news.db
      veille show 3629a99c --db news.db --format json

    The JSON has a "provenance" object: {"story", "first", "copies", "flags"}.
    """
    from veille.query.provenance import article_provenance

    with _open_store(db_path) as store:
        try:
            data = get_article(store, article_id)
        except VeilleError as exc:
            raise click.ClickException(str(exc)) from None
        data["provenance"] = article_provenance(store, data["article"]["id"])
    if fmt == "json":
        _echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    a, s = data["article"], data["stored"]
    _echo(click.style(a["title"] or "(no title)", bold=True))
    _echo(f"{a['site'] or '—'} · {a['published'] or 'date unknown'} · {a['language'] or '?'}"
               f" · {', '.join(a['authors']) or 'no author'}")
    _echo(f"id {a['id']} · from {data['source']}" + (f" · {a['url']}" if a["url"] else ""))
    _echo(f"extracted by {s['extractor']}, analysed with {data.get('model') or '—'}\n")
    _echo(_mark_spans(a["text"], [(q["start"], q["end"]) for q in data["quotes"]]))
    _echo()
    if data["quotes"]:
        _echo(f"quotes ({len(data['quotes'])}):")
        for number, q in enumerate(data["quotes"], start=1):
            cue = f" · cue: {q['cue']}" if q.get("cue") else ""
            _echo(f"  {number}. {_speaker(q['speaker'], q.get('speaker_mention'))} · "
                       f"{q['kind']}{cue}\n     {_quoted(q['text'], q['kind'])}")
        _echo()
    for kind, label in (("PER", "people"), ("ORG", "organisations"), ("LOC", "places")):
        _echo(f"{label}: {_names(data['entities'], kind, 30)}")
    _echo(_provenance_lines(data["provenance"], a["id"]))


def _provenance_lines(provenance: dict[str, Any] | None, article_id: str) -> str:
    """Where the story comes from, in two or three lines; `veille story` tells the rest."""
    if not provenance or provenance["story"] is None:
        return "\nprovenance: no other copy of this article is stored"
    others = [c for c in provenance["copies"] if c["id"] != article_id]
    first = provenance["first"]
    lines = [f"\nprovenance: {len(others)} other "
             f"{'copy' if len(others) == 1 else 'copies'} stored; first copy "
             f"{'this one' if first == article_id else first} "
             f"(`veille story {article_id}` lists them)"]
    lines += [f"  {f['kind']}: {_safe(f['detail'])}" for f in provenance["flags"]]
    return "\n".join(lines)


def _mark_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans underlined (click drops the styling when not on a terminal)."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, pos = [], 0
    for start, end in merged:
        out += [text[pos:start], click.style(text[start:end], underline=True)]
        pos = end
    return "".join([*out, text[pos:]])


def _speaker(name: str | None, mention: str | None) -> str:
    """The speaker's name; else, dimmed and in italics, how the article refers to them."""
    if name:
        return click.style(name, bold=True)
    return click.style(mention or "(no source named)", italic=True, dim=True)


# -- quotes -----------------------------------------------------------------------------
@main.command(name="quotes")
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


def _quoted(text: str, kind: str) -> str:
    """Words in « » only when they are the speaker's own; reported speech stays as is."""
    return f"« {text} »" if kind == "direct" else f"[reported] {text}"


def _quote_text(h: QuoteHit) -> str:
    return (f"{(h.published or '????-??-??')[:10]}  {h.site or '—'}  "
            f"{_speaker(h.speaker, h.speaker_mention)}  {click.style(h.kind, fg='yellow')}\n"
            f"  {_quoted(h.text, h.kind)}\n"
            f"  {click.style(h.article_id, fg='cyan')}  {h.title or '(no title)'}\n")


# -- people -----------------------------------------------------------------------------
@main.command(name="people")
@DB_OPTION
@click.option("--name", help="Only people whose name has all these words, case and accents "
              "aside.")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100_000))
@_format_option(["text", "json", "jsonl", "csv"])
def people_command(db_path: Path, name: str | None, limit: int, fmt: str) -> None:
    """List the people named in the store with their roles, most quoted first.

    A person is a name (case aside) summed over every article naming them: roles from all
    articles, number of articles and mentions, and quotes attributed to that name.

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


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- events -----------------------------------------------------------------------------
@main.command(name="events")
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
@main.command(name="places")
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
@main.command(name="timeline")
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


# -- export -----------------------------------------------------------------------------
_TABLE_FORMATS = ("csv", "jsonl", "parquet")
_GRAPH_FORMATS = ("graphml", "gexf")


@main.command(name="export")
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


# -- failures ---------------------------------------------------------------------------
@main.command()
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
@main.command(name="stats")
@DB_OPTION
@_format_option(["text", "json"])
def stats_command(db_path: Path, fmt: str) -> None:
    """Counts over the store: articles, failures, languages, dates, models.

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
               f"entities   {data['entities']} · people {data['people']} · quotes "
               f"{data['quotes']}\n"
               f"models     {', '.join(data['models']) or '—'}")


# -- eval -------------------------------------------------------------------------------
@main.command(name="eval")
@click.argument("task", type=click.Choice(["annotated", "extraction", "timebank",
                                           "crosslingual"]))
@click.argument("path", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--details", is_flag=True,
              help="annotated: list what each document missed or got wrong.")
@_format_option(["text", "json"])
def eval_command(task: str, path: Path | None, details: bool, fmt: str) -> None:
    """Score veille on public gold data and print the figures.

    annotated: quotes (P/R/F1 at overlap 0.3 and 0.8, recall per kind), speaker accuracy,
    people P/R/F1 and role recall, on French news annotated for veille.
    extraction: title, date, author and body of HTML pages, next to bare trafilatura.
    timebank: time expressions of French TimeBank (detection, type, value).
    crosslingual: translation links on NTREX (en/fr/de/es) and near-duplicates among
    edited copies of the French corpus, P/R/F1.
    PATH is the eval folder or the task's folder (default: ../shared/eval).

    \b
    Example:
      veille eval annotated ../shared/eval/annotated
      veille eval extraction --format json
    """
    from veille.evaluation import find_eval_dir, resolve_eval_dir

    eval_dir = resolve_eval_dir(path) if path else find_eval_dir()
    if eval_dir is None:
        raise click.ClickException("no eval data found: give its folder as PATH")
    if task == "annotated":
        from veille.evaluation.annotated import evaluate_annotated, format_table

        result = evaluate_annotated(eval_dir)
        if fmt == "json" and not details:
            for row in result["per_document"]:
                row.pop("details", None)
        text = format_table(result, details=details)
    elif task == "timebank":
        from veille.evaluation.timebank import evaluate_timebank
        from veille.evaluation.timebank import format_table as timebank_table

        result = evaluate_timebank(eval_dir)
        text = timebank_table(result)
    elif task == "crosslingual":
        from veille.evaluation.crosslingual import evaluate_crosslingual
        from veille.evaluation.crosslingual import format_table as crosslingual_table

        result = evaluate_crosslingual(eval_dir)
        text = crosslingual_table(result)
    else:
        from veille.evaluation.extraction import evaluate
        from veille.evaluation.extraction import format_table as extraction_table

        result = evaluate(eval_dir)
        text = extraction_table(result)
    _echo(json.dumps(result, ensure_ascii=False, indent=2) if fmt == "json" else text)


# -- commands that live with their package ------------------------------------------------
# Each of these modules imports its heavy dependencies (dask, uvicorn, the sentence encoder)
# inside its commands, so `veille --help` stays fast.
from veille.batch.cli import batch_command, load_command  # noqa: E402
from veille.provenance.cli import (  # noqa: E402
    duplicates_command,
    relink_command,
    story_command,
)
from veille.web.cli import serve_command  # noqa: E402

for _command in (batch_command, load_command, duplicates_command, story_command,
                 relink_command, serve_command):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
