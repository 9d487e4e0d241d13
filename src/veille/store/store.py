"""The embedded store: one SQLite file in WAL mode, full-text indexed with FTS5.

Writes are idempotent: an article is keyed by its id (given, or derived from its URL and
content hash), so ingesting the same input twice stores it once; a failure is keyed by
(source, stage, type, message) and only its counter moves. Each analysis row records the
analyzers and the model that produced it.

Every write also keeps the store's aggregates (people, organisations, places, the actor
graph: ``veille.store.aggregates``) in the same transaction: an article's contribution is
added when its analysis is stored and subtracted when that analysis is replaced or dropped.
A store opened for writing whose aggregates were built by other identity rules (or not at
all: a store from before migration 5) has them rebuilt first (``veille.store.totals``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from veille.errors import StoreError
from veille.records import SCHEMA, Analysis, Article, Failure
from veille.store import codec, functions, identity, salient, totals
from veille.store.aggregates import Aggregator, rows_from_store
from veille.store.contrib import rows_from_analysis
from veille.store.migrations import MIGRATIONS

Outcome = Literal["added", "updated", "unchanged"]

# The rows that an analysis writes besides its ``analyses`` row, one table per part.
_PER_ARTICLE = ("entities", "quotes", "timexes", "places", "events", "article_aliases")


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (POSIX flock; elsewhere, no lock)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _same(row: sqlite3.Row, a: Article) -> bool:
    """The stored article is ``a``: the text itself, not only its normalised hash, since
    stored offsets point into it."""
    return (row["content_hash"], row["title"], row["published"], row["site"],
            row["text"]) == (a.content_hash, a.title, a.published, a.site, a.text)


class Store:
    """A veille database. ``Store(path)`` creates it (and its schema) when needed."""

    def __init__(self, path: str | Path, *, create: bool = True, readonly: bool = False):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise StoreError(
                f"no database at {self.path}: create one with `veille ingest INPUT --db "
                f"{self.path}`"
            )
        try:
            self.db = self._connect(readonly)
            if readonly and not self.is_prepared:
                # A database from an older veille: migrate it once, then read.
                self.db.close()
                Store(self.path).close()
                self.db = self._connect(readonly)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the database {self.path}: {exc}") from exc

    def _connect(self, readonly: bool) -> sqlite3.Connection:
        """A connection; read-only ones take no write lock ever, so a reader never waits
        on a writer (WAL) and cannot change the file by mistake."""
        if readonly:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        else:
            db = sqlite3.connect(self.path, check_same_thread=False)
        db.row_factory = sqlite3.Row
        functions.register(db)
        # 10 s: longer than any transaction veille writes (an ingest batch of 32 documents
        # commits in ~0.1 s; a `veille load` partition of 100 in ~0.3 s).
        db.execute("PRAGMA busy_timeout = 10000")
        db.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            db.execute("PRAGMA synchronous = NORMAL")
            self.db = db
            self._prepare()
        return db

    # -- life cycle -------------------------------------------------------------------
    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @property
    def aggregates_version(self) -> str | None:
        """The identity rules the aggregates were built with (None before migration 5)."""
        return self._meta("aggregates")

    @property
    def is_prepared(self) -> bool:
        """Migrated, and aggregates built by the current identity rules."""
        return (self.schema_version >= len(MIGRATIONS)
                and self.aggregates_version == identity.version()
                and self._meta("salient") == "done")

    def _meta(self, key: str) -> str | None:
        """A value of ``store_meta`` (None when the store predates the table: it comes with
        the aggregates' migration, whatever its number)."""
        try:
            row = self.db.execute("SELECT value FROM store_meta WHERE key = ?",
                                  (key,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return str(row[0]) if row else None

    def _token_count(self, pk: int) -> int | None:
        """The article's tokens as FTS5 counted them (its docsize record: one varint per
        column), or None if unreadable."""
        row = self.db.execute("SELECT sz FROM articles_fts_docsize WHERE id = ?",
                              (pk,)).fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        total, value, data = 0, 0, row[0]
        for byte in data:  # SQLite varints; these sizes fit in a few bytes
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                total, value = total + value, 0
        return total

    def rebuild_salient(self, avgdl: float | None = None) -> None:
        """List every article's salient words (``veille.store.salient``) afresh, with
        ``avgdl`` as the reference length from now on (default: the one recorded)."""
        with self.db:
            self.db.execute("INSERT INTO search_salient(search_salient) VALUES ('delete-all')")
            if avgdl is not None:
                self.db.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES "
                                "('salient_avgdl', ?)", (repr(float(avgdl)),))
            last = 0
            while rows := self.db.execute("SELECT pk, title, text FROM articles WHERE pk > ? "
                                          "ORDER BY pk LIMIT 1000", (last,)).fetchall():
                for pk, title, text in rows:
                    self._salient(pk, title, text, +1)
                last = rows[-1][0]
            self.db.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES "
                            "('salient', 'done')")

    @property
    def salient_avgdl(self) -> float:
        """The reference average length the salient words are listed with."""
        value = self._meta("salient_avgdl")
        return float(value) if value else salient.AVGDL

    def _salient(self, pk: int, title: str | None, text: str, sign: int) -> None:
        """Add or delete the article's ``search_salient`` row (while its full-text index
        entry, whose token count it reads, is there)."""
        columns = ", ".join(salient.COLUMNS)
        values = salient.levels(title, text, self._token_count(pk), self.salient_avgdl)
        if sign > 0:
            self.db.execute(f"INSERT INTO search_salient(rowid, {columns}) VALUES "
                            f"(?{', ?' * len(values)})", (pk, *values))
        else:
            self.db.execute(f"INSERT INTO search_salient(search_salient, rowid, {columns}) "
                            f"VALUES ('delete', ?{', ?' * len(values)})", (pk, *values))

    def _prepare(self) -> None:
        """WAL mode, schema migrations and aggregates, once. Two processes opening a new
        database at once: one prepares it, the other waits on a lock file and finds it
        ready."""
        wal = self.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        if wal and self.is_prepared:
            return
        with _exclusive(self.path.with_name(self.path.name + ".lock")):
            self.db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
            if self.aggregates_version != identity.version():
                self.rebuild_aggregates()
            if self._meta("salient") != "done":
                self.rebuild_salient()

    def rebuild_aggregates(self) -> None:
        """Recompute every aggregate from the base tables, in one transaction (minutes for
        a million articles); plain-JSON analyses of older stores are packed on the way."""
        with self.db:
            self._pack_old_analyses()
            totals.rebuild(self.db)
            self.db.execute("INSERT OR REPLACE INTO store_meta (key, value) VALUES "
                            "('aggregates', ?)", (identity.version(),))

    def _pack_old_analyses(self) -> None:
        """Plain-JSON analyses of an older store, packed (``codec``), a thousand at a time
        so that memory stays small."""
        last = 0
        while True:
            rows = self.db.execute(
                "SELECT n.article_pk, n.data, a.text FROM analyses n JOIN articles a ON a.pk = "
                "n.article_pk WHERE n.article_pk > ? AND typeof(n.data) = 'text' ORDER BY "
                "n.article_pk LIMIT 1000", (last,)).fetchall()
            if not rows:
                return
            self.db.executemany("UPDATE analyses SET data = ? WHERE article_pk = ?",
                                [(codec.pack(json.loads(data), text), pk)
                                 for pk, data, text in rows])
            last = rows[-1][0]

    def _migrate(self) -> None:
        version = self.schema_version
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db:
                self.db.executescript(
                    f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")

    def is_current(self, article: Article, *, analyzers: dict[str, str], model: str) -> bool:
        """True when ``article`` is stored unchanged and analysed by these versions."""
        row = self.db.execute(
            "SELECT a.content_hash, a.title, a.published, a.site, n.analyzers, n.model "
            "FROM articles a JOIN analyses n ON n.article_pk = a.pk WHERE a.id = ?",
            (article.id,)).fetchone()
        return row is not None and tuple(row) == (
            article.content_hash, article.title, article.published, article.site,
            json.dumps(dict(analyzers), sort_keys=True), model)

    # -- writes -----------------------------------------------------------------------
    def add(self, analysis: Analysis) -> Outcome:
        """Store an article with its analysis; return what happened."""
        return self._write([analysis], (), (), recount_failures=True)[1]

    def add_article(self, article: Article) -> Outcome:
        """Store an article whose analysis failed (it is kept; the failure is recorded)."""
        return self._write((), (), [article], recount_failures=True)[1]

    def remove(self, article_id: str) -> bool:
        """Delete an article and everything stored about it (its analysis rows through the
        schema's cascades), its contribution to the aggregates subtracted in the same
        transaction. False when no article has that id."""
        with self.db:
            row = self.db.execute(
                "SELECT a.pk, a.title, a.text, a.site, a.language, n.model, "
                "n.article_pk IS NOT NULL AS analysed FROM articles a LEFT JOIN analyses n "
                "ON n.article_pk = a.pk WHERE a.id = ?", (article_id,)).fetchone()
            if row is None:
                return False
            aggregates = Aggregator(self.db)
            if row["analysed"]:
                aggregates.remove(rows_from_store(self.db, row["pk"]))
                aggregates.count("analyzed", "", -1)
                aggregates.count("model", row["model"], -1)
            for kind, value in (("articles", ""), ("site", row["site"]),
                                ("language", row["language"])):
                aggregates.count(kind, value, -1)
            self._salient(row["pk"], row["title"], row["text"], -1)
            self.db.execute("DELETE FROM articles WHERE pk = ?", (row["pk"],))
            aggregates.finish()
        return True

    def add_failure(self, failure: Failure) -> None:
        with self.db:
            self._add_failure(failure)

    def write(self, analyses: Iterable[Analysis] = (), failures: Iterable[Failure] = (),
              articles: Iterable[Article] = (), *, recount_failures: bool = True
              ) -> dict[str, int]:
        """Store many records in one transaction; count the outcomes.

        ``articles`` are articles whose analysis failed: they are kept without one.
        ``recount_failures=False`` leaves a failure already recorded as it is, instead of
        counting it once more: ``veille load`` replays shards, it does not see the failure
        again.
        """
        return self._write(analyses, failures, articles, recount_failures=recount_failures)[0]

    def _write(self, analyses: Iterable[Analysis], failures: Iterable[Failure],
               articles: Iterable[Article], *, recount_failures: bool
               ) -> tuple[dict[str, int], Outcome]:
        """``write``'s counts, and the outcome of the last article written."""
        counts = {"added": 0, "updated": 0, "unchanged": 0, "failures": 0}
        outcome: Outcome = "unchanged"
        with self.db:
            aggregates = Aggregator(self.db)
            for analysis in analyses:
                outcome = self._add(analysis, aggregates)
                counts[outcome] += 1
            for article in articles:
                outcome = self._add_unanalysed(article, aggregates)
                counts[outcome] += 1
            for failure in failures:
                self._add_failure(failure, recount=recount_failures)
                counts["failures"] += 1
            aggregates.finish()
        return counts, outcome

    def _add(self, analysis: Analysis, aggregates: Aggregator) -> Outcome:
        a = analysis.article
        analyzers = json.dumps(dict(analysis.analyzers), sort_keys=True)
        old = self.db.execute(
            "SELECT a.pk, a.content_hash, a.title, a.published, a.site, a.text, n.analyzers, "
            "n.model FROM articles a LEFT JOIN analyses n ON n.article_pk = a.pk "
            "WHERE a.id = ?", (a.id,)).fetchone()
        if old is not None and old["analyzers"] is not None:
            if _same(old, a) and (old["analyzers"], old["model"]) == (analyzers,
                                                                      analysis.model):
                return "unchanged"
            aggregates.remove(rows_from_store(self.db, old["pk"]))
            aggregates.count("analyzed", "", -1)
            aggregates.count("model", old["model"], -1)
        pk, outcome = self._upsert_article(a, aggregates)
        aggregates.count("analyzed", "", +1)
        aggregates.count("model", analysis.model, +1)
        rows = rows_from_analysis(pk, analysis)
        self._replace_analysis(pk, analysis, analyzers, rows.aliases)
        aggregates.add(rows)
        self._resolve(a.source)
        return "updated" if outcome == "unchanged" else outcome

    def _upsert_article(self, a: Article, aggregates: Aggregator) -> tuple[int, Outcome]:
        row = self.db.execute("SELECT pk, content_hash, title, published, site, language, text "
                              "FROM articles WHERE id = ?", (a.id,)).fetchone()
        values = (a.content_hash, a.source, a.url, a.site, a.title, a.published,
                  a.published_from, json.dumps(list(a.authors), ensure_ascii=False),
                  a.language, a.text, a.extractor)
        now = _now()
        if row is None:
            cur = self.db.execute(
                "INSERT INTO articles (content_hash, source, url, site, title, published, "
                "published_from, authors, language, text, extractor, id, ingested_at, "
                "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", (*values, a.id, now, now))
            assert cur.lastrowid is not None
            for kind, value in (("articles", ""), ("site", a.site), ("language", a.language)):
                aggregates.count(kind, value, +1)
            self._salient(cur.lastrowid, a.title, a.text, +1)
            return cur.lastrowid, "added"
        if _same(row, a):
            return row["pk"], "unchanged"
        reindexed = (row["title"], row["text"]) != (a.title, a.text)
        if reindexed:  # before the full-text index forgets the old text's token count
            self._salient(row["pk"], row["title"], row["text"], -1)
        self.db.execute(
            "UPDATE articles SET content_hash=?, source=?, url=?, site=?, title=?, published=?,"
            " published_from=?, authors=?, language=?, text=?, extractor=?, updated_at=? "
            "WHERE pk=?", (*values, now, row["pk"]))
        if reindexed:
            self._salient(row["pk"], a.title, a.text, +1)
        for kind, old, new in (("site", row["site"], a.site),
                               ("language", row["language"], a.language)):
            aggregates.count(kind, old, -1)
            aggregates.count(kind, new, +1)
        return row["pk"], "updated"

    def _add_unanalysed(self, article: Article, aggregates: Aggregator) -> Outcome:
        """An article without analysis; an older analysis of other text is dropped, since
        its offsets no longer point into the text."""
        old = self.db.execute("SELECT a.pk, n.model FROM articles a JOIN analyses n ON "
                              "n.article_pk = a.pk WHERE a.id = ?", (article.id,)).fetchone()
        before = rows_from_store(self.db, old[0]) if old is not None else None
        pk, outcome = self._upsert_article(article, aggregates)
        if outcome == "updated":
            if before is not None:
                aggregates.remove(before)
                aggregates.count("analyzed", "", -1)
                aggregates.count("model", old[1], -1)
            for table in ("analyses", *_PER_ARTICLE):
                self.db.execute(f"DELETE FROM {table} WHERE article_pk = ?", (pk,))
        return outcome

    def _replace_analysis(self, pk: int, analysis: Analysis, analyzers: str,
                          aliases: Iterable[tuple[str, str]]) -> None:
        db = self.db
        for table in _PER_ARTICLE:
            db.execute(f"DELETE FROM {table} WHERE article_pk = ?", (pk,))
        data = analysis.to_dict()
        text = analysis.article.text  # the text and the article live in articles
        db.execute(
            "INSERT OR REPLACE INTO analyses (article_pk, schema, analyzers, model, data, "
            "created_at) VALUES (?,?,?,?,?,?)",
            (pk, SCHEMA, analyzers, analysis.model, codec.pack(data, text), _now()))
        ent_analyzer = analysis.analyzers.get("entities", "")
        db.executemany(
            "INSERT INTO entities (article_pk, entity_id, name, type, roles, mentions, analyzer)"
            " VALUES (?,?,?,?,?,?,?)",
            [(pk, e.id, e.name, e.type, json.dumps(list(e.roles), ensure_ascii=False),
              len(e.mentions), ent_analyzer) for e in analysis.entities])
        quote_analyzer = analysis.analyzers.get("quotes", "")
        db.executemany(
            'INSERT INTO quotes (article_pk, idx, text, start, "end", kind, speaker, speaker_id,'
            " speaker_mention, cue, analyzer) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(pk, i, q.text, q.start, q.end, q.kind, q.speaker, q.speaker_id,
              q.speaker_mention, q.cue, quote_analyzer) for i, q in enumerate(analysis.quotes)])
        self._insert_timexes_places_events(pk, analysis)
        # The aliases the article defines for its organisations ("OMS" for "Organisation
        # mondiale de la santé"), as ``contrib.rows_from_analysis`` found them.
        db.executemany("INSERT INTO article_aliases (article_pk, alias, entity_id) "
                       "VALUES (?,?,?)", [(pk, alias, entity) for alias, entity in aliases])

    def _insert_timexes_places_events(self, pk: int, analysis: Analysis) -> None:
        db, names = self.db, analysis.analyzers
        db.executemany(
            'INSERT INTO timexes (article_pk, idx, text, start, "end", value, type, analyzer) '
            "VALUES (?,?,?,?,?,?,?,?)",
            [(pk, i, t.text, t.start, t.end, t.value, t.type, names.get("timexes", ""))
             for i, t in enumerate(analysis.timexes)])
        db.executemany(
            "INSERT INTO places (article_pk, idx, name, entity_id, country, lat, lon, analyzer) "
            "VALUES (?,?,?,?,?,?,?,?)",
            [(pk, i, p.name, p.entity_id, p.country, p.lat, p.lon, names.get("places", ""))
             for i, p in enumerate(analysis.places)])
        db.executemany(
            'INSERT INTO events (article_pk, idx, type, trigger, start, "end", actors, targets, '
            "place, date, sentence_start, sentence_end, analyzer) VALUES (?,?,?,?,?,?,?,?,?,?,?,"
            "?,?)",
            [(pk, i, e.type, e.trigger, e.start, e.end,
              json.dumps(list(e.actors), ensure_ascii=False),
              json.dumps(list(e.targets), ensure_ascii=False), e.place, e.date,
              e.sentence[0], e.sentence[1], names.get("events", ""))
             for i, e in enumerate(analysis.events)])

    def _add_failure(self, f: Failure, *, recount: bool = True) -> None:
        when = f.occurred_at.isoformat(timespec="seconds")
        again = ("DO UPDATE SET last_seen = excluded.last_seen, count = count + 1, "
                 "resolved_at = NULL") if recount else "DO NOTHING"
        self.db.execute(
            "INSERT INTO failures (source, stage, error_type, message, level, first_seen, "
            "last_seen) VALUES (?,?,?,?,?,?,?) ON CONFLICT (source, stage, error_type, message)"
            f" {again}",
            (f.source, f.stage, f.error_type, f.message, f.level, when, when))

    def _resolve(self, source: str) -> None:
        """A source that now goes through: its earlier errors are marked resolved."""
        self.db.execute("UPDATE failures SET resolved_at = ? WHERE source = ? AND level = "
                        "'error' AND resolved_at IS NULL", (_now(), source))
