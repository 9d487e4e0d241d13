"""Watch the press: sources polled politely, every response archived, edits tracked as
versions, alerts on saved searches.

::

    sources ──► PoliteClient (robots.txt, delays, conditional requests, safety)
        │            │
        │            └──► Archive (WARC per day)
        ▼
    read_listing (feeds, sitemaps, home pages) ──► pending pages
        ──► PoliteClient ──► pipeline.process_chunk ──► Store.write
        ──► versions (article_versions) ──► match_alerts

``Watcher.run_once`` is what ``veille watch --once`` runs. Reads for the CLI and the web
app live in ``veille.query.watch``.
"""

from veille.watch.alerts import Alert, add_alert, match_alerts, remove_alert
from veille.watch.archive import Archive, read_record
from veille.watch.durations import format_duration, parse_duration
from veille.watch.http import FetchOptions, PoliteClient
from veille.watch.run import PollReport, RunReport, Watcher, WatchOptions, watch_lock
from veille.watch.sources import Source, add_source, get_source, remove_source

__all__ = [
    "Alert",
    "Archive",
    "FetchOptions",
    "PoliteClient",
    "PollReport",
    "RunReport",
    "Source",
    "WatchOptions",
    "Watcher",
    "add_alert",
    "add_source",
    "format_duration",
    "get_source",
    "match_alerts",
    "parse_duration",
    "read_record",
    "remove_alert",
    "remove_source",
    "watch_lock",
]
