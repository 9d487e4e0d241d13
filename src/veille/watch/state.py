"""What ``veille watch`` remembers between runs, in the store: the pages each source listed
(pending until fetched), HTTP validators, per-origin politeness and robots.txt, and every
version of a watched article.

Each function that writes does it in one transaction, in an order that a kill at any
point leaves recoverable: a listing's new pages and its validators are saved together
(a listing answered 304 later never hides pages not yet fetched); an article is written
through ``Store.write`` first, its version and page state after, and the next run
completes a version whose row a kill prevented (``snapshot_stored``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from veille.records import Analysis, Article
from veille.store import Store
from veille.watch.discover import Entry
from veille.watch.http import HostInfo
from veille.watch.sources import Source, now_iso

__all__ = ["Fetched", "PageTask", "archived_latest", "attempts", "listed_children",
           "load_hosts", "mark_page", "pages_for", "pending_pages", "record_fetched",
           "record_listing", "record_problem", "resolve_problems", "save_hosts",
           "snapshot_stored", "stable_ids", "update_source", "validators"]


@dataclass(frozen=True, slots=True, kw_only=True)
class PageTask:
    """A page to fetch: new, listed as changed, or due for a recheck."""

    pk: int
    url: str
    source_pk: int | None
    article_pk: int | None
    allow_private: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Fetched:
    """What became of one page fetch, to record once its article is written."""

    task: PageTask
    fetched_at: dt.datetime
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    archived: tuple[str, int] | None = None
    article: Article | None = None
    analysis: Analysis | None = None
    error: str | None = None


# -- politeness ----------------------------------------------------------------------------------

def load_hosts(store: Store) -> dict[str, HostInfo]:
    return {r["origin"]: HostInfo(origin=r["origin"], robots=r["robots"],
                                  robots_fetched_at=_epoch(r["robots_fetched_at"]),
                                  next_request_at=r["next_request_at"],
                                  backoff_until=r["backoff_until"])
            for r in store.db.execute("SELECT * FROM watch_hosts")}


def save_hosts(store: Store, hosts: Iterable[HostInfo]) -> None:
    rows = [(h.origin, h.robots, _iso_epoch(h.robots_fetched_at), h.next_request_at,
             h.backoff_until) for h in hosts]
    if not rows:
        return
    with store.db:
        store.db.executemany(
            "INSERT INTO watch_hosts (origin, robots, robots_fetched_at, next_request_at, "
            "backoff_until) VALUES (?,?,?,?,?) ON CONFLICT (origin) DO UPDATE SET "
            "robots = excluded.robots, robots_fetched_at = excluded.robots_fetched_at, "
            "next_request_at = excluded.next_request_at, backoff_until = excluded.backoff_until",
            rows)


def _epoch(value: str | None) -> float:
    return dt.datetime.fromisoformat(value).timestamp() if value else 0.0


def _iso_epoch(value: float) -> str | None:
    return dt.datetime.fromtimestamp(value, dt.UTC).isoformat() if value else None


# -- conditional requests -------------------------------------------------------------------------

def validators(store: Store, url: str) -> tuple[str | None, str | None]:
    """(ETag, Last-Modified) of the last response to ``url``."""
    row = store.db.execute("SELECT etag, last_modified FROM watch_http WHERE url = ?",
                           (url,)).fetchone()
    return (row["etag"], row["last_modified"]) if row else (None, None)


def listed_children(store: Store, url: str) -> tuple[str, ...]:
    """The listings that ``url`` named when it was last read (an index's sitemaps, a home
    page's feeds): what a 304 answer still stands for."""
    row = store.db.execute("SELECT children FROM watch_http WHERE url = ?", (url,)).fetchone()
    return tuple(json.loads(row["children"])) if row else ()


def _save_validators(store: Store, url: str, headers: Mapping[str, str], status: int,
                     children: Iterable[str] = ()) -> None:
    store.db.execute(
        "INSERT INTO watch_http (url, etag, last_modified, status, children, fetched_at) "
        "VALUES (?,?,?,?,?,?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
        "last_modified = excluded.last_modified, children = excluded.children, "
        "status = excluded.status, fetched_at = excluded.fetched_at",
        (url, headers.get("etag") or None, headers.get("last-modified") or None, status,
         json.dumps(list(children)), now_iso()))


# -- listings -------------------------------------------------------------------------------------

def record_listing(store: Store, source: Source, *, url: str, headers: Mapping[str, str],
                   status: int, entries: Iterable[Entry], children: Iterable[str] = ()
                   ) -> None:
    """Save a listing's entries (new URLs pending; a later stamp makes a stored page pending
    again) and its validators, in one transaction."""
    now = now_iso()
    with store.db:
        for entry in entries:
            store.db.execute(
                "INSERT INTO watch_pages (url, source_pk, entry_stamp, first_seen) "
                "VALUES (?,?,?,?) ON CONFLICT (url) DO UPDATE SET "
                "state = CASE WHEN excluded.entry_stamp > coalesce(entry_stamp, '') "
                "AND state IN ('stored', 'failed') THEN 'pending' ELSE state END, "
                "entry_stamp = max(coalesce(entry_stamp, ''), coalesce(excluded.entry_stamp, "
                "'')), source_pk = coalesce(source_pk, excluded.source_pk)",
                (entry.url, source.pk, entry.stamp, now))
        _save_validators(store, url, headers, status, children)


def update_source(store: Store, source: Source, *, status: str, error: str | None = None,
                  kind: str | None = None, feeds: tuple[str, ...] | None = None,
                  polled: bool = True) -> None:
    """A poll's outcome. ``polled`` moves the next poll ``every`` seconds on."""
    now = dt.datetime.now(dt.UTC)
    with store.db:
        store.db.execute(
            "UPDATE watch_sources SET last_status = ?, last_error = ?, "
            "kind = coalesce(?, kind), feeds = coalesce(?, feeds), "
            "last_poll_at = CASE WHEN ? THEN ? ELSE last_poll_at END, "
            "polls = polls + ?, next_poll_at = CASE WHEN ? THEN ? ELSE next_poll_at END "
            "WHERE pk = ?",
            (status, error, kind, json.dumps(list(feeds)) if feeds is not None else None,
             polled, now_iso(now), int(polled), polled,
             now_iso(now + dt.timedelta(seconds=source.every)), source.pk))


def pending_pages(store: Store, *, recheck_every: float, recheck_within: float,
                  limit: int) -> list[PageTask]:
    """Pages to fetch: pending ones (oldest first), then stored pages younger than
    ``recheck_within`` seconds last fetched over ``recheck_every`` seconds ago."""
    now = dt.datetime.now(dt.UTC)
    young = now_iso(now - dt.timedelta(seconds=recheck_within))
    stale = now_iso(now - dt.timedelta(seconds=recheck_every))
    rows = store.db.execute(
        "SELECT p.pk, p.url, p.source_pk, p.article_pk, coalesce(s.allow_private, 0) AS ap "
        "FROM watch_pages p LEFT JOIN watch_sources s ON s.pk = p.source_pk "
        "WHERE p.state = 'pending' OR (p.state = 'stored' AND p.first_seen >= ? AND "
        "coalesce(p.last_fetched, '') <= ?) ORDER BY p.state != 'pending', p.first_seen, p.pk "
        "LIMIT ?", (young, stale, limit))
    return [PageTask(pk=r["pk"], url=r["url"], source_pk=r["source_pk"],
                     article_pk=r["article_pk"], allow_private=bool(r["ap"])) for r in rows]


def pages_for(store: Store, urls: Iterable[str], *, allow_private: bool) -> list[PageTask]:
    """The pending pages among ``urls`` (those a listing just named)."""
    tasks = []
    for url in dict.fromkeys(urls):
        row = store.db.execute("SELECT pk, url, source_pk, article_pk FROM watch_pages "
                               "WHERE url = ? AND state = 'pending'", (url,)).fetchone()
        if row is not None:
            tasks.append(PageTask(pk=row["pk"], url=row["url"], source_pk=row["source_pk"],
                                  article_pk=row["article_pk"], allow_private=allow_private))
    return tasks


def attempts(store: Store, task: PageTask) -> int:
    row = store.db.execute("SELECT attempts FROM watch_pages WHERE pk = ?",
                           (task.pk,)).fetchone()
    return int(row["attempts"]) if row else 0


def archived_latest(store: Store) -> list[tuple[PageTask, str, int]]:
    """Each watched article's page, with where its latest archived version is."""
    rows = store.db.execute(
        "SELECT p.pk, p.url, p.source_pk, p.article_pk, v.warc_file, v.warc_offset "
        "FROM watch_pages p JOIN article_versions v ON v.article_pk = p.article_pk "
        "WHERE v.warc_file IS NOT NULL AND v.number = (SELECT max(number) FROM "
        "article_versions w WHERE w.article_pk = p.article_pk AND w.warc_file IS NOT NULL) "
        "ORDER BY p.pk")
    return [(PageTask(pk=r["pk"], url=r["url"], source_pk=r["source_pk"],
                      article_pk=r["article_pk"]), r["warc_file"], r["warc_offset"])
            for r in rows]


def mark_page(store: Store, task: PageTask, *, state: str, error: str | None = None) -> None:
    """A page that could not be fetched (``failed``, ``refused``) or is left for later."""
    with store.db:
        store.db.execute("UPDATE watch_pages SET state = ?, last_error = ?, "
                         "attempts = attempts + 1, last_fetched = ? WHERE pk = ?",
                         (state, error, now_iso(), task.pk))


def stable_ids(store: Store, urls: Iterable[str]) -> dict[str, str]:
    """The article id already given to each watched URL (its first version's id)."""
    out: dict[str, str] = {}
    for url in urls:
        row = store.db.execute("SELECT a.id FROM watch_pages p JOIN articles a ON "
                               "a.pk = p.article_pk WHERE p.url = ?", (url,)).fetchone()
        if row:
            out[url] = row["id"]
    return out


# -- versions -------------------------------------------------------------------------------------

def _latest(store: Store, article_pk: int) -> Any:
    return store.db.execute("SELECT * FROM article_versions WHERE article_pk = ? "
                            "ORDER BY number DESC LIMIT 1", (article_pk,)).fetchone()


def _quotes_json(quotes: Iterable[Any]) -> str:
    return json.dumps([{"text": q["text"], "speaker": q["speaker"], "kind": q["kind"],
                        "start": q["start"], "end": q["end"]} for q in quotes],
                      ensure_ascii=False)


def snapshot_stored(store: Store, article_ids: Iterable[str]) -> None:
    """Before an article is overwritten: make sure what the store holds now is a version
    (an article ingested before it was watched, or a version a kill left unrecorded)."""
    with store.db:
        for article_id in article_ids:
            row = store.db.execute("SELECT pk, url, title, published, content_hash, text, "
                                   "updated_at FROM articles WHERE id = ?",
                                   (article_id,)).fetchone()
            if row is None:
                continue
            latest = _latest(store, row["pk"])
            if latest is not None and _same(latest, row["content_hash"], row["title"],
                                            row["published"]):
                continue
            quotes = store.db.execute('SELECT text, speaker, kind, start, "end" FROM quotes '
                                      "WHERE article_pk = ? ORDER BY idx", (row["pk"],))
            _insert_version(store, row["pk"], number=(latest["number"] if latest else 0) + 1,
                            fetched_at=row["updated_at"], url=row["url"], title=row["title"],
                            published=row["published"], content_hash=row["content_hash"],
                            text=row["text"], quotes=_quotes_json(quotes), archived=None)


def _same(version: Any, content_hash: str, title: str | None, published: str | None) -> bool:
    return (version["content_hash"], version["title"], version["published"]) == (
        content_hash, title, published)


def _insert_version(store: Store, article_pk: int, *, number: int, fetched_at: str,
                    url: str | None, title: str | None, published: str | None,
                    content_hash: str, text: str, quotes: str,
                    archived: tuple[str, int] | None) -> None:
    store.db.execute(
        "INSERT INTO article_versions (article_pk, number, fetched_at, url, title, published, "
        "content_hash, text, quotes, warc_file, warc_offset) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (article_pk, number, fetched_at, url, title, published, content_hash, text, quotes,
         *(archived or (None, None))))


