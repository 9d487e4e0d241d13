"""``veille sources``, ``veille watch`` and ``veille versions``: watch the press.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from veille.cli._common import (
    DB_OPTION,
    MAX_BYTES_OPTION,
    _echo,
    _emit,
    _format_option,
    _open_store,
    _safe,
)
from veille.query.watch import list_sources, list_versions
from veille.watch import (
    Archive,
    FetchOptions,
    PollReport,
    Watcher,
    WatchOptions,
    add_source,
    parse_duration,
    remove_source,
    watch_lock,
)
from veille.watch.safety import check_url


def _duration(ctx: click.Context, param: click.Parameter, value: str) -> float:
    try:
        return parse_duration(value, allow_zero=param.name == "delay")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


ALLOW_PRIVATE = click.option(
    "--allow-private", is_flag=True,
    help="Fetch loopback, private and link-local addresses too (refused by default, so that "
         "no page can make veille reach an internal service).")


# -- sources ------------------------------------------------------------------------------------
@click.group(name="sources")
def sources_group() -> None:
    """The feeds, sitemaps and home pages that `veille watch` polls.

    \b
    Example:
      veille sources add https://www.example.fr/rss.xml --every 15m --db news.db
      veille sources list --db news.db --format json
      veille sources remove example.fr/rss.xml --db news.db
    """


@sources_group.command(name="add")
@click.argument("url")
@click.option("--every", default="30m", show_default=True, callback=_duration,
              help="How often to poll it: a number and s, m, h or d (90s, 30m, 2h, 1d).")
@click.option("--name", help="A short name (default: its host and path).")
@ALLOW_PRIVATE
@DB_OPTION
def sources_add(url: str, every: float, name: str | None, allow_private: bool,
                db_path: Path) -> None:
    """Watch a site's home page (its feeds are found), an RSS or Atom feed, or a sitemap.

    \b
    Example:
      veille sources add https://www.example.fr/ --every 30m --db news.db
      veille sources add https://www.example.fr/sitemap_news.xml --name exemple-news --db news.db
    """
    with _open_store(db_path, create=True) as store:
        source = add_source(store, url, every=every, name=name, allow_private=allow_private)
    _echo(f"added {source.name}: {source.url}, polled every {_every(source.every)}; its kind "
          "(feed, sitemap, home page) is found on the first poll")
    if not allow_private and _looks_private(url):
        _echo(f"note: {url} is on a private address: `veille watch` refuses it unless this "
              "source or the run has --allow-private", err=True)


def _every(seconds: float) -> str:
    from veille.watch import format_duration

    return format_duration(seconds)


def _looks_private(url: str) -> bool:
    import ipaddress

    host = check_url(url)[1]
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return not ipaddress.ip_address(host.strip("[]")).is_global
    except ValueError:
        return False


@sources_group.command(name="list")
@DB_OPTION
@_format_option(["text", "json", "jsonl", "csv"])
def sources_list(db_path: Path, fmt: str) -> None:
    """List the sources: kind, how often, last poll and its status, articles brought.

    \b
    Example:
      veille sources list --db news.db
      veille sources list --db news.db --format json
    """
    with _open_store(db_path) as store:
        rows = list_sources(store)
    if fmt != "text":
        _emit([r.to_dict() for r in rows], fmt)
        return
    if not rows:
        _echo("no source yet: add one with `veille sources add URL`")
    for r in rows:
        status = r.last_status or "never polled"
        error = f" ({r.last_error})" if r.last_error else ""
        _echo(f"{click.style(r.name, bold=True)}  {r.kind}  every {r.every}  "
              f"{r.articles} articles{f', {r.pending} pending' if r.pending else ''}\n"
              f"  {r.url}\n  last poll {r.last_poll or '—'}: {status}{error}; "
              f"next {r.next_poll}")


@sources_group.command(name="remove")
@click.argument("source")
@DB_OPTION
def sources_remove(source: str, db_path: Path) -> None:
    """Stop watching a source (by name, URL or number). Its articles stay.

    \b
    Example:
      veille sources remove example.fr/rss.xml --db news.db
    """
    with _open_store(db_path, write=True) as store:
        removed = remove_source(store, source)
    _echo(f"removed {removed.name} ({removed.url}); its articles and versions stay")


# -- watch --------------------------------------------------------------------------------------
@click.command(name="watch")
@click.option("--once", is_flag=True, help="Poll each due source once, then exit.")
@DB_OPTION
@click.option("--archive", "archive_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the WARC archive (default: NAME-archive/ beside the store).")
@ALLOW_PRIVATE
@click.option("--delay", default="2s", show_default=True, callback=_duration,
              help="Least time between two requests to one site (robots.txt's Crawl-delay "
                   "wins when longer).")
@click.option("--contact", envvar="VEILLE_CONTACT",
              help="A URL or e-mail for site owners, sent in the user agent "
                   "(or set VEILLE_CONTACT).")
@click.option("--recheck", default="6h", show_default=True, callback=_duration,
              help="Fetch young pages again this often, to catch edits.")
@click.option("--recheck-within", default="3d", show_default=True, callback=_duration,
              help="Pages younger than this are rechecked.")
@click.option("--max-pages", default=500, show_default=True, type=click.IntRange(1),
              help="Pages fetched per run at most; the rest waits for the next run.")
@click.option("--timeout", default="20s", show_default=True, callback=_duration,
              help="Give up on a server that does not answer within this time.")
@MAX_BYTES_OPTION
@click.option("--no-provenance", is_flag=True, help="Do not link copies as pages arrive "
              "(`veille relink` does it later).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--reanalyse", is_flag=True,
              help="Analyse every watched article again from its archived page, fetching "
                   "nothing (after upgrading veille), then exit.")
def watch_command(once: bool, db_path: Path, archive_dir: Path | None, allow_private: bool,
                  delay: float, contact: str | None, recheck: float, recheck_within: float,
                  max_pages: int, timeout: float, max_bytes: int, no_provenance: bool,
                  quiet: bool, reanalyse: bool) -> None:
    """Poll the sources that are due, fetch new and changed articles, analyse and store them.

    Polite: robots.txt is honoured, one request at a time per site with --delay between
    them, conditional requests, 429/503 answered by waiting. Every response is archived in
    WARC files (one per day). A changed article is stored as a new version (see `veille
    versions`); saved searches (`veille alerts`) record their matches. Without --once, runs
    until SIGTERM or Ctrl-C, then stores the page in hand and exits. One line per poll:
    source, new, changed, failed, seconds.

    \b
    Example:
      veille watch --once --db news.db
      veille watch --db news.db --archive /srv/veille/warc --contact mailto:veille@example.fr
      veille watch --reanalyse --db news.db
    """
    options = WatchOptions(
        fetch=FetchOptions(delay=delay, contact=contact, timeout=timeout, max_bytes=max_bytes,
                           allow_private=allow_private),
        recheck_every=recheck, recheck_within=recheck_within, max_pages=max_pages,
        provenance=not no_provenance)
    archive = Archive(archive_dir or db_path.with_name(f"{db_path.stem}-archive"))
    stop = threading.Event()
    store = _open_store(db_path, create=True)
    with store, watch_lock(db_path), _stopping(stop), _Progress(quiet) as progress:
        watcher = Watcher(store, options=options, archive=archive, stop=stop,
                          on_poll=progress.poll, on_progress=progress.step)
        try:
            if reanalyse:
                redone, current = watcher.reanalyse()
                _echo(f"{redone} articles analysed again from the archive, {current} already "
                      "analysed by this veille; nothing fetched")
            elif once:
                report = watcher.run_once()
                progress.close()
                _echo(f"{len(report.polls)} polls, {report.requests} requests, "
                      f"{report.alerts} new alert matches; archive in {archive.folder}")
            else:
                watcher.run_forever()
        finally:
            watcher.close()


@contextmanager
def _stopping(stop: threading.Event) -> Iterator[None]:
    """SIGTERM and the first Ctrl-C ask the run to stop after the page in hand; a second
    Ctrl-C interrupts at once."""
    def ask(signum: int, frame: Any) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _echo("stopping after the page in hand (Ctrl-C again to interrupt now)", err=True)

    previous = {s: signal.signal(s, ask) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


class _Progress:
    """A progress bar on a terminal (requests done, requests queued); one line per poll."""

    def __init__(self, quiet: bool) -> None:
        self.bar: Any = None
        self.hidden = quiet or not sys.stderr.isatty()
        self.done = 0

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def step(self, url: str, queued: int) -> None:
        if self.hidden:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=queued + 1, label="watching", file=sys.stderr,
                                         show_pos=True, item_show_func=lambda s: s)
            self.bar.__enter__()
        self.done += 1
        self.bar.length = max(self.bar.length, self.done + queued)
        self.bar.update(1, url[-50:])

    def poll(self, report: PollReport) -> None:
        if self.bar is not None:
            click.echo("\r\x1b[K", nl=False, err=True)
        _echo(_safe(report.line()))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


# -- versions -----------------------------------------------------------------------------------
@click.command(name="versions")
@click.argument("article")
@DB_OPTION
@_format_option(["text", "json"])
def versions_command(article: str, db_path: Path, fmt: str) -> None:
    """The versions of a watched article, with word-level diffs and what changed in veille's
    terms: a quotation altered, removed or added, a speaker changed, a date changed.

    ARTICLE is an article id (or an unambiguous start of one) or the page's URL. The JSON
    is a list of versions, each with "fetched", "title", "changes" and "diff".

    \b
    Example:
      veille versions 3629a99c --db news.db
      veille versions https://www.example.fr/article.html --db news.db --format json
    """
    with _open_store(db_path) as store:
        data = list_versions(store, article)
    if fmt == "json":
        _echo(json.dumps(data["versions"], ensure_ascii=False, indent=2))
        return
    versions = data["versions"]
    if not versions:
        _echo(f"article {data['id']} has no recorded versions: it was not fetched by "
              "`veille watch`")
        return
    _echo(f"article {data['id']}: {len(versions)} version{'s' if len(versions) > 1 else ''}")
    for v in versions:
        label = click.style(f"version {v['number']}", bold=True)
        _echo(f"\n{label} · fetched {v['fetched']} "
              f"· {v['published'] or 'no date'} · {v['words']} words, {v['quotes']} quotations")
        _echo(f"  {v['title'] or '(no title)'}")
        for change in v["changes"]:
            _echo(f"  • {_change_line(change)}")
        if v.get("diff") and any(op != "=" for op, _ in v["diff"]["text"]):
            _echo("  text: " + _diff_text(v["diff"]["text"]).replace("\n", "\n        "))


def _change_line(change: dict[str, Any]) -> str:
    kind = change["kind"]
    who = f" ({change['speaker']})" if change.get("speaker") else ""
    if kind in ("title-changed", "date-changed"):
        return f"{kind}: {change['before']!r} → {change['after']!r}"
    if kind == "text-changed":
        return f"{kind}: {change['words_removed']} words removed, {change['words_added']} added"
    if kind == "quotation-altered":
        return f"{kind}{who}: {_diff_text(change['diff'])}"
    if kind == "speaker-changed":
        return f"{kind}: « {change['quotation']} » {change['before']!r} → {change['after']!r}"
    return f"{kind}{who}: « {change['text']} »"


def _diff_text(diff: list[Any]) -> str:
    """Removed words in red [-like this-], added ones in green {+like this+}."""
    out = []
    for op, text in diff:
        if op == "=":
            out.append(text)
        else:
            removed = op == "-"
            mark = ("[-{}-]" if removed else "{{+{}+}}").format(text.strip())
            out.append(click.style(mark, fg="red" if removed else "green", bold=not removed)
                       + (" " if text.endswith((" ", "\n")) else ""))
    return "".join(out)
