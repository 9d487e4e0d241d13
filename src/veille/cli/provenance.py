"""``veille duplicates``, ``veille story`` and ``veille relink``.

Thin: each command calls ``veille.query.provenance`` or ``veille.provenance``. Imports of
numpy, datasketch and the sentence encoder happen inside the commands, so that
``veille --help`` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from veille.cli._common import DB_OPTION, _echo, _emit, _format_option, _open_store


@click.command(name="duplicates")
@click.option("--kind", type=click.Choice(["near-duplicate", "translation"]),
              help="Only links of this kind.")
@DB_OPTION
@click.option("--limit", type=click.IntRange(1), help="At most this many links.")
@click.option("--offset", default=0, type=click.IntRange(0))
@_format_option(["text", "json", "jsonl", "csv"])
def duplicates_command(kind: str | None, db_path: Path, limit: int | None, offset: int,
                       fmt: str) -> None:
    """List links between copies of one article: near-duplicates and translations.

    Each link is {"a", "b", "kind", "score"} with the two articles' ids (a record's given
    `id` is its article id); the score is the containment of the shorter text in the
    longer (near-duplicate) or the cosine of the two texts' multilingual vectors
    (translation). Strongest first.

    \b
    Example:
      veille duplicates --db news.db
      veille duplicates --kind translation --db news.db --format json
    """
    from veille.query.provenance import list_links

    with _open_store(db_path) as store:
        links = list_links(store, kind=kind, limit=limit, offset=offset)
    if fmt != "text":
        _emit(links, fmt)
        return
    if not links:
        _echo("no links: no two stored articles are copies of each other")
    for link in links:
        _echo(f"{link['score']:.3f}  {link['kind']:<14}  {link['a']}  {link['b']}")


def _story_text(data: dict[str, Any]) -> str:
    lines = []
    article = data["article"]
    if data["story"] is None:
        lines.append(f"{article['id']}: no other copy of this article is stored.")
    else:
        languages = ", ".join(data["languages"]) or "?"
        lines.append(f"story {data['story']}: {data['size']} copies ({languages}); "
                     f"first copy {data['first']}")
    for copy in data["copies"]:
        mark = "*" if copy["id"] == data["first"] else " "
        score = f" {copy['score']:.3f}" if copy["score"] is not None else ""
        lines.append(f" {mark} {copy['published'] or '????-??-??':<10}  "
                     f"{copy['language'] or '??'}  {copy['relation']}{score}  {copy['id']}  "
                     f"{copy['site'] or '—'}  {copy['title'] or '(no title)'}")
    for flag in data["flags"]:
        lines.append(f"{flag['kind']}: {flag['detail']}")
    for other, flags in data.get("copy_flags", {}).items():
        if other == article["id"]:
            continue
        for flag in flags:
            lines.append(f"  ({other}) {flag['kind']}: {flag['detail']}")
    return "\n".join(lines)


@click.command(name="story")
@click.argument("article_id")
@DB_OPTION
@_format_option(["text", "json"])
def story_command(article_id: str, db_path: Path, fmt: str) -> None:
    """Show every stored copy of an article's story: languages, dates, first copy, flags.

    An unambiguous id prefix is enough. The first copy (marked *) is the earliest dated
    one; flags say when a copy is republished, a translation, or dated against what it
    reports.

    \b
    Example:
      veille story exemple-conseil-municipal --db news.db
      veille story 3629a99c --db news.db --format json
    """
    from veille.query.provenance import story

    with _open_store(db_path) as store:
        data = story(store, article_id)
    if fmt == "json":
        _echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _echo(_story_text(data))


@click.command(name="relink")
@DB_OPTION
@click.option("--republished-days", type=click.IntRange(0), envvar="VEILLE_REPUBLISHED_DAYS",
              default=30, show_default=True,
              help="Flag a copy as republished when dated more than this many days after "
                   "its story's first copy (or set VEILLE_REPUBLISHED_DAYS).")
def relink_command(db_path: Path, republished_days: int) -> None:
    """Rebuild every provenance link, story and flag from the stored fingerprints.

    Articles without a fingerprint (or whose text changed) get one first. Ingest links
    new articles by itself: relink after changing --republished-days, or after loading
    articles that were stored without fingerprints.

    \b
    Example:
      veille relink --db news.db
      veille relink --republished-days 90 --db news.db
    """
    from veille.provenance import ProvenanceOptions, relink

    with _open_store(db_path, write=True) as store:
        counts = relink(store, options=ProvenanceOptions(republished_days=republished_days))
    _echo(f"{counts['articles']} articles linked ({counts['fingerprinted']} fingerprinted "
          f"now): {counts['links']} links in {db_path}")