def record_fetched(store: Store, fetched: Iterable[Fetched]) -> dict[int, str]:
    """After ``Store.write``: each page's state and validators, and a new version for each
    article whose text, title or date changed. Returns page pk → ``new``, ``changed``,
    ``unchanged`` or ``failed``."""
    outcomes: dict[int, str] = {}
    with store.db:
        for item in fetched:
            outcomes[item.task.pk] = _record_one(store, item)
    return outcomes


def _record_one(store: Store, item: Fetched) -> str:
    article = item.analysis.article if item.analysis is not None else item.article
    when = now_iso(item.fetched_at)
    if item.status != 304:
        _save_validators(store, item.task.url, {"etag": item.etag or "",
                                                "last-modified": item.last_modified or ""},
                         item.status)
    row = store.db.execute("SELECT pk FROM articles WHERE id = ?",
                           (article.id,)).fetchone() if article is not None else None
    if row is None:
        outcome = "unchanged" if item.status == 304 and item.task.article_pk else "failed"
        state = "stored" if outcome == "unchanged" else "failed"
        store.db.execute("UPDATE watch_pages SET state = ?, last_fetched = ?, last_error = ?, "
                         "attempts = attempts + 1 WHERE pk = ?",
                         (state, when, item.error, item.task.pk))
        return outcome
    assert article is not None
    outcome = _version(store, row["pk"], article, item, when)
    store.db.execute("UPDATE watch_pages SET state = 'stored', article_pk = ?, last_fetched = ?,"
                     " last_error = ?, attempts = 0 WHERE pk = ?",
                     (row["pk"], when, item.error, item.task.pk))
    return outcome


