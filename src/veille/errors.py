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
    pass


class HTTPError(FetchError):
    pass


class TooLarge(FetchError):
    pass


class MalformedRecord(FetchError):
    pass


class ExtractError(VeilleError):
    stage = "extract"


class EmptyDocument(ExtractError):
    pass


class BinaryContent(ExtractError):
    pass


class DecodeError(ExtractError):
    pass


class AnalyzeError(VeilleError):
    stage = "analyze"


class ModelNotInstalled(AnalyzeError):
    pass


class StoreError(VeilleError):
    stage = "store"


class NotFound(StoreError):
    pass
