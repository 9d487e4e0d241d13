"""What a hostile page or feed must never make veille do, and politeness, without a network:
an httpx MockTransport answers, and name resolution is replaced where a test needs a
public name. No request leaves the process.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import socket
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from local_site import BILLION_LAUGHS, MALFORMED, _bomb

from veille.errors import HTTPError, MalformedFeed, RateLimited, Refused, TooLarge
from veille.watch.discover import normalise_url, read_listing
from veille.watch.durations import format_duration, parse_duration
from veille.watch.http import FetchOptions, PoliteClient
from veille.watch.safety import inflate, resolve

PUBLIC = "93.184.215.14"


@pytest.fixture()
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names resolved as the test says; anything else as the system does."""
    table: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def fake(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6,
                     "", (a, port)) for a in table[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return table


def client(handler: Callable[[httpx.Request], httpx.Response], *,
           clock: Callable[[], float] = time.time, **options: Any) -> PoliteClient:
    transport = httpx.MockTransport(handler)
    return PoliteClient(FetchOptions(delay=0, **options),
                        client=httpx.Client(transport=transport), clock=clock)


def site(routes: dict[str, Any]) -> Callable[[httpx.Request], httpx.Response]:
    """A handler serving ``routes`` (path → response kwargs), 404 elsewhere; it records
    the Host header of each request in ``routes["_seen"]``."""
    seen = routes.setdefault("_seen", [])

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append((request.headers["host"], request.url.path, dict(request.headers)))
        spec = dict(routes.get(request.url.path) or {"status_code": 404})
        # A stream, as a server sends it (a Response given bytes counts as already read).
        return httpx.Response(**spec, stream=httpx.ByteStream(spec.pop("content", b"")))
    return handle


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://localhost:8080/admin", "http://10.0.0.8/", "http://[::1]/",
    "http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]/",
    "http://192.168.1.1/", "http://0.0.0.0/", "http://100.64.0.1/"])
def test_private_addresses_are_refused(url: str) -> None:
    with pytest.raises(Refused, match="--allow-private"):
        resolve(url)
    assert resolve(url, allow_private=True).address


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.fr/x", "gopher://x/",
                                 "javascript:alert(1)", "http://user:pw@example.fr/"])
def test_only_plain_http_urls(url: str) -> None:
    with pytest.raises(Refused):
        resolve(url)


def test_a_name_with_any_private_address_is_refused(dns: dict[str, list[str]]) -> None:
    dns["rebind.example"] = [PUBLIC, "127.0.0.1"]
    with pytest.raises(Refused, match=r"127\.0\.0\.1"):
        resolve("http://rebind.example/")


