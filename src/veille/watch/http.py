"""Polite, robust fetching for ``veille watch``.

One request at a time per origin, at least ``delay`` seconds apart (robots.txt's
``Crawl-delay`` when longer); robots.txt honoured (protego); conditional requests (ETag,
Last-Modified); 429 and 503 back the whole origin off for ``Retry-After``; timeouts, a size
cap on the bytes received and on the bytes they decompress to, at most ``max_redirects``
redirects, each one checked again (scheme, address, robots.txt). Every response received
is archived. A user agent that names veille and a contact URL the user can set.

``PoliteClient.get`` does one fetch; ``PoliteClient.slot`` tells a scheduler when an
origin may be asked next, so that it can serve another origin meanwhile.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from veille._version import __version__
from veille.errors import HTTPError, RateLimited, Refused, TooLarge
from veille.fetch import DEFAULT_MAX_BYTES
from veille.fetch.http import DOWNLOAD_SECONDS
from veille.watch.archive import Archive
from veille.watch.safety import Target, check_url, inflate, resolve

__all__ = ["DEFAULT_CONTACT", "FetchOptions", "HostInfo", "PoliteClient", "Response",
           "origin_of", "user_agent"]

DEFAULT_CONTACT = "https://pypi.org/project/veille/"
ROBOTS_TOKEN = "veille"
# Google reads the first 500 KiB of a robots.txt and ignores the rest (RFC 9309 asks
# crawlers to read at least 500 KiB): the same cap here.
ROBOTS_MAX_BYTES = 500 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def user_agent(contact: str | None = None) -> str:
    return f"veille/{__version__} (press monitoring; +{contact or DEFAULT_CONTACT})"


def origin_of(url: str) -> str:
    """``scheme://host:port`` of ``url`` (no DNS look-up); ``Refused`` for a bad URL."""
    scheme, host, port = check_url(url)
    return f"{scheme}://{host}:{port}"


@dataclass(frozen=True, slots=True, kw_only=True)
class FetchOptions:
    delay: float = 2.0
    """Least seconds between two requests to one origin (robots.txt may ask for more)."""
    contact: str | None = None
    timeout: float = 20.0
    max_bytes: int = DEFAULT_MAX_BYTES
    max_redirects: int = 5
    allow_private: bool = False
    max_backoff: float = 86400.0
    """A ``Retry-After`` or ``Crawl-delay`` longer than this is cut to it."""
    default_backoff: float = 300.0
    """How long an origin that answers 429 or 503 without ``Retry-After`` is left alone."""
    robots_ttl: float = 86400.0
    """A robots.txt is fetched again after this many seconds."""


