"""``veille watch``: poll the sources that are due, fetch their new and changed pages
politely, run the pipeline that ``ingest`` runs, store as it goes.

One queue holds every request of a run (listings, then the pages they name); it serves
whichever origin's turn has come, so that waiting on one site's delay lets another be
asked, and it analyses the pages fetched so far while it would otherwise sleep. Pages are
analysed and written in small batches; a stop (SIGTERM, Ctrl-C) ends the run after the
request in hand and the batch fetched so far are stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from veille.errors import (
    FetchError,
    HTTPError,
    MalformedFeed,
    RateLimited,
    Refused,
    StoreError,
    VeilleError,
)
from veille.records import Analysis, Article, Failure, Page
from veille.store import Store
from veille.watch import state
from veille.watch.alerts import match_alerts
from veille.watch.discover import Listing, read_listing
from veille.watch.http import FetchOptions, PoliteClient, Response, origin_of
from veille.watch.sources import Source, due_sources, next_due

if TYPE_CHECKING:
    import threading

    import httpx
    from spacy.language import Language

    from veille.watch.archive import Archive

__all__ = ["PollReport", "RunReport", "WatchOptions", "Watcher", "watch_lock"]

LISTING_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
                  "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.5"
# Failures worth another try on a later run (server errors, timeouts, unreachable hosts);
# a 4xx, a redirect loop, a page over the cap are not.
_TRANSIENT = ("HTTP 5", "no answer", "cannot reach", "the download took")


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchOptions:
    fetch: FetchOptions = field(default_factory=FetchOptions)
    recheck_every: float = 6 * 3600.0
    """A stored page younger than ``recheck_within`` is fetched again this often."""
    recheck_within: float = 3 * 86400.0
    max_pages: int = 500
    """Pages fetched in one run at most; the rest stays pending for the next run."""
    max_wait: float = 60.0
    """Longest a run waits for one origin's turn; later turns are left to a later run."""
    batch: int = 8
    """Pages analysed and written together: a kill loses at most these fetches."""
    max_attempts: int = 3
    """A page that fails this many times in a row (timeouts, 5xx) is given up."""
    max_listings: int = 100
    """Documents read for one source's poll (an index's sitemaps, a home page's feeds)."""
    max_depth: int = 2
    """Sitemap indexes nested deeper than this are not followed."""
    provenance: bool = True


@dataclass
class PollReport:
    """One source's poll: one line of ``veille watch``'s output."""

    source: str
    status: str = "ok"
    error: str | None = None
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    refused: int = 0
    deferred: int = 0
    seconds: float = 0.0
    kind: str | None = None
    feeds: tuple[str, ...] | None = None

    def line(self) -> str:
        extra = f", {self.refused} refused by robots.txt" if self.refused else ""
        extra += f", {self.deferred} left for later" if self.deferred else ""
        note = "" if self.status == "ok" else f" [{self.status}{': ' if self.error else ''}" \
            f"{self.error or ''}]"
        return (f"{self.source}: {self.new} new, {self.changed} changed, {self.failed} failed"
                f"{extra}, {self.seconds:.1f} s{note}")


@dataclass
class RunReport:
    polls: list[PollReport] = field(default_factory=list)
    requests: int = 0
    alerts: int = 0


@dataclass(frozen=True, slots=True)
class _Listing:
    source: Source
    url: str
    depth: int


_Task = _Listing | state.PageTask


@contextlib.contextmanager
def watch_lock(db_path: Path) -> Iterator[None]:
    """One ``veille watch`` per store at a time (POSIX flock; elsewhere no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    lock = db_path.with_name(db_path.name + ".watch.lock")
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another `veille watch` is running on {db_path}; stop it first"
                             ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _Queue:
    """Tasks by origin; yields the task whose origin's turn comes first."""

    def __init__(self, client: PoliteClient, *, max_wait: float,
                 idle: Callable[[], None]) -> None:
        self.client, self.max_wait, self.idle = client, max_wait, idle
        self.by_origin: dict[str, deque[_Task]] = {}
        self.size = 0

    def add(self, task: _Task, url: str) -> None:
        self.by_origin.setdefault(origin_of(url), deque()).append(task)
        self.size += 1

    def __iter__(self) -> Iterator[_Task]:
        while self.by_origin and not self.client.stop.is_set():
            origin = min(self.by_origin, key=self._turn)
            pause = self._turn(origin) - self.client.clock()
            if pause > 0:
                if pause > self.max_wait:
                    return
                self.idle()
                pause = self._turn(origin) - self.client.clock()
                if pause > 0:
                    self.client.stop.wait(pause)
                continue
            tasks = self.by_origin[origin]
            task = tasks.popleft()
            if not tasks:
                del self.by_origin[origin]
            self.size -= 1
            yield task

    def _turn(self, origin: str) -> float:
        host = self.client.host(origin)
        return max(host.next_request_at, host.backoff_until)

    def leftover(self) -> list[_Task]:
        return [t for tasks in self.by_origin.values() for t in tasks]


