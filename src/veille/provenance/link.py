"""Linking: store fingerprints, find candidates through the LSH buckets, write links, then
update the stories and flags of everything that changed. One transaction per call.

``link_new`` is what ingest and ``veille load`` call with the fingerprints of articles
they just wrote; ``relink`` rebuilds everything from the stored fingerprints (computing
the missing or stale ones).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import operator
import sqlite3
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np

from veille.blas import one_blas_thread
from veille.provenance.compare import Parsed, ProvenanceOptions, compare, parse
from veille.provenance.fingerprints import VERSION, fingerprint
from veille.provenance.index import bucket_keys, probe_keys
from veille.provenance.stories import update_stories
from veille.records import Article
from veille.store import Store

__all__ = ["fingerprints_for", "link_new", "relink", "stale_articles"]

LINKER = "veille.links.v1"
Link = tuple[int, int, str, float, str]
"""(a_pk, b_pk, kind, score, evidence JSON), a_pk < b_pk."""
_ARTICLE_COLUMNS = ("pk, id, source, text, url, site, title, published, published_from, "
                    "language, content_hash, extractor")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _state(row: sqlite3.Row | Mapping[str, Any]) -> str:
    """What, besides the text, decides an article's links and flags."""
    parts = [row["content_hash"], row["published"], row["language"], row["title"], row["site"]]
    return hashlib.blake2b(json.dumps(parts).encode(), digest_size=8).hexdigest()


def _article(row: sqlite3.Row) -> Article:
    return Article(id=row["id"], source=row["source"], text=row["text"], url=row["url"],
                   site=row["site"], title=row["title"], published=row["published"],
                   published_from=row["published_from"], language=row["language"],
                   content_hash=row["content_hash"], extractor=row["extractor"])


def stale_articles(store: Store, ids: Iterable[str]) -> list[str]:
    """The ids among ``ids`` whose fingerprint or links are missing or out of date."""
    stale = []
    for article_id in ids:
        row = store.db.execute(
            "SELECT a.content_hash, a.published, a.language, a.title, a.site, f.state, "
            "f.version FROM articles a LEFT JOIN provenance_fingerprints f ON "
            "f.article_pk = a.pk WHERE a.id = ?", (article_id,)).fetchone()
        if row is not None and (row["version"] != VERSION or row["state"] != _state(row)):
            stale.append(article_id)
    return stale