def _version(store: Store, article_pk: int, article: Article, item: Fetched, when: str) -> str:
    latest = _latest(store, article_pk)
    if latest is not None and _same(latest, article.content_hash, article.title,
                                    article.published):
        if latest["warc_file"] is None and item.archived:
            store.db.execute("UPDATE article_versions SET warc_file = ?, warc_offset = ? "
                             "WHERE pk = ?", (*item.archived, latest["pk"]))
        return "unchanged"
    quotes = [q.to_dict() for q in item.analysis.quotes] if item.analysis else []
    number = (latest["number"] if latest else 0) + 1
    _insert_version(store, article_pk, number=number, fetched_at=when, url=article.url,
                    title=article.title, published=article.published,
                    content_hash=article.content_hash, text=article.text,
                    quotes=_quotes_json(quotes), archived=item.archived)
    return "new" if number == 1 else "changed"


def record_problem(store: Store, *, source: str, stage: str, error_type: str, message: str,
                   level: str = "error") -> None:
    """A failure of a source or page, recorded like ingest's (``veille failures``)."""
    from veille.records import Failure

    store.add_failure(Failure(source=source, stage=stage, error_type=error_type,
                              message=message, level=level))  # type: ignore[arg-type]


def resolve_problems(store: Store, source: str) -> None:
    """A URL that now goes through: its earlier errors are marked resolved."""
    with store.db:
        store.db.execute("UPDATE failures SET resolved_at = ? WHERE source = ? AND level = "
                         "'error' AND resolved_at IS NULL", (now_iso(), source))