class Watcher:
    """Runs polls over one store. ``nlp`` is loaded on the first page to analyse."""

    def __init__(self, store: Store, *, options: WatchOptions | None = None,
                 archive: Archive | None = None, client: httpx.Client | None = None,
                 nlp: Language | None = None, stop: threading.Event | None = None,
                 on_poll: Callable[[PollReport], None] | None = None,
                 on_progress: Callable[[str, int], None] | None = None) -> None:
        self.store = store
        self.options = options or WatchOptions()
        self.client = PoliteClient(self.options.fetch, archive=archive,
                                   hosts=state.load_hosts(store), client=client, stop=stop)
        self.stop = self.client.stop
        self._nlp = nlp
        self.on_poll = on_poll or (lambda report: None)
        self.on_progress = on_progress or (lambda url, queued: None)

    def close(self) -> None:
        state.save_hosts(self.store, [self.client.host(o) for o in self.client.changed])
        self.client.close()

    # -- a run ---------------------------------------------------------------------------------
    def run_once(self) -> RunReport:
        """Poll every due source once and fetch what they list (and pages left pending)."""
        run = _Run(self)
        run.start()
        return run.finish()

    def run_forever(self, *, idle_max: float = 60.0) -> None:
        """Run until ``stop`` is set, waiting between runs until a source is due."""
        while not self.stop.is_set():
            self.run_once()
            due = next_due(self.store)
            wait = idle_max
            if due is not None:
                wait = (dt.datetime.fromisoformat(due) - dt.datetime.now(dt.UTC)).total_seconds()
            self.stop.wait(min(idle_max, max(1.0, wait)))

    def reanalyse(self) -> tuple[int, int]:
        """Analyse each watched article again from its archived page, fetching nothing: what
        a later veille does with new analyzers. Returns (re-analysed, already current)."""
        from veille.watch.archive import read_record

        run = _Run(self)
        done = current = 0
        items: list[tuple[state.Fetched, Page | None]] = []
        for task, file, offset in state.archived_latest(self.store):
            try:
                record = read_record(file, offset)
            except FetchError as exc:
                self._problem_once(task.url, exc)
                continue
            when = dt.datetime.fromisoformat(record.date.replace("Z", "+00:00"))
            page = Page(source=task.url, content=record.content, url=record.url or task.url,
                        headers={"content-type": record.headers.get("content-type", "")},
                        fetched_at=when)
            items.append((state.Fetched(task=task, fetched_at=when), page))
            if len(items) >= self.options.batch:
                done, current = _add_counts((done, current), run.reanalyse_batch(items))
                items = []
        done, current = _add_counts((done, current), run.reanalyse_batch(items))
        match_alerts(self.store)
        return done, current

    def _problem_once(self, url: str, exc: VeilleError) -> None:
        state.record_problem(self.store, source=url, stage="watch",
                             error_type=type(exc).__name__, message=str(exc))

    # -- the pipeline --------------------------------------------------------------------------
    def nlp(self) -> Language:
        if self._nlp is None:
            from veille.analyze.nlp import load

            self._nlp = load()
        return self._nlp


