"""The web app at 10,000 and 100,000 articles, and 1,000,000 extrapolated: one command.

For each size, builds the store with ``bench/web_store.py`` (unless it exists and
``--reuse`` is given; the corpus is analysed once, cached in ``DIR/analyses-LIMIT.jsonl``),
then serves it with ``veille serve`` (one worker, its default) on 127.0.0.1 and measures:

- **first load after start**: a fresh server per page (``/map``, ``/graph``, ``/timeline``,
  ``/people``, ``/``), asked for that page first, once;
- **every page and API route**, one route at a time, with 1 client and then with 20
  (a closed loop: each client sends its next request when the previous one is answered)
  for ``--seconds`` each, after one unmeasured pass: p50 and p95 per route. Search takes 25
  queries — topic words (``bench/web_latency.py``'s), the most named people and places;
  person pages the 40 most named people; organisation pages the 20 most named;
- build time (writing and merging the indexes) and bytes per article.

**1,000,000 articles** is extrapolated from the two sizes, figure by figure, with the
growth exponent the two sizes show: ``v(1M) = v(100k) · (v(100k) / v(10k))`` — a power law
``v ∝ N^α`` through both points (a flat figure stays flat, a linear one grows tenfold).
The bench store repeats ``--limit`` articles with new ids and dates (``web_store.py``), so
its vocabulary, people and relations stop growing with N while a real archive's keep
growing: the extrapolation holds for costs that follow the number of articles or matches,
and understates those that follow the number of distinct people or relations.

The load average (the machine may be shared) is printed with every figure. Results go to
``DIR/web-scale.json``; the Markdown table is printed.

Usage: python bench/web_scale.py DIR [--sizes 10000,100000] [--limit 300] [--seconds 5]
                                     [--reuse] [--only-table]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from _common import log
from web_latency import TOPICS, Connection, free_port, summary

ROOT = Path(__file__).resolve().parents[1]
FIRST_LOADS = ("/map", "/graph", "/timeline", "/people", "/")
CLIENTS = (1, 20)


def build(directory: Path, size: int, limit: int, reuse: bool) -> dict[str, Any]:
    """The store of ``size`` articles and how it was built (from ``web_store.py``)."""
    db = directory / f"web-{size}.db"
    info = directory / f"web-{size}.json"
    if reuse and db.exists() and info.exists():
        return {**json.loads(info.read_text()), "db": str(db)}
    for old in directory.glob(f"web-{size}.db*"):
        old.unlink()
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "web_store.py"), str(db), "--articles",
         str(size), "--limit", str(limit), "--analyses",
         str(directory / f"analyses-{limit}.jsonl")],
        capture_output=True, text=True, check=True)
    built = json.loads(done.stdout.strip().splitlines()[-1])
    info.write_text(json.dumps(built))
    return {**built, "db": str(db)}


def routes(db: Path, seed: int = 11) -> dict[str, list[str]]:
    """URLs per page or API route, drawn from the store itself."""
    rng = random.Random(seed)
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        ids = [r[0] for r in con.execute("SELECT id FROM articles ORDER BY random() LIMIT 300")]
        people = [r[0] for r in con.execute("SELECT name FROM actors WHERE type = 'PER' ORDER "
                                            "BY articles DESC LIMIT 40")]
        orgs = [r[0] for r in con.execute("SELECT name FROM actors WHERE type = 'ORG' ORDER BY "
                                          "articles DESC LIMIT 20")]
        places = [r[0] for r in con.execute("SELECT name FROM place_totals ORDER BY articles "
                                            "DESC LIMIT 6")]
    finally:
        con.close()
    words = [*TOPICS[:12], *people[:7], *places]
    q = lambda s: quote(s, safe="")  # noqa: E731
    search = [f"q={quote(w)}" for w in words]
    rng.shuffle(ids)
    return {
        "/": ["/"],
        "/search": [f"/search?{s}" for s in search],
        "/article/ID": [f"/article/{q(i)}" for i in ids],
        "/people": ["/people"],
        "/person/NAME": [f"/person/{q(n)}" for n in people],
        "/organisation/NAME": [f"/organisation/{q(n)}" for n in orgs],
        "/timeline": ["/timeline"],
        "/timeline?entity=NAME": [f"/timeline?entity={quote(n)}" for n in people[:20]],
        "/graph": ["/graph"],
        "/map": ["/map"],
        "/stories": ["/stories"],
        "/api/search": [f"/api/search?{s}" for s in search],
        "/api/articles/ID": [f"/api/articles/{q(i)}" for i in ids],
        "/api/people": ["/api/people"],
        "/api/people/NAME": [f"/api/people/{q(n)}" for n in people],
        "/api/organisations/NAME": [f"/api/organisations/{q(n)}" for n in orgs],
        "/api/timeline?entity=NAME": [f"/api/timeline?entity={quote(n)}" for n in people[:20]],
        "/api/graph": ["/api/graph"],
        "/api/places": ["/api/places"],
        "/api/stories": ["/api/stories"],
        "/api/stats": ["/api/stats"],
    }


class Server:
    """``veille serve`` over ``db`` on a free port, until closed."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        veille = Path(sys.executable).with_name("veille")
        self.process = subprocess.Popen(
            [str(veille), "serve", "--db", str(db), "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # the schema document reads no data
            try:
                if asyncio.run(_get(self.port, "/api/openapi.json"))[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.close()
        sys.exit("error: the server did not start")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


async def _get(port: int, path: str) -> tuple[int, float]:
    connection = Connection("127.0.0.1", port)
    start = time.perf_counter()
    try:
        status = await connection.get(path)
    finally:
        await connection.close()
    return status, (time.perf_counter() - start) * 1000


async def closed_loop(port: int, urls: list[str], clients: int, seconds: float
                      ) -> tuple[list[float], int]:
    """Latencies (ms) of ``clients`` clients asking ``urls`` in turn for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    end = time.monotonic() + seconds

    async def client(n: int) -> None:
        nonlocal errors
        connection, i = Connection("127.0.0.1", port), n
        while time.monotonic() < end:
            url = urls[i % len(urls)]
            i += 1
            start = time.perf_counter()
            try:
                ok = await asyncio.wait_for(connection.get(url), 60) == 200
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                await connection.close()
                ok = False
            if ok:
                latencies.append((time.perf_counter() - start) * 1000)
            else:
                errors += 1
        await connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors


def first_loads(db: Path) -> dict[str, Any]:
    out = {}
    for path in FIRST_LOADS:
        server = Server(db)
        try:
            status, ms = asyncio.run(_get(server.port, path))
        finally:
            server.close()
        out[path] = {"ms": round(ms, 1), "status": status, "load": round(os.getloadavg()[0], 2)}
        log(f"  first load {path}: {ms:.0f} ms")
    return out


def measure(db: Path, seconds: float) -> dict[str, Any]:
    urls = routes(db)
    server = Server(db)
    out: dict[str, Any] = {}
    try:
        for route, listed in urls.items():
            for url in listed:  # one unmeasured pass: page caches, the cached graph
                asyncio.run(_get(server.port, url))
            out[route] = {}
            for clients in CLIENTS:
                load = os.getloadavg()[0]
                values, errors = asyncio.run(closed_loop(server.port, listed, clients,
                                                         seconds))
                row = summary(values)
                row.update(errors=errors, load=round(load, 2))
                out[route][str(clients)] = row
                log(f"  {route} ×{clients}: p50 {row.get('p50_ms')} p95 {row.get('p95_ms')} "
                    f"ms ({row['requests']} requests, load {load:.1f})")
    finally:
        server.close()
    return out


def same_first_pages(db: Path, limit: int = 20) -> dict[str, Any]:
    """Search's first page against today's query (bm25 over every match, in FTS5): the
    same scores in the same order, and the same articles where scores do not tie."""
    from urllib.parse import parse_qs, urlsplit

    from veille.query.pool import StorePool
    from veille.query.ranking import BM25, rank
    from veille.query.web import _valid_fts

    queries = [parse_qs(urlsplit(u).query)["q"][0] for u in routes(db)["/api/search"]]
    pool, same, methods = StorePool(db), 0, []
    try:
        with pool.store() as store:
            for words in queries:
                query = _valid_fts(store, words)[0] or words  # as the search page does
                ranked = rank(store, query, need=limit, window=limit)
                today = store.db.execute(
                    f"SELECT rowid, {BM25} AS score FROM articles_fts WHERE articles_fts "
                    "MATCH ? ORDER BY score LIMIT ?", (query, limit)).fetchall()
                same += ranked.scores[:limit] == [r[1] for r in today]
                methods.append(ranked.method)
    finally:
        pool.close()
    return {"queries": len(queries), "same_scores": same,
            "methods": {m: methods.count(m) for m in sorted(set(methods))}}


def extrapolate(small: float | None, big: float | None) -> float | None:
    """``big · big/small``: the power law through (10k, small) and (100k, big) at 1M."""
    if not small or not big:
        return None
    return round(big * big / small, 1)


def table(results: dict[str, Any]) -> str:
    sizes = sorted(results, key=int)
    if len(sizes) != 2:
        return "(two sizes are needed for the table)"
    small, big = (results[s] for s in sizes)
    head = (f"| page or route | {int(sizes[0]):,} · 1 client p50 / p95 | 20 clients p50 / p95 "
            f"| {int(sizes[1]):,} · 1 client | 20 clients | 1,000,000 (extrapolated) · 1 client "
            "| 20 clients |\n|---|---|---|---|---|---|---|")
    lines = [head]

    def cell(row: dict[str, Any]) -> str:
        return f"{row.get('p50_ms', '–')} / {row.get('p95_ms', '–')}"

    for route in small["latency"]:
        a, b = small["latency"][route], big["latency"].get(route, {})
        guess = {c: (extrapolate(a[c].get("p50_ms"), b.get(c, {}).get("p50_ms")),
                     extrapolate(a[c].get("p95_ms"), b.get(c, {}).get("p95_ms")))
                 for c in ("1", "20")}
        lines.append(f"| `{route}` | {cell(a['1'])} | {cell(a['20'])} | {cell(b.get('1', {}))} "
                     f"| {cell(b.get('20', {}))} | {guess['1'][0]} / {guess['1'][1]} | "
                     f"{guess['20'][0]} / {guess['20'][1]} |")
    for path in FIRST_LOADS:
        a, b = small["first_loads"][path]["ms"], big["first_loads"][path]["ms"]
        lines.append(f"| first load of `{path}` after start | {a} | | {b} | | "
                     f"{extrapolate(a, b)} | |")
    per = [r["build"]["build_seconds"] / r["build"]["articles"] * 1000 for r in (small, big)]
    million = extrapolate(per[0], per[1]) or 0.0
    lines.append(f"| build: ms per article (write + merge) | {per[0]:.2f} | | {per[1]:.2f} | | "
                 f"{million} (≈ {million * 1000:,.0f} s for 1M) | |")
    sizes_b = [r["build"]["bytes_per_article"] for r in (small, big)]
    lines.append(f"| bytes per article | {sizes_b[0]:,} | | {sizes_b[1]:,} | | "
                 f"{extrapolate(sizes_b[0], sizes_b[1]):,.0f} | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="Where the stores and results go.")
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--limit", type=int, default=300, help="Corpus articles analysed.")
    parser.add_argument("--seconds", type=float, default=5.0, help="Per route and client "
                        "count.")
    parser.add_argument("--reuse", action="store_true", help="Keep stores already built.")
    parser.add_argument("--only-table", action="store_true", help="Print the table of the "
                        "last results without measuring.")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    saved = args.dir / "web-scale.json"
    if args.only_table:
        print(table(json.loads(saved.read_text())))
        return
    results: dict[str, Any] = json.loads(saved.read_text()) if saved.exists() else {}
    for size in (int(s) for s in args.sizes.split(",")):
        log(f"{size} articles: building (load {os.getloadavg()[0]:.1f})")
        built = build(args.dir, size, args.limit, args.reuse)
        log(f"  {built['build_seconds']} s, {built['bytes_per_article']} bytes per article")
        db = Path(built["db"])
        results[str(size)] = {"build": built, "first_loads": first_loads(db),
                              "latency": measure(db, args.seconds),
                              "first_pages": same_first_pages(db),
                              "uptime": subprocess.run(["uptime"], capture_output=True,
                                                       text=True).stdout.strip()}
        saved.write_text(json.dumps(results, indent=2))
    print(table({k: v for k, v in results.items() if k in args.sizes.split(",")}))


if __name__ == "__main__":
    main()
