"""URLs → Page, against a real HTTP server on 127.0.0.1 (no other host is ever contacted)."""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from veille.errors import HTTPError, TooLarge
from veille.fetch import fetch, iter_sources, make_client
from veille.records import Failure, Page

PAGE = (
    "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Grève</title>"
    "</head><body><p>Les dockers de Marseille ont reconduit la grève mardi.</p></body></html>"
).encode()


@dataclass
class Server:
    base: str
    seen: list[dict[str, str]] = field(default_factory=list)
    """The headers of every request the server received, in order."""
    release: threading.Event = field(default_factory=threading.Event)
    """Set at teardown, so that a handler stalling on purpose returns at once."""

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean

    def do_GET(self) -> None:
        self.server.state.seen.append({k.lower(): v for k, v in self.headers.items()})
        route = getattr(self, "_" + self.path.strip("/").replace("-", "_"), None)
        if route is None:
            self._send(404, b"not here", "text/plain")
        else:
            route()

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8",
              **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _page(self) -> None:
        self._send(200, PAGE)

    def _redirect(self) -> None:
        self._send(302, b"", Location="/page")

    def _loop(self) -> None:
        self._send(302, b"", Location="/loop")

    def _big(self) -> None:
        self._send(200, b"x" * 5_000)

    def _chunked(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for _ in range(5):
            self.wfile.write(b"3e8\r\n" + b"y" * 1_000 + b"\r\n")
        self.wfile.write(b"0\r\n\r\n")

    def _gzip_bomb(self) -> None:
        body = gzip.compress(b"\0" * 2_000_000)
        self._send(200, body, Content_Encoding="gzip")

    def _bad_length(self) -> None:
        self._send(200, PAGE, length="lots")

    def _slow(self) -> None:
        self.server.state.release.wait(5)
        self._send(200, PAGE)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: Server

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (timeout tests) is not an error here


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    host, port = httpd.server_address[:2]
    httpd.state = Server(base=f"http://{host}:{port}")
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield httpd.state
    finally:
        httpd.state.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with make_client(timeout=5) as c:
        yield c


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_page_is_fetched_with_its_headers(server: Server, client: httpx.Client) -> None:
    page = fetch(server.url("/page"), client=client, max_bytes=100_000)
    assert page.content == PAGE
    assert page.source == page.url == server.url("/page")
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.record is None


def test_fetch_without_a_client_makes_and_closes_its_own(server: Server) -> None:
    page = fetch(server.url("/page"), max_bytes=100_000)
    assert page.content == PAGE


def test_redirect_is_followed_to_the_final_url(server: Server, client: httpx.Client) -> None:
    page = fetch(server.url("/redirect"), client=client, max_bytes=100_000)
    assert page.content == PAGE
    assert page.url == server.url("/page")
    assert page.source == server.url("/redirect")


def test_redirect_loop_is_refused(server: Server, client: httpx.Client) -> None:
    with pytest.raises(HTTPError, match="redirects"):
        fetch(server.url("/loop"), client=client, max_bytes=100_000)


def test_404_is_an_http_error_naming_the_status(server: Server, client: httpx.Client) -> None:
    with pytest.raises(HTTPError, match="404") as info:
        fetch(server.url("/missing"), client=client, max_bytes=100_000)
    assert info.value.stage == "fetch"


def test_unreachable_url_is_an_http_error(closed_port: int, client: httpx.Client) -> None:
    with pytest.raises(HTTPError, match="cannot reach"):
        fetch(f"http://127.0.0.1:{closed_port}/x", client=client, max_bytes=100_000)


def test_announced_length_over_the_cap_is_refused(server: Server, client: httpx.Client) -> None:
    with pytest.raises(TooLarge, match="announces"):
        fetch(server.url("/big"), client=client, max_bytes=1_000)


def test_chunked_body_over_the_cap_is_refused(server: Server, client: httpx.Client) -> None:
    with pytest.raises(TooLarge, match="--max-bytes"):
        fetch(server.url("/chunked"), client=client, max_bytes=2_500)


def test_chunked_body_under_the_cap_is_read_whole(server: Server, client: httpx.Client) -> None:
    page = fetch(server.url("/chunked"), client=client, max_bytes=5_000)
    assert page.content == b"y" * 5_000


def test_gzip_encoded_body_is_capped_once_decoded(server: Server, client: httpx.Client) -> None:
    # 2 kB on the wire, 2 MB once decoded: the cap applies to what veille would keep.
    with pytest.raises(TooLarge):
        fetch(server.url("/gzip-bomb"), client=client, max_bytes=1_000_000)


def test_invalid_content_length_is_an_http_error(server: Server, client: httpx.Client) -> None:
    with pytest.raises(HTTPError):
        fetch(server.url("/bad-length"), client=client, max_bytes=100_000)


def test_user_agent_names_veille(server: Server, client: httpx.Client) -> None:
    before = len(server.seen)
    fetch(server.url("/page"), client=client, max_bytes=100_000)
    (headers,) = server.seen[before:]
    assert headers["user-agent"].startswith("veille/")


def test_default_client_sends_the_same_user_agent(server: Server) -> None:
    before = len(server.seen)
    list(iter_sources([server.url("/page")]))
    (headers,) = server.seen[before:]
    assert headers["user-agent"].startswith("veille/")


def test_slow_server_times_out(server: Server) -> None:
    with make_client(timeout=0.2) as fast, pytest.raises(HTTPError, match="timeout"):
        fetch(server.url("/slow"), client=fast, max_bytes=100_000)


def test_iter_sources_keeps_one_result_per_url_in_order(
    server: Server, client: httpx.Client, closed_port: int
) -> None:
    urls = [server.url("/page"), server.url("/missing"), f"http://127.0.0.1:{closed_port}/x",
            server.url("/big"), server.url("/redirect")]
    results = list(iter_sources(urls, client=client, max_bytes=1_000))
    assert [r.source for r in results] == urls
    ok, missing, unreachable, big, redirected = results
    assert isinstance(ok, Page) and ok.content == PAGE
    assert isinstance(redirected, Page) and redirected.url == server.url("/page")
    for failure, kind in ((missing, "HTTPError"), (unreachable, "HTTPError"), (big, "TooLarge")):
        assert isinstance(failure, Failure)
        assert (failure.stage, failure.error_type, failure.level) == ("fetch", kind, "error")
    assert isinstance(missing, Failure) and "404" in missing.message


def test_iter_sources_leaves_a_given_client_open(server: Server, client: httpx.Client) -> None:
    list(iter_sources([server.url("/page")], client=client))
    assert not client.is_closed
