"""``veille analyze``: one ``veille.analysis.v1`` object (or a readable summary) per document.
"""

from __future__ import annotations

import json
from typing import Any

import click

from veille.cli._common import (
    MAX_BYTES_OPTION,
    STRICT_OPTION,
    _count,
    _echo,
    _fail_line,
    _format_option,
    _names,
    _quoted,
    _short_text,
)
from veille.pipeline import Result, iter_analyses


# -- analyze ----------------------------------------------------------------------------
@click.command()
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
