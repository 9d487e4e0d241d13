"""One exception tree for veille. Messages say what went wrong and how to fix it.

::

    VeilleError
    ├── FetchError            the input could not be read
    │   ├── SourceNotFound    no such file or directory
    │   ├── HTTPError         unreachable URL, HTTP error status
    │   │   └── RateLimited   HTTP 429 or 503: the server asks to come back later
    │   ├── TooLarge          over the size cap (--max-bytes), also once decompressed
    │   ├── MalformedRecord   a JSON Lines line that is not a valid record
    │   ├── MalformedFeed     a feed or sitemap that cannot be read safely (watch)
    │   └── Refused           a URL veille will not fetch: not http(s), a private address,
    │                         disallowed by robots.txt (watch)
    ├── ExtractError          bytes that hold no article
    │   ├── EmptyDocument     nothing but whitespace, or no body text found
    │   ├── BinaryContent     an image, an archive, a PDF …
    │   └── DecodeError       bytes that no plausible text encoding can read
    ├── AnalyzeError          the NLP stage failed (model missing, text too long)
    │   └── ModelNotInstalled
    └── StoreError            the database cannot be opened or written
        └── NotFound          no article with that id
"""

from __future__ import annotations


class VeilleError(Exception):
    """Base class of every error veille raises on purpose."""

    stage = "veille"


class FetchError(VeilleError):
    stage = "fetch"


class SourceNotFound(FetchError):
    """No such file or directory."""


class HTTPError(FetchError):
    """An unreachable server, an invalid URL, an HTTP error status, a timeout."""


class RateLimited(HTTPError):
    """HTTP 429 or 503: the server asks to be left alone for ``retry_after`` seconds."""

    def __init__(self, message: str, *, retry_after: float):
        super().__init__(message)
        self.retry_after = retry_after


class TooLarge(FetchError):
    """Over the size cap (--max-bytes)."""


class MalformedRecord(FetchError):
    """A JSON Lines line that is not a valid record."""


class MalformedFeed(FetchError):
    """A feed or sitemap that is malformed, declares XML entities, or loops."""


class Refused(FetchError):
    """A URL veille will not fetch: not http(s), a loopback, private or link-local
    address (without --allow-private), or disallowed by the site's robots.txt."""


class ExtractError(VeilleError):
    stage = "extract"


class EmptyDocument(ExtractError):
    """Nothing but whitespace, or no body text found."""


class BinaryContent(ExtractError):
    """An image, an archive, a PDF, control bytes …"""


class DecodeError(ExtractError):
    """Bytes that no plausible text encoding can read."""


class AnalyzeError(VeilleError):
    stage = "analyze"


class ModelNotInstalled(AnalyzeError):
    """The spaCy model is not installed."""


class StoreError(VeilleError):
    stage = "store"


class NotFound(StoreError):
    """No article with that id."""
