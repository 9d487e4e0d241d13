"""Web app latency: p50/p95 of the search, article and person pages under concurrent load.

Starts ``veille serve`` on 127.0.0.1 over a store (build a 10,000-article one with
``bench/web_store.py``), then runs a closed load loop for ``--seconds``: ``--clients``
concurrent clients, each sending its next request as soon as the previous one is answered
(so at most ``--clients`` requests are ever in flight), cycling through the three pages:

- search: ``/search?q=…`` with a word or name drawn from the store (people's and places'
  names, and topic words), so that the result counts range from a handful to thousands;
- article: ``/article/ID`` for a random article;
- person: ``/person/NAME`` for one of the 200 most quoted or named people.

Latency is measured by the client, from sending the request to reading the whole body.
The load generator runs in this process (asyncio, one keep-alive HTTP/1.1 connection per
client, a minimal client so that it takes little CPU) and competes with the server for the
CPU, as a browser on the same machine would; ``uptime``'s load average is printed
with the figures, since the machine may be shared.

Usage: python bench/web_latency.py DB [--clients 20] [--seconds 30] [--workers 2] [--json]
       python bench/web_latency.py DB --url http://127.0.0.1:8000   # a running server
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import httpx

from veille.query import list_people, list_places
from veille.store import Store

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ("gouvernement", "élections", "président", "économie", "football", "santé",
          "Afrique", "pétrole", "manifestation", "sécurité", "climat", "ministre",
          '"Coupe du monde"', "banque", "école", "armée")
KINDS = ("search", "article", "person")


def log_line(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def targets(db: Path, seed: int = 11) -> dict[str, list[str]]:
    """URLs per page kind, drawn from the store itself."""
    rng = random.Random(seed)
    with Store(db, readonly=True, create=False) as store:
        ids = [r[0] for r in store.db.execute("SELECT id FROM articles")]
        people = [p.name for p in list_people(store, limit=200)]
        places = [p.name for p in list_places(store, limit=50)]
    words = [*TOPICS, *people[:40], *places[:40]]
    return {
        "search": [f"/search?q={quote(w)}" for w in words],
        "article": [f"/article/{quote(i, safe='')}" for i in rng.sample(ids, min(500, len(ids)))],
        "person": [f"/person/{quote(n, safe='')}" for n in people],
    }


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    veille = Path(sys.executable).with_name("veille")
    process = subprocess.Popen(
        [str(veille), "serve", "--db", str(db), "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    why = process.stderr.read().decode() if process.stderr else ""
    sys.exit(f"error: the server did not start: {why}")


class Connection:
    """One keep-alive HTTP/1.1 connection to the server: a minimal client, so that the load
    generator, which shares the machine's CPU with the server, takes as little of it as
    possible (httpx's AsyncClient: 1.5-1.7 ms of CPU a request; this: a few tenths)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """GET ``path``; read the whole body; return the status code."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            sock = self.writer.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        assert self.reader is not None
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").lower()
        status = int(head.split(" ", 2)[1])
        length = re.search(r"\r\ncontent-length: *(\d+)", head)
        if length:
            await self.reader.readexactly(int(length.group(1)))
        elif "transfer-encoding: chunked" in head:
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readuntil(b"\r\n")
        if "connection: close" in head:
            await self.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def load(base: str, urls: dict[str, list[str]], clients: int, seconds: float,
               seed: int = 5, reconnect: int = 0) -> tuple[dict[str, list[float]], int]:
    """Run the closed loop; return latencies (ms) per page kind and the error count.

    Each client keeps one connection for the whole run, or opens a new one every
    ``reconnect`` requests."""
    latencies: dict[str, list[float]] = {k: [] for k in KINDS}
    errors = 0
    where = urlsplit(base)
    end = time.monotonic() + seconds

    async def one_client(n: int) -> None:
        nonlocal errors
        rng = random.Random(seed + n)
        connection = Connection(where.hostname or "127.0.0.1", where.port or 80)
        i = n
        while time.monotonic() < end:
            kind = KINDS[i % len(KINDS)]
            i += 1
            url = rng.choice(urls[kind])
            start = time.perf_counter()
            try:
                ok = await asyncio.wait_for(connection.get(url), 30) == 200
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                await connection.close()
                ok = False
            if ok:
                latencies[kind].append((time.perf_counter() - start) * 1000)
            else:
                errors += 1
            if reconnect and (i - n) % reconnect == 0:
                await connection.close()
        await connection.close()

    await asyncio.gather(*(one_client(n) for n in range(clients)))
    return latencies, errors


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of the server process and its workers so far; None without
    psutil (installed with dask[distributed])."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        root = psutil.Process(pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return None


def wait_until_idle(pid: int, *, limit: float = 120.0) -> float:
    """Wait until the server's start-up work (the actor graph, built in the background by
    each worker) is done: its CPU use over one second falls under 5 %. Returns the wait."""
    start = time.monotonic()
    before = server_cpu_seconds(pid)
    while before is not None and time.monotonic() - start < limit:
        time.sleep(1.0)
        after = server_cpu_seconds(pid)
        if after is None or after - before < 0.05:
            break
        before = after
    return time.monotonic() - start


def summary(values: list[float]) -> dict[str, float]:
    if len(values) < 2:
        return {"requests": len(values)}
    cuts = statistics.quantiles(values, n=100)
    return {"requests": len(values), "p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "p99_ms": round(cuts[98], 1), "max_ms": round(max(values), 1)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path, help="The store (bench/web_store.py builds one).")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="veille serve --workers")
    parser.add_argument("--warm-up", type=float, default=3.0, help="Seconds of load first, "
                        "not counted (fills the page caches).")
    parser.add_argument("--reconnect", type=int, default=0, help="Each client opens a new "
                        "connection every N requests (default: one connection for the run). "
                        "With several workers, a connection stays with the worker that "
                        "accepted it.")
    parser.add_argument("--url", help="Measure a server already running at this URL (over "
                        "the same DB) instead of starting one.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        sys.exit(f"error: no store at {args.db}: build one with "
                 f"python bench/web_store.py {args.db}")
    urls = targets(args.db)
    if args.url:
        server, base = None, args.url.rstrip("/")
    else:
        port = free_port()
        server, base = start_server(args.db, port, args.workers), f"http://127.0.0.1:{port}"
    try:
        if server is not None:
            log_line(f"server start-up work done after {wait_until_idle(server.pid):.0f} s")
        if args.warm_up:
            asyncio.run(load(base, urls, args.clients, args.warm_up, seed=99))
        cpu_before = server_cpu_seconds(server.pid) if server else None
        client_before = time.process_time()
        started = time.monotonic()
        latencies, errors = asyncio.run(load(base, urls, args.clients, args.seconds,
                                             reconnect=args.reconnect))
        elapsed = time.monotonic() - started
        client_cpu = time.process_time() - client_before
        cpu_after = server_cpu_seconds(server.pid) if server else None
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    with Store(args.db, readonly=True, create=False) as store:
        articles = store.db.execute("SELECT count(*) FROM articles").fetchone()[0]
    everything = [v for values in latencies.values() for v in values]
    served = max(1, len(everything) + errors)
    server_cpu = (None if cpu_before is None or cpu_after is None
                  else round((cpu_after - cpu_before) * 1000 / served, 2))
    result = {
        "store_articles": articles, "clients": args.clients, "seconds": args.seconds,
        "reconnect": args.reconnect,
        "workers": args.workers, "errors": errors,
        "throughput_rps": round(len(everything) / elapsed, 1),
        # CPU spent per request, whatever else runs on the machine: the server's (all its
        # processes) and this load generator's.
        "server_cpu_ms_per_request": server_cpu,
        "client_cpu_ms_per_request": round(client_cpu * 1000 / served, 2),
        "pages": {k: summary(v) for k, v in latencies.items()},
        "all": summary(everything),
        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        "cpus": os.cpu_count(),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{articles} articles · {args.clients} clients · {args.seconds:.0f} s · "
          f"{args.workers} server worker(s) · {result['throughput_rps']} requests/s · "
          f"{errors} errors")
    print(f"{'page':<8} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, row in [*result["pages"].items(), ("all", result["all"])]:
        print(f"{name:<8} {row['requests']:>8} {row.get('p50_ms', 0):>8} "
              f"{row.get('p95_ms', 0):>8} {row.get('p99_ms', 0):>8} {row.get('max_ms', 0):>8}")
    if server_cpu is not None:
        print(f"CPU per request: server {server_cpu} ms, load generator "
              f"{result['client_cpu_ms_per_request']} ms")
    print(f"uptime: {result['uptime']}")


if __name__ == "__main__":
    main()
