"""One exception tree for veille. Messages say what went wrong and how to fix it.

::

    VeilleError
    ├── FetchError            the input could not be read
    │   ├── SourceNotFound    no such file or directory
    │   ├── HTTPError         unreachable URL, HTTP error status
    │   ├── TooLarge          over the size cap (--max-bytes)
    │   └── MalformedRecord   a JSON Lines line that is not a valid record
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


class TooLarge(FetchError):
    """Over the size cap (--max-bytes)."""


class MalformedRecord(FetchError):
    """A JSON Lines line that is not a valid record."""


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
