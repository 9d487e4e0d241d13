"""http(s) URLs → Page, through httpx: timeout, size cap, redirects, a clear user agent.

The client is injectable (tests pass one bound to a local server or a MockTransport), so
no test ever reaches the internet.
"""

from __future__ import annotations

import time

import httpx

from veille._version import __version__
from veille.errors import HTTPError, TooLarge
from veille.records import Page

USER_AGENT = f"veille/{__version__} (news analysis; +https://pypi.org/project/veille/)"
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
# A whole page in 2 minutes: the timeout above is per read, so a server sending a byte
# every few seconds would otherwise never be cut off.
DOWNLOAD_SECONDS = 120.0


def make_client(*, timeout: float = DEFAULT_TIMEOUT) -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=timeout,
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"},
    )


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, *, client: httpx.Client | None = None, max_bytes: int) -> Page:
    """Download one page; raise ``HTTPError`` or ``TooLarge`` with a message for people."""
    own = client is None
    client = client or make_client()
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise HTTPError(f"HTTP {response.status_code} {response.reason_phrase}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > max_bytes:
                raise TooLarge(f"the server announces {declared / 1e6:.1f} MB, over the "
                               f"{max_bytes / 1e6:g} MB limit (--max-bytes)")
            chunks, size = [], 0
            deadline = time.monotonic() + DOWNLOAD_SECONDS
            for chunk in response.iter_bytes():
                if time.monotonic() > deadline:  # a server trickling one byte at a time
                    raise HTTPError(f"the download took over {DOWNLOAD_SECONDS:g} s")
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"over the {max_bytes / 1e6:g} MB limit (--max-bytes)")
                chunks.append(chunk)
            return Page(source=url, content=b"".join(chunks), url=str(response.url),
                        headers={k.lower(): v for k, v in response.headers.items()})
    except httpx.TooManyRedirects:
        raise HTTPError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise HTTPError(f"no answer within {client.timeout.read or DEFAULT_TIMEOUT:g} s "
                        "(timeout)") from None
    except httpx.InvalidURL as exc:
        raise HTTPError(f"not a valid URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise HTTPError(f"cannot reach the server ({type(exc).__name__}: {exc})") from None
    finally:
        if own:
            client.close()