def fingerprints_for(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Fingerprints for stored articles: the stored one when the text is unchanged (a new
    date or title needs new links and flags, not a new fingerprint), else computed."""
    out: dict[str, dict[str, Any]] = {}
    for article_id in ids:
        row = store.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            continue
        kept = store.db.execute(
            "SELECT data FROM provenance_fingerprints WHERE article_pk = ? AND version = ? "
            "AND content_hash = ?", (row["pk"], VERSION, row["content_hash"])).fetchone()
        out[article_id] = json.loads(kept["data"]) if kept else fingerprint(_article(row))
    return out


def _save(db: sqlite3.Connection, row: sqlite3.Row, fp: Mapping[str, Any]) -> Parsed:
    parsed = parse(row["pk"], dict(fp))
    db.execute(
        "INSERT OR REPLACE INTO provenance_fingerprints (article_pk, version, content_hash, "
        "state, vector, minhash, data, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (row["pk"], fp.get("version", VERSION), row["content_hash"], _state(row),
         parsed.vector.astype("<f2").tobytes(), parsed.minhash.astype("<u4").tobytes(),
         json.dumps(fp, ensure_ascii=False), _now()))
    db.execute("DELETE FROM provenance_buckets WHERE article_pk = ?", (row["pk"],))
    keys = bucket_keys(parsed.minhash, parsed.vector, empty=parsed.shingles == 0)
    db.executemany("INSERT OR IGNORE INTO provenance_buckets (band, key, article_pk) "
                   "VALUES (?,?,?)", [(band, key, row["pk"]) for band, key in keys])
    return parsed


def _candidates(db: sqlite3.Connection, parsed: Parsed) -> list[int]:
    keys = probe_keys(parsed.minhash, parsed.vector, empty=parsed.shingles == 0)
    if not keys:
        return []
    found: set[int] = set()
    # SQLite allows 500 terms in a compound SELECT: probe in chunks.
    for start in range(0, len(keys), 200):
        chunk = keys[start:start + 200]
        probe = " UNION ".join(["SELECT article_pk FROM provenance_buckets WHERE band = ? "
                                "AND key = ?"] * len(chunk))
        found.update(r[0] for r in db.execute(probe, [v for pair in chunk for v in pair]))
    found.discard(parsed.pk)
    return sorted(found)


def _load(db: sqlite3.Connection, pks: list[int], cache: dict[int, Parsed]) -> None:
    """Decode the stored fingerprints of ``pks`` not yet in ``cache``."""
    missing = [pk for pk in pks if pk not in cache]
    for start in range(0, len(missing), 500):
        chunk = missing[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for r in db.execute(
                "SELECT article_pk, vector, minhash, json_extract(data, '$.language') AS lang,"
                " json_extract(data, '$.shingles') AS n, json_extract(data, "
                "'$.evidence.numbers') AS nums, json_extract(data, '$.evidence.chars') AS ch, "
                "json_extract(data, '$.evidence.names') AS names "
                f"FROM provenance_fingerprints WHERE article_pk IN ({marks})", chunk):
            cache[r["article_pk"]] = Parsed(
                pk=r["article_pk"], language=r["lang"], shingles=int(r["n"] or 0),
                minhash=np.frombuffer(r["minhash"], dtype="<u4"),
                vector=np.frombuffer(r["vector"], dtype="<f2").astype(np.float32),
                numbers=frozenset(json.loads(r["nums"] or "[]")), chars=int(r["ch"] or 0),
                names=frozenset(json.loads(r["names"] or "[]")))


def _screen(db: sqlite3.Connection, parsed: Parsed, pks: list[int],
            options: ProvenanceOptions) -> list[int]:
    """The candidates worth a full comparison, from their raw vectors and signatures in one
    vectorised pass: shared MinHash values, or a cosine over the translation threshold.
    Keeps verification cheap when buckets are full."""
    kept: list[int] = []
    for start in range(0, len(pks), 500):
        chunk = pks[start:start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute("SELECT article_pk, vector, minhash FROM provenance_fingerprints "
                          f"WHERE article_pk IN ({marks})", chunk).fetchall()
        if not rows:
            continue
        vectors = np.frombuffer(b"".join(r["vector"] for r in rows), dtype="<f2").reshape(
            len(rows), -1).astype(np.float32)
        signatures = np.frombuffer(b"".join(r["minhash"] for r in rows), dtype="<u4").reshape(
            len(rows), -1)
        cosines = vectors @ parsed.vector
        # Unrelated texts share no 32-bit MinHash value (odds ~Jaccard each); two shared
        # values let through any pair whose Jaccard is over ~2 %, far below a copy's.
        shared = (signatures == parsed.minhash).sum(axis=1)
        good = (cosines >= options.translation_cosine) | (shared >= 2)
        kept += [r["article_pk"] for r, ok in zip(rows, good, strict=True) if ok]
    return kept


def _link_one(db: sqlite3.Connection, parsed: Parsed, cache: dict[int, Parsed],
              options: ProvenanceOptions, keep: Callable[[int], bool]
              ) -> list[Link]:
    """Links from ``parsed`` to its candidates that ``keep`` accepts."""
    candidates = [pk for pk in _candidates(db, parsed) if keep(pk)]
    candidates = [pk for pk in candidates if pk in cache] + _screen(
        db, parsed, [pk for pk in candidates if pk not in cache], options)
    _load(db, candidates, cache)
    links = []
    for pk in candidates:
        other = cache.get(pk)
        if other is None:
            continue
        found = compare(parsed, other, options)
        if found is not None:
            kind, score, evidence = found
            a, b = sorted((parsed.pk, pk))
            links.append((a, b, kind, score, json.dumps(evidence)))
    return links


def _languages(db: sqlite3.Connection, pks: set[int]) -> dict[int, str | None]:
    found: dict[int, str | None] = {}
    ordered = sorted(pks)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        marks = ",".join("?" * len(chunk))
        found.update((r[0], r[1]) for r in db.execute(
            f"SELECT pk, language FROM articles WHERE pk IN ({marks})", chunk))
    return found


def _best_per_language(db: sqlite3.Connection, links: list[Link]) -> list[Link]:
    """Translation links that are, for one of their two ends, the best match in the other
    end's language. Several articles about one event (the README's hard negatives) can
    each pass the thresholds; an article's own translation scores higher than another
    article's, so the weaker cross links go. Stored links count (ingest is incremental).
    On ../shared/eval/crosslingual: the 3 false links go, no true one does."""
    ends = {pk for link in links if link[2] == "translation" for pk in link[:2]}
    if not ends:
        return links
    stored = [(r[0], r[1], r[2]) for pk in ends for r in db.execute(
        "SELECT a_pk, b_pk, score FROM provenance_links WHERE kind = 'translation' AND "
        "(a_pk = ? OR b_pk = ?)", (pk, pk))]
    pairs = [(a, b, score) for a, b, kind, score, _ in links if kind == "translation"]
    language = _languages(db, ends | {pk for a, b, _ in stored for pk in (a, b)})
    best: dict[tuple[int, str | None], float] = {}
    for a, b, score in pairs + stored:
        for mine, other in ((a, b), (b, a)):
            key = (mine, language.get(other))
            best[key] = max(best.get(key, score), score)
    return [link for link in links if link[2] != "translation"
            or link[3] >= best[(link[0], language.get(link[1]))]
            or link[3] >= best[(link[1], language.get(link[0]))]]


def _insert_links(db: sqlite3.Connection, links: list[Link]) -> None:
    now = _now()
    db.executemany(
        "INSERT OR REPLACE INTO provenance_links (a_pk, b_pk, kind, score, evidence, linker, "
        "created_at) VALUES (?,?,?,?,?,?,?)",
        [(*link, LINKER, now) for link in links])


def _neighbours(db: sqlite3.Connection, pks: Iterable[int]) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()
    for pk in pks:
        found |= {(r[0], r[1]) for r in db.execute(
            "SELECT a_pk, b_pk FROM provenance_links WHERE a_pk = ? OR b_pk = ?", (pk, pk))}
    return found


def link_new(store: Store, fingerprints: Mapping[str, Mapping[str, Any]], *,
             options: ProvenanceOptions | None = None) -> int:
    """Store the fingerprints of stored articles (keyed by article id), link them against
    the store, update stories and flags; return the number of links that are new.

    Idempotent: a second call with the same fingerprints adds no link. Ids that are not in
    the store are ignored.
    """
    options = options or ProvenanceOptions.from_env()
    db = store.db
    # Linking makes many small products (hyperplanes × vector, candidates × vector); with
    # OpenBLAS's thread per core each woke threads that then spun: `veille ingest` on 40
    # corpus texts took 20 s of CPU instead of 13 at load average 8.
    with one_blas_thread(), db:
        fresh: dict[int, Parsed] = {}
        for article_id, fp in fingerprints.items():
            row = db.execute("SELECT pk, content_hash, published, language, title, site "
                             "FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is not None:
                fresh[row["pk"]] = _save(db, row, fp)
        before = _neighbours(db, fresh)
        for pk in fresh:
            db.execute("DELETE FROM provenance_links WHERE a_pk = ? OR b_pk = ?", (pk, pk))
        cache = dict(fresh)
        links: dict[tuple[int, int], Link] = {}
        for parsed in fresh.values():
            for link in _link_one(db, parsed, cache, options, keep=lambda pk: True):
                links[(link[0], link[1])] = link
        kept = _best_per_language(db, list(links.values()))
        _insert_links(db, kept)
        added = {(link[0], link[1]) for link in kept}
        touched = set(fresh) | {pk for pair in before | added for pk in pair}
        update_stories(db, touched, options)
    return len(added - before)


def relink(store: Store, *, options: ProvenanceOptions | None = None,
           progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Rebuild every link, story and flag from the stored fingerprints, computing missing or
    stale ones first. Returns counts: fingerprinted, articles, links."""
    with one_blas_thread():
        return _relink(store, options or ProvenanceOptions.from_env(), progress)


