"""``veille search`` and ``veille show``: find articles and read one.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from veille.cli._common import (
    DB_OPTION,
    _check_date,
    _echo,
    _emit,
    _format_option,
    _names,
    _open_store,
    _quoted,
    _safe,
    _speaker,
)
from veille.errors import VeilleError
from veille.query import (
    get_article,
    search,
)


# -- search -----------------------------------------------------------------------------
@click.command(name="search")
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


# -- show -------------------------------------------------------------------------------
@click.command()
@click.argument("article_id")
@DB_OPTION
@_format_option(["text", "json"])
@click.option("--raw", is_flag=True,
              help="Print the page as `veille watch` fetched it, from the WARC archive.")
@click.option("--version", "version", type=click.IntRange(1),
              help="With --raw: this version's page instead of the latest.")
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --raw: the archive folder, if it moved since the page was fetched.")
def show(article_id: str, db_path: Path, fmt: str, raw: bool, version: int | None,
         archive_dir: Path | None) -> None:
    """Show a stored article and its analysis. An unambiguous id prefix is enough.

    \b
    Example:
      veille show exemple-conseil-municipal --db news.db
      veille show 3629a99c --db news.db --format json
      veille show 3629a99c --raw --db news.db > page.html

    The JSON has a "provenance" object: {"story", "first", "copies", "flags"}.
    """
    from veille.query.provenance import article_provenance

    if raw:
        _show_raw(article_id, db_path, version=version, archive_dir=archive_dir)
        return
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


def _show_raw(article_id: str, db_path: Path, *, version: int | None,
              archive_dir: Path | None) -> None:
    """The archived response body, byte for byte, on standard output."""
    from veille.query.watch import raw_location
    from veille.watch import read_record

    with _open_store(db_path) as store:
        found_id, where = raw_location(store, article_id, version=version)
    if where is None:
        raise click.ClickException(f"article {found_id} has no archived page: only pages "
                                   "fetched by `veille watch` are archived")
    path = Path(where[0])
    if archive_dir is not None:
        path = archive_dir / path.name
    record = read_record(path, where[1])
    sys.stdout.buffer.write(record.content)
    sys.stdout.buffer.flush()


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
