"""What every command module shares: options, safe output, opening the store, list output.

Command modules import this one and never each other.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click

from veille.errors import VeilleError
from veille.fetch import DEFAULT_MAX_BYTES
from veille.query.export import write_csv
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


def _names(entities: Iterable[dict[str, Any]], kind: str, limit: int = 12) -> str:
    chosen = [e for e in entities if e["type"] == kind]
    chosen.sort(key=lambda e: -len(e["mentions"]))
    shown = ", ".join(f"{e['name']} ({len(e['mentions'])})" for e in chosen[:limit])
    more = f", … {len(chosen) - limit} more" if len(chosen) > limit else ""
    return (shown + more) or "—"


def _short_text(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


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


def _speaker(name: str | None, mention: str | None) -> str:
    """The speaker's name; else, dimmed and in italics, how the article refers to them."""
    if name:
        return click.style(name, bold=True)
    return click.style(mention or "(no source named)", italic=True, dim=True)


def _quoted(text: str, kind: str) -> str:
    """Words in « » only when they are the speaker's own; reported speech stays as is."""
    return f"« {text} »" if kind == "direct" else f"[reported] {text}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