def _relink(store: Store, options: ProvenanceOptions,
            progress: Callable[[int], None] | None) -> dict[str, int]:
    db = store.db
    ids = [r[0] for r in db.execute("SELECT id FROM articles ORDER BY pk")]
    stale = stale_articles(store, ids)
    computed = 0
    for start in range(0, len(stale), 64):
        chunk = stale[start:start + 64]
        fps = fingerprints_for(store, chunk)
        computed += sum(1 for fp in fps.values() if fp)
        with db:
            for article_id, fp in fps.items():
                row = db.execute("SELECT pk, content_hash, published, language, title, site "
                                 "FROM articles WHERE id = ?", (article_id,)).fetchone()
                _save(db, row, fp)
    with db:  # bucket keys of every fingerprint, in case the index parameters changed
        db.execute("DELETE FROM provenance_buckets")
        for r in db.execute("SELECT article_pk, vector, minhash, json_extract(data, "
                            "'$.shingles') AS n FROM provenance_fingerprints").fetchall():
            keys = bucket_keys(np.frombuffer(r["minhash"], dtype="<u4"),
                               np.frombuffer(r["vector"], dtype="<f2").astype(np.float32),
                               empty=not r["n"])
            db.executemany("INSERT OR IGNORE INTO provenance_buckets (band, key, article_pk) "
                           "VALUES (?,?,?)", [(b, k, r["article_pk"]) for b, k in keys])
    with db:
        db.execute("DELETE FROM provenance_links")
        db.execute("DELETE FROM provenance_stories")
        db.execute("DELETE FROM provenance_flags")
        pks = [r[0] for r in db.execute("SELECT article_pk FROM provenance_fingerprints "
                                        "ORDER BY article_pk")]
        cache: dict[int, Parsed] = {}
        links: dict[tuple[int, int], Link] = {}
        for done, pk in enumerate(pks, start=1):
            _load(db, [pk], cache)
            newer: Callable[[int], bool] = functools.partial(operator.lt, pk)
            for link in _link_one(db, cache[pk], cache, options, keep=newer):
                links[(link[0], link[1])] = link
            if len(cache) > 20_000:
                cache.clear()
            if progress is not None:
                progress(done)
        kept = _best_per_language(db, list(links.values()))
        _insert_links(db, kept)
        update_stories(db, {pk for link in kept for pk in (link[0], link[1])}, options)
    return {"fingerprinted": computed, "articles": len(pks), "links": len(kept)}