@dataclass(slots=True, kw_only=True)
class HostInfo:
    """What veille knows of one origin; kept in the store between runs."""

    origin: str
    robots: str | None = None
    """The robots.txt text; ``""`` when there is none (everything allowed)."""
    robots_fetched_at: float = 0.0
    next_request_at: float = 0.0
    backoff_until: float = 0.0
    parsed: Any = field(default=None, repr=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    """A final response (after redirects): status, headers, the decoded body."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    fetched_at: dt.datetime
    archived: tuple[str, int] | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class _Raw:
    status: int
    reason: str
    headers: dict[str, str]
    content: bytes
    truncated: bool


class PoliteClient:
    """Fetches one URL at a time, politely. ``hosts`` is what earlier runs learnt."""

    def __init__(self, options: FetchOptions, *, archive: Archive | None = None,
                 hosts: Mapping[str, HostInfo] | None = None,
                 client: httpx.Client | None = None, stop: threading.Event | None = None,
                 clock: Callable[[], float] = time.time):
        self.options = options
        self.archive = archive
        self.hosts: dict[str, HostInfo] = dict(hosts or {})
        self.changed: set[str] = set()
        self.stop = stop or threading.Event()
        self.clock = clock
        self._client = client or httpx.Client(timeout=options.timeout, follow_redirects=False)
        self._own_client = client is None
        self.requests = 0

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    # -- scheduling ---------------------------------------------------------------------------
    def host(self, origin: str) -> HostInfo:
        return self.hosts.setdefault(origin, HostInfo(origin=origin))

    def slot(self, url: str) -> float:
        """When (``clock`` time) the origin of ``url`` may be asked next."""
        info = self.host(origin_of(url))
        return max(info.next_request_at, info.backoff_until)

    def _wait_for(self, info: HostInfo) -> None:
        while (pause := max(info.next_request_at, info.backoff_until) - self.clock()) > 0:
            if self.stop.wait(min(pause, 1.0)):
                return

    def _spaced(self, info: HostInfo) -> None:
        """The next request to this origin waits the delay (or robots.txt's Crawl-delay)."""
        delay = self.options.delay
        if info.parsed is not None and (crawl := info.parsed.crawl_delay(ROBOTS_TOKEN)):
            delay = max(delay, min(float(crawl), self.options.max_backoff))
        info.next_request_at = self.clock() + delay
        self.changed.add(info.origin)

    # -- fetching -------------------------------------------------------------------------------
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            allow_private: bool = False, accept: str = "*/*") -> Response:
        """Fetch ``url``, following redirects; ``Refused``, ``RateLimited``, ``HTTPError``
        or ``TooLarge`` when it cannot be had. A 304 comes back as a response."""
        private = allow_private or self.options.allow_private
        seen: list[str] = []
        current, validators = url, (etag, last_modified)
        while True:
            target = resolve(current, allow_private=private)
            info = self.host(target.origin)
            self._check_robots(target, info, private=private)
            if not seen or origin_of(seen[-1]) != target.origin:
                self._wait_for(info)
            raw, fetched_at, archived = self._request(target, info, accept=accept,
                                                      validators=validators)
            validators = (None, None)  # a redirect's target is asked afresh
            seen.append(current)
            if raw.status in _REDIRECTS and raw.headers.get("location"):
                current = self._next_hop(current, raw.headers["location"], seen)
                continue
            return self._final(current, raw, fetched_at, archived, info)

    def _next_hop(self, current: str, location: str, seen: list[str]) -> str:
        following = urljoin(current, location.strip())
        if following in seen:
            raise HTTPError(f"redirect loop ({' → '.join([*seen, following])})")
        if len(seen) > self.options.max_redirects:
            raise HTTPError(f"more than {self.options.max_redirects} redirects")
        return following

    def _final(self, url: str, raw: _Raw, fetched_at: dt.datetime,
               archived: tuple[str, int] | None, info: HostInfo) -> Response:
        if raw.status in (429, 503):
            wait = self._retry_after(raw.headers.get("retry-after"))
            info.backoff_until = self.clock() + wait
            self.changed.add(info.origin)
            raise RateLimited(f"HTTP {raw.status} {raw.reason}: the server asks to wait "
                              f"{wait:g} s; retried after that", retry_after=wait)
        if raw.status >= 400 or (raw.status >= 300 and raw.status != 304):
            raise HTTPError(f"HTTP {raw.status} {raw.reason}".rstrip())
        if raw.truncated:
            raise TooLarge(f"over the {self.options.max_bytes / 1e6:g} MB limit (--max-bytes)")
        return Response(url=url, status=raw.status, headers=raw.headers, content=raw.content,
                        fetched_at=fetched_at, archived=archived)

    def _retry_after(self, value: str | None) -> float:
        wait = self.options.default_backoff
        if value:
            value = value.strip()
            if value.isdigit():
                wait = float(value)
            elif (when := _http_date(value)) is not None:
                wait = max(0.0, when - time.time())
        return min(max(wait, 0.0), self.options.max_backoff)

    def _request(self, target: Target, info: HostInfo, *, accept: str,
                 validators: tuple[str | None, str | None]
                 ) -> tuple[_Raw, dt.datetime, tuple[str, int] | None]:
        etag, last_modified = validators
        headers = {"Host": target.host_header, "User-Agent": user_agent(self.options.contact),
                   "Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        fetched_at = dt.datetime.now(dt.UTC)
        self.requests += 1
        try:
            raw = self._download(target, headers, extensions, self.options.max_bytes)
        finally:
            self._spaced(info)
        archived = None
        if self.archive is not None:
            archived = self.archive.write(
                url=target.url, status=raw.status, reason=raw.reason, headers=raw.headers,
                content=raw.content, fetched_at=fetched_at, address=target.address,
                truncated=raw.truncated)
        return raw, fetched_at, archived

    def _download(self, target: Target, headers: dict[str, str], extensions: dict[str, Any],
                  max_bytes: int) -> _Raw:
        try:
            with self._client.stream("GET", target.pinned_url, headers=headers,
                                     extensions=extensions) as response:
                head = {k.lower(): v for k, v in response.headers.items()}
                body, truncated = _read_capped(response, max_bytes)
                if not truncated and response.status_code < 300:
                    try:
                        body = inflate(body, encoding=head.get("content-encoding", ""),
                                       max_bytes=max_bytes)
                    except TooLarge:
                        body, truncated = b"", True
                elif head.get("content-encoding"):
                    body = b""  # a compressed fragment is of no use to anyone
                return _Raw(response.status_code, response.reason_phrase, head, body,
                            truncated)
        except httpx.TimeoutException:
            raise HTTPError(f"no answer within {self.options.timeout:g} s (timeout)") from None
        except httpx.HTTPError as exc:
            raise HTTPError(f"cannot reach {target.host} ({type(exc).__name__}: {exc})"
                            ) from None

    # -- robots.txt -----------------------------------------------------------------------------
    def _check_robots(self, target: Target, info: HostInfo, *, private: bool) -> None:
        if urlsplit(target.url).path == "/robots.txt":
            return
        if info.robots is None or self.clock() - info.robots_fetched_at > self.options.robots_ttl:
            self._fetch_robots(target, info, private=private)
        if info.parsed is None:
            from protego import Protego

            info.parsed = Protego.parse(info.robots or "")
        if not info.parsed.can_fetch(target.url, ROBOTS_TOKEN):
            raise Refused("disallowed by the site's robots.txt")

    def _fetch_robots(self, target: Target, info: HostInfo, *, private: bool) -> None:
        robots_url = f"{target.scheme}://{target.host_header}/robots.txt"
        self._wait_for(info)
        try:
            response = self.get(robots_url, allow_private=private, accept="text/plain")
            text = response.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
        except RateLimited:
            raise
        except HTTPError as exc:
            if not str(exc).startswith("HTTP 4"):
                # RFC 9309: robots.txt unreachable (5xx, network) means "disallow all" for now.
                raise Refused(f"robots.txt could not be read ({exc}); retried later") from None
            text = ""  # 4xx: no robots.txt, everything is allowed
        except Refused:
            raise
        except TooLarge:
            text = ""
        info.robots, info.robots_fetched_at, info.parsed = text, self.clock(), None
        # The first request may follow robots.txt at once, as crawlers commonly do: a
        # robots.txt is a small static file, and the delay then applies from that request.
        info.next_request_at = min(info.next_request_at, self.clock())
        self.changed.add(info.origin)


def _read_capped(response: httpx.Response, max_bytes: int) -> tuple[bytes, bool]:
    """The raw (still encoded) body, at most ``max_bytes`` of it, within the download time."""
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + DOWNLOAD_SECONDS
    for chunk in response.iter_raw():
        if time.monotonic() > deadline:
            raise HTTPError(f"the download took over {DOWNLOAD_SECONDS:g} s")
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks), True
        chunks.append(chunk)
    return b"".join(chunks), False


def _http_date(value: str) -> float | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()
