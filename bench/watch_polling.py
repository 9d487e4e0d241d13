"""What polling 1,000 sources every 15 minutes costs: `veille watch --once` cycles over a
local test site (tests/watch/local_site.py), every request on this machine.

1,000 RSS feeds on 200 sites (200 ports of 127.0.0.1, 5 feeds each: sites are the unit of
politeness), default politeness (2 s between two requests to one site). Three cycles,
each one `veille watch --once` in a fresh process, as cron would run it:

1. first poll: robots.txt of every site, every feed (empty feeds: nothing to analyse);
2. nothing new: every feed answers 304 to its conditional request;
3. a typical cycle: one feed in ten has one new article (100 articles fetched, analysed,
   fingerprinted for provenance, stored, matched against an alert).

Reported for each cycle: wall time, CPU time of the veille process (user + system), its
peak memory, requests, and the store and archive sizes after it. Run:

    .venv/bin/python bench/watch_polling.py              # ~3 minutes
    .venv/bin/python bench/watch_polling.py --sources 100 --sites 20 --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "watch"))

from local_site import Site, _Handler, _Server, wire_story  # noqa: E402

VEILLE = str(Path(sys.executable).with_name("veille"))


class FeedSite(Site):
    """Feeds ``/feed/N.xml``; in phase 3, feed N lists ``/a/N.html`` when N % 10 == 0."""

    feeds = 0

    def routes(self) -> Any:
        return _Routes(super().routes(), self)

    def feed(self, n: int) -> bytes:
        items = ""
        if self.phase >= 3 and n % 10 == 0:
            items = (f"<item><title>Article {n}</title><link>{self.base}/a/{n}.html"
                     "</link></item>")
        return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Fil {n}</title><link>{self.base}/</link>{items}</channel></rss>"
                ).encode()

    def article(self, path: str) -> bytes | None:
        if path.startswith("/a/"):
            return wire_story(int(path[3:].split(".")[0]))
        return super().article(path)


class _Routes(dict):  # type: ignore[type-arg]
    """The site's routes, plus ``/feed/N.xml`` made on demand."""

    def __init__(self, routes: dict[str, Any], site: FeedSite) -> None:
        super().__init__(routes)
        self.site = site

    def get(self, path: str, default: Any = None) -> Any:
        if path.startswith("/feed/") and path.endswith(".xml"):
            body = self.site.feed(int(path[6:-4]))
            return lambda h: h.etagged(body, "application/rss+xml")
        return super().get(path, default)


def serve_sites(site: FeedSite, count: int) -> list[tuple[_Server, str]]:
    servers = []
    for _ in range(count):
        httpd = _Server(("127.0.0.1", 0), _Handler)
        httpd.site = site
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        servers.append((httpd, f"http://127.0.0.1:{httpd.server_address[1]}"))
    return servers


def cycle(db: Path, archive: Path) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.monotonic()
    done = subprocess.run([VEILLE, "watch", "--once", "--db", str(db), "--archive",
                           str(archive), "--allow-private", "--quiet"],
                          capture_output=True, text=True, timeout=3600)
    wall = time.monotonic() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    summary = done.stdout.strip().splitlines()[-1]
    if os.environ.get("BENCH_VERBOSE"):
        print(done.stdout, done.stderr, file=sys.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1),
            "peak_rss_mb": round(after.ru_maxrss / 1024),
            "summary": summary,
            "db_mb": round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
                           / 1e6, 1),
            "archive_mb": round(sum(p.stat().st_size for p in archive.glob("*")) / 1e6, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    from veille.store import Store
    from veille.watch import add_alert, add_source

    site = FeedSite()
    site.feeds = args.sources
    servers = serve_sites(site, args.sites)
    results: dict[str, Any] = {"sources": args.sources, "sites": args.sites,
                               "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        db, archive = Path(tmp) / "watch.db", Path(tmp) / "archive"
        with Store(db) as store:
            for n in range(args.sources):
                base = servers[n % args.sites][1]
                add_source(store, f"{base}/feed/{n}.xml", every=1, allow_private=True)
            add_alert(store, "loyers", "loyers")
        for phase, label in ((1, "first poll"), (2, "nothing new (304)"),
                             (3, "one feed in ten has a new article")):
            site.phase = phase
            time.sleep(2.1)  # every source due again, every site's delay elapsed
            results[label] = cycle(db, archive)
            if not args.json:
                print(f"{label}: {json.dumps(results[label], ensure_ascii=False)}",
                      flush=True)
    for httpd, _ in servers:
        httpd.shutdown()
    if args.json:
        print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