class _Run:
    """The state of one run: its queue, reports, and pages fetched but not yet stored."""

    def __init__(self, watcher: Watcher) -> None:
        self.w, self.store, self.options = watcher, watcher.store, watcher.options
        self.queue = _Queue(watcher.client, max_wait=self.options.max_wait, idle=self.flush)
        self.reports: dict[int | None, PollReport] = {}
        self.sources: dict[int, Source] = {}
        self.outstanding: dict[int | None, int] = {}
        self.visited: dict[int, set[str]] = {}
        self.queued_pages: set[int] = set()
        self.retried: set[int] = set()
        self.buffer: list[tuple[state.Fetched, Page | None]] = []
        self.report = RunReport()
        self.requests_before = watcher.client.requests

    # -- bookkeeping ---------------------------------------------------------------------------
    def _add(self, task: _Task, key: int | None) -> None:
        url = task.url
        try:
            origin_of(url)
        except Refused as exc:
            if isinstance(task, state.PageTask):
                state.mark_page(self.store, task, state="refused", error=str(exc))
            return
        self.outstanding[key] = self.outstanding.get(key, 0) + 1
        self.queue.add(task, url)

    def _report(self, key: int | None) -> PollReport:
        if key not in self.reports:
            name = self.sources[key].name if key in self.sources else "(pages left pending)"
            self.reports[key] = PollReport(source=name)
        return self.reports[key]

    def _done(self, key: int | None) -> None:
        self.outstanding[key] -= 1
        if self.outstanding[key] > 0:
            return
        report = self._report(key)
        source = self.sources.get(key) if key is not None else None
        if source is not None:
            deferred = report.status == "deferred"
            state.update_source(self.store, source, status=report.status, error=report.error,
                                kind=report.kind, feeds=report.feeds, polled=not deferred)
        self.report.polls.append(report)
        self.w.on_poll(report)

    # -- the run -------------------------------------------------------------------------------
    def start(self) -> None:
        for source in due_sources(self.store):
            self.sources[source.pk] = source
            self.visited[source.pk] = {source.url}
            self._report(source.pk)
            self._add(_Listing(source=source, url=source.url, depth=0), source.pk)
        self._queue_pages(state.pending_pages(
            self.store, recheck_every=self.options.recheck_every,
            recheck_within=self.options.recheck_within, limit=self.options.max_pages))
        for task in self.queue:
            began = time.monotonic()
            key = task.source.pk if isinstance(task, _Listing) else self._key(task)
            self.w.on_progress(task.url, self.queue.size)
            if isinstance(task, _Listing):
                self._poll(task)
                self._report(key).seconds += time.monotonic() - began
                self._done(key)
            else:
                self._fetch_page(task)
                self._report(key).seconds += time.monotonic() - began
                if len(self.buffer) >= self.options.batch:
                    self.flush()

    def _key(self, task: state.PageTask) -> int | None:
        return task.source_pk if task.source_pk in self.sources else None

    def _queue_pages(self, tasks: list[state.PageTask]) -> None:
        room = self.options.max_pages - len(self.queued_pages)
        for task in tasks:
            if task.pk in self.queued_pages:
                continue
            if room <= 0:
                self._report(self._key(task)).deferred += 1
                continue
            room -= 1
            self.queued_pages.add(task.pk)
            self._add(task, self._key(task))

    def finish(self) -> RunReport:
        self.flush()
        for task in self.queue.leftover():
            key = task.source.pk if isinstance(task, _Listing) else self._key(task)
            report = self._report(key)
            if isinstance(task, _Listing) and task.depth == 0:
                report.status = "deferred"
                report.error = ("stopped before its turn" if self.w.stop.is_set()
                                else "the site asked to wait; polled on the next run")
            else:
                report.deferred += 1
            self._done(key)
        self.report.requests = self.w.client.requests - self.requests_before
        state.save_hosts(self.store, [self.w.client.host(o) for o in self.w.client.changed])
        self.w.client.changed.clear()
        return self.report

    # -- listings ------------------------------------------------------------------------------
    def _poll(self, task: _Listing) -> None:
        source, report = task.source, self._report(task.source.pk)
        etag, last_modified = state.validators(self.store, task.url)
        try:
            response = self.w.client.get(task.url, etag=etag, last_modified=last_modified,
                                         allow_private=source.allow_private,
                                         accept=LISTING_ACCEPT)
            listing = None if response.not_modified else read_listing(
                response.content, url=response.url,
                content_type=response.headers.get("content-type", ""),
                max_bytes=self.options.fetch.max_bytes)
        except RateLimited as exc:
            if task.depth == 0:
                report.status, report.error = "deferred", str(exc)
            self._problem(task.url, exc, level="warning")
            return
        except VeilleError as exc:
            self._listing_failed(task, exc)
            return
        state.resolve_problems(self.store, task.url)
        if listing is None:
            if task.depth == 0:
                report.status = "not modified"
            self._follow(task, state.listed_children(self.store, task.url))
            return
        self._read(task, response, listing)

    def _listing_failed(self, task: _Listing, exc: VeilleError) -> None:
        report = self._report(task.source.pk)
        self._problem(task.url, exc)
        if task.depth == 0:
            report.status, report.error = "failed", str(exc)
        elif report.status in ("ok", "not modified"):
            report.status, report.error = "partial", f"{task.url}: {exc}"

    def _read(self, task: _Listing, response: Response, listing: Listing) -> None:
        source, report = task.source, self._report(task.source.pk)
        for warning in listing.warnings:
            state.record_problem(self.store, source=task.url, stage="watch",
                                 error_type="Warning", message=warning, level="warning")
        children = listing.children
        if task.depth == 0:
            report.kind = "sitemap" if listing.kind == "sitemap-index" else listing.kind
            if listing.kind == "home":
                children = children or tuple(self._robots_sitemaps(task.url))
                report.feeds = children
                if not children:
                    self._listing_failed(task, MalformedFeed(
                        "no feed or sitemap found on this page: add a feed's URL instead"))
        state.record_listing(self.store, source, url=task.url, headers=response.headers,
                             status=response.status, entries=listing.entries,
                             children=children)
        self._follow(task, children)
        self._queue_pages(state.pages_for(self.store, [e.url for e in listing.entries],
                                          allow_private=source.allow_private))

    def _robots_sitemaps(self, url: str) -> list[str]:
        host = self.w.client.host(origin_of(url))
        return list(host.parsed.sitemaps) if host.parsed is not None else []

    def _follow(self, task: _Listing, children: tuple[str, ...] | list[str]) -> None:
        seen = self.visited[task.source.pk]
        for child in children:
            if child in seen:
                self._listing_failed(_Listing(source=task.source, url=task.url, depth=1),
                                     MalformedFeed(f"lists {child}, already read in this poll "
                                                   "(a sitemap index loop): not followed"))
                continue
            if task.depth + 1 > self.options.max_depth or len(seen) >= self.options.max_listings:
                self._listing_failed(_Listing(source=task.source, url=task.url, depth=1),
                                     MalformedFeed(f"lists {child}, deeper or more sitemaps "
                                                   "than veille follows: not followed"))
                continue
            seen.add(child)
            self._add(_Listing(source=task.source, url=child, depth=task.depth + 1),
                      task.source.pk)

    def _problem(self, url: str, exc: VeilleError, *, level: str = "error") -> None:
        state.record_problem(self.store, source=url, stage="watch",
                             error_type=type(exc).__name__, message=str(exc), level=level)

    # -- pages ---------------------------------------------------------------------------------
    def _fetch_page(self, task: state.PageTask) -> None:
        key = self._key(task)
        etag, last_modified = (state.validators(self.store, task.url) if task.article_pk
                               else (None, None))
        try:
            response = self.w.client.get(task.url, etag=etag, last_modified=last_modified,
                                         allow_private=task.allow_private, accept=PAGE_ACCEPT)
        except VeilleError as exc:
            self._page_failed(task, exc)
            self._done(key)
            return
        fetched = state.Fetched(task=task, fetched_at=response.fetched_at,
                                etag=response.headers.get("etag"),
                                last_modified=response.headers.get("last-modified"),
                                status=response.status, archived=response.archived)
        page = None if response.not_modified else Page(
            source=task.url, content=response.content, url=response.url,
            headers={"content-type": response.headers.get("content-type", "text/html")},
            fetched_at=response.fetched_at)
        self.buffer.append((fetched, page))

    def _page_failed(self, task: state.PageTask, exc: VeilleError) -> None:
        report = self._report(self._key(task))
        if isinstance(exc, RateLimited):
            self._problem(task.url, exc, level="warning")
            if task.pk not in self.retried:  # once more in this run, when the wait is short
                self.retried.add(task.pk)
                self._add(task, self._key(task))
            else:
                report.deferred += 1
            return  # stays pending: the origin is backed off, a later run asks again
        if isinstance(exc, Refused):
            robots = "robots.txt" in str(exc)
            report.refused += robots
            report.failed += not robots
            state.mark_page(self.store, task, state="refused", error=str(exc))
            self._problem(task.url, exc, level="warning" if robots else "error")
            return
        report.failed += 1
        transient = isinstance(exc, HTTPError) and str(exc).startswith(_TRANSIENT)
        attempts = state.attempts(self.store, task) + 1
        again = transient and attempts < self.options.max_attempts
        state.mark_page(self.store, task, state="pending" if again else "failed", error=str(exc))
        self._problem(task.url, exc)

    def flush(self) -> None:
        """Analyse and store the pages fetched so far; record versions, states, alerts."""
        if not self.buffer:
            return
        items, self.buffer = self.buffer, []
        fetched = self._analyse(items)
        outcomes = state.record_fetched(self.store, fetched)
        self.report.alerts += match_alerts(self.store)
        state.save_hosts(self.store, [self.w.client.host(o) for o in self.w.client.changed])
        for item in fetched:
            key = self._key(item.task)
            report = self._report(key)
            outcome = outcomes[item.task.pk]
            if outcome == "failed":
                report.failed += 1
                if item.error:
                    self._problem(item.task.url, FetchError(item.error))
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
            self._done(key)

    def reanalyse_batch(self, items: list[tuple[state.Fetched, Page | None]]
                        ) -> tuple[int, int]:
        """(re-analysed, already current) of archived pages, written like fetched ones."""
        if not items:
            return 0, 0
        out = self._analyse(items)
        redone = sum(1 for item in out if item.analysis is not None)
        return redone, len(out) - redone

    def _analyse(self, items: list[tuple[state.Fetched, Page | None]]) -> list[state.Fetched]:
        """Run the pipeline over the fetched pages and write them through ``Store.write``;
        each item comes back with its article (under the id its URL already has)."""
        from veille.analyze import ANALYZERS
        from veille.analyze.nlp import model_label
        from veille.pipeline import process_chunk

        pages = [page for _, page in items if page is not None]
        if not pages:
            return [item for item, _ in items]
        nlp = self.w.nlp()
        model = model_label(nlp)
        ids = state.stable_ids(self.store, [p.source for p in pages])

        def skip(article: Article) -> bool:
            return self.store.is_current(_rekey(article, ids.get(article.source)),
                                         analyzers=dict(ANALYZERS), model=model)

        results = iter(process_chunk(list(pages), nlp, skip))
        out: list[state.Fetched] = []
        analyses: list[Analysis] = []
        unanalysed: list[Article] = []
        problems: list[Failure] = []
        for item, page in items:
            if page is None:
                out.append(item)
                continue
            result = next(results)
            article = _rekey(result.article, ids.get(page.source)) if result.article else None
            analysis = (dataclasses.replace(result.analysis, article=article)
                        if result.analysis is not None and article is not None else None)
            if analysis is not None:
                analyses.append(analysis)
            elif result.failure is not None and article is not None:
                unanalysed.append(article)
            problems += [*result.warnings, *([result.failure] if result.failure else [])]
            out.append(dataclasses.replace(item, article=article, analysis=analysis,
                                           error=result.failure.message if result.failure
                                           else None))
        written = [a.article for a in analyses] + unanalysed
        state.snapshot_stored(self.store, [a.id for a in written])
        self.store.write(analyses, problems, unanalysed)
        if self.options.provenance:
            self._link([i.article for i in out if i.article is not None])
        return out

    def _link(self, articles: list[Article]) -> None:
        """Provenance, as ingest does it: new or changed articles get a fingerprint and are
        linked against the store. A failure here loses links, never articles."""
        from veille.provenance import fingerprints_for, link_new, stale_articles

        stale = stale_articles(self.store, [a.id for a in articles])
        if not stale:
            return
        try:
            link_new(self.store, fingerprints_for(self.store, stale))
        except Exception as exc:  # recorded; `veille relink` retries
            state.record_problem(self.store, source=", ".join(stale[:3]), stage="provenance",
                                 error_type=type(exc).__name__, level="warning",
                                 message=f"{exc} (retry with `veille relink`)")


def _add_counts(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return a[0] + b[0], a[1] + b[1]


def _rekey(article: Article, stable: str | None) -> Article:
    """The article under the id its URL was first stored with: a later version of a page
    is the same article, whatever its text."""
    return article if stable is None or stable == article.id else dataclasses.replace(
        article, id=stable)


def as_failure(url: str, exc: Any) -> Failure:
    return Failure(source=url, stage="watch", error_type=type(exc).__name__, message=str(exc))