def test_requests_go_to_the_checked_address(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    routes: dict[str, Any] = {"/a": {"status_code": 200, "content": b"ok"}}
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return site(routes)(request)

    response = client(handle).get("http://news.example/a")
    assert response.content == b"ok"
    assert seen[-1] == f"http://{PUBLIC}/a"  # pinned: no second look-up to rebind
    assert routes["_seen"][-1][0] == "news.example"  # the server still gets its name


def test_a_redirect_to_a_private_address_is_refused(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    routes = {"/a": {"status_code": 302, "headers": {"Location": "http://127.0.0.1:2375/"}}}
    with pytest.raises(Refused, match="private"):
        client(site(routes)).get("http://news.example/a")
    assert [path for _, path, _ in routes["_seen"]] == ["/robots.txt", "/a"]


def test_redirect_loops_and_chains_are_cut(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    loop = {"/a": {"status_code": 301, "headers": {"Location": "/b"}},
            "/b": {"status_code": 301, "headers": {"Location": "/a"}}}
    with pytest.raises(HTTPError, match="redirect loop"):
        client(site(loop)).get("http://news.example/a")
    chain = {f"/{i}": {"status_code": 302, "headers": {"Location": f"/{i + 1}"}}
             for i in range(20)}
    with pytest.raises(HTTPError, match="more than 5 redirects"):
        client(site(chain)).get("http://news.example/0")


def test_robots_txt_is_honoured_and_crawl_delay_spaces_requests(
        dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    now = [1000.0]
    routes = {"/robots.txt": {"status_code": 200,
                              "content": b"User-agent: *\nDisallow: /prive/\nCrawl-delay: 7\n"},
              "/a": {"status_code": 200, "content": b"a"}}
    polite = client(site(routes), clock=lambda: now[0])
    with pytest.raises(Refused, match=r"robots\.txt"):
        polite.get("http://news.example/prive/x")
    polite.get("http://news.example/a")
    assert polite.slot("http://news.example/b") == 1007.0  # Crawl-delay: 7 > --delay
    assert [p for _, p, _ in routes["_seen"]] == ["/robots.txt", "/a"]


def test_429_backs_the_site_off_for_retry_after(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    later = email.utils.format_datetime(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=120),
                                        usegmt=True)
    routes = {"/robots.txt": {"status_code": 404},
              "/a": {"status_code": 429, "headers": {"Retry-After": "30"}},
              "/b": {"status_code": 503, "headers": {"Retry-After": later}}}
    polite = client(site(routes))
    with pytest.raises(RateLimited) as first:
        polite.get("http://news.example/a")
    assert first.value.retry_after == 30
    assert polite.slot("http://news.example/x") >= time.time() + 29
    polite.host("http://news.example:80").backoff_until = 0
    with pytest.raises(RateLimited) as second:
        polite.get("http://news.example/b")
    assert 100 < second.value.retry_after <= 120


def test_a_conditional_request_sends_the_validators(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    routes = {"/robots.txt": {"status_code": 404},
              "/a": {"status_code": 304, "headers": {"ETag": '"v1"'}}}
    response = client(site(routes)).get("http://news.example/a", etag='"v1"',
                                        last_modified="Fri, 20 Nov 2026 07:00:00 GMT")
    assert response.not_modified
    headers = routes["_seen"][-1][2]
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Fri, 20 Nov 2026 07:00:00 GMT"
    assert headers["user-agent"].startswith("veille/")


def test_sizes_are_capped_before_and_after_decompression(dns: dict[str, list[str]]) -> None:
    dns["news.example"] = [PUBLIC]
    routes = {"/robots.txt": {"status_code": 404},
              "/big": {"status_code": 200, "content": b"x" * 5000},
              "/bomb": {"status_code": 200, "content": _bomb(50_000_000),
                        "headers": {"Content-Encoding": "gzip"}}}
    polite = client(site(routes), max_bytes=4000)
    with pytest.raises(TooLarge):
        polite.get("http://news.example/big")
    began = time.monotonic()
    with pytest.raises(TooLarge):
        polite.get("http://news.example/bomb")
    assert time.monotonic() - began < 5
    with pytest.raises(TooLarge, match="compression bomb"):
        inflate(_bomb(50_000_000), encoding="gzip", max_bytes=1_000_000)


def test_entity_expansion_is_refused_before_parsing() -> None:
    began = time.monotonic()
    with pytest.raises(MalformedFeed, match="entities"):
        read_listing(BILLION_LAUGHS, url="http://news.example/feed", max_bytes=10**6)
    sitemap = BILLION_LAUGHS.replace(b"<rss", b"<urlset").replace(b"</rss>", b"</urlset>")
    with pytest.raises(MalformedFeed, match="entities"):
        read_listing(sitemap, url="http://news.example/sitemap.xml", max_bytes=10**6)
    assert time.monotonic() - began < 2


def test_malformed_and_odd_listings_are_clear_failures() -> None:
    for data in (MALFORMED, b"", b"\x89PNG\r\n", b"/etc/passwd", b"{}",
                 b"<urlset><url><loc>http://x/a</loc></url>"):
        with pytest.raises(MalformedFeed):
            read_listing(data, url="http://news.example/x", max_bytes=10**6)


def test_feed_entries_are_normalised_and_unique() -> None:
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><link>https://News.example/a.html?utm_source=rss&amp;id=3#top</link>"
            b"<pubDate>Fri, 20 Nov 2026 07:00:00 GMT</pubDate></item>"
            b"<item><link>https://news.example/a.html?id=3</link></item>"
            b"<item><link>javascript:alert(1)</link></item>"
            b"<item><link>/relative.html</link></item></channel></rss>")
    listing = read_listing(feed, url="https://news.example/rss", max_bytes=10**6)
    assert [e.url for e in listing.entries] == ["https://news.example/a.html?id=3",
                                                "https://news.example/relative.html"]
    assert listing.entries[0].stamp == "2026-11-20T07:00:00+00:00"
    assert normalise_url("mailto:x@y.fr") is None


def test_durations() -> None:
    assert [parse_duration(t) for t in ("1s", "30m", "2h", "1d", "0.5s", "15M")] == [
        1, 1800, 7200, 86400, 0.5, 900]
    assert parse_duration("0s", allow_zero=True) == 0
    for bad in ("0s", "-1m", "5", "abc", "1w", ""):
        with pytest.raises(ValueError):
            parse_duration(bad)
    assert [format_duration(s) for s in (1, 900, 7200, 86400, 90, 0.5)] == [
        "1s", "15m", "2h", "1d", "90s", "0.5s"]
